//! `exp` written for the engine's lanes: branch-free, so a loop over a batch
//! of paths compiles to vector instructions, and made of plain IEEE
//! operations in a fixed order (no fused multiply-add, no table), so every
//! machine computes the same bits whether the loop is vectorised or not.
//!
//! Hand-written because `libm::exp` (musl's) branches on its argument and
//! cannot be vectorised: it was 21% of a run's time (BENCHMARKS.md). The
//! tests hold it within 1 ulp of `libm::exp`.

/// `log2(e)`.
const LOG2_E: f64 = std::f64::consts::LOG2_E;
/// `ln 2` split so that `k * LN2_HI` is exact for `|k| < 2^11` (the low 32
/// bits of its mantissa are zero); fdlibm's constants.
const LN2_HI: f64 = f64::from_bits(0x3fe6_2e42_fee0_0000);
const LN2_LO: f64 = f64::from_bits(0x3dea_39ef_3579_3c76);
/// `1.5 * 2^52`: adding it rounds a double of magnitude below `2^51` to an
/// integer, which then sits in the low bits of the sum's representation.
const SHIFTER: f64 = 6_755_399_441_055_744.0;

/// Taylor coefficients `1/n!` for `n = 2..=13`. On `|r| <= ln(2)/2` the
/// first omitted term, `r^14/14!`, is below `4.2e-18` (0.04 ulp of 1).
const INV_FACTORIAL: [f64; 12] = [
    1.0 / 2.0,
    1.0 / 6.0,
    1.0 / 24.0,
    1.0 / 120.0,
    1.0 / 720.0,
    1.0 / 5_040.0,
    1.0 / 40_320.0,
    1.0 / 362_880.0,
    1.0 / 3_628_800.0,
    1.0 / 39_916_800.0,
    1.0 / 479_001_600.0,
    1.0 / 6_227_020_800.0,
];

/// `e^x`, within 1 ulp of the exact value; `inf` above about 709.78, `0`
/// (through the subnormals) below about -745.1, NaN for NaN.
#[inline(always)]
pub fn exp(x: f64) -> f64 {
    // Beyond these the result is inf or 0 anyway; clamping keeps `k` small
    // enough for the exponent arithmetic below. (`clamp` keeps NaN.)
    let x = x.clamp(-746.0, 710.0);
    let shifted = x * LOG2_E + SHIFTER;
    let kf = shifted - SHIFTER;
    // `k = round(x / ln 2)` read from the sum's bits, which avoids a
    // float-to-integer conversion that some vector units lack.
    let k = (shifted.to_bits() as i64).wrapping_sub(SHIFTER.to_bits() as i64);
    let r = (x - kf * LN2_HI) - kf * LN2_LO;
    // e^r = 1 + r + r^2 p(r), p by Estrin's scheme: a short dependency
    // chain, which matters when the function is called one value at a time.
    let c = &INV_FACTORIAL;
    let r2 = r * r;
    let r4 = r2 * r2;
    let r8 = r4 * r4;
    let b0 = (c[0] + c[1] * r) + (c[2] + c[3] * r) * r2;
    let b1 = (c[4] + c[5] * r) + (c[6] + c[7] * r) * r2;
    let b2 = (c[8] + c[9] * r) + (c[10] + c[11] * r) * r2;
    let p = (b0 + b1 * r4) + b2 * r8;
    let e_r = 1.0 + (r + r2 * p);
    // 2^k in two halves, so that results in the subnormal range and the
    // overflow to inf come out right.
    let k1 = k >> 1;
    let k2 = k - k1;
    let scale = |k: i64| f64::from_bits(((k + 1023) as u64) << 52);
    e_r * scale(k1) * scale(k2)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{RngExt, SeedableRng};
    use rand_xoshiro::Xoshiro256PlusPlus;

    fn ulps(a: f64, b: f64) -> u64 {
        (a.to_bits() as i64 - b.to_bits() as i64).unsigned_abs()
    }

    #[test]
    fn within_one_ulp_of_libm() {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(1);
        let mut worst = 0;
        for i in 0..2_000_000 {
            // Half of the points where growth factors live, half anywhere.
            let x: f64 = if i % 2 == 0 {
                rng.random_range(-1.0..1.0)
            } else {
                rng.random_range(-744.0..709.7)
            };
            let (got, want) = (exp(x), libm::exp(x));
            let d = ulps(got, want);
            worst = worst.max(d);
            assert!(d <= 1, "exp({x:e}) = {got:e}, libm {want:e}");
        }
        assert!(worst <= 1);
    }

    #[test]
    fn special_values() {
        assert_eq!(exp(0.0), 1.0);
        assert!(ulps(exp(1.0), std::f64::consts::E) <= 1);
        assert_eq!(exp(f64::INFINITY), f64::INFINITY);
        assert_eq!(exp(710.0), f64::INFINITY);
        assert_eq!(exp(f64::NEG_INFINITY), 0.0);
        assert_eq!(exp(-746.0), 0.0);
        assert!(exp(f64::NAN).is_nan());
        // The largest finite result and a subnormal one.
        assert!(ulps(exp(709.78), libm::exp(709.78)) <= 1);
        assert!(ulps(exp(-740.0), libm::exp(-740.0)) <= 1);
    }

    /// Value stability: the engine's lognormal factors depend on these bits.
    #[test]
    fn value_stability() {
        let bits: Vec<u64> = [-0.5, 0.01, 0.3, 2.5]
            .iter()
            .map(|&x| exp(x).to_bits())
            .collect();
        assert_eq!(
            bits,
            [
                0x3fe3_68b2_fc6f_960a,
                0x3ff0_292a_5d2f_2226,
                0x3ff5_9905_8c8c_1a96,
                0x4028_5d6f_d931_e0bb
            ]
        );
    }
}
