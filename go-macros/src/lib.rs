//! Procedural macros for gbg-go, re-exported by the `gbg-go` crate behind its default
//! `macros` feature.
//!
//! This crate is a thin shim over `gbg-go-codegen`: the compile-time literal check
//! (`prefill!`) and the `Prefill` derive are specified but not built yet, so it
//! exports nothing today. It exists now so the facade's feature and the workspace
//! layout are stable for that work.
