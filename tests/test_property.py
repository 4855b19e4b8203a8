"""Random campaigns over the travel schema, run on DuckDB and compared with the oracle.

Each example draws small data (nulls, ties, empty tables, bookings of unknown recipients,
several recipients sharing a CRM id) and one or two campaigns mixing every step: filters of
every kind of condition, enrich, union / intersect / exclude, change dimension, dedup,
limit, split, and a second campaign that reads an audience of the first. The campaigns are
written as `.camp` text, so the parser and the checker see them as an analyst's would; the
checked model is then run by `camp run`'s code on DuckDB and evaluated by `tests/oracle.py`,
and every saved audience must hold the same multiset of rows.

The examples are derandomized, so a CI run is reproducible.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from decimal import Decimal
from pathlib import Path

import duckdb
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st

from compiler.run import run_project
from dsl import model as m
from dsl.checker import check_modules
from dsl.diagnostics import has_errors
from dsl.parse import parse_module
from oracle import Oracle

TODAY = dt.date(2026, 1, 31)
DIMENSIONS_FILE = Path(__file__).resolve().parent.parent / "examples" / "travel" / "dimensions.camp"
DIMENSIONS = DIMENSIONS_FILE.read_text(encoding="utf-8")

D, T = dt.date, dt.datetime

# ---------------------------------------------------------------------------- choices


class Chooser:
    """The random choices of a generator: from hypothesis (shrinks) or from `random`."""

    def __init__(self, data=None, rng: random.Random | None = None):
        self.data = data
        self.rng = rng

    def one(self, options):
        options = list(options)
        if self.data is not None:
            return self.data.draw(st.sampled_from(options))
        return self.rng.choice(options)

    def number(self, low: int, high: int) -> int:
        if self.data is not None:
            return self.data.draw(st.integers(low, high))
        return self.rng.randint(low, high)

    def chance(self, percent: int) -> bool:
        return self.number(1, 100) <= percent

    def subset(self, options, least: int, most: int) -> list:
        if self.data is not None:
            return self.data.draw(st.lists(st.sampled_from(options), unique=True,
                                           min_size=least, max_size=most))
        return self.rng.sample(list(options), self.rng.randint(least, most))


# ---------------------------------------------------------------------------- data

RECIPIENT_VALUES = {
    "crm_id": ["C1", "C2", "C3", None],
    "email": ["a@x.fr", "b@x.com", "A@x.fr", None],
    "FirstName": ["Anna", "anna", "Bob", "a%b", "A_b", "x\\y", " Zoé ", None],
    "country": ["FR", "BE", "DE", "fr", None],
    "birth_date": [D(1990, 5, 17), D(2000, 2, 29), D(1976, 1, 31), D(2008, 2, 1), None],
    "loyalty_points": [0, 5, 10, 20, None],
    "opted_in": [True, False, None],
}
BOOKING_VALUES = {
    "recipient_id": [1, 2, 3, 4, 5, 6, 7, 8, 99, None],
    "booked_at": [T(2026, 1, 31), T(2026, 1, 30, 22), T(2026, 1, 1), T(2025, 12, 31, 23, 59, 59),
                  T(2025, 6, 15, 12), T(2026, 2, 1), T(2026, 2, 10, 9), None],
    "destination": ["Paris", "Rome", "Oslo", "Nice", None],
    "amount": [Decimal("0"), Decimal("10.5"), Decimal("100"), Decimal("250.25"), None],
    "channel": ["web", "mobile", "agency", None],
    "nights": [0, 1, 3, 7, None],
}


def draw_tables(choose: Chooser) -> dict[str, list[dict]]:
    """Recipients and bookings; keys are unique, everything else may repeat or be null."""
    recipients = []
    # Mostly a handful of rows, sometimes none: an empty table is a case of its own.
    least = 0 if choose.chance(5) else 4
    for recipient_id in choose.subset(range(1, 9), least, 8):
        row = {"recipient_id": recipient_id}
        row.update({column: choose.one(values) for column, values in RECIPIENT_VALUES.items()})
        recipients.append(row)
    bookings = []
    least = 0 if choose.chance(5) else 5
    for booking_id in choose.subset(range(1, 15), least, 12):
        row = {"booking_id": booking_id}
        row.update({column: choose.one(values) for column, values in BOOKING_VALUES.items()})
        bookings.append(row)
    return {"crm.recipients": recipients, "crm.bookings": bookings}


def load_tables(con, tables: dict[str, list[dict]]) -> None:
    con.execute("CREATE SCHEMA crm")
    con.execute('CREATE TABLE crm.recipients (recipient_id INTEGER, crm_id TEXT, email TEXT, '
                '"FirstName" TEXT, country TEXT, birth_date DATE, loyalty_points INTEGER, '
                'opted_in BOOLEAN)')
    con.execute("CREATE TABLE crm.bookings (booking_id INTEGER, recipient_id INTEGER, "
                "booked_at TIMESTAMP, destination TEXT, amount DECIMAL(10, 2), channel TEXT, "
                "nights INTEGER)")
    for table, rows in tables.items():
        if rows:
            columns = list(rows[0])
            marks = ", ".join("?" for _ in columns)
            con.executemany(f"INSERT INTO {table} VALUES ({marks})",
                            [[row[c] for c in columns] for row in rows])


# ---------------------------------------------------------------------------- campaigns

# Attributes by dimension and type, as the travel catalog declares them.
ATTRIBUTES = {
    "recipients": {
        "integer": ["recipient_id", "loyalty_points"],
        "text": ["crm_id", "email", "first_name", "country"],
        "date": ["birth_date"],
        "boolean": ["opted_in"],
    },
    "bookings": {
        "integer": ["booking_id", "recipient_id", "nights"],
        "decimal": ["amount"],
        "text": ["destination", "channel"],
        "timestamp": ["booked_at"],
    },
}
TO_ONE = {"bookings": ("recipient", "recipients")}
# To-many links, reached directly or through a to-one link first.
TO_MANY = {"recipients": ("bookings", "bookings"), "bookings": ("recipient.bookings", "bookings")}
MAPPINGS = {"recipients": ["CRMID", "Email"], "bookings": ["CRMID"]}
OTHER = {"recipients": "bookings", "bookings": "recipients"}
CHANGE = {"recipients": ["change dimension to bookings",
                         "change dimension to bookings via bookings"],
          "bookings": ["change dimension to recipients",
                       "change dimension to recipients via recipient"]}

TEXTS = ["FR", "fr", "BE", "Anna", "a%b", "A_b", "x\\y", "Paris", "web", "C1", "C2", "a@x.fr",
         "", "%", "_"]
NUMBERS = ["0", "1", "5", "10", "20", "10.5", "100", "250.25", "3"]
DATES = ["1990-05-17", "2000-02-29", "2026-01-01", "2026-01-31"]
TIMESTAMPS = ["2026-01-30 22:00:00", "2026-01-01 00:00:00", "2025-12-31 23:59:59"]
PATTERNS = ["A%", "a%", "%a%", "_nna", "%\\\\%", "a\\\\%b", "a%b", "%@x.fr", "P%_"]
NUMERIC = ("integer", "decimal")


def text_literal(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


class Program:
    """Writes random campaigns as `.camp` text, keeping track of dimensions and names."""

    def __init__(self, choose: Chooser):
        self.choose = choose
        self.labels: list[tuple[str, str]] = []     # (label, dimension) of every save
        self.counter = 0

    def fresh(self, prefix: str) -> str:
        self.counter += 1
        return f"{prefix}{self.counter}"

    # ------------------------------------------------------------------ values

    def literal(self, type_: str) -> str:
        if type_ == "text":
            return text_literal(self.choose.one(TEXTS))
        if type_ in NUMERIC:
            return self.choose.one(NUMBERS)
        if type_ in ("date", "timestamp"):
            # A date meets a timestamp as its midnight: either kind is comparable.
            if self.choose.chance(70 if type_ == "date" else 30):
                return f'date "{self.choose.one(DATES)}"'
            return f'timestamp "{self.choose.one(TIMESTAMPS)}"'
        return self.choose.one(["true", "false"])

    def attribute(self, dimension: str, types) -> tuple[str, str] | None:
        options = [(name, t) for t, names in ATTRIBUTES[dimension].items() if t in types
                   for name in names]
        if dimension in TO_ONE:
            link, target = TO_ONE[dimension]
            options += [(f"{link}.{name}", t) for t, names in ATTRIBUTES[target].items()
                        if t in types for name in names]
        return self.choose.one(options) if options else None

    def term(self, dimension: str, enriched: dict[str, str], types, aggregates=True):
        """A value of one of `types`: an attribute, an enriched name, a function, an
        aggregate over the to-many link."""
        kinds = ["attribute", "attribute", "function"]
        if any(t in types for t in enriched.values()):
            kinds.append("enriched")
        if aggregates and dimension in TO_MANY:
            kinds.append("aggregate")
        kind = self.choose.one(kinds)
        if kind == "enriched":
            return self.choose.one([(n, t) for n, t in enriched.items() if t in types])
        if kind == "aggregate":
            found = self.aggregate(dimension, types)
            if found:
                return found
        if kind == "function":
            found = self.function(dimension, types)
            if found:
                return found
        return self.attribute(dimension, types) or self.attribute(dimension, ATTRIBUTES_TYPES)

    def function(self, dimension: str, types):
        options = []
        number = self.attribute(dimension, NUMERIC)
        text = self.attribute(dimension, ("text",))
        moment = self.attribute(dimension, ("date", "timestamp"))
        if "integer" in types:
            options += [(f"coalesce({number[0]}, 0)", number[1]) if number[1] == "integer"
                        else None,
                        (f"length({text[0]})", "integer"), (f"year({moment[0]})", "integer"),
                        (f"age({moment[0]})", "integer"),
                        (f"days_between({moment[0]}, today())", "integer")]
            options.append((f"{number[0]} * 2", number[1]) if number[1] == "integer" else None)
            options.append((f"-{number[0]}", number[1]) if number[1] == "integer" else None)
        if "decimal" in types:
            divisor = self.attribute(dimension, NUMERIC)
            options += [(f"{number[0]} / {divisor[0]}", "decimal"),
                        (f"{number[0]} + 0.5", "decimal"), (f"round({number[0]} / 3, 1)",
                                                            "decimal")]
        if "text" in types:
            options += [(f"lower({text[0]})", "text"), (f"upper({text[0]})", "text"),
                        (f"trim({text[0]})", "text"), (f'coalesce({text[0]}, "none")', "text")]
        if "date" in types:
            options += [(f"{moment[0]} + 1 month", moment[1]) if moment[1] == "date" else None]
        if "timestamp" in types:
            options += [(f"{moment[0]} - 2 hours", "timestamp")]
        options = [o for o in options if o is not None and o[1] in types]
        return self.choose.one(options) if options else None

    def aggregate(self, dimension: str, types):
        link, target = TO_MANY[dimension]
        where = ""
        if self.choose.chance(50):
            where = " where " + self.condition(target, {}, 0, aggregates=False)
        options = [(f"count({link}{where})", "integer")]
        for function in ("sum", "avg", "min", "max"):
            for type_, names in ATTRIBUTES[target].items():
                if function in ("sum", "avg") and type_ not in NUMERIC:
                    continue
                if type_ == "boolean":
                    continue
                result = "decimal" if function == "avg" else type_
                options += [(f"{function}({link}.{name}{where})", result) for name in names]
        options = [o for o in options if o[1] in types]
        return self.choose.one(options) if options else None

    # ------------------------------------------------------------------ conditions

    def condition(self, dimension: str, enriched: dict[str, str], depth: int,
                  aggregates: bool = True) -> str:
        kinds = ["compare", "compare", "in", "between", "null", "text", "time", "boolean"]
        if aggregates and dimension in TO_MANY:
            kinds.append("exists")
        if depth > 0:
            kinds += ["and", "or", "not"]
        kind = self.choose.one(kinds)
        if kind in ("and", "or"):
            left = self.condition(dimension, enriched, depth - 1, aggregates)
            right = self.condition(dimension, enriched, depth - 1, aggregates)
            return f"({left}) {kind} ({right})"
        if kind == "not":
            return f"not ({self.condition(dimension, enriched, depth - 1, aggregates)})"
        if kind == "exists":
            link, target = TO_MANY[dimension]
            negated = self.choose.one(["", "not "])
            if self.choose.chance(60):
                inner = self.condition(target, {}, 1, aggregates=False)
                return f"({negated}exists {link} where {inner})"
            return f"{negated}exists {link}"
        if kind == "boolean":
            found = self.term(dimension, enriched, ("boolean",), aggregates)
            if found and found[1] == "boolean":
                return found[0]
            kind = "compare"
        if kind == "text":
            name, _ = self.term(dimension, enriched, ("text",), aggregates)
            how = self.choose.one(["like", "contains", "starts with", "ends with"])
            pattern = self.choose.one(PATTERNS) if how == "like" else text_literal(
                self.choose.one(TEXTS))
            if how == "like":
                pattern = f'"{pattern}"'
            return f"{name} {how} {pattern}"
        if kind == "time":
            name, _ = self.term(dimension, enriched, ("date", "timestamp"), aggregates)
            window = self.choose.one(["last", "next"])
            amount = self.choose.number(0, 40)
            unit = self.choose.one(["days", "day", "weeks", "months", "years", "hours"])
            return f"{name} in {window} {amount} {unit}"
        name, type_ = self.term(dimension, enriched, ATTRIBUTES_TYPES, aggregates)
        if kind == "null":
            return f"{name} is {self.choose.one(['', 'not '])}null"
        if kind == "in" and type_ in ("text", "integer", "decimal"):
            values = [self.literal(type_) for _ in range(self.choose.number(1, 3))]
            if self.choose.chance(15):
                values.append("null")
            negated = self.choose.one(["", "not "])
            return f"{name} {negated}in ({', '.join(values)})"
        if kind == "between" and type_ != "boolean":
            return f"{name} between {self.literal(type_)} and {self.literal(type_)}"
        operator = self.choose.one(["=", "!=", "<", "<=", ">", ">="])
        if type_ == "boolean":
            operator = self.choose.one(["=", "!="])
        other = self.literal(type_)
        if self.choose.chance(20):
            found = self.term(dimension, enriched, (type_,) if type_ not in NUMERIC else NUMERIC,
                              aggregates)
            if found is not None and (found[1] == type_ or {found[1], type_} <= set(NUMERIC)):
                other = found[0]
        return f"{name} {operator} {other}"

    # ------------------------------------------------------------------ steps

    def order_by(self, dimension: str, enriched: dict[str, str]) -> str:
        keys = []
        for _ in range(self.choose.number(1, 2)):
            name, _type = self.term(dimension, enriched, ATTRIBUTES_TYPES, aggregates=False)
            keys.append(name + self.choose.one(["", " asc", " desc"]))
        return " order by " + ", ".join(keys)

    def limit(self, dimension: str, enriched: dict[str, str]) -> str:
        if self.choose.chance(40):
            amount = f"{self.choose.one([0, 10, 33, 50, 99, 100])}%"
        else:
            amount = str(self.choose.number(0, 6))
        order = self.order_by(dimension, enriched) if self.choose.chance(70) else ""
        return f"limit {amount}{order}"

    def save(self, dimension: str, enriched: dict[str, str]) -> str:
        label = self.fresh("Audience ")
        self.labels.append((label, dimension))
        mapping = self.choose.one(MAPPINGS[dimension])
        items = []
        for _ in range(self.choose.number(0, 3)):
            if enriched and self.choose.chance(50):
                name = self.choose.one(sorted(enriched))
            else:
                name, _type = self.attribute(dimension, ATTRIBUTES_TYPES)
            items.append(f"{name} as {self.fresh('c')}")
        with_items = " with " + ", ".join(items) if items else ""
        return f'save audience "{label}" map {mapping}{with_items}'

    def inner_block(self, dimension: str) -> str:
        """A block that starts a population and ends on `dimension`."""
        if self.choose.chance(25):
            other = OTHER[dimension]
            lines = [f"target {other}", f"filter {self.condition(other, {}, 1)}",
                     self.choose.one(CHANGE[other])]
        else:
            lines = [f"target {dimension}"]
            for _ in range(self.choose.number(0, 2)):
                lines.append(f"filter {self.condition(dimension, {}, 1)}")
        return "{ " + "\n      ".join(lines) + " }"

    def steps(self, dimension: str, enriched: dict[str, str], count: int,
              nested: int) -> list[str]:
        """`count` random steps, then a save or (at the top) a split."""
        lines = []
        for _ in range(count):
            kind = self.choose.one(["filter", "filter", "enrich", "combine", "change", "dedup",
                                    "limit", "save"])
            if kind == "filter":
                lines.append(f"filter {self.condition(dimension, enriched, 2)}")
            elif kind == "enrich":
                assignments = []
                for _ in range(self.choose.number(1, 2)):
                    name = self.fresh("e")
                    value, type_ = self.term(dimension, enriched, ATTRIBUTES_TYPES)
                    assignments.append(f"{name} = {value}")
                    enriched[name] = type_
                lines.append("enrich { " + "\n    ".join(assignments) + " }")
            elif kind == "combine":
                operation = self.choose.one(["union", "intersect", "exclude"])
                lines.append(f"{operation} {self.inner_block(dimension)}")
            elif kind == "change":
                lines.append(self.choose.one(CHANGE[dimension]))
                dimension = OTHER[dimension]
                enriched.clear()
            elif kind == "dedup":
                keys = [self.term(dimension, enriched, ATTRIBUTES_TYPES, aggregates=False)[0]
                        for _ in range(self.choose.number(1, 2))]
                keep = f" keep {self.choose.number(1, 3)}" if self.choose.chance(50) else ""
                order = self.order_by(dimension, enriched) if self.choose.chance(60) else ""
                lines.append(f"dedup by {', '.join(keys)}{keep}{order}")
            elif kind == "limit":
                lines.append(self.limit(dimension, enriched))
            else:
                lines.append(self.save(dimension, enriched))
        if nested == 0 and self.choose.chance(35):
            lines.append(self.split(dimension, enriched))
        else:
            lines.append(self.save(dimension, enriched))
        return lines

    def split(self, dimension: str, enriched: dict[str, str]) -> str:
        overlap = " overlap" if self.choose.chance(40) else ""
        parts = [f"split{overlap} {{"]
        for _ in range(self.choose.number(1, 3)):
            label = self.fresh("Segment ")
            condition = self.condition(dimension, enriched, 1)
            limit = " " + self.limit(dimension, enriched) if self.choose.chance(40) else ""
            body = self.steps(dimension, dict(enriched), self.choose.number(0, 1), 1)
            parts.append(f'  segment "{label}" where {condition}{limit} {{\n    '
                         + "\n    ".join(body) + "\n  }")
        if self.choose.chance(60):
            body = self.steps(dimension, dict(enriched), self.choose.number(0, 1), 1)
            parts.append("  otherwise {\n    " + "\n    ".join(body) + "\n  }")
        parts.append("}")
        return "\n  ".join(parts)

    def campaign(self, name: str) -> str:
        if self.labels and self.choose.chance(70):
            label, dimension = self.choose.one(self.labels)
            start = f'read audience "{label}"'
        else:
            dimension = self.choose.one(["recipients", "bookings"])
            start = f"target {dimension}"
        body = [start] + self.steps(dimension, {}, self.choose.number(0, 4), 0)
        return f'campaign "{name}" {{\n  status published\n  ' + "\n  ".join(body) + "\n}\n"

    def project(self) -> str:
        text = self.campaign("First")
        if self.choose.chance(30):
            text += self.campaign("Second")
        return text


ATTRIBUTES_TYPES = ("integer", "decimal", "text", "date", "timestamp", "boolean")


# ---------------------------------------------------------------------------- checking and running


DIMENSIONS_MODULE = parse_module(DIMENSIONS, "dimensions.camp")[0]


def check(text: str) -> m.CheckedProject:
    module, problems = parse_module(text, "campaigns.camp")
    if module is None:
        return m.CheckedProject(Path("."), m.Config(), m.Catalog(), [], problems,
                                {"campaigns.camp": text})
    catalog, campaigns, diagnostics = check_modules([DIMENSIONS_MODULE, module], m.Config())
    return m.CheckedProject(Path("."), m.Config(), catalog, campaigns, problems + diagnostics,
                            {"campaigns.camp": text})


def normalized(value):
    """Numbers compared as values, whatever their type (DECIMAL, DOUBLE, HUGEINT)."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, (int, float, Decimal)):
        return round(float(value), 6)
    return value


def bag(rows) -> Counter:
    return Counter(tuple(normalized(v) for v in row) for row in rows)


def run_on_duckdb(project: m.CheckedProject, tables) -> dict[str, Counter]:
    with duckdb.connect() as con:
        load_tables(con, tables)
        report = run_project(project, as_of=TODAY, connection=con)
        assert report.ok, report.diagnostics
        return {a.label: bag(con.execute(f"SELECT * FROM {a.table_name}").fetchall())
                for a in report.audiences}


def run_on_oracle(project: m.CheckedProject, tables) -> dict[str, Counter]:
    oracle = Oracle(project.catalog, tables, TODAY)
    saved = {}
    for campaign in project.campaigns:
        saved.update({label: bag(rows) for label, rows in oracle.run(campaign).items()})
    return saved


@settings(max_examples=300, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.data())
def test_duckdb_saves_what_the_oracle_computes(data):
    choose = Chooser(data)
    tables = draw_tables(choose)
    text = Program(choose).project()
    project = check(text)
    rejected = has_errors(project.diagnostics)
    event("rejected by the checker" if rejected else "checked")
    assume(not rejected)

    got = run_on_duckdb(project, tables)
    want = run_on_oracle(project, tables)

    assert got.keys() == want.keys(), text
    event("some audience holds rows" if any(sum(rows.values()) for rows in want.values())
          else "every audience is empty")
    for label in want:
        assert got[label] == want[label], f"{label} of\n{text}\non {tables}"


def test_the_checker_accepts_nearly_every_generated_program():
    rejected = []
    for seed in range(300):
        text = Program(Chooser(rng=random.Random(seed))).project()
        project = check(text)
        if has_errors(project.diagnostics):
            rejected.append((text, project.diagnostics[0]))
    assert len(rejected) <= 3, rejected[:3]
