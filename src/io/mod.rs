//! Files in and out: reading input files, writing outputs atomically.

mod source_file;

pub use source_file::SourceFile;
