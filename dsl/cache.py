"""Parsed files, cached by content.

Parsing is most of the cost of `camp check` on a large project, and most files do not change
between two checks. A file's AST (with its syntax diagnostics) is pickled into the user's
cache folder (`$CAMP_CACHE_DIR`, else `$XDG_CACHE_HOME/camp`, else `~/.cache/camp`), keyed by
a hash of the grammar, the parser's code, the file's path as shown and its text; a hit skips
the parser. `CAMP_NO_CACHE=1` turns the cache off.

Unpickling runs code chosen by whoever wrote the bytes, so the cache never lives in the
project (a repository could ship a crafted entry) and every entry is signed with a random
key that only this user can read; an entry whose signature does not match is a miss.

Parsing the misses in worker processes was tried and dropped: sending the trees back costs
about as much as the parse saves on two cores.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import pickle
import secrets
from functools import lru_cache
from pathlib import Path

from dsl import ast
from dsl.parse import grammar_path, parse_module

log = logging.getLogger(__name__)

_SIGNATURE = hashlib.sha256().digest_size


@lru_cache(maxsize=1)
def _code_version() -> bytes:
    """Changes whenever the grammar or the code that builds the AST changes."""
    digest = hashlib.sha256()
    here = Path(__file__).resolve().parent
    for path in (grammar_path(), here / "parse.py", here / "ast.py",
                 here / "syntax_errors.py"):
        digest.update(path.read_bytes())
    return digest.digest()


def cache_folder() -> Path:
    """Where parsed files are kept for this user."""
    if os.environ.get("CAMP_CACHE_DIR"):
        return Path(os.environ["CAMP_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "camp"


class ParseCache:
    def __init__(self):
        self.folder = cache_folder() / "ast"
        self.enabled = not os.environ.get("CAMP_NO_CACHE")
        self._secret: bytes | None = None

    def key(self, shown: str, text: str) -> str:
        digest = hashlib.sha256(_code_version())
        digest.update(shown.encode("utf-8", "surrogatepass") + b"\0")
        digest.update(text.encode("utf-8", "surrogatepass"))
        return digest.hexdigest()

    def get(self, key: str):
        """The cached (module, diagnostics) for `key`, or None."""
        if not self.enabled:
            return None
        try:
            data = (self.folder / key).read_bytes()
            signature, payload = data[:_SIGNATURE], data[_SIGNATURE:]
            if not hmac.compare_digest(signature, self._sign(payload)):
                log.debug("ignoring cache entry %s: bad signature", key)
                return None
            value = pickle.loads(payload)
        except FileNotFoundError:
            return None
        except Exception as exc:  # noqa: BLE001 - a damaged entry is only a miss
            log.debug("ignoring cache entry %s: %r", key, exc)
            return None
        return value if _well_formed(value) else None

    def put(self, key: str, value) -> None:
        if not self.enabled:
            return
        try:
            payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
            self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            temporary = self.folder / f".tmp-{os.getpid()}-{secrets.token_hex(4)}"
            temporary.write_bytes(self._sign(payload) + payload)
            os.replace(temporary, self.folder / key)
        except (OSError, RecursionError) as exc:
            log.debug("cannot write the parse cache: %r", exc)

    def _sign(self, payload: bytes) -> bytes:
        return hmac.new(self._key(), payload, hashlib.sha256).digest()

    def _key(self) -> bytes:
        """This user's signing key, made on first use, readable by this user only."""
        if self._secret is None:
            path = self.folder.parent / "key"
            try:
                self._secret = path.read_bytes()
            except FileNotFoundError:
                path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
                try:
                    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
                except FileExistsError:  # another camp made it a moment ago
                    pass
                else:
                    with os.fdopen(descriptor, "wb") as handle:
                        handle.write(secrets.token_bytes(32))
                self._secret = path.read_bytes()
        return self._secret


def _well_formed(value) -> bool:
    return (isinstance(value, tuple) and len(value) == 2
            and (value[0] is None or isinstance(value[0], ast.Module))
            and isinstance(value[1], list))


def parse_many(sources: list[tuple[str, str]]):
    """Parse (shown path, text) pairs; returns [(module or None, diagnostics)] in order."""
    cache = ParseCache()
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
