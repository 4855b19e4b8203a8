"""What the back end needs to know about each warehouse: capability flags and rewrites.

A dialect is the sqlglot dialect that prints the SQL plus the facts that sqlglot cannot know
from an expression tree alone: how the warehouse folds unquoted names, which date arithmetic
keeps a date a date, how `like` treats a backslash, and where the statement envelope differs
(`compiler/templates/<name>/`).

sqlglot prints some expressions for a dialect that lacks them as if it had them (`YEAR(d)` on
SQLite, `ENDS_WITH` on Redshift, `TIMESTAMP_SUB` on Trino), so `adapt` rewrites those nodes
into what the warehouse does have before printing (an *emulation*), and raises `Unsupported`
for what it cannot express at all; `compiler.sqlgen` reports that as E502. The capability
table of `docs/dialects.md` is generated from `capabilities` below:

    python -m compiler.dialects --markdown > docs/dialects.md
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass

from sqlglot import exp

# How a warehouse resolves an unquoted name.
KEEP = "keep"        # case-insensitive or case-preserving: the name is used as written
LOWER = "lower"      # PostgreSQL, Redshift
UPPER = "upper"      # Snowflake

NATIVE, EMULATED, UNSUPPORTED = "native", "emulated", "unsupported"


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
    # sqlglot's ConvertTimezone), "bigquery" (CURRENT_DATE(zone), CURRENT_DATETIME(zone)),
    # "utc" (the warehouse knows no zone names: only a project in UTC can read its clock).
    current_time: str = "convert"

    # The script runs inside one transaction (transactional DDL).
    transactional_ddl: bool = True

    # How an audience table is replaced: "transaction" (DROP + CREATE inside the script's
    # transaction), "create_or_replace" (one atomic statement), "swap" (build a staging table,
    # then drop the old one and rename).
    replace: str = "transaction"

    # The engine has no SQL-level schemas (SQLite: attached database files instead).
    schemas: bool = True

    # The longest identifier the warehouse accepts (audience table names stay within 63).
    max_identifier: int = 128


DIALECTS: dict[str, DialectRules] = {
    "duckdb": DialectRules("duckdb", "duckdb", date_interval_is_timestamp=True,
                           replace="create_or_replace", max_identifier=255),
    "postgres": DialectRules(
        "postgres", "postgres", folding=LOWER, date_interval_is_timestamp=True,
        like_backslash_escapes=True, max_identifier=63,
    ),
    "sqlite": DialectRules("sqlite", "sqlite", current_time="utc", schemas=False,
                           max_identifier=10_000),
    "snowflake": DialectRules(
        "snowflake", "snowflake", folding=UPPER, transactional_ddl=False,
        like_backslash_escapes=True, replace="create_or_replace", max_identifier=255,
    ),
    "bigquery": DialectRules(
        "bigquery", "bigquery", timestamp_arithmetic="datetime_add",
        like_backslash_escapes=True, current_time="bigquery", transactional_ddl=False,
        replace="create_or_replace", max_identifier=1024,
    ),
    "spark": DialectRules(
        "spark", "spark", timestamp_arithmetic="interval", like_backslash_escapes=True,
        transactional_ddl=False, replace="swap", max_identifier=255,
    ),
    "databricks": DialectRules(
        "databricks", "databricks", timestamp_arithmetic="interval",
        like_backslash_escapes=True, transactional_ddl=False, replace="create_or_replace",
        max_identifier=255,
    ),
    "redshift": DialectRules(
        "redshift", "redshift", folding=LOWER, date_interval_is_timestamp=True,
        like_backslash_escapes=True, max_identifier=127,
    ),
    "trino": DialectRules("trino", "trino", transactional_ddl=False,
                          replace="create_or_replace", max_identifier=128),
    "tsql": DialectRules("tsql", "tsql", current_time="utc", max_identifier=128),
}


def dialect_rules(name: str) -> DialectRules:
    """The rules of a dialect accepted by `--dialect`; KeyError for an unknown name."""
    return DIALECTS[name]


class Unsupported(Exception):
    """A construct that the dialect cannot express; becomes an E502 diagnostic."""

    def __init__(self, construct: str, span=None):
        super().__init__(construct)
        self.construct = construct
        self.span = span          # the step it comes from, filled in on the way out


# ---------------------------------------------------------------------------- rewrites


def adapt(expression: exp.Expression, rules: DialectRules) -> exp.Expression:
    """`expression` with the nodes the dialect lacks rewritten (emulated), before printing.

    Raises `Unsupported` for a node that the dialect cannot express.
    """
    rewrite = _REWRITES.get(rules.name)
    if rewrite is None:
        return expression
    root = expression.copy()
    # Children before parents (reversed pre-order), so that a rewritten node keeps the
    # rewritten forms of what it contains.
    for node in reversed(list(root.walk())):
        replaced = rewrite(node)
        if replaced is not node:
            if node is root:
                root = replaced
            else:
                node.replace(replaced)
    return root


def _literal_amount(node: exp.Expression) -> int:
    amount = node.args.get("expression")
    negative = isinstance(amount, exp.Neg)
    value = amount.this if negative else amount
    if not (isinstance(value, exp.Literal) and value.is_int):
        raise Unsupported("date arithmetic with a computed amount")
    return -int(value.name) if negative else int(value.name)


def _signed_amount(node: exp.Expression) -> int:
    amount = _literal_amount(node)
    subtract = isinstance(node, (exp.DateSub, exp.TimestampSub, exp.DatetimeSub))
    return -amount if subtract else amount


def _unit(node: exp.Expression) -> str:
    return node.text("unit").upper() or "DAY"


def _func(name: str, *args: exp.Expression) -> exp.Expression:
    return exp.Anonymous(this=name, expressions=list(args))


def _text(value: str) -> exp.Literal:
    return exp.Literal.string(value)


def _sqlite_moved(value: exp.Expression, amount: int, unit: str, timestamp: bool):
    """SQLite's DATE()/DATETIME() modifiers, with months clamped to the month's last day.

    SQLite normalizes 2024-01-31 + 1 month to 2024-03-02; the clamped value is the smaller of
    that and the last day of the month reached (ISO text compares in date order).
    """
    function = "DATETIME" if timestamp else "DATE"
    if unit not in ("MONTH", "YEAR"):
        return _func(function, value, _text(f"{amount:+d} {unit.lower()}s"))
    months = amount * (12 if unit == "YEAR" else 1)
    moved = _func(function, value.copy(), _text(f"{months:+d} months"))
    last_day = _func("DATE", value.copy(), _text("start of month"),
                     _text(f"{months + 1:+d} months"), _text("-1 days"))
    if timestamp:
        time_of_day = exp.DPipe(this=_text("+"), expression=_func("TIME", value.copy()))
        last_day = _func("DATETIME", last_day, time_of_day)
    return _func("MIN", moved, last_day)


def _glob_pattern(pattern: str) -> str:
    """A `like` pattern as a GLOB pattern: case-sensitive, `*?[` taken literally."""
    special = {"*": "[*]", "?": "[?]", "[": "[[]", "%": "*", "_": "?"}
    return "".join(special.get(char, char) for char in pattern)


def _sqlite(node: exp.Expression) -> exp.Expression:
    parts = {exp.Year: "%Y", exp.Month: "%m", exp.Day: "%d"}
    if type(node) in parts:
        text = _func("STRFTIME", _text(parts[type(node)]), node.this)
        return exp.cast(text, "integer")
    if isinstance(node, (exp.DateAdd, exp.DateSub)):
        return _sqlite_moved(node.this, _signed_amount(node), _unit(node), False)
    if isinstance(node, (exp.TimestampAdd, exp.TimestampSub)):
        return _sqlite_moved(node.this, _signed_amount(node), _unit(node), True)
    if isinstance(node, exp.StartsWith):
        prefix = _func("SUBSTR", node.this, exp.Literal.number(1),
                       exp.Length(this=node.expression.copy()))
        return exp.paren(exp.EQ(this=prefix, expression=node.expression), copy=False)
    if isinstance(node, exp.EndsWith):
        return _sqlite_ends_with(node.this, node.expression)
    if isinstance(node, exp.Like):
        pattern = node.expression
        if not (isinstance(pattern, exp.Literal) and pattern.is_string):
            raise Unsupported("`like` with a computed pattern")
        return exp.Glob(this=node.this, expression=_text(_glob_pattern(pattern.name)))
    if isinstance(node, exp.ConvertTimezone):
        return _utc_now(node, "sqlite", exp.CurrentTimestamp())
    return node


def _sqlite_ends_with(text: exp.Expression, suffix: exp.Expression) -> exp.Expression:
    long_enough = exp.GTE(this=exp.Length(this=text.copy()),
                          expression=exp.Length(this=suffix.copy()))
    start = exp.Add(this=exp.Sub(this=exp.Length(this=text.copy()),
                                 expression=exp.Length(this=suffix.copy())),
                    expression=exp.Literal.number(1))
    tail = exp.EQ(this=_func("SUBSTR", text, start), expression=suffix)
    return exp.paren(exp.and_(long_enough, tail, copy=False), copy=False)


def _utc_now(node: exp.ConvertTimezone, dialect: str, now: exp.Expression) -> exp.Expression:
    zone = node.args.get("target_tz")
    if zone is not None and zone.name.upper() in ("UTC", "ETC/UTC"):
        return now
    raise Unsupported(f"the current date in time zone `{zone.name if zone else '?'}` "
                      f"(the warehouse reads its clock in UTC only; use --as-of)")


def _negative_add(node: exp.Expression) -> exp.Expression:
    """`x - n UNIT` as `x + (-n) UNIT`, for dialects whose subtraction sqlglot cannot print."""
    kind = exp.DateAdd if isinstance(node, exp.DateSub) else exp.TimestampAdd
    amount = _signed_amount(node)
    value = exp.Literal.number(amount) if amount >= 0 else exp.Neg(
        this=exp.Literal.number(-amount))
    return kind(this=node.this, expression=value, unit=exp.var(_unit(node)))


def _trino(node: exp.Expression) -> exp.Expression:
    if isinstance(node, exp.TimestampSub):
        return _negative_add(node)
    return node


def _strpos_is_first(text: exp.Expression, part: exp.Expression) -> exp.Expression:
    return exp.EQ(this=exp.StrPosition(this=text, substr=part), expression=exp.Literal.number(1))


def _redshift(node: exp.Expression) -> exp.Expression:
    # sqlglot prints STARTS_WITH as `a LIKE b || '%'`, which reads `%` and `_` in b as
    # wildcards, and ENDS_WITH, which Redshift lacks: a first match at position 1 is neither.
    if isinstance(node, exp.StartsWith):
        return exp.paren(_strpos_is_first(node.this, node.expression), copy=False)
    if isinstance(node, exp.EndsWith):
        reverse = [_func("REVERSE", e) for e in (node.this, node.expression)]
        return exp.paren(_strpos_is_first(*reverse), copy=False)
    return node


def _postgres(node: exp.Expression) -> exp.Expression:
    # PostgreSQL has STARTS_WITH but no ENDS_WITH, which sqlglot prints all the same.
    if isinstance(node, exp.EndsWith):
        reverse = [_func("REVERSE", e) for e in (node.this, node.expression)]
        return exp.paren(_strpos_is_first(*reverse), copy=False)
    return node


BINARY_COLLATION = "Latin1_General_100_BIN2"


def _tsql(node: exp.Expression) -> exp.Expression:
    if isinstance(node, exp.Literal) and node.is_string and not node.this.isascii():
        # Without N'...', SQL Server reads the literal in the column's code page and turns
        # what it cannot hold (accents under some collations, every emoji) into `?`.
        return exp.National(this=node.this)
    if isinstance(node, exp.DataType) and node.this == exp.DataType.Type.TEXT:
        return exp.DataType.build("NVARCHAR(MAX)", dialect="tsql")  # text is Unicode text
    if isinstance(node, (exp.DateSub, exp.TimestampSub)):
        return _negative_add(node)
    if isinstance(node, exp.StartsWith):
        return exp.paren(_strpos_is_first(node.this, node.expression), copy=False)
    if isinstance(node, exp.EndsWith):
        reverse = [_func("REVERSE", e) for e in (node.this, node.expression)]
        return exp.paren(_strpos_is_first(*reverse), copy=False)
    if isinstance(node, exp.Like):
        return _tsql_like(node)
    if isinstance(node, exp.ConvertTimezone):
        return _utc_now(node, "tsql", _func("SYSUTCDATETIME"))
    if isinstance(node, exp.Select):
        for projection in node.expressions:
            value = projection.this if isinstance(projection, exp.Alias) else projection
            if isinstance(value, exp.Predicate | exp.Connector | exp.Not | exp.Exists):
                raise Unsupported("a boolean value as a column (SQL Server has no boolean type)")
    return node


def _tsql_like(node: exp.Like) -> exp.Expression:
    """Case-sensitive `like` with `[` taken literally: a binary collation, `[` as `[[]`."""
    pattern = node.expression
    if not (isinstance(pattern, exp.Literal) and pattern.is_string):
        raise Unsupported("`like` with a computed pattern")
    subject = exp.Collate(this=node.this, expression=exp.var(BINARY_COLLATION))
    return exp.Like(this=subject, expression=_text(pattern.name.replace("[", "[[]")))


_REWRITES = {"sqlite": _sqlite, "postgres": _postgres, "trino": _trino, "redshift": _redshift,
             "tsql": _tsql}


# ---------------------------------------------------------------------------- capability table

CONSTRUCTS = (
    "names: unquoted names fold to",
    "date ± duration (months clamp to the month's end)",
    "timestamp ± duration",
    "`year`, `month`, `day`",
    "`days_between`, `age`",
    "`starts with`, `ends with`",
    "`like`: case-sensitive, `%` and `_` only",
    "nulls last in `order by`",
    "boolean values as columns",
    "`today()` in the project's zone, without `--as-of`",
    "audience schemas",
    "replacing an audience atomically",
)


def capabilities(rules: DialectRules) -> dict[str, tuple[str, str]]:
    """construct → (native / emulated / unsupported, how), for `docs/dialects.md`."""
    name = rules.name
    folding = {KEEP: "kept as written", LOWER: "lower case", UPPER: "upper case"}[rules.folding]
    table = {construct: (NATIVE, "") for construct in CONSTRUCTS}
    table[CONSTRUCTS[0]] = (NATIVE, folding)
    if name == "sqlite":
        table[CONSTRUCTS[1]] = (EMULATED, "`MIN(DATE(d, '+N months'), last day of month)`")
        table[CONSTRUCTS[2]] = (EMULATED, "`DATETIME(t, modifiers)`, clamped alike")
        table[CONSTRUCTS[3]] = (EMULATED, "`CAST(STRFTIME('%Y', d) AS INTEGER)`")
        table[CONSTRUCTS[4]] = (EMULATED, "`JULIANDAY` difference")
        table[CONSTRUCTS[5]] = (EMULATED, "`SUBSTR` comparison")
        table[CONSTRUCTS[6]] = (EMULATED, "`GLOB` with a translated constant pattern; "
                                          "a computed pattern is unsupported")
        table[CONSTRUCTS[10]] = (EMULATED, "attached database files (`camp run`)")
    if name in ("redshift", "tsql"):
        table[CONSTRUCTS[5]] = (EMULATED, "`STRPOS`/`CHARINDEX` = 1 (on `REVERSE` for the end)")
    if name == "postgres":
        table[CONSTRUCTS[5]] = (EMULATED, "`ends with`: `STRPOS(REVERSE(a), REVERSE(b)) = 1`")
    if name == "tsql":
        table[CONSTRUCTS[2]] = (NATIVE, "`DATEADD`, a subtraction as a negative amount")
        table[CONSTRUCTS[6]] = (EMULATED, f"`COLLATE {BINARY_COLLATION}`, `[` escaped; "
                                          "a computed pattern is unsupported")
        table[CONSTRUCTS[7]] = (EMULATED, "`CASE WHEN x IS NULL THEN 1 ELSE 0 END` first")
        table[CONSTRUCTS[8]] = (UNSUPPORTED, "no boolean type: a condition cannot be saved")
    if rules.like_backslash_escapes:
        table[CONSTRUCTS[6]] = (EMULATED, "a backslash in the pattern is doubled")
    if rules.current_time == "utc":
        table[CONSTRUCTS[9]] = (UNSUPPORTED, "only for a project in UTC; use `--as-of` "
                                             "(`camp run` always fixes the date)")
    table[CONSTRUCTS[11]] = {
        "transaction": (NATIVE, "DROP + CREATE in the run's transaction"),
        "create_or_replace": (NATIVE, "`CREATE OR REPLACE TABLE`, one audience at a time"),
        "swap": (EMULATED, "build a staging table, then drop and rename"),
    }[rules.replace]
    if name == "duckdb":
        table[CONSTRUCTS[11]] = (NATIVE, "`CREATE OR REPLACE TABLE` in the run's transaction")
    return table


def markdown() -> str:
    """The capability table of every dialect, as committed in `docs/dialects.md`."""
    names = list(DIALECTS)
    lines = [
        "# Dialects",
        "",
        "Generated by `python -m compiler.dialects --markdown > docs/dialects.md` from",
        "`compiler/dialects.py`; a test checks that this file is current.",
        "",
        "*native*: the warehouse's own construct; *emulated*: an equivalent expression of",
        "other constructs, with the same result; *unsupported*: `camp compile` reports E502",
        "naming the construct and the dialect, and writes no SQL for that campaign.",
        "",
        "| construct | " + " | ".join(f"`{n}`" for n in names) + " |",
        "|---" * (len(names) + 1) + "|",
    ]
    tables = {n: capabilities(DIALECTS[n]) for n in names}
    for construct in CONSTRUCTS:
        cells = []
        for n in names:
            status, how = tables[n][construct]
            cells.append(f"{status}: {how}" if how else status)
        lines.append(f"| {construct} | " + " | ".join(cells) + " |")
    lines += ["", "Longest identifier accepted (audience table names stay within 63 "
              "characters):", ""]
    lines += [f"- `{n}`: {DIALECTS[n].max_identifier}" for n in names]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m compiler.dialects")
    parser.add_argument("--markdown", action="store_true",
                        help="print the capability table of every dialect")
    args = parser.parse_args(argv)
    if args.markdown:
        sys.stdout.write(markdown())
        return 0
    print("\n".join(DIALECTS))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
