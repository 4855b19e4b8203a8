"""Time from a `didChange` to the `publishDiagnostics` that answers it, on a 2,000-line file.

Starts `camp lsp` as a subprocess over stdio, opens a generated file of 100 campaigns (about
2,000 lines, see `generate_project.py`) in a project with the travel dimensions, then edits
one campaign several times and reports the median (the server's debounce included).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

from lsprotocol import types
from pygls.lsp.client import LanguageClient

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate_project import campaign_text, write_project  # noqa: E402


async def measure(changes: int) -> list[float]:
    folder = Path(tempfile.mkdtemp(prefix="camp-lsp-bench-"))
    write_project(folder, 0)
    text = "".join(campaign_text(n) for n in range(100))
    path = folder / "campaigns" / "big.camp"
    path.write_text(text, encoding="utf-8")
    uri = path.resolve().as_uri()

    client = LanguageClient("bench", "1")
    published: asyncio.Queue = asyncio.Queue()

    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def on_diagnostics(params: types.PublishDiagnosticsParams):
        if params.uri == uri:
            published.put_nowait((time.perf_counter(), params))

    await client.start_io(sys.executable, "-m", "compiler.cli", "lsp")
    await client.initialize_async(types.InitializeParams(
        capabilities=types.ClientCapabilities(), root_uri=folder.as_uri()))
    client.initialized(types.InitializedParams())
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        text_document=types.TextDocumentItem(uri=uri, language_id="camp", version=1, text=text)))
    await published.get()

    timings = []
    for version in range(2, changes + 2):
        edited = text.replace("Lisbon", f"Lisbon {version}", 1)
        started = time.perf_counter()
        client.text_document_did_change(types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=edited)]))
        while True:
            arrived, params = await published.get()
            if params.version == version:
                break
        timings.append((arrived - started) * 1000)
    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--changes", type=int, default=15)
    args = parser.parse_args()
    timings = asyncio.run(measure(args.changes))
    lines = sum(campaign_text(n).count("\n") for n in range(100))
    print(f"didChange -> publishDiagnostics on a {lines}-line file: median "
          f"{statistics.median(timings):.1f} ms, min {min(timings):.1f} ms, max "
          f"{max(timings):.1f} ms over {len(timings)} changes")


if __name__ == "__main__":
    main()
