//! `--format concise`: one line per finding, `path:line:column: severity[CODE] message`.

use std::io::{self, Write};

use super::{Reporter, printable, range};
use crate::lint::FileReport;

pub struct Concise;

impl Reporter for Concise {
    fn report(&self, files: &[FileReport], out: &mut dyn Write) -> io::Result<()> {
        for file in files {
            for f in &file.findings {
                let (start, _) = range(file, f);
                writeln!(
                    out,
                    "{}:{}:{}: {}[{}] {}",
                    printable(&file.path),
                    start.line,
                    start.column,
                    f.severity,
                    f.rule.code,
                    printable(&f.message)
                )?;
            }
        }
        Ok(())
    }
}
