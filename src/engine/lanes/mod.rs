//! The engine's fast path: paths simulated [`LANES`] at a time in vector
//! registers, with the same draws and the same results as one path at a
//! time (`engine::path`).
//!
//! The batch loop is compiled three times, for AVX-512, AVX2 and the
//! baseline instruction set, and the fastest the processor supports is
//! chosen at run time. No variant uses fused multiply-add (the compiler
//! never contracts Rust's `a * b + c`), so all three compute the same bits.

pub(crate) mod bare;
pub(crate) mod batch;
pub(crate) mod rng;

pub use batch::{BatchAttempts, LaneScratch};

use super::accumulator::BATCH_PATHS;
use super::plan::Plan;

/// Paths per batch: a batch fills the accumulator's batch buffer.
pub const LANES: usize = BATCH_PATHS;

/// The instruction sets the batch loop is compiled for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Isa {
    /// x86-64 with AVX-512 (F, VL, DQ, BW).
    Avx512,
    /// x86-64 with AVX2.
    Avx2,
    /// Whatever the build targets (SSE2 on x86-64).
    Baseline,
}

impl Isa {
    /// The best the running processor supports.
    pub fn detect() -> Isa {
        static DETECTED: std::sync::OnceLock<Isa> = std::sync::OnceLock::new();
        *DETECTED.get_or_init(Isa::probe)
    }

    fn probe() -> Isa {
        #[cfg(target_arch = "x86_64")]
        {
            if std::arch::is_x86_feature_detected!("avx512f")
                && std::arch::is_x86_feature_detected!("avx512vl")
                && std::arch::is_x86_feature_detected!("avx512dq")
                && std::arch::is_x86_feature_detected!("avx512bw")
            {
                return Isa::Avx512;
            }
            if std::arch::is_x86_feature_detected!("avx2") {
                return Isa::Avx2;
            }
        }
        Isa::Baseline
    }

    /// The instruction set runs use: the best detected, unless the
    /// environment variable `TARGETSIM_ISA` (`avx512`, `avx2` or
    /// `baseline`) asks for a supported lesser one, to compare them.
    pub fn chosen() -> Isa {
        static CHOSEN: std::sync::OnceLock<Isa> = std::sync::OnceLock::new();
        *CHOSEN.get_or_init(|| Isa::asked().ok().flatten().unwrap_or_else(Isa::detect))
    }

    /// The instruction set `TARGETSIM_ISA` asks for, if set; an error
    /// saying why when it names none, or one this processor lacks.
    pub fn asked() -> Result<Option<Isa>, String> {
        let Ok(value) = std::env::var("TARGETSIM_ISA") else {
            return Ok(None);
        };
        let isa = [Isa::Avx512, Isa::Avx2, Isa::Baseline]
            .into_iter()
            .find(|i| i.name() == value)
            .ok_or_else(|| format!("\"{value}\" is not one of avx512, avx2, baseline"))?;
        if !isa.supported() {
            return Err(format!(
                "this processor does not support {value}; the best it has is {}",
                Isa::detect().name()
            ));
        }
        Ok(Some(isa))
    }

    /// Lower-case name, as `TARGETSIM_ISA` takes it.
    pub fn name(self) -> &'static str {
        match self {
            Isa::Avx512 => "avx512",
            Isa::Avx2 => "avx2",
            Isa::Baseline => "baseline",
        }
    }

    /// Is this instruction set usable here?
    pub fn supported(self) -> bool {
        match self {
            Isa::Baseline => true,
            Isa::Avx2 => matches!(Isa::detect(), Isa::Avx2 | Isa::Avx512),
            Isa::Avx512 => Isa::detect() == Isa::Avx512,
        }
    }
}

/// Define `$name(isa, args...)`: `$body` compiled for AVX-512, AVX2 and
/// the baseline, run with the instruction set `isa`, which must be
/// [`supported`](Isa::supported) (checked: a clear panic, never an illegal
/// instruction).
macro_rules! for_each_isa {
    ($(#[$meta:meta])* $vis:vis fn $name:ident($($arg:ident: $ty:ty),* $(,)?) -> $ret:ty $body:block) => {
        $(#[$meta])*
        #[allow(clippy::too_many_arguments)]
        $vis fn $name(isa: $crate::engine::lanes::Isa, $($arg: $ty),*) -> $ret {
            #[inline(always)]
            fn body($($arg: $ty),*) -> $ret $body
            #[cfg(target_arch = "x86_64")]
            #[target_feature(enable = "avx512f,avx512vl,avx512dq,avx512bw")]
            fn avx512($($arg: $ty),*) -> $ret {
                body($($arg),*)
            }
            #[cfg(target_arch = "x86_64")]
            #[target_feature(enable = "avx2")]
            fn avx2($($arg: $ty),*) -> $ret {
                body($($arg),*)
            }
            use $crate::engine::lanes::Isa;
            assert!(isa.supported(), "{isa:?} is not supported by this processor");
            match isa {
                #[cfg(target_arch = "x86_64")]
                // SAFETY: `isa.supported()` asserted above that the processor
                // has AVX-512 F, VL, DQ and BW, the features `avx512` enables.
                Isa::Avx512 => unsafe { avx512($($arg),*) },
                #[cfg(target_arch = "x86_64")]
                // SAFETY: `isa.supported()` asserted above that the processor
                // has AVX2, the feature `avx2` enables.
                Isa::Avx2 => unsafe { avx2($($arg),*) },
                _ => body($($arg),*),
            }
        }
    };
}

for_each_isa! {
    /// Simulate paths `first .. first + paths` (`paths <= LANES`, `first`
    /// even) into `out[slot * LANES + lane]` with the instruction set
    /// `isa`. Returns the attempts made.
    pub fn simulate_batch(
        plan: &Plan,
        seed: u64,
        first: u64,
        paths: usize,
        s: &mut LaneScratch,
        out: &mut [f64],
    ) -> BatchAttempts {
        batch::simulate_batch(plan, seed, first, paths, s, out)
    }
}

for_each_isa! {
    /// The sampling bound for paths `first .. first + paths` with the
    /// instruction set `isa`: see `lanes/bare.rs`.
    pub fn bare_sampling(plan: &Plan, seed: u64, first: u64, paths: u64) -> f64 {
        bare::bare_sampling(plan, seed, first, paths)
    }
}

pub(crate) use for_each_isa;
