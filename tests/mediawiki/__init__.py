"""Tests against a real MediaWiki (a package, so that its conftest is not the top-level one)."""
