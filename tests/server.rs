//! The language server in process, over `Connection::memory()`: a test client speaks LSP to
//! `kooship::server::run` on a thread, as an editor would over standard input/output.

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use lsp_server::{Connection, Message, Notification, Request, RequestId, Response};
use lsp_types::{
    CodeActionContext, CodeActionKind, CodeActionOrCommand, CodeActionParams, Diagnostic,
    DidChangeTextDocumentParams, DidCloseTextDocumentParams, DidOpenTextDocumentParams,
    DidSaveTextDocumentParams, HoverContents, HoverParams, InitializeParams, InitializeResult,
    NumberOrString, Position, PublishDiagnosticsParams, Range, TextDocumentContentChangeEvent,
    TextDocumentIdentifier, TextDocumentItem, TextDocumentPositionParams, TextEdit, Uri,
    VersionedTextDocumentIdentifier,
};
use serde_json::{Value, json};

/// How long a test waits for the server before failing (a hang fails, it does not block).
const WAIT: Duration = Duration::from_secs(30);

struct Client {
    connection: Connection,
    server: Option<std::thread::JoinHandle<Result<bool, kooship::server::ServerError>>>,
    next_id: i32,
    /// Notifications received while waiting for something else.
    pending: Vec<Notification>,
}

impl Client {
    /// Starts a server and initializes it.
    fn start() -> (Client, InitializeResult) {
        let (server, connection) = Connection::memory();
        let handle = std::thread::spawn(move || kooship::server::run(server));
        let mut client = Client {
            connection,
            server: Some(handle),
            next_id: 0,
            pending: Vec::new(),
        };
        let result = client.request(
            "initialize",
            serde_json::to_value(InitializeParams::default()).unwrap(),
        );
        client.notify("initialized", json!({}));
        (client, serde_json::from_value(result).unwrap())
    }

    fn notify(&self, method: &str, params: impl serde::Serialize) {
        self.connection
            .sender
            .send(Message::Notification(Notification::new(
                method.to_owned(),
                params,
            )))
            .unwrap();
    }

    fn receive(&mut self) -> Message {
        self.connection
            .receiver
            .recv_timeout(WAIT)
            .expect("the server answered in time")
    }

    /// Sends a request and waits for its response (keeping notifications for later).
    fn request_response(&mut self, method: &str, params: Value) -> Response {
        self.next_id += 1;
        let id = RequestId::from(self.next_id);
        self.connection
            .sender
            .send(Message::Request(Request::new(
                id.clone(),
                method.to_owned(),
                params,
            )))
            .unwrap();
        loop {
            match self.receive() {
                Message::Response(r) if r.id == id => return r,
                Message::Notification(n) => self.pending.push(n),
                _ => {}
            }
        }
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        match self.request_response(method, params).response_result {
            Ok(result) => result,
            Err(e) => panic!("{method}: {e:?}"),
        }
    }

    /// The next diagnostics published for `uri` with `version` (earlier ones are skipped).
    fn diagnostics(&mut self, uri: &Uri, version: Option<i32>) -> Vec<Diagnostic> {
        loop {
            let n = if self.pending.is_empty() {
                match self.receive() {
                    Message::Notification(n) => n,
                    _ => continue,
                }
            } else {
                self.pending.remove(0)
            };
            if n.method != "textDocument/publishDiagnostics" {
                continue;
            }
            let p: PublishDiagnosticsParams = serde_json::from_value(n.params).unwrap();
            if &p.uri == uri && p.version == version {
                return p.diagnostics;
            }
        }
    }

    fn open(&self, uri: &Uri, version: i32, text: &str) {
        self.notify(
            "textDocument/didOpen",
            DidOpenTextDocumentParams {
                text_document: TextDocumentItem::new(
                    uri.clone(),
                    "yaml".to_owned(),
                    version,
                    text.to_owned(),
                ),
            },
        );
    }

    fn change(&self, uri: &Uri, version: i32, text: &str) {
        self.notify(
            "textDocument/didChange",
            DidChangeTextDocumentParams {
                text_document: VersionedTextDocumentIdentifier::new(uri.clone(), version),
                content_changes: vec![TextDocumentContentChangeEvent {
                    range: None,
                    range_length: None,
                    text: text.to_owned(),
                }],
            },
        );
    }

    fn hover(&mut self, uri: &Uri, position: Position) -> Option<String> {
        let params = HoverParams {
            text_document_position_params: TextDocumentPositionParams::new(
                TextDocumentIdentifier::new(uri.clone()),
                position,
            ),
            work_done_progress_params: Default::default(),
        };
        let result = self.request("textDocument/hover", serde_json::to_value(params).unwrap());
        let hover: Option<lsp_types::Hover> = serde_json::from_value(result).unwrap();
        hover.map(|h| match h.contents {
            HoverContents::Markup(m) => m.value,
            other => panic!("hover as markup, got {other:?}"),
        })
    }

    fn code_actions(
        &mut self,
        uri: &Uri,
        range: Range,
        only: Option<Vec<CodeActionKind>>,
    ) -> Vec<lsp_types::CodeAction> {
        let params = CodeActionParams {
            text_document: TextDocumentIdentifier::new(uri.clone()),
            range,
            context: CodeActionContext {
                diagnostics: Vec::new(),
                only,
                trigger_kind: None,
            },
            work_done_progress_params: Default::default(),
            partial_result_params: Default::default(),
        };
        let result = self.request(
            "textDocument/codeAction",
            serde_json::to_value(params).unwrap(),
        );
        let actions: Vec<CodeActionOrCommand> = serde_json::from_value(result).unwrap();
        actions
            .into_iter()
            .map(|a| match a {
                CodeActionOrCommand::CodeAction(a) => a,
                CodeActionOrCommand::Command(c) => panic!("a command: {c:?}"),
            })
            .collect()
    }

    /// `shutdown` then `exit`: the server's thread ends cleanly.
    fn stop(mut self) {
        let r = self.request_response("shutdown", Value::Null);
        assert!(r.response_result.is_ok());
        self.notify("exit", Value::Null);
        let server = self.server.take().unwrap();
        assert!(matches!(server.join(), Ok(Ok(true))));
    }
}

fn uri_of(path: &Path) -> Uri {
    Uri::from_str(url::Url::from_file_path(path).unwrap().as_str()).unwrap()
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn fixture(path: &str) -> String {
    std::fs::read_to_string(repo().join(path)).unwrap()
}

/// `text` with the edits applied (LSP positions, UTF-16 columns).
fn apply(text: &str, edits: &[TextEdit]) -> String {
    let offset = |p: Position| -> usize {
        let mut line_start = 0;
        for _ in 0..p.line {
            line_start += text[line_start..].find('\n').unwrap() + 1;
        }
        let mut units = 0;
        for (i, c) in text[line_start..].char_indices() {
            if units >= p.character as usize {
                return line_start + i;
            }
            units += c.len_utf16();
        }
        text.len()
    };
    let mut edits: Vec<&TextEdit> = edits.iter().collect();
    edits.sort_by_key(|e| std::cmp::Reverse((e.range.start.line, e.range.start.character)));
    let mut out = text.to_owned();
    for e in edits {
        out.replace_range(offset(e.range.start)..offset(e.range.end), &e.new_text);
    }
    out
}

#[test]
fn initialize_advertises_what_the_server_does() {
    let (client, init) = Client::start();
    let caps = serde_json::to_value(&init.capabilities).unwrap();
    assert_eq!(caps["positionEncoding"], "utf-16");
    assert_eq!(caps["textDocumentSync"]["change"], 1);
    assert_eq!(caps["textDocumentSync"]["openClose"], true);
    assert!(caps["textDocumentSync"]["save"].is_object());
    assert_eq!(caps["hoverProvider"], true);
    assert_eq!(
        caps["codeActionProvider"]["codeActionKinds"],
        json!(["quickfix", "source.fixAll.kooship"])
    );
    assert_eq!(init.server_info.unwrap().name, "kooship");
    client.stop();
}

#[test]
fn diagnostics_carry_code_href_source_message_and_range() {
    let (mut client, _) = Client::start();
    let uri = uri_of(&repo().join("tests/rules/MAN002/kooship.yaml"));
    client.open(
        &uri,
        1,
        &fixture("tests/rules/MAN002/fail-misspelt-key.yaml"),
    );
    let diagnostics = client.diagnostics(&uri, Some(1));
    let d = diagnostics
        .iter()
        .find(|d| d.code == Some(NumberOrString::String("MAN002".to_owned())))
        .expect("MAN002 published");
    // `# expect: MAN002 /product/nmae 4:3` (1-based) → line 3, character 2.
    assert_eq!(
        d.range,
        Range::new(Position::new(3, 2), Position::new(3, 6))
    );
    assert_eq!(d.source.as_deref(), Some("kooship"));
    assert_eq!(d.severity, Some(lsp_types::DiagnosticSeverity::ERROR));
    assert!(
        d.code_description
            .as_ref()
            .unwrap()
            .href
            .as_str()
            .ends_with("docs/rules.md#man002-unknown-field")
    );
    assert_eq!(
        d.message,
        "unknown key `nmae` in `product`\nhelp: did you mean `name`?"
    );
    client.stop();
}

#[test]
fn columns_count_utf16_units_after_an_emoji() {
    let (mut client, _) = Client::start();
    let dir = tempfile::tempdir().unwrap();
    let uri = uri_of(&dir.path().join("kooship.yaml"));
    // 🎉 is one character for `lint` (column 31) and two UTF-16 units for an editor.
    let text = "format: 1\nproduct: {name: \"Acme 🎉 Insight\", nmae: x}\n";
    client.open(&uri, 1, text);
    let diagnostics = client.diagnostics(&uri, Some(1));
    let d = diagnostics
        .iter()
        .find(|d| d.code == Some(NumberOrString::String("MAN002".to_owned())))
        .unwrap();
    let line = text.lines().nth(1).unwrap();
    let chars = line[..line.find("nmae").unwrap()].chars().count() as u32;
    assert_eq!(d.range.start, Position::new(1, chars + 1));
    assert_eq!(d.range.end, Position::new(1, chars + 5));
    client.stop();
}

#[test]
fn the_unsaved_text_is_linted_and_a_change_clears_what_it_fixed() {
    let (mut client, _) = Client::start();
    let dir = tempfile::tempdir().unwrap();
    // Nothing on disk: the editor's text is what is linted.
    let uri = uri_of(&dir.path().join("kooship.yaml"));
    let bad = fixture("tests/rules/MAN002/fail-misspelt-key.yaml");
    client.open(&uri, 1, &bad);
    assert!(
        client
            .diagnostics(&uri, Some(1))
            .iter()
            .any(|d| d.code == Some(NumberOrString::String("MAN002".to_owned())))
    );
    client.change(&uri, 2, &bad.replace("nmae:", "name:"));
    let after = client.diagnostics(&uri, Some(2));
    assert!(
        !after
            .iter()
            .any(|d| d.code == Some(NumberOrString::String("MAN002".to_owned())))
    );
    // Closing clears them.
    client.notify(
        "textDocument/didClose",
        DidCloseTextDocumentParams {
            text_document: TextDocumentIdentifier::new(uri.clone()),
        },
    );
    assert!(client.diagnostics(&uri, None).is_empty());
    client.stop();
}

#[test]
fn a_burst_of_changes_ends_on_the_last_version() {
    let (mut client, _) = Client::start();
    let dir = tempfile::tempdir().unwrap();
    let uri = uri_of(&dir.path().join("kooship.yaml"));
    let bad = fixture("tests/rules/MAN002/fail-misspelt-key.yaml");
    client.open(&uri, 1, &bad);
    for v in 2..=40 {
        client.change(&uri, v, &bad);
    }
    client.change(&uri, 41, &bad.replace("nmae:", "name:"));
    // Every publication is of a newer version than the one before; the last is version 41.
    let mut last = 0;
    loop {
        let Message::Notification(n) = client.receive() else {
            continue;
        };
        if n.method != "textDocument/publishDiagnostics" {
            continue;
        }
        let p: PublishDiagnosticsParams = serde_json::from_value(n.params).unwrap();
        let v = p.version.unwrap();
        assert!(v > last, "version {v} after {last}");
        last = v;
        if v == 41 {
            assert!(
                !p.diagnostics
                    .iter()
                    .any(|d| d.code == Some(NumberOrString::String("MAN002".to_owned())))
            );
            break;
        }
    }
    client.stop();
}

#[test]
fn file_references_and_the_lock_resolve_from_the_files_folder() {
    let (mut client, _) = Client::start();
    // tests/rules/MAN008/ has assets/logo.png: a logo there is found, a missing one is not.
    let uri = uri_of(&repo().join("tests/rules/MAN008/kooship.yaml"));
    let base = fixture("tests/rules/DEL001/pass-saas.yaml");
    let with_logo = |logo: &str| {
        base.replace(
            "  public: false\n",
            &format!("  public: false\n  logo: {logo}\n"),
        )
    };
    client.open(&uri, 1, &with_logo("assets/logo.png"));
    let found = client.diagnostics(&uri, Some(1));
    assert!(
        !found
            .iter()
            .any(|d| d.code == Some(NumberOrString::String("MAN008".to_owned()))),
        "{found:?}"
    );
    client.change(&uri, 2, &with_logo("assets/missing.png"));
    let missing = client.diagnostics(&uri, Some(2));
    assert!(
        missing
            .iter()
            .any(|d| d.code == Some(NumberOrString::String("MAN008".to_owned())))
    );

    // A kooship.lock beside the file makes it a later release: REL001 on a changed
    // supervision, and a save reads the lock again.
    let dir = tempfile::tempdir().unwrap();
    let uri = uri_of(&dir.path().join("kooship.yaml"));
    let text = fixture("tests/rules/REL001/fail-supervision-enabled.yaml");
    client.open(&uri, 1, &text);
    let first = client.diagnostics(&uri, Some(1));
    assert!(
        !first
            .iter()
            .any(|d| d.code == Some(NumberOrString::String("REL001".to_owned())))
    );
    std::fs::copy(
        repo().join("tests/rules/REL001/released.lock"),
        dir.path().join("kooship.lock"),
    )
    .unwrap();
    client.notify(
        "textDocument/didSave",
        DidSaveTextDocumentParams {
            text_document: TextDocumentIdentifier::new(uri.clone()),
            text: None,
        },
    );
    let saved = client.diagnostics(&uri, Some(1));
    assert!(
        saved
            .iter()
            .any(|d| d.code == Some(NumberOrString::String("REL001".to_owned()))),
        "{saved:?}"
    );
    client.stop();
}

#[test]
fn other_documents_are_left_alone() {
    let (mut client, _) = Client::start();
    let dir = tempfile::tempdir().unwrap();
    let other = uri_of(&dir.path().join("values.yaml"));
    client.open(&other, 1, "nmae: x\n");
    let untitled = Uri::from_str("untitled:kooship.yaml").unwrap();
    client.open(&untitled, 1, "nmae: x\n");
    let manifest = uri_of(&dir.path().join("kooship.yml"));
    client.open(&manifest, 1, "format: 1\n");
    // The first publication is the manifest's.
    let Message::Notification(n) = client.receive() else {
        panic!()
    };
    let p: PublishDiagnosticsParams = serde_json::from_value(n.params).unwrap();
    assert_eq!(p.uri, manifest);
    assert!(client.hover(&other, Position::new(0, 1)).is_none());
    client.stop();
}

#[test]
fn hover_explains_a_finding_and_describes_a_key() {
    let (mut client, _) = Client::start();
    let uri = uri_of(&repo().join("tests/rules/MAN002/kooship.yaml"));
    client.open(&uri, 1, &fixture("tests/rules/MAN002/fail-nested.yaml"));
    client.diagnostics(&uri, Some(1));
    // On `trial_day` (line 36, column 5, 1-based): MAN002's explanation.
    let on_finding = client.hover(&uri, Position::new(35, 6)).unwrap();
    assert!(
        on_finding.starts_with("**error[MAN002] unknown-field**: unknown key `trial_day`"),
        "{on_finding}"
    );
    assert!(on_finding.contains("## What it checks"));
    assert!(on_finding.contains("help: did you mean `trial_days`?"));
    // On the key `billing` of the first spec: its schema type and values.
    let text = fixture("tests/rules/MAN002/fail-nested.yaml");
    let line = text
        .lines()
        .position(|l| l.trim_start().starts_with("billing:"))
        .unwrap() as u32;
    let on_key = client.hover(&uri, Position::new(line, 5)).unwrap();
    assert!(
        on_key.starts_with("**`specifications[0].billing`**: text"),
        "{on_key}"
    );
    assert!(
        on_key.ends_with("One of `yearly_monthly`, `one_time`, `pay_per_use`."),
        "{on_key}"
    );
    // On `access_guide`: its description.
    let line = text
        .lines()
        .position(|l| l.trim_start().starts_with("access_guide:"))
        .unwrap() as u32;
    let on_key = client.hover(&uri, Position::new(line, 4)).unwrap();
    assert!(on_key.contains("SaaS Product Access Guide"), "{on_key}");
    // On nothing.
    assert!(client.hover(&uri, Position::new(0, 0)).is_none());
    client.stop();
}

#[test]
fn code_actions_fix_a_finding_and_fix_all() {
    let (mut client, _) = Client::start();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kooship.yaml");
    let uri = uri_of(&path);
    let text = fixture("tests/cmd/fix.in/kooship.yaml");
    client.open(&uri, 1, &text);
    let diagnostics = client.diagnostics(&uri, Some(1));
    let currency = diagnostics
        .iter()
        .find(|d| d.code == Some(NumberOrString::String("PRC017".to_owned())))
        .unwrap();
    let actions = client.code_actions(&uri, currency.range, None);
    let quick = actions
        .iter()
        .find(|a| a.kind == Some(CodeActionKind::QUICKFIX))
        .unwrap();
    assert_eq!(quick.title, "Write `USD`");
    assert_eq!(quick.is_preferred, Some(true));
    let edits = &quick.edit.as_ref().unwrap().changes.as_ref().unwrap()[&uri];
    assert_eq!(edits.len(), 1);
    assert_eq!(edits[0].range, currency.range);
    assert_eq!(edits[0].new_text, "USD");
    assert!(apply(&text, edits).contains("  currency: USD   # what buyers pay in\n"));

    // An Unsafe fix says so and is not preferred.
    let tls = diagnostics
        .iter()
        .find(|d| d.code == Some(NumberOrString::String("API006".to_owned())))
        .unwrap();
    let actions = client.code_actions(&uri, tls.range, Some(vec![CodeActionKind::QUICKFIX]));
    assert_eq!(actions.len(), 1);
    assert_eq!(
        actions[0].title,
        "Remove `tls1_0` from `tls_versions` (unsafe)"
    );
    assert_eq!(actions[0].is_preferred, Some(false));

    // source.fixAll.kooship: every Safe fix, as `kooship lint --fix` writes the file.
    let all = client.code_actions(
        &uri,
        Range::new(Position::new(0, 0), Position::new(0, 0)),
        Some(vec![CodeActionKind::new("source.fixAll")]),
    );
    assert_eq!(all.len(), 1);
    assert_eq!(
        all[0].kind,
        Some(CodeActionKind::new("source.fixAll.kooship"))
    );
    let edits = &all[0].edit.as_ref().unwrap().changes.as_ref().unwrap()[&uri];
    let fixed = apply(&text, edits);
    std::fs::write(&path, &text).unwrap();
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_kooship"))
        .args(["lint", "--fix", "--format", "concise"])
        .current_dir(dir.path())
        .env("SOURCE_DATE_EPOCH", "1795651200")
        .output()
        .unwrap();
    assert!(status.status.code().is_some());
    assert_eq!(fixed, std::fs::read_to_string(&path).unwrap());
    client.stop();
}

#[test]
fn huge_and_invalid_documents_do_not_stall_it() {
    let (mut client, _) = Client::start();
    let dir = tempfile::tempdir().unwrap();
    let uri = uri_of(&dir.path().join("kooship.yaml"));
    // Over 1 MiB: MAN006, at once.
    let huge = format!("format: 1\n# {}\n", "x".repeat(1_100_000));
    client.open(&uri, 1, &huge);
    let d = client.diagnostics(&uri, Some(1));
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].code, Some(NumberOrString::String("MAN006".to_owned())));
    // Just under 1 MiB, on one line: linted, and a hover on it answers.
    let long = format!(
        "format: 1\nproduct: {{name: \"{}\"}}\n",
        "x".repeat(1_000_000)
    );
    client.change(&uri, 2, &long);
    client.diagnostics(&uri, Some(2));
    assert!(client.hover(&uri, Position::new(1, 500_000)).is_some());
    // Not YAML at all: MAN001, and the server goes on.
    client.change(&uri, 3, "product: [\n  name: {\n\t- ]\n");
    let d = client.diagnostics(&uri, Some(3));
    assert_eq!(d[0].code, Some(NumberOrString::String("MAN001".to_owned())));
    client.change(&uri, 4, "format: 1\n");
    client.diagnostics(&uri, Some(4));
    client.stop();
}

#[test]
fn exit_without_shutdown_and_requests_after_shutdown() {
    // `exit` without `shutdown`: the server ends, reporting an unclean stop.
    let (mut client, _) = Client::start();
    client.notify("exit", Value::Null);
    let server = client.server.take().unwrap();
    assert!(matches!(server.join(), Ok(Ok(false))));

    // After `shutdown`, requests are refused until `exit`.
    let (mut client, _) = Client::start();
    assert!(
        client
            .request_response("shutdown", Value::Null)
            .response_result
            .is_ok()
    );
    let refused = client.request_response("textDocument/hover", json!({}));
    assert!(refused.response_result.is_err());
    client.notify("exit", Value::Null);
    let server = client.server.take().unwrap();
    assert!(matches!(server.join(), Ok(Ok(true))));

    // The client going away ends the server too.
    let (client, _) = Client::start();
    let Client {
        connection, server, ..
    } = client;
    drop(connection);
    assert!(matches!(server.unwrap().join(), Ok(Ok(false))));
}

#[test]
fn requests_before_initialize_are_refused() {
    let (server, client) = Connection::memory();
    let handle = std::thread::spawn(move || kooship::server::run(server));
    client
        .sender
        .send(Message::Request(Request::new(
            RequestId::from(7),
            "textDocument/hover".to_owned(),
            json!({}),
        )))
        .unwrap();
    let Message::Response(r) = client.receiver.recv_timeout(WAIT).unwrap() else {
        panic!()
    };
    assert_eq!(
        r.response_result.unwrap_err().code,
        lsp_server::ErrorCode::ServerNotInitialized as i32
    );
    client
        .sender
        .send(Message::Notification(Notification::new(
            "exit".to_owned(),
            Value::Null,
        )))
        .unwrap();
    assert!(matches!(handle.join(), Ok(Ok(false))));
}

#[test]
fn a_ranged_change_is_applied_to_the_text() {
    let (mut client, _) = Client::start();
    let dir = tempfile::tempdir().unwrap();
    let uri = uri_of(&dir.path().join("kooship.yaml"));
    let text = "format: 1\nproduct: {name: \"Acme 🎉\", nmae: x}\n";
    client.open(&uri, 1, text);
    assert_eq!(
        client
            .diagnostics(&uri, Some(1))
            .iter()
            .filter(|d| d.code == Some(NumberOrString::String("MAN002".to_owned())))
            .count(),
        1
    );
    // Replace `nmae` (UTF-16 columns 27–31 of line 1, after the emoji's two units) by `logo`.
    client.notify(
        "textDocument/didChange",
        DidChangeTextDocumentParams {
            text_document: VersionedTextDocumentIdentifier::new(uri.clone(), 2),
            content_changes: vec![TextDocumentContentChangeEvent {
                range: Some(Range::new(Position::new(1, 27), Position::new(1, 31))),
                range_length: None,
                text: "logo".to_owned(),
            }],
        },
    );
    let after = client.diagnostics(&uri, Some(2));
    assert!(
        !after
            .iter()
            .any(|d| d.code == Some(NumberOrString::String("MAN002".to_owned()))),
        "{after:?}"
    );
    assert!(
        after
            .iter()
            .any(|d| d.code == Some(NumberOrString::String("MAN008".to_owned()))),
        "{after:?}"
    );
    client.stop();
}
