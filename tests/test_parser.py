"""The parser: text → AST (`dsl.ast`), one case per construct of `grammar/camp.lark`.

Node equality ignores spans, so most cases compare whole trees; a few at the end check the
positions themselves (1-based, in code points, `end_column` one past the last character).
"""

from __future__ import annotations

import pytest

from dsl import ast
from dsl.parse import parse_module

# ---------------------------------------------------------------------------- helpers


def parse(text: str) -> ast.Module:
    module, problems = parse_module(text, "test.camp")
    assert problems == [], problems
    assert module is not None
    return module


def syntax_error(text: str):
    module, problems = parse_module(text, "test.camp")
    assert module is None, "expected a syntax error"
    [problem] = problems
    assert problem.code == "E100"
    return problem


def only_item(text: str):
    [item] = parse(text).items
    return item


def dimension_members(body: str) -> tuple:
    return only_item(f"dimension d {{\n{body}\n}}").members


def steps(body: str) -> tuple:
    return only_item(f'campaign "c" {{\n  target d\n{body}\n}}').steps[1:]


def step(body: str):
    [only] = steps(body)
    return only


def condition(text: str) -> ast.Expr:
    return step(f"  filter {text}").condition


def N(text: str) -> ast.Name:
    return ast.Name(text)


def P(dotted: str) -> ast.Path:
    return ast.Path(tuple(N(part) for part in dotted.split(".")))


def T(value: str) -> ast.Text:
    return ast.Text(value)


def INT(digits: str | int) -> ast.Literal:
    return ast.Literal("integer", str(digits))


def DEC(digits: str) -> ast.Literal:
    return ast.Literal("decimal", digits)


def STR(value: str) -> ast.Literal:
    return ast.Literal("text", value)


TRUE = ast.Literal("boolean", True)
FALSE = ast.Literal("boolean", False)
NULL = ast.Literal("null", None)


def B(left, op: str, right) -> ast.Binary:
    return ast.Binary(op, left, right)


# ---------------------------------------------------------------------------- dimensions


def test_dimension_with_title_and_every_member():
    dimension = only_item('''
dimension recipients "Recipients" {
  source crm.recipients
  key recipient_id
  mapping CRMID = crm_id
  recipient_id: integer
  first_name: text column "FirstName"
  link bookings to many bookings on recipient_id = recipient_id
}
''')
    assert dimension == ast.Dimension(N("recipients"), T("Recipients"), (
        ast.Source((N("crm"), N("recipients"))),
        ast.Key((N("recipient_id"),)),
        ast.Mapping(N("CRMID"), P("crm_id")),
        ast.Attribute(N("recipient_id"), N("integer"), None),
        ast.Attribute(N("first_name"), N("text"), T("FirstName")),
        ast.Link(N("bookings"), N("many"), N("bookings"), N("recipient_id"),
                 N("recipient_id")),
    ))


def test_dimension_without_title_or_members():
    assert only_item("dimension empty {}") == ast.Dimension(N("empty"), None, ())


@pytest.mark.parametrize("text, parts", [
    ("source recipients", (N("recipients"),)),
    ("source crm.recipients", (N("crm"), N("recipients"))),
    ('source "CRM Data"."Recipients"', (T("CRM Data"), T("Recipients"))),
    ('source warehouse.crm."Recipients 2024"', (N("warehouse"), N("crm"),
                                                T("Recipients 2024"))),
    ("source `select`.`from`", (N("select"), N("from"))),
])
def test_source_parts_are_plain_names_or_exact_strings(text, parts):
    assert dimension_members(text) == (ast.Source(parts),)


def test_composite_key():
    assert dimension_members("key order_id, line_no") == (
        ast.Key((N("order_id"), N("line_no"))),)


def test_mapping_through_to_one_links():
    assert dimension_members("mapping CRMID = booking.recipient.crm_id") == (
        ast.Mapping(N("CRMID"), P("booking.recipient.crm_id")),)


@pytest.mark.parametrize("text, attribute", [
    ("country: text", ast.Attribute(N("country"), N("text"), None)),
    ('first_name: text column "FirstName"',
     ast.Attribute(N("first_name"), N("text"), T("FirstName"))),
    ("amount: decimal", ast.Attribute(N("amount"), N("decimal"), None)),
    ("`status`: text", ast.Attribute(N("status"), N("text"), None)),
    ("status: text", ast.Attribute(N("status"), N("text"), None)),
    ("key_date: date", ast.Attribute(N("key_date"), N("date"), None)),
])
def test_attributes(text, attribute):
    assert dimension_members(text) == (attribute,)


@pytest.mark.parametrize("cardinality", ["one", "many"])
def test_links(cardinality):
    assert dimension_members(f"link recipient to {cardinality} recipients on rid = id") == (
        ast.Link(N("recipient"), N(cardinality), N("recipients"), N("rid"), N("id")),)


# ---------------------------------------------------------------------------- campaigns


def test_campaign_members_in_source_order():
    campaign = only_item('''
campaign "Recent travel bookers" {
  status published
  description "Recipients who booked a trip"
  target recipients
  save audience "Recent bookers" map CRMID
}
''')
    assert campaign == ast.Campaign(T("Recent travel bookers"), (
        ast.Status(N("published")),
        ast.Description(T("Recipients who booked a trip")),
        ast.Target(N("recipients")),
        ast.Save(T("Recent bookers"), N("CRMID"), ()),
    ))
    assert campaign.status == ast.Status(N("published"))
    assert campaign.description == ast.Description(T("Recipients who booked a trip"))
    assert campaign.steps == (ast.Target(N("recipients")),
                              ast.Save(T("Recent bookers"), N("CRMID"), ()))


def test_empty_campaign():
    campaign = only_item('campaign "nothing" {}')
    assert campaign == ast.Campaign(T("nothing"), ())
    assert campaign.status is None and campaign.description is None


def test_read_audience():
    campaign = only_item('campaign "c" { read audience "Recent bookers" }')
    assert campaign.steps == (ast.ReadAudience(T("Recent bookers")),)


def test_filter():
    assert step("  filter opted_in") == ast.Filter(P("opted_in"))


@pytest.mark.parametrize("kind", ["union", "intersect", "exclude"])
def test_combine_blocks(kind):
    assert step(f'  {kind} {{ read audience "A" filter x }}') == ast.Combine(kind, (
        ast.ReadAudience(T("A")), ast.Filter(P("x"))))


def test_combine_blocks_nest():
    assert step("  union { target d exclude { target d } }") == ast.Combine("union", (
        ast.Target(N("d")), ast.Combine("exclude", (ast.Target(N("d")),))))


def test_empty_combine_block_parses():
    assert step("  union { }") == ast.Combine("union", ())


def test_enrich():
    assert step("  enrich {\n    spend = sum(bookings.amount)\n    vip = spend > 100\n  }") == \
        ast.Enrich((
            ast.Assignment(N("spend"), ast.Aggregate("sum", P("bookings.amount"), None)),
            ast.Assignment(N("vip"), B(P("spend"), ">", INT(100))),
        ))


def test_empty_enrich():
    assert step("  enrich {}") == ast.Enrich(())


def test_change_dimension():
    assert step("  change dimension to bookings") == ast.ChangeDimension(N("bookings"), None)
    assert step("  change dimension to bookings via trips") == ast.ChangeDimension(
        N("bookings"), N("trips"))


def test_dedup_by_one_expression():
    assert step("  dedup by email") == ast.Dedup((P("email"),), None, ())


def test_dedup_with_keep_and_order():
    assert step("  dedup by lower(email), country keep 2 order by booked_at desc, id") == \
        ast.Dedup(
            (ast.Call(N("lower"), (P("email"),)), P("country")),
            INT(2),
            (ast.OrderItem(P("booked_at"), True), ast.OrderItem(P("id"), False)))


def test_dedup_with_order_and_no_keep():
    assert step("  dedup by email order by id asc") == ast.Dedup(
        (P("email"),), None, (ast.OrderItem(P("id"), False),))


@pytest.mark.parametrize("text, limit", [
    ("limit 100", ast.Limit(INT(100), False, ())),
    ("limit 1_000", ast.Limit(INT(1000), False, ())),
    ("limit 10%", ast.Limit(INT(10), True, ())),
    ("limit 10 %", ast.Limit(INT(10), True, ())),
    ("limit 5 order by loyalty_points desc",
     ast.Limit(INT(5), False, (ast.OrderItem(P("loyalty_points"), True),))),
    ("limit 5% order by age(birth_date) asc, id",
     ast.Limit(INT(5), True, (ast.OrderItem(ast.Call(N("age"), (P("birth_date"),)), False),
                              ast.OrderItem(P("id"), False)))),
])
def test_limit(text, limit):
    assert step("  " + text) == limit


def test_split_with_segments_limits_and_otherwise():
    split = step('''
  split {
    segment "Gold" where loyalty_points > 1000 limit 10 order by loyalty_points desc {
      save audience "Gold" map CRMID
    }
    segment "Rest" where true { }
    otherwise { filter opted_in }
  }''')
    assert split == ast.Split(False, (
        ast.Segment(T("Gold"), B(P("loyalty_points"), ">", INT(1000)),
                    ast.Limit(INT(10), False, (ast.OrderItem(P("loyalty_points"), True),)),
                    (ast.Save(T("Gold"), N("CRMID"), ()),)),
        ast.Segment(T("Rest"), TRUE, None, ()),
    ), (ast.Filter(P("opted_in")),))


def test_split_with_overlap_and_no_otherwise():
    assert step('  split overlap { segment "A" where a { } }') == ast.Split(
        True, (ast.Segment(T("A"), P("a"), None, ()),), None)


def test_split_with_only_otherwise():
    assert step("  split { otherwise { } }") == ast.Split(False, (), ())


def test_save_with_items_and_aliases():
    assert step('  save audience "Bookers" map CRMID with first_name, '
                'recipient.country as home_country, `limit` as lim') == ast.Save(
        T("Bookers"), N("CRMID"), (
            ast.SaveItem(P("first_name"), None),
            ast.SaveItem(P("recipient.country"), N("home_country")),
            ast.SaveItem(P("limit"), N("lim")),
        ))


def test_save_item_column_is_alias_or_last_name():
    save = step('  save audience "A" map M with recipient.country, email as mail')
    assert [item.column for item in save.items] == ["country", "mail"]


# ---------------------------------------------------------------------------- precedence


@pytest.mark.parametrize("text, tree", [
    ("a or b and c", B(P("a"), "or", B(P("b"), "and", P("c")))),
    ("a and b or c", B(B(P("a"), "and", P("b")), "or", P("c"))),
    ("not a and b", B(ast.Unary("not", P("a")), "and", P("b"))),
    ("not a = b", ast.Unary("not", B(P("a"), "=", P("b")))),
    ("not not a", ast.Unary("not", ast.Unary("not", P("a")))),
    ("a = b + c", B(P("a"), "=", B(P("b"), "+", P("c")))),
    ("a + b * c", B(P("a"), "+", B(P("b"), "*", P("c")))),
    ("a * b + c", B(B(P("a"), "*", P("b")), "+", P("c"))),
    ("a - b - c = 0", B(B(B(P("a"), "-", P("b")), "-", P("c")), "=", INT(0))),
    ("a / b / c = 0", B(B(B(P("a"), "/", P("b")), "/", P("c")), "=", INT(0))),
    ("-a * b = 0", B(B(ast.Unary("-", P("a")), "*", P("b")), "=", INT(0))),
    ("a - -b = 0", B(B(P("a"), "-", ast.Unary("-", P("b"))), "=", INT(0))),
    ("-a.b = 0", B(ast.Unary("-", P("a.b")), "=", INT(0))),
    ("-f(a) = 0", B(ast.Unary("-", ast.Call(N("f"), (P("a"),))), "=", INT(0))),
    ("(a or b) and c", B(B(P("a"), "or", P("b")), "and", P("c"))),
    ("(a + b) * c = 0", B(B(B(P("a"), "+", P("b")), "*", P("c")), "=", INT(0))),
    ("((a))", P("a")),
    ("a or b or c", B(B(P("a"), "or", P("b")), "or", P("c"))),
    ("a between 1 and 2 and b",
     B(ast.Between(P("a"), INT(1), INT(2)), "and", P("b"))),
    ("a between b + 1 and c * 2",
     ast.Between(P("a"), B(P("b"), "+", INT(1)), B(P("c"), "*", INT(2)))),
])
def test_precedence(text, tree):
    assert condition(text) == tree


# ---------------------------------------------------------------------------- comparisons


@pytest.mark.parametrize("op", ["=", "!=", "<", "<=", ">", ">="])
def test_comparison_operators(op):
    assert condition(f"a {op} 1") == B(P("a"), op, INT(1))


def test_comparison_operators_need_no_spaces():
    assert condition("a>=1") == B(P("a"), ">=", INT(1))
    assert condition("a!=b") == B(P("a"), "!=", P("b"))


def test_in_and_not_in():
    assert condition('country in ("FR", "BE")') == ast.InList(
        P("country"), (STR("FR"), STR("BE")), False)
    assert condition("id not in (1)") == ast.InList(P("id"), (INT(1),), True)


def test_is_null_and_is_not_null():
    assert condition("email is null") == ast.IsNull(P("email"), False)
    assert condition("email is not null") == ast.IsNull(P("email"), True)


@pytest.mark.parametrize("text, op", [
    ('name contains "x"', "contains"),
    ('name starts with "x"', "starts with"),
    ('name ends with "x"', "ends with"),
    ('name like "x%"', "like"),
])
def test_text_matches(text, op):
    assert condition(text) == ast.TextMatch(op, P("name"), STR(text.split('"')[1]))


UNITS = ["minute", "hour", "day", "week", "month", "year"]


@pytest.mark.parametrize("window", ["last", "next"])
@pytest.mark.parametrize("unit", UNITS + [unit + "s" for unit in UNITS])
def test_relative_time_with_every_unit(window, unit):
    assert condition(f"booked_at in {window} 3 {unit}") == ast.RelativeTime(
        P("booked_at"), window, ast.Duration(3, unit.removesuffix("s")))


@pytest.mark.parametrize("unit", UNITS + [unit + "s" for unit in UNITS])
def test_durations(unit):
    assert condition(f"d >= today() - 1_0 {unit}") == B(
        P("d"), ">=", B(ast.Call(N("today"), ()), "-", ast.Duration(10, unit.removesuffix("s"))))


def test_duration_needs_a_whole_number():
    module, problems = parse_module('campaign "c" { target d filter d > today() - 1.5 days }',
                                    "test.camp")
    [problem] = problems
    assert problem.code == "E100"
    assert problem.message == "a duration takes a whole number, not `1.5`"


# ---------------------------------------------------------------------------- literals


@pytest.mark.parametrize("text, literal", [
    ("42", INT(42)),
    ("0", INT(0)),
    ("1_000_000", INT(1000000)),
    ("3.25", DEC("3.25")),
    ("1_000.000_1", DEC("1000.0001")),
    ("0.5", DEC("0.5")),
    ("true", TRUE),
    ("false", FALSE),
    ("null", NULL),
    ('""', STR("")),
    ('"plain"', STR("plain")),
    ('date "2026-01-31"', ast.Literal("date", "2026-01-31")),
    ('timestamp "2026-01-31 08:30:00"', ast.Literal("timestamp", "2026-01-31 08:30:00")),
])
def test_literals(text, literal):
    assert condition(f"x = {text}") == B(P("x"), "=", literal)


@pytest.mark.parametrize("escaped, value", [
    (r'"say \"hi\""', 'say "hi"'),
    (r'"back\\slash"', "back\\slash"),
    (r'"two\nlines"', "two\nlines"),
    (r'"a\tb"', "a\tb"),
    (r'"smile \u{1F600}"', "smile \U0001F600"),
    (r'"\u{e9}t\u{E9}"', "été"),
    (r'"\\n is not a newline"', "\\n is not a newline"),
    ('"é😀 as is"', "é😀 as is"),
])
def test_string_escapes(escaped, value):
    assert condition(f"x = {escaped}") == B(P("x"), "=", STR(value))
    assert only_item(f"campaign {escaped} {{}}").name == T(value)


@pytest.mark.parametrize("escape", [r"\q", r"\u{110000}", r"\u{D800}"])
def test_unknown_escapes_are_reported(escape):
    module, problems = parse_module(f'campaign "a{escape}" {{}}', "test.camp")
    [problem] = problems
    assert problem.code == "E100"
    assert problem.message == f"unknown escape `{escape}` in a string"
    assert (problem.span.column, problem.span.end_column) == (12, 12 + len(escape))


# ---------------------------------------------------------------------------- names


@pytest.mark.parametrize("keyword", ["status", "filter", "and", "in", "count", "date", "last",
                                     "days", "asc", "union", "true", "null", "where"])
def test_backticks_make_any_keyword_a_name(keyword):
    assert condition(f"`{keyword}` = 1") == B(P(keyword), "=", INT(1))


def test_backtick_names_may_hold_spaces_and_non_ascii():
    assert condition("`first name`.`pays_é` = 1") == B(P("first name.pays_é"), "=", INT(1))


@pytest.mark.parametrize("name", ["status", "target", "segment", "description", "key", "link"])
def test_keywords_are_plain_names_where_they_cannot_be_keywords(name):
    assert condition(f"{name} = 1") == B(P(name), "=", INT(1))


def test_names_that_start_like_keywords():
    assert condition("dates = counts and last_seen = days_left and notes = order_id") == B(
        B(B(P("dates"), "=", P("counts")), "and", B(P("last_seen"), "=", P("days_left"))),
        "and", B(P("notes"), "=", P("order_id")))


# ---------------------------------------------------------------------------- to-many links


def test_exists_and_not_exists():
    assert condition("exists bookings") == ast.Exists(P("bookings"), None)
    assert condition("not exists bookings where amount > 0") == ast.Unary(
        "not", ast.Exists(P("bookings"), B(P("amount"), ">", INT(0))))
    assert condition("exists recipient.bookings") == ast.Exists(P("recipient.bookings"), None)


def test_where_reaches_to_the_end_of_the_filter():
    assert condition("exists bookings where a and b or c") == ast.Exists(
        P("bookings"), B(B(P("a"), "and", P("b")), "or", P("c")))


def test_where_stops_at_the_closing_parenthesis():
    assert condition("(exists a where x) or (exists b where y)") == B(
        ast.Exists(P("a"), P("x")), "or", ast.Exists(P("b"), P("y")))
    assert condition("x and (exists a where y) and z") == B(
        B(P("x"), "and", ast.Exists(P("a"), P("y"))), "and", P("z"))


@pytest.mark.parametrize("function", ["count", "sum", "avg", "min", "max"])
def test_aggregates(function):
    assert condition(f"{function}(bookings.amount) > 1") == B(
        ast.Aggregate(function, P("bookings.amount"), None), ">", INT(1))
    assert condition(f"{function}(bookings where amount > 1 and x) > 1") == B(
        ast.Aggregate(function, P("bookings"), B(B(P("amount"), ">", INT(1)), "and", P("x"))),
        ">", INT(1))


def test_function_calls():
    assert condition("lower(trim(email)) = coalesce(a, b, \"x\")") == B(
        ast.Call(N("lower"), (ast.Call(N("trim"), (P("email"),)),)), "=",
        ast.Call(N("coalesce"), (P("a"), P("b"), STR("x"))))
    assert condition("days_between(a, today()) > 3") == B(
        ast.Call(N("days_between"), (P("a"), ast.Call(N("today"), ()))), ">", INT(3))
    assert condition("now() > x") == B(ast.Call(N("now"), ()), ">", P("x"))


# ---------------------------------------------------------------------------- layout

PROGRAM = 'campaign "c" {\n  target d # all of them\n  filter x = 1\n}\n'
EXPECTED = only_item(PROGRAM)


@pytest.mark.parametrize("text", [
    PROGRAM,
    "\ufeff" + PROGRAM,
    PROGRAM.replace("\n", "\r\n"),
    PROGRAM.replace("  ", "\t"),
    PROGRAM.rstrip("\n"),
    PROGRAM.replace(" # all of them", "").replace("\n", " "),
    "# a comment\n" + PROGRAM + "# the end, no newline",
    'campaign "c"{target d filter x=1}',
])
def test_layout_does_not_change_the_tree(text):
    assert only_item(text) == EXPECTED


@pytest.mark.parametrize("text", ["", "\n\n", "# only a comment", "# one\n# two\n",
                                  "\ufeff", "\r\n", "  \t  "])
def test_files_with_nothing_in_them(text):
    assert parse(text).items == ()


def test_hash_inside_a_string_is_not_a_comment():
    assert condition('x = "#1" # real comment') == B(P("x"), "=", STR("#1"))


def test_several_items_in_one_file():
    module = parse("dimension a {}\ncampaign \"c\" {}\ndimension b {}")
    assert [type(item).__name__ for item in module.items] == ["Dimension", "Campaign",
                                                              "Dimension"]


# ---------------------------------------------------------------------------- spans


def span_of(node) -> tuple[int, int, int, int]:
    return (node.span.line, node.span.column, node.span.end_line, node.span.end_column)


def test_spans_of_names_and_steps():
    campaign = only_item('campaign "c" {\n  target recipients\n  filter contry = "FR"\n}\n')
    target, filter_ = campaign.steps
    assert span_of(campaign.name) == (1, 10, 1, 13)
    assert span_of(target) == (2, 3, 2, 20)
    assert span_of(target.dimension) == (2, 10, 2, 20)
    assert span_of(filter_) == (3, 3, 3, 23)
    assert span_of(filter_.condition.left) == (3, 10, 3, 16)
    assert filter_.span.file == "test.camp"


def test_spans_count_code_points_after_an_emoji_and_a_tab():
    campaign = only_item('campaign "😀" {\ttarget recipients filter contry = "FR" }')
    filter_ = campaign.steps[1]
    assert span_of(campaign.name) == (1, 10, 1, 13)
    assert span_of(filter_.condition.left) == (1, 41, 1, 47)


def test_spans_are_unchanged_by_a_bom_and_crlf():
    campaign = only_item('\ufeffcampaign "c" {\r\n  target recipients\r\n}\r\n')
    assert span_of(campaign.steps[0]) == (2, 3, 2, 20)


def test_blocks_span_to_their_closing_brace():
    campaign = only_item('campaign "c" {\n  target d\n  split {\n    segment "A" where a { }\n'
                         '    otherwise { }\n  }\n}')
    split = campaign.steps[1]
    assert span_of(campaign) == (1, 1, 7, 2)
    assert span_of(split) == (3, 3, 6, 4)
    assert span_of(split.segments[0]) == (4, 5, 4, 28)


def test_spans_of_multi_word_expressions():
    condition_ = condition("booked_at in last 30 days")
    assert span_of(condition_) == (3, 10, 3, 35)
    assert span_of(condition_.duration) == (3, 28, 3, 35)
    assert span_of(condition("`a b` is not null")) == (3, 10, 3, 27)


def test_module_span_reaches_the_end_of_the_file():
    module = parse("dimension d {}\n\n")
    assert span_of(module) == (1, 1, 3, 1)


# ---------------------------------------------------------------------------- syntax errors


@pytest.mark.parametrize("prefix", ["", "\ufeff"])
@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_syntax_error_positions_count_code_points(prefix, newline):
    text = prefix + newline.join(['campaign "😀 fans" {', "\ttarget d", "\tfilter x = 'FR'", "}"])
    problem = syntax_error(text)
    assert problem.message == "strings use double quotes"
    assert span_of(problem) == (3, 13, 3, 17)


def test_syntax_error_after_wide_characters_on_the_same_line():
    problem = syntax_error('campaign "日本語 😀" { target d filter x == 1 }')
    assert problem.message == "`==` is not an operator"
    assert span_of(problem) == (1, 38, 1, 40)


@pytest.mark.parametrize("text, message, hint", [
    ("campain \"c\" {}", "unexpected `campain`", "did you mean `campaign`?"),
    ('campaign "c" { target d filter x = "a }', "unterminated string",
     'close the string with `"` on the same line'),
    ('campaign "c" { target d filter x and }', "unexpected `}`", "expected an expression"),
    ('campaign "c" { target d filter x &', "unexpected character `&`", "write `and`"),
    ('campaign "c" { target d filter `x', "unterminated quoted name",
     "close the name with a backtick on the same line"),
    ('campaign "c" {\n  target d\n', "unexpected end of file",
     "the `{` of line 1 is never closed; add `}`"),
    ('campaign "c" { `target` d }', "unexpected name `target`",
     "a name in backticks is never a keyword; write `target` without them"),
    ("campaign \"c\" { target d filter x = 'FR' }", "strings use double quotes",
     "write \"...\" instead of '...'"),
    ('campaign "c" { target d filter x == 1 }', "`==` is not an operator",
     "use `=` to compare"),
    ('campaign "c" { target d save audience "a" CRMID }',
     "`save audience` needs `map` and a mapping",
     'name the identity the audience is saved with, e.g. `save audience "Label" map CRMID`'),
    ('campaign "c" { target d fliter x }', "unexpected `fliter`", "did you mean `filter`?"),
    ('campaign "c" { target d filter x in last 3 weks }', "unexpected `weks`",
     "did you mean `weeks`?"),
    ("filter x = 1", "`filter` outside a campaign",
     'steps belong inside a campaign: `campaign "NAME" { target ... }`'),
])
def test_syntax_errors_speak_the_language(text, message, hint):
    problem = syntax_error(text)
    assert (problem.message, problem.hint) == (message, hint)


@pytest.mark.parametrize("text", [
    'campaign "c" { target d filter x = }',
    'campaign "c" { target d filter (x }',
    'campaign "c" { target d filter x in 3 }',
    'dimension d { link x to one y on }',
    'campaign "c" { target d limit x }',
    'campaign "c" { target d filter x ; }',
])
def test_syntax_errors_never_name_grammar_internals(text):
    problem = syntax_error(text)
    shown = f"{problem.message} {problem.hint}"
    for internal in ("NAME", "LBRACE", "RBRACE", "$END", "LPAR", "RPAR", "__", "ADD_OP",
                     "COMPARE", "QUOTED", "STRING", "NUMBER"):
        assert internal not in shown, shown
