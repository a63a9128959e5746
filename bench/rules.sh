#!/bin/sh
# Per-rule cost: runs govlua over DIR with a no-op rule, then with each rule
# alone, and prints CPU microseconds (user + system) per report above the no-op
# run (best of ROUNDS; CPU time, from perf stat's task-clock, is steadier than
# wall time on a busy machine).
#   bench/rules.sh DIR [ROUNDS] [RULE.lua ...]
set -eu
cd "$(dirname "$0")/.."
DIR=$1; shift
ROUNDS=${1:-3}; [ $# -gt 0 ] && shift
GL=${GOVLUA_BIN:-build/govlua}
command -v perf >/dev/null || { echo "bench/rules.sh: needs perf (apt-get install linux-perf)" >&2; exit 2; }
W=$(mktemp -d); trap 'rm -rf "$W"' EXIT
printf 'return { id = "noop", severity = "info", description = "nothing", check = function() end }\n' > "$W/noop.lua"
N=$(find "$DIR" -name '*.json' | wc -l)
best() { # best wall seconds of ROUNDS runs of govlua with the given rules
  b=""
  for r in $(seq "$ROUNDS"); do
    perf stat -x, -e task-clock -o "$W/t" "$GL" -q -j 1 -f json "$@" "$DIR" >/dev/null 2>&1 || true
    s=$(awk -F, '$3 == "task-clock" { print $1 / 1000 }' "$W/t")
    b=$(awk -v a="$b" -v s="$s" 'BEGIN { print (a == "" || s < a) ? s : a }')
  done
  echo "$b"
}
base=$(best "$W/noop.lua")
printf '%-32s %8s\n' "(no-op rule: load + format)" "$(awk -v s="$base" -v n="$N" 'BEGIN{printf "%.1f", s*1e6/n}')"
[ $# -gt 0 ] || set -- rules/*.lua
tot=0
for rule in "$@"; do
  s=$(best "$rule")
  us=$(awk -v s="$s" -v b="$base" -v n="$N" 'BEGIN{printf "%.1f", (s-b)*1e6/n}')
  printf '%-32s %8s\n' "$(basename "$rule" .lua)" "$us"
done
echo "(microseconds per report over $N reports; $GL)"
