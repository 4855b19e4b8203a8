"""Projects (SPEC §6): find the root, read `camp.toml`, parse every `.camp` file, check.

The root is the nearest folder upward holding `camp.toml`; without one, the folder given (or
the file's folder). Every `*.camp` file below the root belongs to the project, except those
under hidden folders (`.git`, `.venv`, caches), in a sorted order so nothing depends on the
order the file system lists them in.
"""

from __future__ import annotations

import gc
import os
import tomllib
from contextlib import contextmanager
from pathlib import Path

from dsl import ast
from dsl.checker import check_modules
from dsl.diagnostics import Diagnostic, error, sorted_diagnostics
from dsl.model import CheckedProject, Config
from dsl.cache import parse_many

CONFIG_FILE = "camp.toml"
KNOWN_DIALECTS = ("duckdb", "postgres", "sqlite", "snowflake", "bigquery", "spark",
                  "databricks", "redshift", "trino", "tsql")


class ProjectError(Exception):
    """A path that names no project (missing, or not a folder or `.camp` file)."""


def find_root(path: Path) -> Path:
    """The project root for a file or folder (SPEC §6)."""
    start = path if path.is_dir() else path.parent
    for folder in (start, *start.parents):
        if (folder / CONFIG_FILE).is_file():
            return folder
    return start


def load_project(paths: list[str] | None = None) -> CheckedProject:
    """Parse and check the project holding `paths` (default: the current folder)."""
    targets = [Path(p) for p in (paths or ["."])]
    for target in targets:
        if not target.exists():
            raise ProjectError(f"no such file or folder: {target}")
        if target.is_file() and target.suffix != ".camp" and target.name != CONFIG_FILE:
            raise ProjectError(f"not a .camp file: {target}")
    root = find_root(targets[0].resolve())
    diagnostics: list[Diagnostic] = []
    config = read_config(root, diagnostics)
    files = project_files(root)
    with _collector_paused():
        modules, texts = parse_files(root, files, diagnostics)
        catalog, campaigns, found = check_modules(modules, config, lint=True)
    diagnostics.extend(found)
    return CheckedProject(root=root, config=config, catalog=catalog, campaigns=campaigns,
                          diagnostics=sorted_diagnostics(diagnostics), files=texts)


@contextmanager
def _collector_paused():
    """Pause Python's cycle collector while the AST is built and checked.

    Both stages allocate hundreds of thousands of small objects that all stay alive; every
    collection would walk them again for nothing (it more than doubled the time of checking
    a 1,000-campaign project). The trees hold no reference cycles worth collecting early.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def project_files(root: Path) -> list[Path]:
    """The project's `.camp` files, sorted.

    Hidden files and folders are skipped (editor lock files such as Emacs's `.#x.camp` are
    dangling links, macOS leaves `._x.camp` copies), and so is anything that is not a regular
    file: a named pipe would block the read forever, a link loop cannot be read at all.
    """
    found = []
    for folder, subfolders, names in os.walk(root):
        subfolders[:] = sorted(d for d in subfolders if not d.startswith("."))
        found.extend(Path(folder) / name for name in names
                     if name.endswith(".camp") and not name.startswith(".")
                     and os.path.isfile(os.path.join(folder, name)))
    return sorted(found, key=lambda p: p.relative_to(root).as_posix())


def display_path(path: Path) -> str:
    """The path as the user would type it: relative to the working folder when below it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.resolve().as_posix()


def parse_files(root: Path, files: list[Path], diagnostics: list[Diagnostic]):
    """Each readable file's module, and every file's text by its shown path."""
    texts: dict[str, str] = {}
    readable: list[tuple[str, str]] = []
    for file in files:
        shown = display_path(file)
        text, problem = read_source(file, shown)
        texts[shown] = text
        if problem is not None:
            diagnostics.append(problem)
        else:
            readable.append((shown, text))
    modules: list[ast.Module] = []
    for module, problems in parse_many(readable):
        diagnostics.extend(problems)
        if module is not None:
            modules.append(module)
    return modules, texts


def read_source(file: Path, shown: str) -> tuple[str, Diagnostic | None]:
    """The file's text; an unreadable file is E101, undecodable bytes an E100 where they are."""
    try:
        if not file.is_file():
            # A device or a pipe could block the read or never end it.
            raise OSError(0, "not a regular file")
        data = file.read_bytes()
    except OSError as exc:
        return "", error("E101", f"cannot read this file: {exc.strerror or exc}",
                         ast.Span(shown, 1, 1, 1, 1),
                         hint="check that the file exists and that you may read it")
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        good = data[:exc.start].decode("utf-8")
        line = good.count("\n") + 1
        column = len(good) - (good.rfind("\n") + 1) + 1
        span = ast.Span(shown, line, column, line, column + 1)
        text = data.decode("utf-8", errors="replace")
        return text, error("E100", "this file is not valid UTF-8", span,
                           hint=f"byte 0x{data[exc.start]:02X} cannot start a character here; "
                                "save the file as UTF-8")


def read_config(root: Path, diagnostics: list[Diagnostic]) -> Config:
    """`[project]` of camp.toml; a bad value is E503 and falls back to the default."""
    path = root / CONFIG_FILE
    if not path.is_file():
        return Config()
    shown = display_path(path)
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        diagnostics.append(error("E503", f"cannot read camp.toml: {exc.strerror or exc}",
                                 ast.Span(shown, 1, 1, 1, 1)))
        return Config()
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        diagnostics.append(error("E503", f"camp.toml is not valid TOML: {exc}",
                                 _config_span(shown, text, None)))
        return Config()
    section = data.get("project", {})
    if not isinstance(section, dict):
        diagnostics.append(error("E503", "`project` in camp.toml must be a table",
                                 _config_span(shown, text, "project")))
        return Config()
    values = {}
    for key, value in section.items():
        problem = _config_problem(key, value)
        if problem:
            diagnostics.append(error("E503", problem, _config_span(shown, text, key)))
        else:
            values[key] = value
    return Config(**values)


def _config_problem(key: str, value) -> str | None:
    if key not in ("dialect", "database", "audience_schema", "timezone"):
        return f"unknown setting `{key}` in camp.toml"
    if not isinstance(value, str) or not value.strip():
        return f"`{key}` in camp.toml must be a non-empty string"
    if key == "dialect" and value not in KNOWN_DIALECTS:
        from dsl.diagnostics import did_you_mean

        suggestion = did_you_mean(value, KNOWN_DIALECTS)
        return (f"unknown dialect `{value}`; " + (f"{suggestion} " if suggestion else "")
                + "the dialects are " + ", ".join(KNOWN_DIALECTS))
    if key == "timezone" and not _is_time_zone(value):
        return f"unknown time zone `{value}`; use an IANA name such as `Europe/Paris`"
    return None


def _is_time_zone(name: str) -> bool:
    """An IANA zone name that warehouses know too (not `localtime`, `posixrules`, ...)."""
    from zoneinfo import available_timezones

    return name in available_timezones() and name not in ("Factory", "localtime",
                                                          "posixrules")


def _config_span(shown: str, text: str, key: str | None) -> ast.Span:
    if key is not None:
        for number, line in enumerate(text.split("\n"), start=1):
            stripped = line.lstrip()
            if stripped.startswith(key) and stripped[len(key):].lstrip()[:1] in ("=", "]"):
                column = len(line) - len(stripped) + 1
                return ast.Span(shown, number, column, number, column + len(key))
    return ast.Span(shown, 1, 1, 1, 2)
