// `prefill!(schema = …, module = …)` from another crate cannot know a module's
// renamed or replaced types (Builder::rename, Builder::replace): it refuses such a
// module while compiling. Here the kyc module is re-exported with the marker a
// reshaped module carries.
mod kyc {
    include!("../../snapshots/kyc.rs");
}

mod reshaped {
    pub use super::kyc::*;
    pub const __RESHAPED: bool = true;
}

fn main() {
    let _root: reshaped::Root = gbg_go::prefill!(schema = "schemas/kyc.json", module = reshaped, {
        "context": {"subject": {"identity": {
            "firstName": "Ada", "lastNames": ["Lovelace"], "dateOfBirth": "1815-12-10"
        }}}
    });
}
