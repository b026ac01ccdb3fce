//! The release form's sections before the specifications: prerequisites, basics (delivery,
//! supervision), the production API, extension parameters, provisioning, encryption and the
//! security scan.

use crate::model::{AccessGuide, Attribute, Billing, Interface, PackageKind, Pricing};

use crate::package::markdown::{code, code_list, table, text};
use crate::package::{Prepared, access_guide_label, hosting_label, provisioning_label, yes_no};

use super::{List, Md, fields};

pub(super) fn prerequisites(p: &Prepared, md: &mut Md) {
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

pub(super) fn basics(p: &Prepared, md: &mut Md) {
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

pub(super) fn api(p: &Prepared, md: &mut Md) {
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

pub(super) fn extension_parameters(p: &Prepared, md: &mut Md) {
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

pub(super) fn provisioning(p: &Prepared, md: &mut Md) {
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

pub(super) fn encryption(p: &Prepared, md: &mut Md) {
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

pub(super) fn scan(p: &Prepared, md: &mut Md) {
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
