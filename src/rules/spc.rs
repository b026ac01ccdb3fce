//! SPC — specifications and trials.

use super::{Area, Context};
use crate::finding::Finding;

pub static AREA: Area = Area {
    prefix: "SPC",
    title: "Specifications and trials",
    rules: &[],
    check,
};

fn check(_cx: &Context, _out: &mut Vec<Finding>) {}
