//! Legacy TLS servers from the machine's `openssl s_server` (or, without it, Python's `ssl`),
//! on 127.0.0.1 with a certificate from the test CA, started and stopped by the test, as in
//! the recipe the project's TLS research tried on these machines. The probe's verdicts must match
//! what `openssl s_client` negotiates with each version. Skipped, with the reason printed,
//! only where neither OpenSSL nor Python exists.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use super::server::{HOST, Leaf, Pki};

/// Which versions a legacy server speaks.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    /// TLS 1.0 only (the recipe's server A).
    Tls10Only,
    /// TLS 1.1 only.
    Tls11Only,
    /// TLS 1.0–1.3 (server B).
    Tls10To13,
    /// TLS 1.2 and later, default security level (server C).
    Tls12Up,
}

struct Legacy {
    child: Child,
    port: u16,
    by: &'static str,
}

impl Drop for Legacy {
    fn drop(&mut self) {
        // Our own child, by its handle.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn have(program: &str, arg: &str) -> bool {
    Command::new(program)
        .arg(arg)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// Reads the child's standard output until `prefix` and returns the rest of that line.
fn wait_for(child: &mut Child, prefix: &str) -> Option<String> {
    let out = child.stdout.take()?;
    let (tx, rx) = std::sync::mpsc::channel();
    let prefix = prefix.to_owned();
    std::thread::spawn(move || {
        for line in BufReader::new(out).lines().map_while(Result::ok) {
            if let Some(rest) = line.strip_prefix(&prefix) {
                let _ = tx.send(rest.trim().to_owned());
                break;
            }
        }
    });
    rx.recv_timeout(Duration::from_secs(15)).ok()
}

impl Legacy {
    fn start(kind: Kind, leaf: &Leaf, ca: &Path) -> Result<Legacy, String> {
        if have("openssl", "version") {
            let mut cmd = Command::new("openssl");
            cmd.args(["s_server", "-accept", "127.0.0.1:0", "-www", "-cert"])
                .arg(&leaf.cert_file)
                .arg("-key")
                .arg(&leaf.key_file)
                .arg("-cert_chain")
                .arg(ca);
            match kind {
                Kind::Tls10Only => cmd.args(["-tls1", "-cipher", "DEFAULT:@SECLEVEL=0"]),
                Kind::Tls11Only => cmd.args(["-tls1_1", "-cipher", "DEFAULT:@SECLEVEL=0"]),
                Kind::Tls10To13 => {
                    cmd.args(["-min_protocol", "TLSv1", "-cipher", "DEFAULT:@SECLEVEL=0"])
                }
                Kind::Tls12Up => cmd.args(["-min_protocol", "TLSv1.2"]),
            };
            let mut child = cmd
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .stderr(Stdio::null())
                .spawn()
                .map_err(|e| format!("openssl s_server: {e}"))?;
            // OpenSSL 3 prints `ACCEPT 127.0.0.1:<port>` once it listens.
            let Some(addr) = wait_for(&mut child, "ACCEPT ") else {
                let _ = child.kill();
                let _ = child.wait();
                return Err("openssl s_server did not start".to_owned());
            };
            let port = addr
                .rsplit(':')
                .next()
                .and_then(|p| p.parse().ok())
                .ok_or("no port")?;
            return Ok(Legacy {
                child,
                port,
                by: "openssl s_server",
            });
        }
        if have("python3", "--version") {
            let (min, max, seclevel) = match kind {
                Kind::Tls10Only => ("TLSv1", "TLSv1", true),
                Kind::Tls11Only => ("TLSv1_1", "TLSv1_1", true),
                Kind::Tls10To13 => ("TLSv1", "TLSv1_3", true),
                Kind::Tls12Up => ("TLSv1_2", "TLSv1_3", false),
            };
            let script = format!(
                r#"
import socket, ssl, sys
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
ctx.load_cert_chain({cert:?}, {key:?})
ctx.minimum_version = ssl.TLSVersion.{min}
ctx.maximum_version = ssl.TLSVersion.{max}
if {seclevel}: ctx.set_ciphers("DEFAULT:@SECLEVEL=0")
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(8)
print("PORT", s.getsockname()[1], flush=True)
while True:
    c, _ = s.accept()
    try:
        t = ctx.wrap_socket(c, server_side=True); t.close()
    except Exception:
        c.close()
"#,
                cert = leaf.cert_file.to_string_lossy(),
                key = leaf.key_file.to_string_lossy(),
                seclevel = if seclevel { "True" } else { "False" },
            );
            let mut child = Command::new("python3")
                .args(["-c", &script])
                .stdout(Stdio::piped())
                .stderr(Stdio::null())
                .spawn()
                .map_err(|e| format!("python3: {e}"))?;
            let Some(port) = wait_for(&mut child, "PORT ").and_then(|p| p.parse().ok()) else {
                let _ = child.kill();
                let _ = child.wait();
                return Err("the Python TLS server did not start".to_owned());
            };
            return Ok(Legacy {
                child,
                port,
                by: "python3 ssl",
            });
        }
        Err("neither `openssl` nor `python3` is installed".to_owned())
    }
}

/// What `openssl s_client` negotiates offering only `flag`'s version: "accepted" when it
/// completes a handshake at that version, else "refused".
fn s_client(port: u16, flag: &str) -> &'static str {
    let mut cmd = Command::new("openssl");
    cmd.args([
        "s_client",
        "-connect",
        &format!("127.0.0.1:{port}"),
        "-servername",
        HOST,
        flag,
    ]);
    if flag != "-tls1_3" {
        cmd.args(["-cipher", "DEFAULT:@SECLEVEL=0"]);
    }
    let Ok(mut child) = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
    else {
        return "n/a";
    };
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(10) {
        if let Ok(Some(_)) = child.try_wait() {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let _ = child.kill();
    let out = child
        .wait_with_output()
        .map(|o| o.stdout)
        .unwrap_or_default();
    let text = String::from_utf8_lossy(&out);
    let want = match flag {
        "-tls1" => "TLSv1",
        "-tls1_1" => "TLSv1.1",
        "-tls1_2" => "TLSv1.2",
        _ => "TLSv1.3",
    };
    // The `Protocol  :` line (the `New, …` line shows the cipher's version, not the session's).
    let protocol = text.lines().find_map(|l| {
        l.trim()
            .strip_prefix("Protocol  :")
            .map(|p| p.trim().to_owned())
    });
    let cipher_none = text.contains("Cipher is (NONE)");
    // With TLS 1.3 the session block (and its `Protocol` line) is printed only once the
    // session ticket arrives, which may be after s_client saw the end of its input; the
    // `New, TLSv1.3, Cipher is …` line is then the session's version.
    let new_13 = want == "TLSv1.3" && text.contains("New, TLSv1.3, Cipher is ");
    if (protocol.as_deref() == Some(want) || new_13) && !cipher_none {
        "accepted"
    } else {
        "refused"
    }
}

#[test]
fn legacy_servers_match_openssl_s_client() {
    let pki = Pki::new();
    let leaf = pki.leaf();
    let mut table = Vec::new();
    for (kind, expect, findings) in [
        (
            Kind::Tls10Only,
            ["refused", "accepted", "refused", "refused", "refused"],
            &["PRB003", "PRB005", "PRB006"][..],
        ),
        (
            Kind::Tls11Only,
            ["refused", "refused", "accepted", "refused", "refused"],
            &["PRB004", "PRB005", "PRB006"],
        ),
        (
            Kind::Tls10To13,
            ["refused", "accepted", "accepted", "accepted", "accepted"],
            &["PRB003", "PRB004", "PRB006"],
        ),
        (
            Kind::Tls12Up,
            ["refused", "refused", "refused", "accepted", "accepted"],
            &[],
        ),
    ] {
        let server = match Legacy::start(kind, &leaf, &pki.ca_file) {
            Ok(s) => s,
            Err(why) => {
                println!("skipped legacy TLS servers: {why}");
                return;
            }
        };
        let manifest = super::server::manifest(
            pki.dir.path(),
            &format!("https://{HOST}:{}/saas", server.port),
            "[tls1_2, tls1_3]",
        );
        let resolve = format!("{HOST}:{}:127.0.0.1", server.port);
        let ca = pki.ca_file.to_string_lossy().into_owned();
        let run = super::kooship(
            &manifest,
            &[
                "--transport-only",
                "--resolve",
                &resolve,
                "--ca-file",
                &ca,
                "--timeout-ms",
                "3000",
                "--format",
                "json",
            ],
            None,
        );
        let j = run.json();
        let got: Vec<&str> = ["ssl3", "tls1_0", "tls1_1", "tls1_2", "tls1_3"]
            .iter()
            .map(|v| j["probe"]["tls"][v].as_str().unwrap_or("null"))
            .collect();
        assert_eq!(got, expect, "{kind:?} ({})", server.by);
        let mut rules = run.rules();
        rules.retain(|r| r != "PRB008" && r != "PRB009");
        assert_eq!(rules, findings, "{kind:?}: {}", run.stdout);
        if matches!(kind, Kind::Tls10To13 | Kind::Tls12Up) {
            assert_eq!(j["probe"]["certificate"]["trust"], "ca-file", "{kind:?}");
        }
        if have("openssl", "version") {
            for (i, flag) in ["-tls1", "-tls1_1", "-tls1_2", "-tls1_3"]
                .iter()
                .enumerate()
            {
                let theirs = s_client(server.port, flag);
                table.push(format!(
                    "{kind:?} ({}) {flag}: kooship {}, openssl s_client {theirs}",
                    server.by,
                    got[i + 1]
                ));
                assert_eq!(got[i + 1], theirs, "{kind:?} {flag}");
            }
        }
    }
    for line in table {
        println!("{line}");
    }
}
