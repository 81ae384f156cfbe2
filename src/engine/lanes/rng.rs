//! One stream's generators for a batch of paths, stored lane by lane (each
//! state word in its own array) so a draw for every lane is one vector loop.
//! Lane `l`'s generator is exactly `path_rng(seed, first + l, stream)`, and
//! it draws what that generator would, in the same order.

// Lane loops index several arrays by the same lane; that form reads
// clearest and is what the compiler vectorises.
#![allow(clippy::needless_range_loop)]

use super::LANES;
use crate::distr::ziggurat::fast_normal;
use crate::engine::streams::{PathRng, StreamKey, rng_from_words, words_of};
use rand::RngExt;
use rand_distr::StandardNormal;

// A batch's rejected lanes fit in one `u64` mask (see `normals`).
const _: () = assert!(LANES <= 64);

/// Xoshiro256++ states of [`LANES`] generators.
#[derive(Debug, Clone)]
pub struct LaneRng {
    s: [[u64; LANES]; 4],
}

impl Default for LaneRng {
    fn default() -> Self {
        LaneRng { s: [[0; LANES]; 4] }
    }
}

impl LaneRng {
    /// Lane `l` becomes the generator of path `path_of(l)` on the stream of `key`.
    #[inline(always)]
    pub fn seed(&mut self, key: &StreamKey, path_of: impl Fn(usize) -> u64) {
        for (k, words) in self.s.iter_mut().enumerate() {
            for (lane, w) in words.iter_mut().enumerate() {
                *w = key.word(path_of(lane), k);
            }
        }
    }

    /// The next `u64` of every lane.
    #[inline(always)]
    pub fn next_u64(&mut self, out: &mut [u64; LANES]) {
        let [s0, s1, s2, s3] = &mut self.s;
        for lane in 0..LANES {
            let (a, b, c, d) = (s0[lane], s1[lane], s2[lane], s3[lane]);
            out[lane] = a.wrapping_add(d).rotate_left(23).wrapping_add(a);
            let t = b << 17;
            let c = c ^ a;
            let d = d ^ b;
            s1[lane] = b ^ c;
            s0[lane] = a ^ d;
            s2[lane] = c ^ t;
            s3[lane] = d.rotate_left(45);
        }
    }

    /// A uniform in [0, 1) per lane, as `rng.random::<f64>()` draws it.
    #[inline(always)]
    pub fn uniforms(&mut self, bits: &mut [u64; LANES], out: &mut [f64; LANES]) {
        self.next_u64(bits);
        for (u, &b) in out.iter_mut().zip(bits.iter()) {
            *u = (b >> 11) as f64 * (1.0 / (1u64 << 53) as f64);
        }
    }

    /// A standard normal per lane, as `rng.sample(StandardNormal)` draws it.
    /// Every lane takes the ziggurat's first step together; a lane whose
    /// draw is rejected (about 1.2%) keeps its state and replays the draw
    /// with rand_distr.
    #[inline(always)]
    pub fn normals(&mut self, accepted: &mut [bool; LANES], out: &mut [f64; LANES]) {
        let [s0, s1, s2, s3] = &mut self.s;
        for lane in 0..LANES {
            let (a, b, c, d) = (s0[lane], s1[lane], s2[lane], s3[lane]);
            let bits = a.wrapping_add(d).rotate_left(23).wrapping_add(a);
            let t = b << 17;
            let c2 = c ^ a;
            let d2 = d ^ b;
            let (x, ok) = fast_normal(bits);
            out[lane] = x;
            accepted[lane] = ok;
            s1[lane] = if ok { b ^ c2 } else { b };
            s0[lane] = if ok { a ^ d2 } else { a };
            s2[lane] = if ok { c2 ^ t } else { c };
            s3[lane] = if ok { d2.rotate_left(45) } else { d };
        }
        let mut rejected = 0u64;
        for lane in 0..LANES {
            rejected |= (!accepted[lane] as u64) << lane;
        }
        while rejected != 0 {
            let lane = rejected.trailing_zeros() as usize;
            rejected &= rejected - 1;
            let mut rng = self.get(lane);
            out[lane] = rng.sample(StandardNormal);
            self.set(lane, &rng);
        }
    }

    /// Lane `lane`'s generator, to draw from it one value at a time.
    #[inline]
    pub fn get(&self, lane: usize) -> PathRng {
        rng_from_words(std::array::from_fn(|k| self.s[k][lane]))
    }

    /// Put lane `lane`'s generator back after [`get`](Self::get).
    #[inline]
    pub fn set(&mut self, lane: usize, rng: &PathRng) {
        for (k, w) in words_of(rng).into_iter().enumerate() {
            self.s[k][lane] = w;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::streams::path_rng;
    use rand::{Rng, RngExt};

    #[test]
    fn lanes_draw_what_each_path_draws() {
        let key = StreamKey::new(42, 1);
        let mut lanes = LaneRng::default();
        lanes.seed(&key, |l| 1000 + l as u64);
        let mut scalar: Vec<PathRng> = (0..LANES)
            .map(|l| path_rng(42, 1000 + l as u64, 1))
            .collect();
        let (mut bits, mut u, mut z, mut ok) =
            ([0; LANES], [0.0; LANES], [0.0; LANES], [false; LANES]);
        let mut replayed = 0;
        for _ in 0..500 {
            lanes.next_u64(&mut bits);
            for (l, rng) in scalar.iter_mut().enumerate() {
                assert_eq!(bits[l], rng.next_u64());
            }
            lanes.uniforms(&mut bits, &mut u);
            for (l, rng) in scalar.iter_mut().enumerate() {
                assert_eq!(u[l].to_bits(), rng.random::<f64>().to_bits());
            }
            lanes.normals(&mut ok, &mut z);
            replayed += ok.iter().filter(|&&o| !o).count();
            for (l, rng) in scalar.iter_mut().enumerate() {
                let want: f64 = rng.sample(StandardNormal);
                assert_eq!(z[l].to_bits(), want.to_bits());
            }
        }
        // Of 32,000 normals about 380 took the slow path, and matched too.
        assert!(replayed > 200, "{replayed} replayed");
    }
}
