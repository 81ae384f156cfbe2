//! Writing outputs: to standard output, or atomically to a file.

use crate::error::{Error, Result};
use std::io::Write;
use std::path::Path;

/// Write `bytes` to `path`, or to stdout when `path` is `None`. A file is
/// written to a temporary sibling and renamed into place, so a failed or
/// interrupted run never leaves a half-written output.
pub fn write_output(path: Option<&Path>, bytes: &[u8]) -> Result<()> {
    match path {
        None => {
            let mut out = std::io::stdout().lock();
            match out.write_all(bytes).and_then(|()| out.flush()) {
                // A closed pipe (`targetsim run ... | head`) is not an error.
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
                other => other.map_err(Error::Stdout),
            }
        }
        Some(path) => {
            let fail = |source| Error::Write {
                path: path.to_path_buf(),
                source,
            };
            let dir = match path.parent() {
                Some(d) if !d.as_os_str().is_empty() => d,
                _ => Path::new("."),
            };
            let mut tmp = tempfile::Builder::new()
                .prefix(".targetsim-")
                .suffix(".tmp")
                .tempfile_in(dir)
                .map_err(fail)?;
            tmp.write_all(bytes).map_err(fail)?;
            // Temporary files are created private (0600); outputs are ordinary files.
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                let mode = std::fs::Permissions::from_mode(0o644);
                tmp.as_file().set_permissions(mode).map_err(fail)?;
            }
            tmp.as_file().sync_all().map_err(fail)?;
            tmp.persist(path).map_err(|e| fail(e.error))?;
            Ok(())
        }
    }
}
