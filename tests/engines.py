"""The engine matrix: the same tables loaded on DuckDB, SQLite, PostgreSQL and Spark.

`engine` is a pytest fixture parametrized over the four engines; it gives a `Database`: load
tables into it (`load`), pass its `url` to `camp run` (`run_project(project, db=url)`), read
tables back (`rows`, values normalized so that every engine reads the same Python values).

* DuckDB and SQLite: a fresh file per test.
* PostgreSQL: a fresh database per test on the server of `CAMP_TEST_POSTGRES_URL` (`.ci/run`
  starts one; locally `eval "$(.ci/postgres start)"` does).
* Spark: ONE local SparkSession for the whole test session (starting one takes seconds); each
  test starts from an empty catalog.

Where PostgreSQL or Spark is unavailable the tests that need it are skipped with the reason,
except under CI (`CI` set), where they fail: a broken CI setup must not pass unnoticed.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import uuid
from decimal import Decimal
from pathlib import Path

import pytest
import sqlglot

from compiler.runners import open_engine
from compiler.runners.base import Engine

ENGINES = ("duckdb", "sqlite", "postgres", "spark")


def unavailable(reason: str):
    """Skip locally; fail under CI."""
    if os.environ.get("CI"):
        pytest.fail(f"engine unavailable under CI: {reason}")
    pytest.skip(reason)


def normalized(value):
    """One Python value per SQL value, whichever engine returned it.

    SQLite returns dates as ISO text and booleans as 0/1; decimals come back as Decimal or
    float depending on the engine.
    """
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (Decimal, float)):
        return round(float(value), 6)
    return value


class Database:
    """One engine's database for one test."""

    def __init__(self, name: str, url: str, root: Path):
        self.name = name
        self.url = url
        self.root = root

    def engine(self) -> Engine:
        return open_engine(self.url, self.root)

    def load(self, tables: dict[str, tuple[list[tuple[str, str]], list[tuple]]]) -> None:
        """`{"crm.recipients": ([(column, camp type), ...], [row, ...]), ...}`."""
        engine = self.engine()
        try:
            for name, (columns, rows) in tables.items():
                engine.load(sqlglot.exp.to_table(name), columns, rows)
        finally:
            engine.close()

    def forget_audiences(self) -> None:
        """Drop the registry, so that the next run may give its labels to other campaigns."""
        engine = self.engine()
        try:
            drop = sqlglot.exp.Drop(kind="TABLE", exists=True,
                                    tables=[sqlglot.exp.to_table("camp_audiences")])
            engine.execute(drop.sql(dialect=engine.rules.sqlglot))
            if self.name == "postgres":
                engine.commit()
        finally:
            engine.close()

    def rows(self, table: str) -> list[tuple]:
        """The rows of `table` (as the registry writes its name), normalized and sorted."""
        engine = self.engine()
        try:
            engine.prepare(set(), None)
            if self.name == "sqlite" and "." in table:
                engine.attach(table.split(".")[0].strip('"'), create=False)
            fetched = engine.fetch(f"SELECT * FROM {table}")
        finally:
            engine.close()
        return sorted((tuple(normalized(v) for v in row) for row in fetched), key=repr)

    def fetch(self, sql: str, session_zone: str | None = None,
              schemas: tuple[str, ...] = ("crm",)) -> list[tuple]:
        """The rows of a query; `session_zone` sets the session's time zone first."""
        engine = self.engine()
        try:
            engine.prepare(set(schemas), None)
            if session_zone and self.name == "duckdb":
                engine.execute(f"SET TimeZone = '{session_zone}'")
            elif session_zone and self.name == "postgres":
                engine.execute(f"SET TIME ZONE '{session_zone}'")
            return [tuple(normalized(v) for v in row) for row in engine.fetch(sql)]
        finally:
            engine.close()


# ---------------------------------------------------------------------------- factories


def duckdb_database(tmp_path: Path) -> Database:
    import duckdb

    path = tmp_path / "camp.duckdb"
    duckdb.connect(str(path)).close()
    return Database("duckdb", f"duckdb:///{path}", tmp_path)


def sqlite_database(tmp_path: Path) -> Database:
    import sqlite3

    path = tmp_path / "camp.db"
    sqlite3.connect(path).close()
    return Database("sqlite", f"sqlite:///{path}", tmp_path)


def postgres_database(tmp_path: Path) -> Database:
    admin_url = os.environ.get("CAMP_TEST_POSTGRES_URL")
    if not admin_url:
        unavailable("CAMP_TEST_POSTGRES_URL is not set (eval \"$(.ci/postgres start)\")")
    try:
        import psycopg
    except ImportError:
        unavailable("psycopg is not installed (pip install -e '.[dev]')")
    name = "camp_" + uuid.uuid4().hex[:12]
    try:
        with psycopg.connect(admin_url, autocommit=True, connect_timeout=5) as con:
            con.execute(f"CREATE DATABASE {name}")
    except psycopg.Error as failure:
        unavailable(f"PostgreSQL at CAMP_TEST_POSTGRES_URL: {failure}")
    base = admin_url.rsplit("/", 1)[0]
    return Database("postgres", f"{base}/{name}", tmp_path)


_SPARK: dict[str, object] = {}


def spark_session(warehouse: Path | None):
    """The test session's one SparkSession (local, on 127.0.0.1)."""
    if "session" not in _SPARK:
        try:
            import pyspark  # noqa: F401  (only whether it is there)
        except ImportError:
            unavailable("pyspark is not installed (pip install -e '.[dev]')")
        if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
            unavailable("Java is not installed (Spark needs it)")
        from compiler.runners.spark import session

        _SPARK["session"] = session("local[2]", warehouse)
        _SPARK["session"].sparkContext.setLogLevel("ERROR")
        # Tiny data: a few partitions per shuffle instead of 200 keep each query fast.
        _SPARK["session"].conf.set("spark.sql.shuffle.partitions", "2")
    return _SPARK["session"]


def database(name: str, tmp_path: Path, tmp_path_factory) -> Database:
    """A fresh database on engine `name`."""
    if name == "duckdb":
        return duckdb_database(tmp_path)
    if name == "sqlite":
        return sqlite_database(tmp_path)
    if name == "postgres":
        return postgres_database(tmp_path)
    if "session" not in _SPARK:
        _SPARK["warehouse"] = tmp_path_factory.mktemp("spark-warehouse")
    return spark_database(tmp_path, _SPARK["warehouse"])


def spark_database(tmp_path: Path, warehouse: Path) -> Database:
    spark = spark_session(warehouse)
    # An empty catalog for each test: tiny data, but no test sees another's tables.
    for database in spark.catalog.listDatabases():
        if database.name != "default":
            spark.sql(f"DROP DATABASE `{database.name}` CASCADE")
    for table in spark.catalog.listTables("default"):
        spark.sql(f"DROP TABLE IF EXISTS default.`{table.name}`")
    return Database("spark", "spark://local", tmp_path)


@pytest.fixture(params=ENGINES)
def engine(request, tmp_path, tmp_path_factory) -> Database:
    """A fresh database on each engine of the matrix."""
    return database(request.param, tmp_path, tmp_path_factory)
