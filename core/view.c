/* view.c - read-only Lua proxies over a gl_report (see view.h). */
#include "view.h"

#include "luamods.h"

#include <lauxlib.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

static const char VIEW_KEY[] = "govlua.view";
static const char BLANK_KEY[] = "govlua.blank";
static const char INFO_KEY[] = "govlua.view.info";

/* Slots of the proxy registry table: pairs (data table, proxy). */
enum { V_ROOT = 1, V_SECTIONS = 3, V_TABLES = 5, V_GROUPS = 11, V_ROWS = 19 };
static const char *const TABLES[3] = {"active", "applications", "appeals"};
static const char *const GROUPS[4] = {"withheld", "unavailable", "not_processed",
                                      "other_handling"};

/* Each schema row's table and group as indexes, and the 2019 row whose key
 * the 2021 group other_handling takes: worked out once (schema_indexes). */
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
 * row are plain table reads until the next report is pushed. */
static void row_ensure(lua_State *L, int D, int M, int i, gl_view_info *info) {
  if (info->filled[i] == info->gen) return;
  const gl_row *row = gl_schema_row(i);
  for (int c = 0; c < row->ncols; c++) {
    push_info_cell(L, info, i * GL_ROW_STRIDE + c);
    lua_setfield(L, D, row->cols[c].key);
  }
  info->filled[i] = info->gen;
  lua_pushvalue(L, D);
  lua_setfield(L, M, "__index");
  info->direct[i] = 1;
}

#define ROW_UPVALUES                                                      \
  int D = lua_upvalueindex(1);                                            \
  int row = (int)lua_tointeger(L, lua_upvalueindex(2));                   \
  gl_view_info *info = lua_touserdata(L, lua_upvalueindex(3));            \
  int M = lua_upvalueindex(4);                                            \
  row_ensure(L, D, M, row, info)

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
  lua_rawgeti(L, V, V_ROWS + 2 * i + 1);
  lua_getmetatable(L, -1);
  lua_getfield(L, -1, "__govlua_fill");
  lua_setfield(L, -2, "__index");
  lua_pop(L, 2);
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
    lua_getfield(L, LUA_REGISTRYINDEX, INFO_KEY);
    gl_view_info *info = lua_touserdata(L, -1);
    if (info && row >= 0 && row < GL_NROWS) row_ensure(L, lua_gettop(L) - 2, lua_gettop(L) - 3, row, info);
    lua_pop(L, 1);
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
    lua_pushcclosure(L, fs[k], 4);
    lua_setfield(L, M, names[k]);
  }
  lua_getfield(L, M, "__govlua_fill");
  lua_setfield(L, M, "__index");
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

void gl_view_setup(lua_State *L) {
  schema_indexes();
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
  lua_setfield(L, LUA_REGISTRYINDEX, BLANK_KEY);

  gl_view_info *info = lua_newuserdatauv(L, sizeof *info, 0);
  memset(info, 0, sizeof *info);
  lua_setfield(L, LUA_REGISTRYINDEX, INFO_KEY); /* anchored there: the pointer stays valid */

  lua_createtable(L, V_ROWS + 2 * GL_NROWS, 0);
  int V = lua_gettop(L);
  make_pair(L, V, V_ROOT, "report", 12);
  make_pair(L, V, V_SECTIONS, "report.sections", 6);
  for (int t = 0; t < 3; t++) make_pair(L, V, V_TABLES + 2 * t, TABLES[t], 16);
  char what[64];
  for (int g = 0; g < 4; g++) {
    snprintf(what, sizeof what, "applications.%s", GROUPS[g]);
    make_pair(L, V, V_GROUPS + 2 * g, what, 8);
  }
  for (int i = 0; i < GL_NROWS; i++) make_row_pair(L, V, V_ROWS + 2 * i, i, info);
  lua_setfield(L, LUA_REGISTRYINDEX, VIEW_KEY);
}

const gl_view_info *gl_view_info_of(lua_State *L, int idx) {
  idx = lua_absindex(L, idx);
  if (!lua_istable(L, idx)) return NULL;
  lua_getfield(L, LUA_REGISTRYINDEX, VIEW_KEY);
  if (!lua_istable(L, -1)) {
    lua_pop(L, 1);
    return NULL;
  }
  lua_rawgeti(L, -1, V_ROOT + 1);
  int same = lua_rawequal(L, -1, idx);
  lua_pop(L, 2);
  if (!same) return NULL;
  lua_getfield(L, LUA_REGISTRYINDEX, INFO_KEY);
  const gl_view_info *info = lua_touserdata(L, -1);
  lua_pop(L, 1);
  return info;
}

/* Whether a number is a possible value of its column's kind. */
static int fits_kind(const gl_cell *c, int kind) {
  if (c->is_int) return kind == GL_KIND_SIGNED || c->i >= 0;
  if (!isfinite(c->d)) return 0;
  if (kind == GL_KIND_MONEY) return c->d >= 0;
  return c->d == floor(c->d) && (kind == GL_KIND_SIGNED || c->d >= 0);
}

/* Fills the summary of what the view shows (see gl_view_info). */
static void fill_info(gl_view_info *info, const gl_report *r, const int *row_used,
                      const int *table_used, int hidden_row) {
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
          if (cell->text) n[GL_VC_SOURCED]++;
          break;
        case GL_BLANK: n[GL_VC_BLANK]++; break;
        case GL_TEXT: n[GL_VC_TEXT]++; break;
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
}

void gl_view_push_blank(lua_State *L) { lua_getfield(L, LUA_REGISTRYINDEX, BLANK_KEY); }

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

static void set_string(lua_State *L, int D, const char *key, const char *s) {
  if (s)
    lua_pushstring(L, s);
  else
    lua_pushnil(L);
  lua_setfield(L, D, key);
}

void gl_view_push(lua_State *L, const gl_report *r) {
  gl_core_memo_reset(L);
  lua_getfield(L, LUA_REGISTRYINDEX, VIEW_KEY);
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
  lua_getfield(L, LUA_REGISTRYINDEX, INFO_KEY);
  gl_view_info *info = lua_touserdata(L, -1);
  lua_pop(L, 1);
  for (int i = 0; i < GL_NROWS; i++)
    if (info->direct[i]) row_reset(L, V, i, info);
  fill_info(info, r, row_used, table_used, hidden_row);
  for (int i = 0; i < GL_NROWS; i++) {
    if (!row_used[i]) continue;
    const gl_row *row = gl_schema_row(i);
    int text = 0;
    for (int c = 0; c < row->ncols && !text; c++)
      text = r->cells[i * GL_ROW_STRIDE + c].state == GL_TEXT;
    if (!text) continue;
    lua_rawgeti(L, V, V_ROWS + 2 * i);
    for (int c = 0; c < row->ncols; c++) {
      gl_view_push_cell(L, &r->cells[i * GL_ROW_STRIDE + c]);
      lua_setfield(L, -2, row->cols[c].key);
    }
    lua_rawgeti(L, V, V_ROWS + 2 * i + 1);
    lua_getmetatable(L, -1);
    lua_pushvalue(L, -3);
    lua_setfield(L, -2, "__index");
    lua_pop(L, 3);
    info->filled[i] = info->gen;
    info->direct[i] = 1;
  }
  /* rows into their groups and tables */
  for (int i = 0; i < GL_NROWS; i++) {
    const gl_row *row = gl_schema_row(i);
    if (i == hidden_row) continue;
    lua_rawgeti(L, V, row->group ? V_GROUPS + 2 * ROW_GROUP[i] : V_TABLES + 2 * ROW_TABLE[i]);
    if (row_used[i])
      lua_rawgeti(L, V, V_ROWS + 2 * i + 1);
    else
      lua_pushnil(L);
    lua_setfield(L, -2, row->key);
    lua_pop(L, 1);
  }
  /* 3. groups into applications */
  lua_rawgeti(L, V, V_TABLES + 2 * 1);
  for (int g = 0; g < 4; g++) {
    if (g == 3 && !group_used[3] && !r->other_handling_group) continue; /* maybe the 2019 row */
    if (group_used[g] || (g == 3 && r->other_handling_group))
      lua_rawgeti(L, V, V_GROUPS + 2 * g + 1);
    else
      lua_pushnil(L);
    lua_setfield(L, -2, GROUPS[g]);
  }
  lua_pop(L, 1);
  /* 4. sections */
  lua_rawgeti(L, V, V_SECTIONS);
  int any_section = 0;
  for (int s = 0; s < GL_NSECTIONS; s++) {
    set_string(L, lua_gettop(L), gl_section_keys[s], r->sections[s]);
    any_section |= r->sections[s] != NULL;
  }
  lua_pop(L, 1);
  /* 5. the root */
  lua_rawgeti(L, V, V_ROOT);
  int D = lua_gettop(L);
  lua_pushliteral(L, GL_FORMAT_ID);
  lua_setfield(L, D, "format");
  set_string(L, D, "agency", r->agency);
  if (r->has_year)
    lua_pushinteger(L, (lua_Integer)r->year);
  else
    lua_pushnil(L);
  lua_setfield(L, D, "year");
  set_string(L, D, "edition", gl_edition_name(r->edition));
  set_string(L, D, "title", r->title);
  set_string(L, D, "published", r->published);
  if (any_section || r->has_sections)
    lua_rawgeti(L, V, V_SECTIONS + 1);
  else
    lua_pushnil(L);
  lua_setfield(L, D, "sections");
  for (int t = 0; t < 3; t++) {
    if (table_used[t])
      lua_rawgeti(L, V, V_TABLES + 2 * t + 1);
    else
      lua_pushnil(L);
    lua_setfield(L, D, TABLES[t]);
  }
  /* provenance: the source text of numbers that were written with units
   * or separators ("15万元"), as report.source.text[PATH] */
  int raw = 0;
  for (int s = 0; s < GL_MAX_CELLS && !raw; s++)
    raw = r->cells[s].state == GL_NUMBER && r->cells[s].text;
  if (raw || r->source_file) {
    lua_createtable(L, 0, 2);
    set_string(L, lua_gettop(L), "file", r->source_file);
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
    lua_setfield(L, D, "source");
    lua_pop(L, 1);
  } else {
    lua_pushnil(L);
    lua_setfield(L, D, "source");
  }
  lua_pop(L, 1);
  lua_rawgeti(L, V, V_ROOT + 1);
  lua_remove(L, V);
}
