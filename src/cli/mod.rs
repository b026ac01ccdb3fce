//! The command line: argument parsing (clap) and dispatch to the stages. Exit status: 0 no
//! finding at or above `--fail-on`, 1 at least one, 2 the command could not run.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{CommandFactory, Parser, Subcommand, ValueEnum};

use crate::finding::Severity;
use crate::lint::{FileReport, Input};
use crate::model::Billing;
use crate::release::ReleaseOptions;
use crate::report::{self, Reporter};
use crate::rules;

mod linting;
mod probe;
mod release;

pub use linting::find_manifests;
use linting::lint_command;
use probe::probe_command;
use release::{checklist_command, diff_command, init_command, package_command, record_command};

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
  kooship lint --fail-on warning
  kooship lint --fix                             apply the safe fixes, then report what remains
  kooship lint --diff --unsafe-fixes             show every fix as a diff, write nothing";

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
    /// Serve the Language Server Protocol on standard input/output (for editors).
    #[command(
        after_help = "Diagnostics for kooship.yaml/kooship.yml as you type, rule documentation on hover, quick\nfixes and source.fixAll.kooship. Editors start it themselves: see the README for VS Code,\nNeovim and Helix.\n\nExit status: 0 after the client's shutdown and exit, 1 when it went away without them."
    )]
    Server,
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
    /// Apply the Safe fixes to the files in place (atomically), then report what remains.
    #[arg(long)]
    pub fix: bool,
    /// With --fix (or --diff), also apply the Unsafe fixes.
    #[arg(long)]
    pub unsafe_fixes: bool,
    /// Print the fixes as a unified diff instead of writing them (exit 1 when there is any).
    #[arg(long)]
    pub diff: bool,
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
        Command::Server => Ok(crate::server::main()),
        Command::Completions { shell } => {
            let mut buf = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "kooship", &mut buf);
            print_out(&buf)?;
            Ok(0)
        }
    }
}

/// Writes to standard output; a closed pipe (`kooship rules | head`) is not an error.
/// Writes a report to `output` (atomically), or to standard output when there is none.
pub fn write_output(output: Option<&Path>, bytes: &[u8]) -> Result<(), Fail> {
    match output {
        Some(path) => crate::output::write_atomic(path, bytes, true)
            .map_err(|e| Fail(format!("cannot write `{}`: {e}", path.display()))),
        None => print_out(bytes),
    }
}

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

/// The reporter of an output format.
/// The reporter for a format; `unsafe_fixes` marks the Unsafe fixes `[*]` too (`lint
/// --unsafe-fixes`).
fn reporter(format: Format, color: bool, unsafe_fixes: bool) -> Box<dyn Reporter> {
    match format {
        Format::Human => Box::new(report::human::Human::new(color).unsafe_fixes(unsafe_fixes)),
        Format::Concise => Box::new(report::concise::Concise { unsafe_fixes }),
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
