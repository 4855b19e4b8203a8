"""SQLite: `sqlite:///relative/path` or `sqlite:////absolute/path`; transactional DDL.

SQLite has no schemas: a schema-qualified source such as `crm.recipients` is read from the
database file attached as `crm`, the file `crm.db` (the main file's suffix, else `.db`) next
to the main file. Source schemas must exist; the audience schema's file is created.

Dates and timestamps are ISO 8601 text (`2026-01-31`, `2026-01-31 08:30:00`), booleans 0/1,
as SQLite's own date functions read and write them. SQLite's `lower` and `upper` change ASCII
letters only, so the run replaces them with Python's, which know every alphabet.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlglot import exp

from compiler.runners.base import ConnectionEngine, ConnectionFailed, first_line

BUILT_IN_SCHEMAS = {"main", "temp"}


class SQLiteEngine(ConnectionEngine):
    dialect = "sqlite"
    errors = (sqlite3.Error,)

    def __init__(self, path: str):
        super().__init__(f"sqlite:///{path}")
        self.path = Path(path)
        if not self.path.is_file():
            raise ConnectionFailed(f"database file not found: {path}")
        try:
            # Autocommit mode: the run issues BEGIN and COMMIT itself, so DDL is inside the
            # transaction too (the module's default would commit before each DDL statement).
            self.con = sqlite3.connect(path, isolation_level=None)
        except sqlite3.Error as failure:
            raise ConnectionFailed(f"cannot open database {path}: {first_line(failure)}")
        for name, function in (("lower", str.lower), ("upper", str.upper)):
            self.con.create_function(name, 1, _null_safe(function), deterministic=True)
        self.attached: set[str] = set()

    def schema_file(self, schema: str) -> Path:
        return self.path.with_name(schema + (self.path.suffix or ".db"))

    def attach(self, schema: str, create: bool) -> None:
        if schema.lower() in BUILT_IN_SCHEMAS or schema in self.attached:
            return
        path = self.schema_file(schema)
        if not create and not path.is_file():
            raise ConnectionFailed(
                f"no database file for schema `{schema}`: {path} (SQLite attaches one file "
                "per schema)")
        self.con.execute("ATTACH DATABASE ? AS " + _quoted(schema), (str(path),))
        self.attached.add(schema)

    def prepare(self, schemas: set[str], audience_schema: str | None) -> None:
        for schema in sorted(schemas - {audience_schema}):
            self.attach(schema, create=False)
        if audience_schema:
            self.attach(audience_schema, create=True)

    def begin(self) -> None:
        self.con.execute("BEGIN")

    def commit(self) -> None:
        self.con.execute("COMMIT")

    def rollback(self) -> None:
        if self.con.in_transaction:
            self.con.execute("ROLLBACK")

    def table_exists(self, table: exp.Table) -> bool:
        schema = table.db or "main"
        rows = self.con.execute(
            f"SELECT COUNT(*) FROM {_quoted(schema)}.sqlite_master "
            "WHERE type = 'table' AND lower(name) = lower(?)", (table.name,)).fetchall()
        return rows[0][0] > 0

    def load(self, table: exp.Table, columns, rows) -> None:
        if table.db:
            self.attach(table.db, create=True)
        super().load(table, columns, rows)


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _null_safe(function):
    def apply(value):
        return function(value) if isinstance(value, str) else value
    return apply
