"""What the back end needs to know about each warehouse: a few capability flags.

A dialect is the sqlglot dialect that prints the SQL plus the facts that sqlglot cannot know
from an expression tree alone: how the warehouse folds unquoted names, which date arithmetic
keeps a date a date, how `like` treats a backslash, and where the statement envelope differs
(`compiler/templates/<name>/`). A construct that a dialect cannot express is reported as
E502 by `compiler.sqlgen`, never silently replaced.
"""

from __future__ import annotations

from dataclasses import dataclass

# How a warehouse resolves an unquoted name.
KEEP = "keep"        # case-insensitive or case-preserving: the name is used as written
LOWER = "lower"      # PostgreSQL, Redshift
UPPER = "upper"      # Snowflake


@dataclass(frozen=True, slots=True)
class DialectRules:
    name: str                      # as given to `--dialect`
    sqlglot: str                   # sqlglot's dialect name
    folding: str = KEEP

    # `date + INTERVAL` gives a timestamp, so a date result is cast back to DATE.
    date_interval_is_timestamp: bool = False

    # How `timestamp ± duration` is written: "timestamp_add" (sqlglot's TimestampAdd),
    # "datetime_add" (BigQuery DATETIME, our `timestamp`), "interval" (`ts + INTERVAL`).
    timestamp_arithmetic: str = "timestamp_add"

    # `like` patterns: the warehouse treats a backslash as an escape character by default,
    # so a literal backslash in the pattern is doubled to keep `%` and `_` the only wildcards.
    like_backslash_escapes: bool = False

    # The current date and time in a zone: "convert" (CONVERT_TIMEZONE / AT TIME ZONE through
    # sqlglot's ConvertTimezone), "bigquery" (CURRENT_DATE(zone), CURRENT_DATETIME(zone)).
    current_time: str = "convert"

    # The script runs inside one transaction (transactional DDL).
    transactional_ddl: bool = True


DIALECTS: dict[str, DialectRules] = {
    "duckdb": DialectRules("duckdb", "duckdb", date_interval_is_timestamp=True),
    "postgres": DialectRules(
        "postgres", "postgres", folding=LOWER, date_interval_is_timestamp=True,
        like_backslash_escapes=True,
    ),
    "snowflake": DialectRules(
        "snowflake", "snowflake", folding=UPPER, transactional_ddl=False,
        like_backslash_escapes=True,
    ),
    "bigquery": DialectRules(
        "bigquery", "bigquery", timestamp_arithmetic="datetime_add",
        like_backslash_escapes=True, current_time="bigquery", transactional_ddl=False,
    ),
    "spark": DialectRules(
        "spark", "spark", timestamp_arithmetic="interval", like_backslash_escapes=True,
        transactional_ddl=False,
    ),
}


def dialect_rules(name: str) -> DialectRules:
    """The rules of a dialect accepted by `--dialect`; KeyError for an unknown name."""
    return DIALECTS[name]
