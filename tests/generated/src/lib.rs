#![deny(warnings)]
pub mod go_subject {
    include!("/tmp/go_subject.rs");
}
