//! The what-if analyses: a scenario's variants simulated on the same paths
//! (common random numbers) and compared. Each analysis runs its variants
//! through `variant.rs`.

pub mod compare;
pub mod dependence;
pub mod goal_seek;
pub(crate) mod levels;
pub mod resolution;
pub mod sensitivity;
pub mod sweep;
pub(crate) mod variant;
