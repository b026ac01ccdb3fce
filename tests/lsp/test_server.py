"""Black-box tests of `kooship server` with pytest-lsp, a real LSP client speaking to the
real binary over standard input/output (run by tests/lsp.sh; KOOSHIP_BIN names the binary).

For every rule fixture (tests/rules/*/*.yaml), the server's diagnostics carry the same codes
at the same positions as `kooship lint --format json` gives for the same file.
"""

import asyncio
import json
import os
import pathlib
import re
import subprocess

import pytest
import pytest_lsp
from lsprotocol import types as t
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

ROOT = pathlib.Path(__file__).resolve().parents[2]
BIN = os.environ.get("KOOSHIP_BIN", str(ROOT / "target" / "debug" / "kooship"))
# The date rule fixtures are written for (tests/rules.rs), for the server and the CLI alike.
ENV = dict(os.environ, SOURCE_DATE_EPOCH="1795651200", NO_COLOR="1")


def fixtures():
    out = []
    for path in sorted((ROOT / "tests" / "rules").glob("*/*.yaml")):
        try:
            path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue  # an editor's buffer is always text
        out.append(path)
    return out


FIXTURES = fixtures()


def split_lines(text):
    """Lines as kooship and LSP count them: ended by \\n, \\r\\n or a lone \\r."""
    return re.split(r"\r\n|\r|\n", text)


def utf16(line_text, column):
    """A 1-based character column as a 0-based UTF-16 column."""
    return len(line_text[: column - 1].encode("utf-16-le")) // 2


@pytest.fixture(scope="module")
def expected():
    """`kooship lint --format json` of every fixture, in one run: path → findings."""
    run = subprocess.run(
        [BIN, "lint", "--format", "json", "--fail-on", "never", *map(str, FIXTURES)],
        capture_output=True,
        env=ENV,
        check=True,
    )
    by_file = {}
    for f in json.loads(run.stdout)["findings"]:
        by_file.setdefault(f["file"], []).append(f)
    return by_file


@pytest_lsp.fixture(
    scope="module",
    config=ClientServerConfig(server_command=[BIN, "server"], server_env=ENV),
)
async def client(lsp_client: LanguageClient):
    # VS Code's capabilities let the server ask to watch kooship.lock; accept it, as VS Code does.
    registrations = []

    @lsp_client.feature(t.CLIENT_REGISTER_CAPABILITY)
    def register(params: t.RegistrationParams):
        registrations.extend(params.registrations)

    await lsp_client.initialize_session(
        t.InitializeParams(capabilities=client_capabilities("visual-studio-code"))
    )
    yield
    await lsp_client.shutdown_session()


VERSION = [0]
OPEN = set()


async def show(client, uri, text):
    """Opens a document (or changes it, when open) and returns the diagnostics published
    for that version. One publication answers each version, and the wait for it is set up
    before the event loop can read it."""
    VERSION[0] += 1
    version = VERSION[0]
    if uri in OPEN:
        client.text_document_did_change(
            t.DidChangeTextDocumentParams(
                text_document=t.VersionedTextDocumentIdentifier(uri=uri, version=version),
                content_changes=[t.TextDocumentContentChangeWholeDocument(text=text)],
            )
        )
    else:
        OPEN.add(uri)
        client.text_document_did_open(
            t.DidOpenTextDocumentParams(
                text_document=t.TextDocumentItem(
                    uri=uri, language_id="yaml", version=version, text=text
                )
            )
        )
    while True:
        params = await asyncio.wait_for(
            client.wait_for_notification(t.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS), 30
        )
        if params.uri == uri and params.version == version:
            return params.diagnostics


async def test_every_rule_fixture_matches_lint(client: LanguageClient, expected):
    assert len(FIXTURES) > 300
    mismatches = []
    for path in FIXTURES:
        text = path.read_text(encoding="utf-8-sig")
        lines = split_lines(text)
        # The server lints files named kooship.yaml; in the fixture's folder, file
        # references resolve as they do for the CLI.
        uri = (path.parent / "kooship.yaml").as_uri()
        diagnostics = await show(client, uri, text)
        got = sorted(
            (
                d.code,
                d.range.start.line,
                d.range.start.character,
                d.range.end.line,
                d.range.end.character,
            )
            for d in diagnostics
        )
        want = sorted(
            (
                f["rule"],
                f["line"] - 1,
                utf16(lines[f["line"] - 1], f["column"]),
                f["end_line"] - 1,
                utf16(lines[f["end_line"] - 1], f["end_column"]),
            )
            for f in expected.get(str(path), [])
        )
        if got != want:
            mismatches.append(f"{path.relative_to(ROOT)}:\n  server {got}\n  lint   {want}")
        # The diagnostic fields, on every finding.
        for d in diagnostics:
            assert d.source == "kooship"
            assert "docs/rules.md#" + d.code.lower() + "-" in d.code_description.href
    assert not mismatches, "\n".join(mismatches[:20])


async def test_diagnostic_fields(client: LanguageClient, tmp_path):
    uri = (tmp_path / "kooship.yaml").as_uri()
    text = (ROOT / "tests/rules/MAN002/fail-misspelt-key.yaml").read_text()
    diagnostics = await show(client, uri, text)
    d = next(d for d in diagnostics if d.code == "MAN002")
    assert (d.range.start.line, d.range.start.character) == (3, 2)
    assert (d.range.end.line, d.range.end.character) == (3, 6)
    assert d.source == "kooship"
    assert d.severity == t.DiagnosticSeverity.Error
    assert d.code_description.href.endswith("docs/rules.md#man002-unknown-field")
    assert d.message == "unknown key `nmae` in `product`\nhelp: did you mean `name`?"


async def test_emoji_before_the_finding(client: LanguageClient, tmp_path):
    uri = (tmp_path / "kooship.yaml").as_uri()
    text = 'format: 1\nproduct: {name: "Acme 🎉 Insight", nmae: x}\n'
    diagnostics = await show(client, uri, text)
    d = next(d for d in diagnostics if d.code == "MAN002")
    line = text.split("\n")[1]
    # UTF-16: the emoji counts two.
    assert d.range.start.character == len(line[: line.index("nmae")].encode("utf-16-le")) // 2
    assert d.range.start.character == line.index("nmae") + 1


async def test_change_hover_and_code_actions(client: LanguageClient, tmp_path):
    uri = (tmp_path / "kooship.yaml").as_uri()
    text = (ROOT / "tests/cmd/fix.in/kooship.yaml").read_text()
    diagnostics = await show(client, uri, text)
    currency = next(d for d in diagnostics if d.code == "PRC017")

    hover = await client.text_document_hover_async(
        t.HoverParams(
            text_document=t.TextDocumentIdentifier(uri=uri), position=currency.range.start
        )
    )
    assert "PRC017: currency-invalid" in hover.contents.value
    assert "## Automatic fix" in hover.contents.value

    actions = await client.text_document_code_action_async(
        t.CodeActionParams(
            text_document=t.TextDocumentIdentifier(uri=uri),
            range=currency.range,
            context=t.CodeActionContext(diagnostics=[currency]),
        )
    )
    quick = next(a for a in actions if a.kind == t.CodeActionKind.QuickFix)
    assert quick.title == "Write `USD`" and quick.is_preferred
    [edit] = quick.edit.changes[uri]
    assert edit.new_text == "USD" and edit.range == currency.range

    fix_all = await client.text_document_code_action_async(
        t.CodeActionParams(
            text_document=t.TextDocumentIdentifier(uri=uri),
            range=t.Range(start=t.Position(line=0, character=0), end=t.Position(line=0, character=0)),
            context=t.CodeActionContext(diagnostics=[], only=[t.CodeActionKind.SourceFixAll]),
        )
    )
    assert [a.kind for a in fix_all] == ["source.fixAll.kooship"]

    # A change to the fixed text: PRC017 is gone.
    fixed = text.replace("currency: usd", "currency: USD")
    diagnostics = await show(client, uri, fixed)
    assert "PRC017" not in [d.code for d in diagnostics]


@pytest_lsp.fixture(config=ClientServerConfig(server_command=[BIN, "server"], server_env=ENV))
async def fresh(lsp_client: LanguageClient):
    await lsp_client.initialize_session(
        t.InitializeParams(capabilities=client_capabilities("neovim"))
    )
    yield


async def test_shutdown_and_exit_end_the_process(fresh: LanguageClient):
    await fresh.shutdown_session()
    assert fresh._server.returncode == 0
