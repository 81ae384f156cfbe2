//! Distributions of the yearly random inputs: growth rates (through a
//! Gaussian copula) and yearly counts of additions and exits.

pub mod count;
pub mod exp;
pub mod growth;
pub(crate) mod inversion;
pub(crate) mod normal;
pub mod truncated;
pub(crate) mod ziggurat;
pub(crate) mod ztable;

pub use count::CountDist;
pub use growth::GrowthDist;
