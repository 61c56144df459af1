#!/usr/bin/env bash
# Validation speed: `gbg-go validate` against jsonschema-cli and ajv-cli, side by side
# in one hyperfine run, on 2,000 realistic payload files (2% invalid) against the full
# GO subject schema. Each tool runs in its fastest mode with format assertion on.
# Peak memory comes from GNU time. Never run by CI.
#
#   GBG_GO_SHARED=../../shared benches/cli/run.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:-2000}"
OUT="${OUT:-/tmp/gbg-go-cli-bench}"
TOOLS="${TOOLS:-$OUT/tools}"
export GBG_GO_SHARED="${GBG_GO_SHARED:-$(cd ../.. && pwd)/shared}"

cargo run --quiet --release --example write_payloads -- "$OUT" "$N"
cargo build --quiet --release --manifest-path ../Cargo.toml -p gbg-go-cli
GBG_GO="$(cd .. && pwd)/target/release/gbg-go"
[ -x "$TOOLS/bin/jsonschema-cli" ] || cargo install --quiet --root "$TOOLS" jsonschema-cli --version 0.60.2 --locked
[ -x "$TOOLS/npm/node_modules/.bin/ajv" ] || npm install --silent --prefix "$TOOLS/npm" ajv-cli@5 ajv-formats

cd "$OUT"
files=(payloads/*.json)
ajv_list="$(printf '%s,' "${files[@]}")"
cmds=(
  -n "gbg-go" "$GBG_GO validate --schema go_subject.json payloads --format json > /dev/null"
  -n "jsonschema-cli" "$TOOLS/bin/jsonschema-cli validate go_subject.json --assert-format --output flag --errors-only -i ${files[*]} > /dev/null"
  -n "ajv-cli" "$TOOLS/npm/node_modules/.bin/ajv validate --spec=draft7 --strict=false -c ajv-formats -s go_subject.json -d '{${ajv_list%,}}' > /dev/null 2>&1"
)
hyperfine --warmup 3 --runs 20 -i --export-markdown "$OUT/results.md" "${cmds[@]}"
/usr/bin/time -f "gbg-go peak RSS: %M KiB" "$GBG_GO" validate --schema go_subject.json payloads --format json > /dev/null || true
/usr/bin/time -f "jsonschema-cli peak RSS: %M KiB" "$TOOLS/bin/jsonschema-cli" validate go_subject.json --assert-format --output flag --errors-only -i "${files[@]}" > /dev/null || true
/usr/bin/time -f "ajv-cli peak RSS: %M KiB" "$TOOLS/npm/node_modules/.bin/ajv" validate --spec=draft7 --strict=false -c ajv-formats -s go_subject.json -d "payloads/*.json" > /dev/null 2>&1 || true
