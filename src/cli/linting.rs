//! `kooship lint`: inputs (files, folders, standard input), parallel linting, fixes
//! (`--fix`, `--unsafe-fixes`, `--diff`) and the report.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::fix::{self, Applicability};
use crate::lint::{self, FileReport, Input};
use crate::release::ReleaseOptions;
use crate::report::{self};

use super::*;

/// Below this many files, linting stays on one thread.
const PARALLEL_FROM: usize = 4;

pub(super) fn lint_command(args: LintArgs, color: ColorChoice) -> Result<u8, Fail> {
    if let Some(lock) = &args.lock
        && std::fs::symlink_metadata(lock).is_err()
    {
        return Err(Fail(format!(
            "lock file `{}` does not exist",
            lock.display()
        )));
    }
    let options = lint::Options {
        release: ReleaseOptions {
            lock: args.lock.clone(),
            first_release: args.first_release,
        },
        ..lint::Options::default()
    };
    let sources = collect_sources(&args)?;
    let fixing = (args.fix || args.diff).then_some(if args.unsafe_fixes {
        Applicability::Unsafe
    } else {
        Applicability::Safe
    });
    if args.fix && !args.diff && sources.iter().any(|s| matches!(s, Source::Stdin(_))) {
        return Err(Fail(
            "--fix cannot write standard input back; use --diff to see the fixes".to_owned(),
        ));
    }
    // Files are read and linted in parallel; the report keeps a deterministic order. A few
    // files are linted on this thread: starting the pool would cost more than it saves.
    let mut linted: Vec<Linted> = if sources.len() <= PARALLEL_FROM {
        sources
            .into_iter()
            .map(|source| source.lint(&options, fixing))
            .collect::<Result<Vec<_>, Fail>>()?
    } else {
        sources
            .into_par_iter()
            .map(|source| source.lint(&options, fixing))
            .collect::<Result<Vec<_>, Fail>>()?
    };
    linted.sort_by(|a, b| a.report.path.cmp(&b.report.path));

    if args.diff {
        return diff_fixes(&linted, args.output.as_deref());
    }
    if args.fix {
        write_fixes(&linted)?;
    }
    let reports: Vec<FileReport> = linted.into_iter().map(|l| l.report).collect();

    let to_terminal = args.output.is_none() && std::io::stdout().is_terminal();
    let reporter = reporter(
        args.format,
        use_color(color, to_terminal),
        args.unsafe_fixes,
    );
    let mut buf = Vec::new();
    reporter.report(&reports, &mut buf)?;
    write_output(args.output.as_deref(), &buf)?;
    if !args.fix && args.format == Format::Human {
        hint_fixes(&reports, args.unsafe_fixes);
    }
    Ok(exit_status(&reports, args.fail_on))
}

/// Something to lint: a file (read in parallel) or standard input (already read).
enum Source {
    File(PathBuf),
    Stdin(Input),
}

/// One manifest linted, and fixed in memory when fixes were asked for.
struct Linted {
    /// The file to write the fixes to (`None`: standard input).
    path: Option<PathBuf>,
    report: FileReport,
    fixed: Option<FixedText>,
}

/// What fixing changed in one manifest.
struct FixedText {
    before: Vec<u8>,
    after: Option<Vec<u8>>,
    applied: Vec<fix::apply::Applied>,
    reverted: Vec<fix::apply::Reverted>,
}

impl Source {
    fn lint(self, options: &lint::Options, fixing: Option<Applicability>) -> Result<Linted, Fail> {
        let (path, input) = match self {
            Source::File(path) => {
                let input = Input::read(&path)
                    .map_err(|e| Fail(format!("cannot read `{}`: {e}", path.display())))?;
                (Some(path), input)
            }
            Source::Stdin(input) => (None, input),
        };
        let Some(level) = fixing else {
            return Ok(Linted {
                path,
                report: lint::lint(&input, options),
                fixed: None,
            });
        };
        let outcome = fix::apply::fix(&input, options, level);
        Ok(Linted {
            path,
            report: outcome.report,
            fixed: Some(FixedText {
                before: outcome.before,
                after: outcome.after,
                applied: outcome.applied,
                reverted: outcome.reverted,
            }),
        })
    }
}

/// `--diff`: prints the fixes as a unified diff (to `--output` when given); exit status 1
/// when there is any.
fn diff_fixes(linted: &[Linted], output: Option<&Path>) -> Result<u8, Fail> {
    let mut text = String::new();
    let (mut fixes, mut files) = (0, 0);
    for l in linted {
        let Some(fixed) = &l.fixed else { continue };
        report_reverted(&l.report.path, &fixed.reverted);
        let Some(after) = &fixed.after else { continue };
        let strip = |b: &[u8]| {
            String::from_utf8_lossy(b.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(b)).into_owned()
        };
        text.push_str(&fix::diff::unified(
            &l.report.path,
            &strip(&fixed.before),
            &strip(after),
        ));
        fixes += fixed.applied.len();
        files += 1;
    }
    write_output(output, text.as_bytes())?;
    if fixes > 0 {
        eprintln!(
            "kooship: would fix {} in {}",
            report::counted(fixes, "finding"),
            report::counted(files, "file")
        );
    }
    Ok(u8::from(fixes > 0))
}

/// `--fix`: writes each fixed manifest in place, atomically, and says what was fixed.
fn write_fixes(linted: &[Linted]) -> Result<(), Fail> {
    for l in linted {
        let (Some(path), Some(fixed)) = (&l.path, &l.fixed) else {
            continue;
        };
        report_reverted(&l.report.path, &fixed.reverted);
        let Some(after) = &fixed.after else { continue };
        crate::output::replace_atomic(path, after)
            .map_err(|e| Fail(format!("cannot write `{}`: {e}", path.display())))?;
        let mut codes: Vec<&str> = fixed.applied.iter().map(|a| a.code).collect();
        codes.sort_unstable();
        codes.dedup();
        eprintln!(
            "kooship: fixed {} in {} ({})",
            report::counted(fixed.applied.len(), "finding"),
            l.report.path,
            codes.join(", ")
        );
    }
    Ok(())
}

/// Says on standard error which fixes were refused, and why.
fn report_reverted(path: &str, reverted: &[fix::apply::Reverted]) {
    for r in reverted {
        eprintln!(
            "kooship: warning: {path}: fix for {} at `{}` not applied ({}): {}",
            r.code, r.pointer, r.title, r.reason
        );
    }
}

/// After a human report: how many findings `--fix` would fix, and how many more
/// `--unsafe-fixes` would.
fn hint_fixes(reports: &[FileReport], unsafe_fixes: bool) {
    let findings = || reports.iter().flat_map(|r| r.findings.iter());
    let safe = findings()
        .filter(|f| report::fixable(f, unsafe_fixes))
        .count();
    let hidden = findings()
        .filter(|f| !report::fixable(f, unsafe_fixes) && report::fixable(f, true))
        .count();
    let option = if unsafe_fixes {
        "`kooship lint --fix --unsafe-fixes`"
    } else {
        "`kooship lint --fix`"
    };
    match (safe, hidden) {
        (0, 0) => {}
        (n, 0) => eprintln!(
            "kooship: [*] {} fixable with {option}",
            report::counted(n, "finding")
        ),
        (0, h) => eprintln!(
            "kooship: {} fixable with `kooship lint --fix --unsafe-fixes`",
            report::counted(h, "finding")
        ),
        (n, h) => eprintln!(
            "kooship: [*] {} fixable with {option} ({h} more with `--unsafe-fixes`)",
            report::counted(n, "finding")
        ),
    }
}

fn collect_sources(args: &LintArgs) -> Result<Vec<Source>, Fail> {
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from("kooship.yaml")]
    } else {
        args.paths.clone()
    };
    let mut files: Vec<PathBuf> = Vec::new();
    let mut sources = Vec::new();
    let mut stdin_read = false;
    for path in paths {
        if path == Path::new("-") {
            if !stdin_read {
                sources.push(Source::Stdin(read_stdin(args.stdin_filename.as_deref())?));
                stdin_read = true;
            }
            continue;
        }
        let meta = std::fs::metadata(&path)
            .map_err(|e| Fail(format!("cannot read `{}`: {e}", path.display())))?;
        if meta.is_dir() {
            let found = find_manifests(&path)?;
            if found.is_empty() {
                // Not an error (a folder may legitimately hold none yet), but never silent:
                // a mistyped folder would otherwise pass as "0 files" in CI.
                eprintln!(
                    "kooship: warning: no kooship.yaml or kooship.yml below `{}`",
                    path.display()
                );
            }
            files.extend(found);
        } else {
            files.push(path);
        }
    }
    files.sort();
    files.dedup();
    sources.extend(files.into_iter().map(Source::File));
    Ok(sources)
}

/// Every `kooship.yaml`/`kooship.yml` below `dir`, honouring `.gitignore` (also outside a
/// git repository), `.ignore` and the global git excludes. A manifest that is a symbolic
/// link is taken only when it leads to a regular file inside `dir`: a link to a FIFO or a
/// device would block, a link out of the folder would show another file in the report.
pub fn find_manifests(dir: &Path) -> Result<Vec<PathBuf>, Fail> {
    let root = std::fs::canonicalize(dir).ok();
    let inside = |path: &Path| {
        let target = std::fs::canonicalize(path).ok();
        let regular = std::fs::metadata(path).is_ok_and(|m| m.is_file());
        regular
            && matches!((&root, &target), (Some(root), Some(target)) if target.starts_with(root))
    };
    let mut found = Vec::new();
    let walker = ignore::WalkBuilder::new(dir)
        .hidden(false)
        .require_git(false)
        .filter_entry(|e| e.file_name() != ".git")
        .build();
    for entry in walker {
        let entry = entry.map_err(|e| Fail(format!("cannot read `{}`: {e}", dir.display())))?;
        let is_file = entry
            .file_type()
            .is_some_and(|t| t.is_file() || (t.is_symlink() && inside(entry.path())));
        let name = entry.file_name();
        if is_file && (name == "kooship.yaml" || name == "kooship.yml") {
            found.push(entry.into_path());
        }
    }
    found.sort();
    Ok(found)
}

fn read_stdin(name: Option<&Path>) -> Result<Input, Fail> {
    use std::io::Read;
    let mut bytes = Vec::new();
    std::io::stdin()
        .lock()
        .take(crate::load::MAX_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Fail(format!("cannot read standard input: {e}")))?;
    let (name, base_dir) = match name {
        Some(n) => (n.to_string_lossy().into_owned(), lint::parent_dir(n)),
        None => ("<stdin>".to_owned(), PathBuf::from(".")),
    };
    Ok(Input {
        name,
        bytes,
        base_dir,
    })
}
