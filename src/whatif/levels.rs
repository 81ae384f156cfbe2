//! The path counts an adaptive analysis climbs: it starts on a fraction of
//! the run's paths and multiplies them level by level up to the run's path
//! count, spending many paths only where the answer is still unclear.
//! Path `i` is the same path at every level (common random numbers), so a
//! level refines the one before it rather than contradicting it.

/// The path count of every level, ascending, ending with `paths`: the
/// first is `paths / divisor` (at least `min`, at most `paths`), each next
/// one `factor` times the one before, the last `paths` itself.
pub fn levels(paths: u64, divisor: u64, min: u64, factor: u64) -> Vec<u64> {
    let first = (paths / divisor).max(min).min(paths);
    let mut levels = vec![paths];
    while let Some(&n) = levels.last()
        && n / factor >= first
    {
        levels.push(n / factor);
    }
    levels.reverse();
    levels
}

#[cfg(test)]
mod tests {
    use super::levels;

    #[test]
    fn levels_multiply_from_a_fraction_up_to_the_paths() {
        assert_eq!(levels(10_000, 16, 500, 4), vec![625, 2_500, 10_000]);
        assert_eq!(levels(1_000, 16, 500, 4), vec![1_000]);
        assert_eq!(levels(300, 16, 500, 4), vec![300]);
        assert_eq!(
            levels(100_000, 64, 1_000, 4),
            vec![1_562, 6_250, 25_000, 100_000]
        );
    }
}
