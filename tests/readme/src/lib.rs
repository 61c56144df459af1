//! Every Rust snippet of README.md, compiled as written (see build.rs): this crate
//! failing to build means the README shows code that does not compile. The tests run
//! those that need no server.

gbg_go::include_schema!(pub kyc);
gbg_go::include_schema!(pub verification_documents);

include!(concat!(env!("OUT_DIR"), "/snippets.rs"));
