"""`camp check` never fails with a traceback, whatever the files hold (SPEC §7).

Random text, random bytes, random sequences of the language's words and mutations of a valid
project go through the real command line; the exit status is 0 or 1 (never 4, an internal
error) and every diagnostic has a code and a position an editor can show.
"""

from __future__ import annotations

import contextlib
import io
import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from compiler.cli import main
from dsl.diagnostics import CODES

CATALOG = '''dimension recipients "Recipients" {
  source crm.recipients
  key recipient_id
  mapping CRMID = crm_id
  recipient_id: integer
  crm_id: text
  country: text
  birth_date: date
  opted_in: boolean
  link bookings to many bookings on recipient_id = recipient_id
}

dimension bookings {
  source crm.bookings
  key booking_id
  mapping CRMID = recipient.crm_id
  booking_id: integer
  recipient_id: integer
  booked_at: timestamp
  amount: decimal
  link recipient to one recipients on recipient_id = recipient_id
}
'''

VALID = '''# Recipients who booked lately
campaign "Recent bookers 😀" {
  status published
  description "Booked in the last \\u{1F600} 30 days"
  target recipients
  filter opted_in and country in ("FR", "BE") and birth_date < date "2008-01-01"
  filter exists bookings where booked_at in last 30 days and amount between 1 and 1_000.5
  enrich { spend = sum(bookings.amount where amount > 0) }
  union { read audience "Other" }
  dedup by lower(country) keep 2 order by spend desc
  limit 10% order by spend asc
  split overlap {
    segment "Big" where spend > 100 limit 5 { save audience "Big" map CRMID with spend }
    otherwise { change dimension to bookings via bookings save audience "Rest" map CRMID }
  }
}

campaign "Other" { status published target recipients save audience "Other" map CRMID }
'''

WORDS = ["campaign", "dimension", "target", "read", "audience", "filter", "union", "intersect",
         "exclude", "enrich", "change", "dimension", "to", "via", "dedup", "by", "keep",
         "limit", "order", "asc", "desc", "split", "overlap", "segment", "where", "otherwise",
         "save", "map", "with", "as", "status", "description", "source", "key", "mapping",
         "link", "one", "many", "on", "and", "or", "not", "in", "last", "next", "between",
         "is", "null", "true", "false", "exists", "count", "sum", "avg", "min", "max",
         "contains", "starts", "ends", "like", "date", "timestamp", "days", "hours", "today",
         "now", "recipients", "bookings", "country", "opted_in", "booked_at", "amount",
         "recipient", "CRMID", "Email", "lower", "age", "{", "}", "(", ")", ",", ".", "=",
         "!=", "<", ">=", "+", "-", "*", "/", "%", ":", '"Other"', '"x"', "42", "3.5",
         "1_000", "`status`", "\n", "#"]

INVALID_UTF8 = [b"\xff", b"\xc3", b"\xe9", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\x80"]


@pytest.fixture(autouse=True, scope="module")
def no_parse_cache():
    """Every example goes through the parser, not the cache of parsed files."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CAMP_NO_CACHE", "1")
        yield


def camp_check(text: bytes, *options: str) -> tuple[int, str, str]:
    """Run `camp check` on a project of the catalog and one file holding `text`."""
    return run_command(text, "check", *options)


def run_command(text: bytes, *command: str) -> tuple[int, str, str]:
    """Run `camp COMMAND ... ROOT` on the catalog and one file holding `text`."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "catalog.camp").write_text(CATALOG, encoding="utf-8")
        (root / "input.camp").write_bytes(text)
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            status = main([*command, str(root)])
    return status, out.getvalue(), err.getvalue()


def assert_checked_without_traceback(text: bytes) -> None:
    status, out, err = camp_check(text, "--format", "json")
    assert status in (0, 1), err
    for diagnostic in json.loads(out):
        assert diagnostic["code"] in CODES
        assert diagnostic["line"] >= 1 and diagnostic["column"] >= 1, diagnostic
        assert (diagnostic["end_line"], diagnostic["end_column"]) >= (
            diagnostic["line"], diagnostic["column"]), diagnostic
        for related in diagnostic["related"]:
            assert related["line"] >= 1 and related["column"] >= 1, diagnostic

    status, _out, err = camp_check(text)
    assert status in (0, 1), err
    assert "internal error" not in err and "Traceback" not in err


# ---------------------------------------------------------------------------- strategies


@st.composite
def mutations(draw) -> bytes:
    """The valid example with a few characters inserted, deleted or replaced."""
    text = VALID
    for _ in range(draw(st.integers(1, 4))):
        position = draw(st.integers(0, len(text)))
        kind = draw(st.sampled_from(["insert", "delete", "replace", "truncate"]))
        piece = draw(st.one_of(st.text(max_size=3), st.sampled_from(
            ["\x00", "\ufeff", "\r\n", "\t", "'", '"', "`", "\\", "{", "}", "(", ")", "#",
             "==", "😀", "e\u0301", "\u00a0", "\u2028", "\r"])))
        if kind == "insert":
            text = text[:position] + piece + text[position:]
        elif kind == "delete":
            text = text[:position] + text[position + draw(st.integers(1, 20)):]
        elif kind == "replace":
            text = text[:position] + piece + text[position + 1:]
        else:
            text = text[:position]
    if draw(st.booleans()):
        text = text.replace("\n", "\r\n")
    if draw(st.booleans()):
        text = "\ufeff" + text
    data = text.encode("utf-8", errors="surrogatepass")
    if draw(st.booleans()):
        position = draw(st.integers(0, len(data)))
        data = data[:position] + draw(st.sampled_from(INVALID_UTF8)) + data[position:]
    return data


word_salad = st.lists(st.sampled_from(WORDS), max_size=40).map(
    lambda words: ('campaign "c" { target recipients ' + " ".join(words) + " }").encode())

SETTINGS = settings(max_examples=200, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


# ---------------------------------------------------------------------------- properties


@SETTINGS
@given(st.text())
def test_random_text(text):
    assert_checked_without_traceback(text.encode("utf-8", errors="surrogatepass"))


@SETTINGS
@given(st.binary())
def test_random_bytes(data):
    assert_checked_without_traceback(data)


@SETTINGS
@given(mutations())
def test_mutations_of_a_valid_project(data):
    assert_checked_without_traceback(data)


@SETTINGS
@given(word_salad)
def test_random_words_of_the_language(data):
    assert_checked_without_traceback(data)


@settings(max_examples=60, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(mutations(), word_salad))
def test_compile_and_fmt_take_any_input(data):
    for command in (["compile", "--dialect", "postgres"], ["fmt", "--check"]):
        status, _out, err = run_command(data, *command)
        assert status in (0, 1), (command, err)
        assert "internal error" not in err and "Traceback" not in err


def test_a_ten_megabyte_file():
    text = campaign_filtering('country = "' + "x" * 10_000_000 + '"')
    assert_checked_without_traceback(text)
    for command in (["compile", "--dialect", "duckdb"], ["fmt", "--check"]):
        status, _out, err = run_command(text, *command)
        assert status in (0, 1) and "internal error" not in err, err


def test_the_valid_example_is_valid():
    status, _out, err = camp_check(VALID.encode())
    assert status == 0, err


# ---------------------------------------------------------------------------- extremes


def campaign_filtering(condition: str) -> bytes:
    return f'campaign "c" {{\n  target recipients\n  filter {condition}\n}}\n'.encode()


def test_five_thousand_parentheses():
    status, _out, err = camp_check(campaign_filtering("(" * 5000 + "opted_in" + ")" * 5000))
    assert status == 0, err


def test_five_thousand_unclosed_parentheses():
    assert_checked_without_traceback(campaign_filtering("(" * 5000 + "opted_in"))


def test_a_long_chain_of_and():
    status, out, err = camp_check(campaign_filtering(" and ".join(["opted_in"] * 5000)),
                                  "--format", "json")
    assert status == 1, err
    [diagnostic] = json.loads(out)
    assert diagnostic["code"] == "E100"
    assert diagnostic["message"] == "nested too deeply (more than 512 levels)"
    assert (diagnostic["line"], diagnostic["column"]) == (3, 10)


def test_a_chain_within_the_limit_is_checked():
    # 500 terms: a generated list of conditions, flat in the text but 500 levels deep.
    status, _out, err = camp_check(campaign_filtering(" and ".join(["opted_in"] * 500)))
    assert status == 0, err


def test_deep_chains_of_every_kind():
    for condition in ["not " * 5000 + "opted_in", "country = " + "- " * 5000 + "1",
                      "country = " + " + ".join(["1"] * 5000),
                      "exists bookings where " * 3000 + "amount > 1"]:
        assert_checked_without_traceback(campaign_filtering(condition))


def test_deeply_nested_blocks():
    body = "union { target recipients " * 3000 + "}" * 3000
    assert_checked_without_traceback(
        f'campaign "c" {{ target recipients {body} }}'.encode())


def test_a_very_long_line():
    assert_checked_without_traceback(campaign_filtering('country = "' + "x" * 200_000 + '"'))
