//! `targetsim init`: a commented scenario and targets file to start a new
//! region from, every number marked `# assumption:` to replace. The files
//! are embedded in the binary.

use crate::cli::InitArgs;
use crate::error::{Error, Result};

/// The scenario `init` writes.
pub const SCENARIO: &str = include_str!("templates/scenario.toml");
/// The targets file it reads.
pub const TARGETS: &str = include_str!("templates/targets.toml");

/// Carry out `targetsim init`.
pub fn init(args: &InitArgs) -> Result<()> {
    let files = [("scenario.toml", SCENARIO), ("targets.toml", TARGETS)];
    for (name, _) in files {
        let path = args.dir.join(name);
        if std::fs::symlink_metadata(&path).is_ok() {
            return Err(Error::Usage {
                flag: "init",
                message: format!(
                    "{} exists; init writes only new files (choose another DIR)",
                    path.display()
                ),
            });
        }
    }
    std::fs::create_dir_all(&args.dir).map_err(|source| Error::Write {
        path: args.dir.clone(),
        source,
    })?;
    for (name, text) in files {
        crate::io::write_output(Some(&args.dir.join(name)), text.as_bytes())?;
    }
    let scenario = args.dir.join("scenario.toml");
    eprintln!(
        "wrote {} and {}; replace every number marked `# assumption:`, then run\n  targetsim run {}",
        scenario.display(),
        args.dir.join("targets.toml").display(),
        scenario.display()
    );
    Ok(())
}
