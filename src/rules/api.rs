//! API — production system API URL, TLS and debugged interfaces.

use super::{Area, Context};
use crate::finding::Finding;

pub static AREA: Area = Area {
    prefix: "API",
    title: "Production API URL, TLS and debugged interfaces",
    rules: &[],
    check,
};

fn check(_cx: &Context, _out: &mut Vec<Finding>) {}
