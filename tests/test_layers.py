"""The package's layers: each imports only from the layers before it.

records -> syntax -> analysis -> lint -> rules -> config -> output -> io -> runner -> api ->
cli/server (``wikilint.records``, the plain record classes, and ``wikilint.regex_cache``
are modules below them all).
A rule module never imports another rule module (rules share through
``analysis``).  Lazy imports inside functions count too.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "wikilint"
ORDER = ["records", "regex_cache", "syntax", "analysis", "lint", "rules", "config", "output",
         "io", "runner", "api", "cli"]
RANK = {name: i for i, name in enumerate(ORDER)}
RANK["testing"] = RANK["api"]  # the rule-test loader, for plugin authors
RANK["server"] = RANK["cli"]   # the language server, a front end beside the CLI


def layer(module: str) -> str | None:
    """``wikilint.syntax.nodes`` -> ``syntax``; None for the package root."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "wikilint" else None


def imports(path: Path) -> list[tuple[int, str]]:
    module = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            assert node.level == 0, f"{module}:{node.lineno}: relative import"
            found.append((node.lineno, node.module or ""))
            if node.module and node.module.count(".") == 1:  # from wikilint.rules import x
                found += [(node.lineno, f"{node.module}.{a.name}") for a in node.names]
        elif isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names]
    return [(line, name) for line, name in found if name.split(".")[0] == "wikilint"]


def violations() -> list[str]:
    bad = []
    for path in sorted(PACKAGE.rglob("*.py")):
        own = layer(".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts))
        if own is None or own in ("__init__", "__main__"):
            continue
        for line, target in imports(path):
            other = layer(target)
            where = f"{path.relative_to(PACKAGE.parent)}:{line}"
            if other is None:
                continue  # `from wikilint import __version__`
            if RANK[other] > RANK[own]:
                bad.append(f"{where}: {own} imports {target} (layer {other} is above it)")
            if own == "rules" and other == "rules" and path.stem != "registry" and \
                    target.split(".")[2:3] not in ([], [path.stem]):
                bad.append(f"{where}: a rule imports another rule ({target})")
            # ``wikilint server`` enters the server through its package, nothing more
            entry = own == "cli" and target in ("wikilint.server", "wikilint.server.serve")
            if own in ("cli", "server") and other in ("cli", "server") and own != other \
                    and not entry:
                bad.append(f"{where}: {own} imports {target}")
    return bad


def test_no_import_crosses_layers_upward() -> None:
    assert violations() == []


def test_every_module_is_in_a_layer() -> None:
    stray = [p.name for p in PACKAGE.glob("*.py")
             if p.stem not in ("__init__", "__main__", "api", "testing", "records",
                                       "regex_cache")]
    folders = {p.name for p in PACKAGE.iterdir() if p.is_dir() and p.name != "__pycache__"}
    assert stray == [] and folders <= set(RANK) | {"rulepacks"}, (stray, folders)
