"""The ``mediawiki`` fixture: a real, throwaway MediaWiki for the whole session.

Started on first use (about two seconds), stopped and deleted at the end of the
session. Without Debian's ``mediawiki`` and PHP packages the tests that use it
skip, saying how to install them (``.ci/run`` installs them in CI).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from mwserver import LocalWiki, missing_requirements  # noqa: E402


@pytest.fixture(scope="session")
def mediawiki() -> Iterator[LocalWiki]:
    problem = missing_requirements()
    if problem:
        pytest.skip(problem)
    pytest.importorskip("requests", reason="pip install -e '.[test]' (requests comes with mwapi)")
    wiki = LocalWiki.start()
    try:
        yield wiki
    finally:
        wiki.stop()
