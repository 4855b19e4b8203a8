"""What `camp run` needs from a database: one small interface, one module per engine.

An `Engine` wraps one open connection. The run (`compiler.run`) is the same on every engine:
it asks the engine to open a unit of work, executes the setup, counts and saves each
audience, then commits; a failure rolls back. Engines differ only in how a unit of work is
made atomic:

* transactional DDL (DuckDB, PostgreSQL, SQLite): the whole run is one transaction and each
  audience is the dialect's envelope (`compiler/templates/`) executed inside it;
* build-then-swap (Spark): each audience is built in a staging table while the run goes on;
  only when every audience is built are the old tables dropped and the staging tables renamed
  and the registry rebuilt, so a failure before that point leaves everything as it was.

Statements are sent one at a time: the envelope is split at the semicolons that sqlglot's
tokenizer finds, so a `;` inside a label's string literal never cuts a statement.
"""

from __future__ import annotations

import logging
from typing import Iterable

from sqlglot import exp
from sqlglot.dialects.dialect import Dialect
from sqlglot.tokens import TokenType

from compiler import envelope, naming
from compiler.dialects import DialectRules, dialect_rules
from compiler.expressions import sql_type
from compiler.sqlgen import AudienceQuery, render

logger = logging.getLogger(__name__)

INSERT_BATCH = 500


class ConnectionFailed(Exception):
    """The database cannot be opened (reported as E500 before anything runs)."""


def split_statements(sql: str, rules: DialectRules) -> list[str]:
    """The statements of a script, cut at the semicolons outside literals and comments."""
    dialect = Dialect.get_or_raise(rules.sqlglot)
    statements, start = [], 0
    for token in dialect.tokenize(sql):
        if token.token_type == TokenType.SEMICOLON:
            statements.append(sql[start:token.start])
            start = token.end + 1
    statements.append(sql[start:])
    return [s.strip() for s in statements if s.strip()]


def first_line(failure: BaseException, default: str = "database error") -> str:
    return (str(failure).strip().splitlines() or [default])[0]


class Engine:
    """One open connection of `camp run` (see the module docstring)."""

    dialect = "duckdb"
    errors: tuple[type[BaseException], ...] = ()

    def __init__(self, label: str):
        self.label = label            # the database as the run report shows it
        self.rules: DialectRules = dialect_rules(self.dialect)

    # ------------------------------------------------------------------ statements

    def execute(self, sql: str) -> None:
        for statement in split_statements(sql, self.rules):
            logger.debug("SQL sent:\n%s", statement)
            self._execute(statement)

    def fetch(self, sql: str) -> list[tuple]:
        logger.debug("SQL sent:\n%s", sql)
        return [tuple(row) for row in self._fetch(sql)]

    def _execute(self, statement: str) -> None:
        raise NotImplementedError

    def _fetch(self, statement: str) -> Iterable:
        raise NotImplementedError

    # ------------------------------------------------------------------ unit of work

    def begin(self) -> None:
        raise NotImplementedError

    def commit(self) -> None:
        raise NotImplementedError

    def rollback(self) -> None:
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError

    # ------------------------------------------------------------------ catalog

    def table_exists(self, table: exp.Table) -> bool:
        """Whether `table` (one of ours: an audience or the registry) exists."""
        schema = (exp.Literal.string(naming.fold(table.db, self.rules)) if table.db
                  else exp.func("current_schema"))
        query = (
            exp.select(exp.Count(this=exp.Star()))
            .from_("information_schema.tables")
            .where(exp.EQ(this=exp.column("table_name"),
                          expression=exp.Literal.string(naming.fold(table.name, self.rules))))
            .where(exp.EQ(this=exp.column("table_schema"), expression=schema))
        )
        return self.fetch(render(query, self.rules))[0][0] > 0

    def prepare(self, schemas: set[str], audience_schema: str | None) -> None:
        """Anything the engine needs before the run's unit of work (SQLite attaches files)."""

    # ------------------------------------------------------------------ audiences

    def reading(self, query: exp.Expression) -> exp.Expression:
        """`query` as it must read audiences saved earlier in the same run (as it is here:
        they are already in place inside the transaction)."""
        return query

    def save(self, query: AudienceQuery, campaign: str, schema: str | None) -> exp.Table:
        """Replace the audience's table and registry row; the table to count the rows of."""
        saved = envelope.audience(query, campaign, schema, self.rules)
        self.execute(saved.sql)
        return naming.audience_table(query.save.label, schema, self.rules)

    # ------------------------------------------------------------------ loading data

    def load(self, table: exp.Table, columns: list[tuple], rows: list[tuple]) -> None:
        """Create `table` (replacing it) with `columns` (name, camp type) and insert `rows`.

        Used to copy example data and by the tests: values go in as typed literals printed
        by sqlglot, so every engine reads the same values.
        """
        from compiler.expressions import ExpressionBuilder
        from compiler.clock import Clock

        if table.db and self.rules.schemas:
            create_schema = exp.Create(kind="SCHEMA", exists=True,
                                       this=exp.Table(this=table.args["db"].copy()))
            self.execute(render(create_schema, self.rules))
        drop = exp.Drop(kind="TABLE", exists=True, tables=[table.copy()])
        self.execute(render(drop, self.rules))
        # A column given as (name, type, True) is exact, like a catalog's `column "..."`.
        schema = exp.Schema(this=table.copy(), expressions=[
            exp.ColumnDef(this=naming.identifier(column[0], self.rules, len(column) > 2
                                                 and column[2]),
                          kind=stored_type(column[1]))
            for column in columns
        ])
        self.execute(render(exp.Create(kind="TABLE", this=schema), self.rules))
        builder = ExpressionBuilder(self.rules, Clock())
        for start in range(0, len(rows), INSERT_BATCH):
            values = exp.Values(expressions=[
                exp.Tuple(expressions=[
                    literal(builder, value, column[1]) for value, column in zip(row, columns)
                ])
                for row in rows[start:start + INSERT_BATCH]
            ])
            insert = exp.Insert(this=table.copy(), expression=values)
            self.execute(render(insert, self.rules))


class ConnectionEngine(Engine):
    """An engine over a Python database connection (`self.con`, DB-API style): statements,
    commit, rollback and close go straight to it."""

    con = None

    def _execute(self, statement: str) -> None:
        self.con.execute(statement)

    def _fetch(self, statement: str):
        return self.con.execute(statement).fetchall()

    def commit(self) -> None:
        self.con.commit()

    def rollback(self) -> None:
        self.con.rollback()

    def close(self) -> None:
        self.con.close()


def literal(builder, value, kind: str) -> exp.Expression:
    """A value of a camp type as a SQL literal; a null is cast so VALUES knows its type."""
    from dsl import model as m

    if value is None:
        return exp.cast(exp.Null(), sql_type(kind))
    return builder.constant(m.Const(value, kind))


def stored_type(kind: str) -> exp.DataType:
    """The column type of loaded data: decimals get an explicit scale, since a bare DECIMAL
    has none on some engines (Spark's is DECIMAL(10, 0))."""
    if kind == "decimal":
        return exp.DataType.build("decimal(18, 4)")
    return sql_type(kind)
