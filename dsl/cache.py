"""Parsed files, cached by content.

Parsing is most of the cost of `camp check` on a large project, and most files do not change
between two checks. A file's AST (with its syntax diagnostics) is pickled under
`<root>/.camp-cache/`, keyed by a hash of the grammar, the parser's code, the file's path
as shown and its text; a hit skips the parser. `CAMP_NO_CACHE=1` turns the cache off.

Parsing the misses in worker processes was tried and dropped: sending the trees back costs
about as much as the parse saves on two cores.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import tempfile
from functools import lru_cache
from pathlib import Path

from dsl.parse import grammar_path, parse_module

log = logging.getLogger(__name__)

CACHE_DIR = ".camp-cache"


@lru_cache(maxsize=1)
def _code_version() -> bytes:
    """Changes whenever the grammar or the code that builds the AST changes."""
    digest = hashlib.sha256()
    here = Path(__file__).resolve().parent
    for path in (grammar_path(), here / "parse.py", here / "ast.py",
                 here / "syntax_errors.py"):
        digest.update(path.read_bytes())
    return digest.digest()


class ParseCache:
    def __init__(self, root: Path):
        self.folder = root / CACHE_DIR / "ast"
        self.enabled = not os.environ.get("CAMP_NO_CACHE")

    def key(self, shown: str, text: str) -> str:
        digest = hashlib.sha256(_code_version())
        digest.update(shown.encode("utf-8", "surrogatepass") + b"\0")
        digest.update(text.encode("utf-8", "surrogatepass"))
        return digest.hexdigest()

    def get(self, key: str):
        if not self.enabled:
            return None
        try:
            with open(self.folder / key, "rb") as handle:
                return pickle.load(handle)
        except FileNotFoundError:
            return None
        except Exception as exc:  # noqa: BLE001 - a damaged entry is only a miss
            log.debug("ignoring cache entry %s: %r", key, exc)
            return None

    def put(self, key: str, value) -> None:
        if not self.enabled:
            return
        try:
            self._prepare()
            fd, temporary = tempfile.mkstemp(dir=self.folder, prefix=".tmp-")
            with os.fdopen(fd, "wb") as handle:
                pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, self.folder / key)
        except OSError as exc:
            log.debug("cannot write the parse cache: %r", exc)

    def _prepare(self) -> None:
        if self.folder.is_dir():
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        ignore = self.folder.parent / ".gitignore"
        if not ignore.exists():
            ignore.write_text("# Created by camp: nothing here belongs in version control.\n*\n")


def parse_many(root: Path, sources: list[tuple[str, str]]):
    """Parse (shown path, text) pairs; returns [(module or None, diagnostics)] in order."""
    cache = ParseCache(root)
    results: list = [None] * len(sources)
    misses: list[int] = []
    keys = [cache.key(shown, text) for shown, text in sources]
    for index, key in enumerate(keys):
        results[index] = cache.get(key)
        if results[index] is None:
            misses.append(index)
    for index in misses:
        shown, text = sources[index]
        results[index] = parse_module(text, shown)
        cache.put(keys[index], results[index])
    log.info("parsed %d file(s), %d from the cache", len(misses), len(sources) - len(misses))
    return results
