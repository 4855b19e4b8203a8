"""PostgreSQL: `postgresql://user:password@host:port/database` (psycopg 3); transactional DDL.

The whole run is one transaction, so DROP + CREATE of an audience and its registry row are
replaced together or not at all.
"""

from __future__ import annotations

import re

from compiler.runners.base import ConnectionEngine, ConnectionFailed, first_line


def redacted(url: str) -> str:
    """The URL without its password, as reports and logs show it."""
    return re.sub(r"(://[^:/@]+):[^@]*@", r"\1:***@", url)


class PostgresEngine(ConnectionEngine):
    dialect = "postgres"

    def __init__(self, url: str):
        super().__init__(redacted(url))
        try:
            import psycopg
        except ImportError as missing:
            raise ConnectionFailed(
                "PostgreSQL needs psycopg: pip install 'camp[postgres]'") from missing
        self.errors = (psycopg.Error,)
        try:
            self.con = psycopg.connect(url, connect_timeout=10)
        except psycopg.Error as failure:
            raise ConnectionFailed(f"cannot connect to {self.label}: {first_line(failure)}")

    def begin(self) -> None:
        # psycopg opens a transaction with the first statement; nothing is autocommitted.
        pass

    def load(self, table, columns, rows) -> None:
        super().load(table, columns, rows)
        self.con.commit()
