//! Generated `Deserialize` on arbitrary bytes through a fixture's `Root` (the first
//! byte picks kyc, biometrics, us-ssn or kyc-2020): its verdict must equal the
//! interpreter's on the same bytes, and the violations it reports must be the same.
#![no_main]

use gbg_go_fuzz::{biometrics, interpreter_verdict, kyc, kyc_2020, us_ssn, validators};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&pick, payload)) = data.split_first() else {
        return;
    };
    // validators() follows gbg_go_fuzz::FIXTURES: kyc, biometrics, us-ssn, kyc-2020 first.
    let which = pick as usize % 4;
    let generated_ok = match which {
        0 => serde_json::from_slice::<kyc::Root>(payload).is_ok(),
        1 => serde_json::from_slice::<biometrics::Root>(payload).is_ok(),
        2 => serde_json::from_slice::<us_ssn::Root>(payload).is_ok(),
        _ => serde_json::from_slice::<kyc_2020::Root>(payload).is_ok(),
    };
    let interpreted_ok = interpreter_verdict(&validators()[which], payload)
        .is_some_and(|violations| violations.is_empty());
    assert_eq!(
        generated_ok, interpreted_ok,
        "generated code and the interpreter disagree (fixture {which})"
    );
});
