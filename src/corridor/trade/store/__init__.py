"""The columnar store: trade flows and WDI series in Parquet files under ``VAR_DIR/trade``,
read and written with DuckDB. Release metadata lives in the Django database (``models.py``).

By noun: ``paths`` (where files live, connections), ``checks`` (before parsing), ``write``
(validate a CSV and write Parquet), ``read`` (a flow release for the dashboard), ``figures``
(world summaries and WDI series). Callers import from ``corridor.trade.store``.
"""

from .checks import MAX_COLUMNS, MAX_LINE_BYTES, MAX_ROWS, ShapeReport, check_shape
from .figures import wdi_value, wdi_values, world_product_values, world_slice, world_years
from .paths import (
    MAX_REPORTED_ERRORS,
    Progress,
    connect,
    pair_path,
    parquet_path,
    reading,
    store_dir,
    world_path,
)
from .read import breakdown, direction_values, product_codes, product_values, years
from .write import (
    OWID_INDICATORS,
    SKIPPED_FLOWS,
    WDI_AGGREGATES,
    ImportOutcome,
    ensure_world_extract,
    import_flows,
    import_wdi,
    write_pair_extract,
    write_world_extract,
)

__all__ = [
    "MAX_COLUMNS",
    "MAX_LINE_BYTES",
    "MAX_REPORTED_ERRORS",
    "MAX_ROWS",
    "OWID_INDICATORS",
    "SKIPPED_FLOWS",
    "WDI_AGGREGATES",
    "ImportOutcome",
    "Progress",
    "ShapeReport",
    "breakdown",
    "check_shape",
    "connect",
    "direction_values",
    "ensure_world_extract",
    "import_flows",
    "import_wdi",
    "pair_path",
    "parquet_path",
    "product_codes",
    "product_values",
    "reading",
    "store_dir",
    "wdi_value",
    "wdi_values",
    "world_path",
    "world_product_values",
    "world_slice",
    "world_years",
    "write_pair_extract",
    "write_world_extract",
    "years",
]
