//! PRV — provisioning info and encryption.

use super::{Area, Context};
use crate::finding::Finding;

pub static AREA: Area = Area {
    prefix: "PRV",
    title: "Provisioning info and encryption",
    rules: &[],
    check,
};

fn check(_cx: &Context, _out: &mut Vec<Finding>) {}
