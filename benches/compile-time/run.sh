#!/usr/bin/env bash
# Compile-time cost of `gbg_go::prefill!`: a crate with 100 invocations of a ~1 KB
# payload against the full GO subject schema, against the same crate written with
# `serde_json::json!`, timed side by side with hyperfine (`cargo check` after touching
# the source). Never run in CI. Needs GBG_GO_SHARED and hyperfine (Debian package).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
work="$repo/target/compile-time-bench"
rm -rf "$work" && mkdir -p "$work"
(cd "$here/.." && cargo run -q --release --example write_go_subject -- "$work/go_subject.json")

payload='{"context": {"subject": {
    "identity": {
        "title": "Dr", "firstName": "Ada", "middleNames": ["Augusta"], "lastNames": ["Lovelace"],
        "dateOfBirth": "1815-12-10",
        "currentAddress": {"addressString": "12 St James Square, London", "lines": ["12 St James Square"],
            "premise": "12", "thoroughfare": "St James Square", "locality": "London", "postalCode": "SW1Y 4JH", "country": "GB"},
        "previousAddresses": [{"lines": ["2 Low Road"], "locality": "York", "country": "GB", "fromDate": "2010-01-01", "toDate": "2019-06-30"}],
        "emails": [{"type": "home", "email": "ada@example.com"}],
        "phones": [{"type": "mobile", "number": "+447700900123"}]
    },
    "documents": [{"type": "Passport", "number": "123456789", "country": "GB"}],
    "consent": [{"url": "https://example.com/terms"}]
}}}'

make_crate() { # name, macro-call-prefix
    local dir="$work/$1"
    mkdir -p "$dir/src"
    cat > "$dir/Cargo.toml" <<TOML
[package]
name = "$1"
version = "0.0.0"
edition = "2021"
publish = false
[workspace]
[dependencies]
gbg-go = { path = "$repo" }
serde_json = "1"
TOML
    {
        for i in $(seq 1 100); do
            echo "pub fn payload_$i() -> impl ::std::fmt::Debug { $2 $payload) }"
        done
    } > "$dir/src/lib.rs"
}
make_crate with_prefill 'gbg_go::prefill!(schema = "../go_subject.json",'
make_crate with_json 'serde_json::json!('
export CARGO_TARGET_DIR="$work/target"
for c in with_prefill with_json; do (cd "$work/$c" && cargo check -q); done
hyperfine --warmup 1 --runs 10 \
    --prepare "touch $work/with_prefill/src/lib.rs" "cd $work/with_prefill && cargo check -q" \
    --prepare "touch $work/with_json/src/lib.rs" "cd $work/with_json && cargo check -q"
