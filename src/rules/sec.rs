//! SEC — security scan.

use super::{Area, Context};
use crate::finding::Finding;

pub static AREA: Area = Area {
    prefix: "SEC",
    title: "Security scan",
    rules: &[],
    check,
};

fn check(_cx: &Context, _out: &mut Vec<Finding>) {}
