//! `--format concise`: one line per finding, `path:line:column: severity[CODE] message`, with
//! `[*]` before the message when `kooship lint --fix` would fix it.

use std::io::{self, Write};

use super::{Reporter, fixable, printable, range};
use crate::lint::FileReport;

#[derive(Debug, Clone, Copy, Default)]
pub struct Concise {
    /// Mark the findings `--fix --unsafe-fixes` would fix, not only `--fix`.
    pub unsafe_fixes: bool,
}

impl Reporter for Concise {
    fn report(&self, files: &[FileReport], out: &mut dyn Write) -> io::Result<()> {
        for file in files {
            for f in &file.findings {
                let (start, _) = range(file, f);
                writeln!(
                    out,
                    "{}:{}:{}: {}[{}] {}{}",
                    printable(&file.path),
                    start.line,
                    start.column,
                    f.severity,
                    f.rule.code,
                    if fixable(f, self.unsafe_fixes) {
                        "[*] "
                    } else {
                        ""
                    },
                    printable(&f.message)
                )?;
            }
        }
        Ok(())
    }
}
