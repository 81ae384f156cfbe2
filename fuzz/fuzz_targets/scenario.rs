//! Fuzz target: `targetsim::fuzz::scenario` on arbitrary bytes (see FUZZING.md).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = targetsim::fuzz::scenario(data);
});
