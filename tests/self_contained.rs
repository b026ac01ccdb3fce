//! Nothing in the repository refers to a file outside it: a user who clones it has every
//! document it points to.
//!
//! Every file of the repository is read (what `.gitignore` leaves: build output and the
//! benchmark's work folder are not part of it), and two things are refused:
//!
//! 1. Any mention of the folders the project was developed beside (the shared specification
//!    and research folders, the other work trees). They are not in a clone, so a comment or a
//!    document that sends the reader there is a dead end.
//! 2. In Markdown, a relative link or image that leaves the repository, is absolute, or names
//!    a file that does not exist, and an anchor (`file.md#heading`) that names no heading.
//!    Links to web pages (`https://`, `http://`, `mailto:`) are allowed: KooGallery's
//!    documentation and the project's public repository are meant to be read on the web.
//!
//! Paths that escape a folder on purpose stay allowed where they are data, not references:
//! the MAN008 fixtures and hostile-input tests (`logo: ../x.png`) exist to be refused.

use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every file of the repository, relative to its root, with its text (files that are not
/// UTF-8 are skipped: they are images, archives and the like).
fn files() -> Vec<(PathBuf, String)> {
    let root = root();
    let mut out = Vec::new();
    let walk = ignore::WalkBuilder::new(&root)
        .hidden(false)
        .require_git(false)
        .filter_entry(|e| e.file_name() != ".git")
        .build();
    for entry in walk {
        let entry = entry.expect("walk the repository");
        if !entry.file_type().is_some_and(|t| t.is_file()) {
            continue;
        }
        let relative = entry
            .path()
            .strip_prefix(&root)
            .expect("inside the root")
            .to_path_buf();
        if let Ok(text) = std::fs::read_to_string(entry.path()) {
            out.push((relative, text));
        }
    }
    out.sort();
    assert!(
        out.len() > 100,
        "only {} files found under {}",
        out.len(),
        root.display()
    );
    out
}

/// The names of the places outside the repository, spelled in pieces so that this file does
/// not name them itself.
fn outside_names() -> Vec<String> {
    let shared = ["sha", "red"].concat();
    vec![
        format!("../{shared}"),
        format!("{shared}/spec/"),
        format!("{shared}/research/"),
        format!("/{}/", ["wo", "rk"].concat()),
    ]
}

#[test]
fn no_file_names_a_folder_outside_the_repository() {
    let names = outside_names();
    let mut found = Vec::new();
    for (path, text) in files() {
        for (n, line) in text.lines().enumerate() {
            if names.iter().any(|name| line.contains(name.as_str())) {
                found.push(format!("{}:{}: {}", path.display(), n + 1, line.trim()));
            }
        }
    }
    assert!(
        found.is_empty(),
        "these lines refer to files outside the repository; point them at docs/manifest.md, docs/rules.md or the README instead:\n  {}",
        found.join("\n  ")
    );
}

/// Link targets of a Markdown text: inline links and images `[text](target)` and reference
/// definitions `[label]: target`, outside code blocks and code spans. `(line, target)`.
fn link_targets(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut fenced = false;
    for (n, line) in text.lines().enumerate() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
            continue;
        }
        if fenced {
            continue;
        }
        // Code spans hold examples, not links.
        let mut plain = String::new();
        for (i, part) in line.split('`').enumerate() {
            if i % 2 == 0 {
                plain.push_str(part);
            }
            plain.push(' ');
        }
        let trimmed = plain.trim_start();
        if trimmed.starts_with('[')
            && let Some(end) = trimmed.find("]:")
        {
            let target = trimmed[end + 2..].split_whitespace().next().unwrap_or("");
            out.push((n + 1, target.to_owned()));
            continue;
        }
        let mut rest = plain.as_str();
        while let Some(i) = rest.find("](") {
            let after = &rest[i + 2..];
            let end = after.find(')').unwrap_or(after.len());
            let target = after[..end].split_whitespace().next().unwrap_or("");
            out.push((n + 1, target.trim_matches(['<', '>']).to_owned()));
            rest = &after[end..];
        }
    }
    out
}

/// GitHub's anchors for the headings of a Markdown text.
fn anchors(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut fenced = false;
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
            continue;
        }
        let hashes = line.chars().take_while(|&c| c == '#').count();
        if fenced || hashes == 0 || !line[hashes..].starts_with(' ') {
            continue;
        }
        let slug: String = line[hashes..]
            .trim()
            .to_lowercase()
            .chars()
            .filter(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_'))
            .map(|c| if c == ' ' { '-' } else { c })
            .collect();
        let mut candidate = slug.clone();
        let mut i = 0;
        while !out.insert(candidate.clone()) {
            i += 1;
            candidate = format!("{slug}-{i}");
        }
    }
    out
}

/// `base.join(relative)` with `.` and `..` resolved lexically; `None` when it climbs above
/// the repository's root (`base` is relative to the root).
fn inside(base: &Path, relative: &str) -> Option<PathBuf> {
    let joined = base.join(relative);
    let mut parts: Vec<Component> = Vec::new();
    for c in joined.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                parts.pop()?;
            }
            Component::Normal(_) => parts.push(c),
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    Some(parts.iter().collect())
}

#[test]
fn markdown_links_stay_inside_the_repository_and_resolve() {
    let root = root();
    let mut problems = Vec::new();
    let mut checked = 0;
    for (path, text) in files() {
        if path.extension().and_then(|e| e.to_str()) != Some("md") {
            continue;
        }
        let dir = path.parent().unwrap_or(Path::new(""));
        for (line, target) in link_targets(&text) {
            checked += 1;
            let at = format!("{}:{line}: {target}", path.display());
            let lower = target.to_ascii_lowercase();
            if ["https://", "http://", "mailto:"]
                .iter()
                .any(|s| lower.starts_with(s))
            {
                continue;
            }
            if target.is_empty() || target.contains("://") || target.starts_with('/') {
                problems.push(format!("{at}: not a link inside the repository"));
                continue;
            }
            let (file, anchor) = target.split_once('#').unwrap_or((target.as_str(), ""));
            let resolved = if file.is_empty() {
                Some(path.clone())
            } else {
                inside(dir, file)
            };
            let Some(resolved) = resolved else {
                problems.push(format!("{at}: leaves the repository"));
                continue;
            };
            let full = root.join(&resolved);
            if !full.exists() {
                problems.push(format!("{at}: no such file in the repository"));
                continue;
            }
            if !anchor.is_empty() && resolved.extension().and_then(|e| e.to_str()) == Some("md") {
                let target_text = std::fs::read_to_string(&full).unwrap_or_default();
                if !anchors(&target_text).contains(anchor) {
                    problems.push(format!(
                        "{at}: {} has no heading with anchor #{anchor}",
                        resolved.display()
                    ));
                }
            }
        }
    }
    assert!(checked > 20, "only {checked} Markdown links found");
    assert!(
        problems.is_empty(),
        "Markdown links that do not resolve inside the repository:\n  {}",
        problems.join("\n  ")
    );
}

#[test]
fn the_link_checker_refuses_what_it_should() {
    let links = link_targets(
        "[a](../outside.md) `[b](ignored.md)` ![c](docs/x.png \"t\")\n[ref]: ../../x\n```\n[d](in-code.md)\n```\n",
    );
    let targets: Vec<&str> = links.iter().map(|(_, t)| t.as_str()).collect();
    assert_eq!(targets, ["../outside.md", "docs/x.png", "../../x"]);
    assert_eq!(
        inside(Path::new("docs"), "../README.md"),
        Some("README.md".into())
    );
    assert_eq!(inside(Path::new("docs"), "../../x"), None);
    assert_eq!(inside(Path::new(""), "../x"), None);
    let a = anchors(
        "# The manifest: `kooship.yaml`\n## `specifications[].pricing.price`: a price\n## Same\n## Same\n",
    );
    assert!(a.contains("the-manifest-kooshipyaml"), "{a:?}");
    assert!(a.contains("specificationspricingprice-a-price"), "{a:?}");
    assert!(a.contains("same") && a.contains("same-1"), "{a:?}");
}
