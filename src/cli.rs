//! The command line: argument parsing (clap) and dispatch to the stages. Exit status: 0 no
//! finding at or above `--fail-on`, 1 at least one, 2 the command could not run.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{CommandFactory, Parser, Subcommand, ValueEnum};
use rayon::prelude::*;

use crate::finding::Severity;
use crate::lint::{self, FileReport, Input};
use crate::model::Billing;
use crate::release::ReleaseOptions;
use crate::report::{self, Reporter};
use crate::rules;

const AFTER_HELP: &str = "\
Examples:
  kooship lint                          lint ./kooship.yaml
  kooship lint . --format concise       every kooship.yaml below this folder
  kooship explain API006                why TLS 1.0 must be off
  kooship rules                         every rule, its severity and whether it can be waived
  kooship init --billing pay_per_use    a commented starter manifest

Exit status: 0 no finding at or above --fail-on, 1 at least one, 2 the command could not run.";

const LINT_HELP: &str = "\
Examples:
  kooship lint                                   ./kooship.yaml
  kooship lint products/                         every kooship.yaml/.yml below, honouring .gitignore
  kooship lint --format sarif --output kooship.sarif .
  cat kooship.yaml | kooship lint - --stdin-filename svc/kooship.yaml
  kooship lint --fail-on warning";

#[derive(Debug, Parser)]
#[command(
    name = "kooship",
    version,
    about = "Lint, check and package SaaS product releases for Huawei Cloud KooGallery",
    after_help = AFTER_HELP
)]
pub struct Cli {
    /// When to colour the output (`NO_COLOR` and `FORCE_COLOR` are honoured under `auto`).
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true)]
    pub color: ColorChoice,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Human,
    Concise,
    Json,
    Sarif,
    Github,
    Junit,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    Human,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
    Info,
    Never,
}

impl FailOn {
    pub fn threshold(self) -> Option<Severity> {
        match self {
            FailOn::Error => Some(Severity::Error),
            FailOn::Warning => Some(Severity::Warning),
            FailOn::Info => Some(Severity::Info),
            FailOn::Never => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
#[value(rename_all = "snake_case")]
pub enum BillingArg {
    YearlyMonthly,
    OneTime,
    PayPerUse,
}

impl From<BillingArg> for Billing {
    fn from(b: BillingArg) -> Billing {
        match b {
            BillingArg::YearlyMonthly => Billing::YearlyMonthly,
            BillingArg::OneTime => Billing::OneTime,
            BillingArg::PayPerUse => Billing::PayPerUse,
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Lint manifests against KooGallery's release requirements.
    #[command(after_help = LINT_HELP)]
    Lint(LintArgs),
    /// Print the full text of one rule, by code or name.
    #[command(
        after_help = "Examples:\n  kooship explain EXT001\n  kooship explain too-many-extension-parameters"
    )]
    Explain {
        /// A rule code (`EXT001`) or name (`too-many-extension-parameters`).
        rule: String,
    },
    /// List every rule: code, name, default severity, waivable, summary.
    Rules,
    /// Print the manifest's JSON Schema (the bytes of schemas/kooship.schema.json).
    Schema,
    /// Write a commented starter kooship.yaml in the current folder.
    #[command(after_help = "Examples:\n  kooship init\n  kooship init --billing one_time --force")]
    Init {
        /// The billing mode of the starter specification.
        #[arg(long, value_enum, default_value_t = BillingArg::YearlyMonthly)]
        billing: BillingArg,
        /// Overwrite an existing kooship.yaml.
        #[arg(long)]
        force: bool,
    },
    /// Print the release checklist (Markdown) for one manifest.
    #[command(
        after_help = "In the order of the Seller Console's release form: the values to enter, the checks kooship\nmade ([x]), the steps left to you ([ ]). A manifest with errors prints them and exits 1.\n\nExamples:\n  kooship checklist\n  kooship checklist products/acme/kooship.yaml > CHECKLIST.md"
    )]
    Checklist {
        /// The manifest (default ./kooship.yaml).
        path: Option<PathBuf>,
        #[command(flatten)]
        release: ReleaseArgs,
    },
    /// Lint, and if nothing fails, write the submission bundle and its .tar.gz.
    #[command(
        after_help = "Writes OUT/<slug>-V<version>/ (checklist.md, submission.json, pricing.csv, manifest.yaml,\nlint-report.json, files/, SHA256SUMS) and OUT/<slug>-V<version>.tar.gz, byte-identical for the\nsame input (timestamps from SOURCE_DATE_EPOCH, else 0). Nothing is written when a finding is at\nor above --fail-on (exit 1) or the bundle exists without --force (exit 1).\n\nExamples:\n  kooship package\n  kooship package products/acme/kooship.yaml --out release/ --force"
    )]
    Package {
        /// The manifest (default ./kooship.yaml).
        path: Option<PathBuf>,
        /// Folder to write the bundle into (default `dist/` beside the manifest).
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// Replace an existing bundle of the same version.
        #[arg(long)]
        force: bool,
        /// Lowest severity that stops packaging (errors always do).
        #[arg(long, value_enum, default_value_t = PackageFailOn::Error)]
        fail_on: PackageFailOn,
        #[command(flatten)]
        release: ReleaseArgs,
    },
    /// After a release was submitted: record it in kooship.lock beside the manifest.
    #[command(
        after_help = "Lints first, against the existing lock if there is one: any error (REL errors included)\nrefuses with exit status 1 and leaves the lock untouched.\n\nExamples:\n  kooship record\n  kooship record products/acme/kooship.yaml"
    )]
    Record {
        /// The manifest (default ./kooship.yaml).
        path: Option<PathBuf>,
    },
    /// What changed since the release recorded in kooship.lock.
    #[command(
        after_help = "One line per changed field, `pointer: old → new`, specifications named by code;\nirreversible changes are marked. Exit status 0 whether or not anything changed, 2 without a lock.\n\nExamples:\n  kooship diff\n  kooship diff --format json"
    )]
    Diff {
        /// The manifest (default ./kooship.yaml).
        path: Option<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = DiffFormat::Human)]
        format: DiffFormat,
    },
    /// Check the live endpoint as KooGallery does: TLS versions, certificate, signed calls.
    #[command(after_help = PROBE_HELP)]
    Probe(ProbeArgs),
    /// Print a shell completion script.
    #[command(
        after_help = "Examples:\n  kooship completions bash > ~/.local/share/bash-completion/completions/kooship\n  kooship completions zsh > ~/.zfunc/_kooship"
    )]
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
}

const PROBE_HELP: &str = "\
The only command that touches the network. In order: resolve the host (PRB001, PRB023), connect
(PRB002), which of SSL 3.0-TLS 1.3 the server accepts (PRB003-PRB007), the certificate (PRB008,
PRB009), then with a key the signed calls of every billing mode in use and two negative checks
(PRB010-PRB021). At most 60 requests, one at a time; only testFlag \"1\" and mock order IDs.

The access key (the one bound to the basic interface in the Seller Console) is read from
KOOSHIP_ACCESS_KEY or --key-file, never from an argument, and is never printed.

Examples:
  KOOSHIP_ACCESS_KEY=... kooship probe
  kooship probe --transport-only
  kooship probe --url https://staging.example.com/saas --ca-file staging-ca.pem --key-file key.txt
  kooship probe --resolve api.example.com:443:192.0.2.10 --format json --output probe.json";

/// `kooship probe`'s options.
#[derive(Debug, clap::Args)]
pub struct ProbeArgs {
    /// The manifest (default ./kooship.yaml).
    pub path: Option<PathBuf>,
    /// Probe this URL instead of `production_api.url` (a staging server).
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,
    /// Connect to ADDR for HOST:PORT while the URL, Host, SNI and the certificate check keep
    /// HOST, as curl's --resolve (repeatable; ADDR may be a comma-separated list).
    #[arg(long, value_name = "HOST:PORT:ADDR")]
    pub resolve: Vec<String>,
    /// PEM certificates trusted in addition to the public roots (a staging CA).
    #[arg(long, value_name = "FILE")]
    pub ca_file: Option<PathBuf>,
    /// The access key as the file's first line (default: the KOOSHIP_ACCESS_KEY variable).
    #[arg(long, value_name = "FILE")]
    pub key_file: Option<PathBuf>,
    /// The key as shown is Base64 of the real key (the EU console's note): decode it first.
    #[arg(long)]
    pub key_base64: bool,
    /// DNS, TLS and certificate checks only; no interface call.
    #[arg(long)]
    pub transport_only: bool,
    /// Timeout per request and per socket operation, in milliseconds (KooGallery's: 5000).
    #[arg(long, value_name = "N", default_value_t = 5000, value_parser = clap::value_parser!(u64).range(1..=600_000))]
    pub timeout_ms: u64,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Write the report to FILE (atomically) instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Lowest severity that makes the exit status 1.
    #[arg(long, value_enum, default_value_t = FailOn::Error)]
    pub fail_on: FailOn,
    /// Print on standard error, for every failed call, a curl command that repeats it (the key
    /// is not in it; its signature expires after 60 s).
    #[arg(long)]
    pub curl: bool,
    /// The key is never an argument: refused with a message that does not repeat it.
    #[arg(long, hide = true, value_name = "KEY", num_args = 0..=1)]
    pub key: Option<Option<String>>,
    /// Milliseconds between queryInstance polls after 000004 (tests shorten it).
    #[arg(long, hide = true, default_value_t = 2000)]
    pub poll_interval_ms: u64,
    /// Milliseconds of polling before PRB021 (tests shorten it).
    #[arg(long, hide = true, default_value_t = 30_000)]
    pub poll_limit_ms: u64,
}

#[derive(Debug, clap::Args)]
pub struct LintArgs {
    /// Manifest files or folders (every kooship.yaml/.yml below, honouring .gitignore);
    /// `-` reads standard input. Default: ./kooship.yaml.
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Write the report to FILE (atomically) instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Lowest severity that makes the exit status 1.
    #[arg(long, value_enum, default_value_t = FailOn::Error)]
    pub fail_on: FailOn,
    /// Name to report for input read from `-`; file references resolve from its folder.
    #[arg(long, value_name = "NAME")]
    pub stdin_filename: Option<PathBuf>,
    /// Release history to compare against; default `kooship.lock` beside each manifest.
    #[arg(long, value_name = "FILE")]
    pub lock: Option<PathBuf>,
    /// Treat the manifest as a first release even when a lock exists.
    #[arg(long)]
    pub first_release: bool,
}

/// The release options `checklist` and `package` share with `lint`.
#[derive(Debug, Clone, clap::Args)]
pub struct ReleaseArgs {
    /// Release history to compare against; default `kooship.lock` beside the manifest.
    #[arg(long, value_name = "FILE")]
    pub lock: Option<PathBuf>,
    /// Treat the manifest as a first release even when a lock exists.
    #[arg(long)]
    pub first_release: bool,
}

impl ReleaseArgs {
    fn options(&self) -> Result<ReleaseOptions, Fail> {
        if let Some(lock) = &self.lock
            && std::fs::symlink_metadata(lock).is_err()
        {
            return Err(Fail(format!(
                "lock file `{}` does not exist",
                lock.display()
            )));
        }
        Ok(ReleaseOptions {
            lock: self.lock.clone(),
            first_release: self.first_release,
        })
    }
}

/// `package --fail-on`: errors always stop packaging.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PackageFailOn {
    Error,
    Warning,
    Info,
}

impl PackageFailOn {
    fn threshold(self) -> Severity {
        match self {
            PackageFailOn::Error => Severity::Error,
            PackageFailOn::Warning => Severity::Warning,
            PackageFailOn::Info => Severity::Info,
        }
    }
}

/// A failure that stops a command (exit status 2).
#[derive(Debug)]
pub struct Fail(pub String);

impl<T: std::fmt::Display> From<T> for Fail {
    fn from(e: T) -> Fail {
        Fail(e.to_string())
    }
}

/// Runs the command line and returns the exit status.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    match run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(Fail(message)) => {
            eprintln!("kooship: error: {message}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> Result<u8, Fail> {
    let color = cli.color;
    // One reading for every command (dates in lint settings and the lock, archive times): a
    // malformed value is refused rather than silently replaced by the clock.
    crate::clock::check_source_date_epoch().map_err(Fail)?;
    match cli.command {
        Command::Lint(args) => lint_command(args, color),
        Command::Explain { rule } => match rules::find(&rule) {
            Some(r) => {
                print_out(rules::docs::explain(r).as_bytes())?;
                Ok(0)
            }
            None => {
                let near: Vec<String> = rules::closest(&rule, 3)
                    .iter()
                    .map(|r| format!("{} ({})", r.code, r.name))
                    .collect();
                Err(Fail(format!(
                    "no rule `{rule}`; closest: {}. `kooship rules` lists every rule",
                    near.join(", ")
                )))
            }
        },
        Command::Rules => {
            print_out(rules::docs::table().as_bytes())?;
            Ok(0)
        }
        Command::Schema => {
            print_out(crate::schema::COMMITTED.as_bytes())?;
            Ok(0)
        }
        Command::Init { billing, force } => init_command(billing.into(), force),
        Command::Checklist { path, release } => {
            checklist_command(&manifest_path(path), &release, color)
        }
        Command::Package {
            path,
            out,
            force,
            fail_on,
            release,
        } => package_command(
            &manifest_path(path),
            out.as_deref(),
            force,
            fail_on,
            &release,
            color,
        ),
        Command::Record { path } => record_command(&manifest_path(path), color),
        Command::Diff { path, format } => diff_command(&manifest_path(path), format),
        Command::Probe(args) => probe_command(args, color),
        Command::Completions { shell } => {
            let mut buf = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "kooship", &mut buf);
            print_out(&buf)?;
            Ok(0)
        }
    }
}

/// Writes to standard output; a closed pipe (`kooship rules | head`) is not an error.
pub fn print_out(bytes: &[u8]) -> Result<(), Fail> {
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Fail(format!("cannot write to standard output: {e}"))),
    }
}

/// Whether to colour output written to a terminal's standard output.
pub fn use_color(choice: ColorChoice, to_terminal: bool) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            if std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()) {
                false
            } else if std::env::var_os("FORCE_COLOR").is_some_and(|v| !v.is_empty()) {
                true
            } else {
                to_terminal
            }
        }
    }
}

/// Below this many files, linting stays on one thread.
const PARALLEL_FROM: usize = 4;

fn lint_command(args: LintArgs, color: ColorChoice) -> Result<u8, Fail> {
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
    // Files are read and linted in parallel; the report keeps a deterministic order. A few
    // files are linted on this thread: starting the pool would cost more than it saves.
    let mut reports: Vec<FileReport> = if sources.len() <= PARALLEL_FROM {
        sources
            .into_iter()
            .map(|source| source.lint(&options))
            .collect::<Result<Vec<_>, Fail>>()?
    } else {
        sources
            .into_par_iter()
            .map(|source| source.lint(&options))
            .collect::<Result<Vec<_>, Fail>>()?
    };
    reports.sort_by(|a, b| a.path.cmp(&b.path));

    let to_terminal = args.output.is_none() && std::io::stdout().is_terminal();
    let reporter = reporter(args.format, use_color(color, to_terminal));
    let mut buf = Vec::new();
    reporter.report(&reports, &mut buf)?;
    match &args.output {
        Some(path) => crate::output::write_atomic(path, &buf, true)
            .map_err(|e| Fail(format!("cannot write `{}`: {e}", path.display())))?,
        None => print_out(&buf)?,
    }
    Ok(exit_status(&reports, args.fail_on))
}

/// The reporter of an output format.
fn reporter(format: Format, color: bool) -> Box<dyn Reporter> {
    match format {
        Format::Human => Box::new(report::human::Human::new(color)),
        Format::Concise => Box::new(report::concise::Concise),
        Format::Json => Box::new(report::json::Json),
        Format::Sarif => Box::new(report::sarif::Sarif),
        Format::Github => Box::new(report::github::Github),
        Format::Junit => Box::new(report::junit::Junit),
    }
}

/// 1 when any finding is at or above the threshold, else 0.
pub fn exit_status(reports: &[FileReport], fail_on: FailOn) -> u8 {
    let Some(threshold) = fail_on.threshold() else {
        return 0;
    };
    let failed = reports
        .iter()
        .flat_map(|r| r.findings.iter())
        .any(|f| f.severity >= threshold);
    u8::from(failed)
}

/// Something to lint: a file (read in parallel) or standard input (already read).
enum Source {
    File(PathBuf),
    Stdin(Input),
}

impl Source {
    fn lint(self, options: &lint::Options) -> Result<FileReport, Fail> {
        let input = match self {
            Source::File(path) => Input::read(&path)
                .map_err(|e| Fail(format!("cannot read `{}`: {e}", path.display())))?,
            Source::Stdin(input) => input,
        };
        Ok(lint::lint(&input, options))
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

fn init_command(billing: Billing, force: bool) -> Result<u8, Fail> {
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

/// `dir/name`, or just `name` in the current folder (for messages).
fn beside(dir: &Path, name: &str) -> PathBuf {
    if dir == Path::new(".") {
        PathBuf::from(name)
    } else {
        dir.join(name)
    }
}

fn manifest_path(path: Option<PathBuf>) -> PathBuf {
    path.unwrap_or_else(|| PathBuf::from("kooship.yaml"))
}

fn read_manifest(path: &Path) -> Result<Input, Fail> {
    if std::fs::metadata(path).is_ok_and(|m| m.is_dir()) {
        return Err(Fail(format!(
            "`{}` is a folder; give the manifest file",
            path.display()
        )));
    }
    Input::read(path).map_err(|e| Fail(format!("cannot read `{}`: {e}", path.display())))
}

fn record_command(path: &Path, color: ColorChoice) -> Result<u8, Fail> {
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

fn diff_command(path: &Path, format: DiffFormat) -> Result<u8, Fail> {
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

fn checklist_command(path: &Path, release: &ReleaseArgs, color: ColorChoice) -> Result<u8, Fail> {
    let Some((_, linted)) =
        lint_for_release(path, release, Severity::Error, color, "no checklist")?
    else {
        return Ok(1);
    };
    let prepared = crate::package::Prepared::new(&linted, &file_name(path))?;
    print_out(crate::package::checklist::render(&prepared).as_bytes())?;
    Ok(0)
}

fn package_command(
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

fn probe_command(args: ProbeArgs, color: ColorChoice) -> Result<u8, Fail> {
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
    let reporter = reporter(args.format, use_color(color, to_terminal));
    let mut buf = Vec::new();
    reporter.report_probe(&probed.report, probed.data.as_ref(), &mut buf)?;
    let buf = redactor.bytes(&buf);
    match &args.output {
        Some(path) => crate::output::write_atomic(path, &buf, true)
            .map_err(|e| fail(format!("cannot write `{}`: {e}", path.display())))?,
        None => print_out(&buf)?,
    }
    Ok(exit_status(
        std::slice::from_ref(&probed.report),
        args.fail_on,
    ))
}
