//! Writing files atomically: into a temporary file beside the target, then renamed into
//! place, so that a reader never sees a partial file and a failure leaves none behind.

use std::io::Write;
use std::path::Path;

/// Writes `bytes` to `path` atomically, replacing it when `replace`, else refusing an
/// existing file (`ErrorKind::AlreadyExists`).
pub fn write_atomic(path: &Path, bytes: &[u8], replace: bool) -> std::io::Result<()> {
    write(path, bytes, replace, None)
}

/// Replaces the file at `path` with `bytes` atomically, keeping its permissions (`lint
/// --fix` rewriting a manifest).
pub fn replace_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let permissions = std::fs::metadata(path).ok().map(|m| m.permissions());
    write(path, bytes, true, permissions)
}

fn write(
    path: &Path,
    bytes: &[u8],
    replace: bool,
    permissions: Option<std::fs::Permissions>,
) -> std::io::Result<()> {
    // Something that is not a file (`/dev/stdout`, a FIFO, a terminal, a device) is written
    // to, as a shell redirection would: renaming over it would destroy it, and a write error
    // (a full device) must surface.
    if let Ok(meta) = std::fs::metadata(path)
        && !meta.is_file()
        && !meta.is_dir()
    {
        if !replace {
            return Err(std::io::ErrorKind::AlreadyExists.into());
        }
        let mut target = std::fs::OpenOptions::new().write(true).open(path)?;
        target.write_all(bytes)?;
        return target.flush();
    }
    // A symbolic link to a file: the file it leads to is replaced, the link stays.
    let resolved;
    let path = if std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
        match std::fs::canonicalize(path) {
            Ok(p) => {
                resolved = p;
                resolved.as_path()
            }
            Err(_) => path,
        }
    } else {
        path
    };
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut tmp = match tempfile::Builder::new()
        .prefix(".kooship-")
        .suffix(".tmp")
        .tempfile_in(dir)
    {
        Ok(tmp) => tmp,
        // Say why in terms of the folder, not of the temporary file's random name: a missing
        // folder as the system says it, anything else (permissions, …) by its kind.
        Err(e) => {
            std::fs::metadata(dir)?;
            return Err(std::io::Error::new(
                e.kind(),
                format!("cannot create a file in `{}`: {}", dir.display(), e.kind()),
            ));
        }
    };
    tmp.write_all(bytes)?;
    if let Some(permissions) = permissions {
        tmp.as_file().set_permissions(permissions)?;
    } else {
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            // Temporary files are private; the result is an ordinary file.
            tmp.as_file()
                .set_permissions(std::fs::Permissions::from_mode(0o644))?;
        }
    }
    tmp.as_file().sync_all()?;
    if replace {
        tmp.persist(path).map_err(|e| e.error)?;
    } else {
        tmp.persist_noclobber(path).map_err(|e| e.error)?;
    }
    Ok(())
}
