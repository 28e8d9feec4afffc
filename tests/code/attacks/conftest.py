"""Fixtures of the attack suite shared by its modules: the hostile site, built once per session."""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.code.attacks.hostile import hostile_project
from tests.code.attacks.support import problems
from tests.support import FixtureProject, built_once


@pytest.fixture(scope="session")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> FixtureProject:
    """The hostile project, valid (the seven non-http reference urls are warned about), built once per run, strictly."""
    def prepare(root: Path) -> FixtureProject:
        project = hostile_project(root)
        found = problems(project)
        assert len([p for p in found if p.endswith("references[0].url : adresse ignorée : seules les adresses http(s) sont publiées")]) == 7
        assert project.load().errors == [], "\n".join(found)
        return project

    return built_once(tmp_path_factory, "injection", prepare)
