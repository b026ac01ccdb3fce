//! LST — listing content.

use std::io::Read;
use std::ops::Range;
use std::path::Path;
use std::sync::LazyLock;

use regex::Regex;

use super::{Area, Context, Docs, Origin, Rule};
use crate::finding::{Finding, Severity};

pub static AREA: Area = Area {
    prefix: "LST",
    title: "Listing content",
    rules: &[&LST001, &LST002, &LST003, &LST004, &LST005],
    check,
};

pub static LST001: Rule = Rule {
    code: "LST001",
    name: "name-length",
    severity: Severity::Error,
    waivable: true,
    origin: Origin::DocInferred,
    summary: "`product.name` is empty or only white space (error), or longer than 80 characters, counted in Unicode characters (warning: the limit is inferred).",
    docs: Docs {
        what: "`product.name`: an empty name, or one of white space only, is an error; a name \
               longer than 80 characters (Unicode characters, not bytes: `华为` counts 2) is a \
               warning.",
        why: "The listing name is what buyers search for and see on every page; KooGallery \
              requires one that describes the product accurately. KooGallery publishes no \
              length limit; 80 characters is kooship's reading of what the listing shows \
              without cutting, hence a warning.",
        example: "product:\n  name: \"  \"\n",
        fix: "Write the product's name as on its software copyright certificate or website, \
              short and without descriptive text: `Acme Insight`.",
        source: "Product Release Description (product name); the 80-character limit is inferred.",
    },
};

pub static LST002: Rule = Rule {
    code: "LST002",
    name: "name-forbidden-content",
    severity: Severity::Error,
    waivable: true,
    origin: Origin::Doc,
    summary: "The name contains, case-insensitively: a price (a currency sign `$ € £ ¥ ₹` next to a number, or a whole-word code `USD EUR CNY GBP JPY` next to a number, spaces allowed between; or a number followed by `/month`, `/mo`, `/year` or `/yr`, spaces allowed around the slash); a version (`v` followed by a digit at a word start, a number with a dot like `2.0`, or the whole word `version`, except in the suffix ` (HCS Version)` that KooGallery prescribes for Huawei Cloud Stack variants); a phone number (a run of digits, spaces, dots, hyphens and brackets holding 8 or more digits, or a `+` followed by such a run of 7 or more; so `Acme 365 2024` is not one); or `Huawei Cloud`, `HuaweiCloud`, `华为云`. One finding per kind found.",
    docs: Docs {
        what: "`product.name`, case-insensitively, for four kinds of forbidden content, one finding \
               per kind found:\n\n\
               - a price: a currency sign `$ € £ ¥ ₹` next to a number (`$9`, `9 €`), a \
               whole-word currency code `USD EUR CNY GBP JPY` next to a number (`USD 9`, `9usd`, \
               not `USDT 9`), or a number followed by `/month`, `/mo`, `/year` or `/yr` \
               ending a word (`9/mo`, `99 / year`, not `10/mobile`);\n\
               - a version: `v` and a digit at the start of a word (`v2`, `V10`, not `V-Ray` or \
               `TV5`), a number with a dot (`2.0`) that is not part of a price or phone number, \
               or the word `version` — except the word `Version` of the suffix \
               ` (HCS Version)` ending the name, which KooGallery itself prescribes for the \
               Huawei Cloud Stack variant of a product (`Acme Insight (HCS Version)`);\n\
               - a phone number: a run of digits, spaces, dots, hyphens and brackets holding 8 \
               or more digits, or a `+` followed by such a run holding 7 or more, not part of \
               a price (so `Acme 365 2024`, 7 digits, is not one, and `+49 30 1234` is);\n\
               - `Huawei Cloud` (any white space between the words), `HuaweiCloud` or `华为云`.",
        why: "KooGallery's review rejects listing names that carry a price, a version, a phone \
              number or other descriptive text, and names that make the product look like \
              Huawei Cloud's own. The version is shown separately (from `product.version`), \
              prices come from the specs, and contacts belong in the after-sales fields.",
        example: "product:\n  name: Acme Insight V2 – $9/month\n",
        fix: "Keep the name to the product's name: `Acme Insight`. Put the version in \
              `product.version` and prices in the specs. Name your own product, not Huawei \
              Cloud's (`Acme Insight`, not `Huawei Cloud Insight`).",
        source: "Product Release Description (product name: no price, version, phone number or \
                 descriptive text; must not imply a Huawei Cloud product).",
    },
};

pub static LST003: Rule = Rule {
    code: "LST003",
    name: "version-form",
    severity: Severity::Error,
    waivable: false,
    origin: Origin::Doc,
    summary: "`product.version` is not semver, has major 0, or has a pre-release or build suffix.",
    docs: Docs {
        what: "`product.version`: a semantic version `MAJOR.MINOR.PATCH` (no leading `v`, no \
               leading zeros), with major at least 1 and no pre-release (`-beta.1`) or build \
               (`+abc`) suffix.",
        why: "KooGallery lists the version as `V1.0`, `V2.0` and rejects versions such as \
              `v0.1`, \"First Version\" or \"Initial Version\". kooship writes `V` followed by \
              this version in the release artifacts and compares versions between releases, so \
              it must be a plain release version.",
        example: "product:\n  version: 0.9.0-beta.1\n",
        fix: "Use a release version with major 1 or more, without `v` and suffix: `1.0.0`.",
        source: "Product Release Description (version format).",
    },
};

pub static LST004: Rule = Rule {
    code: "LST004",
    name: "logo-invalid",
    severity: Severity::Error,
    waivable: false,
    origin: Origin::Doc,
    summary: "`logo` is not a PNG (by its bytes, not its name), is not 120×120 px, or is larger than 5 MiB (5,242,880 bytes).",
    docs: Docs {
        what: "The file `product.logo` names: that it is a PNG by its content (the PNG signature \
               and an `IHDR` header), that the header says 120×120 pixels, and that the file has \
               at most 5,242,880 bytes. Silent when the file reference itself is broken \
               (MAN008).",
        why: "KooGallery accepts only a PNG logo of exactly 120×120 pixels and at most 5 MB; the \
              release form refuses anything else. A JPEG renamed to `.png` is still a JPEG.",
        example: "product:\n  logo: assets/logo.png   # a 512×512 image\n",
        fix: "Export the logo as PNG at 120×120 pixels (transparent background recommended, not \
              a screenshot), and keep it under 5 MiB.",
        source: "Product Release Description (logo: PNG, 120×120 px, at most 5 MB).",
    },
};

pub static LST005: Rule = Rule {
    code: "LST005",
    name: "logo-missing",
    severity: Severity::Warning,
    waivable: true,
    origin: Origin::Doc,
    summary: "The `logo` key is absent (the release form asks for one).",
    docs: Docs {
        what: "That `product` has a `logo` key.",
        why: "The release form asks for a product logo; without one in the manifest, the logo \
              is not checked (LST004) and has to be found and uploaded by hand on release day.",
        example: "product:\n  name: Acme Insight\n  version: 1.0.0\n  public: false\n",
        fix: "Keep the 120×120 PNG logo beside the manifest and refer to it: \
              `logo: assets/logo.png`.",
        source: "Product Release Description (logo).",
    },
};

const NAME_MAX_CHARS: usize = 80;
const LOGO_SIDE: u32 = 120;
const LOGO_MAX_BYTES: u64 = 5 * 1024 * 1024;
const PNG_SIGNATURE: &[u8; 8] = b"\x89PNG\r\n\x1a\n";

fn check(cx: &Context, out: &mut Vec<Finding>) {
    let Some(product) = cx.manifest.product.get() else {
        return;
    };
    if let Some(name) = product.name.str() {
        name_length(name, out);
        name_content(name, out);
    }
    if let Some(version) = product.version.str() {
        version_form(version, out);
    }
    match &product.logo {
        None => out.push(
            Finding::new(&LST005, "/product", "`product` has no `logo`")
                .help("add `logo: assets/logo.png`, a 120×120 PNG beside the manifest"),
        ),
        Some(path) => {
            if let Some(path) = path.get()
                && let Some(file) = super::man::resolved(cx.files, "/product/logo")
            {
                logo(path, file, out);
            }
        }
    }
}

/// LST001.
fn name_length(name: &str, out: &mut Vec<Finding>) {
    if name.trim().is_empty() {
        out.push(
            Finding::new(
                &LST001,
                "/product/name",
                if name.is_empty() {
                    "the product name is empty"
                } else {
                    "the product name is only white space"
                },
            )
            .help("write the product's name, e.g. `Acme Insight`"),
        );
        return;
    }
    let chars = name.chars().count();
    if chars > NAME_MAX_CHARS {
        out.push(
            Finding::new(
                &LST001,
                "/product/name",
                format!("the product name has {chars} characters; keep it to {NAME_MAX_CHARS}"),
            )
            .help("shorten it to the product's name; descriptions belong in the listing's overview")
            .severity(Severity::Warning),
        );
    }
}

/// Prices: a currency sign next to a number.
static PRICE_SIGN: LazyLock<Regex> =
    LazyLock::new(|| regex(r"[$€£¥₹]\s*\d[\d.,]*|\d[\d.,]*\s*[$€£¥₹]"));
/// Prices: a whole-word currency code next to a number (the code in group 1 or 2).
static PRICE_CODE: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)(?:^|[^\p{L}])((?:usd|eur|cny|gbp|jpy)\s*\d[\d.,]*)|(\d[\d.,]*\s*(?:usd|eur|cny|gbp|jpy))(?:[^\p{L}]|$)",
    )
});
/// Prices: a number per period.
static PRICE_PERIOD: LazyLock<Regex> =
    LazyLock::new(|| regex(r"(?i)\d[\d.,]*\s*/\s*(?:month|mo|year|yr)\b"));
/// Versions: `v` and a digit at a word start, or the word `version`.
static VERSION_WORD: LazyLock<Regex> = LazyLock::new(|| regex(r"(?i)\bv\d+|\bversion\b"));
/// Versions: a number with a dot.
static VERSION_DOT: LazyLock<Regex> = LazyLock::new(|| regex(r"\d+(?:\.\d+)+"));
/// Phone numbers: a run of digits, spaces, dots, hyphens and brackets, optionally after `+`
/// (which lowers the digits needed from [`PHONE_MIN_DIGITS`] to [`PHONE_MIN_DIGITS_PLUS`]).
static PHONE_RUN: LazyLock<Regex> = LazyLock::new(|| regex(r"\+?[0-9 .\-()\[\]]+"));
/// Passing the product off as Huawei Cloud's.
static HUAWEI_CLOUD: LazyLock<Regex> = LazyLock::new(|| regex(r"(?i)huawei\s*cloud|华为云"));

/// Digits that make a run a phone number.
const PHONE_MIN_DIGITS: usize = 8;
/// Digits that make a run after `+` (an international number) a phone number.
const PHONE_MIN_DIGITS_PLUS: usize = 7;
/// The suffix KooGallery prescribes for a product's Huawei Cloud Stack variant; its word
/// `Version` is not a version.
const HCS_SUFFIX: &str = " (HCS Version)";

/// Compiles one of the constant patterns above (a unit test compiles each of them).
fn regex(pattern: &str) -> Regex {
    Regex::new(pattern).unwrap_or_else(|e| panic!("invalid built-in pattern {pattern}: {e}"))
}

/// LST002.
fn name_content(name: &str, out: &mut Vec<Finding>) {
    for (kind, found, help) in forbidden(name) {
        let message = match kind {
            Kind::HuaweiCloud => format!(
                "the product name contains `{found}`, which passes the product off as Huawei Cloud's own"
            ),
            _ => format!("the product name contains {} (`{found}`)", kind.label()),
        };
        out.push(Finding::new(&LST002, "/product/name", message).help(help));
    }
}

/// A kind of content a listing name may not carry (one LST002 finding each).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Price,
    Version,
    Phone,
    HuaweiCloud,
}

impl Kind {
    fn label(self) -> &'static str {
        match self {
            Kind::Price => "a price",
            Kind::Version => "a version",
            Kind::Phone => "a phone number",
            Kind::HuaweiCloud => "`Huawei Cloud`",
        }
    }
}

/// Each kind of forbidden content in `name`, with the first text found and a help line.
fn forbidden(name: &str) -> Vec<(Kind, String, &'static str)> {
    let mut found = Vec::new();
    let text = |r: &Range<usize>| {
        name.get(r.clone())
            .unwrap_or_default()
            .trim()
            .trim_end_matches(['.', ','])
            .to_owned()
    };

    // Building a regex costs more than the rest of a lint run, so each one is only built
    // when the name could match it: prices, phone numbers and dotted versions need a digit
    // (`\d` is any Unicode decimal digit, all of which are `char::is_numeric`), the words
    // need their letters (`ſ` is the one non-ASCII letter that case-folds into `version`).
    let has_digit = name.chars().any(char::is_numeric);
    let lower = name.to_lowercase();
    let may_say_version = has_digit || lower.contains("version") || name.contains('ſ');
    let may_say_huawei = lower.contains("huawei") || name.contains("华为云");

    let mut prices: Vec<Range<usize>> = Vec::new();
    if has_digit {
        prices.extend(PRICE_SIGN.find_iter(name).map(|m| m.range()));
        prices.extend(
            PRICE_CODE
                .captures_iter(name)
                .filter_map(|c| c.get(1).or_else(|| c.get(2)).map(|m| m.range())),
        );
        prices.extend(PRICE_PERIOD.find_iter(name).map(|m| m.range()));
    }
    prices.sort_by_key(|r| r.start);
    if let Some(first) = prices.first() {
        found.push((
            Kind::Price,
            text(first),
            "remove the price; prices come from the specs",
        ));
    }

    let ascii_digits = name.bytes().filter(u8::is_ascii_digit).count();
    let phone_runs: Vec<regex::Match> = if ascii_digits >= PHONE_MIN_DIGITS_PLUS {
        PHONE_RUN.find_iter(name).collect()
    } else {
        Vec::new()
    };
    let phones: Vec<Range<usize>> = phone_runs
        .into_iter()
        .map(|m| m.range())
        .filter(|r| {
            let run = name.get(r.clone()).unwrap_or_default();
            let needed = if run.starts_with('+') {
                PHONE_MIN_DIGITS_PLUS
            } else {
                PHONE_MIN_DIGITS
            };
            run.bytes().filter(u8::is_ascii_digit).count() >= needed
        })
        .filter(|r| !prices.iter().any(|p| overlaps(p, r)))
        .collect();

    // The prescribed ` (HCS Version)` suffix, when the name ends with it (any case).
    let hcs = name
        .len()
        .checked_sub(HCS_SUFFIX.len())
        .filter(|&start| {
            name.get(start..)
                .is_some_and(|tail| tail.eq_ignore_ascii_case(HCS_SUFFIX))
        })
        .map(|start| start..name.len());
    let mut versions: Vec<Range<usize>> = Vec::new();
    if may_say_version {
        versions.extend(VERSION_WORD.find_iter(name).map(|m| m.range()).filter(|r| {
            !hcs.as_ref()
                .is_some_and(|h| h.start <= r.start && r.end <= h.end)
        }));
    }
    if has_digit {
        versions.extend(
            VERSION_DOT
                .find_iter(name)
                .map(|m| m.range())
                .filter(|r| !prices.iter().chain(&phones).any(|p| overlaps(p, r))),
        );
    }
    versions.sort_by_key(|r| r.start);
    if let Some(first) = versions.first() {
        found.push((
            Kind::Version,
            text(first),
            "remove the version; KooGallery shows `product.version` beside the name",
        ));
    }

    if let Some(first) = phones.first() {
        found.push((
            Kind::Phone,
            text(first),
            "remove the phone number; contacts belong in the after-sales support details",
        ));
    }

    if may_say_huawei && let Some(m) = HUAWEI_CLOUD.find(name) {
        found.push((
            Kind::HuaweiCloud,
            m.as_str().to_owned(),
            "name your own product; KooGallery rejects names that imply a Huawei Cloud product",
        ));
    }
    found
}

fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

/// LST003.
fn version_form(version: &str, out: &mut Vec<Finding>) {
    let pointer = "/product/version";
    let parsed = match semver::Version::parse(version) {
        Ok(v) => v,
        Err(e) => {
            let stripped = version.strip_prefix(['v', 'V']);
            let help = if stripped.is_some_and(|s| semver::Version::parse(s).is_ok()) {
                "drop the leading `v`: KooGallery adds `V` itself (`1.4.0` is listed as `V1.4.0`)"
            } else {
                "write a release version MAJOR.MINOR.PATCH, e.g. `1.0.0`"
            };
            out.push(
                Finding::new(
                    &LST003,
                    pointer,
                    format!("version `{version}` is not a semantic version ({e})"),
                )
                .help(help),
            );
            return;
        }
    };
    let mut problems = Vec::new();
    if parsed.major == 0 {
        problems.push("major version 0".to_owned());
    }
    if !parsed.pre.is_empty() {
        problems.push(format!("pre-release suffix `-{}`", parsed.pre));
    }
    if !parsed.build.is_empty() {
        problems.push(format!("build suffix `+{}`", parsed.build));
    }
    if !problems.is_empty() {
        out.push(
            Finding::new(
                &LST003,
                pointer,
                format!("version `{version}` has {}", problems.join(" and ")),
            )
            .help("release with a plain version, major 1 or more: e.g. `1.0.0`"),
        );
    }
}

/// LST004, for a logo file that exists inside the manifest's folder.
fn logo(path: &str, file: &Path, out: &mut Vec<Finding>) {
    let pointer = "/product/logo";
    let mut head = Vec::with_capacity(24);
    let read = std::fs::File::open(file).and_then(|f| f.take(24).read_to_end(&mut head));
    if let Err(e) = read {
        out.push(
            Finding::new(
                &LST004,
                pointer,
                format!("logo `{path}` cannot be read: {e}"),
            )
            .help("make the file readable; it is uploaded with the release"),
        );
        return;
    }
    if !head.starts_with(PNG_SIGNATURE) {
        let what = match sniff(&head) {
            Some(kind) => format!("a {kind} file"),
            None if head.is_empty() => "an empty file".to_owned(),
            None => "not a PNG image".to_owned(),
        };
        let message = if what.starts_with("not") {
            format!("logo `{path}` is {what}")
        } else {
            format!("logo `{path}` is {what}, not a PNG")
        };
        out.push(
            Finding::new(&LST004, pointer, message)
                .help("export the logo as PNG at 120×120 pixels"),
        );
    } else {
        match ihdr_size(&head) {
            None => out.push(
                Finding::new(
                    &LST004,
                    pointer,
                    format!("logo `{path}` has a PNG signature but no readable `IHDR` header (damaged or cut short)"),
                )
                .help("export the logo again as PNG at 120×120 pixels"),
            ),
            Some((w, h)) if (w, h) != (LOGO_SIDE, LOGO_SIDE) => out.push(
                Finding::new(
                    &LST004,
                    pointer,
                    format!("logo `{path}` is {w}×{h} px; KooGallery requires exactly 120×120"),
                )
                .help("scale or pad the logo to 120×120 pixels and export it again"),
            ),
            Some(_) => {}
        }
    }
    if let Ok(meta) = std::fs::metadata(file)
        && meta.len() > LOGO_MAX_BYTES
    {
        out.push(
            Finding::new(
                &LST004,
                pointer,
                format!(
                    "logo `{path}` has {} bytes; KooGallery accepts at most 5 MiB (5,242,880 bytes)",
                    grouped(meta.len())
                ),
            )
            .help("export the 120×120 logo with compression; such a logo needs a few kilobytes"),
        );
    }
}

/// `5242881` → `5,242,881`.
fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Width and height from a PNG's `IHDR` chunk, the first after the signature.
fn ihdr_size(head: &[u8]) -> Option<(u32, u32)> {
    if head.get(12..16)? != b"IHDR" {
        return None;
    }
    let w = u32::from_be_bytes(head.get(16..20)?.try_into().ok()?);
    let h = u32::from_be_bytes(head.get(20..24)?.try_into().ok()?);
    Some((w, h))
}

/// A common image or document type by its first bytes, for a clearer message.
fn sniff(head: &[u8]) -> Option<&'static str> {
    if head.starts_with(b"\xff\xd8\xff") {
        Some("JPEG")
    } else if head.starts_with(b"GIF8") {
        Some("GIF")
    } else if head.starts_with(b"RIFF") && head.get(8..12) == Some(b"WEBP") {
        Some("WebP")
    } else if head.starts_with(b"BM") {
        Some("BMP")
    } else if head.starts_with(b"%PDF") {
        Some("PDF")
    } else if head.starts_with(b"<svg") || head.starts_with(b"<?xml") {
        Some("SVG or XML")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(name: &str) -> Vec<Kind> {
        forbidden(name).into_iter().map(|(k, _, _)| k).collect()
    }

    #[test]
    fn built_in_patterns_compile() {
        for r in [
            &PRICE_SIGN,
            &PRICE_CODE,
            &PRICE_PERIOD,
            &VERSION_WORD,
            &VERSION_DOT,
            &PHONE_RUN,
            &HUAWEI_CLOUD,
        ] {
            LazyLock::force(r);
        }
    }

    #[test]
    fn forbidden_content() {
        use Kind::*;
        assert_eq!(kinds("Acme Insight"), Vec::<Kind>::new());
        assert_eq!(kinds("Acme 365"), Vec::<Kind>::new());
        assert_eq!(kinds("Team2Go"), Vec::<Kind>::new());
        assert_eq!(kinds("V-Ray Render Farm"), Vec::<Kind>::new());
        assert_eq!(kinds("USDT Wallet 3"), Vec::<Kind>::new());
        assert_eq!(kinds("Eurostat 5 Mirror"), Vec::<Kind>::new());
        assert_eq!(kinds("Versioning Hub"), Vec::<Kind>::new());
        assert_eq!(kinds("Sync 24/7"), Vec::<Kind>::new());
        assert_eq!(kinds("Backup 10/Mobile"), Vec::<Kind>::new());
        assert_eq!(kinds("TV5 Monde Player"), Vec::<Kind>::new());
        assert_eq!(kinds("Huawei Mate Sync"), Vec::<Kind>::new());
        assert_eq!(kinds("Acme Insight (HCS Version)"), Vec::<Kind>::new());
        assert_eq!(kinds("Acme Insight (hcs version)"), Vec::<Kind>::new());
        assert_eq!(kinds("Acme 365 2024"), Vec::<Kind>::new());
        assert_eq!(kinds("Acme 1234 567"), Vec::<Kind>::new());
        assert_eq!(kinds("Acme 1234 5678"), vec![Phone]);
        assert_eq!(kinds("Acme +49 30 1234"), vec![Phone]);
        assert_eq!(kinds("Acme +49 30 123"), vec![Phone]);
        assert_eq!(kinds("Acme +49 30 12"), Vec::<Kind>::new());
        assert_eq!(kinds("Acme Version (HCS Version)"), vec![Version]);
        assert_eq!(kinds("Acme v2 (HCS Version)"), vec![Version]);
        assert_eq!(kinds("Acme (HCS Version) Pro"), vec![Version]);
        assert_eq!(kinds("Acme $9.99"), vec![Price]);
        assert_eq!(kinds("Acme 9 €"), vec![Price]);
        assert_eq!(kinds("Acme USD 10"), vec![Price]);
        assert_eq!(kinds("Acme 10usd"), vec![Price]);
        assert_eq!(kinds("Acme 9 / mo"), vec![Price]);
        assert_eq!(kinds("Acme 99/Year"), vec![Price]);
        assert_eq!(kinds("Acme v2"), vec![Version]);
        assert_eq!(kinds("Acme 2.0"), vec![Version]);
        assert_eq!(kinds("Acme VERSION"), vec![Version]);
        assert_eq!(kinds("Acme +1 (555) 123-4567"), vec![Phone]);
        assert_eq!(kinds("Acme 555.123.4567"), vec![Phone]);
        assert_eq!(kinds("huaweicloud Acme"), vec![HuaweiCloud]);
        assert_eq!(kinds("华为云 Acme"), vec![HuaweiCloud]);
        assert_eq!(
            kinds("HUAWEI CLOUD Acme V3 $5/month 0800 123 4567"),
            vec![Price, Version, Phone, HuaweiCloud]
        );
    }

    /// A 120×120 PNG header padded to `len` bytes (sparse where the file system allows).
    fn padded_logo(name: &str, len: u64) -> std::path::PathBuf {
        let mut head = PNG_SIGNATURE.to_vec();
        head.extend_from_slice(&[0, 0, 0, 13]);
        head.extend_from_slice(b"IHDR");
        head.extend_from_slice(&LOGO_SIDE.to_be_bytes());
        head.extend_from_slice(&LOGO_SIDE.to_be_bytes());
        let path = std::env::temp_dir().join(format!("kooship-{}-{name}", std::process::id()));
        std::fs::write(&path, &head).unwrap();
        std::fs::File::options()
            .write(true)
            .open(&path)
            .unwrap()
            .set_len(len)
            .unwrap();
        path
    }

    #[test]
    fn logo_size_limit() {
        let at_limit = padded_logo("at-limit.png", LOGO_MAX_BYTES);
        let over = padded_logo("over.png", LOGO_MAX_BYTES + 1);
        let mut out = Vec::new();
        logo("at-limit.png", &at_limit, &mut out);
        assert!(out.is_empty(), "{out:?}");
        logo("over.png", &over, &mut out);
        let _ = std::fs::remove_file(&at_limit);
        let _ = std::fs::remove_file(&over);
        assert_eq!(out.len(), 1, "{out:?}");
        assert!(
            out[0].message.contains("5,242,881 bytes"),
            "{}",
            out[0].message
        );
    }
}
