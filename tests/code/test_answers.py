"""Kept answers (macros.core.answers): nothing kept while an object is being built, one computation per arguments once
it is complete, lists and mappings copied out; a catalogue's view as of an edition keeps answers of its own."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from macros.core.answers import kept
from tests.support import FixtureProject


@dataclass
class Counted:
    answers: dict[tuple[Any, ...], Any] | None = None
    calls: list[tuple[str, ...]] = field(default_factory=list)

    @kept
    def names(self, *ids: str) -> list[str]:
        self.calls.append(ids)
        return [i.upper() for i in ids]


def test_answers_are_kept_only_once_the_object_is_complete_and_copied_out() -> None:
    obj = Counted()
    obj.names("a")
    obj.names("a")
    assert obj.calls == [("a",), ("a",)]  # while being built: asked again each time
    obj.answers = {}
    first = obj.names("a")
    first.append("changed by the caller")
    assert obj.names("a") == ["A"] and obj.names("b") == ["B"]
    assert obj.calls == [("a",), ("a",), ("a",), ("b",)]


def test_a_view_as_of_an_edition_does_not_take_the_catalogues_answers(complet: FixtureProject) -> None:
    cat = complet.load().catalog
    published = cat.published_editions()
    assert cat.answers is not None and len(published) >= 2
    latest = cat.current_edition()
    view = cat.at_edition(published[0].id)
    assert latest is not None and latest.id == published[-1].id
    current, then = view.current_edition(), cat.current_edition()
    assert current is not None and current.id == published[0].id and then is latest
    assert view.answers is not cat.answers
