"""The `camp` command line (SPEC §7).

Exit statuses: 0 success (warnings allowed), 1 errors in the project, 2 usage errors,
3 database failure, 4 internal error. The back end (sqlglot, DuckDB, Jinja) is imported only
by the commands that need it, so `camp check` starts fast.
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import os
import sys
import traceback

from dsl.diagnostics import has_errors

EXIT_OK, EXIT_ERRORS, EXIT_USAGE, EXIT_DATABASE, EXIT_INTERNAL = 0, 1, 2, 3, 4

log = logging.getLogger("camp")


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console script; never lets a traceback reach the user."""
    # Every stage walks expressions recursively; a chain of 500 `or` terms is realistic in a
    # generated campaign and the parser caps nesting at 512 levels (dsl.parse.MAX_NESTING),
    # which needs more than Python's default 1,000 frames downstream.
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 20_000))
    parser = _parser()
    args = parser.parse_args(argv)
    _configure_logging(args.verbose)
    try:
        return args.handler(args)
    except KeyboardInterrupt:
        print("camp: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except OutputFailed as exc:
        print(f"camp: cannot write the output: {exc}", file=sys.stderr)
        return EXIT_ERRORS
    except Exception as exc:  # noqa: BLE001 - the one place that turns bugs into exit 4
        return _internal_error(exc)


def _internal_error(exc: Exception) -> int:
    if os.environ.get("CAMP_DEBUG"):
        traceback.print_exc()
    summary = f"{type(exc).__name__}: {exc}".splitlines()[0][:200]
    print(f"camp: internal error ({summary}); this is a bug in camp: please report it with "
          "the command and the .camp files that caused it (CAMP_DEBUG=1 shows the details)",
          file=sys.stderr)
    return EXIT_INTERNAL


def _configure_logging(verbose: int) -> None:
    if not verbose:
        return
    logging.basicConfig(level=logging.DEBUG if verbose > 1 else logging.INFO,
                        format="camp: %(name)s: %(message)s", stream=sys.stderr)


def _as_of(text: str) -> dt.date:
    import re

    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            raise ValueError(text)
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="camp", description="Check, compile and run orchestrated campaigns.")
    parser.add_argument("-v", "--verbose", action="count", default=0,
                        help="show the stages and the SQL sent (-vv for more)")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    check = commands.add_parser("check", help="parse and check; print diagnostics")
    _common(check)
    check.set_defaults(handler=cmd_check)

    compile_ = commands.add_parser("compile", help="print the SQL of each campaign")
    _common(compile_)
    compile_.add_argument("--dialect", help="SQL dialect (default: camp.toml, else duckdb)")
    compile_.add_argument("--as-of", type=_as_of, metavar="DATE",
                          help="fix today() to DATE (YYYY-MM-DD)")
    compile_.add_argument("-o", "--output", metavar="DIR",
                          help="write one .sql file per campaign into DIR")
    compile_.set_defaults(handler=cmd_compile)

    run = commands.add_parser("run", help="run published campaigns, save their audiences")
    _common(run)
    run.add_argument("--db", metavar="URL", help="database (default: camp.toml, else "
                     "camp.duckdb in the project root)")
    run.add_argument("--as-of", type=_as_of, metavar="DATE",
                     help="fix today() to DATE (YYYY-MM-DD)")
    run.add_argument("--campaign", metavar="NAME", help="run only this campaign")
    run.add_argument("--explain", action="store_true",
                     help="also print how many records each step of each campaign keeps")
    run.set_defaults(handler=cmd_run)

    fmt = commands.add_parser("fmt", help="rewrite .camp files in the canonical layout")
    fmt.add_argument("paths", nargs="*", metavar="PATH",
                     help="files or folders (default: .)")
    fmt.add_argument("--check", action="store_true",
                     help="change nothing; exit 1 when a file would change")
    fmt.add_argument("--diff", action="store_true",
                     help="change nothing; print what would change as a unified diff")
    fmt.set_defaults(handler=cmd_fmt)

    explain = commands.add_parser("explain", help="print the page of a diagnostic code")
    explain.add_argument("code", metavar="CODE", help="a code such as E401")
    explain.set_defaults(handler=cmd_explain)

    lsp = commands.add_parser("lsp", help="language server over stdio (for editors)")
    lsp.set_defaults(handler=cmd_lsp)
    return parser


def _common(command: argparse.ArgumentParser) -> None:
    command.add_argument("paths", nargs="*", metavar="PATH",
                         help="files or folders of the project (default: .)")
    command.add_argument("--format", choices=("human", "json", "sarif", "github"),
                         default="human",
                         help="how diagnostics are printed: human (stderr), json or sarif "
                              "(stdout), github (workflow annotations on stdout)")
    command.add_argument("-v", "--verbose", action="count", default=argparse.SUPPRESS,
                         help=argparse.SUPPRESS)


# ---------------------------------------------------------------------------- commands


def _load_all(args) -> list | None:
    """One checked project per root among the paths, or None after printing why not."""
    from pathlib import Path

    from dsl.project import ProjectError, find_root, load_project

    groups: dict = {}
    for path in args.paths or ["."]:
        groups.setdefault(find_root(Path(path).resolve()), []).append(path)
    try:
        return [load_project(paths) for paths in groups.values()]
    except ProjectError as exc:
        print(f"camp: {exc}", file=sys.stderr)
        return None


def _load(args):
    """The one checked project the paths belong to, or None after printing why not."""
    projects = _load_all(args)
    if projects is not None and len(projects) > 1:
        roots = ", ".join(str(p.root) for p in projects)
        print(f"camp: the paths belong to {len(projects)} projects ({roots}); "
              f"`camp {args.command}` works on one at a time", file=sys.stderr)
        return None
    return projects[0] if projects else None


def report(project, args, extra=(), stream=None) -> bool:
    """Print the project's diagnostics (and `extra`); True when there is an error.

    Machine formats go to stdout, or to `stream` when stdout carries something else (the SQL
    of `camp compile`); the human form always goes to stderr.
    """
    from dsl.diagnostics import has_errors, sorted_diagnostics
    from dsl.render import HumanRenderer, render_as, summary, use_colour

    diagnostics = sorted_diagnostics([*project.diagnostics, *extra])
    if args.format != "human":
        if diagnostics or stream is None:
            _write(stream or sys.stdout, render_as(args.format, diagnostics))
    else:
        renderer = HumanRenderer(project.files, colour=use_colour(sys.stderr))
        for diagnostic in diagnostics:
            print(renderer.render(diagnostic) + "\n", file=sys.stderr)
        if diagnostics or args.command == "check":
            print(f"camp: {summary(diagnostics, len(project.files))}", file=sys.stderr)
    return has_errors(diagnostics)


class OutputFailed(Exception):
    """stdout (or a file to write) refused the output: a full disk, a closed stream."""


def _write(stream, text: str) -> None:
    if stream is None:
        raise OutputFailed("standard output is closed")
    try:
        stream.write(text)
        stream.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise OutputFailed(exc.strerror or str(exc)) from exc


def cmd_explain(args) -> int:
    """`camp explain CODE`: what the code means, an example, the fix."""
    from dsl.diagnostics import CODES, code_page, did_you_mean

    page = code_page(args.code)
    if page is None:
        hint = did_you_mean(args.code.strip().upper(), CODES)
        print(f"camp: no diagnostic code {args.code!r}; "
              + (hint or "codes look like E201 or W101"), file=sys.stderr)
        return EXIT_USAGE
    _write(sys.stdout, page)
    return EXIT_OK


def cmd_check(args) -> int:
    projects = _load_all(args)
    if projects is None:
        return EXIT_USAGE
    if len(projects) == 1:
        return EXIT_ERRORS if report(projects[0], args) else EXIT_OK
    from dataclasses import replace

    merged = replace(projects[0], diagnostics=[d for p in projects for d in p.diagnostics],
                     files={f: t for p in projects for f, t in p.files.items()})
    return EXIT_ERRORS if report(merged, args) else EXIT_OK


def _load_clean(args):
    """The project, or the exit status after saying why it cannot be compiled or run."""
    project = _load(args)
    if project is None:
        return EXIT_USAGE
    if has_errors(project.diagnostics):
        report(project, args)
        return EXIT_ERRORS
    return project


def cmd_compile(args) -> int:
    project = _load_clean(args)
    if isinstance(project, int):
        return project
    from dsl.project import KNOWN_DIALECTS

    dialect = args.dialect or project.config.dialect
    if dialect not in KNOWN_DIALECTS:
        print(f"camp: unknown dialect {dialect!r}; choose one of {', '.join(KNOWN_DIALECTS)}",
              file=sys.stderr)
        return EXIT_USAGE
    from compiler.compile import compile_project

    compiled, problems = compile_project(_selected(project, args.paths), dialect, args.as_of)
    if problems:
        report(project, args, problems)
        return EXIT_ERRORS
    report(project, args, stream=None if args.output else sys.stderr)
    if args.output:
        return _write_sql(compiled, args.output)
    _write(sys.stdout, "\n".join(c.sql for c in compiled))
    return EXIT_OK


def _write_sql(compiled, folder: str) -> int:
    from pathlib import Path

    target = Path(folder)
    try:
        target.mkdir(parents=True, exist_ok=True)
        for campaign in compiled:
            (target / f"{campaign.file_stem}.sql").write_text(campaign.sql, encoding="utf-8")
    except OSError as exc:
        print(f"camp: cannot write to {target}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_USAGE
    print(f"camp: wrote {len(compiled)} file(s) to {target}", file=sys.stderr)
    return EXIT_OK


def _selected(project, paths: list[str], dependencies: bool = False):
    """The project, narrowed to the campaigns of the files named on the command line.

    With `dependencies`, the campaigns whose audiences those read stay in too, so that a run
    can bring them up to date first.
    """
    from pathlib import Path

    from dsl.project import display_path

    files = {display_path(Path(p)) for p in paths if Path(p).is_file()}
    if not files:
        return project
    wanted = {c.name for c in project.campaigns if c.span.file in files}
    by_name = {c.name: c for c in project.campaigns}
    pending = list(wanted) if dependencies else []
    while pending:
        for needed in by_name[pending.pop()].depends_on:
            if needed not in wanted:
                wanted.add(needed)
                pending.append(needed)
    from dataclasses import replace

    return replace(project, campaigns=[c for c in project.campaigns if c.name in wanted])


def cmd_run(args) -> int:
    project = _load_clean(args)
    if isinstance(project, int):
        return project
    if args.db is not None and not args.db.strip():
        print("camp: --db needs a database path or URL", file=sys.stderr)
        return EXIT_USAGE
    from compiler.run import run_project

    selected = _selected(project, args.paths, dependencies=True)
    names = {c.name for c in selected.campaigns}
    if args.campaign is not None and args.campaign not in names:
        from dsl.diagnostics import did_you_mean

        hint = did_you_mean(args.campaign, names)
        print(f"camp: no campaign named {args.campaign!r}" + (f"; {hint}" if hint else ""),
              file=sys.stderr)
        return EXIT_USAGE
    result = run_project(selected, args.db, args.as_of, args.campaign, explain=args.explain)
    report(project, args, result.diagnostics)
    if result.ok:
        stream = sys.stdout if args.format == "human" else sys.stderr
        _write(stream, format_run(result) + "\n")
    return result.exit_status


def cmd_fmt(args) -> int:
    from dsl.format import format_files

    return format_files(args.paths, check=args.check, show_diff=args.diff)


def cmd_lsp(args) -> int:
    # pygls is imported here only: `camp check` never pays for it.
    from dsl.lsp.server import serve

    serve()
    return EXIT_OK


def format_run(result) -> str:
    """The audiences of a run, one line each, grouped by campaign in the order they ran."""
    lines = [f"ran on {result.database}"]
    campaign = None
    for audience in result.audiences:
        if audience.campaign != campaign:
            campaign = audience.campaign
            lines.append(f"  campaign \"{campaign}\"")
            if campaign in result.steps:
                from compiler.explain import format_steps

                lines += format_steps(result.steps[campaign])
        lines.append("    " + _audience_line(audience))
    saved = sum(a.saved for a in result.audiences)
    drafts = len(result.audiences) - saved
    lines.append(f"saved {saved} audience{'s' if saved != 1 else ''}"
                 + (f"; {drafts} in drafts, not saved" if drafts else ""))
    return "\n".join(lines)


def _audience_line(audience) -> str:
    rows = f"{audience.row_count:,} row{'s' if audience.row_count != 1 else ''}"
    if audience.saved:
        text = f"saved  \"{audience.label}\": {rows} in {audience.table_name}"
    else:
        text = f"draft  \"{audience.label}\": {rows}, not saved"
    if audience.left_out:
        text += f" ({audience.left_out:,} left out: no mapping value)"
    return text


if __name__ == "__main__":
    sys.exit(main())
