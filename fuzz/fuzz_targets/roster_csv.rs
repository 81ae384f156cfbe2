//! Fuzz target: `targetsim::fuzz::roster_csv` on arbitrary bytes (see FUZZING.md).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = targetsim::fuzz::roster_csv(data);
});
