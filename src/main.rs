use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = ndti_respond::cli::Cli::parse();
    match ndti_respond::app::run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(err) => {
            eprintln!("ndti-respond: {err}");
            ExitCode::from(err.exit_code())
        }
    }
}
