//! The release commands: `init`, `record`, `diff`, `checklist` and `package`.

use std::io::{IsTerminal, Write};
use std::path::Path;

use crate::finding::Severity;
use crate::lint::{self, Input};
use crate::model::Billing;
use crate::report::{self, Reporter};

use super::*;

pub(super) fn init_command(billing: Billing, force: bool) -> Result<u8, Fail> {
    let path = Path::new("kooship.yaml");
    let text = crate::init::starter(billing);
    match crate::output::write_atomic(path, text.as_bytes(), force) {
        Ok(()) => {
            eprintln!(
                "wrote kooship.yaml ({} billing); `kooship lint` lists the values to fill in",
                billing.as_str()
            );
            Ok(0)
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            eprintln!("kooship: kooship.yaml already exists; use --force to overwrite it");
            Ok(1)
        }
        Err(e) => Err(Fail(format!("cannot write kooship.yaml: {e}"))),
    }
}

pub(super) fn record_command(path: &Path, color: ColorChoice) -> Result<u8, Fail> {
    let input = read_manifest(path)?;
    let options = lint::Options::default();
    let linted = lint::lint_full(&input, &options);
    let errors = linted.report.errors();
    let lock_path = beside(&input.base_dir, crate::release::LOCK_FILE);
    let Some(value) = linted.value.as_ref().filter(|_| errors == 0) else {
        let human = report::human::Human::new(use_color(color, std::io::stdout().is_terminal()));
        let mut buf = Vec::new();
        human.report(std::slice::from_ref(&linted.report), &mut buf)?;
        print_out(&buf)?;
        eprintln!(
            "kooship: not recorded: the manifest has {errors} error(s); `{}` is unchanged",
            lock_path.display()
        );
        return Ok(1);
    };
    let lock = crate::history::Lock::record(value, options.today);
    crate::output::write_atomic(&lock_path, lock.to_text().as_bytes(), true)
        .map_err(|e| Fail(format!("cannot write `{}`: {e}", lock_path.display())))?;
    eprintln!(
        "recorded {} V{} in {}",
        lock.product,
        lock.version,
        lock_path.display()
    );
    Ok(0)
}

pub(super) fn diff_command(path: &Path, format: DiffFormat) -> Result<u8, Fail> {
    let input = read_manifest(path)?;
    let lock_path = beside(&input.base_dir, crate::release::LOCK_FILE);
    if std::fs::symlink_metadata(&lock_path).is_err() {
        return Err(Fail(format!(
            "no release recorded: `{}` does not exist (run `kooship record` after a release)",
            lock_path.display()
        )));
    }
    let lock = crate::history::Lock::load(&lock_path)
        .map_err(|e| Fail(format!("`{}` {}", lock_path.display(), e.0)))?;
    let loaded = crate::load::load(&input.bytes);
    let value = loaded.document.map_err(|e| {
        let message = match e {
            crate::load::Fatal::Syntax { message, .. }
            | crate::load::Fatal::Limit { message, .. } => message,
        };
        Fail(format!(
            "`{}` cannot be read as a manifest: {message} (run `kooship lint`)",
            path.display()
        ))
    })?;
    let changes = crate::history::diff::diff(&lock.manifest, &value.value);
    let text = match format {
        DiffFormat::Json => {
            let mut s = serde_json::to_string_pretty(&changes)?;
            s.push('\n');
            s
        }
        DiffFormat::Human => {
            let now = value
                .value
                .pointer("/product/version")
                .and_then(serde_json::Value::as_str)
                .unwrap_or("?");
            let mut s = format!(
                "{} against {} (V{}, recorded {})\n",
                input.name,
                lock_path.display(),
                lock.version,
                lock.recorded
            );
            if changes.is_empty() {
                s.push_str("no changes since the release\n");
            } else {
                s.push_str(&crate::history::diff::render(&changes));
            }
            let bumped = match (
                semver::Version::parse(now),
                semver::Version::parse(&lock.version),
            ) {
                (Ok(n), Ok(o)) if n > o => "bumped",
                _ => "not bumped",
            };
            s.push_str(&format!("version: {} → {now} ({bumped})\n", lock.version));
            let irreversible = changes.iter().filter(|c| c.irreversible).count();
            if irreversible > 0 {
                s.push_str(&format!(
                    "{irreversible} irreversible change(s): KooGallery will refuse the modification request\n"
                ));
            }
            s
        }
    };
    print_out(text.as_bytes())?;
    Ok(0)
}

/// Lints one manifest for `checklist` or `package`; on findings at or above `threshold`,
/// prints the report to standard error and returns `None`.
fn lint_for_release(
    path: &Path,
    release: &ReleaseArgs,
    threshold: Severity,
    color: ColorChoice,
    refused: &str,
) -> Result<Option<(Input, lint::Linted)>, Fail> {
    let options = lint::Options {
        release: release.options()?,
        ..lint::Options::default()
    };
    let input = read_manifest(path)?;
    let linted = lint::lint_full(&input, &options);
    let failing: Vec<_> = linted
        .report
        .findings
        .iter()
        .filter(|f| f.severity >= threshold)
        .collect();
    if failing.is_empty() {
        return Ok(Some((input, linted)));
    }
    let errors = failing
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    let human = report::human::Human::new(use_color(color, std::io::stderr().is_terminal()));
    let mut buf = Vec::new();
    human.report(std::slice::from_ref(&linted.report), &mut buf)?;
    let _ = std::io::stderr().write_all(&buf);
    let what = if errors == failing.len() {
        format!("{errors} error(s)")
    } else {
        format!("{} finding(s) at or above {threshold}", failing.len())
    };
    eprintln!("kooship: {refused}: the manifest has {what}");
    Ok(None)
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "kooship.yaml".to_owned())
}

pub(super) fn checklist_command(
    path: &Path,
    release: &ReleaseArgs,
    color: ColorChoice,
) -> Result<u8, Fail> {
    let Some((_, linted)) =
        lint_for_release(path, release, Severity::Error, color, "no checklist")?
    else {
        return Ok(1);
    };
    let prepared = crate::package::Prepared::new(&linted, &file_name(path))?;
    print_out(crate::package::checklist::render(&prepared).as_bytes())?;
    Ok(0)
}

pub(super) fn package_command(
    path: &Path,
    out: Option<&Path>,
    force: bool,
    fail_on: PackageFailOn,
    release: &ReleaseArgs,
    color: ColorChoice,
) -> Result<u8, Fail> {
    use crate::package::bundle;
    let Some((input, linted)) =
        lint_for_release(path, release, fail_on.threshold(), color, "not packaged")?
    else {
        return Ok(1);
    };
    let prepared = crate::package::Prepared::new(&linted, &file_name(path))?;
    let out = match out {
        Some(dir) => dir.to_path_buf(),
        None => beside(&input.base_dir, "dist"),
    };
    let name = prepared.bundle_name();
    let mtime = bundle::mtime()?;
    let files = bundle::contents(&prepared, &input.bytes)?;
    let archive = bundle::archive(&name, &files, mtime)
        .map_err(|e| Fail(format!("cannot build the archive: {e}")))?;
    bundle::remove_on_interrupt().map_err(|e| Fail(format!("cannot watch for interrupts: {e}")))?;
    match bundle::write(&out, &name, &files, &archive, force) {
        Ok(written) => {
            if written.stale_removed > 0 {
                eprintln!(
                    "kooship: removed {} temporary folder(s) left in `{}` by an interrupted run",
                    written.stale_removed,
                    out.display()
                );
            }
            eprintln!(
                "packaged {} {} in {} and {}",
                prepared.product.name,
                prepared.listed_version(),
                written.folder.display(),
                written.archive.display()
            );
            Ok(0)
        }
        Err(bundle::WriteError::Exists(p)) => {
            eprintln!(
                "kooship: not packaged: `{}` already exists; use --force to replace it",
                p.display()
            );
            Ok(1)
        }
        Err(bundle::WriteError::Io(e)) => Err(Fail(format!(
            "cannot write the bundle in `{}`: {e}; nothing was written",
            out.display()
        ))),
    }
}
