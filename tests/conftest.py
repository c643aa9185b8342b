"""Shared fixtures: where the shared corpus is (tests skip cleanly without it)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from corpus_paths import CORPUS, ROOT, SEEDS, corpus_path

__all__ = ["CORPUS", "ROOT", "SEEDS", "corpus_path"]

# The result cache is off in tests (a test that patches a rule must see it run);
# tests/test_cache.py turns it on where it is the subject.
os.environ.setdefault("WIKILINT_NO_CACHE", "1")


@pytest.fixture(scope="session")
def articles_dir() -> Path:
    return corpus_path("articles")


@pytest.fixture(scope="session")
def parsertests_dir() -> Path:
    return corpus_path("parsertests")
