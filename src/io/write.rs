//! Writing outputs: to standard output, or atomically to a file.

use crate::error::{Error, Result};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Write `bytes` to `path`, or to stdout when `path` is `None` or `-`. A
/// file is written to a temporary sibling and renamed into place, so a
/// failed or interrupted run never leaves a half-written output. An existing
/// regular file is replaced; anything else (a symlink, device, FIFO or
/// directory) is refused.
pub fn write_output(path: Option<&Path>, bytes: &[u8]) -> Result<()> {
    match path {
        None => write_stdout(bytes),
        Some(path) if path == Path::new("-") => write_stdout(bytes),
        Some(path) => {
            only_over_a_regular_file(path)?;
            write_file(path, bytes)
        }
    }
}

/// Write several files into `dir` as a whole: all of them go into a
/// temporary sibling directory first, which becomes `dir` when `dir` does not
/// exist yet, or whose files are renamed into `dir` when it does. A run that
/// fails or is killed while rendering or writing leaves `dir` as it was.
/// Returns the paths written.
pub fn write_files(dir: &Path, files: &[(String, &[u8])]) -> Result<Vec<PathBuf>> {
    let fail = |path: &Path| {
        let path = path.to_path_buf();
        move |source| Error::Write { path, source }
    };
    if let Ok(meta) = std::fs::symlink_metadata(dir)
        && !meta.is_dir()
    {
        return Err(Error::Write {
            path: dir.to_path_buf(),
            source: std::io::Error::other("exists and is not a directory"),
        });
    }
    let parent = match dir.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(parent).map_err(fail(parent))?;
    let staging = tempfile::Builder::new()
        .prefix(".targetsim-")
        .tempdir_in(parent)
        .map_err(fail(parent))?;
    for (name, bytes) in files {
        let path = staging.path().join(name);
        write_file(&path, bytes)?;
    }
    if !dir.exists() {
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::Permissions::from_mode(0o755);
            std::fs::set_permissions(staging.path(), mode).map_err(fail(dir))?;
        }
        let staged = staging.keep();
        std::fs::rename(&staged, dir).map_err(fail(dir))?;
    } else {
        for (name, _) in files {
            let target = dir.join(name);
            only_over_a_regular_file(&target)?;
            std::fs::rename(staging.path().join(name), &target).map_err(fail(&target))?;
        }
    }
    Ok(files.iter().map(|(name, _)| dir.join(name)).collect())
}

/// An output may replace a regular file, never a symlink, device, FIFO or
/// directory.
fn only_over_a_regular_file(path: &Path) -> Result<()> {
    match std::fs::symlink_metadata(path) {
        Ok(meta) if !meta.is_file() => Err(Error::Write {
            path: path.to_path_buf(),
            source: std::io::Error::other(
                "exists and is not a regular file (a symlink, device, FIFO or directory is never replaced); use `-` for standard output",
            ),
        }),
        _ => Ok(()),
    }
}

fn write_stdout(bytes: &[u8]) -> Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        // A closed pipe (`targetsim run ... | head`) is not an error.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other.map_err(Error::Stdout),
    }
}

/// Write `path` through a temporary sibling renamed into place.
fn write_file(path: &Path, bytes: &[u8]) -> Result<()> {
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
