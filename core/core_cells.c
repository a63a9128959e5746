/* core_cells.c - govlua.core: per-report cell summaries and sums, so that
 * the table rules skip their Lua loops on reports where nothing is wrong.
 *
 *   count(report, what [, edition]) -> n | nil
 *     how many cells of the report view are `what` ("number", "blank",
 *     "text", "missing" (cells absent from a row that is there),
 *     "missing_rows" (rows absent from a table that is there), "unusual"
 *     (numbers outside their column's kind in the schema: counts that are
 *     negative or fractional, signed counts that are fractional, negative
 *     amounts, anything not finite), "sourced"
 *     (numbers with source text)), among the cells of `edition` ("2019",
 *     "2021"; nil = either).  nil when `report` is not the current report
 *     view (a plain table) or the view hides a row: then look yourself.
 *   equations({ {lhs, rhs}, ... }) -> compiled equations (lhs, rhs: arrays
 *     of cell paths; each equation says sum(lhs) == sum(rhs))
 *   sums_hold(report, eqs) -> true when every equation either has a term
 *     that is not a number or holds with integer terms; false when one may
 *     fail (or has a decimal term, or report is not the current view).
 *
 * Both answer from the summary the view makes when it is refilled
 * (view.c), so each call costs a few array reads, not a walk of the view.
 * A false/nil answer only means "look": rules keep their full Lua check
 * for that case, so findings do not depend on this file.  With the
 * environment variable GOVLUA_SLOW_PATHS=1 every answer is "look" (tests
 * compare the two: tests/cli/fastpath.sh). */
#include <lauxlib.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "luamods.h"
#include "model.h"
#include "view.h"

static const char EQS_MT[] = "govlua.equations";

/* Upvalue 1 of every function here: a userdata with what the calls keep
 * (no registry lookups by name on the way: these run ~20 times a report).
 * Its user value 1: the metatable of compiled equations (EQS_MT). */
typedef struct {
  int slow; /* GOVLUA_SLOW_PATHS: every answer is "look" */
} cells_state;

#define STATE lua_upvalueindex(1)

/* The summary of the view at idx, or NULL when the caller must look. */
static const gl_view_info *info_of(lua_State *L, int idx) {
  const cells_state *cs = lua_touserdata(L, STATE);
  if (cs->slow) return NULL;
  const gl_view_info *info = gl_view_info_of(L, idx);
  return info && !info->odd ? info : NULL;
}

static int parse_what(lua_State *L, int idx) {
  static const char *const names[] = {"number", "blank", "text", "missing", "missing_rows",
                                      "unusual", "sourced", NULL};
  static const int codes[] = {GL_VC_NUMBER, GL_VC_BLANK, GL_VC_TEXT, GL_VC_MISSING,
                              GL_VC_ROWS, GL_VC_UNUSUAL, GL_VC_SOURCED};
  return codes[luaL_checkoption(L, idx, NULL, names)];
}

static int edition_index(lua_State *L, int idx) {
  if (lua_isnoneornil(L, idx)) return 0;
  const char *e = luaL_checkstring(L, idx);
  if (strcmp(e, "2019") == 0) return 1;
  if (strcmp(e, "2021") == 0) return 2;
  return luaL_argerror(L, idx, "edition must be \"2019\", \"2021\" or nil");
}

static int core_count(lua_State *L) {
  int what = parse_what(L, 2);
  const gl_view_info *info = info_of(L, 1);
  if (!info) {
    lua_pushnil(L);
    return 1;
  }
  int ed = edition_index(L, 3);
  lua_pushinteger(L, info->count[ed][what]);
  return 1;
}

/* Compiled equations: n, then per equation nl, nr and nl + nr slots. */
typedef struct {
  int n, len;
  short code[];
} equations;

/* Reads the array of paths at idx into code[*at...]; returns how many. */
static int read_paths(lua_State *L, int idx, int eq, const char *side, short *code, int *at,
                      int cap) {
  if (!lua_istable(L, idx))
    return luaL_error(L, "equation %d: %s must be an array of cell paths", eq, side);
  int n = (int)lua_rawlen(L, idx);
  for (int i = 1; i <= n; i++) {
    lua_rawgeti(L, idx, i);
    const char *p = lua_tostring(L, -1);
    int slot = p ? gl_schema_find_cell(p) : -1;
    if (slot < 0)
      return luaL_error(L, "equation %d: %s[%d] is not a cell path (%s)", eq, side, i,
                        p ? p : luaL_typename(L, -1));
    if (*at >= cap) return luaL_error(L, "too many terms in the equations");
    code[(*at)++] = (short)slot;
    lua_pop(L, 1);
  }
  return n;
}

static int core_equations(lua_State *L) {
  luaL_checktype(L, 1, LUA_TTABLE);
  int n = (int)lua_rawlen(L, 1);
  if (n > 4096) return luaL_argerror(L, 1, "too many equations");
  /* size: count the terms first */
  int terms = 0;
  for (int i = 1; i <= n; i++) {
    if (lua_rawgeti(L, 1, i) != LUA_TTABLE)
      return luaL_error(L, "equation %d must be a table { lhs, rhs }", i);
    for (int s = 1; s <= 2; s++) {
      lua_rawgeti(L, -1, s);
      terms += lua_istable(L, -1) ? (int)lua_rawlen(L, -1) : 0;
      lua_pop(L, 1);
    }
    lua_pop(L, 1);
    if (terms > 65536) return luaL_argerror(L, 1, "too many terms");
  }
  int cap = 2 * n + terms;
  equations *e = lua_newuserdatauv(L, sizeof *e + (size_t)cap * sizeof(short), 0);
  e->n = n;
  e->len = 0;
  lua_getiuservalue(L, STATE, 1);
  lua_setmetatable(L, -2);
  for (int i = 1; i <= n; i++) {
    lua_rawgeti(L, 1, i);
    int head = e->len;
    e->len += 2;
    lua_rawgeti(L, -1, 1);
    e->code[head] = (short)read_paths(L, lua_gettop(L), i, "lhs", e->code, &e->len, cap);
    lua_pop(L, 1);
    lua_rawgeti(L, -1, 2);
    e->code[head + 1] = (short)read_paths(L, lua_gettop(L), i, "rhs", e->code, &e->len, cap);
    lua_pop(L, 2);
  }
  return 1;
}

/* Sums the terms of one side the way Lua adds integers (wrapping).
 * Returns 0 if a term is not a number, -1 if one is a decimal, 1 if done. */
static int side_sum(const gl_view_info *info, const short *slots, int n, uint64_t *sum) {
  uint64_t s = 0;
  for (int i = 0; i < n; i++) {
    int st = info->cell[slots[i]].state;
    if (st != GL_NUMBER) return 0;
    if (!info->cell[slots[i]].is_int) return -1;
    s += (uint64_t)info->cell[slots[i]].i;
  }
  *sum = s;
  return 1;
}

static int core_sums_hold(lua_State *L) {
  const equations *e = lua_touserdata(L, 2);
  int is_eqs = e && lua_getmetatable(L, 2);
  if (is_eqs) {
    lua_getiuservalue(L, STATE, 1);
    is_eqs = lua_rawequal(L, -1, -2);
    lua_pop(L, 2);
  }
  if (!is_eqs) return luaL_typeerror(L, 2, "equations");
  const gl_view_info *info = info_of(L, 1);
  if (!info) {
    lua_pushboolean(L, 0);
    return 1;
  }
  int at = 0, hold = 1;
  for (int i = 0; i < e->n && hold; i++) {
    int nl = e->code[at], nr = e->code[at + 1];
    const short *l = &e->code[at + 2], *r = l + nl;
    at += 2 + nl + nr;
    uint64_t a = 0, b = 0;
    int sa = side_sum(info, l, nl, &a);
    int sb = side_sum(info, r, nr, &b);
    if (sa == 0 || sb == 0) continue; /* a term is not a number: nothing to add up */
    if (sa < 0 || sb < 0 || a != b) hold = 0;
  }
  lua_pushboolean(L, hold);
  return 1;
}

void gl_core_cells(lua_State *L) {
  static const luaL_Reg funcs[] = {{"count", core_count},
                                   {"equations", core_equations},
                                   {"sums_hold", core_sums_hold},
                                   {NULL, NULL}};
  cells_state *cs = lua_newuserdatauv(L, sizeof *cs, 1);
  const char *slow = getenv("GOVLUA_SLOW_PATHS");
  cs->slow = slow && *slow && strcmp(slow, "0") != 0;
  lua_newtable(L);
  lua_pushliteral(L, "equations");
  lua_setfield(L, -2, "__metatable");
  lua_pushstring(L, EQS_MT);
  lua_setfield(L, -2, "__name");
  lua_setiuservalue(L, -2, 1);
  luaL_setfuncs(L, funcs, 1);
}
