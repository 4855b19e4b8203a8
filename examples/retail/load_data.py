"""Build the retail example's warehouse from DuckDB's TPC-DS generator.

    python examples/retail/load_data.py [--out PATH] [--scale 0.1]

The `tpcds` extension comes from the `duckdb-extension-tpcds` package (its version is the DuckDB
version) and is loaded from that package's files, so nothing is fetched from the network.
`dsdgen` is deterministic: the same scale gives the same tables. Only the tables that
`dimensions.camp` describes are kept.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import duckdb

HERE = Path(__file__).resolve().parent
DEFAULT_OUT = HERE / "retail.duckdb"
DEFAULT_SCALE = 0.1

TABLES = [
    "customer",
    "customer_address",
    "customer_demographics",
    "date_dim",
    "store",
    "store_sales",
    "web_sales",
    "catalog_sales",
]


def extension_path() -> str:
    """The tpcds extension file shipped by the `duckdb-extension-tpcds` package."""
    try:
        import duckdb_extension_tpcds
    except ImportError as error:
        hint = f"pip install duckdb-extension-tpcds=={duckdb.__version__}"
        raise RuntimeError(f"the tpcds extension is missing: {hint}") from error

    package_dir = os.path.dirname(duckdb_extension_tpcds.__file__)
    version_dir = os.path.join(package_dir, "extensions", f"v{duckdb.__version__}")
    path = os.path.join(version_dir, "tpcds.duckdb_extension")
    if not os.path.exists(path):
        raise RuntimeError(f"no tpcds extension for DuckDB {duckdb.__version__} at {path}")
    return path


def copy_tables(con: duckdb.DuckDBPyConnection, file: str) -> None:
    """Copy the kept tables from the in-memory database into a new database file."""
    # ATTACH takes no parameters; the path is quoted as an SQL string instead.
    quoted = "'" + file.replace("'", "''") + "'"
    con.execute(f"ATTACH {quoted} AS out")
    for table in TABLES:
        con.execute(f"CREATE TABLE out.main.{table} AS SELECT * FROM memory.main.{table}")
    con.execute("DETACH out")


def remove_quietly(path: str) -> None:
    """Delete a file if it exists."""
    try:
        os.remove(path)
    except FileNotFoundError:
        pass


def load(path: str | os.PathLike = DEFAULT_OUT, scale: float = DEFAULT_SCALE) -> Path:
    """Write the TPC-DS tables at `scale` to the DuckDB file `path`, replacing it; return the path.

    The data is generated in memory (the generator makes all 24 TPC-DS tables) and only the kept
    tables are written, under a temporary name that is renamed at the end: a reader never sees a
    half-written file and a failure leaves the previous one intact.
    """
    if scale <= 0:
        raise ValueError("the scale factor must be positive")
    target = Path(path).resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = f"{target}.tmp-{os.getpid()}"
    remove_quietly(temporary)

    try:
        with duckdb.connect() as con:
            con.execute(f"LOAD '{extension_path()}'")  # a local file: no download
            con.execute("CALL dsdgen(sf = ?)", [scale])
            copy_tables(con, temporary)
        # A write-ahead log left from the old file would be replayed against the new one.
        remove_quietly(f"{target}.wal")
        os.replace(temporary, target)
    finally:
        remove_quietly(temporary)
        remove_quietly(f"{temporary}.wal")
    return target


def parse_args(argv: list[str]) -> argparse.Namespace:
    """Read the command line."""
    parser = argparse.ArgumentParser(description="Build the retail example's DuckDB file.")
    parser.add_argument("--out", default=str(DEFAULT_OUT), help="database file to (re)write")
    parser.add_argument("--scale", type=float, default=DEFAULT_SCALE,
                        help="TPC-DS scale factor (1 is about 1 GB of raw data)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    args = parse_args(sys.argv[1:] if argv is None else argv)
    started = time.perf_counter()
    try:
        out = load(args.out, args.scale)
    except (ValueError, RuntimeError, OSError, duckdb.Error) as error:
        print(f"load_data.py: {error}", file=sys.stderr)
        return 1

    with duckdb.connect(str(out), read_only=True) as con:
        counts = [con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES]
    elapsed = time.perf_counter() - started
    summary = ", ".join(f"{table} {count:,}" for table, count in zip(TABLES, counts))
    print(f"wrote {out} at scale {args.scale:g} in {elapsed:.1f}s: {summary}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
