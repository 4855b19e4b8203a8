"""Spark: `spark://local` (a local session) or `spark://host:port` (a cluster's master).

Spark's own tables have no transactions, no DELETE and no CREATE OR REPLACE TABLE, so a run
builds and then swaps: each audience is built in a staging table (`<table>__camp_staging`)
while the run goes on; only when every audience of the run is built are the old tables
dropped, the staging tables renamed and the registry rebuilt (in a staging table too, then
swapped). A failure while building drops the staging tables and leaves every audience and
registry row as it was; the swap itself is a few catalog operations per audience.

The session reads timestamps without a time zone (`spark.sql.timestampType=TIMESTAMP_NTZ`),
the type of the campaign language's `timestamp`, so nothing depends on the session's zone.
`spark://local` keeps its tables between runs in `spark-warehouse/` (data and a Derby
metastore) in the current directory; a session already open in the process (a notebook, the
tests) is used as it is.
"""

from __future__ import annotations

import logging
from pathlib import Path

from sqlglot import exp

from compiler import naming
from compiler.runners.base import ConnectionFailed, Engine, first_line
from compiler.sqlgen import AudienceQuery, render

logger = logging.getLogger(__name__)

SESSION_SETTINGS = {
    "spark.sql.timestampType": "TIMESTAMP_NTZ",
    # A plain CREATE TABLE makes a data source (parquet) table, not a Hive text table.
    "spark.sql.legacy.createHiveTableByDefault": "false",
}


def session(master: str, warehouse: Path | None = None):
    """The process's SparkSession, created for `master` if there is none yet."""
    from pyspark.sql import SparkSession

    active = SparkSession.getActiveSession()
    if active is None:
        builder = (SparkSession.builder.master(master).appName("camp")
                   .config("spark.ui.enabled", "false"))
        if master.startswith("local"):
            warehouse = (warehouse or Path("spark-warehouse")).resolve()
            builder = (builder
                       .config("spark.driver.host", "127.0.0.1")
                       .config("spark.driver.bindAddress", "127.0.0.1")
                       .config("spark.sql.warehouse.dir", str(warehouse))
                       .config("spark.hadoop.javax.jdo.option.ConnectionURL",
                               f"jdbc:derby:;databaseName={warehouse / 'metastore_db'};"
                               "create=true")
                       .config("spark.driver.extraJavaOptions",
                               f"-Dderby.system.home={warehouse}"))
        active = builder.enableHiveSupport().getOrCreate()
        active.sparkContext.setLogLevel("ERROR")
    for key, value in SESSION_SETTINGS.items():
        active.conf.set(key, value)
    return active


class SparkEngine(Engine):
    dialect = "spark"

    def __init__(self, url: str):
        super().__init__(url)
        try:
            from pyspark.errors import PySparkException
            from py4j.protocol import Py4JError
        except ImportError as missing:
            raise ConnectionFailed("Spark needs pyspark: pip install 'camp[spark]'") from missing
        self.errors = (PySparkException, Py4JError)
        address = url[len("spark://"):]
        master = "local[*]" if address in ("local", "") else f"spark://{address}"
        try:
            self.spark = session(master)
        except Exception as failure:       # Java missing, master unreachable: one line
            raise ConnectionFailed(f"cannot start Spark on {master}: {first_line(failure)}")
        self.pending: list[tuple[AudienceQuery, str, str | None, exp.Table]] = []

    def _execute(self, statement: str) -> None:
        self.spark.sql(statement)

    def _fetch(self, statement: str):
        return self.spark.sql(statement).collect()

    def table_exists(self, table: exp.Table) -> bool:
        name = ".".join(f"`{part}`" for part in (table.db, table.name) if part)
        return self.spark.catalog.tableExists(name)

    # ------------------------------------------------------------------ build, then swap

    def begin(self) -> None:
        self.pending = []

    def save(self, query: AudienceQuery, campaign: str, schema: str | None) -> exp.Table:
        target = naming.audience_table(query.save.label, schema, self.rules)
        staging = naming.staging_table(target, self.rules)
        self._drop(staging)
        rows = self.reading(query.rows)
        create = exp.Create(kind="TABLE", this=staging.copy(), expression=rows)
        self.execute(render(create, self.rules, query.save.span))
        self.pending.append((query, campaign, schema, staging))
        return staging

    def reading(self, query: exp.Expression) -> exp.Expression:
        """An audience saved earlier in this run is read from its staging table: the old
        table stays in place until the whole run has been built."""
        staged = {}
        for audience, _, schema, staging in self.pending:
            target = naming.audience_table(audience.save.label, schema, self.rules)
            staged[(target.db.lower(), target.name.lower())] = staging
        if not staged:
            return query
        query = query.copy()
        for table in list(query.find_all(exp.Table)):
            found = staged.get((table.db.lower(), table.name.lower()))
            if found is not None:
                replacement = found.copy()
                if table.args.get("alias"):
                    replacement.set("alias", table.args["alias"].copy())
                table.replace(replacement)
        return query

    def commit(self) -> None:
        if not self.pending:
            return
        registry = naming.registry_table(self.pending[0][2], self.rules)
        registry_staging = naming.staging_table(registry, self.rules)
        self._drop(registry_staging)
        self.execute(render(self._new_registry(registry, registry_staging), self.rules))
        # From here on the run is decided: swap the audiences, then the registry.
        for query, _, schema, staging in self.pending:
            target = naming.audience_table(query.save.label, schema, self.rules)
            self._swap(staging, target)
        self._swap(registry_staging, registry)
        self.pending = []

    def rollback(self) -> None:
        for *_, staging in self.pending:
            try:
                self._drop(staging)
            except self.errors as failure:
                logger.warning("could not drop staging table %s: %s", staging.sql(),
                               first_line(failure))
        self.pending = []

    def close(self) -> None:
        # The session stays open: it belongs to the process (tests, notebooks share it).
        pass

    def _new_registry(self, registry: exp.Table, staging: exp.Table) -> exp.Create:
        """The registry without the rows of the audiences saved now, then their new rows."""
        saved = [render(naming.audience_table(q.save.label, s, self.rules), self.rules)
                 for q, _, s, _ in self.pending]
        kept = exp.select(exp.Star()).from_(registry.copy()).where(exp.Not(this=exp.In(
            this=exp.column("table_name"),
            expressions=[exp.Literal.string(name) for name in saved])))
        query: exp.Query = kept
        for (audience, campaign, _, staging_table), table_name in zip(self.pending, saved):
            save = audience.save
            row = exp.select(
                *(exp.Literal.string(value) for value in (
                    save.label, table_name, campaign, save.dimension, save.mapping.name)),
                exp.Count(this=exp.Star()),
                exp.cast(exp.CurrentTimestamp(), "timestamp"),
            ).from_(staging_table.copy())
            query = exp.union(query, row, distinct=False)
        return exp.Create(kind="TABLE", this=staging.copy(), expression=query)

    def _drop(self, table: exp.Table) -> None:
        drop = exp.Drop(kind="TABLE", exists=True, tables=[table.copy()])
        self.execute(render(drop, self.rules))

    def _swap(self, staging: exp.Table, target: exp.Table) -> None:
        self._drop(target)
        rename = exp.Alter(this=staging.copy(), kind="TABLE",
                           actions=[exp.AlterRename(this=target.copy())])
        self.execute(render(rename, self.rules))

    # ------------------------------------------------------------------ loading data

    def load(self, table: exp.Table, columns: list[tuple], rows: list[tuple]) -> None:
        """As `Engine.load`, through a DataFrame: one Spark job instead of one per batch."""
        from pyspark.sql import types as t

        spark_types = {
            "text": t.StringType(), "integer": t.LongType(), "decimal": t.DecimalType(18, 4),
            "float": t.DoubleType(), "boolean": t.BooleanType(), "date": t.DateType(),
            "timestamp": t.TimestampNTZType(),
        }
        schema = t.StructType([t.StructField(column[0], spark_types[column[1]])
                               for column in columns])
        kinds = [column[1] for column in columns]
        values = [tuple(_python_value(v, kind) for v, kind in zip(row, kinds)) for row in rows]
        if table.db:
            self.execute(render(exp.Create(kind="SCHEMA", exists=True, this=exp.Table(
                this=table.args["db"].copy())), self.rules))
        self._drop(table)
        frame = self.spark.createDataFrame(values, schema)
        frame.write.format("parquet").saveAsTable(
            ".".join(f"`{part}`" for part in (table.db, table.name) if part))


def _python_value(value, kind: str):
    """A value as the DataFrame's column type wants it (DECIMAL wants a Decimal)."""
    from decimal import Decimal

    if value is None:
        return None
    if kind == "decimal":
        return Decimal(str(value))
    if kind == "float":
        return float(value)
    return value
