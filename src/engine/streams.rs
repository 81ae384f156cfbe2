//! Per-path random streams. Every path owns independent generators derived
//! from `(seed, path, stream)` alone, so results do not depend on how paths
//! are split across threads, batches or machines.

use rand::SeedableRng;
use rand_xoshiro::Xoshiro256PlusPlus;

/// The generator every stream uses: Xoshiro256++, a named portable PRNG
/// whose output is fixed by its specification (unlike `StdRng`).
pub type PathRng = Xoshiro256PlusPlus;

/// Stream 0 of a path: shock uniforms and the copula normals. Its draws do
/// not depend on any distribution parameter, so variants of a scenario see
/// the same shocks and normals (common random numbers).
pub const SHOCKS_AND_GROWTH: u64 = 0;

/// Stream of the `c`-th count indicator (each count has its own, so that a
/// change to one count's mean leaves every other draw unchanged).
pub fn count_stream(c: usize) -> u64 {
    1 + c as u64
}

/// SplitMix64's output function: a bijective 64-bit mixer.
#[inline]
fn mix64(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

const GOLDEN: u64 = 0x9e37_79b9_7f4a_7c15;

/// The generator of one stream of one path.
///
/// The 256-bit state is four SplitMix64 outputs: two keyed by
/// `(seed, stream)` and two by `path`. Distinct paths therefore get distinct
/// states (the mixer is a bijection), with no birthday collisions across
/// the 2^64 path indices, and every state word is fully mixed.
#[inline]
pub fn path_rng(seed: u64, path: u64, stream: u64) -> PathRng {
    let key = mix64(seed ^ mix64(stream.wrapping_add(GOLDEN)));
    let words = [
        mix64(key.wrapping_add(GOLDEN)),
        mix64(key.wrapping_add(GOLDEN.wrapping_mul(2))),
        mix64(path.wrapping_add(GOLDEN.wrapping_mul(3)) ^ key.rotate_left(32)),
        mix64(path.wrapping_add(GOLDEN.wrapping_mul(4))),
    ];
    let mut bytes = [0u8; 32];
    for (chunk, w) in bytes.chunks_exact_mut(8).zip(words) {
        chunk.copy_from_slice(&w.to_le_bytes());
    }
    PathRng::from_seed(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::Rng;

    /// Value stability: these outputs are part of the reproducibility
    /// promise; a change here changes every published result.
    #[test]
    fn value_stability() {
        let mut rng = path_rng(20220622, 0, SHOCKS_AND_GROWTH);
        let got: Vec<u64> = (0..3).map(|_| rng.next_u64()).collect();
        assert_eq!(got, PINNED_PATH0);
        let mut rng = path_rng(20220622, 99_999, count_stream(2));
        assert_eq!(rng.next_u64(), PINNED_PATH99999_COUNT2);
    }

    const PINNED_PATH0: [u64; 3] = [
        12634300827838757879,
        6690413223885764607,
        8551913926894301460,
    ];
    const PINNED_PATH99999_COUNT2: u64 = 10936621174539470099;

    #[test]
    fn streams_and_paths_differ() {
        let a = path_rng(1, 0, 0).next_u64();
        assert_ne!(a, path_rng(1, 1, 0).next_u64());
        assert_ne!(a, path_rng(1, 0, 1).next_u64());
        assert_ne!(a, path_rng(2, 0, 0).next_u64());
    }
}
