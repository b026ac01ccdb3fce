//! Step 3: one real TLS 1.2/1.3 handshake (rustls, ring) with full verification: the chain
//! to Mozilla's roots (webpki-roots) or to `--ca-file`, the host name, the validity dates.
//! The certificate the server sent is kept, so the report can name its subject, issuer and
//! expiry even when it does not verify.

use std::io::ErrorKind;
use std::net::{SocketAddr, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use rustls::client::WebPkiServerVerifier;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{CertificateError, DigitallySignedStruct, Error, RootCertStore, SignatureScheme};

/// Which trust anchor made the certificate trusted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trust {
    Public,
    CaFile,
}

impl Trust {
    pub fn as_str(self) -> &'static str {
        match self {
            Trust::Public => "public",
            Trust::CaFile => "ca-file",
        }
    }
}

/// What the handshake showed of the certificate.
#[derive(Debug, Clone)]
pub struct Certificate {
    pub subject: String,
    pub issuer: String,
    /// Unix seconds.
    pub not_after: i64,
    /// `None`: trusted. `Some(reason)`: why not.
    pub untrusted: Option<String>,
    pub trust: Option<Trust>,
}

/// The handshake's result.
#[derive(Debug, Clone)]
pub enum Checked {
    /// The server sent a certificate (trusted or not).
    Certificate(Certificate),
    /// The handshake failed before or without a certificate (why).
    Failed(String),
}

/// The trust anchors: Mozilla's, and those of `--ca-file`.
pub struct Roots {
    public: Arc<WebPkiServerVerifier>,
    extra: Option<Arc<WebPkiServerVerifier>>,
}

impl Roots {
    /// `extra`: the certificates of `--ca-file` (already read). `Err`: a certificate there
    /// cannot be a trust anchor.
    pub fn new(extra: &[CertificateDer<'static>]) -> Result<Roots, String> {
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let mut public = RootCertStore::empty();
        public.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
        let public =
            WebPkiServerVerifier::builder_with_provider(Arc::new(public), provider.clone())
                .build()
                .map_err(|e| format!("cannot use the public roots: {e}"))?;
        let extra = if extra.is_empty() {
            None
        } else {
            let mut store = RootCertStore::empty();
            for cert in extra {
                store.add(cert.clone()).map_err(|e| {
                    format!("a certificate in --ca-file cannot be a trust anchor: {e}")
                })?;
            }
            Some(
                WebPkiServerVerifier::builder_with_provider(Arc::new(store), provider)
                    .build()
                    .map_err(|e| format!("cannot use --ca-file: {e}"))?,
            )
        };
        Ok(Roots { public, extra })
    }
}

/// Reads the PEM certificates of `--ca-file`.
pub fn read_ca_file(path: &std::path::Path) -> Result<Vec<CertificateDer<'static>>, String> {
    use rustls::pki_types::pem::PemObject;
    let bytes =
        std::fs::read(path).map_err(|e| format!("cannot read `{}`: {e}", path.display()))?;
    let mut certs = Vec::new();
    for item in CertificateDer::pem_slice_iter(&bytes) {
        certs.push(item.map_err(|e| format!("`{}` is not PEM: {e}", path.display()))?);
    }
    if certs.is_empty() {
        return Err(format!(
            "`{}` holds no PEM certificate (`-----BEGIN CERTIFICATE-----`)",
            path.display()
        ));
    }
    Ok(certs)
}

#[derive(Debug, Default)]
struct Seen {
    end_entity: Option<Vec<u8>>,
    trust: Option<Trust>,
    error: Option<String>,
}

/// Verifies as webpki does, against the public roots and then `--ca-file`, and remembers
/// what it saw.
#[derive(Debug)]
struct Recorder {
    public: Arc<WebPkiServerVerifier>,
    extra: Option<Arc<WebPkiServerVerifier>>,
    seen: Mutex<Seen>,
}

impl Recorder {
    fn note(&self, f: impl FnOnce(&mut Seen)) {
        if let Ok(mut seen) = self.seen.lock() {
            f(&mut seen);
        }
    }
}

impl ServerCertVerifier for Recorder {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, Error> {
        self.note(|s| s.end_entity = Some(end_entity.as_ref().to_vec()));
        let public = self.public.verify_server_cert(
            end_entity,
            intermediates,
            server_name,
            ocsp_response,
            now,
        );
        let public_err = match public {
            Ok(v) => {
                self.note(|s| s.trust = Some(Trust::Public));
                return Ok(v);
            }
            Err(e) => e,
        };
        let Some(extra) = &self.extra else {
            self.note(|s| s.error = Some(reason(&public_err, false)));
            return Err(public_err);
        };
        match extra.verify_server_cert(end_entity, intermediates, server_name, ocsp_response, now) {
            Ok(v) => {
                self.note(|s| s.trust = Some(Trust::CaFile));
                Ok(v)
            }
            Err(e) => {
                let why = if same_reason(&public_err, &e) {
                    reason(&e, true)
                } else {
                    format!(
                        "{} (against the public roots: {})",
                        reason(&e, true),
                        reason(&public_err, false)
                    )
                };
                self.note(|s| s.error = Some(why));
                Err(e)
            }
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, Error> {
        self.public.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, Error> {
        self.public.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.public.supported_verify_schemes()
    }
}

fn same_reason(a: &Error, b: &Error) -> bool {
    std::mem::discriminant(a) == std::mem::discriminant(b)
        && match (a, b) {
            (Error::InvalidCertificate(x), Error::InvalidCertificate(y)) => {
                std::mem::discriminant(x) == std::mem::discriminant(y)
            }
            _ => true,
        }
}

/// A verification error in the seller's terms.
fn reason(e: &Error, with_ca_file: bool) -> String {
    let anchors = if with_ca_file {
        "the public roots or --ca-file"
    } else {
        "a public root (Mozilla's list)"
    };
    match e {
        Error::InvalidCertificate(c) => match c {
            CertificateError::UnknownIssuer => format!(
                "the chain does not lead to {anchors} (unknown issuer; an intermediate certificate may be missing)"
            ),
            CertificateError::Expired => "the certificate has expired".to_owned(),
            CertificateError::ExpiredContext { not_after, .. } => format!(
                "the certificate expired on {}",
                rfc3339(not_after.as_secs() as i64)
            ),
            CertificateError::NotValidYet => "the certificate is not valid yet".to_owned(),
            CertificateError::NotValidYetContext { not_before, .. } => format!(
                "the certificate is not valid before {}",
                rfc3339(not_before.as_secs() as i64)
            ),
            CertificateError::NotValidForName => {
                "the certificate is not valid for the URL's host name".to_owned()
            }
            CertificateError::NotValidForNameContext {
                expected,
                presented,
            } => {
                let names = if presented.is_empty() {
                    "no name".to_owned()
                } else {
                    presented.join(", ")
                };
                format!(
                    "the certificate is not valid for `{}` (it names {names})",
                    expected.to_str()
                )
            }
            CertificateError::BadSignature => "a signature in the chain does not verify".to_owned(),
            CertificateError::Revoked => "the certificate is revoked".to_owned(),
            CertificateError::InvalidPurpose | CertificateError::InvalidPurposeContext { .. } => {
                "the certificate is not for TLS servers (extended key usage)".to_owned()
            }
            CertificateError::Other(o) => {
                let what = format!("{o:?}");
                if what.contains("CaUsedAsEndEntity") {
                    "the server's certificate is a CA certificate (basicConstraints CA:TRUE), not a server certificate issued by one".to_owned()
                } else {
                    format!("the certificate is invalid: {what}")
                }
            }
            other => format!("the certificate is invalid: {other:?}"),
        },
        other => format!("the certificate is invalid: {other}"),
    }
}

/// Handshakes with `addr` for `host` and reports the certificate.
pub fn check(addr: SocketAddr, host: &str, roots: &Roots, timeout: Duration) -> Checked {
    let recorder = Arc::new(Recorder {
        public: roots.public.clone(),
        extra: roots.extra.clone(),
        seen: Mutex::new(Seen::default()),
    });
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = match rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
    {
        Ok(b) => b
            .dangerous()
            .with_custom_certificate_verifier(recorder.clone())
            .with_no_client_auth(),
        Err(e) => return Checked::Failed(format!("cannot set up TLS: {e}")),
    };
    let name = match ServerName::try_from(host.to_owned()) {
        Ok(n) => n,
        Err(e) => return Checked::Failed(format!("`{host}` cannot be a TLS server name: {e}")),
    };
    let mut conn = match rustls::ClientConnection::new(Arc::new(config), name) {
        Ok(c) => c,
        Err(e) => return Checked::Failed(format!("cannot start TLS: {e}")),
    };
    let handshake = (|| -> Result<(), String> {
        let mut sock = TcpStream::connect_timeout(&addr, timeout)
            .map_err(|e| format!("the connection failed: {e}"))?;
        let deadline = Instant::now() + timeout;
        while conn.is_handshaking() {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Err(format!(
                    "no TLS handshake within {} ms",
                    timeout.as_millis()
                ));
            }
            let _ = sock.set_read_timeout(Some(left));
            let _ = sock.set_write_timeout(Some(left));
            match conn.complete_io(&mut sock) {
                Ok((0, 0)) if conn.is_handshaking() && !conn.wants_write() => {
                    return Err("the server closed the connection during the handshake".to_owned());
                }
                Ok(_) => {}
                Err(e) if matches!(e.kind(), ErrorKind::TimedOut | ErrorKind::WouldBlock) => {
                    return Err(format!(
                        "no TLS handshake within {} ms",
                        timeout.as_millis()
                    ));
                }
                Err(e) => return Err(handshake_error(&e)),
            }
        }
        conn.send_close_notify();
        let _ = conn.complete_io(&mut sock);
        Ok(())
    })();
    let seen = match recorder.seen.lock() {
        Ok(mut s) => std::mem::take(&mut *s),
        Err(_) => Seen::default(),
    };
    let Some(der) = seen.end_entity else {
        return Checked::Failed(match handshake {
            Err(e) => e,
            Ok(()) => "the server sent no certificate".to_owned(),
        });
    };
    let (subject, issuer, not_after) = match describe(&der) {
        Ok(d) => d,
        Err(e) => return Checked::Failed(e),
    };
    let untrusted = match (&seen.trust, seen.error) {
        (Some(_), _) => None,
        (None, Some(e)) if subject == issuer && e.contains("unknown issuer") => {
            Some(format!("{e}; it is self-signed"))
        }
        (None, Some(e)) => Some(e),
        (None, None) => Some(match handshake {
            Err(e) => e,
            Ok(()) => "the certificate was not verified".to_owned(),
        }),
    };
    Checked::Certificate(Certificate {
        subject,
        issuer,
        not_after,
        untrusted,
        trust: seen.trust,
    })
}

fn handshake_error(e: &std::io::Error) -> String {
    match e.get_ref().and_then(|inner| inner.downcast_ref::<Error>()) {
        Some(Error::AlertReceived(alert)) => {
            format!("the server answered with the alert {alert:?}")
        }
        Some(Error::PeerIncompatible(why)) => {
            format!("no TLS 1.2 or 1.3 handshake is possible ({why:?})")
        }
        Some(other) => format!("the TLS handshake failed: {other}"),
        None => match e.kind() {
            ErrorKind::ConnectionReset => "the server reset the connection".to_owned(),
            ErrorKind::UnexpectedEof => "the server closed the connection".to_owned(),
            _ => format!("the TLS handshake failed: {e}"),
        },
    }
}

/// Subject, issuer and notAfter (Unix seconds) of a DER certificate.
fn describe(der: &[u8]) -> Result<(String, String, i64), String> {
    let (_, cert) = x509_parser::parse_x509_certificate(der)
        .map_err(|e| format!("the server's certificate cannot be read: {e}"))?;
    Ok((
        cert.subject().to_string(),
        cert.issuer().to_string(),
        cert.validity().not_after.timestamp(),
    ))
}

/// `2027-03-01T00:00:00Z`.
pub fn rfc3339(unix_seconds: i64) -> String {
    let date = crate::clock::Date::from_unix(unix_seconds);
    let s = unix_seconds.rem_euclid(86_400);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        date.year,
        date.month,
        date.day,
        s / 3600,
        s / 60 % 60,
        s % 60
    )
}
