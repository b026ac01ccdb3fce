//! MAN — the manifest itself: syntax, shape, limits, file references and lint settings.
//!
//! MAN001, MAN005 and MAN006 come from the loader, MAN002–MAN004 from the schema stage and
//! MAN009–MAN011 from the lint settings; the checks here are MAN007, MAN008 and MAN012 (the
//! pipeline asks [`placeholders`] before the typed model is read: a placeholder is a value
//! still to be written, unknown to every other rule).

use super::{Area, Context, Docs, Origin, Rule};
use crate::files::FileRef;
use crate::finding::{Finding, Severity};

pub static AREA: Area = Area {
    prefix: "MAN",
    title: "The manifest itself",
    rules: &[
        &MAN001, &MAN002, &MAN003, &MAN004, &MAN005, &MAN006, &MAN007, &MAN008, &MAN009, &MAN010,
        &MAN011, &MAN012,
    ],
    check,
};

pub static MAN001: Rule = Rule {
    code: "MAN001",
    name: "yaml-syntax",
    severity: Severity::Error,
    waivable: false,
    origin: Origin::Format,
    summary: "The file is not valid YAML (location of the first syntax error).",
    docs: Docs {
        what: "That the manifest is one well-formed YAML 1.2 document. The finding points at the \
               first place where the parser gave up. A second document in the same file (a \
               `---` after the first) is also a syntax error.",
        why: "Nothing else can be checked until the file parses; a manifest that does not parse \
              cannot produce a checklist or a bundle.",
        example: "product:\n  name: Acme Insight\n   version: 1.0.0   # indented deeper than `name`\n",
        fix: "Correct the YAML at the position shown. Keep keys of one map at the same indentation, \
              close every `[`, `{` and quote, and keep one document per file.",
        source: "YAML 1.2.2 specification; the manifest format (one document per file).",
    },
};

pub static MAN002: Rule = Rule {
    code: "MAN002",
    name: "unknown-field",
    severity: Severity::Error,
    waivable: false,
    origin: Origin::Format,
    summary: "A key the format does not define; the message suggests the closest known key.",
    docs: Docs {
        what: "Every key of every map against the manifest format. A key the format does not \
               define is reported at the key, with the closest known key when one is near. The \
               key is left out and the rest of its map is checked as usual, in the same run.",
        why: "A misspelt key is otherwise silently ignored: `trial_day: 14` would leave the spec \
              without the trial the seller meant to offer, and KooGallery would never know.",
        example: "product:\n  name: Acme Insight\n  verison: 1.0.0\n",
        fix: "Spell the key as the format does (`version`), or remove it. `kooship schema` prints \
              every key, and the schema gives completion in editors.",
        source: "The manifest format.",
    },
};

pub static MAN003: Rule = Rule {
    code: "MAN003",
    name: "invalid-value",
    severity: Severity::Error,
    waivable: false,
    origin: Origin::Format,
    summary: "A value has the wrong type, or is not one of its enumeration's values (schema).",
    docs: Docs {
        what: "The type of every value (string, number, whole number, `true`/`false`, list, map) \
               and, for enumerated values, that the value is one of them. A number where a \
               string is wanted comes with a hint to quote it. Only that value becomes unknown: \
               the rules that need it stay silent until it is fixed, and every other rule still \
               runs on the same section, the same list item and the rest of the file, so one \
               run reports every mistake it can.",
        why: "The release form only takes the values it lists; a wrong type means the manifest \
              does not say what the seller thinks it says (`version: 1.0` is the number one, not \
              the version `1.0`).",
        example: "specifications:\n  - code: team\n    name: Team\n    billing: yearly        # not a billing mode\n",
        fix: "Use one of the listed values (`yearly_monthly`), or quote a value that must stay \
              text: `version: \"1.0.0\"`.",
        source: "The manifest format.",
    },
};

pub static MAN004: Rule = Rule {
    code: "MAN004",
    name: "missing-field",
    severity: Severity::Error,
    waivable: false,
    origin: Origin::Format,
    summary: "A required key is absent (pointing at the map that lacks it).",
    docs: Docs {
        what: "That every required key is present. The finding points at the map that lacks the \
               key. A key that is present but empty (`factors: []`) is the business of the rule \
               about that list, not of this one. The missing value is unknown to the other \
               rules: those that need it stay silent, all others run.",
        why: "Every required key is a field of KooGallery's release form; the release cannot be \
              submitted without it.",
        example: "production_api:\n  url: https://market.acme-insight.com/koogallery\n  hosting: huawei_cloud_ecs\n  tls_versions: [tls1_2]\n  # debugged_cases is missing\n",
        fix: "Add the key. `kooship init` writes a starter manifest with every required key.",
        source: "The manifest format.",
    },
};

pub static MAN005: Rule = Rule {
    code: "MAN005",
    name: "duplicate-key",
    severity: Severity::Error,
    waivable: false,
    origin: Origin::Format,
    summary: "The same key twice in one map.",
    docs: Docs {
        what: "That no map repeats a key. Each later occurrence is reported at its key; the first \
               one is the value kooship reads.",
        why: "YAML readers disagree on which of two equal keys wins, so the manifest would say \
              two things at once; the one the seller edited last may be the one ignored.",
        example: "product:\n  name: Acme Insight\n  version: 1.0.0\n  version: 1.1.0\n",
        fix: "Keep one of the two keys.",
        source: "YAML 1.2.2 specification (mapping keys are unique).",
    },
};

pub static MAN006: Rule = Rule {
    code: "MAN006",
    name: "input-limit",
    severity: Severity::Error,
    waivable: false,
    origin: Origin::Format,
    summary: "Input refused by a safety limit: file larger than 1 MiB (1,048,576 bytes); nesting deeper than 64 collections (the root map is depth 1); more than 10,000 nodes once every alias is expanded (each scalar, map and list counts one); or not UTF-8. Nothing else is reported for that file.",
    docs: Docs {
        what: "Seven limits, checked before anything else: the file is at most 1 MiB (1,048,576 \
               bytes); collections nest at most 64 deep (the root map is depth 1); once every \
               alias is expanded the document has at most 10,000 nodes (each scalar, map and list \
               counts one, keys included, and an alias counts every node of what it names) and at \
               most 1 MiB (1,048,576 bytes) of scalar text (keys included); no node's JSON pointer \
               (`/specifications/0/code`: its path of keys from the root) is longer than 1,024 \
               bytes; the copies that anchors keep for their aliases hold at most 10,000 nodes \
               and 1 MiB of text in all (only anchors nested inside anchored nodes come near \
               it); and the file is UTF-8 (a leading byte-order mark is allowed). The finding \
               is about the file as a whole; for bad UTF-8 its message gives the line and column \
               of the first bad byte.",
        why: "kooship runs on every commit and in CI on files anyone can write. A real manifest is \
              a few kilobytes; the limits keep a hostile or broken file (an alias bomb, a file of \
              100,000 `[`, long keys nested deep, an alias to a long string used thousands of \
              times, dozens of anchors nested around one long string) from costing more than a few milliseconds or megabytes.",
        example: "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]   # 10,000+ nodes\n",
        fix: "Write the manifest plainly: without aliases that multiply, without deep nesting or \
              long keys, saved as UTF-8.",
        source: "kooship's own safety limits.",
    },
};

pub static MAN007: Rule = Rule {
    code: "MAN007",
    name: "unsupported-format",
    severity: Severity::Error,
    waivable: false,
    origin: Origin::Format,
    summary: "`format` is not `1`.",
    docs: Docs {
        what: "That `format` is `1`, the only manifest format this kooship reads. With another \
               format nothing else is checked, since its keys may mean other things.",
        why: "A manifest written for another format would be checked against the wrong rules.",
        example: "format: 2          # written for another kooship format\nproduct:\n  name: Acme Insight\n",
        fix: "Set `format: 1`, or use the kooship release that reads the manifest's format.",
        source: "The manifest format.",
    },
};

pub static MAN008: Rule = Rule {
    code: "MAN008",
    name: "file-reference",
    severity: Severity::Error,
    waivable: false,
    origin: Origin::Format,
    summary: "A referenced file is missing, not a regular file, or its path is absolute or escapes the manifest's folder (also through a symlink). Rules about the file's content (LST004, DEL005) stay silent for it.",
    docs: Docs {
        what: "The files the manifest refers to (`product.logo`, \
               `delivery.service_supervision.delivery_template`): the path is relative, stays \
               inside the manifest's folder (no `..` that leaves it, no symlink that points out of \
               it), and names an existing regular file.",
        why: "The bundle must be the same on every machine and must hold only the seller's own \
              files: an absolute path or one outside the repository works on one laptop and \
              nowhere else, and a missing file is a missing upload on release day.",
        example: "product:\n  logo: ../../brand/logo.png\n",
        fix: "Put the file in the manifest's folder (or below it) and refer to it by a relative \
              path: `logo: assets/logo.png`.",
        source: "The manifest format (paths are relative and stay inside the manifest's folder).",
    },
};

pub static MAN009: Rule = Rule {
    code: "MAN009",
    name: "exception-expired",
    severity: Severity::Warning,
    waivable: false,
    origin: Origin::Format,
    summary: "A `lint.exceptions` entry is past its `expires` date (it no longer suppresses).",
    docs: Docs {
        what: "Each `lint.exceptions` entry with an `expires` date: once today is after that date, \
               the exception no longer suppresses anything and this warning says so.",
        why: "An exception is a decision with a reason; an expiry date makes sure it is looked at \
              again instead of hiding a problem forever.",
        example: "lint:\n  exceptions:\n    - rule: API003\n      reason: staging endpoint until DNS moves\n      expires: 2026-01-31\n",
        fix: "Fix what the exception hid and remove the exception, or, if the reason still holds, \
              move `expires` to a new date.",
        source: "kooship's lint settings.",
    },
};

pub static MAN010: Rule = Rule {
    code: "MAN010",
    name: "exception-unused",
    severity: Severity::Warning,
    waivable: false,
    origin: Origin::Format,
    summary: "A `lint.exceptions` entry matched no finding.",
    docs: Docs {
        what: "Each live `lint.exceptions` entry: when it suppressed no finding in this run, it is \
               reported so that stale exceptions do not pile up. An exception for a PRB rule is \
               never reported: those findings come from `kooship probe`, not `lint`.",
        why: "An exception left behind after the problem was fixed would silently hide the same \
              problem when it comes back.",
        example: "lint:\n  exceptions:\n    - rule: PRV003\n      reason: legacy clients need AES-128\n      # but the manifest uses AES256_CBC_PKCS5Padding\n",
        fix: "Remove the exception, or correct its `rule` or `at` pointer.",
        source: "kooship's lint settings.",
    },
};

pub static MAN011: Rule = Rule {
    code: "MAN011",
    name: "waiver-refused",
    severity: Severity::Error,
    waivable: false,
    origin: Origin::Format,
    summary: "An override or exception targets a rule that is not waivable, or an unknown rule code or name (MAN011 only, not also MAN010).",
    docs: Docs {
        what: "Every `lint.severity` override and `lint.exceptions` entry: it must name a known \
               rule (by code or name), and that rule must be waivable. An override that keeps a \
               rule at `error` is always accepted.",
        why: "Rules that are not waivable describe what KooGallery rejects outright or what breaks \
              at run time; turning them off would only move the rejection to review day.",
        example: "lint:\n  severity:\n    API006: off        # TLS 1.0 cannot be waived\n",
        fix: "Fix the manifest instead, or correct the rule's code or name. `kooship rules` lists \
              every rule and whether it is waivable.",
        source: "kooship's lint settings.",
    },
};

pub static MAN012: Rule = Rule {
    code: "MAN012",
    name: "placeholder",
    severity: Severity::Error,
    waivable: true,
    origin: Origin::Format,
    summary: "A string value still holds a placeholder: the word `TODO`, `FIXME` or `TBD` (upper case, as a whole word), or a value wholly in angle brackets (`<your product>`). One finding per value. `kooship init` writes such values where the seller must fill in.",
    docs: Docs {
        what: "Every string value of the manifest (keys are not values): it fires when the value \
               holds `TODO`, `FIXME` or `TBD` in capitals as a whole word (`TODO`, \
               `TODO-SCAN-REPORT-ID`, `price: TBD`; not `Todoist` or `TODOS`), or when the whole \
               value, white space trimmed, is in angle brackets (`<your product name>`). One \
               finding per value. A placeholder is a value still to be written: every other \
               rule treats it as unknown, so a placeholder price is not also a type error \
               (MAN003), a placeholder logo is not a missing file (MAN008), and a placeholder \
               product name is not checked for its content (LST001, LST002). When MAN012 is \
               waived for a value (an exception at its pointer, or the rule turned off), the \
               value counts as written and the other rules check it.",
        why: "`kooship init` writes a placeholder wherever the seller must supply a value, so \
              that `lint` lists exactly what is left to fill in. A release with `TODO` in its \
              name, scan report or prices would be rejected at review, or worse, published.",
        example: "product:\n  name: <your product name>\nsecurity_scan:\n  report: TODO-SCAN-REPORT-ID\n",
        fix: "Write the real value: the product's listing name, the ID of the passed scan in the \
              Seller Console, the price. If the text is genuinely part of the value (a product \
              called `TBD Analytics`), add an exception for MAN012 at its pointer with the \
              reason.",
        source: "kooship's own check (`kooship init`).",
    },
};

/// The words that mark a value as still to be written (upper case, whole words).
const PLACEHOLDER_WORDS: &[&str] = &["TODO", "FIXME", "TBD"];

/// Whether a string value is a placeholder (MAN012): it holds `TODO`, `FIXME` or `TBD` as a
/// whole upper-case word, or is wholly in angle brackets.
pub fn is_placeholder(text: &str) -> bool {
    let t = text.trim();
    if t.len() >= 2 && t.starts_with('<') && t.ends_with('>') {
        return true;
    }
    // Every word starts with `T` or `F`: most values have neither, and are done here.
    if !t.bytes().any(|b| b == b'T' || b == b'F') {
        return false;
    }
    let word_char = |c: char| c.is_alphanumeric() || c == '_';
    PLACEHOLDER_WORDS.iter().any(|w| {
        t.match_indices(w).any(|(at, _)| {
            let before = t[..at].chars().next_back();
            let after = t[at + w.len()..].chars().next();
            !before.is_some_and(word_char) && !after.is_some_and(word_char)
        })
    })
}

/// A step of the path to a value, written out only for the values found.
enum Step<'v> {
    Key(&'v str),
    Index(usize),
}

/// Every string value of the manifest that is a placeholder, with its pointer. Pointers are
/// written only for the values found.
pub fn placeholders(value: &serde_json::Value) -> Vec<(String, String)> {
    fn walk<'v>(
        v: &'v serde_json::Value,
        path: &mut Vec<Step<'v>>,
        out: &mut Vec<(String, String)>,
    ) {
        match v {
            serde_json::Value::String(s) if is_placeholder(s) => {
                let mut pointer = String::new();
                for step in path.iter() {
                    pointer.push('/');
                    match step {
                        Step::Key(k) => pointer.push_str(&crate::load::index::escape_token(k)),
                        Step::Index(i) => pointer.push_str(&i.to_string()),
                    }
                }
                out.push((pointer, s.clone()));
            }
            serde_json::Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    path.push(Step::Index(i));
                    walk(item, path, out);
                    path.pop();
                }
            }
            serde_json::Value::Object(map) => {
                for (k, item) in map {
                    path.push(Step::Key(k));
                    walk(item, path, out);
                    path.pop();
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(value, &mut Vec::new(), &mut out);
    out
}

/// MAN012 for one placeholder value.
pub fn placeholder_finding(pointer: &str, text: &str) -> Finding {
    let shown: String = text.trim().chars().take(60).collect();
    let cut = if text.trim().chars().count() > 60 {
        "…"
    } else {
        ""
    };
    Finding::new(
        &MAN012,
        pointer,
        format!(
            "`{}` still holds the placeholder `{shown}{cut}`",
            crate::schema::path(pointer)
        ),
    )
    .help("write the real value; `kooship explain MAN012` says how to keep a value that only looks like a placeholder")
}

fn check(cx: &Context, out: &mut Vec<Finding>) {
    for file in cx.files {
        if let Err(problem) = &file.resolved {
            out.push(
                Finding::new(&MAN008, file.pointer, problem.message(&file.path))
                    .help(problem.help()),
            );
        }
    }
}

/// MAN007, checked by the pipeline before the schema: `format` is a number other than 1.
pub fn unsupported_format(value: &serde_json::Value) -> Option<Finding> {
    let format = value.get("format")?;
    let n = format.as_number()?;
    if n.as_i64() == Some(1) || n.as_u64() == Some(1) {
        return None;
    }
    Some(
        Finding::new(
            &MAN007,
            "/format",
            format!("manifest format {n} is not supported; this kooship reads format 1"),
        )
        .help("set `format: 1`, or use the kooship release that reads this format"),
    )
}

/// The file references of a manifest, with their pointers; a value at one of the `unknown`
/// pointers (a placeholder, MAN012) is no path yet.
pub fn file_refs(value: &serde_json::Value, unknown: &[&str]) -> Vec<(&'static str, String)> {
    let mut refs = Vec::new();
    for pointer in [
        "/product/logo",
        "/delivery/service_supervision/delivery_template",
    ] {
        if let Some(path) = value.pointer(pointer).and_then(serde_json::Value::as_str)
            && !unknown.contains(&pointer)
        {
            refs.push((pointer, path.to_owned()));
        }
    }
    refs
}

/// Whether the reference at `pointer` resolved to a regular file inside the folder.
pub fn resolved<'a>(files: &'a [FileRef], pointer: &str) -> Option<&'a std::path::Path> {
    files
        .iter()
        .find(|f| f.pointer == pointer)
        .and_then(|f| f.resolved.as_ref().ok())
        .map(std::path::PathBuf::as_path)
}
