"""Where the shared corpus and the seeds are; tests skip cleanly without the corpus.

A plain module (not conftest.py) so that test files import it by name: tests/mediawiki has
a conftest.py of its own, and two modules named ``conftest`` cannot both be imported.
"""

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
