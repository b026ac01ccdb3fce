//! `kooship server`: a Language Server on standard input/output.
//!
//! - **Diagnostics** for `kooship.yaml`/`kooship.yml` on open, change and save, from the
//!   unsaved text; file references and `kooship.lock` resolve from the file's folder, and a
//!   change to a `kooship.lock` (when the client watches files) lints the open manifests
//!   again.
//! - **Hover**: a finding's rule explanation; a key's description from the JSON Schema.
//! - **Code actions**: a quick fix per fixable finding and `source.fixAll.kooship`, from the
//!   same fixes as `kooship lint --fix`.
//!
//! One thread reads and answers the client, in order; a worker thread lints. The worker
//! takes the newest text of each document whenever it is free, so edits arriving faster
//! than a large document lints are folded together instead of queueing up, and a result is
//! published only while its version is the document's current one. `shutdown` and `exit`
//! end the process: the worker is stopped and joined, and the connection dropped before
//! the transport threads are joined (they wait for every sender to go).

mod analysis;
mod position;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use crossbeam_channel::{Receiver, Sender, select};
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::{
    DidChangeTextDocument, DidChangeWatchedFiles, DidCloseTextDocument, DidOpenTextDocument,
    DidSaveTextDocument, Exit, Initialized, Notification as _, PublishDiagnostics,
};
use lsp_types::request::{
    CodeActionRequest, HoverRequest, Initialize, RegisterCapability, Request as _, Shutdown,
};
use lsp_types::{
    CodeActionKind, CodeActionOptions, CodeActionOrCommand, CodeActionParams,
    CodeActionProviderCapability, DidChangeTextDocumentParams, DidChangeWatchedFilesParams,
    DidChangeWatchedFilesRegistrationOptions, DidCloseTextDocumentParams,
    DidOpenTextDocumentParams, DidSaveTextDocumentParams, FileSystemWatcher, GlobPattern, Hover,
    HoverContents, HoverParams, HoverProviderCapability, InitializeParams, MarkupContent,
    MarkupKind, PositionEncodingKind, PublishDiagnosticsParams, Registration, RegistrationParams,
    SaveOptions, ServerCapabilities, ServerInfo, TextDocumentSyncCapability, TextDocumentSyncKind,
    TextDocumentSyncOptions, TextDocumentSyncSaveOptions, Uri,
};

pub use analysis::FIX_ALL;
use analysis::{Analysis, Job};

use crate::lint;

/// `kooship server`: serves on standard input/output until `exit`. Exit status 0 after
/// `shutdown` then `exit`, 1 when the client went away without them.
pub fn main() -> u8 {
    let (connection, io_threads) = Connection::stdio();
    let clean = match run(connection) {
        Ok(clean) => clean,
        Err(e) => {
            eprintln!("kooship server: {e}");
            false
        }
    };
    // The connection is dropped (`run` owned it): the writer thread ends once it has written
    // everything, and the reader has stopped at `exit` or at the end of its input.
    if let Err(e) = io_threads.join() {
        eprintln!("kooship server: {e}");
    }
    u8::from(!clean)
}

/// An error that ends the server: the client broke the protocol.
#[derive(Debug)]
pub struct ServerError(pub String);

impl std::fmt::Display for ServerError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl<E: std::error::Error> From<E> for ServerError {
    fn from(e: E) -> ServerError {
        ServerError(e.to_string())
    }
}

/// The server's capabilities, as `initialize` answers them.
pub fn capabilities() -> ServerCapabilities {
    ServerCapabilities {
        position_encoding: Some(PositionEncodingKind::UTF16),
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::FULL),
                save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions {
                    include_text: Some(false),
                })),
                ..TextDocumentSyncOptions::default()
            },
        )),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![CodeActionKind::QUICKFIX, CodeActionKind::new(FIX_ALL)]),
            ..CodeActionOptions::default()
        })),
        ..ServerCapabilities::default()
    }
}

/// Runs the server on a connection (standard input/output, or memory in tests) until `exit`
/// or until the client goes away. `Ok(true)`: `shutdown` came before `exit`.
pub fn run(connection: Connection) -> Result<bool, ServerError> {
    let capabilities = serde_json::to_value(capabilities())?;
    let init = serde_json::json!({
        "capabilities": capabilities,
        "serverInfo": ServerInfo {
            name: "kooship".to_owned(),
            version: Some(env!("CARGO_PKG_VERSION").to_owned()),
        },
    });
    // The handshake: `initialize` first; anything else before it is refused, as the
    // protocol says, and `exit` ends the server.
    let params = loop {
        let Ok(message) = connection.receiver.recv() else {
            return Ok(false);
        };
        match message {
            Message::Request(r) if r.method == Initialize::METHOD => {
                let response = Response::new_ok(r.id, init);
                connection
                    .sender
                    .send(response.into())
                    .map_err(|e| ServerError(format!("cannot write to the client: {e}")))?;
                break r.params;
            }
            Message::Request(r) => {
                let refusal = Response::new_err(
                    r.id,
                    ErrorCode::ServerNotInitialized as i32,
                    "the server is not initialized yet".to_owned(),
                );
                let _ = connection.sender.send(refusal.into());
            }
            Message::Notification(n) if n.method == Exit::METHOD => return Ok(false),
            _ => {}
        }
    };
    let params: InitializeParams = serde_json::from_value(params).unwrap_or_default();
    let watch = params
        .capabilities
        .workspace
        .as_ref()
        .and_then(|w| w.did_change_watched_files.as_ref())
        .and_then(|d| d.dynamic_registration)
        .unwrap_or(false);

    let (jobs, job_receiver) = crossbeam_channel::unbounded::<Job>();
    let (result_sender, results) = crossbeam_channel::unbounded::<Analysis>();
    let options = lint::Options::default();
    let worker_options = options.clone();
    let worker = std::thread::Builder::new()
        .name("kooship-lint".to_owned())
        .spawn(move || work(&job_receiver, &result_sender, &worker_options))?;

    let mut server = Server {
        connection: &connection,
        documents: HashMap::new(),
        jobs,
        options,
        watch,
        shutdown: false,
        next_id: 0,
    };
    let clean = server.serve(&results);
    let Server { jobs, .. } = server;
    drop(jobs);
    // The worker ends when its queue closes; a panic in it is a bug, reported not hidden.
    if worker.join().is_err() {
        return Err(ServerError("the lint worker panicked".to_owned()));
    }
    clean
}

/// The lint worker: lints the newest text of each document in its queue.
fn work(jobs: &Receiver<Job>, results: &Sender<Analysis>, options: &lint::Options) {
    while let Ok(first) = jobs.recv() {
        let mut newest: Vec<Job> = vec![first];
        while let Ok(job) = jobs.try_recv() {
            match newest.iter_mut().find(|j| j.uri == job.uri) {
                Some(slot) => *slot = job,
                None => newest.push(job),
            }
        }
        for job in newest {
            if results.send(Analysis::new(job, options)).is_err() {
                return;
            }
        }
    }
}

struct Document {
    version: i32,
    text: Arc<String>,
    path: PathBuf,
    /// The analysis of `version`, once linted.
    analysis: Option<Arc<Analysis>>,
}

struct Server<'a> {
    connection: &'a Connection,
    documents: HashMap<Uri, Document>,
    jobs: Sender<Job>,
    options: lint::Options,
    watch: bool,
    shutdown: bool,
    next_id: i32,
}

impl Server<'_> {
    fn serve(&mut self, results: &Receiver<Analysis>) -> Result<bool, ServerError> {
        loop {
            select! {
                recv(self.connection.receiver) -> message => {
                    let Ok(message) = message else {
                        // The client went away without `exit`.
                        return Ok(false);
                    };
                    match message {
                        Message::Request(request) => self.request(request)?,
                        Message::Notification(n) if n.method == Exit::METHOD => {
                            return Ok(self.shutdown);
                        }
                        Message::Notification(n) => self.notification(n),
                        // Answers to our requests (the watcher registration) need nothing.
                        Message::Response(_) => {}
                    }
                }
                recv(results) -> analysis => {
                    if let Ok(analysis) = analysis {
                        self.linted(analysis)?;
                    }
                }
            }
        }
    }

    fn send(&self, message: impl Into<Message>) -> Result<(), ServerError> {
        self.connection
            .sender
            .send(message.into())
            .map_err(|e| ServerError(format!("cannot write to the client: {e}")))
    }

    fn request(&mut self, request: Request) -> Result<(), ServerError> {
        if self.shutdown {
            return self.send(Response::new_err(
                request.id,
                ErrorCode::InvalidRequest as i32,
                "the server is shutting down".to_owned(),
            ));
        }
        let id = request.id.clone();
        let response = match request.method.as_str() {
            Shutdown::METHOD => {
                self.shutdown = true;
                Response::new_ok(id, ())
            }
            HoverRequest::METHOD => match serde_json::from_value::<HoverParams>(request.params) {
                Ok(params) => Response::new_ok(id, self.hover(&params)),
                Err(e) => invalid_params(id, &e),
            },
            CodeActionRequest::METHOD => {
                match serde_json::from_value::<CodeActionParams>(request.params) {
                    Ok(params) => Response::new_ok(id, self.code_actions(&params)),
                    Err(e) => invalid_params(id, &e),
                }
            }
            _ => Response::new_err(
                id,
                ErrorCode::MethodNotFound as i32,
                format!("kooship does not handle `{}`", request.method),
            ),
        };
        self.send(response)
    }

    fn notification(&mut self, n: Notification) {
        match n.method.as_str() {
            Initialized::METHOD if self.watch => self.register_watcher(),
            DidOpenTextDocument::METHOD => {
                if let Ok(p) = serde_json::from_value::<DidOpenTextDocumentParams>(n.params) {
                    let d = p.text_document;
                    self.changed(d.uri, d.version, d.text);
                }
            }
            DidChangeTextDocument::METHOD => {
                if let Ok(p) = serde_json::from_value::<DidChangeTextDocumentParams>(n.params) {
                    let d = p.text_document;
                    // Full synchronisation was asked for; a client that sends ranges anyway
                    // gets them applied in order.
                    let mut text = self
                        .documents
                        .get(&d.uri)
                        .map(|doc| doc.text.as_str().to_owned())
                        .unwrap_or_default();
                    for change in p.content_changes {
                        match change.range {
                            None => text = change.text,
                            Some(range) => {
                                let lines = position::Lines::new(&text);
                                let start = lines.offset(range.start);
                                let end = lines.offset(range.end).max(start);
                                text.replace_range(start..end, &change.text);
                            }
                        }
                    }
                    self.changed(d.uri, d.version, text);
                }
            }
            DidSaveTextDocument::METHOD => {
                if let Ok(p) = serde_json::from_value::<DidSaveTextDocumentParams>(n.params) {
                    self.relint(&p.text_document.uri);
                }
            }
            DidCloseTextDocument::METHOD => {
                if let Ok(p) = serde_json::from_value::<DidCloseTextDocumentParams>(n.params) {
                    let uri = p.text_document.uri;
                    if self.documents.remove(&uri).is_some() {
                        let _ = self.publish(uri, Vec::new(), None);
                    }
                }
            }
            // A lock changed: every open manifest may be compared against it.
            DidChangeWatchedFiles::METHOD
                if serde_json::from_value::<DidChangeWatchedFilesParams>(n.params).is_ok() =>
            {
                let uris: Vec<Uri> = self.documents.keys().cloned().collect();
                for uri in &uris {
                    self.relint(uri);
                }
            }
            _ => {}
        }
    }

    /// Asks the client to tell us when a `kooship.lock` changes (the REL rules read it).
    fn register_watcher(&mut self) {
        let options = DidChangeWatchedFilesRegistrationOptions {
            watchers: vec![FileSystemWatcher {
                glob_pattern: GlobPattern::String("**/kooship.lock".to_owned()),
                kind: None,
            }],
        };
        let params = RegistrationParams {
            registrations: vec![Registration {
                id: "kooship-lock".to_owned(),
                method: DidChangeWatchedFiles::METHOD.to_owned(),
                register_options: serde_json::to_value(options).ok(),
            }],
        };
        self.next_id += 1;
        let id = RequestId::from(format!("kooship-{}", self.next_id));
        let _ = self.send(Request::new(
            id,
            RegisterCapability::METHOD.to_owned(),
            params,
        ));
    }

    /// A document opened or changed: keep its text and queue it for linting, when it is a
    /// manifest (`kooship.yaml`/`kooship.yml` on disk).
    fn changed(&mut self, uri: Uri, version: i32, text: String) {
        let Some(path) = manifest_path(&uri) else {
            return;
        };
        let document = Document {
            version,
            text: Arc::new(text),
            path,
            analysis: None,
        };
        let job = job(&uri, &document);
        self.documents.insert(uri, document);
        let _ = self.jobs.send(job);
    }

    /// Lints a document again as it is (after a save, or a change to its lock).
    fn relint(&mut self, uri: &Uri) {
        if let Some(document) = self.documents.get(uri) {
            let _ = self.jobs.send(job(uri, document));
        }
    }

    /// A document linted: published when it is still the document's current version.
    fn linted(&mut self, analysis: Analysis) -> Result<(), ServerError> {
        let uri = analysis.job.uri.clone();
        let Some(document) = self.documents.get_mut(&uri) else {
            return Ok(());
        };
        if analysis.job.version != document.version
            || !Arc::ptr_eq(&analysis.job.text, &document.text)
        {
            return Ok(());
        }
        let diagnostics = analysis.diagnostics();
        let version = document.version;
        document.analysis = Some(Arc::new(analysis));
        self.publish(uri, diagnostics, Some(version))
    }

    fn publish(
        &self,
        uri: Uri,
        diagnostics: Vec<lsp_types::Diagnostic>,
        version: Option<i32>,
    ) -> Result<(), ServerError> {
        let params = PublishDiagnosticsParams {
            uri,
            diagnostics,
            version,
        };
        self.send(Notification::new(
            PublishDiagnostics::METHOD.to_owned(),
            params,
        ))
    }

    /// The analysis of a document's current text: the worker's, or linted here when the
    /// worker has not got to it yet (a request must answer for the text it was made on).
    fn current(&mut self, uri: &Uri) -> Option<Arc<Analysis>> {
        let document = self.documents.get_mut(uri)?;
        if let Some(a) = &document.analysis {
            return Some(a.clone());
        }
        let analysis = Arc::new(Analysis::new(job(uri, document), &self.options));
        document.analysis = Some(analysis.clone());
        Some(analysis)
    }

    fn hover(&mut self, params: &HoverParams) -> Option<Hover> {
        let at = &params.text_document_position_params;
        let analysis = self.current(&at.text_document.uri)?;
        let text = analysis.hover(at.position)?;
        Some(Hover {
            contents: HoverContents::Markup(MarkupContent {
                kind: MarkupKind::Markdown,
                value: text,
            }),
            range: None,
        })
    }

    fn code_actions(&mut self, params: &CodeActionParams) -> Vec<CodeActionOrCommand> {
        let Some(analysis) = self.current(&params.text_document.uri) else {
            return Vec::new();
        };
        analysis
            .code_actions(params.range, params.context.only.as_deref(), &self.options)
            .into_iter()
            .map(CodeActionOrCommand::CodeAction)
            .collect()
    }
}

fn job(uri: &Uri, document: &Document) -> Job {
    Job {
        uri: uri.clone(),
        version: document.version,
        text: document.text.clone(),
        path: document.path.clone(),
    }
}

fn invalid_params(id: RequestId, e: &serde_json::Error) -> Response {
    Response::new_err(id, ErrorCode::InvalidParams as i32, e.to_string())
}

/// The path of a `file:` URI naming a `kooship.yaml` or `kooship.yml`.
fn manifest_path(uri: &Uri) -> Option<PathBuf> {
    let url = url::Url::parse(uri.as_str()).ok()?;
    if url.scheme() != "file" {
        return None;
    }
    let path = url.to_file_path().ok()?;
    let name = path.file_name()?.to_str()?;
    matches!(name, "kooship.yaml" | "kooship.yml").then_some(path)
}
