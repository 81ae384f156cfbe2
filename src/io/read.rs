//! Reading input files within limits: only regular files, and never more
//! than a stated size, so an endless or special file (`/dev/zero`, a FIFO)
//! gets an error instead of a hang or unbounded memory.

use std::io::Read;
use std::path::Path;

/// Largest scenario, targets, roster or history file.
pub const MAX_TEXT_INPUT: u64 = 64 << 20;

/// Largest partial file of a sharded run.
pub const MAX_PARTIAL_INPUT: u64 = 1 << 30;

/// Largest font file.
pub const MAX_FONT_INPUT: u64 = 256 << 20;

/// The bytes of the regular file at `path`, at most `limit` of them.
pub fn read_limited(path: &Path, limit: u64) -> std::io::Result<Vec<u8>> {
    let file = std::fs::File::open(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(std::io::Error::other(
            "not a regular file (a directory, device or FIFO cannot be an input)",
        ));
    }
    if meta.len() > limit {
        return Err(too_large(limit));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    // The length can change while reading: read at most one byte past the
    // limit to tell.
    file.take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(too_large(limit));
    }
    Ok(bytes)
}

fn too_large(limit: u64) -> std::io::Error {
    std::io::Error::other(format!(
        "larger than the {} MiB an input of this kind may be",
        limit >> 20
    ))
}
