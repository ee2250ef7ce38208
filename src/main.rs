use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = ndti_respond::cli::Cli::parse();
    match ndti_respond::app::run(cli) {
        Ok(code) => code.into(),
        // Stopped: the one way out saves the draft, restores the terminal and explains.
        Err(ndti_respond::error::Error::Interrupted) => ndti_respond::interrupt::shutdown(),
        Err(ndti_respond::error::Error::OutputClosed) => ExitCode::SUCCESS,
        Err(err) => {
            // Not `eprintln!`, which panics when standard error cannot be written.
            ndti_respond::output::message(&err.to_string());
            err.exit_code().into()
        }
    }
}
