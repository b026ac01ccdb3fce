//! LST — listing content.

use super::{Area, Context};
use crate::finding::Finding;

pub static AREA: Area = Area {
    prefix: "LST",
    title: "Listing content",
    rules: &[],
    check,
};

fn check(_cx: &Context, _out: &mut Vec<Finding>) {}
