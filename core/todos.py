"""The to-do panel: what is waiting for this user, gathered from every app.

Each app registers providers at start-up (from a module its ``AppConfig.ready`` imports)::

    @todo_provider("exchanges.review", order=20)
    def exchanges_to_review(user) -> list[Todo]:
        count = visible(user, Exchange).filter(status=...).count()   # one query
        return [Todo("待审核的交流申请", count, reverse(...))] if count else []

A provider runs a fixed number of queries whatever the data size, returns only items the user
can act on, and leaves out items whose count is zero. ``todos_for(user)`` gathers them for the
home page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Todo:
    label: str
    count: int
    url: str
    # "warning" for overdue or refused items, "" otherwise.
    tone: str = ""


Provider = Callable[[Any], list[Todo]]

_providers: dict[str, tuple[int, Provider]] = {}


def todo_provider(key: str, *, order: int = 50) -> Callable[[Provider], Provider]:
    def register(provide: Provider) -> Provider:
        current = _providers.get(key)
        if current is not None and current[1] is not provide:
            raise ValueError(f"to-do provider {key!r} is already registered: {current[1]!r}")
        _providers[key] = (order, provide)
        return provide

    return register


def todos_for(user) -> list[Todo]:
    if not getattr(user, "is_authenticated", False):
        return []
    ordered = sorted(_providers.items(), key=lambda item: (item[1][0], item[0]))
    items: list[Todo] = []
    for _key, (_order, provide) in ordered:
        items.extend(todo for todo in provide(user) if todo.count)
    return items
