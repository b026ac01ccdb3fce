//! Safe Markdown for text from the manifest: code spans that survive any backtick, prose
//! with Markdown's special characters escaped (so a value never turns into a link, an HTML
//! tag or emphasis), and GitHub-flavoured tables.

/// Line breaks and tabs as spaces: table cells and list items hold one line.
fn one_line(value: &str) -> String {
    value
        .chars()
        .map(|c| {
            if matches!(c, '\n' | '\r' | '\t') {
                ' '
            } else {
                c
            }
        })
        .collect()
}

/// `value` as an inline code span; `in_table` escapes `|` as GitHub tables require.
pub fn code(value: &str, in_table: bool) -> String {
    if value.is_empty() {
        return "*(empty)*".to_owned();
    }
    let mut v = one_line(value);
    if in_table {
        v = v.replace('|', "\\|");
    }
    let mut longest = 0;
    let mut run = 0;
    for c in v.chars() {
        if c == '`' {
            run += 1;
            longest = longest.max(run);
        } else {
            run = 0;
        }
    }
    let fence = "`".repeat(longest + 1);
    let pad = v.starts_with('`') || v.ends_with('`') || (v.starts_with(' ') && v.ends_with(' '));
    if pad {
        format!("{fence} {v} {fence}")
    } else {
        format!("{fence}{v}{fence}")
    }
}

/// Prose from the manifest or a finding: Markdown's special characters escaped outside code
/// spans, line breaks turned into spaces. Balanced backtick spans (as rule messages write
/// values) are kept as code.
pub fn text(value: &str) -> String {
    let value = one_line(value);
    let ticks = value.matches('`').count();
    let mut out = String::new();
    if ticks.is_multiple_of(2) && ticks > 0 {
        for (i, part) in value.split('`').enumerate() {
            if i % 2 == 1 {
                // A code span as written (`|` escaped for tables, harmless elsewhere).
                out.push_str(&code(part, true));
            } else {
                out.push_str(&escape(part));
            }
        }
    } else {
        out.push_str(&escape(&value));
    }
    out
}

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '<' | '>' | '[' | ']' | '|' | '~' | '&' | '#' | '!'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A GitHub table: a header row, the separator, the rows (cells already rendered).
pub fn table(headers: &[&str], rows: &[Vec<String>]) -> String {
    let mut s = String::new();
    s.push_str(&format!("| {} |\n", headers.join(" | ")));
    s.push_str(&format!(
        "|{}\n",
        headers.iter().map(|_| "---|").collect::<String>()
    ));
    for r in rows {
        s.push_str(&format!("| {} |\n", r.join(" | ")));
    }
    s
}

/// Code spans joined by `, `.
pub fn code_list<S: AsRef<str>>(values: &[S], in_table: bool) -> String {
    values
        .iter()
        .map(|v| code(v.as_ref(), in_table))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_spans() {
        assert_eq!(code("a", false), "`a`");
        assert_eq!(code("a`b", false), "``a`b``");
        assert_eq!(code("`x", false), "`` `x ``");
        assert_eq!(code("a|b", true), "`a\\|b`");
        assert_eq!(code("a|b", false), "`a|b`");
        assert_eq!(code("two\nlines", false), "`two lines`");
        assert_eq!(code("", false), "*(empty)*");
    }

    #[test]
    fn prose() {
        assert_eq!(text("<b>[x](y)</b>"), "\\<b\\>\\[x\\](y)\\</b\\>");
        assert_eq!(text("key `a_b` is *odd*"), "key `a_b` is \\*odd\\*");
        assert_eq!(text("one ` tick"), "one \\` tick");
    }
}
