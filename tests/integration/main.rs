//! Integration tests, compiled into one binary (as ripgrep does).

#[macro_use]
mod util;

mod architecture;
mod browser;
mod chart_layout;
mod charts;
mod cli;
mod closed_forms;
mod determinism;
mod errors;
mod extract;
mod firm_bounds;
mod firms;
mod first_passage;
mod growth_bound;
mod history;
mod kunshan;
mod lanes;
mod mutation;
mod output;
mod robustness;
mod samplers;
mod sampling;
mod serve;
mod shards;
mod summary;
mod whatif;
mod xlsx;
