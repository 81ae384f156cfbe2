//! Statistics shared by the engine, the results and the analyses.

pub mod ks;
pub mod paired;
pub mod rank;
pub mod wilson;
