//! The interpreter on arbitrary payloads against every fixture schema (the first
//! byte picks the fixture), and the targeted location scan that the CLI uses to
//! report each violation: every violation's pointer is located at a span holding
//! exactly the value the pointer names.
#![no_main]

use gbg_go_fuzz::{check_locations, validators};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&pick, payload)) = data.split_first() else {
        return;
    };
    let vs = validators();
    let v = &vs[pick as usize % vs.len()];
    let Ok(value) = serde_json::from_slice::<serde_json::Value>(payload) else {
        return;
    };
    let violations = v.validate(&value);
    for x in &violations {
        let _ = x.to_string();
    }
    let text = std::str::from_utf8(payload).expect("serde_json accepted non-UTF-8");
    check_locations(text, &value, &violations);
});
