//! CLI tests as data files (trycmd): `tests/cmd/*.trycmd` and `tests/cmd/*.toml`.
//! Regenerate expected output with `TRYCMD=overwrite cargo test --test cli`.

#[test]
fn cli_cases() {
    trycmd::TestCases::new()
        .env("NO_COLOR", "1")
        .env("SOURCE_DATE_EPOCH", "1795651200")
        .case("tests/cmd/*.trycmd")
        .case("tests/cmd/*.toml");
}
