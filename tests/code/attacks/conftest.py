"""Fixtures of the attack suite shared by its modules: the hostile site, built once per session."""
from __future__ import annotations

import pytest

from tests.code.attacks.hostile import hostile_project
from tests.code.attacks.support import problems
from tests.support import FixtureProject


@pytest.fixture(scope="session")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> FixtureProject:
    """The hostile project, valid (the seven non-http reference urls are warned about), built once, strictly."""
    project = hostile_project(tmp_path_factory.mktemp("injection") / "p")
    found = problems(project)
    assert len([p for p in found if p.endswith("references[0].url : adresse ignorée : seules les adresses http(s) sont publiées")]) == 7
    assert project.load().errors == [], "\n".join(found)
    project.build()
    return project
