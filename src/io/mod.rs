//! Files in and out: reading input files within limits, writing outputs
//! atomically and only over regular files.

pub mod read;
mod source_file;
mod write;

pub use read::read_limited;
pub use source_file::SourceFile;
pub use write::{write_files, write_output};
