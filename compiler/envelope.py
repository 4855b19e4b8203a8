"""The statements around each audience query, from the Jinja templates in `templates/`.

Templates hold the statement envelope only: which statements, in which order. Every value
that goes into them (names, labels, types, queries) is SQL already printed by sqlglot for the
dialect, so quoting and escaping are never the templates' business. A dialect overrides a
template by a file of the same name in `templates/<dialect>/`, usually extending the generic
one and replacing a block.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import jinja2
from sqlglot import exp

from compiler import naming
from compiler.dialects import DialectRules
from compiler.expressions import sql_type
from compiler.sqlgen import AudienceQuery, render
from dsl import model as m

TEMPLATES = Path(__file__).parent / "templates"


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )


def template(name: str, rules: DialectRules) -> jinja2.Template:
    """The dialect's own template where it has one, else the generic one."""
    return environment().select_template([f"{rules.name}/{name}", name])


def literal(text: str, rules: DialectRules) -> str:
    return render(exp.Literal.string(text), rules)


def comment_text(text: str) -> str:
    """A name as it may appear in a `--` comment: on one line."""
    return " ".join(text.splitlines()) if text else text


@dataclass(frozen=True, slots=True)
class SavedAudience:
    """An audience ready for the envelope: its table and its query printed."""

    label: str
    table_name: str          # as usable in a query on the database (schema-qualified)
    sql: str                 # the envelope statements (published) or the query (draft)


@lru_cache(maxsize=None)
def setup(schema: str | None, rules: DialectRules) -> str:
    """Create the audience schema (where set) and the registry table if missing."""
    types = {name: render(sql_type(kind), rules) for name, kind in
             (("text", m.TEXT), ("integer", m.INTEGER), ("timestamp", m.TIMESTAMP))}
    registry = naming.registry_table(schema, rules)
    columns = exp.Schema(this=registry.copy(), expressions=[
        exp.ColumnDef(this=exp.to_identifier(name), kind=sql_type(kind))
        for name, kind in naming.REGISTRY_COLUMNS
    ])
    create_schema = None
    if schema:
        create_schema = render(exp.Create(kind="SCHEMA", exists=True, this=exp.Table(
            this=naming.identifier(schema, rules))), rules)
    return template("setup.sql.j2", rules).render(
        schema=render(naming.identifier(schema, rules), rules) if schema else None,
        registry=render(registry, rules),
        types=types,
        create_schema=create_schema,
        create_registry=render(exp.Create(kind="TABLE", exists=True, this=columns), rules),
    ).strip()


def audience(query: AudienceQuery, campaign: str, schema: str | None,
             rules: DialectRules) -> SavedAudience:
    """Replace the audience table with the query's rows and upsert its registry row."""
    save = query.save
    target = naming.audience_table(save.label, schema, rules)
    table = render(target, rules)
    registry = naming.registry_table(schema, rules)
    sql = template("audience.sql.j2", rules).render(
        table=table,
        query=render(query.rows, rules, save.span),
        create_table=_CreateTableAs(target, query.rows, rules, save.span),
        staging=render(naming.staging_table(target, rules), rules),
        registry=render(registry, rules),
        registry_staging=render(naming.staging_table(registry, rules), rules),
        table_name=literal(table, rules),
        label=literal(save.label, rules),
        campaign=literal(campaign, rules),
        dimension=literal(save.dimension, rules),
        mapping=literal(save.mapping.name, rules),
        saved_at=_now(rules),
    ).strip()
    return SavedAudience(save.label, table, sql)


class _CreateTableAs:
    """`CREATE TABLE target AS query`, printed only if a template uses it: most envelopes
    never do, and printing the audience query twice was a third of compile time."""

    def __init__(self, target: exp.Table, query: exp.Select, rules: DialectRules, span):
        self.target, self.query, self.rules, self.span = target, query, rules, span

    def __str__(self) -> str:
        create = exp.Create(kind="TABLE", this=self.target.copy(),
                            expression=self.query.copy())
        return render(create, self.rules, self.span)


@lru_cache(maxsize=None)
def _now(rules: DialectRules) -> str:
    return render(exp.cast(exp.CurrentTimestamp(), "timestamp"), rules)


def draft(query: AudienceQuery, schema: str | None, rules: DialectRules) -> SavedAudience:
    """A draft's audience: its query only."""
    table = render(naming.audience_table(query.save.label, schema, rules), rules)
    return SavedAudience(query.save.label, table, render(query.rows, rules, query.save.span))


def script(campaign: m.CheckedCampaign, audiences: list[SavedAudience], setup_sql: str,
           today: str, rules: DialectRules) -> str:
    """The whole script of a campaign: header, then the envelope of each audience."""
    name = "draft.sql.j2" if not campaign.published else "script.sql.j2"
    shown = [SavedAudience(comment_text(a.label), a.table_name, a.sql) for a in audiences]
    return template(name, rules).render(
        campaign=comment_text(campaign.name), status=campaign.status, dialect=rules.name,
        today=today, setup=setup_sql, audiences=shown,
    ).strip() + "\n"
