//! CLI tests as data files (trycmd): `tests/cmd/*.trycmd` and `tests/cmd/*.toml` (with
//! `.stdin`, `.stdout`, `.stderr` beside them). A case with `NAME.in/` runs in a sandboxed copy
//! of it, and the files of `NAME.out/` must be in the sandbox afterwards, byte for byte.
//! Regenerate expected output with `TRYCMD=overwrite cargo test --test cli`.

#[test]
fn cli_cases() {
    trycmd::TestCases::new()
        .env("NO_COLOR", "1")
        .env("SOURCE_DATE_EPOCH", "1795651200")
        .case("tests/cmd/*.trycmd")
        .case("tests/cmd/*.toml");
}
