//! EXT — extension parameters.

use super::{Area, Context};
use crate::finding::Finding;

pub static AREA: Area = Area {
    prefix: "EXT",
    title: "Extension parameters",
    rules: &[],
    check,
};

fn check(_cx: &Context, _out: &mut Vec<Finding>) {}
