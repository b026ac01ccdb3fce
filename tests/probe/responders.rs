//! The version scanner against scripted responders: what real servers here cannot produce
//! (an SSL 3.0 server, a server that answers every hello with TLS 1.2, silence, a reset, an
//! HTTP answer, a warning alert before the fatal one). Each responder runs on 127.0.0.1 and
//! stops when dropped.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::Duration;

use kooship::probe::hello::Version;
use kooship::probe::rand::Random;
use kooship::probe::tls::{Verdict, scan};

#[derive(Clone, Copy, Debug, PartialEq)]
enum Script {
    /// Reads and never answers.
    Silent,
    /// `HTTP/1.1 400 Bad Request`.
    Http,
    /// Closes at once.
    Close,
    /// Resets the connection (SO_LINGER 0).
    Reset,
    /// An SSL 3.0 ServerHello to an SSL 3.0 hello, alert 40 to anything else.
    Ssl3,
    /// A TLS 1.2 ServerHello to every hello.
    Always12,
    /// A warning alert (unrecognized_name), then a fatal protocol_version.
    WarningThenFatal,
    /// A ServerHello with a suite nobody offered (0x0a0a).
    OddSuite,
}

struct Responder {
    addr: SocketAddr,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Drop for Responder {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn server_hello(version: u16, suite: u16) -> Vec<u8> {
    let mut body = Vec::new();
    body.extend_from_slice(&version.to_be_bytes());
    body.extend_from_slice(&[0x11; 32]);
    body.push(0);
    body.extend_from_slice(&suite.to_be_bytes());
    body.push(0);
    let mut hs = vec![2u8, 0, 0, body.len() as u8];
    hs.extend_from_slice(&body);
    let mut rec = vec![22u8];
    rec.extend_from_slice(&version.min(0x0303).to_be_bytes());
    rec.extend_from_slice(&(hs.len() as u16).to_be_bytes());
    rec.extend_from_slice(&hs);
    rec
}

fn respond(mut sock: TcpStream, script: Script, stop: &AtomicBool) {
    let _ = sock.set_read_timeout(Some(Duration::from_millis(50)));
    if script == Script::Reset {
        // Closing with the hello unread makes Linux answer with a reset (RST).
        let mut b = [0u8; 1];
        while !stop.load(Ordering::Relaxed) {
            match sock.peek(&mut b) {
                Ok(0) => return,
                Ok(_) => return,
                Err(_) => {}
            }
        }
        return;
    }
    let mut hello = Vec::new();
    let mut buf = [0u8; 2048];
    while hello.len() < 11 && !stop.load(Ordering::Relaxed) {
        match sock.read(&mut buf) {
            Ok(0) => return,
            Ok(n) => hello.extend_from_slice(&buf[..n]),
            Err(_) => {}
        }
    }
    if hello.len() < 11 {
        return;
    }
    let client_version = u16::from_be_bytes([hello[9], hello[10]]);
    let offers_13 = hello
        .windows(5)
        .any(|w| w == [0x00, 0x2b, 0x00, 0x03, 0x02]);
    match script {
        Script::Silent => {
            while !stop.load(Ordering::Relaxed) {
                if let Ok(0) = sock.read(&mut buf) {
                    return;
                }
            }
        }
        Script::Http => {
            let _ = sock.write_all(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n");
        }
        Script::Close | Script::Reset => {}
        Script::Ssl3 => {
            if client_version == 0x0300 {
                let _ = sock.write_all(&server_hello(0x0300, 0x000a));
            } else {
                let _ = sock.write_all(&[21, 3, 1, 0, 2, 2, 40]);
            }
        }
        Script::Always12 => {
            let _ = sock.write_all(&server_hello(0x0303, 0xc02f));
        }
        Script::WarningThenFatal => {
            let _ = sock.write_all(&[21, 3, 3, 0, 2, 1, 112, 21, 3, 3, 0, 2, 2, 70]);
        }
        Script::OddSuite => {
            let v = if offers_13 { 0x0303 } else { client_version };
            let _ = sock.write_all(&server_hello(v, 0x0a0a));
        }
    }
    let _ = sock.flush();
    std::thread::sleep(Duration::from_millis(20));
}

fn start(script: Script) -> Responder {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let addr = listener.local_addr().unwrap();
    let stop = Arc::new(AtomicBool::new(false));
    let s2 = stop.clone();
    let thread = std::thread::spawn(move || {
        let mut workers = Vec::new();
        while !s2.load(Ordering::Relaxed) {
            match listener.accept() {
                Ok((sock, _)) => {
                    let _ = sock.set_nonblocking(false);
                    let s3 = s2.clone();
                    workers.push(std::thread::spawn(move || respond(sock, script, &s3)));
                }
                Err(_) => std::thread::sleep(Duration::from_millis(5)),
            }
        }
        for w in workers {
            let _ = w.join();
        }
    });
    Responder {
        addr,
        stop,
        thread: Some(thread),
    }
}

fn verdicts(script: Script) -> (Vec<Option<Verdict>>, kooship::probe::tls::Scan) {
    let r = start(script);
    let s = scan(
        &[r.addr],
        "seller.kooship.test",
        Duration::from_millis(300),
        &Random::new(),
    );
    (Version::ALL.iter().map(|v| s.verdict(*v)).collect(), s)
}

use Verdict::*;

#[test]
fn an_ssl3_server_is_seen() {
    let (v, s) = verdicts(Script::Ssl3);
    assert_eq!(
        v,
        [
            Some(Accepted),
            Some(Refused),
            Some(Refused),
            Some(Refused),
            Some(Refused)
        ]
    );
    assert!(s.probes[1].answer.reason().contains("handshake_failure"));
}

#[test]
fn another_version_is_not_acceptance() {
    let (v, s) = verdicts(Script::Always12);
    assert_eq!(
        v,
        [
            Some(Refused),
            Some(Refused),
            Some(Refused),
            Some(Accepted),
            Some(Refused)
        ]
    );
    assert_eq!(s.probes[0].answer.reason(), "the server chose TLS 1.2");
    assert_eq!(s.probes[4].answer.reason(), "the server chose TLS 1.2");
}

#[test]
fn silence_is_inconclusive_never_refused() {
    let (v, _) = verdicts(Script::Silent);
    assert_eq!(v, [Some(Inconclusive); 5]);
}

#[test]
fn a_close_or_reset_is_refused() {
    for script in [Script::Close, Script::Reset] {
        let (v, _) = verdicts(script);
        assert_eq!(v, [Some(Refused); 5], "{script:?}");
    }
}

#[test]
fn http_is_not_tls() {
    let (v, s) = verdicts(Script::Http);
    assert_eq!(v, [None; 5]);
    let (_, what) = s.not_tls.unwrap();
    assert!(what.contains("HTTP/1.1 400"), "{what}");
}

#[test]
fn the_fatal_alert_after_a_warning_decides() {
    let (v, s) = verdicts(Script::WarningThenFatal);
    assert_eq!(v, [Some(Refused); 5]);
    assert!(s.probes[2].answer.reason().contains("protocol_version"));
}

#[test]
fn a_suite_that_was_not_offered_is_no_acceptance() {
    let (v, s) = verdicts(Script::OddSuite);
    assert_eq!(v, [Some(Refused); 5]);
    assert!(s.probes[3].answer.reason().contains("not offered"));
}
