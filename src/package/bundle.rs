//! The submission bundle: `OUT/<slug>-V<version>/` and `OUT/<slug>-V<version>.tar.gz`.
//!
//! - **Contents** ([`contents`]): `checklist.md`, `submission.json`, `pricing.csv`,
//!   `manifest.yaml`, `lint-report.json`, `files/…` (the logo and delivery template MAN008
//!   accepted, under their manifest-relative paths) and `SHA256SUMS` over all of them.
//! - **Reproducible** ([`archive`]): entries sorted by path, directories before their
//!   contents, every mtime `SOURCE_DATE_EPOCH` (else 0), uid/gid 0 without names, modes 0644
//!   and 0755; gzip at a fixed level, header without file name or time (OS byte 255).
//! - **Atomic** ([`write`]): everything is written into a temporary folder inside OUT
//!   (`.kooship-tmp-<pid>-<random>`) and renamed into place. A failure removes it; SIGINT,
//!   SIGTERM and SIGHUP remove it ([`remove_on_interrupt`]); a later run removes the folders
//!   of runs killed outright (SIGKILL). An existing bundle is replaced only with `force`,
//!   and then only once the new one is complete.

use std::collections::BTreeMap;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, PoisonError};

use sha2::{Digest, Sha256};

use super::{Prepared, checklist, pricing, submission};

/// The prefix of the temporary folders `package` makes inside OUT.
pub const TMP_PREFIX: &str = ".kooship-tmp-";

/// Largest file copied into the bundle (a logo is at most 5 MiB; a delivery template is an
/// office document or a PDF).
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// The files of a bundle: path inside the bundle folder → bytes.
pub type Files = BTreeMap<String, Vec<u8>>;

/// Every file of the bundle, `SHA256SUMS` included.
pub fn contents(p: &Prepared, manifest: &[u8]) -> Result<Files, String> {
    let mut files = Files::new();
    files.insert("checklist.md".to_owned(), checklist::render(p).into_bytes());
    let sub = submission::to_text(&submission::build(p))
        .map_err(|e| format!("cannot write submission.json: {e}"))?;
    files.insert("submission.json".to_owned(), sub.into_bytes());
    files.insert(
        "pricing.csv".to_owned(),
        pricing::csv(&pricing::rows(p)).into_bytes(),
    );
    files.insert("manifest.yaml".to_owned(), manifest.to_vec());
    files.insert("lint-report.json".to_owned(), lint_report(p)?);
    let mut pointers = vec!["/product/logo"];
    if p.delivery.service_supervision.enabled {
        pointers.push("/delivery/service_supervision/delivery_template");
    }
    for pointer in pointers {
        if let Some(f) = p.bundled_file(pointer) {
            let bytes = read_limited(&f.source).map_err(|e| {
                format!(
                    "cannot read `{}`: {e}",
                    f.bundle_path.trim_start_matches("files/")
                )
            })?;
            files.insert(f.bundle_path, bytes);
        }
    }
    let sums = sha256sums(&files);
    files.insert("SHA256SUMS".to_owned(), sums.into_bytes());
    Ok(files)
}

/// The `json` lint report, naming the bundled `manifest.yaml` as its file.
fn lint_report(p: &Prepared) -> Result<Vec<u8>, String> {
    let r = &p.linted.report;
    let report = crate::lint::FileReport {
        path: "manifest.yaml".to_owned(),
        source: r.source.clone(),
        findings: r.findings.clone(),
        suppressed: r.suppressed,
    };
    let mut bytes = serde_json::to_vec_pretty(&crate::report::json::document(
        std::slice::from_ref(&report),
    ))
    .map_err(|e| format!("cannot write lint-report.json: {e}"))?;
    bytes.push(b'\n');
    Ok(bytes)
}

fn read_limited(path: &Path) -> io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    std::fs::File::open(path)?
        .take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(io::Error::other(format!(
            "larger than {MAX_FILE_BYTES} bytes"
        )));
    }
    Ok(bytes)
}

/// Lower-case hex SHA-256.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// `sha256sum`-compatible lines for every file, sorted by path. A path holding a backslash
/// or a line break is escaped the way GNU `sha256sum` does (a leading `\`).
pub fn sha256sums(files: &Files) -> String {
    let mut s = String::new();
    for (path, bytes) in files {
        let hash = sha256_hex(bytes);
        if path.contains(['\\', '\n', '\r']) {
            let escaped = path
                .replace('\\', "\\\\")
                .replace('\n', "\\n")
                .replace('\r', "\\r");
            s.push_str(&format!("\\{hash}  {escaped}\n"));
        } else {
            s.push_str(&format!("{hash}  {path}\n"));
        }
    }
    s
}

/// The archive's timestamp: `SOURCE_DATE_EPOCH` (a non-negative integer) when set, else 0.
pub fn mtime() -> Result<u64, String> {
    crate::clock::check_source_date_epoch()?;
    Ok(crate::clock::source_date_epoch().map_or(0, |s| u64::try_from(s).unwrap_or(0)))
}

/// The `.tar.gz` of the bundle folder `name/`: byte-identical for the same files and `mtime`.
pub fn archive(name: &str, files: &Files, mtime: u64) -> io::Result<Vec<u8>> {
    // Every entry, folders included, by its path in the archive.
    let mut entries: BTreeMap<String, Option<&[u8]>> = BTreeMap::new();
    entries.insert(format!("{name}/"), None);
    for (path, bytes) in files {
        let mut dir = String::new();
        let parts: Vec<&str> = path.split('/').collect();
        for part in &parts[..parts.len().saturating_sub(1)] {
            dir.push_str(part);
            dir.push('/');
            entries.insert(format!("{name}/{dir}"), None);
        }
        entries.insert(format!("{name}/{path}"), Some(bytes));
    }
    let gz = flate2::GzBuilder::new()
        .mtime(0)
        .operating_system(255)
        .write(Vec::new(), flate2::Compression::new(9));
    let mut tar = tar::Builder::new(gz);
    for (path, data) in entries {
        let mut h = tar::Header::new_gnu();
        h.set_uid(0);
        h.set_gid(0);
        h.set_mtime(mtime);
        match data {
            None => {
                h.set_entry_type(tar::EntryType::Directory);
                h.set_mode(0o755);
                h.set_size(0);
                tar.append_data(&mut h, &path, io::empty())?;
            }
            Some(bytes) => {
                h.set_entry_type(tar::EntryType::Regular);
                h.set_mode(0o644);
                h.set_size(bytes.len() as u64);
                tar.append_data(&mut h, &path, bytes)?;
            }
        }
    }
    tar.into_inner()?.finish()
}

/// Why a bundle was not written.
#[derive(Debug)]
pub enum WriteError {
    /// The bundle folder or archive already exists (and `force` was not given).
    Exists(PathBuf),
    /// Anything else: the message says what.
    Io(String),
}

impl From<io::Error> for WriteError {
    fn from(e: io::Error) -> WriteError {
        WriteError::Io(e.to_string())
    }
}

/// What [`write`] wrote.
#[derive(Debug)]
pub struct Written {
    pub folder: PathBuf,
    pub archive: PathBuf,
    /// Temporary folders of earlier, killed runs that were removed.
    pub stale_removed: usize,
}

/// The temporary folder of the run in progress, for the interrupt handler. Every change to
/// the file system below OUT happens while this lock is held, so the handler never races it.
static ACTIVE: Mutex<Option<PathBuf>> = Mutex::new(None);

fn active() -> MutexGuard<'static, Option<PathBuf>> {
    ACTIVE.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Removes the temporary folder of a run in progress when the process receives SIGINT,
/// SIGTERM or SIGHUP, then exits with 128 + the signal's number. The signal is received on a
/// thread, which waits for the file-system step in progress to finish. (SIGKILL cannot be
/// caught: a later run removes what such a run left, see [`write`].)
pub fn remove_on_interrupt() -> io::Result<()> {
    #[cfg(unix)]
    {
        use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
        let mut signals = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP])?;
        std::thread::spawn(move || {
            if let Some(signal) = signals.forever().next() {
                let guard = active();
                if let Some(dir) = guard.as_ref() {
                    let _ = std::fs::remove_dir_all(dir);
                    eprintln!("kooship: interrupted; no bundle was written");
                }
                // Exit while holding the lock: nothing more is written.
                std::process::exit(128 + signal);
            }
        });
    }
    Ok(())
}

/// Test hooks (debug builds only): `KOOSHIP_TEST_FAULT=fail:STEP` fails the run at STEP,
/// `pause:STEP` stops there (up to a minute) so that a test can signal or kill the process.
/// Steps: `tmp-created`, `files-written`, `archive-written`.
fn fault(step: &str) -> io::Result<()> {
    #[cfg(debug_assertions)]
    if let Ok(spec) = std::env::var("KOOSHIP_TEST_FAULT") {
        if spec == format!("fail:{step}") {
            return Err(io::Error::other(format!("injected failure at {step}")));
        }
        if spec == format!("pause:{step}") {
            eprintln!("kooship: test pause at {step}");
            for _ in 0..600 {
                std::thread::sleep(std::time::Duration::from_millis(100));
            }
        }
    }
    let _ = step;
    Ok(())
}

/// Writes the bundle folder `OUT/name/` and `OUT/name.tar.gz`, atomically.
pub fn write(
    out: &Path,
    name: &str,
    files: &Files,
    archive: &[u8],
    force: bool,
) -> Result<Written, WriteError> {
    std::fs::create_dir_all(out)
        .map_err(|e| WriteError::Io(format!("cannot create `{}`: {e}", out.display())))?;
    let stale_removed = remove_stale(out);
    let folder = out.join(name);
    let tarball = out.join(format!("{name}.tar.gz"));
    if !force {
        refuse_existing(&folder, &tarball)?;
    }
    let tmp = {
        let mut guard = active();
        let dir = tempfile::Builder::new()
            .prefix(&format!("{TMP_PREFIX}{}-", std::process::id()))
            .tempdir_in(out)
            .map_err(|e| {
                WriteError::Io(format!(
                    "cannot create a temporary folder in `{}`: {e}",
                    out.display()
                ))
            })?
            .keep();
        *guard = Some(dir.clone());
        dir
    };
    let result = build_and_commit(&tmp, name, files, archive, &folder, &tarball, force);
    {
        let mut guard = active();
        let _ = std::fs::remove_dir_all(&tmp);
        *guard = None;
    }
    result.map(|()| Written {
        folder,
        archive: tarball,
        stale_removed,
    })
}

fn exists(p: &Path) -> bool {
    std::fs::symlink_metadata(p).is_ok()
}

fn refuse_existing(folder: &Path, tarball: &Path) -> Result<(), WriteError> {
    for p in [folder, tarball] {
        if exists(p) {
            return Err(WriteError::Exists(p.to_path_buf()));
        }
    }
    Ok(())
}

fn build_and_commit(
    tmp: &Path,
    name: &str,
    files: &Files,
    archive: &[u8],
    folder: &Path,
    tarball: &Path,
    force: bool,
) -> Result<(), WriteError> {
    fault("tmp-created")?;
    let new_folder = tmp.join(name);
    let new_tarball = tmp.join(format!("{name}.tar.gz"));
    step(|| make_dir(&new_folder))?;
    for (path, bytes) in files {
        let target = new_folder.join(path);
        step(|| {
            if let Some(parent) = target.parent() {
                make_dirs(&new_folder, parent)?;
            }
            write_file(&target, bytes)
        })?;
    }
    fault("files-written")?;
    step(|| write_file(&new_tarball, archive))?;
    fault("archive-written")?;

    // Commit: move any old bundle aside into the temporary folder (removed with it), then
    // the new one into place; undo on failure.
    let _guard = active();
    if !force {
        refuse_existing(folder, tarball)?;
    }
    let old_folder = tmp.join("old");
    let old_tarball = tmp.join("old.tar.gz");
    let moved_folder = exists(folder);
    if moved_folder {
        std::fs::rename(folder, &old_folder)?;
    }
    let moved_tarball = exists(tarball);
    if moved_tarball && let Err(e) = std::fs::rename(tarball, &old_tarball) {
        if moved_folder {
            let _ = std::fs::rename(&old_folder, folder);
        }
        return Err(e.into());
    }
    let undo = |placed_folder: bool| {
        if placed_folder {
            let _ = std::fs::rename(folder, &new_folder);
        }
        if moved_folder {
            let _ = std::fs::rename(&old_folder, folder);
        }
        if moved_tarball {
            let _ = std::fs::rename(&old_tarball, tarball);
        }
    };
    if let Err(e) = std::fs::rename(&new_folder, folder) {
        undo(false);
        return Err(e.into());
    }
    if let Err(e) = std::fs::rename(&new_tarball, tarball) {
        undo(true);
        return Err(e.into());
    }
    Ok(())
}

/// Runs one file-system step while holding the lock the interrupt handler takes.
fn step(f: impl FnOnce() -> io::Result<()>) -> io::Result<()> {
    let _guard = active();
    f()
}

fn make_dir(dir: &Path) -> io::Result<()> {
    std::fs::create_dir(dir)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o755))?;
    }
    Ok(())
}

/// Creates `dir` and its missing parents below `root` (which exists).
fn make_dirs(root: &Path, dir: &Path) -> io::Result<()> {
    if dir == root || dir.is_dir() {
        return Ok(());
    }
    if let Some(parent) = dir.parent() {
        make_dirs(root, parent)?;
    }
    make_dir(dir)
}

fn write_file(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut f = std::fs::File::create(path)?;
    f.write_all(bytes)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        f.set_permissions(std::fs::Permissions::from_mode(0o644))?;
    }
    f.sync_all()
}

/// Removes the temporary folders in OUT left by runs that no longer exist (killed outright);
/// returns how many. A folder whose run may still be going is left alone.
fn remove_stale(out: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(out) else {
        return 0;
    };
    let mut removed = 0;
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(rest) = name.to_str().and_then(|n| n.strip_prefix(TMP_PREFIX)) else {
            continue;
        };
        let Some(pid) = rest
            .split_once('-')
            .and_then(|(pid, _)| pid.parse::<u32>().ok())
        else {
            continue;
        };
        let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
        if !is_dir || pid == std::process::id() || running(pid, &entry.path()) {
            continue;
        }
        let _guard = active();
        if std::fs::remove_dir_all(entry.path()).is_ok() {
            removed += 1;
        }
    }
    removed
}

/// Whether the run that made a temporary folder may still be going: on Linux, whether its
/// process exists; elsewhere, whether the folder changed in the last hour.
fn running(pid: u32, dir: &Path) -> bool {
    if cfg!(target_os = "linux") {
        return Path::new("/proc").join(pid.to_string()).exists();
    }
    std::fs::metadata(dir)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.elapsed().ok())
        .is_none_or(|age| age < std::time::Duration::from_secs(3600))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files() -> Files {
        let mut f = Files::new();
        f.insert("b.txt".to_owned(), b"b\n".to_vec());
        f.insert("files/assets/logo.png".to_owned(), vec![0x89, b'P']);
        f.insert("a.txt".to_owned(), b"a\n".to_vec());
        f
    }

    #[test]
    fn sums_are_sorted_and_escaped() {
        let mut f = files();
        f.insert("odd\\name".to_owned(), Vec::new());
        let sums = sha256sums(&f);
        let lines: Vec<&str> = sums.lines().collect();
        assert!(lines[0].ends_with("  a.txt"));
        assert!(lines[1].ends_with("  b.txt"));
        assert!(lines[2].ends_with("  files/assets/logo.png"));
        assert_eq!(
            lines[3],
            "\\e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855  odd\\\\name"
        );
    }

    #[test]
    fn archive_is_deterministic_and_sorted() {
        let a = archive("p-V1.0.0", &files(), 0).unwrap();
        let b = archive("p-V1.0.0", &files(), 0).unwrap();
        assert_eq!(a, b);
        // gzip header: magic, deflate, no flags, mtime 0, OS 255.
        assert_eq!(&a[..10], &[0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 2, 255]);
        let mut t = tar::Archive::new(flate2::read::GzDecoder::new(&a[..]));
        let entries: Vec<(String, u32, u64, u64)> = t
            .entries()
            .unwrap()
            .map(|e| {
                let e = e.unwrap();
                let h = e.header();
                (
                    e.path().unwrap().to_string_lossy().into_owned(),
                    h.mode().unwrap(),
                    h.uid().unwrap(),
                    h.mtime().unwrap(),
                )
            })
            .collect();
        let paths: Vec<&str> = entries.iter().map(|e| e.0.as_str()).collect();
        assert_eq!(
            paths,
            [
                "p-V1.0.0/",
                "p-V1.0.0/a.txt",
                "p-V1.0.0/b.txt",
                "p-V1.0.0/files/",
                "p-V1.0.0/files/assets/",
                "p-V1.0.0/files/assets/logo.png"
            ]
        );
        assert!(entries.iter().all(|e| e.2 == 0 && e.3 == 0));
        assert_eq!(entries[0].1, 0o755);
        assert_eq!(entries[1].1, 0o644);
        let later = archive("p-V1.0.0", &files(), 1_795_651_200).unwrap();
        assert_ne!(a, later);
    }
}
