//! A loopback seller endpoint for the probe tests: HTTPS with a certificate from a test CA
//! made at test time (rcgen), on 127.0.0.1, implementing the V2 basic interface as Huawei's
//! demo verifies it (the body re-serialised with keys sorted A→Z, HMAC-SHA256 with the
//! access key, the signature compared case-insensitively, the timestamp in milliseconds
//! within 60 s), with one switch per PRB fault. Every server stops when dropped.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use hmac::{Hmac, KeyInit, Mac};
use rcgen::{
    BasicConstraints, CertificateParams, CertifiedIssuer, DnType, ExtendedKeyUsagePurpose, IsCa,
    KeyPair, KeyUsagePurpose,
};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use serde_json::Value;
use sha2::Sha256;

/// The host name the tests give the server (through `--resolve`).
pub const HOST: &str = "seller.kooship.test";
/// The access key the server verifies with.
pub const KEY: &str = "kooship-test-key-0001";

/// A test CA, made once per test.
pub struct Pki {
    ca: CertifiedIssuer<'static, KeyPair>,
    pub dir: tempfile::TempDir,
    pub ca_file: PathBuf,
}

/// A server certificate: DER for rustls, PEM files for OpenSSL.
pub struct Leaf {
    pub chain: Vec<CertificateDer<'static>>,
    pub key: PrivateKeyDer<'static>,
    pub cert_file: PathBuf,
    pub key_file: PathBuf,
}

impl Pki {
    pub fn new() -> Pki {
        let mut params = CertificateParams::new(Vec::<String>::new()).unwrap();
        params
            .distinguished_name
            .push(DnType::CommonName, "kooship test CA");
        params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
        let now = time::OffsetDateTime::now_utc();
        params.not_before = now - time::Duration::days(1);
        params.not_after = now + time::Duration::days(365);
        let ca = CertifiedIssuer::self_signed(params, KeyPair::generate().unwrap()).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let ca_file = dir.path().join("ca.pem");
        std::fs::write(&ca_file, ca.pem()).unwrap();
        Pki { ca, dir, ca_file }
    }

    /// A leaf for `names`, valid from `from_days` to `to_days` (days from now).
    pub fn leaf_for(&self, names: &[&str], from_days: i64, to_days: i64) -> Leaf {
        let mut params =
            CertificateParams::new(names.iter().map(|n| n.to_string()).collect::<Vec<_>>())
                .unwrap();
        params
            .distinguished_name
            .push(DnType::CommonName, names.first().copied().unwrap_or("x"));
        params.is_ca = IsCa::ExplicitNoCa;
        params.key_usages = vec![KeyUsagePurpose::DigitalSignature];
        params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
        let now = time::OffsetDateTime::now_utc();
        params.not_before = now + time::Duration::days(from_days);
        params.not_after = now + time::Duration::days(to_days);
        let key = KeyPair::generate().unwrap();
        let cert = params.signed_by(&key, &*self.ca).unwrap();
        let n = LEAVES.fetch_add(1, Ordering::Relaxed);
        let cert_file = self.dir.path().join(format!("leaf{n}.pem"));
        let key_file = self.dir.path().join(format!("leaf{n}.key"));
        std::fs::write(&cert_file, format!("{}{}", cert.pem(), self.ca.pem())).unwrap();
        std::fs::write(&key_file, key.serialize_pem()).unwrap();
        Leaf {
            chain: vec![cert.der().clone(), self.ca.der().clone()],
            key: PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.serialize_der())),
            cert_file,
            key_file,
        }
    }

    /// A leaf for [`HOST`], valid for 90 days.
    pub fn leaf(&self) -> Leaf {
        self.leaf_for(&[HOST], -1, 90)
    }
}

static LEAVES: AtomicUsize = AtomicUsize::new(0);

/// What the server gets wrong (one switch per PRB rule), or how it misbehaves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Fault {
    #[default]
    None,
    /// TLS 1.3 only (PRB005).
    Only13,
    /// Swallows SSL 3.0 hellos without a word (PRB007).
    SilentSsl3,
    /// Plain HTTP on the https port (PRB002).
    NotTls,
    /// Reads the request and never answers (PRB010).
    NeverAnswers,
    /// Answers `queryInstance` after this many milliseconds (PRB011).
    Slow(u64),
    /// An HTML page (PRB012).
    NotJson,
    /// `releaseInstance` answers 000005 (PRB013).
    ReleaseFails,
    /// `queryInstance` without `appInfo.frontEndUrl` (PRB014).
    NoFrontEndUrl,
    /// `instanceId` of 65 characters (PRB014).
    LongInstanceId,
    /// A new instance per `businessId` (PRB015).
    NotIdempotent,
    /// Checks no signature (PRB016, and PRB017).
    NoSignatureCheck,
    /// Checks the signature but not the timestamp's age (PRB017).
    NoTimestampCheck,
    /// Reads `timestamp` as seconds, both ways within 60 s (PRB018).
    SecondsTimestamp,
    /// Sorts the body Z→A before hashing (PRB018).
    ZtoA,
    /// Compares the signature with lower-case hex, case-sensitively (PRB018).
    LowercaseSignature,
    /// Holds the Base64-decoded key while the seller has the text (PRB018).
    DecodedKey,
    /// Rejects every signature (PRB018 without a variant).
    RejectAll,
    /// Status 500 with a good body (PRB019).
    Status500,
    /// `newInstance` answers 000004; `queryInstance` returns the instance after this many
    /// polls (`usize::MAX`: never, PRB021).
    Async(usize),
    /// Headers and body one byte per second.
    BytePerSecond,
    /// A body that never ends.
    EndlessBody,
    /// A body that is not UTF-8.
    InvalidUtf8,
    /// A 10 MiB JSON body.
    HugeJson,
    /// `queryInstance` answers usageInfo without statisticalTime (PRB014).
    UsageWithoutTime,
    /// `releaseInstance` fails with a message that quotes the access key.
    EchoKey,
    /// Every answer is a 302 to another path (with a good body).
    Redirect,
}

/// One request the server received.
#[derive(Debug, Clone)]
pub struct Seen {
    pub target: String,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Seen {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or(Value::Null)
    }
}

struct State {
    fault: Fault,
    key: Vec<u8>,
    /// orderId/orderLineId → instanceId.
    orders: BTreeMap<String, String>,
    instances: Vec<String>,
    polls: usize,
    seen: Vec<Seen>,
}

pub struct Server {
    pub port: u16,
    stop: Arc<AtomicBool>,
    accept: Option<JoinHandle<()>>,
    workers: Arc<Mutex<Vec<JoinHandle<()>>>>,
    state: Arc<Mutex<State>>,
    /// How many TCP connections were accepted.
    pub connections: Arc<AtomicUsize>,
}

impl Server {
    /// An HTTPS server with `leaf` and `fault`.
    pub fn https(leaf: &Leaf, fault: Fault) -> Server {
        let versions: &[&rustls::SupportedProtocolVersion] = if fault == Fault::Only13 {
            &[&rustls::version::TLS13]
        } else {
            &[&rustls::version::TLS12, &rustls::version::TLS13]
        };
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let config = rustls::ServerConfig::builder_with_provider(provider)
            .with_protocol_versions(versions)
            .unwrap()
            .with_no_client_auth()
            .with_single_cert(leaf.chain.clone(), leaf.key.clone_key())
            .unwrap();
        Server::start(Some(Arc::new(config)), fault, KEY.as_bytes())
    }

    /// A plain HTTP server (for `http://` URLs).
    pub fn http(fault: Fault) -> Server {
        Server::start(None, fault, KEY.as_bytes())
    }

    /// A server that verifies with `key` instead of [`KEY`].
    pub fn https_with_key(leaf: &Leaf, fault: Fault, key: &[u8]) -> Server {
        let s = Server::https(leaf, fault);
        s.state.lock().unwrap().key = key.to_vec();
        s
    }

    fn start(tls: Option<Arc<rustls::ServerConfig>>, fault: Fault, key: &[u8]) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let port = listener.local_addr().unwrap().port();
        let stop = Arc::new(AtomicBool::new(false));
        let state = Arc::new(Mutex::new(State {
            fault,
            key: key.to_vec(),
            orders: BTreeMap::new(),
            instances: Vec::new(),
            polls: 0,
            seen: Vec::new(),
        }));
        let workers: Arc<Mutex<Vec<JoinHandle<()>>>> = Arc::default();
        let connections = Arc::new(AtomicUsize::new(0));
        let accept = {
            let (stop, state, workers, connections) = (
                stop.clone(),
                state.clone(),
                workers.clone(),
                connections.clone(),
            );
            std::thread::spawn(move || {
                while !stop.load(Ordering::Relaxed) {
                    match listener.accept() {
                        Ok((sock, _)) => {
                            connections.fetch_add(1, Ordering::Relaxed);
                            let _ = sock.set_nonblocking(false);
                            let (stop, state, tls) = (stop.clone(), state.clone(), tls.clone());
                            let h = std::thread::spawn(move || serve(sock, tls, &state, &stop));
                            workers.lock().unwrap().push(h);
                        }
                        Err(_) => std::thread::sleep(Duration::from_millis(5)),
                    }
                }
            })
        };
        Server {
            port,
            stop,
            accept: Some(accept),
            workers,
            state,
            connections,
        }
    }

    pub fn addr(&self) -> SocketAddr {
        SocketAddr::from(([127, 0, 0, 1], self.port))
    }

    /// The requests received so far.
    pub fn seen(&self) -> Vec<Seen> {
        self.state.lock().unwrap().seen.clone()
    }

    /// `--resolve` for this server.
    pub fn resolve(&self) -> String {
        format!("{HOST}:{}:127.0.0.1", self.port)
    }

    pub fn url(&self, scheme: &str) -> String {
        format!("{scheme}://{HOST}:{}/saas", self.port)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(h) = self.accept.take() {
            let _ = h.join();
        }
        let workers: Vec<_> = std::mem::take(&mut *self.workers.lock().unwrap());
        for h in workers {
            let _ = h.join();
        }
    }
}

/// Sleeps `d`, in small steps, unless the server stops.
fn nap(d: Duration, stop: &AtomicBool) -> bool {
    let end = Instant::now() + d;
    while Instant::now() < end {
        if stop.load(Ordering::Relaxed) {
            return false;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    true
}

fn serve(
    sock: TcpStream,
    tls: Option<Arc<rustls::ServerConfig>>,
    state: &Mutex<State>,
    stop: &AtomicBool,
) {
    let fault = state.lock().unwrap().fault;
    let _ = sock.set_read_timeout(Some(Duration::from_millis(200)));
    let _ = sock.set_write_timeout(Some(Duration::from_secs(5)));
    if tls.is_some() && fault == Fault::SilentSsl3 {
        // Peek at the hello: SSL 3.0 offers client_version 0x0300.
        let mut head = [0u8; 11];
        let end = Instant::now() + Duration::from_secs(2);
        while Instant::now() < end {
            match sock.peek(&mut head) {
                Ok(11) => break,
                Ok(0) => return,
                _ => std::thread::sleep(Duration::from_millis(5)),
            }
        }
        if head[9..11] == [3, 0] {
            let mut buf = [0u8; 512];
            let mut s = &sock;
            while !stop.load(Ordering::Relaxed) {
                match s.read(&mut buf) {
                    Ok(0) => return,
                    Ok(_) => {}
                    Err(e) if is_timeout(&e) => {}
                    Err(_) => return,
                }
            }
            return;
        }
    }
    match tls {
        Some(config) if fault != Fault::NotTls => {
            let Ok(conn) = rustls::ServerConnection::new(config) else {
                return;
            };
            let mut stream = rustls::StreamOwned::new(conn, sock);
            handle_http(&mut stream, state, stop);
            stream.conn.send_close_notify();
            let _ = stream.flush();
        }
        Some(_) => {
            // Plain HTTP on the https port: a TLS hello gets `400 Bad Request` at once, as
            // nginx or Apache answer it.
            let mut sock = sock;
            let mut first = [0u8; 1];
            let end = Instant::now() + Duration::from_secs(2);
            while Instant::now() < end && sock.peek(&mut first).is_err() {}
            if first[0] == 0x16 {
                let _ = sock.write_all(
                    b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
                );
                return;
            }
            handle_http(&mut sock, state, stop);
        }
        None => {
            let mut sock = sock;
            handle_http(&mut sock, state, stop);
        }
    }
}

fn is_timeout(e: &std::io::Error) -> bool {
    matches!(
        e.kind(),
        std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
    )
}

/// A request: its request line, headers and body.
type Request = (String, Vec<(String, String)>, Vec<u8>);

/// Reads one request (head and Content-Length body), or `None` if the client went away.
fn read_request(io: &mut impl Read, stop: &AtomicBool) -> Option<Request> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    let start = Instant::now();
    let head_end = loop {
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i;
        }
        if stop.load(Ordering::Relaxed)
            || start.elapsed() > Duration::from_secs(10)
            || buf.len() > 65536
        {
            return None;
        }
        match io.read(&mut chunk) {
            Ok(0) => return None,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
            Err(e) if is_timeout(&e) => {}
            Err(_) => return None,
        }
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let request_line = lines.next()?.to_owned();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_owned(), v.trim().to_owned()))
        .collect();
    let len: usize = headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let mut body = buf[head_end + 4..].to_vec();
    while body.len() < len {
        if stop.load(Ordering::Relaxed) || start.elapsed() > Duration::from_secs(10) {
            return None;
        }
        match io.read(&mut chunk) {
            Ok(0) => return None,
            Ok(n) => body.extend_from_slice(&chunk[..n]),
            Err(e) if is_timeout(&e) => {}
            Err(_) => return None,
        }
    }
    Some((request_line, headers, body))
}

fn handle_http(io: &mut (impl Read + Write), state: &Mutex<State>, stop: &AtomicBool) {
    let Some((request_line, headers, body)) = read_request(io, stop) else {
        return;
    };
    let target = request_line
        .split(' ')
        .nth(1)
        .unwrap_or_default()
        .to_owned();
    let body_text = String::from_utf8_lossy(&body).into_owned();
    let fault = {
        let mut s = state.lock().unwrap();
        s.seen.push(Seen {
            target: target.clone(),
            headers: headers.clone(),
            body: body_text.clone(),
        });
        s.fault
    };
    let write = |io: &mut dyn Write, status: &str, body: &[u8]| {
        let location = if fault == Fault::Redirect {
            "Location: /elsewhere\r\n"
        } else {
            ""
        };
        let head = format!(
            "HTTP/1.1 {status}\r\n{location}Content-Type: application/json;charset=UTF-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            body.len()
        );
        let _ = io.write_all(head.as_bytes());
        let _ = io.write_all(body);
        let _ = io.flush();
    };
    match fault {
        Fault::NeverAnswers => {
            while nap(Duration::from_millis(50), stop) {}
            return;
        }
        Fault::BytePerSecond => {
            let answer =
                b"HTTP/1.1 200 OK\r\nContent-Length: 24\r\n\r\n{\"resultCode\":\"000000\"}";
            for b in answer {
                if io.write_all(&[*b]).and_then(|_| io.flush()).is_err() {
                    return;
                }
                if !nap(Duration::from_secs(1), stop) {
                    return;
                }
            }
            return;
        }
        Fault::EndlessBody => {
            let _ = io.write_all(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n{\"resultCode\":\"000000\",\"x\":\"");
            let chunk = [b'a'; 16384];
            while !stop.load(Ordering::Relaxed) {
                if io.write_all(&chunk).is_err() {
                    return;
                }
            }
            return;
        }
        Fault::InvalidUtf8 => {
            write(
                io,
                "200 OK",
                b"{\"resultCode\":\"000000\",\"resultMsg\":\"\xff\xfe\"}",
            );
            return;
        }
        Fault::HugeJson => {
            let mut big = Vec::with_capacity(10 * 1024 * 1024 + 64);
            big.extend_from_slice(b"{\"resultCode\":\"000000\",\"x\":\"");
            big.resize(10 * 1024 * 1024, b'a');
            big.extend_from_slice(b"\"}");
            write(io, "200 OK", &big);
            return;
        }
        Fault::NotJson => {
            write(io, "200 OK", b"<html><body>It works!</body></html>");
            return;
        }
        Fault::Slow(ms)
            if body_text.contains("\"queryInstance\"") && !nap(Duration::from_millis(ms), stop) =>
        {
            return;
        }
        _ => {}
    }
    let answer = answer(state, &target, &body);
    let status = match fault {
        Fault::Status500 => "500 Internal Server Error",
        Fault::Redirect => "302 Found",
        _ => "200 OK",
    };
    write(io, status, answer.to_string().as_bytes());
}

/// The query parameters in order.
fn query(target: &str) -> Vec<(String, String)> {
    target
        .split_once('?')
        .map(|(_, q)| q)
        .unwrap_or("")
        .split('&')
        .filter_map(|p| p.split_once('='))
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect()
}

/// Compact JSON with keys sorted (A→Z, or Z→A), as the demo re-serialises the body.
pub fn canonical(v: &Value, descending: bool) -> String {
    match v {
        Value::Object(m) => {
            let mut keys: Vec<&String> = m.keys().collect();
            keys.sort();
            if descending {
                keys.reverse();
            }
            let parts: Vec<String> = keys
                .iter()
                .map(|k| {
                    format!(
                        "{}:{}",
                        serde_json::to_string(k).unwrap(),
                        canonical(&m[*k], descending)
                    )
                })
                .collect();
            format!("{{{}}}", parts.join(","))
        }
        other => other.to_string(),
    }
}

fn hmac_hex(key: &[u8], parts: &[&[u8]]) -> String {
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(key).unwrap();
    for p in parts {
        mac.update(p);
    }
    mac.finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64
}

fn result(code: &str, msg: &str) -> Value {
    serde_json::json!({"resultCode": code, "resultMsg": msg})
}

/// The interface as the demo implements it, with the state's fault.
fn answer(state: &Mutex<State>, target: &str, body: &[u8]) -> Value {
    let mut s = state.lock().unwrap();
    let fault = s.fault;
    let q = query(target);
    let param = |name: &str| q.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone());
    let (Some(signature), Some(timestamp), Some(nonce)) =
        (param("signature"), param("timestamp"), param("nonce"))
    else {
        return result("000002", "missing signature, timestamp or nonce");
    };
    let Ok(json) = serde_json::from_slice::<Value>(body) else {
        return result("000002", "body is not JSON");
    };
    if fault != Fault::NoSignatureCheck {
        let Ok(ts) = timestamp.parse::<i64>() else {
            return result("000002", "bad timestamp");
        };
        if fault == Fault::SecondsTimestamp {
            if (now_ms() / 1000 - ts).abs() > 60 {
                return result("000001", "authentication failed");
            }
        } else if fault != Fault::NoTimestampCheck && now_ms() - ts > 60_000 {
            return result("000002", "request expired");
        }
        let key = s.key.clone();
        let text = canonical(&json, fault == Fault::ZtoA);
        let inner = hmac_hex(&key, &[text.as_bytes()]);
        let expected = hmac_hex(
            &key,
            &[
                &key,
                nonce.as_bytes(),
                timestamp.as_bytes(),
                inner.as_bytes(),
            ],
        );
        let ok = match fault {
            Fault::RejectAll => false,
            Fault::LowercaseSignature => signature == expected,
            _ => signature.eq_ignore_ascii_case(&expected),
        };
        if !ok {
            return result("000001", "authentication failed");
        }
    }
    let field = |name: &str| {
        json.get(name)
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_owned()
    };
    let activity = field("activity");
    let id = field("instanceId");
    let known = s.instances.contains(&id);
    match activity.as_str() {
        "newInstance" => {
            let order = format!("{}/{}", field("orderId"), field("orderLineId"));
            let business = field("businessId");
            let instance = match fault {
                Fault::NotIdempotent => business,
                Fault::LongInstanceId => "i".repeat(65),
                _ => s.orders.entry(order).or_insert(business).clone(),
            };
            if !s.instances.contains(&instance) {
                s.instances.push(instance.clone());
            }
            let code = if matches!(fault, Fault::Async(_)) {
                "000004"
            } else {
                "000000"
            };
            serde_json::json!({"resultCode": code, "resultMsg": "success.", "instanceId": instance})
        }
        "queryInstance" => {
            if let Fault::Async(after) = fault {
                s.polls += 1;
                if s.polls <= after {
                    return serde_json::json!({"resultCode": "000000", "resultMsg": "provisioning", "info": []});
                }
            }
            let info: Vec<Value> = id
                .split(',')
                .filter(|i| s.instances.iter().any(|x| x == i))
                .map(|i| {
                    let app = if fault == Fault::NoFrontEndUrl {
                        serde_json::json!({"adminUrl": "https://seller.kooship.test/admin"})
                    } else {
                        serde_json::json!({
                            "frontEndUrl": "https://seller.kooship.test/app",
                            "adminUrl": "https://seller.kooship.test/admin",
                            "userName": "admin",
                            "password": "initial-password",
                            "memo": "Signed in with the e-mail address of the order."
                        })
                    };
                    let mut entry = serde_json::json!({"instanceId": i, "appInfo": app});
                    if fault == Fault::UsageWithoutTime {
                        entry["usageInfo"] = serde_json::json!([{"usageValue": 1.5}]);
                    }
                    entry
                })
                .collect();
            serde_json::json!({"resultCode": "000000", "resultMsg": "success.", "info": info})
        }
        "refreshInstance" | "updateInstanceStatus" | "upgradeInstance" | "changeInstanceCheck" => {
            if known {
                result("000000", "success.")
            } else {
                result("000003", "instance does not exist")
            }
        }
        "releaseInstance" => {
            if fault == Fault::ReleaseFails {
                result("000005", "internal error: cannot release test instances")
            } else if fault == Fault::EchoKey {
                result("000005", &format!("cannot release with key {KEY}"))
            } else if known {
                result("000000", "success.")
            } else {
                result("000003", "instance does not exist")
            }
        }
        _ => result("000002", "unknown activity"),
    }
}

/// A manifest for the server's URL: yearly_monthly with a trial and upgrade rules, so that
/// every call of the flow runs; `tls` as the declared versions.
pub fn manifest(dir: &Path, url: &str, tls: &str) -> PathBuf {
    let text = MANIFEST.replace("{URL}", url).replace("{TLS}", tls);
    let path = dir.join("kooship.yaml");
    std::fs::write(&path, text).unwrap();
    path
}

const MANIFEST: &str = "\
format: 1
product:
  name: Acme Insight
  version: 1.0.0
  public: false
delivery:
  method: saas
  access_guide: 2
  service_supervision:
    enabled: false
production_api:
  url: {URL}
  hosting: huawei_cloud_ecs
  tls_versions: {TLS}
  debugged_cases:
    - newInstance
    - queryInstance
    - refreshInstance
    - updateInstanceStatus
    - releaseInstance
    - upgradeInstance
    - changeInstanceCheck
security_scan:
  report: VSS-2026-11-02-0042
specifications:
  - code: team
    name: Team
    billing: yearly_monthly
    periods: [month, year]
    trial_days: 14
    pricing:
      template: custom
      attributes:
        - type: enumeration
          code: edition
          name: Edition
          values: [standard, pro]
        - type: quantity
          code: seats
          name: Seats
          min: 5
          max: 50
          step: 5
          unit: seat
      skus:
        - code: std
          values: { edition: standard }
          price: { month: 20, year: 200 }
          quantity_pricing: { mode: linear, unit_price: { month: 2, year: 20 } }
        - code: pro
          values: { edition: pro }
          price: { month: 40, year: 400 }
          quantity_pricing: { mode: linear, unit_price: { month: 4, year: 40 } }
    upgrades:
      - attribute: edition
        from: standard
        to: pro
";
