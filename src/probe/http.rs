//! The signed calls over ureq: one POST at a time, no redirect followed, no proxy, a timeout
//! on the whole call and on every read and write, at most 1 MiB of body read, and the
//! addresses step 1 resolved (so `--resolve` holds for the calls too).

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use rustls::pki_types::CertificateDer;
use ureq::config::AutoHeaderValue;
use ureq::tls::{RootCerts, TlsConfig, TlsProvider};
use ureq::unversioned::resolver::{ResolvedSocketAddrs, Resolver};
use ureq::unversioned::transport::{DefaultConnector, NextTimeout};

/// At most this much of a response body is read.
pub const MAX_BODY: u64 = 1024 * 1024;

/// What one call got back.
#[derive(Debug, Clone)]
pub enum Reply {
    /// A complete response.
    Response { status: u16, body: Vec<u8> },
    /// The body passed [`MAX_BODY`].
    TooLarge { status: u16 },
    /// No complete response within the timeout.
    Timeout,
    /// The connection failed or the answer was not HTTP (why).
    Failed(String),
}

/// One request, exactly as sent.
#[derive(Debug, Clone)]
pub struct Request {
    pub url: String,
    pub body: String,
}

/// The headers every call carries besides `Host` and `Content-Length` (which ureq writes
/// from the URL and the body): nothing that changes what the seller's server sees.
pub fn headers() -> [(&'static str, String); 3] {
    [
        ("Content-Type", "application/json;charset=utf8".to_owned()),
        ("Accept", "application/json".to_owned()),
        ("User-Agent", user_agent()),
    ]
}

pub fn user_agent() -> String {
    format!("kooship/{}", env!("CARGO_PKG_VERSION"))
}

/// Answers every name with the addresses step 1 found.
#[derive(Debug)]
struct Fixed(Vec<SocketAddr>);

impl Resolver for Fixed {
    fn resolve(
        &self,
        _uri: &ureq::http::Uri,
        _config: &ureq::config::Config,
        _timeout: NextTimeout,
    ) -> Result<ResolvedSocketAddrs, ureq::Error> {
        let mut out = self.empty();
        for a in self.0.iter().take(16) {
            out.push(*a);
        }
        if out.is_empty() {
            return Err(ureq::Error::HostNotFound);
        }
        Ok(out)
    }
}

pub struct Client {
    agent: ureq::Agent,
    /// The `Host` header: the URL's host, with `:PORT` when not the scheme's default.
    host: String,
}

impl Client {
    /// `roots`: the anchors the certificate check trusted (`None`: Mozilla's roots).
    pub fn new(
        host: String,
        addrs: Vec<SocketAddr>,
        roots: Option<Vec<CertificateDer<'static>>>,
        timeout: Duration,
    ) -> Client {
        let root_certs = match roots {
            Some(certs) => RootCerts::from(
                certs
                    .into_iter()
                    .map(|c| ureq::tls::Certificate::from_der(c.as_ref()).to_owned()),
            ),
            None => RootCerts::WebPki,
        };
        let tls = TlsConfig::builder()
            .provider(TlsProvider::Rustls)
            .root_certs(root_certs)
            .use_sni(true)
            .build();
        let config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .https_only(false)
            .max_redirects(0)
            .proxy(None)
            .user_agent(AutoHeaderValue::None)
            .accept(AutoHeaderValue::None)
            .accept_encoding(AutoHeaderValue::None)
            .max_idle_connections(0)
            .max_idle_connections_per_host(0)
            .max_response_header_size(64 * 1024)
            .timeout_global(Some(timeout))
            .timeout_per_read(Some(timeout))
            .timeout_per_write(Some(timeout))
            .timeout_connect(Some(timeout))
            .tls_config(tls)
            .build();
        Client {
            agent: ureq::Agent::with_parts(config, DefaultConnector::new(), Fixed(addrs)),
            host,
        }
    }

    /// Sends one request; returns the reply and the milliseconds it took.
    pub fn send(&self, request: &Request) -> (Reply, u64) {
        let start = Instant::now();
        let mut builder = self.agent.post(&request.url).header("Host", &self.host);
        for (name, value) in headers() {
            builder = builder.header(name, value);
        }
        let reply = match builder.send(request.body.as_bytes()) {
            Ok(mut response) => {
                let status = response.status().as_u16();
                match response
                    .body_mut()
                    .with_config()
                    .limit(MAX_BODY)
                    .read_to_vec()
                {
                    Ok(body) => Reply::Response { status, body },
                    Err(ureq::Error::BodyExceedsLimit(_)) => Reply::TooLarge { status },
                    Err(e) => failure(e),
                }
            }
            Err(e) => failure(e),
        };
        (reply, start.elapsed().as_millis() as u64)
    }
}

fn failure(e: ureq::Error) -> Reply {
    match e {
        ureq::Error::Timeout(_) => Reply::Timeout,
        ureq::Error::Io(io)
            if matches!(
                io.kind(),
                std::io::ErrorKind::TimedOut | std::io::ErrorKind::WouldBlock
            ) =>
        {
            Reply::Timeout
        }
        ureq::Error::Io(io) => Reply::Failed(match io.kind() {
            std::io::ErrorKind::ConnectionRefused => "the connection was refused".to_owned(),
            std::io::ErrorKind::ConnectionReset => {
                "the server reset the connection before a complete response".to_owned()
            }
            std::io::ErrorKind::UnexpectedEof => {
                "the server closed the connection before a complete response".to_owned()
            }
            _ => format!("the connection failed: {io}"),
        }),
        ureq::Error::Protocol(p) => Reply::Failed(format!("the answer is not valid HTTP/1.1: {p}")),
        ureq::Error::LargeResponseHeader(..) => {
            Reply::Failed("the response headers exceed 64 KiB".to_owned())
        }
        ureq::Error::Rustls(t) => Reply::Failed(format!("the TLS connection failed: {t}")),
        other => Reply::Failed(format!("the call failed: {other}")),
    }
}
