//! Files in and out: reading input files, writing outputs atomically.

mod source_file;
mod write;

pub use source_file::SourceFile;
pub use write::write_output;
