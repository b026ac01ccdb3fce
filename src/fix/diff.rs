//! `kooship lint --diff`: the fixes as a unified diff.

use similar::TextDiff;

/// A unified diff of one manifest, `---`/`+++` naming it; empty when nothing changed.
pub fn unified(name: &str, before: &str, after: &str) -> String {
    TextDiff::configure()
        .newline_terminated(true)
        .diff_lines(before, after)
        .unified_diff()
        .context_radius(3)
        .header(name, name)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_hunk_with_context() {
        let before = "a: 1\nb: 2\nc: usd\nd: 4\n";
        let after = "a: 1\nb: 2\nc: USD\nd: 4\n";
        assert_eq!(
            unified("kooship.yaml", before, after),
            "--- kooship.yaml\n+++ kooship.yaml\n@@ -1,4 +1,4 @@\n a: 1\n b: 2\n-c: usd\n+c: USD\n d: 4\n"
        );
        assert_eq!(unified("k", before, before), "");
        assert_eq!(
            unified("k", "a: 1\nb: x", "a: 1\nb: y"),
            "--- k\n+++ k\n@@ -1,2 +1,2 @@\n a: 1\n-b: x\n\\ No newline at end of file\n+b: y\n\\ No newline at end of file\n"
        );
    }
}
