"""`camp lsp` end to end: a real LSP client (pytest-lsp) talks to the server over stdio.

Every test waits for the server's notifications or answers; none sleeps.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

SERVER = ClientServerConfig(server_command=[sys.executable, "-m", "compiler.cli", "lsp"])

CATALOG = """\
dimension recipients "Recipients" {
  source crm.recipients
  key recipient_id
  mapping CRMID = crm_id

  recipient_id: integer
  crm_id: text
  first_name: text column "FirstName"
  country: text

  link bookings to many bookings on recipient_id = recipient_id
}

dimension bookings {
  source crm.bookings
  key booking_id
  mapping CRMID = recipient.crm_id

  booking_id: integer
  recipient_id: integer
  destination: text

  link recipient to one recipients on recipient_id = recipient_id
}
"""

FRENCH = """\
campaign "French" {
  status published
  target recipients
  filter country = "FR"
  save audience "Shared" map CRMID with first_name
}
"""

READER = """\
campaign "Reader" {
  status published
  read audience "Shared"
  filter exists bookings where destination = "Rome"
  save audience "Romans" map CRMID
}
"""


def write_project(root: Path, **files: str) -> dict[str, str]:
    """Write camp.toml and the files; returns each file's URI by its name."""
    (root / "camp.toml").write_text("[project]\n", encoding="utf-8")
    uris = {}
    for name, text in files.items():
        path = root / f"{name}.camp"
        path.write_text(text, encoding="utf-8")
        uris[name] = path.resolve().as_uri()
    return uris


async def start(client: LanguageClient, root: Path, encodings=None) -> types.InitializeResult:
    general = types.GeneralClientCapabilities(position_encodings=encodings) if encodings else None
    return await client.initialize_session(types.InitializeParams(
        capabilities=types.ClientCapabilities(general=general),
        root_uri=root.resolve().as_uri(),
        workspace_folders=[types.WorkspaceFolder(uri=root.resolve().as_uri(), name="p")]))


@pytest_lsp.fixture(config=SERVER)
async def client(lsp_client: LanguageClient):
    yield
    await lsp_client.shutdown_session()


def open_document(client: LanguageClient, uri: str, text: str, version: int = 1) -> None:
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        text_document=types.TextDocumentItem(uri=uri, language_id="camp", version=version,
                                             text=text)))


def change_document(client: LanguageClient, uri: str, text: str, version: int) -> None:
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
        content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)]))


async def diagnostics(client: LanguageClient, uri: str, until=lambda found: True):
    """The diagnostics of `uri` once a publication satisfies `until` (waiting for them)."""
    async def wait():
        while uri not in client.diagnostics or not until(client.diagnostics[uri]):
            await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        return list(client.diagnostics[uri])
    return await asyncio.wait_for(wait(), timeout=20)


def codes(found) -> list[str]:
    return sorted(d.code for d in found)


def position_of(text: str, needle: str, offset: int = 0) -> types.Position:
    """The UTF-16 position of `needle` in `text` (plus `offset` code units)."""
    before = text[:text.index(needle)]
    line = before.count("\n")
    column = before.rsplit("\n", 1)[-1]
    return types.Position(line=line, character=len(column.encode("utf-16-le")) // 2 + offset)


# ---------------------------------------------------------------------------- diagnostics


@pytest.mark.asyncio
async def test_a_duplicate_label_shows_in_both_files_and_clears_in_both(client, tmp_path):
    uris = write_project(tmp_path, catalog=CATALOG, french=FRENCH, reader=READER)
    await start(client, tmp_path)
    duplicate = READER.replace('"Romans"', '"shared"')
    open_document(client, uris["reader"], READER)
    await diagnostics(client, uris["reader"])

    change_document(client, uris["reader"], duplicate, version=2)
    in_reader = await diagnostics(client, uris["reader"], lambda d: "E400" in codes(d))
    in_french = await diagnostics(client, uris["french"], lambda d: "E400" in codes(d))

    related = [r.location.uri for d in in_reader + in_french for r in
               (d.related_information or [])]
    assert uris["french"] in related or uris["reader"] in related
    change_document(client, uris["reader"], READER, version=3)
    assert await diagnostics(client, uris["reader"], lambda d: not d) == []
    assert await diagnostics(client, uris["french"], lambda d: not d) == []


@pytest.mark.asyncio
async def test_an_unsaved_buffer_overrides_the_file_on_disk(client, tmp_path):
    uris = write_project(tmp_path, catalog=CATALOG, french=FRENCH)
    await start(client, tmp_path)
    open_document(client, uris["french"], FRENCH.replace("country", "contry"))

    found = await diagnostics(client, uris["french"], lambda d: bool(d))

    assert codes(found) == ["E201"]
    assert "did you mean `country`?" in found[0].message


@pytest.mark.asyncio
async def test_closing_a_file_clears_its_diagnostics(client, tmp_path):
    uris = write_project(tmp_path, catalog=CATALOG, french=FRENCH)
    await start(client, tmp_path)
    open_document(client, uris["french"], FRENCH.replace("target recipients", "target people"))
    await diagnostics(client, uris["french"], lambda d: codes(d) == ["E200"])

    client.text_document_did_close(types.DidCloseTextDocumentParams(
        text_document=types.TextDocumentIdentifier(uri=uris["french"])))

    assert await diagnostics(client, uris["french"], lambda d: not d) == []


@pytest.mark.asyncio
async def test_a_deleted_file_has_its_diagnostics_cleared(client, tmp_path):
    uris = write_project(tmp_path, catalog=CATALOG, french=FRENCH,
                         broken=FRENCH.replace('"French"', '"Broken"').replace("FR", "BE")
                         .replace("country", "contry"))
    await start(client, tmp_path)
    open_document(client, uris["french"], FRENCH)
    await diagnostics(client, uris["broken"], lambda d: "E201" in codes(d))

    (tmp_path / "broken.camp").unlink()
    client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(changes=[
        types.FileEvent(uri=uris["broken"], type=types.FileChangeType.Deleted)]))

    assert await diagnostics(client, uris["broken"], lambda d: not d) == []


@pytest.mark.asyncio
async def test_a_syntax_error_is_reported_at_its_utf16_position(client, tmp_path):
    uris = write_project(tmp_path, catalog=CATALOG)
    await start(client, tmp_path)
    text = ('campaign "Émile 😀" {\n  status published\n  target recipients\n'
            '  filter country = "🇫🇷" and\n}\n')
    uri = (tmp_path / "emoji.camp").resolve().as_uri()
    open_document(client, uri, text)

    found = await diagnostics(client, uri, lambda d: bool(d))

    assert codes(found) == ["E100"]
    assert found[0].range.start.line == 4       # the `}` where an operand was expected


# ---------------------------------------------------------------------------- hover


@pytest.mark.asyncio
async def test_hover_tells_an_attributes_type_and_column(client, tmp_path):
    uris = write_project(tmp_path, catalog=CATALOG, french=FRENCH)
    await start(client, tmp_path)
    open_document(client, uris["french"], FRENCH)

    result = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uris["french"]),
        position=position_of(FRENCH, "first_name", 3)))

    assert "first_name: text" in result.contents.value
    assert "FirstName" in result.contents.value


@pytest.mark.asyncio
async def test_hover_on_a_read_label_names_the_campaign_that_saves_it(client, tmp_path):
    uris = write_project(tmp_path, catalog=CATALOG, french=FRENCH, reader=READER)
    await start(client, tmp_path)
    open_document(client, uris["reader"], READER)

    result = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uris["reader"]),
        position=position_of(READER, '"Shared"', 2)))

    assert 'campaign "French"' in result.contents.value
    assert "recipients" in result.contents.value


@pytest.mark.asyncio
async def test_hover_on_dimension_link_and_mapping(client, tmp_path):
    uris = write_project(tmp_path, catalog=CATALOG, french=FRENCH, reader=READER)
    await start(client, tmp_path)
    open_document(client, uris["reader"], READER)
    document = types.TextDocumentIdentifier(uri=uris["reader"])

    link = await client.text_document_hover_async(types.HoverParams(
        text_document=document, position=position_of(READER, "bookings where")))
    mapping = await client.text_document_hover_async(types.HoverParams(
        text_document=document, position=position_of(READER, "CRMID")))

    assert "link bookings to many bookings" in link.contents.value
    assert "mapping CRMID = crm_id" in mapping.contents.value


# ---------------------------------------------------------------------------- navigation


@pytest.mark.asyncio
async def test_go_to_definition_of_an_attribute_in_another_file(client, tmp_path):
    uris = write_project(tmp_path, catalog=CATALOG, french=FRENCH)
    await start(client, tmp_path)
    open_document(client, uris["french"], FRENCH)

    location = await client.text_document_definition_async(types.DefinitionParams(
        text_document=types.TextDocumentIdentifier(uri=uris["french"]),
        position=position_of(FRENCH, "country")))

    assert location.uri == uris["catalog"]
    assert location.range.start == position_of(CATALOG, "country: text")


@pytest.mark.asyncio
async def test_find_references_of_an_audience_label_across_files(client, tmp_path):
    uris = write_project(tmp_path, catalog=CATALOG, french=FRENCH, reader=READER)
    await start(client, tmp_path)
    open_document(client, uris["french"], FRENCH)

    found = await client.text_document_references_async(types.ReferenceParams(
        text_document=types.TextDocumentIdentifier(uri=uris["french"]),
        position=position_of(FRENCH, '"Shared"', 1),
        context=types.ReferenceContext(include_declaration=True)))

    assert sorted(location.uri for location in found) == sorted([uris["french"], uris["reader"]])


@pytest.mark.asyncio
async def test_find_references_of_a_dimension(client, tmp_path):
    uris = write_project(tmp_path, catalog=CATALOG, french=FRENCH)
    await start(client, tmp_path)
    open_document(client, uris["catalog"], CATALOG)

    found = await client.text_document_references_async(types.ReferenceParams(
        text_document=types.TextDocumentIdentifier(uri=uris["catalog"]),
        position=position_of(CATALOG, "recipients"),
        context=types.ReferenceContext(include_declaration=False)))

    # `to one recipients` in the catalog, `target recipients` in the campaign.
    assert sorted(location.uri for location in found) == sorted([uris["catalog"],
                                                                 uris["french"]])


# ---------------------------------------------------------------------------- completion


async def complete_at(client, uri, text, line, character) -> list[str]:
    change_document(client, uri, text, version=2)
    result = await client.text_document_completion_async(types.CompletionParams(
        text_document=types.TextDocumentIdentifier(uri=uri),
        position=types.Position(line=line, character=character)))
    return [item.label for item in result.items]


@pytest.mark.asyncio
async def test_completion_after_a_dot_offers_the_linked_dimension(client, tmp_path):
    campaign = FRENCH.replace('"French"', '"Trips"').replace("target recipients",
                                                            "target bookings")
    uris = write_project(tmp_path, catalog=CATALOG, trips=campaign)
    await start(client, tmp_path)
    open_document(client, uris["trips"], campaign)
    await diagnostics(client, uris["trips"])
    typing = campaign.replace('filter country = "FR"', "filter recipient.")

    labels = await complete_at(client, uris["trips"], typing, 3, len("  filter recipient."))

    assert {"country", "first_name", "bookings"} <= set(labels)
    assert "destination" not in labels


@pytest.mark.asyncio
async def test_completion_offers_the_mappings_of_the_current_dimension(client, tmp_path):
    uris = write_project(tmp_path, catalog=CATALOG, french=FRENCH)
    await start(client, tmp_path)
    open_document(client, uris["french"], FRENCH)
    await diagnostics(client, uris["french"])
    typing = FRENCH.replace("map CRMID with first_name", "map ")

    labels = await complete_at(client, uris["french"], typing, 4,
                               len('  save audience "Shared" map '))

    assert labels == ["CRMID"]


@pytest.mark.asyncio
async def test_completion_offers_labels_after_read_audience(client, tmp_path):
    uris = write_project(tmp_path, catalog=CATALOG, french=FRENCH, reader=READER)
    await start(client, tmp_path)
    open_document(client, uris["reader"], READER)
    await diagnostics(client, uris["reader"])
    typing = READER.replace('read audience "Shared"', 'read audience "')

    labels = await complete_at(client, uris["reader"], typing, 2, len('  read audience "'))

    assert set(labels) == {"Shared", "Romans"}


@pytest.mark.asyncio
async def test_completion_in_a_filter_offers_attributes_and_keywords(client, tmp_path):
    uris = write_project(tmp_path, catalog=CATALOG, french=FRENCH)
    await start(client, tmp_path)
    open_document(client, uris["french"], FRENCH)
    await diagnostics(client, uris["french"])
    typing = FRENCH.replace('filter country = "FR"', "filter c")

    labels = await complete_at(client, uris["french"], typing, 3, len("  filter c"))

    assert {"country", "crm_id", "bookings", "exists", "not"} <= set(labels)
    assert "destination" not in labels


@pytest.mark.asyncio
async def test_completion_at_the_start_of_a_step_offers_step_keywords(client, tmp_path):
    uris = write_project(tmp_path, catalog=CATALOG, french=FRENCH)
    await start(client, tmp_path)
    open_document(client, uris["french"], FRENCH)
    await diagnostics(client, uris["french"])
    typing = FRENCH.replace('  filter country = "FR"\n', '  filter country = "FR"\n  \n')

    labels = await complete_at(client, uris["french"], typing, 4, 2)

    assert {"filter", "enrich", "save audience"} <= set(labels)


# ---------------------------------------------------------------------------- symbols, format


@pytest.mark.asyncio
async def test_document_symbols_list_dimensions_campaigns_and_steps(client, tmp_path):
    uris = write_project(tmp_path, catalog=CATALOG, french=FRENCH)
    await start(client, tmp_path)
    text = CATALOG + "\n" + FRENCH
    open_document(client, uris["catalog"], text)

    found = await client.text_document_document_symbol_async(types.DocumentSymbolParams(
        text_document=types.TextDocumentIdentifier(uri=uris["catalog"])))

    assert [s.name for s in found] == ["recipients", "bookings", "French"]
    assert "first_name" in [child.name for child in found[0].children]
    assert [child.name for child in found[2].children][:2] == ["target recipients",
                                                              'filter country = "FR"']


@pytest.mark.asyncio
async def test_formatting_returns_the_canonical_text(client, tmp_path):
    uris = write_project(tmp_path, catalog=CATALOG)
    await start(client, tmp_path)
    messy = ('campaign "X" {\nstatus published\ntarget recipients\n'
             '    filter (country = "FR")   # French\n}\n')
    uri = (tmp_path / "messy.camp").resolve().as_uri()
    open_document(client, uri, messy)

    edits = await client.text_document_formatting_async(types.DocumentFormattingParams(
        text_document=types.TextDocumentIdentifier(uri=uri),
        options=types.FormattingOptions(tab_size=2, insert_spaces=True)))

    assert edits[0].new_text == ('campaign "X" {\n  status published\n  target recipients\n'
                                 '  filter country = "FR"  # French\n}\n')


# ---------------------------------------------------------------------------- encodings


EMOJI = """\
campaign "😀 Émile" {
  status published
  target recipients
  filter first_name = "😀😀" and country = "FR"
  save audience "Émoji 😀" map CRMID
}
"""


@pytest.mark.asyncio
async def test_positions_count_utf16_code_units_by_default(client, tmp_path):
    uris = write_project(tmp_path, catalog=CATALOG, emoji=EMOJI)
    result = await start(client, tmp_path)
    assert result.capabilities.position_encoding in (None, types.PositionEncodingKind.Utf16)
    open_document(client, uris["emoji"], EMOJI)

    # "country" after two emoji: each one is two UTF-16 code units.
    start_of_country = position_of(EMOJI, "country")
    hover = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uris["emoji"]),
        position=start_of_country))

    assert "country: text" in hover.contents.value
    assert hover.range.start == start_of_country
    assert hover.range.end.character == start_of_country.character + len("country")


@pytest.mark.asyncio
async def test_positions_count_utf8_bytes_when_negotiated(client, tmp_path):
    uris = write_project(tmp_path, catalog=CATALOG, emoji=EMOJI)
    result = await start(client, tmp_path, encodings=[types.PositionEncodingKind.Utf8])
    assert result.capabilities.position_encoding == types.PositionEncodingKind.Utf8
    open_document(client, uris["emoji"], EMOJI)
    line = EMOJI.split("\n")[3]
    byte_column = len(line[:line.index("country")].encode("utf-8"))

    hover = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uris["emoji"]),
        position=types.Position(line=3, character=byte_column)))

    assert "country: text" in hover.contents.value
    assert hover.range.start.character == byte_column
