//! File references (logo, delivery template): resolved against the manifest's folder and
//! confined to it. Nothing outside that folder is ever read, even through a symlink.

use std::path::{Component, Path, PathBuf};

/// A file the manifest refers to.
#[derive(Debug, Clone)]
pub struct FileRef {
    /// Where the manifest names it (`/product/logo`).
    pub pointer: &'static str,
    /// The path as written.
    pub path: String,
    /// The file's canonical path when it is a regular file inside the manifest's folder.
    pub resolved: Result<PathBuf, FileProblem>,
}

/// Why a reference cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileProblem {
    Empty,
    Absolute,
    Escapes,
    EscapesThroughSymlink,
    Missing,
    NotRegular,
}

impl FileProblem {
    pub fn message(&self, path: &str) -> String {
        match self {
            FileProblem::Empty => "the file path is empty".to_owned(),
            FileProblem::Absolute => format!(
                "`{path}` is an absolute path; file references are relative to the manifest's folder"
            ),
            FileProblem::Escapes => format!("`{path}` leaves the manifest's folder"),
            FileProblem::EscapesThroughSymlink => {
                format!("`{path}` leads outside the manifest's folder through a symbolic link")
            }
            FileProblem::Missing => format!("`{path}` does not exist"),
            FileProblem::NotRegular => format!("`{path}` is not a regular file"),
        }
    }

    pub fn help(&self) -> &'static str {
        match self {
            FileProblem::Empty => {
                "give the file's path relative to the manifest, e.g. `assets/logo.png`"
            }
            FileProblem::Absolute | FileProblem::Escapes | FileProblem::EscapesThroughSymlink => {
                "copy the file into the manifest's folder and refer to it by a relative path"
            }
            FileProblem::Missing => {
                "add the file, or correct the path (it is relative to the manifest's folder)"
            }
            FileProblem::NotRegular => "point at a file, not a folder or a device",
        }
    }
}

/// Resolves every reference against `base_dir`.
pub fn resolve_all(refs: Vec<(&'static str, String)>, base_dir: &Path) -> Vec<FileRef> {
    refs.into_iter()
        .map(|(pointer, path)| {
            let resolved = resolve(base_dir, &path);
            FileRef {
                pointer,
                path,
                resolved,
            }
        })
        .collect()
}

/// Resolves one relative path inside `base_dir`.
pub fn resolve(base_dir: &Path, path: &str) -> Result<PathBuf, FileProblem> {
    if path.trim().is_empty() {
        return Err(FileProblem::Empty);
    }
    let p = Path::new(path);
    let looks_absolute = p.is_absolute()
        || path.starts_with(['/', '\\'])
        || (path.len() >= 2
            && path.as_bytes()[1] == b':'
            && path.as_bytes()[0].is_ascii_alphabetic());
    if looks_absolute
        || p.components()
            .any(|c| matches!(c, Component::Prefix(_) | Component::RootDir))
    {
        return Err(FileProblem::Absolute);
    }
    let mut depth: i64 = 0;
    for part in path.split(['/', '\\']) {
        match part {
            "" | "." => {}
            ".." => {
                depth -= 1;
                if depth < 0 {
                    return Err(FileProblem::Escapes);
                }
            }
            _ => depth += 1,
        }
    }
    let joined = base_dir.join(p);
    // Without a symbolic link on the way below the folder, the lexical check above is
    // enough; only a path through a link needs resolving (a few system calls per file
    // instead of a `realpath` of every ancestor).
    let mut at = base_dir.to_path_buf();
    let mut through_link = false;
    for component in p.components() {
        match component {
            Component::Normal(part) => {
                at.push(part);
                match std::fs::symlink_metadata(&at) {
                    Ok(m) if m.file_type().is_symlink() => {
                        through_link = true;
                        break;
                    }
                    Ok(_) => {}
                    Err(_) => return Err(FileProblem::Missing),
                }
            }
            Component::ParentDir => {
                at.pop();
            }
            _ => {}
        }
    }
    if !through_link {
        return match std::fs::metadata(&at) {
            Ok(m) if m.is_file() => Ok(at),
            Ok(_) => Err(FileProblem::NotRegular),
            Err(_) => Err(FileProblem::Missing),
        };
    }
    let base = std::fs::canonicalize(base_dir).map_err(|_| FileProblem::Missing)?;
    let Ok(full) = std::fs::canonicalize(&joined) else {
        // A dangling symlink: whatever it pointed at, it is not a file here.
        return Err(FileProblem::Missing);
    };
    if !full.starts_with(&base) {
        return Err(FileProblem::EscapesThroughSymlink);
    }
    match std::fs::metadata(&full) {
        Ok(m) if m.is_file() => Ok(full),
        Ok(_) => Err(FileProblem::NotRegular),
        Err(_) => Err(FileProblem::Missing),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lexical_checks() {
        let base = std::env::temp_dir();
        assert_eq!(resolve(&base, "/etc/passwd"), Err(FileProblem::Absolute));
        assert_eq!(resolve(&base, "C:\\x.png"), Err(FileProblem::Absolute));
        assert_eq!(resolve(&base, "../x.png"), Err(FileProblem::Escapes));
        assert_eq!(resolve(&base, "a/../../x.png"), Err(FileProblem::Escapes));
        assert_eq!(resolve(&base, ""), Err(FileProblem::Empty));
        assert_eq!(
            resolve(&base, "no-such-file-kooship.png"),
            Err(FileProblem::Missing)
        );
    }
}
