//! Diagnostics latency of `kooship server`: from a `didChange` of a 1,000-line manifest to
//! its `publishDiagnostics`, in process over `Connection::memory()` (the same server loop
//! and lint worker as on stdio; no pipe). `cargo bench --bench server`. Target: ≤ 20 ms.

use std::path::PathBuf;
use std::str::FromStr;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use lsp_server::{Connection, Message, Notification, Request, RequestId};
use lsp_types::{
    DidChangeTextDocumentParams, DidOpenTextDocumentParams, InitializeParams,
    PublishDiagnosticsParams, TextDocumentContentChangeEvent, TextDocumentItem, Uri,
    VersionedTextDocumentIdentifier,
};
use serde_json::Value;

/// The bundled example with its custom-priced spec repeated until the file has 1,000 lines.
fn manifest() -> String {
    let example = std::fs::read_to_string("examples/acme-insight/kooship.yaml").expect("example");
    let start = example.find("  - code: team\n").expect("team spec");
    let end = example.find("  - code: business\n").expect("business spec");
    let (head, spec) = (&example[..start], &example[start..end]);
    let mut text = head.to_owned();
    let mut n = 0;
    while text.lines().count() + spec.lines().count() <= 1_000 {
        n += 1;
        text.push_str(
            &spec
                .replace("code: team", &format!("code: team-{n}"))
                .replace("name: Team", &format!("name: Team {n}"))
                .replace("team-standard", &format!("team-{n}-standard"))
                .replace("team-professional", &format!("team-{n}-professional")),
        );
    }
    while text.lines().count() < 1_000 {
        text.push_str("# padding\n");
    }
    text
}

fn wait_for(client: &Connection, uri: &Uri, version: i32) -> usize {
    loop {
        let message = client
            .receiver
            .recv_timeout(Duration::from_secs(30))
            .expect("the server publishes");
        if let Message::Notification(n) = message
            && n.method == "textDocument/publishDiagnostics"
        {
            let p: PublishDiagnosticsParams = serde_json::from_value(n.params).expect("params");
            if &p.uri == uri && p.version == Some(version) {
                return p.diagnostics.len();
            }
        }
    }
}

fn latency(c: &mut Criterion) {
    let text = manifest();
    assert_eq!(text.lines().count(), 1_000);
    let (server, client) = Connection::memory();
    let handle = std::thread::spawn(move || kooship::server::run(server));
    let send = |m: Message| client.sender.send(m).expect("send");
    send(Message::Request(Request::new(
        RequestId::from(1),
        "initialize".to_owned(),
        InitializeParams::default(),
    )));
    let _ = client.receiver.recv_timeout(Duration::from_secs(30));
    send(Message::Notification(Notification::new(
        "initialized".to_owned(),
        serde_json::json!({}),
    )));
    let path = std::fs::canonicalize(PathBuf::from("examples/acme-insight"))
        .expect("example folder")
        .join("kooship.yaml");
    let uri = Uri::from_str(url::Url::from_file_path(&path).expect("path").as_str()).expect("uri");
    send(Message::Notification(Notification::new(
        "textDocument/didOpen".to_owned(),
        DidOpenTextDocumentParams {
            text_document: TextDocumentItem::new(uri.clone(), "yaml".to_owned(), 1, text.clone()),
        },
    )));
    let findings = wait_for(&client, &uri, 1);
    eprintln!(
        "1,000-line manifest: {} bytes, {findings} diagnostics",
        text.len()
    );

    let mut version = 1;
    c.bench_function(
        "didChange → publishDiagnostics (1,000-line manifest)",
        |b| {
            b.iter(|| {
                version += 1;
                send(Message::Notification(Notification::new(
                    "textDocument/didChange".to_owned(),
                    DidChangeTextDocumentParams {
                        text_document: VersionedTextDocumentIdentifier::new(uri.clone(), version),
                        content_changes: vec![TextDocumentContentChangeEvent {
                            range: None,
                            range_length: None,
                            text: text.clone(),
                        }],
                    },
                )));
                wait_for(&client, &uri, version)
            })
        },
    );

    send(Message::Request(Request::new(
        RequestId::from(2),
        "shutdown".to_owned(),
        Value::Null,
    )));
    send(Message::Notification(Notification::new(
        "exit".to_owned(),
        Value::Null,
    )));
    let _ = handle.join();
}

criterion_group!(benches, latency);
criterion_main!(benches);
