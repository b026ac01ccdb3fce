//! The command line: argument parsing (clap) and dispatch to the stages. Exit status: 0 no
//! finding at or above `--fail-on`, 1 at least one, 2 the command could not run.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::finding::Severity;
use crate::lint::{self, FileReport, Input};
use crate::release::ReleaseOptions;
use crate::report::{self, Reporter};
use crate::rules;

const AFTER_HELP: &str = "\
Examples:
  kooship lint                          lint ./kooship.yaml
  kooship lint examples/ --format concise
  kooship explain API006                why TLS 1.0 must be off
  kooship rules                         every rule, its severity and whether it can be waived

Exit status: 0 no finding at or above --fail-on, 1 at least one, 2 the command could not run.";

#[derive(Debug, Parser)]
#[command(
    name = "kooship",
    version,
    about = "Lint, check and package SaaS product releases for Huawei Cloud KooGallery",
    after_help = AFTER_HELP
)]
pub struct Cli {
    /// When to colour the output.
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
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
    Info,
    Never,
}

impl FailOn {
    fn threshold(self) -> Option<Severity> {
        match self {
            FailOn::Error => Some(Severity::Error),
            FailOn::Warning => Some(Severity::Warning),
            FailOn::Info => Some(Severity::Info),
            FailOn::Never => None,
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Lint manifests against KooGallery's release requirements.
    #[command(
        after_help = "Examples:\n  kooship lint\n  kooship lint path/to/kooship.yaml --format json\n  kooship lint --fail-on warning"
    )]
    Lint(LintArgs),
    /// Print the full text of one rule, by code or name.
    Explain {
        /// A rule code (`EXT001`) or name (`too-many-extension-parameters`).
        rule: String,
    },
    /// List every rule: code, name, default severity, waivable, summary.
    Rules,
    /// Print the manifest's JSON Schema.
    Schema,
}

#[derive(Debug, clap::Args)]
pub struct LintArgs {
    /// Manifest files; `-` reads standard input. Default: ./kooship.yaml.
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
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
    match cli.command {
        Command::Lint(args) => lint_command(args, color),
        Command::Explain { rule } => match rules::find(&rule) {
            Some(r) => {
                print_out(&rules::docs::explain(r))?;
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
            print_out(&rules::docs::table())?;
            Ok(0)
        }
        Command::Schema => {
            print_out(crate::schema::COMMITTED)?;
            Ok(0)
        }
    }
}

fn print_out(text: &str) -> Result<(), Fail> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        // A closed pipe (`kooship rules | head`) is not an error.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Fail(format!("cannot write to standard output: {e}"))),
    }
}

/// Whether to colour output written to standard output.
pub fn use_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            if std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()) {
                false
            } else if std::env::var_os("FORCE_COLOR").is_some_and(|v| !v.is_empty()) {
                true
            } else {
                std::io::stdout().is_terminal()
            }
        }
    }
}

fn lint_command(args: LintArgs, color: ColorChoice) -> Result<u8, Fail> {
    let options = lint::Options {
        release: ReleaseOptions {
            lock: args.lock.clone(),
            first_release: args.first_release,
        },
        ..lint::Options::default()
    };
    if let Some(lock) = &args.lock
        && std::fs::symlink_metadata(lock).is_err()
    {
        return Err(Fail(format!(
            "lock file `{}` does not exist",
            lock.display()
        )));
    }
    let inputs = collect_inputs(&args)?;
    let reports: Vec<FileReport> = inputs.iter().map(|i| lint::lint(i, &options)).collect();
    let reporter: Box<dyn Reporter> = match args.format {
        Format::Human => Box::new(report::human::Human::new(use_color(color))),
        Format::Concise => Box::new(report::concise::Concise),
        Format::Json => Box::new(report::json::Json),
    };
    let mut buf = Vec::new();
    reporter.report(&reports, &mut buf)?;
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_all(&buf).and_then(|()| out.flush())
        && e.kind() != std::io::ErrorKind::BrokenPipe
    {
        return Err(Fail(format!("cannot write the report: {e}")));
    }
    Ok(exit_status(&reports, args.fail_on))
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

fn collect_inputs(args: &LintArgs) -> Result<Vec<Input>, Fail> {
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from("kooship.yaml")]
    } else {
        args.paths.clone()
    };
    let mut inputs = Vec::new();
    for path in paths {
        if path == Path::new("-") {
            inputs.push(read_stdin(args.stdin_filename.as_deref())?);
            continue;
        }
        let meta = std::fs::metadata(&path)
            .map_err(|e| Fail(format!("cannot read `{}`: {e}", path.display())))?;
        if meta.is_dir() {
            return Err(Fail(format!(
                "`{}` is a folder; give a manifest file",
                path.display()
            )));
        }
        let input = Input::read(&path)
            .map_err(|e| Fail(format!("cannot read `{}`: {e}", path.display())))?;
        inputs.push(input);
    }
    Ok(inputs)
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
