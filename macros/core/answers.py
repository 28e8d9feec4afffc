"""Queries whose answers a complete, unchanging object keeps: a build asks the same question thousands of times."""
from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, Concatenate, ParamSpec, Protocol, TypeVar, cast

P = ParamSpec("P")
T = TypeVar("T")


class KeepsAnswers(Protocol):
    """An object whose `answers` is None while it is being built (nothing kept), then a dict once it is complete."""

    answers: dict[tuple[Any, ...], Any] | None


S = TypeVar("S", bound=KeepsAnswers)


def _named(argument: Any) -> Any:
    if isinstance(argument, list):
        return tuple(argument)
    return getattr(argument, "answer_key", argument)


def kept(query: Callable[Concatenate[S, P], T]) -> Callable[Concatenate[S, P], T]:
    """The query's answer, kept per arguments once the object is complete; a list or a mapping is copied out (callers
    may change it). An argument is named by its `answer_key` when it has one (an unhashable model), a list by its
    items, anything else by itself."""
    @functools.wraps(query)
    def answer(obj: S, /, *args: P.args, **kwargs: P.kwargs) -> T:
        if obj.answers is None or kwargs:
            return query(obj, *args, **kwargs)
        key = (query.__module__, query.__qualname__, *(_named(a) for a in args))
        if key not in obj.answers:
            obj.answers[key] = query(obj, *args, **kwargs)
        found: Any = obj.answers[key]
        return cast(T, list(found) if isinstance(found, list) else dict(found) if isinstance(found, dict) else found)
    return answer
