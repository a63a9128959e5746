/* view.c - read-only Lua proxies over a gl_report (see view.h). */
#include "view.h"

#include "luamods.h"

#include <lauxlib.h>
#include <pthread.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

/* Registry keys: the addresses of these (light userdata, no string to hash). */
static const char VIEW_KEY[] = "govlua.view";
static const char BLANK_KEY[] = "govlua.blank";
static const char INFO_KEY[] = "govlua.view.info";

/* Slots of the proxy registry table V: pairs (data table, proxy), then each
 * row's (metatable, fill closure), then the key strings the view writes,
 * made once so that refilling is rawset with a ready string. */
enum { V_ROOT = 1, V_SECTIONS = 3, V_TABLES = 5, V_GROUPS = 11, V_ROWS = 19 };
#define V_META (V_ROWS + 2 * GL_NROWS)
#define V_STR (V_META + 2 * GL_NROWS)
/* key string ids (V[V_STR + id]) */
enum {
  K_INDEX = 0,
  K_FORMAT, K_AGENCY, K_YEAR, K_EDITION, K_TITLE, K_PUBLISHED, K_SECTIONS, K_SOURCE,
  K_TABLE,                 /* 3 */
  K_GROUP = K_TABLE + 3,   /* 4 */
  K_SECTION = K_GROUP + 4, /* GL_NSECTIONS */
  K_ROW = K_SECTION + GL_NSECTIONS,
  K_COL = K_ROW + GL_NROWS, /* row * GL_ROW_STRIDE + column */
  K_N = K_COL + GL_MAX_CELLS
};
static const char *const ROOT_KEYS[] = {"format", "agency", "year", "edition",
                                        "title", "published", "sections", "source"};
static const char *const TABLES[3] = {"active", "applications", "appeals"};
static const char *const GROUPS[4] = {"withheld", "unavailable", "not_processed",
                                      "other_handling"};

/* Each schema row's table and group as indexes, and the 2019 row whose key
 * the 2021 group other_handling takes: worked out once per process
 * (schema_indexes, under pthread_once: worker threads set up their Lua
 * states at the same time). */
static signed char ROW_TABLE[GL_NROWS], ROW_GROUP[GL_NROWS];
static int OTHER_ROW = -1;

static void schema_indexes(void) {
  for (int i = 0; i < GL_NROWS; i++) {
    const gl_row *row = gl_schema_row(i);
    ROW_TABLE[i] = 0;
    for (int t = 0; t < 3; t++)
      if (strcmp(TABLES[t], row->table) == 0) ROW_TABLE[i] = (signed char)t;
    ROW_GROUP[i] = -1;
    for (int g = 0; row->group && g < 4; g++)
      if (strcmp(GROUPS[g], row->group) == 0) ROW_GROUP[i] = (signed char)g;
    if (!row->group && strcmp(row->path, "applications.other_handling") == 0) OTHER_ROW = i;
  }
}

/* Sets t[key id] = the value on top (popped); t is an absolute index, and a
 * table without a metatable (so raw is the same as not). */
static void set_key(lua_State *L, int V, int t, int id) {
  lua_rawgeti(L, V, V_STR + id);
  lua_insert(L, -2);
  lua_rawset(L, t);
}

static int ro_newindex(lua_State *L) {
  return luaL_error(L, "%s is read-only (govlua rules and formats cannot change it)",
                    lua_tostring(L, lua_upvalueindex(1)));
}

static int ro_len(lua_State *L) {
  lua_pushinteger(L, (lua_Integer)lua_rawlen(L, lua_upvalueindex(1)));
  return 1;
}

/* The iterator of pairs(proxy): walks the hidden data table (upvalue 1);
 * its state argument is the proxy, so the data table is never handed out. */
static int ro_next(lua_State *L) {
  lua_settop(L, 2);
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_pushvalue(L, 2);
  if (lua_next(L, 3)) return 2;
  lua_pushnil(L);
  return 1;
}

static int ro_pairs(lua_State *L) {
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_pushcclosure(L, ro_next, 1);
  lua_pushvalue(L, 1); /* the proxy */
  lua_pushnil(L);
  return 3;
}

static int blank_tostring(lua_State *L) {
  lua_pushliteral(L, "blank");
  return 1;
}

/* Pushes a proxy for the table at idx; `what` names it in errors. */
void gl_view_readonly(lua_State *L, int idx, const char *what) {
  idx = lua_absindex(L, idx);
  lua_newtable(L);            /* proxy */
  lua_createtable(L, 0, 7);   /* its metatable */
  lua_pushvalue(L, idx);
  lua_setfield(L, -2, "__index");
  lua_pushstring(L, what);
  lua_pushcclosure(L, ro_newindex, 1);
  lua_setfield(L, -2, "__newindex");
  lua_pushvalue(L, idx);
  lua_pushcclosure(L, ro_len, 1);
  lua_setfield(L, -2, "__len");
  lua_pushvalue(L, idx);
  lua_pushcclosure(L, ro_pairs, 1);
  lua_setfield(L, -2, "__pairs");
  lua_pushliteral(L, "read-only");
  lua_setfield(L, -2, "__metatable");
  lua_pushboolean(L, 1);
  lua_setfield(L, -2, "__govlua_ro"); /* the sandbox's rawset refuses these */
  lua_pushvalue(L, idx);
  lua_setfield(L, -2, "__govlua_data"); /* for gl_view_unwrap */
  lua_setmetatable(L, -2);
}

/* ---- rows, filled when first read ----------------------------------------
 * A row proxy's __index, __len and __pairs are closures over (data table,
 * row index, view info); each fills the data table from info->cell when it
 * was last filled for another report. */

static void push_info_cell(lua_State *L, const gl_view_info *info, int slot) {
  switch (info->cell[slot].state) {
    case GL_NUMBER:
      if (info->cell[slot].is_int)
        lua_pushinteger(L, (lua_Integer)info->cell[slot].i);
      else
        lua_pushnumber(L, info->cell[slot].d);
      break;
    case GL_BLANK:
      gl_view_push_blank(L);
      break;
    default: /* text cells' rows are filled when the report is pushed */
      lua_pushnil(L);
  }
}

/* Fills row i's data table (at D) for the current report, once per report,
 * and points the row's __index (metatable at M) at it: later reads of the
 * row are plain table reads until the next report is pushed.  V is the
 * proxy registry table. */
static void row_ensure(lua_State *L, int V, int D, int M, int i, gl_view_info *info) {
  if (info->filled[i] == info->gen) return;
  const gl_row *row = gl_schema_row(i);
  for (int c = 0; c < row->ncols; c++) {
    push_info_cell(L, info, i * GL_ROW_STRIDE + c);
    set_key(L, V, D, K_COL + i * GL_ROW_STRIDE + c);
  }
  info->filled[i] = info->gen;
  lua_pushvalue(L, D);
  set_key(L, V, M, K_INDEX);
  info->direct[i] = 1;
}

#define ROW_UPVALUES                                                      \
  int D = lua_upvalueindex(1);                                            \
  int row = (int)lua_tointeger(L, lua_upvalueindex(2));                   \
  gl_view_info *info = lua_touserdata(L, lua_upvalueindex(3));            \
  int M = lua_upvalueindex(4);                                            \
  row_ensure(L, lua_upvalueindex(5), D, M, row, info)

static int row_index(lua_State *L) {
  ROW_UPVALUES;
  lua_settop(L, 2);
  lua_rawget(L, D);
  return 1;
}

static int row_len(lua_State *L) {
  ROW_UPVALUES;
  lua_pushinteger(L, (lua_Integer)lua_rawlen(L, D));
  return 1;
}

static int row_pairs(lua_State *L) {
  ROW_UPVALUES;
  lua_pushvalue(L, D);
  lua_pushcclosure(L, ro_next, 1);
  lua_pushvalue(L, 1); /* the proxy */
  lua_pushnil(L);
  return 3;
}

/* Points the __index of row i (whose data table is stale now) back at the
 * closure that fills it. */
static void row_reset(lua_State *L, int V, int i, gl_view_info *info) {
  lua_rawgeti(L, V, V_META + 2 * i);
  lua_rawgeti(L, V, V_META + 2 * i + 1);
  set_key(L, V, lua_gettop(L) - 1, K_INDEX);
  lua_pop(L, 1);
  info->direct[i] = 0;
}

int gl_view_unwrap(lua_State *L, int idx) {
  idx = lua_absindex(L, idx);
  if (luaL_getmetafield(L, idx, "__govlua_ro") == LUA_TNIL) return 0;
  lua_pop(L, 1);
  lua_getmetatable(L, idx);
  lua_getfield(L, -1, "__govlua_data");
  if (lua_getfield(L, -2, "__govlua_row") == LUA_TNUMBER) {
    int row = (int)lua_tointeger(L, -1);
    lua_rawgetp(L, LUA_REGISTRYINDEX, INFO_KEY);
    gl_view_info *info = lua_touserdata(L, -1);
    lua_rawgetp(L, LUA_REGISTRYINDEX, VIEW_KEY);
    int top = lua_gettop(L);
    if (info && row >= 0 && row < GL_NROWS && lua_istable(L, top))
      row_ensure(L, top, top - 3, top - 4, row, info);
    lua_pop(L, 2);
  }
  lua_pop(L, 1);
  lua_replace(L, idx);
  lua_pop(L, 1);
  return 1;
}

/* Creates the (data, proxy) pair of row i at V[slot], V[slot+1]. */
static void make_row_pair(lua_State *L, int V, int slot, int i, gl_view_info *info) {
  const gl_row *r = gl_schema_row(i);
  lua_createtable(L, 0, r->ncols);
  int D = lua_gettop(L);
  lua_newtable(L);          /* proxy */
  lua_createtable(L, 0, 9); /* its metatable */
  int M = lua_gettop(L);
  lua_CFunction fs[3] = {row_index, row_len, row_pairs};
  const char *names[3] = {"__govlua_fill", "__len", "__pairs"};
  for (int k = 0; k < 3; k++) {
    lua_pushvalue(L, D);
    lua_pushinteger(L, i);
    lua_pushlightuserdata(L, info);
    lua_pushvalue(L, M);
    lua_pushvalue(L, V);
    lua_pushcclosure(L, fs[k], 5);
    lua_setfield(L, M, names[k]);
  }
  lua_getfield(L, M, "__govlua_fill");
  lua_pushvalue(L, -1);
  lua_rawseti(L, V, V_META + 2 * i + 1);
  lua_setfield(L, M, "__index");
  lua_pushvalue(L, M);
  lua_rawseti(L, V, V_META + 2 * i);
  lua_pushstring(L, r->path);
  lua_pushcclosure(L, ro_newindex, 1);
  lua_setfield(L, -2, "__newindex");
  lua_pushliteral(L, "read-only");
  lua_setfield(L, -2, "__metatable");
  lua_pushboolean(L, 1);
  lua_setfield(L, -2, "__govlua_ro");
  lua_pushvalue(L, D);
  lua_setfield(L, -2, "__govlua_data");
  lua_pushinteger(L, i);
  lua_setfield(L, -2, "__govlua_row");
  lua_setmetatable(L, -2);
  lua_rawseti(L, V, slot + 1);
  lua_rawseti(L, V, slot);
}

/* Creates a (data, proxy) pair and stores it at V[slot], V[slot+1]. */
static void make_pair(lua_State *L, int V, int slot, const char *what, int narr) {
  lua_createtable(L, 0, narr);
  gl_view_readonly(L, -1, what);
  lua_rawseti(L, V, slot + 1);
  lua_rawseti(L, V, slot);
}

/* Stores the key strings the view writes at V[V_STR + id]. */
static void push_keys(lua_State *L, int V) {
  lua_pushliteral(L, "__index");
  lua_rawseti(L, V, V_STR + K_INDEX);
  for (int k = 0; k < 8; k++) {
    lua_pushstring(L, ROOT_KEYS[k]);
    lua_rawseti(L, V, V_STR + K_FORMAT + k);
  }
  for (int t = 0; t < 3; t++) {
    lua_pushstring(L, TABLES[t]);
    lua_rawseti(L, V, V_STR + K_TABLE + t);
  }
  for (int g = 0; g < 4; g++) {
    lua_pushstring(L, GROUPS[g]);
    lua_rawseti(L, V, V_STR + K_GROUP + g);
  }
  for (int s = 0; s < GL_NSECTIONS; s++) {
    lua_pushstring(L, gl_section_keys[s]);
    lua_rawseti(L, V, V_STR + K_SECTION + s);
  }
  for (int i = 0; i < GL_NROWS; i++) {
    const gl_row *row = gl_schema_row(i);
    lua_pushstring(L, row->key);
    lua_rawseti(L, V, V_STR + K_ROW + i);
    for (int c = 0; c < GL_ROW_STRIDE; c++) {
      lua_pushstring(L, c < row->ncols ? row->cols[c].key : "");
      lua_rawseti(L, V, V_STR + K_COL + i * GL_ROW_STRIDE + c);
    }
  }
}

void gl_view_setup(lua_State *L) {
  static pthread_once_t once = PTHREAD_ONCE_INIT;
  pthread_once(&once, schema_indexes);
  /* the blank sentinel: one full userdata per state */
  lua_newuserdatauv(L, 0, 0);
  lua_createtable(L, 0, 3);
  lua_pushcfunction(L, blank_tostring);
  lua_setfield(L, -2, "__tostring");
  lua_pushliteral(L, "govlua.blank");
  lua_setfield(L, -2, "__name");
  lua_pushliteral(L, "blank");
  lua_setfield(L, -2, "__metatable");
  lua_setmetatable(L, -2);
  lua_rawsetp(L, LUA_REGISTRYINDEX, BLANK_KEY);

  gl_view_info *info = lua_newuserdatauv(L, sizeof *info, 0);
  memset(info, 0, sizeof *info);
  memset(info->placed, 0xFF, sizeof info->placed); /* nothing known to be placed */
  lua_rawsetp(L, LUA_REGISTRYINDEX, INFO_KEY); /* anchored there: the pointer stays valid */

  lua_createtable(L, V_STR + K_N, 0);
  int V = lua_gettop(L);
  push_keys(L, V);
  make_pair(L, V, V_ROOT, "report", 12);
  make_pair(L, V, V_SECTIONS, "report.sections", 6);
  for (int t = 0; t < 3; t++) make_pair(L, V, V_TABLES + 2 * t, TABLES[t], 16);
  char what[64];
  for (int g = 0; g < 4; g++) {
    snprintf(what, sizeof what, "applications.%s", GROUPS[g]);
    make_pair(L, V, V_GROUPS + 2 * g, what, 8);
  }
  for (int i = 0; i < GL_NROWS; i++) make_row_pair(L, V, V_ROWS + 2 * i, i, info);
  lua_rawgeti(L, V, V_ROOT + 1);
  info->root = lua_topointer(L, -1);
  lua_pop(L, 1);
  lua_rawsetp(L, LUA_REGISTRYINDEX, VIEW_KEY);
}

const gl_view_info *gl_view_info_of(lua_State *L, int idx) {
  if (!lua_istable(L, idx)) return NULL;
  const void *p = lua_topointer(L, idx);
  lua_rawgetp(L, LUA_REGISTRYINDEX, INFO_KEY);
  const gl_view_info *info = lua_touserdata(L, -1);
  lua_pop(L, 1);
  /* the root proxy lives as long as the state (anchored in V) */
  return info && info->root == p ? info : NULL;
}

/* Whether a number is a possible value of its column's kind. */
static int fits_kind(const gl_cell *c, int kind) {
  if (c->is_int) return kind == GL_KIND_SIGNED || c->i >= 0;
  if (!isfinite(c->d)) return 0;
  if (kind == GL_KIND_MONEY) return c->d >= 0;
  return c->d == floor(c->d) && (kind == GL_KIND_SIGNED || c->d >= 0);
}

/* Fills the summary of what the view shows (see gl_view_info). */
/* Also marks in text_row the visible rows with a text cell, and returns
 * whether a visible number has source text. */
static int fill_info(gl_view_info *info, const gl_report *r, const int *row_used,
                     const int *table_used, int hidden_row, unsigned char *text_row) {
  int sourced = 0;
  info->gen++;
  info->odd = hidden_row >= 0 && row_used[hidden_row];
  /* counted by edition mask (1 = 2019 only, 2 = 2021 only, 3 = both),
   * then added up per edition */
  int by_mask[4][GL_VC_N];
  memset(by_mask, 0, sizeof by_mask);
  for (int i = 0; i < GL_NROWS; i++) {
    const gl_row *row = gl_schema_row(i);
    int visible = row_used[i] && i != hidden_row;
    int base = i * GL_ROW_STRIDE;
    if (!visible) {
      for (int c = 0; c < GL_ROW_STRIDE; c++) info->cell[base + c].state = GL_MISSING;
      if (table_used[ROW_TABLE[i]]) by_mask[row->editions & 3][GL_VC_ROWS]++;
      continue;
    }
    for (int c = 0; c < row->ncols; c++) {
      const gl_cell *cell = &r->cells[base + c];
      int *n = by_mask[row->editions & row->cols[c].editions & 3];
      info->cell[base + c].state = cell->state;
      info->cell[base + c].is_int = cell->is_int;
      info->cell[base + c].i = cell->i;
      info->cell[base + c].d = cell->d;
      switch (cell->state) {
        case GL_NUMBER:
          n[GL_VC_NUMBER]++;
          if (!fits_kind(cell, row->cols[c].kind)) n[GL_VC_UNUSUAL]++;
          if (cell->text) {
            n[GL_VC_SOURCED]++;
            sourced = 1;
          }
          break;
        case GL_BLANK: n[GL_VC_BLANK]++; break;
        case GL_TEXT:
          n[GL_VC_TEXT]++;
          text_row[i] = 1;
          break;
        default: n[GL_VC_MISSING]++; break;
      }
    }
    for (int c = row->ncols; c < GL_ROW_STRIDE; c++) info->cell[base + c].state = GL_MISSING;
  }
  for (int k = 0; k < GL_VC_N; k++) {
    info->count[0][k] = by_mask[1][k] + by_mask[2][k] + by_mask[3][k];
    info->count[1][k] = by_mask[1][k] + by_mask[3][k];
    info->count[2][k] = by_mask[2][k] + by_mask[3][k];
  }
  return sourced;
}

void gl_view_push_blank(lua_State *L) { lua_rawgetp(L, LUA_REGISTRYINDEX, BLANK_KEY); }

void gl_view_push_cell(lua_State *L, const gl_cell *c) {
  switch (c->state) {
    case GL_NUMBER:
      if (c->is_int)
        lua_pushinteger(L, (lua_Integer)c->i);
      else
        lua_pushnumber(L, c->d);
      break;
    case GL_BLANK:
      gl_view_push_blank(L);
      break;
    case GL_TEXT:
      lua_pushstring(L, c->text ? c->text : "");
      break;
    default:
      lua_pushnil(L);
  }
}

/* Sets t[key id] (t an absolute index) to the string s, or nil. */
static void set_string(lua_State *L, int V, int t, int id, const char *s) {
  if (s)
    lua_pushstring(L, s);
  else
    lua_pushnil(L);
  set_key(L, V, t, id);
}

/* Where gl_view_info.placed remembers what a key holds. */
enum {
  P_GROUP = GL_NROWS,      /* 4 groups in applications */
  P_TABLE = P_GROUP + 4,   /* 3 tables in the root */
  P_SECTIONS = P_TABLE + 3,
  P_FORMAT,
  P_SOURCE,
  P_SECTION                /* GL_NSECTIONS strings: 0 when nil */
};

/* Sets key id of the data table at V[tslot] to V[slot] (nil when slot is
 * 0), unless info->placed[p] says it holds that already. */
static void place(lua_State *L, int V, gl_view_info *info, int p, int tslot, int id, int slot) {
  if (info->placed[p] == slot) return;
  lua_rawgeti(L, V, tslot);
  if (slot)
    lua_rawgeti(L, V, slot);
  else
    lua_pushnil(L);
  set_key(L, V, lua_gettop(L) - 1, id);
  lua_pop(L, 1);
  info->placed[p] = (unsigned char)slot;
}

void gl_view_push(lua_State *L, const gl_report *r) {
  gl_core_memo_reset(L);
  lua_rawgetp(L, LUA_REGISTRYINDEX, VIEW_KEY);
  int V = lua_gettop(L);
  int table_used[3] = {r->has_table[0], r->has_table[1], r->has_table[2]};
  int group_used[4] = {0, 0, 0, 0};
  int row_used[GL_NROWS];
  /* 1. which rows, groups and tables have cells: a row with none is not
   * shown (its table or group holds nil) */
  for (int i = 0; i < GL_NROWS; i++) {
    const gl_row *row = gl_schema_row(i);
    int used = 0;
    for (int c = 0; c < row->ncols && !used; c++)
      used = r->cells[i * GL_ROW_STRIDE + c].state != GL_MISSING;
    row_used[i] = used;
    if (used) {
      table_used[ROW_TABLE[i]] = 1;
      if (ROW_GROUP[i] >= 0) group_used[ROW_GROUP[i]] = 1;
    }
  }
  /* the 2021 group other_handling takes the key of the 2019 row */
  int hidden_row = OTHER_ROW >= 0 && (r->other_handling_group || group_used[3]) ? OTHER_ROW : -1;
  /* 2. the copy of the cells that rows are filled from when read, and the
   * summary; rows with text are filled now (the copy has no text) */
  lua_rawgetp(L, LUA_REGISTRYINDEX, INFO_KEY);
  gl_view_info *info = lua_touserdata(L, -1);
  lua_pop(L, 1);
  for (int i = 0; i < GL_NROWS; i++)
    if (info->direct[i]) row_reset(L, V, i, info);
  unsigned char text_row[GL_NROWS] = {0};
  /* numbers with source text: raw; the hidden row is not in the summary */
  int raw = fill_info(info, r, row_used, table_used, hidden_row, text_row);
  if (hidden_row >= 0 && row_used[hidden_row]) {
    const gl_row *row = gl_schema_row(hidden_row);
    for (int c = 0; c < row->ncols; c++) {
      const gl_cell *cell = &r->cells[hidden_row * GL_ROW_STRIDE + c];
      if (cell->state == GL_TEXT) text_row[hidden_row] = 1;
      if (cell->state == GL_NUMBER && cell->text) raw = 1;
    }
  }
  for (int i = 0; i < GL_NROWS; i++) {
    if (!text_row[i]) continue;
    const gl_row *row = gl_schema_row(i);
    lua_rawgeti(L, V, V_ROWS + 2 * i);
    int D = lua_gettop(L);
    for (int c = 0; c < row->ncols; c++) {
      gl_view_push_cell(L, &r->cells[i * GL_ROW_STRIDE + c]);
      set_key(L, V, D, K_COL + i * GL_ROW_STRIDE + c);
    }
    lua_rawgeti(L, V, V_META + 2 * i);
    lua_pushvalue(L, D);
    set_key(L, V, D + 1, K_INDEX);
    lua_pop(L, 2);
    info->filled[i] = info->gen;
    info->direct[i] = 1;
  }
  /* rows into their groups and tables (only what changed is written) */
  for (int i = 0; i < GL_NROWS; i++) {
    const gl_row *row = gl_schema_row(i);
    if (i == hidden_row) continue;
    int parent = row->group ? V_GROUPS + 2 * ROW_GROUP[i] : V_TABLES + 2 * ROW_TABLE[i];
    place(L, V, info, i, parent, K_ROW + i, row_used[i] ? V_ROWS + 2 * i + 1 : 0);
  }
  /* 3. groups into applications; the group other_handling shares its key
   * (and so its place) with the 2019 row */
  for (int g = 0; g < 4; g++) {
    if (g == 3 && !group_used[3] && !r->other_handling_group) continue; /* maybe the 2019 row */
    int shown = group_used[g] || (g == 3 && r->other_handling_group);
    int p = g == 3 && OTHER_ROW >= 0 ? OTHER_ROW : P_GROUP + g;
    place(L, V, info, p, V_TABLES + 2 * 1, K_GROUP + g, shown ? V_GROUPS + 2 * g + 1 : 0);
  }
  /* 4. sections */
  lua_rawgeti(L, V, V_SECTIONS);
  int any_section = 0;
  for (int s = 0; s < GL_NSECTIONS; s++) {
    unsigned char now = r->sections[s] ? 0xFF : 0;
    if (now || info->placed[P_SECTION + s] != 0)
      set_string(L, V, lua_gettop(L), K_SECTION + s, r->sections[s]);
    info->placed[P_SECTION + s] = now;
    any_section |= r->sections[s] != NULL;
  }
  lua_pop(L, 1);
  /* 5. the root */
  if (info->placed[P_FORMAT] != 1) {
    lua_rawgeti(L, V, V_ROOT);
    lua_pushliteral(L, GL_FORMAT_ID);
    set_key(L, V, lua_gettop(L) - 1, K_FORMAT);
    lua_pop(L, 1);
    info->placed[P_FORMAT] = 1;
  }
  lua_rawgeti(L, V, V_ROOT);
  int D = lua_gettop(L);
  set_string(L, V, D, K_AGENCY, r->agency);
  if (r->has_year)
    lua_pushinteger(L, (lua_Integer)r->year);
  else
    lua_pushnil(L);
  set_key(L, V, D, K_YEAR);
  set_string(L, V, D, K_EDITION, gl_edition_name(r->edition));
  set_string(L, V, D, K_TITLE, r->title);
  set_string(L, V, D, K_PUBLISHED, r->published);
  place(L, V, info, P_SECTIONS, V_ROOT, K_SECTIONS,
        any_section || r->has_sections ? V_SECTIONS + 1 : 0);
  for (int t = 0; t < 3; t++)
    place(L, V, info, P_TABLE + t, V_ROOT, K_TABLE + t, table_used[t] ? V_TABLES + 2 * t + 1 : 0);
  /* provenance: the source text of numbers that were written with units
   * or separators ("15万元"), as report.source.text[PATH] */
  if (raw || r->source_file) {
    lua_createtable(L, 0, 2);
    if (r->source_file) {
      lua_pushstring(L, r->source_file);
      lua_setfield(L, -2, "file");
    }
    lua_newtable(L);
    for (int s = 0; s < GL_MAX_CELLS; s++) {
      if (r->cells[s].state != GL_NUMBER || !r->cells[s].text) continue;
      char path[160];
      gl_schema_slot_path(s, path, sizeof path);
      lua_pushstring(L, r->cells[s].text);
      lua_setfield(L, -2, path);
    }
    gl_view_readonly(L, -1, "report.source.text");
    lua_setfield(L, -3, "text");
    lua_pop(L, 1);
    gl_view_readonly(L, -1, "report.source");
    set_key(L, V, D, K_SOURCE);
    lua_pop(L, 1);
    info->placed[P_SOURCE] = 0xFF;
  } else if (info->placed[P_SOURCE] != 0) {
    lua_pushnil(L);
    set_key(L, V, D, K_SOURCE);
    info->placed[P_SOURCE] = 0;
  }
  lua_pop(L, 1);
  lua_rawgeti(L, V, V_ROOT + 1);
  lua_remove(L, V);
}
