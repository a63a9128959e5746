#!/bin/sh
# Runs one fuzzer for FUZZ_SECONDS (default 60) on a fresh corpus seeded from
# the given files/directories; a crash fails the test and leaves the input in
# the build tree (crash-*). Usage: run.sh FUZZER SEED...
set -eu
fuzzer=$1
shift
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/corpus"
for s in "$@"; do
  if [ -d "$s" ]; then find "$s" -type f -exec cp {} "$work/corpus/" \; ; elif [ -f "$s" ]; then cp "$s" "$work/corpus/"; fi
done
exec "$fuzzer" -max_total_time="${FUZZ_SECONDS:-60}" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
  -print_final_stats=1 "$work/corpus"
