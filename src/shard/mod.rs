//! Splitting a run across processes or machines: shard `I/N` simulates a
//! contiguous range of whole blocks, so merged shards reproduce the single
//! run exactly.

pub mod partial;

use crate::engine::BLOCK_PATHS;
use std::fmt;
use std::ops::Range;
use std::str::FromStr;

/// Shard `index` of `count` (0-based index).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Shard {
    /// Which shard, `0..count`.
    pub index: u64,
    /// How many shards.
    pub count: u64,
}

impl Shard {
    /// The whole run as one shard.
    pub const WHOLE: Shard = Shard { index: 0, count: 1 };

    /// The blocks of a `paths`-path run that this shard simulates.
    pub fn blocks(self, paths: u64) -> Range<u64> {
        let total = paths.div_ceil(BLOCK_PATHS) as u128;
        let at = |i: u64| (total * i as u128 / self.count as u128) as u64;
        at(self.index)..at(self.index + 1)
    }

    /// The paths of a `paths`-path run that this shard simulates.
    pub fn paths(self, paths: u64) -> Range<u64> {
        let blocks = self.blocks(paths);
        (blocks.start * BLOCK_PATHS).min(paths)..(blocks.end * BLOCK_PATHS).min(paths)
    }
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

impl FromStr for Shard {
    type Err = String;

    /// `I/N` with `0 <= I < N`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || format!("expected I/N with 0 <= I < N (e.g. 0/4), got \"{s}\"");
        let (i, n) = s.split_once('/').ok_or_else(bad)?;
        let index: u64 = i.trim().parse().map_err(|_| bad())?;
        let count: u64 = n.trim().parse().map_err(|_| bad())?;
        if count == 0 || index >= count {
            return Err(bad());
        }
        Ok(Shard { index, count })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_tile_the_blocks_exactly() {
        for paths in [1, 4096, 4097, 100_000, 1_000_003] {
            for count in [1, 2, 3, 7, 64] {
                let mut next = 0;
                for index in 0..count {
                    let r = Shard { index, count }.blocks(paths);
                    assert_eq!(r.start, next);
                    next = r.end;
                }
                assert_eq!(next, paths.div_ceil(BLOCK_PATHS));
                assert_eq!(
                    Shard {
                        index: count - 1,
                        count
                    }
                    .paths(paths)
                    .end,
                    paths
                );
            }
        }
    }

    #[test]
    fn parses_i_of_n() {
        assert_eq!("2/5".parse::<Shard>(), Ok(Shard { index: 2, count: 5 }));
        for bad in ["5/5", "1", "a/3", "1/0", "-1/3"] {
            assert!(bad.parse::<Shard>().is_err(), "{bad}");
        }
    }
}
