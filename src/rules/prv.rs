//! PRV — provisioning info and encryption.

use std::collections::HashSet;

use super::{Area, Context, Docs, Origin, Rule};
use crate::finding::{Finding, Severity};
use crate::model::{EncryptionAlgorithm, Known, Optional, ProvisioningItem};

pub static AREA: Area = Area {
    prefix: "PRV",
    title: "Provisioning info and encryption",
    rules: &[&PRV001, &PRV002, &PRV003, &PRV004],
    check,
};

pub static PRV001: Rule = Rule {
    code: "PRV001",
    name: "provisioning-duplicate",
    severity: Severity::Error,
    waivable: false,
    origin: Origin::Practice,
    summary: "A provisioning item listed twice.",
    docs: Docs {
        what: "That each item of `provisioning_info` (`mobile_phone`, `email`, `iam_user`) is \
               listed once. Each later occurrence is reported at the item.",
        why: "The release form has one tick box per item; listing one twice says nothing more \
              and usually hides a typo for the item that was meant.",
        example: "provisioning_info: [email, iam_user, email]\n",
        fix: "Remove the repeated item, or replace it with the item that was meant.",
        source: "kooship's own check.",
    },
};

pub static PRV002: Rule = Rule {
    code: "PRV002",
    name: "encryption-missing",
    severity: Severity::Error,
    waivable: false,
    origin: Origin::Seed,
    summary: "`mobile_phone` or `email` is provisioned but `sensitive_info_encryption` is not set.",
    docs: Docs {
        what: "That `sensitive_info_encryption` is set when `provisioning_info` holds a privacy \
               field (`mobile_phone` or `email`). The finding points at the top-level map that \
               lacks the key.",
        why: "The buyer's mobile number and email reach the seller encrypted; the release form \
              requires a sensitive-information encryption algorithm as soon as one of them is \
              provisioned, and the endpoint must decrypt with the same algorithm.",
        example: "provisioning_info: [email, iam_user]\n# sensitive_info_encryption is missing\n",
        fix: "Choose the algorithm the endpoint decrypts with, preferably \
              `sensitive_info_encryption: AES256_CBC_PKCS5Padding`; or stop provisioning the \
              privacy fields.",
        source: "Releasing SaaS (provisioning info; sensitive information encryption algorithm).",
    },
};

pub static PRV003: Rule = Rule {
    code: "PRV003",
    name: "encryption-weak",
    severity: Severity::Warning,
    waivable: true,
    origin: Origin::Doc,
    summary: "`AES128_CBC_PKCS5Padding` chosen.",
    docs: Docs {
        what: "That `sensitive_info_encryption` is not `AES128_CBC_PKCS5Padding`.",
        why: "KooGallery offers AES-256 (its default) and AES-128 for the buyer's privacy \
              fields. AES-128 is the weaker of the two, and in KooGallery's own sample the \
              128-bit key is derived from the seller's access key in a way that non-Java \
              servers must reproduce by hand.",
        example: "sensitive_info_encryption: AES128_CBC_PKCS5Padding\n",
        fix: "Switch the endpoint's decryption to AES-256-CBC and set \
              `sensitive_info_encryption: AES256_CBC_PKCS5Padding`.",
        source: "V1 Instance Query (encryptType 1 = AES256_CBC_PKCS5Padding, the default; 2 = AES128_CBC_PKCS5Padding).",
    },
};

pub static PRV004: Rule = Rule {
    code: "PRV004",
    name: "encryption-unused",
    severity: Severity::Info,
    waivable: true,
    origin: Origin::Practice,
    summary: "An encryption algorithm is set but no privacy field is provisioned.",
    docs: Docs {
        what: "That `sensitive_info_encryption` is only set when `provisioning_info` holds \
               `mobile_phone` or `email`.",
        why: "Without a privacy field nothing is encrypted; the setting suggests a privacy \
              field the seller meant to provision and forgot, or one that was removed.",
        example: "provisioning_info: [iam_user]\nsensitive_info_encryption: AES256_CBC_PKCS5Padding\n",
        fix: "Remove `sensitive_info_encryption`, or add the privacy field the endpoint expects \
              (`email`, `mobile_phone`).",
        source: "kooship's own check.",
    },
};

fn check(cx: &Context, out: &mut Vec<Finding>) {
    let Some(items) = cx.manifest.provisioning_info.known() else {
        return;
    };
    let items = items.map(Vec::as_slice).unwrap_or_default();
    let mut seen = HashSet::new();
    for (i, item) in items.iter().enumerate() {
        let Some(item) = item.copied() else {
            continue;
        };
        if !seen.insert(item) {
            out.push(
                Finding::new(
                    &PRV001,
                    format!("/provisioning_info/{i}"),
                    format!("provisioning item `{}` is listed twice", item.as_str()),
                )
                .help("remove the repeated item"),
            );
        }
    }
    let mut privacy: Vec<ProvisioningItem> = Vec::new();
    for item in items.iter().filter_map(Known::copied) {
        if item.is_privacy_field() && !privacy.contains(&item) {
            privacy.push(item);
        }
    }
    // Whether no privacy field is provisioned is only known when every item is.
    let surely_no_privacy = privacy.is_empty() && items.iter().all(|i| !i.is_unknown());
    match cx.manifest.sensitive_info_encryption.known() {
        Some(None) if !privacy.is_empty() => {
            let names = privacy
                .iter()
                .map(|p| format!("`{}`", p.as_str()))
                .collect::<Vec<_>>()
                .join(" and ");
            let verb = if privacy.len() == 1 { "is" } else { "are" };
            let mut f = Finding::new(
                    &PRV002,
                    "",
                    format!("{names} {verb} provisioned but `sensitive_info_encryption` is not set"),
                )
                .help("add `sensitive_info_encryption: AES256_CBC_PKCS5Padding` (the algorithm the endpoint decrypts with)");
            if cx.has("/provisioning_info") {
                f = f.related(
                    "/provisioning_info",
                    format!("{names} {verb} provisioned here"),
                );
            }
            out.push(f);
        }
        None | Some(None) => {}
        Some(Some(algorithm)) => {
            if *algorithm == EncryptionAlgorithm::Aes128CbcPkcs5Padding {
                out.push(
                    Finding::new(
                        &PRV003,
                        "/sensitive_info_encryption",
                        "`AES128_CBC_PKCS5Padding` is the weaker of KooGallery's two algorithms",
                    )
                    .help("decrypt with AES-256 on the endpoint and set `AES256_CBC_PKCS5Padding`"),
                );
            }
            if surely_no_privacy {
                out.push(
                    Finding::new(
                        &PRV004,
                        "/sensitive_info_encryption",
                        format!(
                            "`{}` is set but no privacy field (`mobile_phone`, `email`) is provisioned",
                            algorithm.as_str()
                        ),
                    )
                    .help("remove `sensitive_info_encryption`, or provision the privacy field the endpoint expects"),
                );
            }
        }
    }
}
