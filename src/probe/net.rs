//! Step 1: the URL, `--resolve` as curl has it, name resolution (with a timeout) and whether
//! a TCP connection opens at all.

use std::net::{IpAddr, SocketAddr, TcpStream, ToSocketAddrs};
use std::sync::mpsc;
use std::time::Duration;

use url::{Host, Url};

/// Every resolved address is probed (the probe contract), up to this many: a bound against a name
/// with hundreds of records, and the most the HTTP client takes.
pub const MAX_ADDRESSES: usize = 16;

/// The endpoint as the URL names it.
#[derive(Debug, Clone)]
pub struct Endpoint {
    /// The URL as written (what the report shows).
    pub url: String,
    /// The URL as the parser normalises it, without a fragment (what is requested).
    pub normalized: String,
    pub https: bool,
    /// The host as the URL parser reads it (lower case; IPv6 without brackets).
    pub host: String,
    /// Set when the host is an IP literal (PRB023).
    pub ip: Option<IpAddr>,
    /// The port, the scheme's default when the URL has none.
    pub port: u16,
    /// Whether the URL already has a query string (the signature joins it with `&`).
    pub has_query: bool,
}

impl Endpoint {
    /// Reads an `http://` or `https://` URL with a host.
    pub fn parse(raw: &str) -> Result<Endpoint, String> {
        let url = Url::parse(raw).map_err(|e| format!("`{raw}` is not an absolute URL: {e}"))?;
        let https = match url.scheme() {
            "https" => true,
            "http" => false,
            other => {
                return Err(format!(
                    "`{raw}` has the scheme `{other}`, not http or https"
                ));
            }
        };
        if !url.username().is_empty() || url.password().is_some() {
            return Err(
                "the URL carries a user name or password; remove it (`kooship lint` reports it as API004)"
                    .to_owned(),
            );
        }
        let (host, ip) = match url.host() {
            Some(Host::Domain(d)) => (d.to_owned(), None),
            Some(Host::Ipv4(a)) => (a.to_string(), Some(IpAddr::V4(a))),
            Some(Host::Ipv6(a)) => (a.to_string(), Some(IpAddr::V6(a))),
            None => return Err(format!("`{raw}` has no host")),
        };
        let port = url
            .port_or_known_default()
            .unwrap_or(if https { 443 } else { 80 });
        let mut normalized = url.clone();
        normalized.set_fragment(None);
        Ok(Endpoint {
            url: raw.to_owned(),
            normalized: normalized.to_string(),
            https,
            host,
            ip,
            port,
            has_query: url.query().is_some(),
        })
    }

    /// The URL to request: normalised, without a fragment (never sent), with the query
    /// parameters appended (`&` when the URL already has a query string).
    pub fn request_url(&self, query: &str) -> String {
        let sep = if self.has_query { '&' } else { '?' };
        format!("{}{sep}{query}", self.normalized)
    }

    /// The `Host` header: the host, with `:PORT` when it is not the scheme's default.
    pub fn host_header(&self) -> String {
        let default = if self.https { 443 } else { 80 };
        let host = match self.ip {
            Some(IpAddr::V6(_)) => format!("[{}]", self.host),
            _ => self.host.clone(),
        };
        if self.port == default {
            host
        } else {
            format!("{host}:{}", self.port)
        }
    }
}

/// One `--resolve HOST:PORT:ADDR[,ADDR…]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolveEntry {
    /// The host, lower case; `*` matches any host.
    pub host: String,
    pub port: u16,
    pub addrs: Vec<IpAddr>,
    /// As given, for the curl reproduction.
    pub text: String,
}

impl ResolveEntry {
    /// Parses curl's form: `HOST:PORT:ADDR[,ADDR]…`, IPv6 addresses in brackets, an
    /// optional leading `+` (curl's "time out this entry", meaningless for one run).
    pub fn parse(text: &str) -> Result<ResolveEntry, String> {
        let bad = |why: &str| {
            format!("--resolve `{text}`: {why} (the form is HOST:PORT:ADDRESS, as for curl)")
        };
        let s = text.strip_prefix('+').unwrap_or(text);
        if s.starts_with('-') {
            return Err(bad("removing an entry (`-HOST:PORT`) means nothing here"));
        }
        let (host, rest) = s.split_once(':').ok_or_else(|| bad("no port"))?;
        let (port, addrs) = rest.split_once(':').ok_or_else(|| bad("no address"))?;
        if host.is_empty() {
            return Err(bad("no host"));
        }
        let port: u16 = port
            .parse()
            .ok()
            .filter(|p| *p > 0)
            .ok_or_else(|| bad("the port is not a number from 1 to 65535"))?;
        let mut list = Vec::new();
        for a in addrs.split(',') {
            let a = a.trim();
            let bare = a
                .strip_prefix('[')
                .and_then(|x| x.strip_suffix(']'))
                .unwrap_or(a);
            let ip: IpAddr = bare
                .parse()
                .map_err(|_| bad(&format!("`{a}` is not an IP address")))?;
            list.push(ip);
        }
        Ok(ResolveEntry {
            host: host.to_ascii_lowercase(),
            port,
            addrs: list,
            text: text.to_owned(),
        })
    }

    pub fn matches(&self, host: &str, port: u16) -> bool {
        self.port == port && (self.host == "*" || self.host.eq_ignore_ascii_case(host))
    }
}

/// Where the host's name led.
#[derive(Debug, Clone)]
pub enum Resolved {
    /// The addresses (at most [`MAX_ADDRESSES`]), and the `--resolve` entry that gave them.
    Addrs(Vec<SocketAddr>, Option<ResolveEntry>),
    /// The name does not resolve (why).
    Unresolvable(String),
}

/// Resolves the endpoint's host: a matching `--resolve` entry first, as curl does, else the
/// system's resolver (which honours `/etc/hosts`), given at most `timeout`.
pub fn resolve(endpoint: &Endpoint, entries: &[ResolveEntry], timeout: Duration) -> Resolved {
    if let Some(e) = entries
        .iter()
        .find(|e| e.matches(&endpoint.host, endpoint.port))
    {
        let addrs = dedup(e.addrs.iter().map(|ip| SocketAddr::new(*ip, endpoint.port)));
        return Resolved::Addrs(addrs, Some(e.clone()));
    }
    if let Some(ip) = endpoint.ip {
        return Resolved::Addrs(vec![SocketAddr::new(ip, endpoint.port)], None);
    }
    let name = endpoint.host.trim_end_matches('.').to_ascii_lowercase();
    // RFC 6761 §6.4: resolvers should answer "no" for `.invalid` at once, without asking
    // any server (and the tests rely on it to send nothing off this machine).
    if name == "invalid" || name.ends_with(".invalid") {
        return Resolved::Unresolvable(format!(
            "`{}` is under `.invalid`, which never resolves (RFC 6761)",
            endpoint.host
        ));
    }
    let target = format!("{}:{}", endpoint.host, endpoint.port);
    let (tx, rx) = mpsc::channel();
    // getaddrinfo has no timeout of its own: it runs on a thread that is left behind if it
    // does not answer in time (the process ends soon after).
    let spawned = std::thread::Builder::new()
        .name("kooship-resolve".to_owned())
        .spawn(move || {
            let _ = tx.send(target.to_socket_addrs().map(|a| a.collect::<Vec<_>>()));
        });
    if let Err(e) = spawned {
        return Resolved::Unresolvable(format!("cannot start the resolver: {e}"));
    }
    match rx.recv_timeout(timeout) {
        Ok(Ok(addrs)) if !addrs.is_empty() => Resolved::Addrs(dedup(addrs), None),
        Ok(Ok(_)) => Resolved::Unresolvable(format!("`{}` has no address", endpoint.host)),
        Ok(Err(e)) => Resolved::Unresolvable(format!("`{}` does not resolve: {e}", endpoint.host)),
        Err(_) => Resolved::Unresolvable(format!(
            "`{}` did not resolve within {} ms",
            endpoint.host,
            timeout.as_millis()
        )),
    }
}

fn dedup(addrs: impl IntoIterator<Item = SocketAddr>) -> Vec<SocketAddr> {
    let mut out: Vec<SocketAddr> = Vec::new();
    for a in addrs {
        if !out.contains(&a) {
            out.push(a);
        }
        if out.len() == MAX_ADDRESSES {
            break;
        }
    }
    out
}

/// Whether a TCP connection to `addr` opens within `timeout` (`Err`: why not).
pub fn connect(addr: SocketAddr, timeout: Duration) -> Result<(), String> {
    match TcpStream::connect_timeout(&addr, timeout) {
        Ok(s) => {
            let _ = s.shutdown(std::net::Shutdown::Both);
            Ok(())
        }
        Err(e)
            if matches!(
                e.kind(),
                std::io::ErrorKind::TimedOut | std::io::ErrorKind::WouldBlock
            ) =>
        {
            Err(format!("no connection within {} ms", timeout.as_millis()))
        }
        Err(e) if e.kind() == std::io::ErrorKind::ConnectionRefused => {
            Err("the connection was refused".to_owned())
        }
        Err(e) => Err(format!("the connection failed: {e}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolve_entries() {
        let e = ResolveEntry::parse("seller.kooship.test:8443:127.0.0.1").unwrap();
        assert_eq!(e.host, "seller.kooship.test");
        assert_eq!(e.port, 8443);
        assert_eq!(e.addrs, vec!["127.0.0.1".parse::<IpAddr>().unwrap()]);
        let e = ResolveEntry::parse("+Example.ORG:443:[::1],127.0.0.2").unwrap();
        assert_eq!(e.host, "example.org");
        assert_eq!(e.addrs.len(), 2);
        assert!(e.matches("example.org", 443) && !e.matches("example.org", 80));
        for bad in [
            "x",
            "x:1",
            "x:0:127.0.0.1",
            ":1:127.0.0.1",
            "x:1:nope",
            "-x:1",
        ] {
            assert!(ResolveEntry::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn endpoints() {
        let e = Endpoint::parse("https://Seller.Kooship.TEST:8443/saas").unwrap();
        assert_eq!(e.host, "seller.kooship.test");
        assert_eq!(e.host_header(), "seller.kooship.test:8443");
        assert_eq!(
            e.request_url("signature=S&timestamp=T&nonce=N"),
            "https://seller.kooship.test:8443/saas?signature=S&timestamp=T&nonce=N"
        );
        let e = Endpoint::parse("https://a.example.org/x?t=1#f").unwrap();
        assert_eq!(e.host_header(), "a.example.org");
        assert_eq!(e.request_url("q=1"), "https://a.example.org/x?t=1&q=1");
        let e = Endpoint::parse("http://a.example.org:80/").unwrap();
        assert_eq!(
            (e.https, e.port, e.host_header().as_str()),
            (false, 80, "a.example.org")
        );
        assert!(
            Endpoint::parse("https://203.0.113.1/")
                .unwrap()
                .ip
                .is_some()
        );
        assert!(Endpoint::parse("ftp://a.example.org/").is_err());
        assert!(Endpoint::parse("https://u:p@a.example.org/").is_err());
        assert!(Endpoint::parse("no url").is_err());
    }

    #[test]
    fn invalid_names_do_not_leave_the_machine() {
        let e = Endpoint::parse("https://nowhere.invalid/x").unwrap();
        assert!(matches!(
            resolve(&e, &[], Duration::from_millis(100)),
            Resolved::Unresolvable(m) if m.contains("RFC 6761")
        ));
    }
}
