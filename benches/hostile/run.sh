#!/usr/bin/env bash
# Whole-command figures for the hostile-input issue (never run by CI):
#   1. a catastrophic pattern, `^(a+)+$`, against `a…a!`;
#   2. a large payload (600,000 rows, ~37 MB) valid, and with one bad date in its
#      last row: wall time (hyperfine) and peak memory (wait4, via peak_rss.py).
# BEFORE may name an older gbg-go binary to run side by side (for example one built
# from the commit before the change); AFTER defaults to this tree's release build.
set -euo pipefail
cd "$(dirname "$0")/../.."
AFTER="${AFTER:-target/release/gbg-go}"
[ -x "$AFTER" ] || cargo build --release -p gbg-go-cli
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
python3 benches/hostile/payloads.py "$WORK"

echo "== catastrophic pattern =="
if [ -n "${BEFORE:-}" ]; then
  hyperfine -N --runs 3 -i \
    -n "before: 28 a's + '!'" "$BEFORE validate --schema $WORK/pattern.json $WORK/a28.json" \
    -n "after: 28 a's + '!'" "$AFTER validate --schema $WORK/pattern.json $WORK/a28.json" \
    -n "after: 100,000 a's + '!'" "$AFTER validate --schema $WORK/pattern.json $WORK/a100k.json"
else
  hyperfine -N --runs 10 -i \
    -n "28 a's + '!'" "$AFTER validate --schema $WORK/pattern.json $WORK/a28.json" \
    -n "100,000 a's + '!'" "$AFTER validate --schema $WORK/pattern.json $WORK/a100k.json"
fi

echo "== large payload, valid vs one late error =="
for bin in ${BEFORE:+"$BEFORE"} "$AFTER"; do
  echo "-- $bin"
  hyperfine -N --warmup 1 --runs 5 -i \
    -n valid "$bin validate --schema $WORK/rows.json $WORK/valid.json" \
    -n "late error" "$bin validate --schema $WORK/rows.json $WORK/late.json"
  for f in valid late; do
    printf '%s: peak RSS ' "$f"
    python3 benches/hostile/peak_rss.py "$bin" validate --schema "$WORK/rows.json" "$WORK/$f.json"
  done
done
