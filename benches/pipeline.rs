//! In-process stages of the lint pipeline, one manifest (the bundled acme-insight example):
//! `cargo bench --bench pipeline`. The whole-process numbers (cold start, 1,000 files,
//! the alternatives) come from `bench/run.sh`.

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use kooship::lint::{self, Input};
use kooship::{load, model, rules, schema};

fn stages(c: &mut Criterion) {
    let path = Path::new("examples/acme-insight/kooship.yaml");
    let input = Input::read(path).expect("example");
    let loaded = load::load(&input.bytes);
    let doc = loaded.document.as_ref().expect("parses");
    let options = lint::Options::default();

    c.bench_function("load (YAML → value + span index)", |b| {
        b.iter(|| load::load(black_box(&input.bytes)))
    });
    c.bench_function("tolerant model (read_whole)", |b| {
        b.iter(|| model::read_whole(black_box(&doc.value)))
    });
    c.bench_function("schema validation (validator built once)", |b| {
        b.iter(|| schema::validate(black_box(&doc.value), &doc.index, &loaded.source))
    });
    c.bench_function("rules (all areas)", |b| {
        let manifest = model::read_whole(&doc.value).expect("valid");
        let release = kooship::release::Release::First;
        let files =
            kooship::files::resolve_all(rules::man::file_refs(&doc.value, &[]), &input.base_dir);
        let cx = rules::Context {
            manifest: &manifest,
            value: &doc.value,
            index: &doc.index,
            source: &loaded.source,
            base_dir: Some(&input.base_dir),
            release: &release,
            files: &files,
            today: options.today,
            unknown: &[],
        };
        b.iter(|| rules::check(black_box(&cx)))
    });
    c.bench_function("whole pipeline (lint)", |b| {
        b.iter(|| lint::lint(black_box(&input), &options))
    });
}

criterion_group!(benches, stages);
criterion_main!(benches);
