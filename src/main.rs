fn main() -> std::process::ExitCode {
    kooship::cli::main()
}
