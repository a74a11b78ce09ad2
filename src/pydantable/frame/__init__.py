"""The typed frame: an immutable ``(schema, plan)`` pair with a Polars-shaped API.

:class:`BaseFrame` combines the core (:mod:`~pydantable.frame._core`:
construction, introspection, column references) with one method family per
module. Families only check arguments and append plan nodes, whose output
schemas :mod:`pydantable.plan` derives; anything that runs a plan goes
through the frame's engine (:func:`pydantable.engines.engine_of`). This is
the only module that imports every family.

======================  ==========================================================
module                  methods
======================  ==========================================================
``select``              select, with_columns, filter, sort, slice/head/tail, rename, drop
``rows``                unique, top_k, sample, with_row_index, duplicated, ...
``nulls``               fill_null, drop_nulls, fill_nan, clip, shift, ...
``columns``             rename family, reordering, casts, as_model, schema diffs
``joins``               join, join_asof, cross joins
``grouping``            group_by → GroupBy, value_counts
``reshape``             unpivot, pivot, explode, unnest
``timeseries``          rolling_agg, group_by_dynamic
``materialize``         to_* / a* / submit / stream / batches
``arrays``              to_numpy / to_pandas / __array__ / from_numpy (NumPy, pandas)
``io``                  read_* / aread_* / write_* / SQL (:mod:`pydantable.io`)
======================  ==========================================================

:class:`~pydantable.DataFrameModel` and :class:`~pydantable.DataFrame` are the
two public faces; every transform returns a frame of a class derived from
the new schema.
"""

from __future__ import annotations

from pydantable.frame._core import CoreFrame
from pydantable.frame._protocol import FrameCore
from pydantable.frame.arrays import ArrayMethods
from pydantable.frame.columns import ColumnMethods
from pydantable.frame.grouping import GroupingMethods
from pydantable.frame.io import FileMethods, SqlMethods
from pydantable.frame.joins import JoinMethods
from pydantable.frame.materialize import MaterializeMethods
from pydantable.frame.nulls import NullMethods
from pydantable.frame.reshape import ReshapeMethods
from pydantable.frame.rows import RowMethods
from pydantable.frame.select import SelectMethods
from pydantable.frame.timeseries import TimeSeriesMethods

__all__ = ["BaseFrame"]


class BaseFrame(
    CoreFrame,
    SelectMethods,
    RowMethods,
    NullMethods,
    ColumnMethods,
    JoinMethods,
    GroupingMethods,
    ReshapeMethods,
    TimeSeriesMethods,
    MaterializeMethods,
    ArrayMethods,
    FileMethods,
    SqlMethods,
):
    """Shared implementation of typed frames (see :class:`~pydantable.DataFrameModel`)."""

    __slots__ = ()


#: For the type checker: ``BaseFrame`` implements what the families rely on.
_IMPLEMENTS_CORE: type[FrameCore] = BaseFrame
