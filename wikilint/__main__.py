from wikilint.cli.app import main

raise SystemExit(main())
