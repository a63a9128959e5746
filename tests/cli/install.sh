#!/bin/sh
# The binary finds its Lua library from any directory, through a symlink,
# and after `cmake --install` (from the installed share/govlua).
. tests/cli/lib.inc
ROOT=$(pwd)

# from another working directory
(cd "$TMP" && "$GL" -f json "$ROOT/examples/pingtan-2025.json") >"$TMP/cwd.out" 2>&1 && ok || bad "run from another directory failed: $(cat "$TMP/cwd.out")"

# through a symlink
ln -s "$GL" "$TMP/govlua-link"
(cd / && "$TMP/govlua-link" "$ROOT/examples/") >"$TMP/link.out" 2>&1
[ $? = 1 ] && grep -q "社会公益组织" "$TMP/link.out" && ok || bad "run through a symlink: $(head -3 "$TMP/link.out")"

# installed into a prefix
if [ -n "${GOVLUA_BUILD_DIR:-}" ]; then
  cmake --install "$GOVLUA_BUILD_DIR" --prefix "$TMP/prefix" >/dev/null
  [ -x "$TMP/prefix/bin/govlua" ] && [ -f "$TMP/prefix/share/govlua/lua/govlua/init.lua" ] \
    && [ -f "$TMP/prefix/share/govlua/rules/cell-blank.lua" ] && [ -f "$TMP/prefix/share/govlua/lua/formats/json.lua" ] \
    && ok || bad "cmake --install did not install binary, library, rules and formats"
  (cd / && "$TMP/prefix/bin/govlua" -f json "$ROOT/examples/") >"$TMP/inst.out" 2>&1
  [ $? = 1 ] && grep -q '"applications.total.nonprofit"' "$TMP/inst.out" && ok || bad "installed binary: $(head -3 "$TMP/inst.out")"
  # the installed copy must use its own files, not the source tree
  "$TMP/prefix/bin/govlua" --list-rules -f json >"$TMP/list.out" 2>&1
  grep -q "$TMP/prefix/share/govlua/rules/" "$TMP/list.out" && ok || bad "installed binary does not use share/govlua: $(head -3 "$TMP/list.out")"
fi
finish
