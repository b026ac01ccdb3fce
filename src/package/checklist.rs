//! `kooship checklist`: the release checklist, in Markdown, in the order of the Seller
//! Console's release form (README.md, *Release day*).
//!
//! Every `[x]` is an automated check derived from the lint run: ticked when none of its rules
//! fired. A check whose rule reported a warning or an info stays `[ ]` with the finding under
//! it; every manual step is `[ ]`. The text depends only on the manifest and the lock.

use std::fmt::Write;

use crate::model::{
    AccessGuide, Attribute, Billing, FactorMode, Interface, PackageKind, Pricing, QuantityMode,
    Specification,
};

use super::markdown::{code, code_list, table, text};
use super::{
    Check, Prepared, Request, access_guide_label, accumulation_label, classify, cycle_label,
    factor_mode_label, hosting_label, package_kind_label, period_label, price_for,
    provisioning_label, spec_periods, template_label, yes_no,
};

/// The checklist's Markdown.
pub fn render(p: &Prepared) -> String {
    let mut md = Md::default();
    intro(p, &mut md);
    prerequisites(p, &mut md);
    basics(p, &mut md);
    api(p, &mut md);
    extension_parameters(p, &mut md);
    provisioning(p, &mut md);
    encryption(p, &mut md);
    scan(p, &mut md);
    specifications(p, &mut md);
    match &p.later {
        None => first_release(p, &mut md),
        Some(_) => changes(p, &mut md),
    }
    submit(p, &mut md);
    findings(p, &mut md);
    md.0
}

/// A Markdown document under construction: blocks separated by one blank line.
#[derive(Default)]
struct Md(String);

impl Md {
    fn block(&mut self, s: &str) {
        if !self.0.is_empty() {
            self.0.push('\n');
        }
        self.0.push_str(s.trim_end_matches('\n'));
        self.0.push('\n');
    }

    fn heading(&mut self, level: usize, title: &str) {
        self.block(&format!("{} {title}", "#".repeat(level)));
    }

    fn list(&mut self, items: &List) {
        if !items.0.is_empty() {
            self.block(&items.0);
        }
    }
}

/// A task list under construction.
#[derive(Default)]
struct List(String);

impl List {
    /// An automated check: `[x]` when none of its rules fired.
    fn check(&mut self, c: &Check) {
        let codes = c.codes.join(", ");
        if c.passed() {
            let waived = if c.waived {
                "; lowered or waived in the manifest's `lint` settings"
            } else {
                ""
            };
            let _ = writeln!(self.0, "- [x] {} ({codes}{waived})", c.label);
        } else {
            let _ = writeln!(self.0, "- [ ] {} ({codes})", c.label);
            for f in &c.fired {
                let _ = writeln!(
                    self.0,
                    "  - **{}** {}: {}",
                    f.severity,
                    f.rule.code,
                    text(&f.message)
                );
            }
        }
    }

    /// A step no tool can verify.
    fn todo(&mut self, step: &str) {
        let _ = writeln!(self.0, "- [ ] {step}");
    }
}

/// `| Field | Enter |` rows.
fn fields(rows: Vec<(&str, String)>) -> String {
    let rows: Vec<Vec<String>> = rows
        .into_iter()
        .map(|(k, v)| vec![k.to_owned(), v])
        .collect();
    table(&["Field", "Enter"], &rows)
}

fn intro(p: &Prepared, md: &mut Md) {
    md.heading(
        1,
        &format!(
            "Release checklist: {} {}",
            text(&p.product.name),
            p.listed_version()
        ),
    );
    let what = match &p.later {
        None => "A first release".to_owned(),
        Some(l) => format!(
            "A later release (the recorded release is V{}, in `kooship.lock`)",
            text(&l.version)
        ),
    };
    md.block(&format!(
        "{what} of a SaaS product on KooGallery, from {} by kooship {}. Work down the list with \
         the Seller Console open: {}. Enter the values in code exactly as shown. \
         `[x]` is a check kooship made (the rule codes in brackets); `[ ]` is a step for you, \
         or a check that reported something (the finding is under it).",
        code(&p.file_name, false),
        env!("CARGO_PKG_VERSION"),
        match &p.later {
            None => "**Product Management > My Products > Release New Product**",
            Some(_) => "**Product Management > My Products**, the product's **Modify**",
        }
    ));
    let s = crate::report::Summary::of(std::slice::from_ref(&p.linted.report));
    let suppressed = if s.suppressed > 0 {
        format!(
            "; {} suppressed by the manifest's `lint` settings",
            s.suppressed
        )
    } else {
        String::new()
    };
    md.block(&format!(
        "Lint: {}, {}, {}{suppressed}; section 11 lists them.",
        crate::report::counted(s.errors, "error"),
        crate::report::counted(s.warnings, "warning"),
        crate::report::counted(s.infos, "info")
    ));
}

fn prerequisites(p: &Prepared, md: &mut Md) {
    md.heading(2, "1. Prerequisites");
    md.block(&table(
        &["Item", "Value"],
        &[
            vec![
                "Production server".to_owned(),
                hosting_label(p.api.hosting).to_owned(),
            ],
            vec![
                "SaaS Access Guide".to_owned(),
                access_guide_label(p.delivery.access_guide).to_owned(),
            ],
        ],
    ));
    let mut l = List::default();
    l.check(&p.check(
        "The production server runs on a Huawei Cloud (International) ECS",
        &["API009"],
        "",
    ));
    l.check(&p.check(
        format!(
            "The interfaces follow SaaS Access Guide {}, which new products must use",
            access_guide_label(AccessGuide::V2)
        ),
        &["DEL002"],
        "",
    ));
    l.todo("The interfaces are deployed on that ECS behind the production URL's domain and answer within 5 seconds");
    l.todo("The interface address is verified and bound to your access key in the Seller Console (**Application Tools**)");
    md.list(&l);

    md.heading(3, "Debugging cases");
    md.block(
        "Run each case in **Application Tools > Application Access Debugging** and save it once \
         it passes. KooGallery replays the saved cases against the production URL when it \
         reviews the release.",
    );
    let cases = p.cases();
    let mut rows = Vec::new();
    for (case, specs) in &cases.required {
        let status = if cases.missing.contains(case) {
            "**missing**"
        } else {
            "saved"
        };
        rows.push(vec![
            code(case.as_str(), true),
            needed_by(p, *case, specs),
            status.to_owned(),
        ]);
    }
    for case in Interface::ALL {
        let required = cases.required.iter().any(|(c, _)| *c == case);
        if required || !cases.saved.contains(&case) {
            continue;
        }
        let (by, status) = if case == Interface::ChangeInstanceCheck {
            ("optional: spec changes at renewal", "saved")
        } else {
            ("no specification", "saved, not needed")
        };
        rows.push(vec![
            code(case.as_str(), true),
            by.to_owned(),
            status.to_owned(),
        ]);
    }
    md.block(&table(&["Case", "Needed by", "Status"], &rows));
    if !cases.missing.is_empty() {
        md.block(&format!(
            "**Missing:** {}.",
            code_list(
                &cases.missing.iter().map(|c| c.as_str()).collect::<Vec<_>>(),
                false
            )
        ));
    }
    let mut l = List::default();
    l.check(&p.check(
        "Every case the billing modes need is saved",
        &["API010"],
        "",
    ));
    l.check(&p.check(
        "No saved case is left over from a billing mode not in use",
        &["API011"],
        "",
    ));
    let has = |b: Billing| p.specs.iter().any(|s| s.billing == b);
    let guide = p.delivery.access_guide;
    if has(Billing::YearlyMonthly) {
        let trial = p
            .specs
            .iter()
            .any(|s| s.billing == Billing::YearlyMonthly && s.trial_days.is_some());
        l.todo(&format!(
            "`refreshInstance` debugged with the scene `RENEWAL`{}",
            if trial {
                " and, as a specification has a trial, `TRIAL_TO_FORMAL`"
            } else {
                ""
            }
        ));
        l.todo("`updateInstanceStatus` debugged with `FREEZE` and with `UNFREEZE`");
    }
    let upgrading: Vec<&str> = p
        .specs
        .iter()
        .filter(|s| {
            s.billing == Billing::YearlyMonthly && (!s.upgrade_rules().is_empty() || s.scales_out())
        })
        .map(|s| s.code.as_str())
        .collect();
    if !upgrading.is_empty() {
        l.todo(&format!(
            "`upgradeInstance` debugged with an upgrade order (for {})",
            code_list(&upgrading, false)
        ));
    }
    if has(Billing::PayPerUse) {
        let packages = p.specs.iter().any(
            |s| matches!(&s.pricing, Pricing::PayPerUse { packages: Some(p), .. } if !p.is_empty()),
        );
        l.todo(&format!(
            "The usage push (`usagePush`) verified with the mock order `MOCKONDEMAND`{}",
            if packages {
                " and, for the packages, `MOCKONDEMANDPKG`"
            } else {
                ""
            }
        ));
        if guide == AccessGuide::V1 {
            l.todo("`updateInstanceStatus` debugged for the pay-per-use instance status");
        }
        let sbe = p.specs.iter().any(|s| match &s.pricing {
            Pricing::PayPerUse {
                packages: Some(p), ..
            } => p.iter().any(|k| k.kind == PackageKind::StopBeforeExcess),
            _ => false,
        });
        if sbe {
            l.todo("Usage records of stop-before-excess packages carry `relate_pkg_instance` (the package's instance ID)");
        }
    }
    let quantities: Vec<String> = p
        .specs
        .iter()
        .flat_map(|s| match &s.pricing {
            Pricing::Custom { attributes, .. } => attributes
                .iter()
                .filter(|a| matches!(a, Attribute::Quantity { .. }))
                .map(|a| a.code().to_owned())
                .collect(),
            _ => Vec::new(),
        })
        .collect();
    if !quantities.is_empty() {
        l.todo(&format!(
            "A saved case carried the quantity attribute {} filled in (`linearValue`)",
            code_list(&quantities, false)
        ));
    }
    md.list(&l);
}

/// The specs that need a case, grouped by billing mode (`Yearly/Monthly: `a`, `b``).
fn needed_by(p: &Prepared, case: Interface, specs: &[String]) -> String {
    if case == Interface::UpgradeInstance {
        return format!("upgrades or scale-out: {}", code_list(specs, true));
    }
    let mut groups = Vec::new();
    for billing in Billing::ALL {
        let codes: Vec<&String> = specs
            .iter()
            .filter(|c| {
                p.specs
                    .iter()
                    .any(|s| &s.code == *c && s.billing == billing)
            })
            .collect();
        if !codes.is_empty() {
            groups.push(format!("{}: {}", billing.label(), code_list(&codes, true)));
        }
    }
    groups.join("; ")
}

fn basics(p: &Prepared, md: &mut Md) {
    md.heading(2, "2. Delivery method and basic information");
    let sup = &p.delivery.service_supervision;
    let mut rows = vec![
        ("Delivery Method", code("SaaS", true)),
        ("Product Name", code(&p.product.name, true)),
        ("Version", code(&p.listed_version(), true)),
    ];
    match (&p.product.logo, p.bundled_file("/product/logo")) {
        (Some(written), Some(f)) => rows.push((
            "Logo",
            format!(
                "upload {} (in the bundle: {})",
                code(written, true),
                code(&f.bundle_path, true)
            ),
        )),
        _ => rows.push(("Logo", "*(none in the manifest)*".to_owned())),
    }
    rows.push((
        "Involve Service Supervision",
        code(yes_no(sup.enabled), true),
    ));
    if sup.enabled {
        if let Some(flow) = &sup.service_flow {
            rows.push(("Service flow", code(flow, true)));
        }
        if let (Some(written), Some(f)) = (
            &sup.delivery_template,
            p.bundled_file("/delivery/service_supervision/delivery_template"),
        ) {
            rows.push((
                "Delivery template",
                format!(
                    "upload {} (in the bundle: {})",
                    code(written, true),
                    code(&f.bundle_path, true)
                ),
            ));
        }
    }
    md.block(&fields(rows));
    md.block(&format!(
        "**Involve Service Supervision cannot be changed after the first release.** {}",
        if sup.enabled {
            "`Yes`: provisioning happens after a request or takes time; orders settle when the \
             service flow completes."
        } else {
            "`No`: buyers use the product as soon as they subscribe."
        }
    ));
    let mut l = List::default();
    l.check(&p.check("The delivery method is SaaS", &["DEL001"], ""));
    l.check(&p.check("The product name is 1 to 80 characters", &["LST001"], ""));
    l.check(&p.check(
        "The product name holds no price, version, phone number or \"Huawei Cloud\"",
        &["LST002"],
        "",
    ));
    l.check(&p.check(
        format!(
            "The version is semantic (major 1 or more, no suffix), listed as `{}`",
            p.listed_version()
        ),
        &["LST003"],
        "",
    ));
    l.check(&p.check(
        "The logo is a PNG of exactly 120×120 px, at most 5 MiB",
        &["LST004", "LST005"],
        "",
    ));
    if sup.enabled {
        l.check(&p.check("A service flow is named", &["DEL003"], ""));
        l.check(&p.check(
            "A delivery template is given, as `.xlsx`, `.xls`, `.docx`, `.doc` or `.pdf`",
            &["DEL004", "DEL005"],
            "",
        ));
    } else {
        l.check(&p.check(
            "No service flow or delivery template is left over",
            &["DEL006"],
            "",
        ));
    }
    if let Some(later) = &p.later {
        l.check(&p.check(
            format!(
                "Service supervision is unchanged since V{}",
                text(&later.version)
            ),
            &["REL001"],
            "",
        ));
        l.check(&p.check("The product name is the released one", &["REL008"], ""));
    }
    l.todo("The name describes the product accurately, as spelled in its software copyright certificate");
    if sup.enabled {
        l.todo("Choose the service flow above, download KooGallery's delivery template, and upload the filled-in template");
    }
    md.list(&l);
}

fn api(p: &Prepared, md: &mut Md) {
    md.heading(2, "3. Production system API URL");
    let tls: Vec<&str> = p.api.tls_versions.iter().map(|t| t.label()).collect();
    md.block(&fields(vec![
        ("Production System API URL", code(&p.api.url, true)),
        (
            "TLS versions (server setting, not a form field)",
            if tls.is_empty() {
                "*(none)*".to_owned()
            } else {
                tls.join(", ")
            },
        ),
    ]));
    let mut l = List::default();
    let url = "/production_api/url";
    l.check(&p.check(
        "The URL is an absolute `http://` or `https://` URL",
        &["API001"],
        url,
    ));
    l.check(&p.check(
        "Its host is a domain name, not an IP address or `localhost`",
        &["API002"],
        url,
    ));
    l.check(&p.check("It uses HTTPS", &["API003"], url));
    l.check(&p.check("It holds no user name or password", &["API004"], url));
    l.check(&p.check("It has no query string or fragment", &["API005"], url));
    l.check(&p.check("SSL 2.0, SSL 3.0 and TLS 1.0 are off", &["API006"], ""));
    l.check(&p.check("TLS 1.1 or TLS 1.2 is accepted", &["API007"], ""));
    l.check(&p.check("TLS 1.1 is off", &["API008"], ""));
    l.todo("Select this address among the saved interface addresses: it must be the one the debugging cases ran against");
    md.list(&l);
}

fn extension_parameters(p: &Prepared, md: &mut Md) {
    md.heading(2, "4. Extension parameters");
    if p.extension_parameters.is_empty() {
        md.block("None: leave **Extension Parameters** empty.");
    } else {
        let rows: Vec<Vec<String>> = p
            .extension_parameters
            .iter()
            .map(|e| {
                vec![
                    code(&e.name, true),
                    code(&e.kind, true),
                    match &e.approval {
                        Some(a) => text(a),
                        None if e.kind == "default" => "not needed".to_owned(),
                        None => "**none**".to_owned(),
                    },
                    yes_no(e.debugged).to_owned(),
                ]
            })
            .collect();
        md.block(&table(
            &["Parameter", "Type", "KooGallery approval", "Debugged"],
            &rows,
        ));
    }
    let mut l = List::default();
    l.check(&p.check("At most three parameters", &["EXT001"], ""));
    if !p.extension_parameters.is_empty() {
        l.check(&p.check("Names are unique", &["EXT002"], ""));
        l.check(&p.check(
            "Names are letters and digits, starting with a letter, at most 32 characters",
            &["EXT003"],
            "",
        ));
        l.check(&p.check(
            "Every non-default type has KooGallery's approval",
            &["EXT004"],
            "",
        ));
        l.check(&p.check(
            "Every parameter was carried by a saved debugging case",
            &["EXT005"],
            "",
        ));
        l.todo("Select each parameter above in **Extension Parameters**");
    }
    md.list(&l);
}

fn provisioning(p: &Prepared, md: &mut Md) {
    md.heading(2, "5. Provisioning info");
    md.block("The buyer data KooGallery passes in the subscription request (the Seller Console may label the field **User Authorization Required**).");
    if p.provisioning.is_empty() {
        md.block("None: select nothing; subscription requests carry no buyer data.");
    } else {
        let rows: Vec<Vec<String>> = p
            .provisioning
            .iter()
            .map(|&i| {
                vec![
                    code(provisioning_label(i), true),
                    code_list(i.request_fields(), true),
                    if i.is_privacy_field() {
                        "Yes: sent encrypted".to_owned()
                    } else {
                        "No".to_owned()
                    },
                ]
            })
            .collect();
        md.block(&table(
            &["Select", "Request fields", "Privacy field"],
            &rows,
        ));
    }
    let mut l = List::default();
    l.check(&p.check("No item is listed twice", &["PRV001"], ""));
    if !p.provisioning.is_empty() {
        let fields: Vec<&str> = p
            .provisioning
            .iter()
            .flat_map(|i| i.request_fields().iter().copied())
            .collect();
        l.todo(&format!(
            "Your `newInstance` handler reads {}",
            code_list(&fields, false)
        ));
    }
    md.list(&l);
}

fn encryption(p: &Prepared, md: &mut Md) {
    md.heading(2, "6. Sensitive information encryption");
    let privacy: Vec<&str> = p
        .provisioning
        .iter()
        .filter(|i| i.is_privacy_field())
        .flat_map(|i| i.request_fields().iter().copied())
        .collect();
    match p.encryption {
        Some(e) => md.block(&fields(vec![(
            "Sensitive Information Encryption Algorithm",
            code(e.as_str(), true),
        )])),
        None => md.block("None: no privacy field is provisioned; leave **Sensitive Information Encryption Algorithm** unset."),
    }
    let mut l = List::default();
    l.check(&p.check(
        "An algorithm is chosen when a privacy field is provisioned",
        &["PRV002"],
        "",
    ));
    l.check(&p.check(
        "The algorithm is AES-256 (`AES256_CBC_PKCS5Padding`)",
        &["PRV003"],
        "",
    ));
    l.check(&p.check(
        "No algorithm is set without a privacy field",
        &["PRV004"],
        "",
    ));
    if let (Some(e), false) = (p.encryption, privacy.is_empty()) {
        l.todo(&format!(
            "Your server decrypts {} with `{}` and your access key (16 characters of IV, then the base64 ciphertext)",
            code_list(&privacy, false),
            e.as_str()
        ));
    }
    md.list(&l);
}

fn scan(p: &Prepared, md: &mut Md) {
    md.heading(2, "7. Security scan");
    let mut l = List::default();
    l.check(&p.check(
        "Exactly one of a scan report or an exception cause",
        &["SEC001", "SEC002"],
        "",
    ));
    l.check(&p.check("An exception cause is a real explanation", &["SEC003"], ""));
    match (&p.scan.report, &p.scan.exception) {
        (Some(report), _) => {
            md.block(&fields(vec![(
                "Vulnerability Scans (or Associated Assets)",
                code(report, true),
            )]));
            l.todo("The scan of the domain buyers use passed without a high-risk vulnerability, and the SaaS asset referencing it is released in the asset center");
        }
        (None, Some(exception)) => {
            md.block(&fields(vec![(
                "Vulnerability Scans: exception cause",
                code(exception, true),
            )]));
            l.todo("The product really has no website or portal that a scan could reach");
        }
        (None, None) => md.block("*(no scan report or exception in the manifest)*"),
    }
    md.list(&l);
}

fn specifications(p: &Prepared, md: &mut Md) {
    md.heading(2, "8. Specifications");
    let listed = p
        .specs
        .iter()
        .filter(|s| s.is_listed() && !s.is_test())
        .count();
    md.block(&format!(
        "Add {} specification{} in this order ({} listed for sale). Prices are in {}, \
         written exactly as in the manifest.",
        p.specs.len(),
        if p.specs.len() == 1 { "" } else { "s" },
        listed,
        code(&p.currency, false)
    ));
    let mut l = List::default();
    l.check(&p.check(
        "The currency is an active ISO 4217 code",
        &["PRC017"],
        "/product",
    ));
    l.check(&p.check(
        "At least one specification is listed for sale",
        &["SPC013"],
        "",
    ));
    let attributes: Vec<String> = p
        .specs
        .iter()
        .flat_map(|s| match &s.pricing {
            Pricing::Custom { attributes, .. } => {
                attributes.iter().map(|a| a.code().to_owned()).collect()
            }
            _ => Vec::new(),
        })
        .fold(Vec::new(), |mut v, c| {
            if !v.contains(&c) {
                v.push(c);
            }
            v
        });
    if !attributes.is_empty() {
        l.todo(&format!(
            "The custom attributes of the specifications exist under **Product Management > Product Attributes**: {}",
            code_list(&attributes, false)
        ));
    }
    md.list(&l);
    for (i, spec) in p.specs.iter().enumerate() {
        specification(p, md, i, spec);
    }
}

fn specification(p: &Prepared, md: &mut Md, i: usize, s: &Specification) {
    md.heading(
        3,
        &format!("8.{} {} ({})", i + 1, text(&s.name), code(&s.code, false)),
    );
    let ym = s.billing == Billing::YearlyMonthly;
    let mut rows = vec![
        ("Specification Name", code(&s.name, true)),
        ("Billing Mode", code(s.billing.label(), true)),
    ];
    if ym {
        let periods: Vec<&str> = spec_periods(s)
            .into_iter()
            .flatten()
            .map(period_label)
            .collect();
        rows.push(("Periods", code_list(&periods, true)));
        rows.push(("Allow Trial", code(yes_no(s.trial_days.is_some()), true)));
    }
    if let Some(days) = s.trial_days {
        let released = p
            .later
            .as_ref()
            .is_some_and(|l| l.released_specs.contains(&s.code));
        rows.push((
            "Trial Days",
            format!(
                "{} — **{}**",
                code(&days.to_string(), true),
                if released {
                    "released: cannot be cancelled or changed"
                } else {
                    "cannot be cancelled or changed once released"
                }
            ),
        ));
    }
    rows.push(("Pricing Template", code(template_label(&s.pricing), true)));
    if !s.upgrade_rules().is_empty() {
        let rules: Vec<String> = s
            .upgrade_rules()
            .iter()
            .map(|u| {
                format!(
                    "{}: {} → {}",
                    code(&u.attribute, true),
                    code(&u.from, true),
                    code(&u.to, true)
                )
            })
            .collect();
        rows.push(("Upgrade rules", rules.join("; ")));
    }
    if s.scales_out() {
        rows.push((
            "Scale-out",
            format!(
                "{} (buyers may raise the quantity during the validity period)",
                code("Yes", true)
            ),
        ));
    }
    if s.is_test() {
        rows.push((
            "Test specification",
            "yes: KooGallery removes it after the release test".to_owned(),
        ));
    }
    if !s.is_listed() {
        rows.push((
            "Listed",
            "no: take it off the catalog (released specifications cannot be deleted)".to_owned(),
        ));
    }
    md.block(&fields(rows));
    pricing_tables(p, md, s);

    let scope = format!("/specifications/{i}");
    let sc = scope.as_str();
    let mut l = List::default();
    l.check(&p.check(
        "Code and name are unique; the code is lowercase letters, digits and hyphens",
        &["SPC001", "SPC002"],
        sc,
    ));
    l.check(&p.check("Periods fit the billing mode", &["SPC003"], sc));
    if s.trial_days.is_some() {
        l.check(&p.check(
            "The trial is on a yearly/monthly specification, 1 to 30 days",
            &["SPC004", "SPC005"],
            sc,
        ));
    }
    l.check(&p.check(
        "The pricing template fits the billing mode",
        &["PRC001"],
        sc,
    ));
    l.check(&p.check(
        "Prices: none negative, at most 2 decimals (4 for pay-per-use unit prices), one for each offered period",
        &["PRC002", "PRC003", "PRC004"],
        sc,
    ));
    match &s.pricing {
        Pricing::Custom { attributes, skus } => {
            l.check(&p.check(
                "Attribute codes are not reserved; codes and values are unique",
                &["PRC005", "PRC006"],
                sc,
            ));
            let quantity = attributes
                .iter()
                .any(|a| matches!(a, Attribute::Quantity { .. }));
            if quantity {
                l.check(&p.check(
                    "The quantity range is valid (min ≤ max, step divides it)",
                    &["PRC007"],
                    sc,
                ));
            }
            l.check(&p.check(
                "SKUs name valid values, are unique, and cover every combination",
                &["PRC008", "PRC009", "PRC010"],
                sc,
            ));
            l.check(&p.check(
                "Quantity pricing is given exactly when there is a quantity attribute",
                &["PRC011"],
                sc,
            ));
            let tiered = skus.iter().any(|k| {
                k.quantity_pricing
                    .as_ref()
                    .is_some_and(|q| q.mode == QuantityMode::Tiered)
            });
            if tiered {
                l.check(&p.check(
                    "Tiers run from the minimum to the maximum without gap or overlap",
                    &["PRC012"],
                    sc,
                ));
            }
        }
        Pricing::PayPerUse { factors, packages } => {
            l.check(&p.check(
                "Billing factors are unique, and each has a price or tiers as its mode needs",
                &["PRC013"],
                sc,
            ));
            l.check(&p.check(
                "Only tiered factors have an accumulation cycle, and every tiered one has",
                &["PRC014"],
                sc,
            ));
            if factors.iter().any(|f| f.mode != FactorMode::Fixed) {
                l.check(&p.check(
                    "Usage tiers start at 0 and follow each other without gap",
                    &["PRC012"],
                    sc,
                ));
            }
            if packages.as_ref().is_some_and(|p| !p.is_empty()) {
                l.check(&p.check(
                    "Packages name a factor of this specification, have a positive quota and unique codes",
                    &["PRC015"],
                    sc,
                ));
            }
        }
        Pricing::Simple { .. } => {}
    }
    if !s.upgrade_rules().is_empty() || s.scales_out() {
        l.check(&p.check("Upgrade rules and scale-out are valid", &["SPC011"], sc));
    }
    if s.is_test() {
        l.check(&p.check(
            "The test specification is yearly/monthly, priced 0, with a 3-day trial",
            &["SPC008"],
            sc,
        ));
    } else if s.is_listed() {
        l.check(&p.check("Something in it is not free", &["PRC016"], sc));
    }
    if let Some(later) = &p.later
        && later.released_specs.contains(&s.code)
    {
        l.check(&p.check("Its trial is as released", &["REL002"], sc));
        l.check(&p.check("Its billing mode is as released", &["REL005"], sc));
        l.check(&p.check("Its pricing is as released", &["REL007"], sc));
    }
    md.list(&l);
}

/// An amount with the currency: `20 USD`.
fn money(p: &Prepared, a: &crate::decimal::Amount) -> String {
    format!("{} {}", text(a.text()), text(&p.currency))
}

fn pricing_tables(p: &Prepared, md: &mut Md, s: &Specification) {
    let periods = spec_periods(s);
    let period_headers: Vec<&str> = periods
        .iter()
        .map(|p| p.map(period_label).unwrap_or("One-time"))
        .collect();
    match &s.pricing {
        Pricing::Simple { price } => {
            let row: Vec<String> = periods
                .iter()
                .map(|&per| {
                    price_for(price, per)
                        .map(|a| money(p, a))
                        .unwrap_or_else(|| "—".to_owned())
                })
                .collect();
            md.block(&format!("Price in {}:", code(&p.currency, false)));
            md.block(&table(&period_headers, &[row]));
        }
        Pricing::Custom { attributes, skus } => {
            let enums: Vec<&Attribute> = attributes
                .iter()
                .filter(|a| matches!(a, Attribute::Enumeration { .. }))
                .collect();
            let quantity = attributes.iter().find_map(|a| match a {
                Attribute::Quantity {
                    name,
                    min,
                    max,
                    step,
                    unit,
                    code: c,
                } => Some((name, *min, *max, *step, unit, c)),
                Attribute::Enumeration { .. } => None,
            });
            let mut attr_rows = Vec::new();
            for a in attributes {
                attr_rows.push(match a {
                    Attribute::Enumeration {
                        code: c,
                        name,
                        values,
                    } => vec![
                        code(c, true),
                        text(name),
                        "Enumeration".to_owned(),
                        code_list(values, true),
                    ],
                    Attribute::Quantity {
                        code: c,
                        name,
                        min,
                        max,
                        step,
                        unit,
                    } => vec![
                        code(c, true),
                        text(name),
                        "Quantity".to_owned(),
                        format!("{min} to {max}, step {step}, unit {}", code(unit, true)),
                    ],
                });
            }
            md.block("Attributes:");
            md.block(&table(&["Attribute", "Name", "Type", "Values"], &attr_rows));

            let mut headers: Vec<String> = vec!["SKU".to_owned()];
            headers.extend(enums.iter().map(|a| text(a.name())));
            if quantity.is_some() {
                headers.push("Charge".to_owned());
            }
            headers.extend(period_headers.iter().map(|h| (*h).to_owned()));
            let mut rows = Vec::new();
            for sku in skus {
                let mut lead = vec![code(&sku.code, true)];
                for a in &enums {
                    lead.push(
                        sku.values
                            .get(a.code())
                            .map(|v| code(v, true))
                            .unwrap_or_else(|| "—".to_owned()),
                    );
                }
                let amounts = |price: &crate::model::Price| -> Vec<String> {
                    periods
                        .iter()
                        .map(|&per| {
                            price_for(price, per)
                                .map(|a| money(p, a))
                                .unwrap_or_else(|| "—".to_owned())
                        })
                        .collect()
                };
                let mut row = lead.clone();
                if quantity.is_some() {
                    row.push("base price".to_owned());
                }
                row.extend(amounts(&sku.price));
                rows.push(row);
                if let (Some(q), Some((name, min, max, _, unit, _))) =
                    (&sku.quantity_pricing, quantity)
                {
                    match q.mode {
                        QuantityMode::Linear => {
                            if let Some(u) = &q.unit_price {
                                let mut row = lead.clone();
                                row.push(format!(
                                    "per {}, {} {min} to {max} (linear)",
                                    text(unit),
                                    text(name)
                                ));
                                row.extend(amounts(u));
                                rows.push(row);
                            }
                        }
                        QuantityMode::Tiered => {
                            for t in q.tiers.iter().flatten() {
                                let mut row = lead.clone();
                                row.push(format!(
                                    "per {}, {} {} to {}",
                                    text(unit),
                                    text(name),
                                    t.from,
                                    t.to
                                ));
                                row.extend(amounts(&t.unit_price));
                                rows.push(row);
                            }
                        }
                    }
                }
            }
            let headers: Vec<&str> = headers.iter().map(String::as_str).collect();
            md.block(&format!("Prices per SKU in {}:", code(&p.currency, false)));
            md.block(&table(&headers, &rows));
        }
        Pricing::PayPerUse { factors, packages } => {
            let mut rows = Vec::new();
            for f in factors {
                let mode = match f.accumulation_cycle {
                    Some(c) => format!(
                        "{}, accumulated per {}",
                        factor_mode_label(f.mode),
                        accumulation_label(c).to_lowercase()
                    ),
                    None => factor_mode_label(f.mode).to_owned(),
                };
                let lead = vec![
                    code(&f.name, true),
                    text(&f.unit),
                    cycle_label(f.cycle).to_owned(),
                    mode,
                ];
                if let Some(price) = &f.price {
                    let mut row = lead.clone();
                    row.push("any".to_owned());
                    row.push(money(p, price));
                    rows.push(row);
                }
                for t in f.tiers.iter().flatten() {
                    let mut row = lead.clone();
                    row.push(match &t.to {
                        Some(to) => format!("{} to under {}", text(t.from.text()), text(to.text())),
                        None => format!("{} and above", text(t.from.text())),
                    });
                    row.push(money(p, &t.unit_price));
                    rows.push(row);
                }
            }
            md.block(&format!(
                "Billing factors, unit prices in {}:",
                code(&p.currency, false)
            ));
            md.block(&table(
                &[
                    "Billing factor",
                    "Unit",
                    "Billing cycle",
                    "Price mode",
                    "Usage",
                    "Unit price",
                ],
                &rows,
            ));
            let packages = packages.as_deref().unwrap_or_default();
            if !packages.is_empty() {
                let rows: Vec<Vec<String>> = packages
                    .iter()
                    .map(|k| {
                        let unit = factors
                            .iter()
                            .find(|f| f.name == k.factor)
                            .map(|f| format!(" {}", text(&f.unit)))
                            .unwrap_or_default();
                        vec![
                            code(&k.code, true),
                            text(&k.name),
                            format!(
                                "{}: {}",
                                package_kind_label(k.kind),
                                match k.kind {
                                    PackageKind::Package => "quota first, then pay-per-use",
                                    PackageKind::StopBeforeExcess =>
                                        "the service stops when the quota is used up",
                                }
                            ),
                            format!(
                                "{}{unit} of {}",
                                text(k.quota.text()),
                                code(&k.factor, true)
                            ),
                            money(p, &k.price),
                            format!("1 {}", k.validity.as_str()),
                        ]
                    })
                    .collect();
                md.block("Packages:");
                md.block(&table(
                    &["Package", "Name", "Type", "Quota", "Price", "Validity"],
                    &rows,
                ));
            }
        }
    }
}

fn first_release(p: &Prepared, md: &mut Md) {
    md.heading(2, "9. First release");
    md.block(&fields(vec![(
        "Public Product",
        format!(
            "{} (the product is reachable only by its URL until you open it)",
            code(yes_no(p.product.public), true)
        ),
    )]));
    let test = p.specs.iter().find(|s| s.is_test());
    let mut l = List::default();
    l.check(&p.check("Public Product is `No`", &["SPC006"], ""));
    l.check(&p.check(
        match test {
            Some(t) => format!("There is one test specification, {}", code(&t.code, false)),
            None => "There is one test specification".to_owned(),
        },
        &["SPC007", "SPC009"],
        "",
    ));
    l.check(&p.check(
        "The test specification is yearly/monthly, priced 0, with a 3-day trial",
        &["SPC008"],
        "",
    ));
    let test_code = test
        .map(|t| code(&t.code, false))
        .unwrap_or_else(|| "test".to_owned());
    l.todo(&format!(
        "Once approved, subscribe to the test specification {test_code} with your own account and follow a whole subscription against the production system: the instance is created, the trial runs, renewal and release work"
    ));
    l.todo(&format!(
        "KooGallery removes the test specification after the release test: then delete {test_code} from {} too",
        code(&p.file_name, false)
    ));
    l.todo("To open the product to buyers: set `public: true`, raise `version`, and submit it as a modification request (Public Product `Yes`)");
    md.list(&l);
}

fn changes(p: &Prepared, md: &mut Md) {
    let Some(later) = &p.later else {
        return;
    };
    md.heading(2, &format!("9. Changes since V{}", text(&later.version)));
    md.block(&fields(vec![(
        "Public Product",
        code(yes_no(p.product.public), true),
    )]));
    if later.changes.is_empty() {
        md.block(&format!("No change since V{}.", text(&later.version)));
    } else {
        let rows: Vec<Vec<String>> = later
            .changes
            .iter()
            .map(|c| {
                let (r, reason) = classify(c);
                let what = match r {
                    Request::Refused => format!("**{reason}**"),
                    Request::Modification => "modification request".to_owned(),
                    Request::None => format!("none: {reason}"),
                };
                vec![
                    code(&c.pointer, true),
                    value_cell(c.old.as_ref()),
                    value_cell(c.new.as_ref()),
                    what,
                ]
            })
            .collect();
        md.block(&table(&["Field", "Was", "Now", "Request"], &rows));
        let count = |r: Request| later.changes.iter().filter(|c| classify(c).0 == r).count();
        md.block(&format!(
            "{} change(s) go into the modification request; {} need no request; {} irreversible \
             (KooGallery refuses them).",
            count(Request::Modification),
            count(Request::None),
            count(Request::Refused)
        ));
    }
    let mut l = List::default();
    l.check(&p.check(
        "The release history `kooship.lock` is intact",
        &["REL006"],
        "",
    ));
    l.check(&p.check(
        format!("The version is greater than V{}", text(&later.version)),
        &["REL004"],
        "",
    ));
    l.check(&p.check(
        "No released specification is deleted (set `listed: false` instead)",
        &["REL003"],
        "",
    ));
    l.check(&p.check(
        "No test specification is left (KooGallery removed it after the first release test)",
        &["SPC010"],
        "",
    ));
    l.todo("Enter the changes above in the product's **Modify** page; unchanged values stay as they are");
    md.list(&l);
}

/// A changed value for the table: compact JSON in a code span, long structures shortened.
fn value_cell(v: Option<&serde_json::Value>) -> String {
    let Some(v) = v else {
        return "—".to_owned();
    };
    let json = serde_json::to_string(v).unwrap_or_default();
    if json.chars().count() > 60 && (v.is_object() || v.is_array()) {
        let short = if v.is_object() { "{…}" } else { "[…]" };
        return match v.get("code").and_then(serde_json::Value::as_str) {
            Some(c) => format!("{} ({})", code(short, true), code(c, true)),
            None => code(short, true),
        };
    }
    code(&json, true)
}

fn submit(p: &Prepared, md: &mut Md) {
    md.heading(2, "10. Submit");
    let mut l = List::default();
    l.todo("Click **Save as Draft** before submitting; drafts are under **Product Management > Drafts**");
    l.todo("Submit for review. KooGallery reviews a request within 3 working days, longer when you file 10 or more requests in one day; follow it under **Product Management > My Applications**");
    l.todo(&format!(
        "Keep the production system up during the review: KooGallery replays the saved debugging cases against {}",
        code(&p.api.url, false)
    ));
    l.todo("Answer KooGallery's mails to your customer-service and after-sales addresses within 24 hours");
    l.todo("Once submitted, run `kooship record` and commit `kooship.lock`: the next release is checked against it");
    md.list(&l);
}

fn findings(p: &Prepared, md: &mut Md) {
    md.heading(2, "11. Findings");
    let findings = p.findings();
    if findings.is_empty() {
        md.block("The lint reported nothing.");
        return;
    }
    md.block("Every finding of the lint (none is an error):");
    let mut s = String::new();
    for f in findings {
        let (start, _) = crate::report::range(&p.linted.report, f);
        let _ = writeln!(
            s,
            "- **{}** {} `{}`, line {}: {}",
            f.severity,
            f.rule.code,
            f.rule.name,
            start.line,
            text(&f.message)
        );
        if !f.help.is_empty() {
            let _ = writeln!(s, "  - {}", text(&f.help));
        }
    }
    md.block(&s);
}
