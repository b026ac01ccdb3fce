//! `--format github`: GitHub Actions workflow commands, one annotation per finding, exactly
//! as cli.md writes them: `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=CODE::message`
//! (the title is the rule's code alone, the message the finding's message alone).

use std::io::{self, Write};

use super::{Reporter, printable, range};
use crate::finding::Severity;
use crate::lint::FileReport;

pub struct Github;

/// Escapes a workflow command's message.
fn data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a workflow command's property value.
fn property(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}

impl Reporter for Github {
    fn report(&self, files: &[FileReport], out: &mut dyn Write) -> io::Result<()> {
        for file in files {
            for f in &file.findings {
                let (start, end) = range(file, f);
                let command = match f.severity {
                    Severity::Error => "error",
                    Severity::Warning => "warning",
                    Severity::Info => "notice",
                };
                writeln!(
                    out,
                    "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}",
                    property(&printable(&file.path)),
                    start.line,
                    start.column,
                    end.line,
                    end.column,
                    property(f.rule.code),
                    data(&printable(&f.message))
                )?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping() {
        assert_eq!(data("50% off\nnow"), "50%25 off%0Anow");
        assert_eq!(property("a:b,c"), "a%3Ab%2Cc");
    }
}
