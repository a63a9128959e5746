#!/bin/sh
# Runs the mapper the way Hadoop Streaming would, on this machine: split the
# input, run one mapper per split, then the "reduce" step (here: count the
# reports with errors). Usage: GOVLUA=build/govlua examples/streaming/run-local.sh
set -eu
cd "$(dirname "$0")/../.."
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
for f in examples/*.json; do tr -d '\n' < "$f"; echo; done > "$W/reports.jsonl"
split -l 1 "$W/reports.jsonl" "$W/split-"          # Hadoop: the input splits
for s in "$W"/split-*; do
  sh examples/streaming/mapper.sh < "$s" >> "$W/mapped.jsonl" || true   # exit 1 = findings
done
echo "reports: $(wc -l < "$W/mapped.jsonl")"
echo "with errors: $(grep -c '"errors":[1-9]' "$W/mapped.jsonl" || true)"
