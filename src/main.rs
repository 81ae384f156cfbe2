use clap::Parser;
use targetsim::cli::Cli;
use targetsim::commands::execute;

fn main() {
    let cli = Cli::parse();
    if let Err(e) = execute(cli) {
        eprintln!("error: {e}");
        std::process::exit(e.exit_code());
    }
}
