//! The block scheduler every parallel run shares: worker threads take
//! blocks of [`BLOCK_PATHS`] paths from one counter, each into a state of
//! its own, so what a block contributes never depends on which thread ran
//! it or how many threads there were.

use super::BLOCK_PATHS;
use crate::error::{Error, Result};
use std::ops::Range;
use std::sync::atomic::{AtomicU64, Ordering};

/// A pool of `threads` workers (rayon's default when `None`).
pub fn thread_pool(threads: Option<usize>) -> Result<rayon::ThreadPool> {
    let mut builder = rayon::ThreadPoolBuilder::new();
    if let Some(t) = threads {
        builder = builder.num_threads(t);
    }
    builder
        .build()
        .map_err(|e| Error::ThreadPool(e.to_string()))
}

/// Run `work(state, first_path, path_count)` on every block in `blocks` of
/// a `paths`-path run, on `threads` workers, each with a state made by
/// `init`. Returns the workers' states (to be merged by the caller, exactly)
/// and the number of threads used.
pub fn run_blocks<S: Send>(
    threads: Option<usize>,
    blocks: Range<u64>,
    paths: u64,
    init: impl Fn() -> S + Sync,
    work: impl Fn(&mut S, u64, u64) + Sync,
) -> Result<(Vec<S>, usize)> {
    let pool = thread_pool(threads)?;
    let next_block = AtomicU64::new(blocks.start);
    let states = pool.broadcast(|_| {
        let mut state = init();
        loop {
            let b = next_block.fetch_add(1, Ordering::Relaxed);
            if b >= blocks.end {
                break state;
            }
            let first = b * BLOCK_PATHS;
            work(&mut state, first, BLOCK_PATHS.min(paths - first));
        }
    });
    Ok((states, pool.current_num_threads()))
}
