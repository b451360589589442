"""Shared fixtures: real media bundled in assets/ and tests/data/, seeds, a session-wide dub run."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
CLIPS = ROOT / "assets" / "clips"
JFK = CLIPS / "jfk_speech.mp4"
GRID = CLIPS / "grid_talking_head.mp4"
BAD = DATA / "bad"
JFK_TEXT = "And so, my fellow Americans, ask not what your country can do for you, ask what you can do for your country."


@pytest.fixture(autouse=True)
def _seed() -> None:
    random.seed(0)
    np.random.seed(0)


def _dub_once(tmp_path_factory, clip: Path, name: str):
    from dubgen.config import load_recipe
    from dubgen.runner import dub

    out = tmp_path_factory.mktemp(name)
    src = tmp_path_factory.mktemp(f"{name}_in")
    shutil.copy(clip, src / clip.name)
    recipes = [load_recipe(ROOT / "recipes" / "es.yaml"), load_recipe(ROOT / "recipes" / "ca.yaml")]
    return out, dub([src / clip.name], out, recipes)


@pytest.fixture(scope="session")
def dubbed_grid(tmp_path_factory):
    """The 6 s talking-head clip dubbed into Spanish and Catalan once for the whole session."""
    return _dub_once(tmp_path_factory, GRID, "dub_grid")


@pytest.fixture(scope="session")
def dubbed_jfk(tmp_path_factory):
    """The 11 s JFK clip (a natural sentence) dubbed into Spanish and Catalan once per session."""
    return _dub_once(tmp_path_factory, JFK, "dub_jfk")
