//! Fuzz target: `--set` overrides (one per line) on the peer scenario (see FUZZING.md).
#![no_main]

use std::sync::OnceLock;
use targetsim::scenario::Sources;

static PEER: OnceLock<Sources> = OnceLock::new();

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let sources = PEER.get_or_init(|| {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../benches/scenarios/peer-12.toml"
        );
        Sources::read(std::path::Path::new(path)).expect("the peer scenario reads")
    });
    let _ = targetsim::fuzz::overrides(sources, data);
});
