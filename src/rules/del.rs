//! DEL — delivery method and service supervision.

use super::{Area, Context, Docs, Origin, Rule};
use crate::finding::{Finding, Severity};
use crate::model::{AccessGuide, Optional};

pub static AREA: Area = Area {
    prefix: "DEL",
    title: "Delivery and service supervision",
    rules: &[
        &DEL001, &DEL002, &DEL003, &DEL004, &DEL005, &DEL006, &DEL007,
    ],
    check,
};

pub static DEL001: Rule = Rule {
    code: "DEL001",
    name: "delivery-not-saas",
    severity: Severity::Error,
    waivable: false,
    origin: Origin::Seed,
    summary: "`delivery.method` is not `saas`.",
    docs: Docs {
        what: "That `delivery.method` is `saas`, the only delivery method kooship's release form \
               covers.",
        why: "KooGallery rejects a release whose delivery method does not match what the product \
              is, and the SaaS release form (production API, debugging cases, provisioning) only \
              exists for SaaS products.",
        example: "delivery:\n  method: image\n",
        fix: "Set `method: saas`. Products delivered another way (images, licences, services) are \
              released with another form that kooship does not cover.",
        source: "Releasing SaaS (delivery method); Product Release Description.",
    },
};

pub static DEL002: Rule = Rule {
    code: "DEL002",
    name: "access-guide-v1",
    severity: Severity::Error,
    waivable: true,
    origin: Origin::Doc,
    summary: "`access_guide` is `1` on a first release (new products must implement V2.0). On a later release: warning.",
    docs: Docs {
        what: "`delivery.access_guide`: on a first release it must be `2`; on a later release a \
               product still on `1` gets a warning.",
        why: "Since 1 May 2024 newly released products must integrate with KooGallery through the \
              SaaS Product Access Guide V2.0; V1 is offline for new products. Products released \
              earlier on V1 keep working, but should move to V2.0.",
        example: "delivery:\n  method: saas\n  access_guide: 1\n",
        fix: "Implement the V2.0 interfaces (signed JSON bodies, `newInstance`, `queryInstance`, …), \
              debug them in the Seller Console, and set `access_guide: 2`.",
        source: "Releasing SaaS (2024 version: Access Guide V2.0 for new products).",
    },
};

pub static DEL003: Rule = Rule {
    code: "DEL003",
    name: "supervision-flow-missing",
    severity: Severity::Error,
    waivable: false,
    origin: Origin::Seed,
    summary: "Supervision enabled without `service_flow`.",
    docs: Docs {
        what: "With `service_supervision.enabled: true`, that `service_flow` names the service \
               flow chosen in the Seller Console.",
        why: "A supervised product is delivered through a service flow; the release form cannot \
              be submitted without one.",
        example: "service_supervision:\n  enabled: true\n  delivery_template: templates/delivery.xlsx\n",
        fix: "Choose the service flow in the Seller Console and write its name: \
              `service_flow: Standard delivery`.",
        source: "Releasing SaaS (service supervision).",
    },
};

pub static DEL004: Rule = Rule {
    code: "DEL004",
    name: "supervision-template-missing",
    severity: Severity::Error,
    waivable: false,
    origin: Origin::Seed,
    summary: "Supervision enabled without `delivery_template`.",
    docs: Docs {
        what: "With `service_supervision.enabled: true`, that `delivery_template` names the \
               filled-in delivery template to upload.",
        why: "KooGallery asks for the delivery template to be downloaded, filled in and uploaded \
              with a supervised release.",
        example: "service_supervision:\n  enabled: true\n  service_flow: Standard delivery\n",
        fix: "Download the template from the release form, fill it in, keep it beside the \
              manifest and refer to it: `delivery_template: templates/delivery.xlsx`.",
        source: "Releasing SaaS (service supervision).",
    },
};

pub static DEL005: Rule = Rule {
    code: "DEL005",
    name: "supervision-template-type",
    severity: Severity::Warning,
    waivable: true,
    origin: Origin::Inferred,
    summary: "`delivery_template` is not one of `.xlsx .xls .docx .doc .pdf`.",
    docs: Docs {
        what: "The extension of the delivery template file: `.xlsx`, `.xls`, `.docx`, `.doc` or \
               `.pdf` (any case). Silent when the file reference itself is broken (MAN008).",
        why: "KooGallery's template is an office document; the upload field is expected to take \
              office formats and PDF only, so another file type is likely the wrong file.",
        example: "service_supervision:\n  enabled: true\n  service_flow: Standard delivery\n  delivery_template: templates/delivery.txt\n",
        fix: "Upload the filled-in template itself, saved as `.xlsx`, `.docx` or `.pdf`.",
        source: "Inferred from the release form's template download (no published list of accepted types).",
    },
};

pub static DEL006: Rule = Rule {
    code: "DEL006",
    name: "supervision-fields-unused",
    severity: Severity::Warning,
    waivable: true,
    origin: Origin::Practice,
    summary: "`service_flow` or `delivery_template` set while supervision is disabled.",
    docs: Docs {
        what: "With `service_supervision.enabled: false`, that neither `service_flow` nor \
               `delivery_template` is set; each one set is reported.",
        why: "The release form only asks for them when supervision is on, so setting them \
              suggests the seller meant to enable supervision, which cannot be changed after \
              the first release.",
        example: "service_supervision:\n  enabled: false\n  service_flow: Standard delivery\n",
        fix: "Remove the fields, or set `enabled: true` if the product is delivered after a \
              request or takes time to provision.",
        source: "kooship's own check.",
    },
};

pub static DEL007: Rule = Rule {
    code: "DEL007",
    name: "supervision-irreversible",
    severity: Severity::Info,
    waivable: true,
    origin: Origin::Seed,
    summary: "First release, whatever the choice: reminds that supervision cannot be changed after release.",
    docs: Docs {
        what: "On a first release, always: a reminder of the supervision choice the release will \
               fix for good.",
        why: "Service supervision cannot be changed once the product is released; the only way \
              back is a new product. It is worth a second look before submitting.",
        example: "service_supervision:\n  enabled: false   # fixed for good once released\n",
        fix: "Nothing to fix: confirm the choice. Enable supervision when provisioning happens \
              after a request or takes time (orders then settle when the service flow completes); \
              disable it when the product is usable right after purchase.",
        source: "Releasing SaaS (service supervision cannot be modified after release).",
    },
};

const TEMPLATE_TYPES: [&str; 5] = ["xlsx", "xls", "docx", "doc", "pdf"];

fn check(cx: &Context, out: &mut Vec<Finding>) {
    let Some(delivery) = cx.manifest.delivery.get() else {
        return;
    };
    if let Some(method) = delivery.method.str()
        && method != "saas"
    {
        out.push(
            Finding::new(
                &DEL001,
                "/delivery/method",
                format!("delivery method `{method}` is not `saas`"),
            )
            .help("set `method: saas`; kooship covers SaaS releases only"),
        );
    }
    if delivery.access_guide.copied() == Some(AccessGuide::V1) {
        let f = if cx.release.is_first() {
            Finding::new(
                &DEL002,
                "/delivery/access_guide",
                "access guide V1 on a first release; new products must implement the SaaS Access Guide V2.0",
            )
        } else {
            Finding::new(
                &DEL002,
                "/delivery/access_guide",
                "the product still implements access guide V1; V2.0 is required of new products",
            )
            .severity(Severity::Warning)
        };
        out.push(f.help("implement and debug the V2.0 interfaces, then set `access_guide: 2`"));
    }
    let Some(sup) = delivery.service_supervision.get() else {
        return;
    };
    let base = "/delivery/service_supervision";
    let enabled = sup.enabled.copied();
    match enabled {
        Some(true) => {
            match sup.service_flow.known().map(|f| f.map(|f| f.trim())) {
                Some(None) => out.push(
                    Finding::new(
                        &DEL003,
                        base,
                        "service supervision is enabled but no `service_flow` is named",
                    )
                    .help("add `service_flow:` with the name of the flow chosen in the Seller Console")
                    .related(format!("{base}/enabled"), "supervision is enabled here"),
                ),
                Some(Some("")) => out.push(
                    Finding::new(
                        &DEL003,
                        format!("{base}/service_flow"),
                        "service supervision is enabled but `service_flow` is empty",
                    )
                    .help("write the name of the flow chosen in the Seller Console"),
                ),
                _ => {}
            }
            if sup.delivery_template.is_absent() {
                out.push(
                    Finding::new(&DEL004, base, "service supervision is enabled but no `delivery_template` is given")
                        .help("fill in the delivery template, keep it beside the manifest and add `delivery_template: <path>`")
                        .related(format!("{base}/enabled"), "supervision is enabled here"),
                );
            }
        }
        Some(false) => {
            for (key, set) in [
                ("service_flow", sup.service_flow.is_some()),
                ("delivery_template", sup.delivery_template.is_some()),
            ] {
                if set {
                    out.push(
                        Finding::new(
                            &DEL006,
                            format!("{base}/{key}"),
                            format!("`{key}` is set but service supervision is disabled"),
                        )
                        .help("remove it, or set `enabled: true` if the product really is supervised (this cannot change after release)")
                        .at_key(),
                    );
                }
            }
        }
        None => {}
    }
    // The file type is checked whether or not supervision is on (DEL006 says the key is
    // out of place when it is off; the file can still be the wrong one).
    if let Some(path) = sup.delivery_template.valid() {
        let pointer = "/delivery/service_supervision/delivery_template";
        let resolved = super::man::resolved(cx.files, pointer).is_some();
        let ext = std::path::Path::new(path)
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        if resolved && !ext.as_deref().is_some_and(|e| TEMPLATE_TYPES.contains(&e)) {
            out.push(
                Finding::new(
                    &DEL005,
                    pointer,
                    format!(
                        "delivery template `{path}` is not an .xlsx, .xls, .docx, .doc or .pdf file"
                    ),
                )
                .help("upload the filled-in template, saved as .xlsx, .docx or .pdf"),
            );
        }
    }
    if cx.release.is_first() {
        let message = match enabled {
            Some(true) => {
                "service supervision is enabled; this cannot be changed after the first release"
            }
            Some(false) => {
                "service supervision is disabled; this cannot be changed after the first release"
            }
            None => "service supervision cannot be changed after the first release",
        };
        // `enabled` may be missing (MAN004): then the reminder points at its map.
        let enabled_at = format!("{base}/enabled");
        let at = if cx.has(&enabled_at) {
            enabled_at
        } else {
            base.to_owned()
        };
        out.push(
            Finding::new(&DEL007, at, message)
                .help("confirm the choice before submitting: the only way back is a new product"),
        );
    }
}
