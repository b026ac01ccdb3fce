//! `kooship probe`: the live endpoint (see `crate::probe`).

use std::io::{IsTerminal, Write};

use super::*;

pub(super) fn probe_command(args: ProbeArgs, color: ColorChoice) -> Result<u8, Fail> {
    use crate::probe::{self, secret};
    if args.key.is_some() {
        return Err(Fail(format!(
            "the access key is never an argument (it would stay in the shell history and the process list); put it in {} or a file named by --key-file",
            secret::KEY_ENV
        )));
    }
    let mut resolve = Vec::new();
    for text in &args.resolve {
        resolve.push(probe::net::ResolveEntry::parse(text).map_err(Fail)?);
    }
    let ca_file = match &args.ca_file {
        Some(path) => Some((
            probe::cert::read_ca_file(path).map_err(Fail)?,
            path.to_string_lossy().into_owned(),
        )),
        None => None,
    };
    let source = match &args.key_file {
        Some(path) => secret::KeySource::File(path),
        None => secret::KeySource::Env,
    };
    let (key, redactor) = match secret::read_key(source, args.key_base64).map_err(Fail)? {
        Some((key, redactor)) => (Some(key), redactor),
        None if args.key_base64 || args.key_file.is_some() => {
            return Err(Fail("--key-base64 needs a key".to_owned()));
        }
        None => (None, secret::Redactor::default()),
    };
    // From here on, nothing leaves the process without passing the redactor.
    redactor.install_panic_hook();
    // Test hook (debug builds only): a panic whose message holds the key, to show that the
    // panic hook redacts it.
    #[cfg(debug_assertions)]
    if std::env::var("KOOSHIP_TEST_FAULT").as_deref() == Ok("panic:probe")
        && let Some(k) = &key
    {
        panic!(
            "injected panic holding the key {}",
            String::from_utf8_lossy(k.key.bytes())
        );
    }
    let fail = |m: String| Fail(redactor.text(&m));
    let path = manifest_path(args.path.clone());
    let input = read_manifest(&path).map_err(|Fail(m)| fail(m))?;
    let options = probe::Options {
        url: args.url.clone(),
        resolve,
        ca_file,
        key,
        transport_only: args.transport_only,
        timeout: std::time::Duration::from_millis(args.timeout_ms),
        poll_interval: std::time::Duration::from_millis(args.poll_interval_ms),
        poll_limit: std::time::Duration::from_millis(args.poll_limit_ms),
        curl: args.curl,
        today: crate::clock::Date::today(),
    };
    let probed = probe::run(&input, &options).map_err(fail)?;
    if args.curl
        && let Some(data) = &probed.data
    {
        let mut text = String::new();
        for call in &data.calls {
            if let (probe::flow::Outcome::Fail | probe::flow::Outcome::Error, Some(curl)) =
                (call.outcome, &call.curl)
            {
                text.push_str(&format!(
                    "# {} {}{}: {} (the signature expires 60 s after it was made; run kooship probe --curl again for a fresh one)\n{curl}\n",
                    call.billing.unwrap_or("-"),
                    call.call,
                    call.scene.map(|s| format!(" {s}")).unwrap_or_default(),
                    call.outcome.as_str()
                ));
            }
        }
        if !text.is_empty() {
            let _ = std::io::stderr().write_all(&redactor.bytes(text.as_bytes()));
        }
    }
    let to_terminal = args.output.is_none() && std::io::stdout().is_terminal();
    let reporter = reporter(args.format, use_color(color, to_terminal), false);
    let mut buf = Vec::new();
    reporter.report_probe(&probed.report, probed.data.as_ref(), &mut buf)?;
    let buf = redactor.bytes(&buf);
    write_output(args.output.as_deref(), &buf).map_err(|Fail(m)| fail(m))?;
    Ok(exit_status(
        std::slice::from_ref(&probed.report),
        args.fail_on,
    ))
}
