use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = ndti_respond::cli::Cli::parse();
    match ndti_respond::app::run(cli) {
        Ok(code) => ExitCode::from(code),
        // Stopped: the one way out saves the draft, restores the terminal and explains.
        Err(ndti_respond::error::Error::Interrupted) => ndti_respond::interrupt::shutdown(),
        Err(err) => {
            eprintln!("ndti-respond: {err}");
            ExitCode::from(err.exit_code())
        }
    }
}
