"""Copy the source tables of a DuckDB file into another engine, to run a project there.

    python -m compiler.runners.copy examples/travel/travel.duckdb postgresql://.../db
    python -m compiler.runners.copy examples/travel/travel.duckdb spark://local

Every table outside DuckDB's own schemas is copied (created or replaced) under the same
schema and name, except the audiences and the registry of earlier runs. Values go through
`Engine.load`, so dates, timestamps, booleans and text arrive as the same values.
"""

from __future__ import annotations

import argparse
import logging
import sqlite3
import sys
from pathlib import Path

import duckdb
from sqlglot import exp

from compiler.naming import REGISTRY_TABLE
from compiler.runners import ConnectionFailed, open_engine, resolve

logger = logging.getLogger(__name__)

TYPES = {
    "VARCHAR": "text", "BOOLEAN": "boolean", "DATE": "date", "TIMESTAMP": "timestamp",
    "TINYINT": "integer", "SMALLINT": "integer", "INTEGER": "integer", "BIGINT": "integer",
    "HUGEINT": "integer", "DOUBLE": "float", "FLOAT": "float", "REAL": "float",
}


def camp_type(duckdb_type: str) -> str:
    if duckdb_type.startswith("DECIMAL"):
        return "decimal"
    if duckdb_type not in TYPES:
        raise ValueError(f"no campaign-language type for DuckDB type {duckdb_type}")
    return TYPES[duckdb_type]


def source_tables(con) -> list[tuple[str, str]]:
    rows = con.execute(
        "SELECT table_schema, table_name FROM information_schema.tables "
        "WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('information_schema', "
        "'pg_catalog') ORDER BY 1, 2").fetchall()
    return [(schema, name) for schema, name in rows
            if name != REGISTRY_TABLE and not name.startswith("aud_")]


def copy(source: Path, target: str) -> int:
    """Copy every source table of the DuckDB file `source` into `target`; tables copied."""
    con = duckdb.connect(str(source), read_only=True)
    kind, where = resolve(target, Path.cwd())
    if kind == "sqlite" and not Path(where).exists():
        # A run refuses a missing file (a typo would give an empty database); a copy makes it.
        sqlite3.connect(where).close()
    engine = open_engine(target, Path.cwd())
    try:
        tables = source_tables(con)
        for schema, name in tables:
            described = con.execute(
                "SELECT column_name, data_type FROM information_schema.columns "
                "WHERE table_schema = ? AND table_name = ? ORDER BY ordinal_position",
                [schema, name]).fetchall()
            # Names keep their exact spelling (a column such as "FirstName" stays so).
            columns = [(column, camp_type(kind), column != column.lower())
                       for column, kind in described]
            source_table = exp.table_(name, db=schema, quoted=True)
            rows = con.execute(exp.select("*").from_(source_table).sql("duckdb")).fetchall()
            # Quoted: a schema or table named like a reserved word (`select`, `order`) must
            # still be one name, and the copy keeps every name's exact spelling.
            table = exp.Table(this=exp.to_identifier(name, quoted=True),
                              db=exp.to_identifier(schema, quoted=True)
                              if schema != "main" else None)
            engine.load(table, columns, rows)
            index_keys(engine, table, [column for column, *_ in columns])
            print(f"copied {schema}.{name}: {len(rows)} rows")
    finally:
        engine.close()
        con.close()
    return len(tables)


def index_keys(engine, table: exp.Table, columns: list[str]) -> None:
    """On PostgreSQL, an index per `*_id` column: campaigns join and correlate on keys, and
    PostgreSQL, unlike the analytical engines, runs a correlated subquery row by row."""
    if engine.rules.name != "postgres":
        return
    for column in columns:
        if column.lower().endswith("_id"):
            index = exp.Create(kind="INDEX", this=exp.Index(
                table=table.copy(), params=exp.IndexParameters(
                    columns=[exp.Ordered(this=exp.column(column, quoted=True))])))
            engine.execute(index.sql(dialect="postgres"))
    engine.commit()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m compiler.runners.copy",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("source", type=Path, help="a DuckDB database file")
    parser.add_argument("target", help="a `camp run --db` value: sqlite:///..., "
                                       "postgresql://..., spark://local")
    args = parser.parse_args(argv)
    try:
        copy(args.source, args.target)
    except ConnectionFailed as failure:
        print(f"camp: {failure}", file=sys.stderr)
        return 3
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
