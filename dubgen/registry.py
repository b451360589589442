"""A small named registry of backend classes, one per stage."""

from __future__ import annotations

from typing import Any, Callable, Generic, TypeVar

from .errors import RecipeError

T = TypeVar("T")


class Registry(Generic[T]):
    """Maps backend names to factories; errors list the valid choices."""

    def __init__(self, stage: str) -> None:
        self.stage = stage
        self._items: dict[str, Callable[..., T]] = {}

    def register(self, name: str) -> Callable[[Callable[..., T]], Callable[..., T]]:
        def deco(factory: Callable[..., T]) -> Callable[..., T]:
            if name in self._items:
                raise ValueError(f"{self.stage} backend {name!r} registered twice")
            self._items[name] = factory
            return factory

        return deco

    def names(self) -> list[str]:
        return sorted(self._items)

    def get(self, name: str) -> Callable[..., T]:
        try:
            return self._items[name]
        except KeyError:
            raise RecipeError(
                f"unknown {self.stage} backend {name!r}; choose one of: {', '.join(self.names())}"
            ) from None

    def build(self, name: str, **kwargs: Any) -> T:
        return self.get(name)(**kwargs)
