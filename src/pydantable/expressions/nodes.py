"""The expression IR: small frozen nodes, engine-neutral.

Typed :class:`~pydantable.expressions.Expr` objects wrap one of these nodes;
engine lowerings (``pydantable.engines``) translate them. Nodes hold only
Python values and dtypes, never engine objects.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pydantable.dtypes import DType

__all__ = [
    "Alias",
    "Binary",
    "Call",
    "Cast",
    "Col",
    "Lit",
    "Node",
    "Unary",
    "When",
]


@dataclass(frozen=True)
class Node:
    """Base class of expression IR nodes."""

    def children(self) -> tuple[Node, ...]:
        """The direct sub-expressions of this node."""
        return ()


@dataclass(frozen=True)
class Col(Node):
    """A reference to a column of the input frame."""

    name: str


@dataclass(frozen=True)
class Lit(Node):
    """A scalar literal of a known dtype (``value=None`` is a typed null)."""

    value: Any
    dtype: DType


@dataclass(frozen=True)
class Binary(Node):
    """A binary operator: arithmetic, comparison or boolean (Kleene) logic."""

    op: str
    left: Node
    right: Node

    def children(self) -> tuple[Node, ...]:
        return (self.left, self.right)


@dataclass(frozen=True)
class Unary(Node):
    """A unary operator (``neg``, ``not``, ``abs``)."""

    op: str
    operand: Node

    def children(self) -> tuple[Node, ...]:
        return (self.operand,)


@dataclass(frozen=True)
class Cast(Node):
    """A cast of ``operand`` to ``dtype``.

    ``strict``: ``True`` fails the query on a value that does not convert,
    ``False`` gives null; ``None`` (the default) is non-strict from ``String``
    (unparsable text becomes null, as in the original) and strict otherwise.
    """

    operand: Node
    dtype: DType
    strict: bool | None = None

    def is_strict(self, source: DType) -> bool:
        """Whether the cast from ``source`` fails on a value that does not convert."""
        if self.strict is not None:
            return self.strict
        return source.storage().name != "String"

    def children(self) -> tuple[Node, ...]:
        return (self.operand,)


@dataclass(frozen=True)
class Alias(Node):
    """Renames the output of ``operand``."""

    operand: Node
    name: str

    def children(self) -> tuple[Node, ...]:
        return (self.operand,)


@dataclass(frozen=True)
class Call(Node):
    """A named function of sub-expressions with static options.

    ``function`` names an entry of the engine's function table (for example
    ``"is_null"``, ``"is_in"``, ``"str.to_uppercase"``); ``options`` holds hashable
    keyword arguments. ``label`` is the name the user called (the original's
    flat name, ``"map_get"``, when it differs from ``function``): build-time
    errors name it. It is not part of the node's identity (two spellings of one
    function build equal nodes) and engines ignore it.
    """

    function: str
    args: tuple[Node, ...]
    options: tuple[tuple[str, Any], ...] = ()
    label: str = field(default="", compare=False, repr=False)

    @property
    def called_as(self) -> str:
        """The name to use in messages: ``label``, else ``function``."""
        return self.label or self.function

    def children(self) -> tuple[Node, ...]:
        return self.args

    def option(self, key: str, default: Any = None) -> Any:
        """The value of option ``key``."""
        for name, value in self.options:
            if name == key:
                return value
        return default


@dataclass(frozen=True)
class When(Node):
    """``when(c1, v1).when(c2, v2).otherwise(v)``: first matching branch wins."""

    branches: tuple[tuple[Node, Node], ...]
    otherwise: Node

    def children(self) -> tuple[Node, ...]:
        flat = [n for pair in self.branches for n in pair]
        return (*flat, self.otherwise)
