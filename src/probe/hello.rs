//! A hand-built TLS ClientHello per protocol version, and the reading of the server's first
//! answer (ServerHello or alert). Std only, no TLS library: the verdict must not depend on
//! how the machine's TLS library was built (Debian's OpenSSL 3 cannot speak SSL 3.0 at all,
//! and refuses TLS 1.0 below security level 0), and rustls never spoke anything below 1.2.
//!
//! The hello's shape follows what TLS scanners learnt the hard way
//! (sslscan, testssl.sh, nmap and sslyze issue trackers): SNI, a random 32-byte session ID, the
//! renegotiation SCSV, a few dozen suites rather than hundreds, SHA-384 and PSS signature
//! algorithms, RFC 7685 padding out of the 256–511-byte range; and a second, minimal hello
//! as a fallback before a version is called refused.

use std::fmt;

/// A protocol version `probe` scans. SSL 2.0 is never probed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Version {
    Ssl3,
    Tls1_0,
    Tls1_1,
    Tls1_2,
    Tls1_3,
}

impl Version {
    pub const ALL: [Version; 5] = [
        Version::Ssl3,
        Version::Tls1_0,
        Version::Tls1_1,
        Version::Tls1_2,
        Version::Tls1_3,
    ];

    /// The version's number on the wire.
    pub fn wire(self) -> u16 {
        match self {
            Version::Ssl3 => 0x0300,
            Version::Tls1_0 => 0x0301,
            Version::Tls1_1 => 0x0302,
            Version::Tls1_2 => 0x0303,
            Version::Tls1_3 => 0x0304,
        }
    }

    /// As the manifest writes it (`tls_versions`).
    pub fn key(self) -> &'static str {
        match self {
            Version::Ssl3 => "ssl3",
            Version::Tls1_0 => "tls1_0",
            Version::Tls1_1 => "tls1_1",
            Version::Tls1_2 => "tls1_2",
            Version::Tls1_3 => "tls1_3",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Version::Ssl3 => "SSL 3.0",
            Version::Tls1_0 => "TLS 1.0",
            Version::Tls1_1 => "TLS 1.1",
            Version::Tls1_2 => "TLS 1.2",
            Version::Tls1_3 => "TLS 1.3",
        }
    }

    pub fn from_key(key: &str) -> Option<Version> {
        Version::ALL.into_iter().find(|v| v.key() == key)
    }
}

/// A version number as people write it (`0x0301` → `TLS 1.0`).
pub fn wire_label(v: u16) -> String {
    match Version::ALL.into_iter().find(|x| x.wire() == v) {
        Some(x) => x.label().to_owned(),
        None if v == 0x0200 || v == 0x0002 => "SSL 2.0".to_owned(),
        None => format!("version 0x{v:04x}"),
    }
}

/// Which of the two hellos.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// The full hello: many suites, every extension the version uses, padding.
    Full,
    /// The fallback: a handful of common suites and only the extensions the version needs.
    Minimal,
}

/// TLS 1.3 suites: AES-128-GCM, AES-256-GCM, ChaCha20-Poly1305.
const SUITES_13: &[u16] = &[0x1301, 0x1302, 0x1303];

/// Suites of TLS 1.2 (AEAD and SHA-2 CBC) that earlier versions cannot use.
const SUITES_12_ONLY: &[u16] = &[
    0xc02b, 0xc02f, 0xc02c, 0xc030, 0xcca9, 0xcca8, 0x009e, 0x009f, 0xccaa, 0xc023, 0xc027, 0xc024,
    0xc028, 0x0067, 0x006b, 0x009c, 0x009d, 0x003c, 0x003d,
];

/// CBC-SHA, 3DES and RC4 suites that SSL 3.0 to TLS 1.2 all know.
const SUITES_LEGACY: &[u16] = &[
    0xc009, 0xc013, 0xc00a, 0xc014, 0x0033, 0x0039, 0x002f, 0x0035, 0xc008, 0xc012, 0x0016, 0x000a,
    0x0005, 0x0004,
];

/// The fallback's suites for versions below 1.3.
const SUITES_MINIMAL: &[u16] = &[0xc02f, 0xc030, 0xc013, 0xc014, 0x002f, 0x0035, 0x000a];

/// TLS_EMPTY_RENEGOTIATION_INFO_SCSV. (Never TLS_FALLBACK_SCSV: a server that speaks a
/// higher version would answer `inappropriate_fallback`, and the version would read refused.)
const SCSV: u16 = 0x00ff;

/// The suites offered in a hello of `version` and `shape`.
pub fn suites(version: Version, shape: Shape) -> Vec<u16> {
    let mut out: Vec<u16> = match (version, shape) {
        (Version::Tls1_3, _) => SUITES_13.to_vec(),
        (Version::Tls1_2, Shape::Full) => SUITES_12_ONLY
            .iter()
            .chain(SUITES_LEGACY)
            .copied()
            .collect(),
        (_, Shape::Full) => SUITES_LEGACY.to_vec(),
        (_, Shape::Minimal) => SUITES_MINIMAL.to_vec(),
    };
    out.push(SCSV);
    out
}

/// x25519, secp256r1, secp384r1, secp521r1 (full); x25519 and secp256r1 (minimal).
fn groups(shape: Shape) -> &'static [u16] {
    match shape {
        Shape::Full => &[0x001d, 0x0017, 0x0018, 0x0019],
        Shape::Minimal => &[0x001d, 0x0017],
    }
}

/// ECDSA and RSA-PSS with SHA-256/384/512, Ed25519, RSA PKCS#1 with SHA-2 and SHA-1.
const SIGNATURE_ALGORITHMS: &[u16] = &[
    0x0403, 0x0503, 0x0603, 0x0807, 0x0804, 0x0805, 0x0806, 0x0809, 0x080a, 0x080b, 0x0401, 0x0501,
    0x0601, 0x0203, 0x0201,
];

fn push_u16(out: &mut Vec<u8>, v: u16) {
    out.extend_from_slice(&v.to_be_bytes());
}

/// Appends `body` with a big-endian length prefix of `width` bytes.
fn push_vec(out: &mut Vec<u8>, width: usize, body: &[u8]) {
    let len = body.len() as u32;
    out.extend_from_slice(&len.to_be_bytes()[4 - width..]);
    out.extend_from_slice(body);
}

fn extension(out: &mut Vec<u8>, kind: u16, body: &[u8]) {
    push_u16(out, kind);
    push_vec(out, 2, body);
}

fn u16_list(values: &[u16]) -> Vec<u8> {
    values.iter().flat_map(|v| v.to_be_bytes()).collect()
}

/// Random input for one hello.
pub struct HelloRandom {
    pub random: [u8; 32],
    pub session_id: [u8; 32],
    pub key_share: [u8; 32],
}

/// The ClientHello record offering only `version`, for the server `host` (sent as SNI).
pub fn client_hello(version: Version, shape: Shape, host: &str, rnd: &HelloRandom) -> Vec<u8> {
    let mut body = Vec::with_capacity(512);
    // TLS 1.3 hides behind 1.2 in the legacy field and names itself in supported_versions.
    push_u16(&mut body, version.wire().min(0x0303));
    body.extend_from_slice(&rnd.random);
    push_vec(&mut body, 1, &rnd.session_id);
    push_vec(&mut body, 2, &u16_list(&suites(version, shape)));
    push_vec(&mut body, 1, &[0]); // compression: null only

    let mut ext = Vec::with_capacity(256);
    let ssl3_minimal = version == Version::Ssl3 && shape == Shape::Minimal;
    if !ssl3_minimal {
        // server_name: one host_name entry.
        let mut entry = vec![0u8];
        push_vec(&mut entry, 2, host.as_bytes());
        let mut list = Vec::new();
        push_vec(&mut list, 2, &entry);
        extension(&mut ext, 0x0000, &list);
        if version != Version::Tls1_3 {
            // ec_point_formats: uncompressed.
            extension(&mut ext, 0x000b, &[1, 0]);
        }
        let mut g = Vec::new();
        push_vec(&mut g, 2, &u16_list(groups(shape)));
        extension(&mut ext, 0x000a, &g);
        if version >= Version::Tls1_2 {
            let mut s = Vec::new();
            push_vec(&mut s, 2, &u16_list(SIGNATURE_ALGORITHMS));
            extension(&mut ext, 0x000d, &s);
        }
        if version == Version::Tls1_3 {
            // supported_versions: 1.3 alone.
            extension(&mut ext, 0x002b, &[2, 0x03, 0x04]);
            // key_share: one x25519 share (any 32 bytes are a valid x25519 public value).
            let mut share = Vec::new();
            push_u16(&mut share, 0x001d);
            push_vec(&mut share, 2, &rnd.key_share);
            let mut shares = Vec::new();
            push_vec(&mut shares, 2, &share);
            extension(&mut ext, 0x0033, &shares);
            // psk_key_exchange_modes: psk_dhe_ke.
            extension(&mut ext, 0x002d, &[1, 1]);
        }
        if shape == Shape::Full {
            // extended_master_secret (empty).
            extension(&mut ext, 0x0017, &[]);
            // RFC 7685: keep the handshake message out of 256–511 bytes, which some
            // servers (F5) cannot take.
            let so_far = 4 + body.len() + 2 + ext.len();
            if (256..512).contains(&so_far) {
                let pad = 512 - so_far;
                let pad = if pad >= 5 { pad - 4 } else { 1 };
                extension(&mut ext, 0x0015, &vec![0u8; pad]);
            }
        }
    }
    if !ext.is_empty() {
        push_vec(&mut body, 2, &ext);
    }

    let mut handshake = vec![1u8]; // client_hello
    push_vec(&mut handshake, 3, &body);
    let mut record = vec![22u8]; // handshake
    push_u16(
        &mut record,
        if version == Version::Ssl3 {
            0x0300
        } else {
            0x0301
        },
    );
    push_vec(&mut record, 2, &handshake);
    record
}

/// What the server's first answer to one hello was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// A ServerHello (or a TLS 1.3 HelloRetryRequest) for this version and an offered suite.
    Accepted { suite: u16, retry_request: bool },
    /// A ServerHello for another version than the one offered.
    OtherVersion(u16),
    /// A ServerHello for this version, but with a suite that was not offered.
    UnofferedSuite(u16),
    /// A fatal alert (or a warning alert followed by the connection's end).
    Alert { level: u8, description: u8 },
    /// The connection was closed (FIN, RST, or `close_notify`) before any ServerHello.
    Closed(String),
    /// Nothing within the timeout.
    Timeout,
    /// The bytes are not TLS at all (e.g. an HTTP answer).
    NotTls(String),
    /// TLS records that make no sense as an answer to a ClientHello.
    Malformed(String),
}

impl Answer {
    /// Why this answer is not an acceptance, in a few words.
    pub fn reason(&self) -> String {
        match self {
            Answer::Accepted { .. } => "accepted".to_owned(),
            Answer::OtherVersion(v) => format!("the server chose {}", wire_label(*v)),
            Answer::UnofferedSuite(s) => {
                format!("the server chose cipher suite 0x{s:04x}, which was not offered")
            }
            Answer::Alert { description, .. } => {
                format!("alert {description} ({})", alert_name(*description))
            }
            Answer::Closed(how) => how.clone(),
            Answer::Timeout => "no answer within the timeout".to_owned(),
            Answer::NotTls(what) => what.clone(),
            Answer::Malformed(what) => what.clone(),
        }
    }
}

impl fmt::Display for Answer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.reason())
    }
}

/// An alert's name (RFC 8446 §6, and the SSL 3.0/TLS 1.0 ones).
pub fn alert_name(description: u8) -> &'static str {
    match description {
        0 => "close_notify",
        10 => "unexpected_message",
        20 => "bad_record_mac",
        22 => "record_overflow",
        40 => "handshake_failure",
        41 => "no_certificate",
        42 => "bad_certificate",
        43 => "unsupported_certificate",
        44 => "certificate_revoked",
        45 => "certificate_expired",
        46 => "certificate_unknown",
        47 => "illegal_parameter",
        48 => "unknown_ca",
        49 => "access_denied",
        50 => "decode_error",
        51 => "decrypt_error",
        70 => "protocol_version",
        71 => "insufficient_security",
        80 => "internal_error",
        86 => "inappropriate_fallback",
        90 => "user_canceled",
        109 => "missing_extension",
        110 => "unsupported_extension",
        112 => "unrecognized_name",
        116 => "certificate_required",
        120 => "no_application_protocol",
        _ => "unknown alert",
    }
}

/// The random value that marks a ServerHello as a HelloRetryRequest (RFC 8446 §4.1.3).
const HELLO_RETRY_REQUEST: [u8; 32] = [
    0xcf, 0x21, 0xad, 0x74, 0xe5, 0x9a, 0x61, 0x11, 0xbe, 0x1d, 0x8c, 0x02, 0x1e, 0x65, 0xb8, 0x91,
    0xc2, 0xa2, 0x11, 0x16, 0x7a, 0xbb, 0x8c, 0x5e, 0x07, 0x9e, 0x09, 0xe2, 0xc8, 0xa8, 0x33, 0x9c,
];

/// The most bytes read for the first handshake message: a ServerHello is small, but it may
/// share a record with the certificate chain.
pub const MAX_ANSWER: usize = 64 * 1024;

/// Reads the server's answer from the bytes received so far. `Ok(None)`: more bytes are
/// needed (the caller reads on, or reports how the connection ended).
pub fn read_answer(bytes: &[u8], version: Version, offered: &[u16]) -> Option<Answer> {
    let mut handshake: Vec<u8> = Vec::new();
    let mut pos = 0;
    loop {
        let rest = &bytes[pos..];
        if rest.is_empty() {
            return None;
        }
        // The first byte tells TLS from anything else before a whole header arrived.
        if !(20..=23).contains(&rest[0]) {
            return Some(not_tls(rest));
        }
        if rest.len() < 5 {
            return None;
        }
        let (kind, major) = (rest[0], rest[1]);
        if major != 3 {
            return Some(not_tls(rest));
        }
        let len = usize::from(u16::from_be_bytes([rest[3], rest[4]]));
        if len > 16_384 + 2048 {
            return Some(Answer::Malformed(format!(
                "a TLS record of {len} bytes, longer than TLS allows"
            )));
        }
        if rest.len() < 5 + len {
            return None;
        }
        let fragment = &rest[5..5 + len];
        pos += 5 + len;
        match kind {
            21 => {
                if fragment.len() < 2 {
                    return Some(Answer::Malformed("a truncated alert".to_owned()));
                }
                let (level, description) = (fragment[0], fragment[1]);
                if description == 0 {
                    return Some(Answer::Closed(
                        "close_notify before a ServerHello".to_owned(),
                    ));
                }
                if level == 1 {
                    // A warning may be followed by the real answer (testssl.sh #340).
                    continue;
                }
                return Some(Answer::Alert { level, description });
            }
            22 => {
                handshake.extend_from_slice(fragment);
                if handshake.len() < 4 {
                    continue;
                }
                if handshake[0] != 2 {
                    return Some(Answer::Malformed(format!(
                        "handshake message type {} where a ServerHello was expected",
                        handshake[0]
                    )));
                }
                let msg_len = (usize::from(handshake[1]) << 16)
                    | (usize::from(handshake[2]) << 8)
                    | usize::from(handshake[3]);
                if msg_len > MAX_ANSWER {
                    return Some(Answer::Malformed(format!(
                        "a ServerHello of {msg_len} bytes"
                    )));
                }
                if handshake.len() < 4 + msg_len {
                    continue;
                }
                return Some(server_hello(&handshake[4..4 + msg_len], version, offered));
            }
            _ => {
                return Some(Answer::Malformed(format!(
                    "a TLS record of type {kind} before the ServerHello"
                )));
            }
        }
    }
}

/// What the connection's end means once no complete answer arrived.
pub fn at_end(bytes: &[u8], how: &str) -> Answer {
    if bytes.is_empty() {
        Answer::Closed(how.to_owned())
    } else {
        // A warning alert alone, or a record cut short.
        match read_warning(bytes) {
            Some(description) => Answer::Alert {
                level: 1,
                description,
            },
            None => Answer::Closed(format!("{how} in the middle of a TLS record")),
        }
    }
}

fn read_warning(bytes: &[u8]) -> Option<u8> {
    (bytes.len() >= 7 && bytes[0] == 21 && bytes[5] == 1).then_some(bytes[6])
}

fn not_tls(bytes: &[u8]) -> Answer {
    let head: String = bytes
        .iter()
        .take(24)
        .map(|&b| {
            if b.is_ascii_graphic() || b == b' ' {
                b as char
            } else {
                '.'
            }
        })
        .collect();
    Answer::NotTls(format!(
        "not a TLS answer (it begins `{}`)",
        head.trim_end()
    ))
}

fn server_hello(msg: &[u8], version: Version, offered: &[u16]) -> Answer {
    let malformed = || Answer::Malformed("a ServerHello cut short".to_owned());
    if msg.len() < 2 + 32 + 1 {
        return malformed();
    }
    let legacy = u16::from_be_bytes([msg[0], msg[1]]);
    let random = &msg[2..34];
    let sid_len = usize::from(msg[34]);
    let mut p = 35 + sid_len;
    if msg.len() < p + 3 {
        return malformed();
    }
    let suite = u16::from_be_bytes([msg[p], msg[p + 1]]);
    p += 3; // suite and compression method
    let mut selected = None;
    if msg.len() >= p + 2 {
        let ext_len = usize::from(u16::from_be_bytes([msg[p], msg[p + 1]]));
        p += 2;
        if msg.len() < p + ext_len {
            return malformed();
        }
        let mut e = &msg[p..p + ext_len];
        while e.len() >= 4 {
            let kind = u16::from_be_bytes([e[0], e[1]]);
            let len = usize::from(u16::from_be_bytes([e[2], e[3]]));
            if e.len() < 4 + len {
                return malformed();
            }
            if kind == 0x002b && len == 2 {
                selected = Some(u16::from_be_bytes([e[4], e[5]]));
            }
            e = &e[4 + len..];
        }
    }
    let negotiated = selected.unwrap_or(legacy);
    if negotiated != version.wire() {
        return Answer::OtherVersion(negotiated);
    }
    if !offered.contains(&suite) || suite == SCSV {
        return Answer::UnofferedSuite(suite);
    }
    Answer::Accepted {
        suite,
        retry_request: random == HELLO_RETRY_REQUEST,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rnd() -> HelloRandom {
        HelloRandom {
            random: [7; 32],
            session_id: [9; 32],
            key_share: [5; 32],
        }
    }

    /// A ServerHello record: version, suite, and optional extensions.
    fn server_hello_record(legacy: u16, suite: u16, ext: &[u8], random: [u8; 32]) -> Vec<u8> {
        let mut body = Vec::new();
        push_u16(&mut body, legacy);
        body.extend_from_slice(&random);
        push_vec(&mut body, 1, &[1; 32]);
        push_u16(&mut body, suite);
        body.push(0);
        if !ext.is_empty() {
            push_vec(&mut body, 2, ext);
        }
        let mut hs = vec![2u8];
        push_vec(&mut hs, 3, &body);
        let mut rec = vec![22u8, 3, 3];
        push_vec(&mut rec, 2, &hs);
        rec
    }

    #[test]
    fn hello_shapes() {
        for v in Version::ALL {
            for shape in [Shape::Full, Shape::Minimal] {
                let h = client_hello(v, shape, "seller.kooship.test", &rnd());
                assert_eq!(h[0], 22);
                let record_version = u16::from_be_bytes([h[1], h[2]]);
                assert_eq!(
                    record_version,
                    if v == Version::Ssl3 { 0x0300 } else { 0x0301 }
                );
                let len = usize::from(u16::from_be_bytes([h[3], h[4]]));
                assert_eq!(len, h.len() - 5, "{v:?} {shape:?}");
                assert_eq!(h[5], 1, "client_hello");
                let client_version = u16::from_be_bytes([h[9], h[10]]);
                assert_eq!(client_version, v.wire().min(0x0303));
                // The session ID is 32 bytes.
                assert_eq!(h[43], 32);
                // Out of the F5 range.
                assert!(!(256..512).contains(&len), "{v:?} {shape:?}: {len}");
                let sni = b"seller.kooship.test";
                let has_sni = h.windows(sni.len()).any(|w| w == sni);
                assert_eq!(has_sni, !(v == Version::Ssl3 && shape == Shape::Minimal));
                let has_sv = h.windows(5).any(|w| w == [0x00, 0x2b, 0x00, 0x03, 0x02]);
                assert_eq!(has_sv, v == Version::Tls1_3);
                // SCSV, never TLS_FALLBACK_SCSV.
                let suites = suites(v, shape);
                assert!(suites.contains(&0x00ff) && !suites.contains(&0x5600));
            }
        }
    }

    #[test]
    fn reads_server_hellos() {
        let offered = suites(Version::Tls1_2, Shape::Full);
        let ok = server_hello_record(0x0303, 0xc02f, &[], [0; 32]);
        assert_eq!(
            read_answer(&ok, Version::Tls1_2, &offered),
            Some(Answer::Accepted {
                suite: 0xc02f,
                retry_request: false
            })
        );
        // Split in two reads: more bytes needed first.
        assert_eq!(read_answer(&ok[..20], Version::Tls1_2, &offered), None);
        // A TLS 1.0 answer to a TLS 1.2 hello.
        let old = server_hello_record(0x0301, 0xc013, &[], [0; 32]);
        assert_eq!(
            read_answer(&old, Version::Tls1_2, &offered),
            Some(Answer::OtherVersion(0x0301))
        );
        // A suite that was not offered.
        let odd = server_hello_record(0x0303, 0x1301, &[], [0; 32]);
        assert_eq!(
            read_answer(&odd, Version::Tls1_2, &offered),
            Some(Answer::UnofferedSuite(0x1301))
        );
    }

    #[test]
    fn reads_tls13_through_supported_versions() {
        let offered = suites(Version::Tls1_3, Shape::Full);
        let sv = [0x00, 0x2b, 0x00, 0x02, 0x03, 0x04];
        let hello = server_hello_record(0x0303, 0x1301, &sv, [3; 32]);
        assert_eq!(
            read_answer(&hello, Version::Tls1_3, &offered),
            Some(Answer::Accepted {
                suite: 0x1301,
                retry_request: false
            })
        );
        let hrr = server_hello_record(0x0303, 0x1302, &sv, HELLO_RETRY_REQUEST);
        assert_eq!(
            read_answer(&hrr, Version::Tls1_3, &offered),
            Some(Answer::Accepted {
                suite: 0x1302,
                retry_request: true
            })
        );
        // Windows Server 2019 with 1.3 off: a 1.2 ServerHello to a 1.3 hello.
        let twelve = server_hello_record(0x0303, 0xc02f, &[], [3; 32]);
        assert_eq!(
            read_answer(&twelve, Version::Tls1_3, &offered),
            Some(Answer::OtherVersion(0x0303))
        );
    }

    #[test]
    fn reads_alerts_and_other_bytes() {
        let offered = suites(Version::Ssl3, Shape::Full);
        // OpenSSL 3 without SSL 3.0: handshake_failure in a 0x0300 record.
        let alert = [21, 3, 0, 0, 2, 2, 40];
        assert_eq!(
            read_answer(&alert, Version::Ssl3, &offered),
            Some(Answer::Alert {
                level: 2,
                description: 40
            })
        );
        // A warning, then the fatal alert.
        let both = [21, 3, 1, 0, 2, 1, 112, 21, 3, 1, 0, 2, 2, 70];
        assert_eq!(
            read_answer(&both, Version::Ssl3, &offered),
            Some(Answer::Alert {
                level: 2,
                description: 70
            })
        );
        // A warning alone, then the end.
        assert_eq!(read_answer(&both[..7], Version::Ssl3, &offered), None);
        assert_eq!(
            at_end(&both[..7], "closed"),
            Answer::Alert {
                level: 1,
                description: 112
            }
        );
        let http = b"HTTP/1.1 400 Bad Request\r\n";
        assert!(matches!(
            read_answer(http, Version::Tls1_2, &offered),
            Some(Answer::NotTls(m)) if m.contains("HTTP/1.1 400")
        ));
        assert_eq!(at_end(&[], "closed"), Answer::Closed("closed".to_owned()));
    }
}
