//! Step 2: which protocol versions the server accepts, one hand-built hello per version and
//! address, read up to the server's first answer.

use std::io::{ErrorKind, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpStream};
use std::time::{Duration, Instant};

use super::hello::{self, Answer, HelloRandom, Shape, Version};
use super::rand::Random;

/// A version's verdict on one address, or on all of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Accepted,
    Refused,
    Inconclusive,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Accepted => "accepted",
            Verdict::Refused => "refused",
            Verdict::Inconclusive => "inconclusive",
        }
    }
}

/// What one address said to one version.
#[derive(Debug, Clone)]
pub struct Probe {
    pub version: Version,
    pub addr: SocketAddr,
    pub verdict: Verdict,
    /// The deciding answer (the fallback's when the full hello got no usable one).
    pub answer: Answer,
}

/// The scan of every version on every address.
#[derive(Debug, Clone, Default)]
pub struct Scan {
    pub probes: Vec<Probe>,
    /// Set when an address answered with something that is not TLS: the address and what it
    /// sent. The scan stops there.
    pub not_tls: Option<(SocketAddr, String)>,
}

impl Scan {
    /// The verdict for `version` over every address: accepted if any address accepts it
    /// (a legacy version one address still takes is taken), else inconclusive if any
    /// address gave no answer, else refused. `None` when it was not probed.
    pub fn verdict(&self, version: Version) -> Option<Verdict> {
        let of: Vec<Verdict> = self
            .probes
            .iter()
            .filter(|p| p.version == version)
            .map(|p| p.verdict)
            .collect();
        if of.is_empty() {
            None
        } else if of.contains(&Verdict::Accepted) {
            Some(Verdict::Accepted)
        } else if of.contains(&Verdict::Inconclusive) {
            Some(Verdict::Inconclusive)
        } else {
            Some(Verdict::Refused)
        }
    }

    /// The probes of `version` with the verdict `verdict`.
    pub fn with(&self, version: Version, verdict: Verdict) -> Vec<&Probe> {
        self.probes
            .iter()
            .filter(|p| p.version == version && p.verdict == verdict)
            .collect()
    }
}

/// Scans every version on every address, in sequence. Stops at the first address that does
/// not speak TLS.
pub fn scan(addrs: &[SocketAddr], host: &str, timeout: Duration, random: &Random) -> Scan {
    let mut out = Scan::default();
    for &addr in addrs {
        for version in Version::ALL {
            let (verdict, answer) = probe_version(addr, host, version, timeout, random);
            if let Answer::NotTls(what) = &answer {
                out.not_tls = Some((addr, what.clone()));
                return out;
            }
            out.probes.push(Probe {
                version,
                addr,
                verdict,
                answer,
            });
        }
    }
    out
}

/// One version on one address: the full hello, then the minimal one when the full one was
/// met with silence or a closed connection (a server intolerant of the hello's shape).
fn probe_version(
    addr: SocketAddr,
    host: &str,
    version: Version,
    timeout: Duration,
    random: &Random,
) -> (Verdict, Answer) {
    let first = attempt(addr, host, version, Shape::Full, timeout, random);
    match &first {
        Answer::Accepted { .. } => return (Verdict::Accepted, first),
        Answer::Timeout | Answer::Closed(_) => {}
        _ => return (Verdict::Refused, first),
    }
    let second = attempt(addr, host, version, Shape::Minimal, timeout, random);
    match (&first, &second) {
        (_, Answer::Accepted { .. }) => (Verdict::Accepted, second),
        (Answer::Timeout, Answer::Timeout) => (Verdict::Inconclusive, second),
        // An answer to the fallback decides; silence after a closed connection leaves the
        // close as the answer.
        (_, Answer::Timeout) => (Verdict::Refused, first),
        _ => (Verdict::Refused, second),
    }
}

/// Sends one hello and reads up to the first answer, within `timeout` for the connection
/// and `timeout` for the answer (each read gets what is left of it, so a server that sends
/// a byte at a time cannot stretch it).
fn attempt(
    addr: SocketAddr,
    host: &str,
    version: Version,
    shape: Shape,
    timeout: Duration,
    random: &Random,
) -> Answer {
    let rnd = HelloRandom {
        random: random.bytes32(),
        session_id: random.bytes32(),
        key_share: random.bytes32(),
    };
    let hello = hello::client_hello(version, shape, host, &rnd);
    let offered = hello::suites(version, shape);
    let mut stream = match TcpStream::connect_timeout(&addr, timeout) {
        Ok(s) => s,
        Err(e) if is_timeout(&e) => return Answer::Timeout,
        Err(e) => return Answer::Closed(format!("the connection failed: {e}")),
    };
    let _ = stream.set_nodelay(true);
    let _ = stream.set_write_timeout(Some(timeout));
    if let Err(e) = stream.write_all(&hello) {
        return if is_timeout(&e) {
            Answer::Timeout
        } else {
            Answer::Closed(closed_how(&e))
        };
    }
    let deadline = Instant::now() + timeout;
    let mut bytes = Vec::new();
    let mut buf = [0u8; 4096];
    let answer = loop {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            break Answer::Timeout;
        }
        let _ = stream.set_read_timeout(Some(left));
        match stream.read(&mut buf) {
            Ok(0) => break hello::at_end(&bytes, "the server closed the connection"),
            Ok(n) => {
                bytes.extend_from_slice(&buf[..n]);
                if let Some(answer) = hello::read_answer(&bytes, version, &offered) {
                    break answer;
                }
                if bytes.len() > hello::MAX_ANSWER + 5 * 8 {
                    break Answer::Malformed("no ServerHello in the first 64 KiB".to_owned());
                }
            }
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(e) if is_timeout(&e) => {
                break if bytes.is_empty() {
                    Answer::Timeout
                } else {
                    hello::at_end(&bytes, "the answer stopped before it was complete")
                };
            }
            Err(e) => break hello::at_end(&bytes, &closed_how(&e)),
        }
    };
    let _ = stream.shutdown(Shutdown::Both);
    answer
}

fn is_timeout(e: &std::io::Error) -> bool {
    matches!(e.kind(), ErrorKind::TimedOut | ErrorKind::WouldBlock)
}

fn closed_how(e: &std::io::Error) -> String {
    match e.kind() {
        ErrorKind::ConnectionReset => "the server reset the connection".to_owned(),
        ErrorKind::ConnectionAborted | ErrorKind::BrokenPipe => {
            "the server closed the connection".to_owned()
        }
        _ => format!("the connection failed: {e}"),
    }
}
