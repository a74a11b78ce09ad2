"""Expression methods: order-dependent row-wise functions.

``shift``, null filling strategies (``forward_fill``, ``fill_null(strategy=)``),
``interpolate``, row-based rolling windows (``rolling_sum``, ...) and
``ewm_mean``. Each keeps one value per row, so it works in
``select``/``with_columns``, per partition in ``.over(...)`` (with ``order_by``
for a defined order) and inside aggregations (``df.x.shift().sum()``).

Nullability is sound: ``rolling_sum(3)`` is nullable (the first two rows have
fewer than ``min_samples`` values), ``rolling_sum(3, min_samples=1)`` of a
non-nullable column is not.

Example:
    >>> from pydantable import DataFrameModel
    >>> class T(DataFrameModel):
    ...     x: int
    >>> df = T({"x": [1, 2, 3, 4]})
    >>> df.select(df.x.rolling_sum(2, min_samples=1)).to_dict()
    {'x': [1, 3, 5, 7]}
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pydantable import dtypes as dt
from pydantable.expressions import nodes as n
from pydantable.expressions.aggregate import is_scalar
from pydantable.expressions.infer import Typed, describe, register_function, unify
from pydantable.expressions.mixin import ExprMixin

if TYPE_CHECKING:
    from pydantable.expressions.expr import Expr

__all__ = [
    "FILL_STRATEGIES",
    "ROLLING",
    "RollingMethods",
    "rolling_result",
]

ROLLING = ("sum", "mean", "min", "max", "std", "var", "median")
FILL_STRATEGIES = ("forward", "backward", "min", "max", "mean", "zero", "one")
INTERPOLATE_METHODS = ("linear", "nearest")
ROLLING_PREFIX = "rolling."


def _fail(function: str, what: str, typed: Typed, node: n.Node) -> TypeError:
    return TypeError(
        f"{function}() needs {what}; got {typed.dtype!r} in {describe(node)}"
    )


def _is_plain_numeric(dtype: dt.DType) -> bool:
    return isinstance(dtype.storage(), (dt.Int64, dt.Float64))


# -- typing rules --------------------------------------------------------------------


@register_function("shift")
def _shift(types: list[Typed], call: n.Call) -> Typed:
    value = types[0]
    if len(types) == 1:
        return Typed(value.dtype, value.nullable or call.option("n", 1) != 0)
    fill = types[1]
    unified = unify(
        [Typed(value.dtype, False), fill], what="shift() fill_value and column"
    )
    return Typed(unified.dtype, value.nullable or fill.nullable)


@register_function("fill_null_strategy")
def _fill_strategy(types: list[Typed], call: n.Call) -> Typed:
    value = types[0]
    strategy = call.option("strategy")
    if strategy in ("min", "max") and (
        not value.dtype.is_orderable() or value.dtype.is_nested()
    ):
        raise _fail(
            f"fill_null(strategy={strategy!r})",
            "an orderable expression",
            value,
            call.args[0],
        )
    if strategy in ("mean", "zero", "one") and not _is_plain_numeric(value.dtype):
        raise _fail(
            f"fill_null(strategy={strategy!r})",
            "an Int64 or Float64 expression",
            value,
            call.args[0],
        )
    # forward/backward leave leading/trailing nulls; min/max/mean of no values is null
    return Typed(value.dtype, value.nullable and strategy not in ("zero", "one"))


@register_function("interpolate")
def _interpolate(types: list[Typed], call: n.Call) -> Typed:
    value = types[0]
    if not _is_plain_numeric(value.dtype):
        raise _fail(
            "interpolate", "an Int64 or Float64 expression", value, call.args[0]
        )
    if call.option("method") == "linear":
        return Typed(dt.Float64(), value.nullable)
    return Typed(value.dtype.storage(), value.nullable)


def rolling_result(op: str, value: Typed, call: n.Call) -> Typed:
    """The type of ``rolling_<op>`` of ``value`` with the options of ``call``."""
    if not _is_plain_numeric(value.dtype):
        raise _fail(
            f"rolling_{op}", "an Int64 or Float64 expression", value, call.args[0]
        )
    storage = value.dtype.storage()
    if op in ("mean", "median", "std", "var"):
        result: dt.DType = dt.Float64()
    else:
        result = storage
    # a window with fewer than ``min_samples`` non-null values gives null; the
    # window always holds the current row, so min_samples <= 1 keeps non-null rows
    nullable = value.nullable or call.option("min_samples") > 1
    if op in ("std", "var"):
        nullable = True  # fewer than ddof + 1 values
    return Typed(result, nullable)


def _register_rolling(op: str) -> None:
    @register_function(ROLLING_PREFIX + op)
    def rule(types: list[Typed], call: n.Call) -> Typed:
        return rolling_result(op, types[0], call)


for _op in ROLLING:
    _register_rolling(_op)


@register_function("ewm_mean")
def _ewm_mean(types: list[Typed], call: n.Call) -> Typed:
    value = types[0]
    if not _is_plain_numeric(value.dtype):
        raise _fail("ewm_mean", "an Int64 or Float64 expression", value, call.args[0])
    return Typed(dt.Float64(), value.nullable or call.option("min_samples") > 1)


# -- argument checks -------------------------------------------------------------------


def _int(name: str, value: Any, *, minimum: int | None = None) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        msg = f"{name} must be an int; got {value!r}"
        raise TypeError(msg)
    if minimum is not None and value < minimum:
        msg = f"{name} must be >= {minimum}; got {value!r}"
        raise ValueError(msg)
    return value


def _limit(limit: int | None) -> int | None:
    return None if limit is None else _int("limit", limit, minimum=0)


def _choice(name: str, value: Any, allowed: tuple[str, ...]) -> str:
    if value not in allowed:
        msg = f"{name} must be one of {allowed}; got {value!r}"
        raise ValueError(msg)
    return str(value)


def _positive_float(name: str, value: Any, *, low: float, strict: bool) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        msg = f"ewm_mean {name} must be a number; got {value!r}"
        raise TypeError(msg)
    if value < low or (strict and value == low):
        bound = f"> {low}" if strict else f">= {low}"
        msg = f"ewm_mean {name} must be {bound}; got {value!r}"
        raise ValueError(msg)
    return float(value)


# -- methods -------------------------------------------------------------------------


class RollingMethods(ExprMixin):
    """Mixed into :class:`~pydantable.expressions.Expr`."""

    __slots__ = ()

    def _row_call(self, function: str, *args: Expr, **options: Any) -> Expr:
        node = n.Call(
            function,
            (self._node, *(a._node for a in args)),
            tuple(sorted(options.items())),
        )
        return self._new(node, *args)

    def shift(self, n: int = 1, *, fill_value: Any = None) -> Expr:
        """The value ``n`` rows before (``n < 0``: after); ``fill_value`` or null.

        The result has the common dtype of the column and ``fill_value``.

        Example:
            >>> from pydantable import DataFrameModel
            >>> class T(DataFrameModel):
            ...     x: int
            >>> df = T({"x": [1, 2, 3]})
            >>> df.select(df.x.shift(1, fill_value=0)).to_dict()
            {'x': [0, 1, 2]}
        """
        periods = _int("n", n)
        if fill_value is None:
            return self._row_call("shift", n=periods)
        fill = self._other(fill_value)
        if not is_scalar(fill.node):
            msg = (
                f"shift() fill_value must be a scalar (a Python value or an "
                f"aggregate); got {describe(fill.node)}"
            )
            raise TypeError(msg)
        return self._row_call("shift", fill, n=periods)

    def _fill_strategy(self, strategy: str, limit: int | None) -> Expr:
        _choice("strategy", strategy, FILL_STRATEGIES)
        if limit is not None and strategy not in ("forward", "backward"):
            msg = f"limit only applies to the forward/backward strategies; got {strategy!r}"
            raise ValueError(msg)
        return self._row_call(
            "fill_null_strategy", strategy=strategy, limit=_limit(limit)
        )

    def forward_fill(self, limit: int | None = None) -> Expr:
        """Fill nulls with the last non-null value (at most ``limit`` in a row).

        Example:
            >>> from pydantable import DataFrameModel
            >>> class T(DataFrameModel):
            ...     x: int | None
            >>> df = T({"x": [None, 1, None, None]})
            >>> df.select(df.x.forward_fill(limit=1)).to_dict()
            {'x': [None, 1, 1, None]}
        """
        return self._fill_strategy("forward", limit)

    def backward_fill(self, limit: int | None = None) -> Expr:
        """Fill nulls with the next non-null value (at most ``limit`` in a row)."""
        return self._fill_strategy("backward", limit)

    def interpolate(self, method: str = "linear") -> Expr:
        """Fill inner nulls by interpolation (``"linear"``: Float64, or ``"nearest"``).

        Leading and trailing nulls stay null.

        Example:
            >>> from pydantable import DataFrameModel
            >>> class T(DataFrameModel):
            ...     x: int | None
            >>> df = T({"x": [1, None, 3, None]})
            >>> df.select(df.x.interpolate()).to_dict()
            {'x': [1.0, 2.0, 3.0, None]}
        """
        return self._row_call(
            "interpolate", method=_choice("method", method, INTERPOLATE_METHODS)
        )

    def _rolling(
        self,
        op: str,
        window_size: int,
        min_samples: int | None,
        center: bool,
        **extra: Any,
    ) -> Expr:
        size = _int("window_size", window_size, minimum=1)
        samples = (
            size if min_samples is None else _int("min_samples", min_samples, minimum=0)
        )
        return self._row_call(
            ROLLING_PREFIX + op,
            window_size=size,
            min_samples=samples,
            center=bool(center),
            **extra,
        )

    def rolling_sum(
        self, window_size: int, *, min_samples: int | None = None, center: bool = False
    ) -> Expr:
        """Sum over the last ``window_size`` rows (Int64 stays Int64).

        A window with fewer than ``min_samples`` (default ``window_size``)
        non-null values gives null; ``center=True`` centres the window.

        Example:
            >>> from pydantable import DataFrameModel
            >>> class T(DataFrameModel):
            ...     x: int
            >>> df = T({"x": [1, 2, 3]})
            >>> df.select(df.x.rolling_sum(2)).to_dict()
            {'x': [None, 3, 5]}
        """
        return self._rolling("sum", window_size, min_samples, center)

    def rolling_mean(
        self, window_size: int, *, min_samples: int | None = None, center: bool = False
    ) -> Expr:
        """Mean over the last ``window_size`` rows (Float64); see :meth:`rolling_sum`."""
        return self._rolling("mean", window_size, min_samples, center)

    def rolling_min(
        self, window_size: int, *, min_samples: int | None = None, center: bool = False
    ) -> Expr:
        """Minimum over the last ``window_size`` rows; see :meth:`rolling_sum`."""
        return self._rolling("min", window_size, min_samples, center)

    def rolling_max(
        self, window_size: int, *, min_samples: int | None = None, center: bool = False
    ) -> Expr:
        """Maximum over the last ``window_size`` rows; see :meth:`rolling_sum`."""
        return self._rolling("max", window_size, min_samples, center)

    def rolling_median(
        self, window_size: int, *, min_samples: int | None = None, center: bool = False
    ) -> Expr:
        """Median over the last ``window_size`` rows (Float64); see :meth:`rolling_sum`."""
        return self._rolling("median", window_size, min_samples, center)

    def rolling_std(
        self,
        window_size: int,
        *,
        min_samples: int | None = None,
        center: bool = False,
        ddof: int = 1,
    ) -> Expr:
        """Standard deviation over the last ``window_size`` rows (Float64, nullable)."""
        return self._rolling(
            "std", window_size, min_samples, center, ddof=_int("ddof", ddof, minimum=0)
        )

    def rolling_var(
        self,
        window_size: int,
        *,
        min_samples: int | None = None,
        center: bool = False,
        ddof: int = 1,
    ) -> Expr:
        """Variance over the last ``window_size`` rows (Float64, nullable)."""
        return self._rolling(
            "var", window_size, min_samples, center, ddof=_int("ddof", ddof, minimum=0)
        )

    def ewm_mean(
        self,
        *,
        com: float | None = None,
        span: float | None = None,
        half_life: float | None = None,
        alpha: float | None = None,
        adjust: bool = True,
        min_samples: int = 1,
        ignore_nulls: bool = False,
    ) -> Expr:
        """Exponentially weighted mean (Float64); give exactly one decay parameter.

        ``alpha`` in (0, 1], ``span >= 1``, ``com >= 0`` or ``half_life > 0``.
        A null value gives null at its row.

        Example:
            >>> from pydantable import DataFrameModel
            >>> class T(DataFrameModel):
            ...     x: float
            >>> df = T({"x": [1.0, 3.0]})
            >>> df.select(df.x.ewm_mean(alpha=0.5, adjust=False)).to_dict()
            {'x': [1.0, 2.0]}
        """
        given = {
            k: v
            for k, v in (
                ("com", com),
                ("span", span),
                ("half_life", half_life),
                ("alpha", alpha),
            )
            if v is not None
        }
        if len(given) != 1:
            msg = f"ewm_mean needs exactly one of com, span, half_life, alpha; got {sorted(given)}"
            raise ValueError(msg)
        ((name, value),) = given.items()
        if name == "alpha":
            decay = _positive_float(name, value, low=0.0, strict=True)
            if decay > 1.0:
                msg = f"ewm_mean alpha must be <= 1; got {value!r}"
                raise ValueError(msg)
        else:
            low = 1.0 if name == "span" else 0.0
            decay = _positive_float(name, value, low=low, strict=name == "half_life")
        return self._row_call(
            "ewm_mean",
            decay=(name, decay),
            adjust=bool(adjust),
            min_samples=_int("min_samples", min_samples, minimum=0),
            ignore_nulls=bool(ignore_nulls),
        )
