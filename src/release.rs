//! First release or later release: decided here, in one place.
//!
//! A manifest is a first release when no `kooship.lock` sits beside it (or `--lock` names
//! none), or when `--first-release` is given. A lock that exists but cannot be used still
//! makes it a later release (REL006 reports the lock).

use std::path::{Path, PathBuf};

use crate::history::{Lock, LockError};

/// The name of the release-history file beside a manifest.
pub const LOCK_FILE: &str = "kooship.lock";

/// Where the release history comes from, as the command line asked.
#[derive(Debug, Clone, Default)]
pub struct ReleaseOptions {
    /// `--lock FILE`.
    pub lock: Option<PathBuf>,
    /// `--first-release`.
    pub first_release: bool,
}

/// What the manifest is, for the rules.
#[derive(Debug, Clone)]
pub enum Release {
    /// No release history.
    First,
    /// A lock exists: the manifest is a later release.
    Later {
        /// The lock's path.
        path: PathBuf,
        /// The released manifest, or why the lock cannot be used (REL006).
        lock: Result<Lock, LockError>,
    },
}

impl Release {
    /// Decides for a manifest in `base_dir` (`None`: the current folder).
    pub fn detect(base_dir: Option<&Path>, options: &ReleaseOptions) -> Release {
        if options.first_release {
            return Release::First;
        }
        let (lock, beside) = match &options.lock {
            Some(p) => (p.clone(), false),
            None => (base_dir.unwrap_or(Path::new(".")).join(LOCK_FILE), true),
        };
        // A lock that is there but unreadable (a folder, no permission) still counts.
        if std::fs::symlink_metadata(&lock).is_err() {
            return Release::First;
        }
        // The lock beside the manifest is read only inside the manifest's folder, like the
        // files the manifest refers to.
        let escapes = beside
            && matches!(
                crate::files::resolve(base_dir.unwrap_or(Path::new(".")), LOCK_FILE),
                Err(crate::files::FileProblem::EscapesThroughSymlink)
            );
        let loaded = if escapes {
            Err(LockError(
                "leads outside the manifest's folder through a symbolic link".to_owned(),
            ))
        } else {
            Lock::load(&lock)
        };
        Release::Later {
            path: lock,
            lock: loaded,
        }
    }

    pub fn is_first(&self) -> bool {
        matches!(self, Release::First)
    }

    /// The released manifest, when there is a usable lock.
    pub fn released(&self) -> Option<&Lock> {
        match self {
            Release::Later { lock: Ok(lock), .. } => Some(lock),
            _ => None,
        }
    }
}
