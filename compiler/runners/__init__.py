"""The databases `camp run` executes on, one module per engine (see `runners.base`).

| `--db` | engine |
|---|---|
| `path`, `duckdb:///path`, `:memory:` | DuckDB (`runners.duckdb`) |
| `sqlite:///path` | SQLite (`runners.sqlite`) |
| `postgresql://...`, `postgres://...` | PostgreSQL (`runners.postgres`, psycopg 3) |
| `spark://local`, `spark://host:port` | Spark (`runners.spark`, pyspark) |

A relative path is resolved against the project root; `sqlite:////abs/path` is absolute.
"""

from __future__ import annotations

from pathlib import Path

from compiler.runners.base import ConnectionFailed, Engine

__all__ = ["ConnectionFailed", "Engine", "open_engine", "resolve"]

DEFAULT_DATABASE = "camp.duckdb"


def _path(text: str, root: Path) -> str:
    if text == ":memory:":
        return text
    path = Path(text)
    return str(path if path.is_absolute() else root / path)


def resolve(target: str, root: Path) -> tuple[str, str]:
    """(engine name, what it opens) for a `--db` value; ConnectionFailed if unknown."""
    if target.startswith("duckdb:///"):
        # duckdb:///relative/path, duckdb:////absolute/path, duckdb:/// for memory
        return "duckdb", _path(target[len("duckdb:///"):] or ":memory:", root)
    if target.startswith("sqlite:///"):
        return "sqlite", _path(target[len("sqlite:///"):], root)
    if target.startswith(("postgresql://", "postgres://")):
        return "postgres", target
    if target.startswith("spark://"):
        return "spark", target
    if "://" in target:
        raise ConnectionFailed(
            f"database `{target.split('://')[0]}://...` is not supported by `camp run`; "
            "give a DuckDB path, sqlite:///path, postgresql://... or spark://local")
    return "duckdb", _path(target, root)


def open_engine(target: str, root: Path, connection=None) -> Engine:
    """An engine connected to `target` (a `--db` value); `connection`: an open DuckDB one."""
    if connection is not None:
        from compiler.runners.duckdb import DuckDBEngine

        return DuckDBEngine("(connection)", connection)
    kind, where = resolve(target, root)
    if kind == "duckdb":
        from compiler.runners.duckdb import DuckDBEngine

        return DuckDBEngine(where)
    if kind == "sqlite":
        from compiler.runners.sqlite import SQLiteEngine

        return SQLiteEngine(where)
    if kind == "postgres":
        from compiler.runners.postgres import PostgresEngine

        return PostgresEngine(where)
    from compiler.runners.spark import SparkEngine

    return SparkEngine(where)
