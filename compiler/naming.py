"""Names in the generated SQL: one quoting rule per dialect, and audience table names.

The quoting rule, the same for every dialect:

* A name written plainly in the catalog (an identifier) means what the warehouse makes of it
  unquoted: PostgreSQL and Redshift fold it to lower case, Snowflake to upper case, the
  others keep it (they compare such names without regard to case). It is printed unquoted.
* A `column "..."` or a `source` part written as a string is exact: it is printed quoted, as
  written, so the warehouse matches it case for case.
* A plain name that cannot be printed unquoted (a reserved word, a non-ASCII letter, any
  character outside `[A-Za-z0-9_]`, a leading digit) is quoted *after* the warehouse's folding,
  so quoting it does not change what it resolves to (`Order` on PostgreSQL becomes "order").

The reserved words are one list for every dialect (the SQL standard's and the warehouses'
common ones) joined with sqlglot's list for the dialect: quoting a word that a warehouse does
not reserve is harmless, because the folding has already been applied.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache

from sqlglot import exp
from sqlglot.dialects.dialect import Dialect

from compiler.dialects import LOWER, UPPER, DialectRules, Unsupported
from dsl.model import SourcePart, normalize_label

REGISTRY_TABLE = "camp_audiences"
REGISTRY_COLUMNS = (
    ("label", "text"), ("table_name", "text"), ("campaign", "text"), ("dimension", "text"),
    ("mapping", "text"), ("row_count", "integer"), ("saved_at", "timestamp"),
)
STAGING_SUFFIX = "__camp_staging"
MAX_TABLE_NAME = 63          # PostgreSQL's limit, the smallest of the supported warehouses
HASH_CHARS = 10

_PLAIN = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")

RESERVED = frozenset("""
all alter and any array as asc asymmetric at authorization between bigint binary bit
boolean both by call case cast char character check collate column commit constraint
create cross cube current current_date current_time current_timestamp current_user cursor
database date day decimal default delete desc describe distinct double drop else end
escape except exists extract false fetch filter float for foreign from full function
grant group grouping having hour if ilike in inner insert int integer intersect interval
into is join lateral leading left like limit localtime localtimestamp merge minus minute
month natural new no none not null numeric of offset on only or order outer over overlaps
partition percent pivot primary qualify range real recursive references regexp right
rlike rollup row rows sample schema second select session_user set similar smallint some
start symmetric table tablesample then time timestamp to top trailing true truncate union
unique unknown unnest unpivot update user using values varchar view when where window with
within without year
""".split())


def fold(name: str, rules: DialectRules) -> str:
    """The name the warehouse resolves an unquoted `name` to."""
    if rules.folding == LOWER:
        return name.lower()
    if rules.folding == UPPER:
        return name.upper()
    return name


def needs_quotes(name: str, rules: DialectRules) -> bool:
    """Whether a plain name must be quoted to be read back as the same name."""
    if not _PLAIN.match(name):
        return True
    lowered = name.lower()
    return lowered in RESERVED or lowered in _sqlglot_reserved(rules.sqlglot)


@lru_cache(maxsize=None)
def _sqlglot_reserved(dialect: str) -> frozenset[str]:
    return frozenset(Dialect.get_or_raise(dialect).generator_class.RESERVED_KEYWORDS)


def identifier(name: str, rules: DialectRules, exact: bool = False) -> exp.Identifier:
    """An identifier that resolves as the quoting rule of the module says.

    A name longer than the warehouse accepts is refused (E502): PostgreSQL, for one, would
    silently cut it to 63 bytes, and two long names could then become the same column.
    """
    if len(name.encode("utf-8")) > rules.max_identifier:
        shown = name if len(name) <= 24 else name[:20] + "..."
        raise Unsupported(f"the name `{shown}`, longer than {rules.max_identifier} bytes,")
    if exact:
        return exp.Identifier(this=name, quoted=True)
    if needs_quotes(name, rules):
        return exp.Identifier(this=fold(name, rules), quoted=True)
    return exp.Identifier(this=name, quoted=False)


def source_table(parts: tuple[SourcePart, ...], rules: DialectRules,
                 alias: str | None = None) -> exp.Table:
    """The physical table of a dimension: `table`, `db.table` or `catalog.db.table`."""
    idents = [identifier(p.text, rules, p.exact) for p in parts]
    table = exp.Table(this=idents[-1])
    if len(idents) >= 2:
        table.set("db", idents[-2])
    if len(idents) >= 3:
        table.set("catalog", exp.Dot.build(idents[:-2]) if len(idents) > 3 else idents[0])
    if alias:
        table.set("alias", exp.TableAlias(this=identifier(alias, rules)))
    return table


def slug(text: str) -> str:
    """An ASCII slug: accents dropped, every run of other characters becomes one `_`."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "_", ascii_text.lower()).strip("_")


def audience_table_name(label: str) -> str:
    """The table of an audience: `aud_<slug>_<10 hex of sha256>` of the normalized label.

    The hash makes two different labels never share a table; labels equal after
    normalization (which the checker forbids) share one. The slug is cut so that the whole
    name stays within 63 characters; an empty slug is left out (`aud_<hash>`).
    """
    normalized = normalize_label(label)
    digest = hashlib.sha256(normalized.encode("utf-8")).hexdigest()[:HASH_CHARS]
    room = MAX_TABLE_NAME - len("aud_") - len("_") - HASH_CHARS
    text = slug(normalized)[:room].rstrip("_")
    return f"aud_{text}_{digest}" if text else f"aud_{digest}"


def qualified_table(name: str, schema: str | None, rules: DialectRules) -> exp.Table:
    """A table of ours (an audience or the registry), in `audience_schema` when set."""
    table = exp.Table(this=identifier(name, rules))
    if schema:
        table.set("db", identifier(schema, rules))
    return table


def audience_table(label: str, schema: str | None, rules: DialectRules) -> exp.Table:
    return qualified_table(audience_table_name(label), schema, rules)


def registry_table(schema: str | None, rules: DialectRules) -> exp.Table:
    return qualified_table(REGISTRY_TABLE, schema, rules)


def staging_table(table: exp.Table, rules: DialectRules) -> exp.Table:
    """Where an engine without transactional DDL builds `table` before swapping it in."""
    name = table.name + STAGING_SUFFIX
    if len(name.encode("utf-8")) > min(rules.max_identifier, MAX_TABLE_NAME):
        # Too long with the suffix: a name derived from the whole table name, as unique.
        name = "camp_staging_" + hashlib.sha256(table.name.encode("utf-8")).hexdigest()[:20]
    staging = table.copy()
    staging.set("this", identifier(name, rules))
    return staging
