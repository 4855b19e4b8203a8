"""`camp lsp`: the language server, over stdio.

Every change re-checks the whole project the document belongs to (a duplicate label spans
files), after a short pause so that a burst of keystrokes costs one check. Diagnostics go to
every file of the project whose diagnostics changed; the result of a check that a newer
edit has overtaken is dropped. A closed file's diagnostics are cleared, and stay so until it
is opened again. Unsaved buffers take the place of the files on disk.
"""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path
from urllib.parse import unquote, urlparse

from lsprotocol import types
from pygls.lsp.server import LanguageServer

from dsl.diagnostics import ERROR, WARNING, Diagnostic
from dsl.format import format_source
from dsl.lsp.analysis import Analysis, ProjectState
from dsl.lsp.features import complete, document_symbols
from dsl.lsp.positions import Lines
from dsl.project import find_root, read_source

log = logging.getLogger(__name__)

DEBOUNCE_SECONDS = 0.01
_SEVERITY = {ERROR: types.DiagnosticSeverity.Error, WARNING: types.DiagnosticSeverity.Warning}


def path_of(uri: str) -> str | None:
    parsed = urlparse(uri)
    return str(Path(unquote(parsed.path)).resolve()) if parsed.scheme == "file" else None


def uri_of(file: str) -> str:
    return Path(file).resolve().as_uri()


class CampServer(LanguageServer):
    def __init__(self):
        super().__init__("camp", "0.1.0")
        self.projects: dict[Path, ProjectState] = {}
        self.pending: dict[Path, asyncio.Task] = {}
        self.closed: set[str] = set()
        self.published: dict[str, list] = {}

    @property
    def encoding(self) -> str:
        return self.workspace.position_encoding or types.PositionEncodingKind.Utf16

    def project(self, file: str) -> ProjectState:
        root = find_root(Path(file))
        if root not in self.projects:
            self.projects[root] = ProjectState(root)
        return self.projects[root]

    def lines(self, file: str) -> Lines:
        document = self.workspace.text_documents.get(uri_of(file))
        if document is not None:
            return Lines(document.source, self.encoding)
        state = self.project(file)
        return Lines(state.text_of(file)[0], self.encoding)

    def analysis(self, file: str) -> Analysis:
        """The last analysis of the file's project (made now if there is none)."""
        state = self.project(file)
        if state.last is None or file not in state.last.files:
            state.buffers = self.buffers(state)
            state.analyse()
        return state.last

    def buffers(self, state: ProjectState) -> dict[str, str]:
        found = {}
        for document in self.workspace.text_documents.values():
            file = path_of(document.uri)
            if file is not None and Path(file).suffix == ".camp" \
                    and Path(file).is_relative_to(state.root):
                found[file] = document.source
        return found

    # ---------------------------------------------------------------- diagnostics

    def schedule(self, file: str) -> None:
        state = self.project(file)
        previous = self.pending.get(state.root)
        if previous is not None:
            previous.cancel()
        self.pending[state.root] = asyncio.get_running_loop().create_task(self.check(state))

    async def check(self, state: ProjectState) -> None:
        await asyncio.sleep(DEBOUNCE_SECONDS)
        versions = self.versions()
        state.buffers = self.buffers(state)
        analysis = await asyncio.to_thread(state.analyse)
        if self.versions() != versions:
            log.debug("dropping a check of outdated documents")
            return
        self.publish(analysis, versions)

    def versions(self) -> dict[str, int | None]:
        return {uri: doc.version for uri, doc in self.workspace.text_documents.items()}

    def publish(self, analysis: Analysis, versions: dict[str, int | None]) -> None:
        by_file = {str(Path(file).resolve()): [] for file in analysis.diagnostics}
        for file, diagnostics in analysis.diagnostics.items():
            for diagnostic in diagnostics:
                by_file[str(Path(file).resolve())].append(self.to_lsp(diagnostic, analysis))
                for file_elsewhere, mirrored in self.mirrors(diagnostic, analysis):
                    by_file.setdefault(file_elsewhere, []).append(mirrored)
        for file, converted in by_file.items():
            if file in self.closed:
                continue
            uri = uri_of(file)
            if self.published.get(uri) == converted and uri not in versions:
                continue
            self.published[uri] = converted
            self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(
                uri=uri, diagnostics=converted, version=versions.get(uri)))

    def mirrors(self, diagnostic: Diagnostic, analysis: Analysis):
        """The diagnostic again in each other file its related locations name (a duplicate
        label shows in both files), pointing back at the primary location."""
        primary = types.DiagnosticRelatedInformation(
            location=types.Location(uri=uri_of(diagnostic.span.file),
                                    range=self.file_lines(diagnostic.span.file, analysis)
                                    .range(diagnostic.span)),
            message=diagnostic.message)
        for related in diagnostic.related:
            if Path(related.span.file).resolve() == Path(diagnostic.span.file).resolve():
                continue
            lines = self.file_lines(related.span.file, analysis)
            yield str(Path(related.span.file).resolve()), types.Diagnostic(
                range=lines.range(related.span), message=f"{related.message}: "
                f"{diagnostic.message}", code=diagnostic.code, source="camp",
                severity=_SEVERITY.get(diagnostic.severity,
                                       types.DiagnosticSeverity.Information),
                related_information=[primary])

    def clear(self, file: str) -> None:
        uri = uri_of(file)
        self.published[uri] = []
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))

    def to_lsp(self, diagnostic: Diagnostic, analysis: Analysis) -> types.Diagnostic:
        lines = self.file_lines(diagnostic.span.file, analysis)
        related = [types.DiagnosticRelatedInformation(
            location=types.Location(uri=uri_of(r.span.file),
                                    range=self.file_lines(r.span.file, analysis).range(r.span)),
            message=r.message) for r in diagnostic.related]
        message = diagnostic.message + (f"\n{diagnostic.hint}" if diagnostic.hint else "")
        return types.Diagnostic(
            range=lines.range(diagnostic.span), message=message, code=diagnostic.code,
            source="camp", severity=_SEVERITY.get(diagnostic.severity,
                                                  types.DiagnosticSeverity.Information),
            related_information=related or None)

    def file_lines(self, file: str, analysis: Analysis) -> Lines:
        text = analysis.texts.get(file)
        if text is None:
            text = read_source(Path(file), file)[0]
        return Lines(text, self.encoding)


server = CampServer()


@server.feature(types.TEXT_DOCUMENT_DID_OPEN)
def did_open(ls: CampServer, params: types.DidOpenTextDocumentParams) -> None:
    file = path_of(params.text_document.uri)
    if file is not None:
        ls.closed.discard(file)
        ls.schedule(file)


@server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
def did_change(ls: CampServer, params: types.DidChangeTextDocumentParams) -> None:
    file = path_of(params.text_document.uri)
    if file is not None:
        ls.schedule(file)


@server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
def did_close(ls: CampServer, params: types.DidCloseTextDocumentParams) -> None:
    file = path_of(params.text_document.uri)
    if file is not None:
        ls.closed.add(file)
        ls.clear(file)
        ls.schedule(file)


@server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
def did_change_files(ls: CampServer, params: types.DidChangeWatchedFilesParams) -> None:
    for change in params.changes:
        file = path_of(change.uri)
        if file is None:
            continue
        if change.type == types.FileChangeType.Deleted:
            ls.clear(file)
        ls.schedule(file)


@server.feature(types.WORKSPACE_DID_DELETE_FILES)
def did_delete_files(ls: CampServer, params: types.DeleteFilesParams) -> None:
    for deleted in params.files:
        file = path_of(deleted.uri)
        if file is not None:
            ls.clear(file)
            ls.schedule(file)


# -------------------------------------------------------------------- navigation


def _occurrence(ls: CampServer, uri: str, position: types.Position):
    file = path_of(uri)
    if file is None:
        return None, None, None
    analysis = ls.analysis(file)
    line, column = ls.lines(file).from_client(position)
    return analysis, file, analysis.index.at(file, line, column)


def _location(ls: CampServer, span) -> types.Location:
    return types.Location(uri=uri_of(span.file), range=ls.lines(span.file).range(span))


@server.feature(types.TEXT_DOCUMENT_HOVER)
def hover(ls: CampServer, params: types.HoverParams) -> types.Hover | None:
    analysis, file, found = _occurrence(ls, params.text_document.uri, params.position)
    if found is None:
        return None
    contents = types.MarkupContent(kind=types.MarkupKind.Markdown,
                                   value=analysis.index.hover(found.symbol))
    return types.Hover(contents=contents, range=ls.lines(file).range(found.span))


@server.feature(types.TEXT_DOCUMENT_DEFINITION)
def definition(ls: CampServer, params: types.DefinitionParams) -> types.Location | None:
    analysis, _file, found = _occurrence(ls, params.text_document.uri, params.position)
    if found is None:
        return None
    span = analysis.index.declaration(found.symbol)
    return _location(ls, span) if span is not None else None


@server.feature(types.TEXT_DOCUMENT_REFERENCES)
def references(ls: CampServer, params: types.ReferenceParams) -> list[types.Location]:
    analysis, _file, found = _occurrence(ls, params.text_document.uri, params.position)
    if found is None:
        return []
    include = params.context.include_declaration
    return [_location(ls, o.span) for o in analysis.index.references(found.symbol)
            if include or not o.declaration]


@server.feature(types.TEXT_DOCUMENT_COMPLETION,
                types.CompletionOptions(trigger_characters=[".", " ", '"']))
def completion(ls: CampServer, params: types.CompletionParams) -> types.CompletionList:
    file = path_of(params.text_document.uri)
    if file is None:
        return types.CompletionList(is_incomplete=False, items=[])
    lines = ls.lines(file)
    line, column = lines.from_client(params.position)
    prefix = lines.line(line)[:column - 1]
    items = complete(ls.analysis(file), file, prefix, line)
    return types.CompletionList(is_incomplete=False, items=items)


@server.feature(types.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
def symbols(ls: CampServer, params: types.DocumentSymbolParams) -> list[types.DocumentSymbol]:
    file = path_of(params.text_document.uri)
    module = ls.analysis(file).modules.get(file) if file else None
    return document_symbols(module, ls.lines(file).range) if module else []


@server.feature(types.TEXT_DOCUMENT_FORMATTING)
def formatting(ls: CampServer, params: types.DocumentFormattingParams) -> list[types.TextEdit]:
    if params.text_document.uri not in ls.workspace.text_documents:
        return []   # only open documents: formatting edits a buffer, never a file on disk
    document = ls.workspace.get_text_document(params.text_document.uri)
    result = format_source(document.source, path_of(document.uri) or document.uri)
    if not result.ok or result.text == document.source:
        return []
    lines = Lines(document.source, ls.encoding)
    last = len(lines.lines)
    whole = types.Range(start=types.Position(line=0, character=0),
                        end=lines.position(last, len(lines.line(last)) + 1))
    return [types.TextEdit(range=whole, new_text=result.text)]


def serve() -> None:
    """Run the server on stdin and stdout until the client says exit."""
    server.start_io()
