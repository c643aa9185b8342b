"""Shared fixtures: where the shared corpus is (tests skip cleanly without it)."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
SEEDS = ROOT / "seeds"


def corpus_path(*parts: str) -> Path:
    path = CORPUS.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"shared corpus not available at {path}")
    return path


@pytest.fixture(scope="session")
def articles_dir() -> Path:
    return corpus_path("articles")


@pytest.fixture(scope="session")
def parsertests_dir() -> Path:
    return corpus_path("parsertests")
