"""Long fuzzing run of the front end, outside CI: `python bench/fuzz.py --inputs 50000`.

Each input is a mutation of the valid example of `tests/test_no_traceback.py` (token-level:
a word of the language inserted, deleted or swapped; byte-level: BOM, CRLF, tabs, NUL,
invalid UTF-8) or a random sequence of the language's words. It is parsed and checked in
process, as `camp check` does, then rendered in every format; any exception is a failure.
Failures are written to `--out` so that they can be replayed with `camp check`.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE.parent / "tests"))

from dsl.project import load_project  # noqa: E402
from dsl.render import HumanRenderer, render_as  # noqa: E402
from test_no_traceback import CATALOG, INVALID_UTF8, VALID, WORDS  # noqa: E402

BYTES = [b"\xef\xbb\xbf", b"\r\n", b"\t", b"\x00", b"\r", b"{", b"}", b'"', b"'", b"`",
         *INVALID_UTF8]


def mutate(rng: random.Random) -> bytes:
    """One input: the valid example with a few token or byte mutations, or a word salad."""
    if rng.random() < 0.2:
        words = rng.choices(WORDS, k=rng.randint(0, 60))
        return ('campaign "c" { target recipients ' + " ".join(words) + " }").encode()
    tokens = VALID.replace("\n", " \n ").split(" ")
    for _ in range(rng.randint(1, 5)):
        where = rng.randrange(len(tokens) + 1)
        kind = rng.choice(("insert", "delete", "replace", "swap"))
        if kind == "insert":
            tokens.insert(where, rng.choice(WORDS))
        elif kind == "delete" and where < len(tokens):
            del tokens[where]
        elif kind == "replace" and where < len(tokens):
            tokens[where] = rng.choice(WORDS)
        elif kind == "swap" and where + 1 < len(tokens):
            tokens[where], tokens[where + 1] = tokens[where + 1], tokens[where]
    data = " ".join(tokens).encode()
    for _ in range(rng.choice((0, 0, 1, 2))):
        where = rng.randrange(len(data) + 1)
        data = data[:where] + rng.choice(BYTES) + data[where:]
    if rng.random() < 0.05:
        data = data[:rng.randrange(len(data) + 1)]
    return data


def check_one(root: Path, data: bytes) -> None:
    """Check a project holding `data`; every diagnostic must have a code and a position."""
    (root / "input.camp").write_bytes(data)
    project = load_project([str(root)])
    renderer = HumanRenderer(project.files)
    for diagnostic in project.diagnostics:
        assert diagnostic.span.line >= 1 and diagnostic.span.column >= 1, diagnostic
        renderer.render(diagnostic)
    for format_name in ("json", "sarif", "github"):
        render_as(format_name, project.diagnostics)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inputs", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", default="fuzz-failures", help="folder for failing inputs")
    args = parser.parse_args()
    import os

    os.environ["CAMP_NO_CACHE"] = "1"
    rng = random.Random(args.seed)
    failures = 0
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "catalog.camp").write_text(CATALOG, encoding="utf-8")
        for number in range(args.inputs):
            data = mutate(rng)
            try:
                check_one(root, data)
            except Exception as exc:  # noqa: BLE001 - every exception is a finding
                failures += 1
                Path(args.out).mkdir(exist_ok=True)
                (Path(args.out) / f"failure-{number}.camp").write_bytes(data)
                print(f"input {number}: {type(exc).__name__}: {exc}", file=sys.stderr)
    elapsed = time.perf_counter() - started
    print(f"{args.inputs} inputs, {failures} tracebacks, {elapsed:.1f} s "
          f"({args.inputs / elapsed:.0f} inputs/s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
