//! REL — release history: the manifest against the release recorded in `kooship.lock`.

use serde_json::Value;

use super::{Area, Context, Docs, Origin, Rule};
use crate::finding::{Finding, Severity};
use crate::history::{Lock, same};
use crate::load::Span;
use crate::release::Release;

pub static AREA: Area = Area {
    prefix: "REL",
    title: "Release history (against kooship.lock)",
    rules: &[
        &REL001, &REL002, &REL003, &REL004, &REL005, &REL006, &REL007, &REL008,
    ],
    check,
};

pub static REL001: Rule = Rule {
    code: "REL001",
    name: "supervision-changed",
    severity: Severity::Error,
    waivable: false,
    origin: Origin::Seed,
    summary: "`service_supervision.enabled` differs from the released value.",
    docs: Docs {
        what: "`delivery.service_supervision.enabled` against the value recorded in \
               `kooship.lock` at the last release.",
        why: "Service supervision cannot be modified after a product is released: KooGallery \
              refuses the modification request. Changing it means releasing a new product.",
        example: "# kooship.lock recorded `enabled: false`\ndelivery:\n  service_supervision:\n    enabled: true\n",
        fix: "Set `enabled` back to the released value. If the product really needs the other \
              delivery model, release it as a new product.",
        source: "Releasing SaaS (service supervision cannot be modified after release).",
    },
};

pub static REL002: Rule = Rule {
    code: "REL002",
    name: "trial-changed",
    severity: Severity::Error,
    waivable: false,
    origin: Origin::Seed,
    summary: "A released spec's `trial_days` was removed or changed. Adding a trial to a released spec that had none is allowed (SPC012 reminds).",
    docs: Docs {
        what: "For every specification released in the lock with `trial_days`, that the manifest \
               keeps the same `trial_days`. Adding a trial to a released spec that had none is \
               allowed.",
        why: "KooGallery does not allow a released specification's trial to be cancelled or \
              changed; the modification request is refused.",
        example: "# kooship.lock: spec `team` released with trial_days: 14\nspecifications:\n  - code: team\n    trial_days: 30\n",
        fix: "Restore the released `trial_days`. To offer another trial, add a new \
              specification and take the old one off the catalog with `listed: false`.",
        source: "Releasing SaaS (trials cannot be cancelled or modified after release).",
    },
};

pub static REL003: Rule = Rule {
    code: "REL003",
    name: "released-spec-deleted",
    severity: Severity::Error,
    waivable: false,
    origin: Origin::Doc,
    summary: "A spec code released in the lock is gone from the manifest (set `listed: false` instead). A spec that was `test: true` in the lock may go.",
    docs: Docs {
        what: "That every specification code released in the lock is still in the manifest. \
               The test specification of the first release may go (KooGallery removes it).",
        why: "Released specifications cannot be deleted: buyers may hold orders on them. They \
              can only be taken off the catalog.",
        example: "# kooship.lock: specs `team` and `business` released\nspecifications:\n  - code: team\n    # business is gone\n",
        fix: "Keep the specification and set `listed: false` to take it off the catalog.",
        source: "Modifying Products (released specifications can be delisted, not deleted).",
    },
};

pub static REL004: Rule = Rule {
    code: "REL004",
    name: "version-not-increased",
    severity: Severity::Error,
    waivable: false,
    origin: Origin::Practice,
    summary: "The manifest differs from the released one in any field but `lint` (numbers compared by value: `19.90` equals `19.9`), and `version` is not greater (semver order) than the released version.",
    docs: Docs {
        what: "When the manifest differs from the one recorded in the lock (any field but \
               `lint`; numbers compared by value, so `19.90` equals `19.9`), that \
               `product.version` is greater, in semver order, than the released version.",
        why: "Each submission to KooGallery is a new version of the listing; the version tells \
              buyers and reviewers that something changed, and the release history needs a \
              distinct version per release.",
        example: "# kooship.lock: version 1.0.0, team at 20/month\nproduct:\n  version: 1.0.0\nspecifications:\n  - code: team\n    pricing: { template: simple, price: { month: 25, year: 200 } }\n",
        fix: "Raise `product.version` (`1.0.0` → `1.1.0`).",
        source: "kooship's own check.",
    },
};

pub static REL005: Rule = Rule {
    code: "REL005",
    name: "billing-changed",
    severity: Severity::Warning,
    waivable: true,
    origin: Origin::DocInferred,
    summary: "A released spec's `billing` changed (KooGallery then invalidates the spec's upgrade rules; existing orders keep the old mode).",
    docs: Docs {
        what: "The `billing` of every specification released in the lock.",
        why: "Changing the billing mode of a released specification invalidates its upgrade \
              rules, and orders already placed keep the old mode, so buyers of one spec end up \
              on two billing modes.",
        example: "# kooship.lock: spec `team` released as yearly_monthly\nspecifications:\n  - code: team\n    billing: one_time\n",
        fix: "Keep the released billing mode, or add a new specification with the new mode and \
              set `listed: false` on the old one.",
        source: "Upgrade and Billing Rules; our reading of how existing orders behave.",
    },
};

pub static REL006: Rule = Rule {
    code: "REL006",
    name: "lock-invalid",
    severity: Severity::Error,
    waivable: false,
    origin: Origin::Practice,
    summary: "`kooship.lock` cannot be read, is not lock format 1, or its `manifest_sha256` does not match its `manifest`. The other REL rules are skipped; the manifest still counts as a later release.",
    docs: Docs {
        what: "That `kooship.lock` (or the file given with `--lock`) can be read, is JSON in lock \
               format 1, and that its `manifest_sha256` is the SHA-256 of its `manifest` in RFC \
               8785 canonical form. When it fails, the other REL rules are skipped, but the \
               manifest still counts as a later release.",
        why: "The lock is the only record of what KooGallery has: a lock edited by hand or \
              broken in a merge would let an irreversible change through unnoticed.",
        example: "# kooship.lock edited by hand after `kooship record`\n{ \"lock\": 1, \"product\": \"Acme Insight\", \"version\": \"1.0.0\", … }\n",
        fix: "Restore the lock from version control (`git checkout kooship.lock`), or, if the \
              last release really is what the manifest says, record it again with `kooship \
              record` on the released commit.",
        source: "kooship's own check.",
    },
};

pub static REL007: Rule = Rule {
    code: "REL007",
    name: "price-changed",
    severity: Severity::Info,
    waivable: true,
    origin: Origin::Doc,
    summary: "A released spec's pricing changed, compared by value (KooGallery reviews price changes as a modification request).",
    docs: Docs {
        what: "The `pricing` of every specification released in the lock, compared by value \
               (`19.90` equals `19.9`).",
        why: "A price change on a released specification goes through KooGallery's review as a \
              modification request; it is worth knowing before submitting.",
        example: "# kooship.lock: team at 20/month\nspecifications:\n  - code: team\n    pricing: { template: simple, price: { month: 25, year: 200 } }\n",
        fix: "Nothing to fix if the change is intended: submit it as a modification request and \
              raise the version.",
        source: "Modifying Products (price changes are reviewed).",
    },
};

pub static REL008: Rule = Rule {
    code: "REL008",
    name: "product-renamed",
    severity: Severity::Warning,
    waivable: true,
    origin: Origin::Doc,
    summary: "`product.name` differs from the lock's `product` (a rename is reviewed as a modification request; check the lock belongs to this product).",
    docs: Docs {
        what: "`product.name` against the name recorded in the lock.",
        why: "A rename is reviewed as a modification request, and a different name may also mean \
              the lock beside the manifest belongs to another product.",
        example: "# kooship.lock: product \"Acme Insight\"\nproduct:\n  name: Acme Insight Pro\n",
        fix: "If the rename is intended, submit it as a modification request; otherwise restore \
              the name, or check that the lock is this product's.",
        source: "Modifying Products (name changes are reviewed).",
    },
};

fn check(cx: &Context, out: &mut Vec<Finding>) {
    let Release::Later { path, lock } = cx.release else {
        return;
    };
    let lock = match lock {
        Ok(lock) => lock,
        Err(e) => {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            out.push(
                Finding::new(&REL006, "", format!("the release history `{name}` {}", e.0))
                    .help("restore the lock from version control, or record the released manifest again with `kooship record`")
                    .span(Span::empty(0)),
            );
            return;
        }
    };
    let old = &lock.manifest;
    // A value the manifest leaves unknown (a type error, a missing key, an unknown key, a
    // placeholder) is taken as released: only what is known can have changed.
    let patched = as_released(cx.value, old, cx.unknown);
    let new = &patched;
    supervision(old, new, out);
    specifications(lock, new, out);
    // Whether the version was raised needs the version.
    let version_known = !cx.unknown.iter().any(|u| {
        "/product/version" == u || "/product/version".starts_with(&format!("{u}/")) || u.is_empty()
    });
    if version_known {
        version(lock, new, out);
    }
    if let Some(name) = new.pointer("/product/name").and_then(Value::as_str)
        && name != lock.product
    {
        out.push(
            Finding::new(&REL008, "/product/name", format!("the product was released as `{}`; it is now `{name}`", lock.product))
                .help("a rename is reviewed as a modification request; if this lock belongs to another product, use that product's lock"),
        );
    }
}

/// `new` with the value at each of the `unknown` pointers replaced by the released value at
/// the same place (or removed when the release has none there).
fn as_released(new: &Value, old: &Value, unknown: &[String]) -> Value {
    let mut patched = new.clone();
    for pointer in unknown {
        let Some((parent, last)) = pointer.rsplit_once('/') else {
            // The whole manifest is unknown: nothing of it can be compared.
            patched = old.clone();
            continue;
        };
        let key = last.replace("~1", "/").replace("~0", "~");
        let released = old.pointer(pointer).cloned();
        match patched.pointer_mut(parent) {
            Some(Value::Object(map)) => match released {
                Some(v) => {
                    map.insert(key, v);
                }
                None => {
                    map.remove(&key);
                }
            },
            Some(Value::Array(items)) => {
                if let (Ok(i), Some(v)) = (key.parse::<usize>(), released)
                    && let Some(slot) = items.get_mut(i)
                {
                    *slot = v;
                }
            }
            _ => {}
        }
    }
    patched
}

fn supervision(old: &Value, new: &Value, out: &mut Vec<Finding>) {
    let p = "/delivery/service_supervision/enabled";
    if let (Some(Value::Bool(was)), Some(Value::Bool(now))) = (old.pointer(p), new.pointer(p))
        && was != now
    {
        let state = |b: bool| if b { "enabled" } else { "disabled" };
        out.push(
            Finding::new(
                &REL001,
                p,
                format!(
                    "service supervision was released {}; it cannot be {} after release",
                    state(*was),
                    state(*now)
                ),
            )
            .help(format!(
                "set `enabled: {was}` again; another delivery model needs a new product"
            )),
        );
    }
}

fn code(v: &Value) -> Option<&str> {
    v.get("code").and_then(Value::as_str)
}

fn specifications(lock: &Lock, new: &Value, out: &mut Vec<Finding>) {
    let released = lock
        .manifest
        .get("specifications")
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or(&[]);
    let Some(current) = new.get("specifications").and_then(Value::as_array) else {
        return;
    };
    for old_spec in released {
        let Some(c) = code(old_spec) else {
            continue;
        };
        let Some((i, spec)) = current.iter().enumerate().find(|(_, s)| code(s) == Some(c)) else {
            if old_spec.get("test").and_then(Value::as_bool) != Some(true) {
                out.push(
                    Finding::new(&REL003, "/specifications", format!("specification `{c}` was released and is gone; released specifications cannot be deleted"))
                        .help(format!("keep `{c}` and set `listed: false` to take it off the catalog")),
                );
            }
            continue;
        };
        let base = format!("/specifications/{i}");
        if let Some(was) = old_spec.get("trial_days") {
            match spec.get("trial_days") {
                None => out.push(
                    Finding::new(&REL002, base.clone(), format!("specification `{c}` was released with a {was}-day trial; the trial cannot be removed"))
                        .help(format!("restore `trial_days: {was}`")),
                ),
                Some(now) if !same(was, now) => out.push(
                    Finding::new(
                        &REL002,
                        format!("{base}/trial_days"),
                        format!("specification `{c}` was released with a {was}-day trial; it cannot be changed to {now}"),
                    )
                    .help(format!("restore `trial_days: {was}`; offer another trial on a new specification")),
                ),
                Some(_) => {}
            }
        }
        if let (Some(was), Some(now)) = (old_spec.get("billing"), spec.get("billing"))
            && was != now
        {
            out.push(
                Finding::new(
                    &REL005,
                    format!("{base}/billing"),
                    format!(
                        "specification `{c}` was released as {}; changing it to {} invalidates its upgrade rules",
                        was.as_str().unwrap_or_default(),
                        now.as_str().unwrap_or_default()
                    ),
                )
                .help("keep the billing mode, or add a new specification and set `listed: false` on this one"),
            );
        }
        if let (Some(was), Some(now)) = (old_spec.get("pricing"), spec.get("pricing"))
            && !same(was, now)
        {
            out.push(
                Finding::new(&REL007, format!("{base}/pricing"), format!("the pricing of released specification `{c}` changed"))
                    .help("KooGallery reviews the change as a modification request; `kooship diff` shows what changed"),
            );
        }
    }
}

fn version(lock: &Lock, new: &Value, out: &mut Vec<Finding>) {
    let current = crate::history::released_form(new);
    if same(&lock.manifest, &current) {
        return;
    }
    let Some(now) = new.pointer("/product/version").and_then(Value::as_str) else {
        return;
    };
    let greater = match (
        semver::Version::parse(now),
        semver::Version::parse(&lock.version),
    ) {
        (Ok(n), Ok(o)) => n > o,
        // LST003 reports a version that is not semver; do not also call it "not increased".
        (Err(_), _) => return,
        (Ok(_), Err(_)) => true,
    };
    if !greater {
        out.push(
            Finding::new(
                &REL004,
                "/product/version",
                format!(
                    "the manifest changed since version {} was released, but `version` is {now}",
                    lock.version
                ),
            )
            .help(format!(
                "raise `version` above {} (e.g. the next minor version)",
                lock.version
            )),
        );
    }
}
