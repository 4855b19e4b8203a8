"""The project as the editor sees it: files on disk overridden by unsaved buffers, parsed
incrementally and checked as a whole after every change.

An edit touches one top-level item of one file, so a file is parsed item by item and each
item's parse is kept by its text and first line: a change to a 2,000-line file re-parses the
twenty lines of the campaign being typed, not the whole file (the parse is most of the cost
of a check). Items are found at lines that start with `campaign` or `dimension`; when any
piece fails to parse, the whole file is parsed instead, so syntax errors read as they do in
`camp check`.
"""

from __future__ import annotations

import gc
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path

from dsl import ast
from dsl.checker import check_modules
from dsl.diagnostics import Diagnostic
from dsl.index import ProjectIndex, build_index
from dsl.parse import normalize_source, parse_module
from dsl.project import project_files, read_config, read_source

log = logging.getLogger(__name__)

_ITEM_START = re.compile(r"^(?=campaign\b|dimension\b)", re.MULTILINE)


@dataclass
class Analysis:
    """One check of the project: diagnostics by file, and the parsed modules."""

    files: list[str]
    texts: dict[str, str]
    diagnostics: dict[str, list[Diagnostic]]
    modules: dict[str, ast.Module]
    catalog: object
    _index: ProjectIndex | None = field(default=None, repr=False)

    @property
    def index(self) -> ProjectIndex:
        """Built on first use: diagnostics, the hot path, do not need it."""
        if self._index is None:
            self._index = build_index(list(self.modules.values()), self.catalog)
        return self._index


class ProjectState:
    """One project root: its open buffers, its parse caches and its last analysis."""

    def __init__(self, root: Path):
        self.root = root
        self.buffers: dict[str, str] = {}
        self._pieces: dict[tuple[str, int, str], tuple] = {}
        self._disk: dict[str, tuple[int, str, Diagnostic | None]] = {}
        self._last_good: dict[str, ast.Module] = {}
        self.last: Analysis | None = None

    def files(self) -> list[str]:
        on_disk = [str(path) for path in project_files(self.root)]
        return sorted(set(on_disk) | set(self.buffers))

    def text_of(self, file: str) -> tuple[str, Diagnostic | None]:
        if file in self.buffers:
            return self.buffers[file], None
        path = Path(file)
        try:
            stamp = path.stat().st_mtime_ns
        except OSError:
            return "", None
        cached = self._disk.get(file)
        if cached is None or cached[0] != stamp:
            text, problem = read_source(path, file)
            cached = self._disk[file] = (stamp, text, problem)
        return cached[1], cached[2]

    def analyse(self) -> Analysis:
        """Parse what changed and check the whole project."""
        enabled = gc.isenabled()
        gc.disable()
        try:
            return self._analyse()
        finally:
            if enabled:
                gc.enable()

    def _analyse(self) -> Analysis:
        problems: list[Diagnostic] = []
        config = read_config(self.root, problems)
        files = self.files()
        texts, modules, used = {}, {}, set()
        for file in files:
            text, problem = self.text_of(file)
            texts[file] = text
            if problem is not None:
                problems.append(problem)
                continue
            module, found = self.parse(file, text, used)
            problems.extend(found)
            if module is not None:
                modules[file] = module
                self._last_good[file] = module
        self._pieces = {key: value for key, value in self._pieces.items() if key in used}
        catalog, _campaigns, found = check_modules(list(modules.values()), config, lint=True)
        problems.extend(found)
        by_file: dict[str, list[Diagnostic]] = {file: [] for file in files}
        for diagnostic in problems:
            by_file.setdefault(diagnostic.span.file, []).append(diagnostic)
        # A file that does not parse still offers completion and navigation from its last
        # good parse.
        indexed = {file: modules.get(file) or self._last_good.get(file) for file in files}
        indexed = {file: module for file, module in indexed.items() if module is not None}
        self.last = Analysis(files, texts, by_file, indexed, catalog)
        return self.last

    def parse(self, file: str, text: str, used: set) -> tuple[ast.Module | None, list]:
        source = normalize_source(text)
        starts = [match.start() for match in _ITEM_START.finditer(source)]
        if not starts or starts[0] != 0:
            starts.insert(0, 0)
        items, problems = [], []
        for begin, end in zip(starts, [*starts[1:], len(source)]):
            line = source.count("\n", 0, begin)
            key = (file, line, source[begin:end])
            used.add(key)
            if key not in self._pieces:
                # Blank lines in front keep every span where it is in the whole file.
                self._pieces[key] = parse_module("\n" * line + key[2], file)
            module, found = self._pieces[key]
            if module is None:
                return parse_module(text, file)
            items.extend(module.items)
            problems.extend(found)
        lines = source.split("\n")
        span = ast.Span(file, 1, 1, len(lines), len(lines[-1]) + 1)
        return ast.Module(file, tuple(items), span), problems
