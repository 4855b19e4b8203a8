"""DuckDB: a database file (`path`, `duckdb:///path`) or `:memory:`; transactional DDL."""

from __future__ import annotations

from pathlib import Path

import duckdb

from compiler.runners.base import ConnectionFailed, Engine, first_line


class DuckDBEngine(Engine):
    dialect = "duckdb"
    errors = (duckdb.Error,)

    def __init__(self, path: str, connection=None):
        super().__init__(path)
        self.owned = connection is None
        self.con = connection if connection is not None else self._open(path)

    @staticmethod
    def _open(path: str):
        # A missing file is an error rather than a new empty database: a run reads source
        # tables, so an empty database can only fail later, further from the cause.
        if path != ":memory:" and not Path(path).is_file():
            raise ConnectionFailed(f"database file not found: {path}")
        try:
            return duckdb.connect(path)
        except duckdb.Error as failure:
            raise ConnectionFailed(f"cannot open database {path}: {first_line(failure)}")

    def _execute(self, statement: str) -> None:
        self.con.execute(statement)

    def _fetch(self, statement: str):
        return self.con.execute(statement).fetchall()

    def begin(self) -> None:
        self.con.begin()

    def commit(self) -> None:
        self.con.commit()

    def rollback(self) -> None:
        self.con.rollback()

    def close(self) -> None:
        if self.owned:
            self.con.close()
