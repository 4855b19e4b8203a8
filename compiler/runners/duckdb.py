"""DuckDB: a database file (`path`, `duckdb:///path`) or `:memory:`; transactional DDL."""

from __future__ import annotations

from pathlib import Path

import duckdb

from compiler.runners.base import ConnectionEngine, ConnectionFailed, first_line


class DuckDBEngine(ConnectionEngine):
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

    def begin(self) -> None:
        self.con.begin()

    def close(self) -> None:
        if self.owned:
            self.con.close()
