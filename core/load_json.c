/* load_json.c - report.json (govlua-report/1) -> gl_report.
 *
 * The bytes are decoded by lua-cjson (an instance of our own, made by
 * gl_json_setup) inside the caller's Lua state, then walked along the
 * schema.  Problems that leave a usable report (wrong types, unknown keys,
 * a missing edition) become issues, which the runner turns into findings
 * of rule "model"; a document that is not a report at all is an input
 * error with a message.
 */
#include "load.h"

#include <lauxlib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

int luaopen_cjson(lua_State *L); /* from liblua5.4-cjson */

static const char DECODE_KEY[] = "govlua.cjson.decode";

/* Creates a private lua-cjson instance with strict settings and keeps its
 * decode function in the registry.  Call once per state. */
int gl_json_setup(lua_State *L) {
  luaL_requiref(L, "cjson", luaopen_cjson, 0);
  lua_getfield(L, -1, "new");
  lua_call(L, 0, 1); /* our own instance: settings are not shared */
  lua_getfield(L, -1, "decode_invalid_numbers");
  lua_pushboolean(L, 0);
  lua_call(L, 1, 0);
  lua_getfield(L, -1, "decode_max_depth");
  lua_pushinteger(L, GL_JSON_MAX_DEPTH);
  lua_call(L, 1, 0);
  lua_getfield(L, -1, "decode");
  lua_setfield(L, LUA_REGISTRYINDEX, DECODE_KEY);
  lua_pop(L, 2);
  /* cjson registered itself in package.loaded; the sandbox never exposes it */
  return 0;
}

/* ---- walking the decoded value ---------------------------------------- */

typedef struct {
  lua_State *L;
  gl_report *r;
} walk;

static const char *tname(lua_State *L, int idx) {
  if (lua_islightuserdata(L, idx) && lua_touserdata(L, idx) == NULL) return "null";
  return luaL_typename(L, idx);
}

/* Counts the keys of the table at idx. */
static int count_keys(lua_State *L, int idx) {
  int n = 0;
  idx = lua_absindex(L, idx);
  lua_pushnil(L);
  while (lua_next(L, idx)) {
    n++;
    lua_pop(L, 1);
  }
  return n;
}

/* Reports every key of the table at idx not in the NULL-terminated list
 * `known` nor a column of `row`, as a warning under path. */
static void unknown_keys(walk *w, int idx, const char *path, const char *const *known,
                         int nknown, const gl_row *row) {
  lua_State *L = w->L;
  idx = lua_absindex(L, idx);
  lua_pushnil(L);
  while (lua_next(L, idx)) {
    lua_pop(L, 1);
    int ok = 0;
    if (lua_type(L, -1) == LUA_TSTRING) {
      const char *k = lua_tostring(L, -1);
      for (int i = 0; i < nknown; i++)
        if (strcmp(known[i], k) == 0) ok = 1;
      for (int i = 0; row && i < row->ncols; i++)
        if (strcmp(row->cols[i].key, k) == 0) ok = 1;
      if (!ok)
        gl_report_issue(w->r, GL_SEV_WARNING, "model", path, 0,
                        "%s 中有未知的键 \"%s\"（模型中没有此项，已忽略）", path, k);
    } else {
      gl_report_issue(w->r, GL_SEV_WARNING, "model", path, 0,
                      "%s 中有非字符串的键（已忽略）", path);
    }
  }
}

/* Reads the cell value at the top of the stack into c (column col of row). */
static void read_cell(walk *w, gl_cell *c, const gl_row *row, int col) {
  lua_State *L = w->L;
  char path[160];
  switch (lua_type(L, -1)) {
    case LUA_TNUMBER: {
      double d = lua_tonumber(L, -1);
      if (!isfinite(d)) {
        snprintf(path, sizeof path, "%s.%s", row->path, row->cols[col].key);
        gl_report_issue(w->r, GL_SEV_ERROR, "model", path, 0,
                        "%s 的数值超出范围（按缺失处理）", path);
        return;
      }
      if (lua_isinteger(L, -1))
        gl_cell_set_int(c, lua_tointeger(L, -1));
      else
        gl_cell_set_num(c, d);
      return;
    }
    case LUA_TSTRING: {
      size_t n;
      const char *s = lua_tolstring(L, -1, &n);
      if (memchr(s, '\0', n)) break; /* "\u0000": reported below */
      gl_cell_set_text(c, s, n);
      return;
    }
    case LUA_TLIGHTUSERDATA:
      if (lua_touserdata(L, -1) == NULL) {
        gl_cell_set_blank(c);
        return;
      }
      break;
    default:
      break;
  }
  snprintf(path, sizeof path, "%s.%s", row->path, row->cols[col].key);
  gl_report_issue(w->r, GL_SEV_ERROR, "model", path, 0,
                  "%s 应为数值、null 或文字，实际是 %s（按缺失处理）", path, tname(L, -1));
}

/* Reads the row object at the top of the stack. */
static void read_row(walk *w, int ri) {
  lua_State *L = w->L;
  const gl_row *row = gl_schema_row(ri);
  if (!lua_istable(L, -1)) {
    gl_report_issue(w->r, GL_SEV_ERROR, "model", row->path, 0,
                    "%s 应为对象（各列的数值），实际是 %s（按缺失处理）", row->path,
                    tname(L, -1));
    return;
  }
  int found = 0;
  for (int c = 0; c < row->ncols; c++) {
    if (lua_getfield(L, -1, row->cols[c].key) != LUA_TNIL) {
      found++;
      read_cell(w, &w->r->cells[ri * GL_ROW_STRIDE + c], row, c);
    }
    lua_pop(L, 1);
  }
  if (count_keys(L, -1) != found) unknown_keys(w, -1, row->path, NULL, 0, row);
}

static const char *const TABLES[3] = {"active", "applications", "appeals"};

static int is_table_key(const char *table, const char *group, const char *k) {
  for (int i = 0; i < GL_NROWS; i++) {
    const gl_row *r = gl_schema_row(i);
    if (strcmp(r->table, table) != 0) continue;
    const char *top = r->group ? r->group : r->key;
    if (group) {
      if (r->group && strcmp(r->group, group) == 0 && strcmp(r->key, k) == 0) return 1;
    } else if (strcmp(top, k) == 0) {
      return 1;
    }
  }
  return 0;
}

static void unknown_table_keys(walk *w, int idx, const char *table, const char *group,
                               const char *path) {
  lua_State *L = w->L;
  idx = lua_absindex(L, idx);
  lua_pushnil(L);
  while (lua_next(L, idx)) {
    lua_pop(L, 1);
    if (lua_type(L, -1) != LUA_TSTRING || !is_table_key(table, group, lua_tostring(L, -1)))
      gl_report_issue(w->r, GL_SEV_WARNING, "model", path, 0,
                      "%s 中有未知的键 \"%s\"（模型中没有此项，已忽略）", path,
                      lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : "?");
  }
}

static int is_other_handling_group(lua_State *L) {
  static const char *const subs[] = {"no_correction", "unpaid_fee", "other"};
  for (int i = 0; i < 3; i++) {
    int t = lua_getfield(L, -1, subs[i]);
    lua_pop(L, 1);
    if (t == LUA_TTABLE) return 1;
  }
  return 0;
}

/* Reads one of the three tables (at the top of the stack). */
static void read_table(walk *w, int ti) {
  lua_State *L = w->L;
  const char *table = TABLES[ti];
  if (!lua_istable(L, -1)) {
    gl_report_issue(w->r, GL_SEV_ERROR, "model", table, 0,
                    "%s 应为对象，实际是 %s（按缺失处理）", table, tname(L, -1));
    return;
  }
  w->r->has_table[ti] = 1;
  int topkeys = 0;
  const char *group = NULL;
  int group_ok = 0;
  for (int i = 0; i < GL_NROWS; i++) {
    const gl_row *row = gl_schema_row(i);
    if (strcmp(row->table, table) != 0) continue;
    if (row->group) {
      if (!group || strcmp(group, row->group) != 0) {
        /* entering a new group: close the previous one */
        if (group && group_ok) lua_pop(L, 1);
        group = row->group;
        group_ok = 0;
        int t = lua_getfield(L, -1, group);
        if (t == LUA_TNIL) {
          lua_pop(L, 1);
        } else {
          topkeys++;
          if (t != LUA_TTABLE) {
            char gp[80];
            snprintf(gp, sizeof gp, "%s.%s", table, group);
            gl_report_issue(w->r, GL_SEV_ERROR, "model", gp, 0,
                            "%s 应为对象，实际是 %s（按缺失处理）", gp, tname(L, -1));
            lua_pop(L, 1);
          } else if (strcmp(group, "other_handling") == 0 && !is_other_handling_group(L)) {
            lua_pop(L, 1); /* a 2019 row, read below */
          } else {
            group_ok = 1;
            if (strcmp(group, "other_handling") == 0) w->r->other_handling_group = 1;
            char gp[80];
            snprintf(gp, sizeof gp, "%s.%s", table, group);
            int found = 0;
            for (int j = i; j < GL_NROWS; j++) {
              const gl_row *s = gl_schema_row(j);
              if (!s->group || strcmp(s->group, group) != 0) break;
              lua_getfield(L, -1, s->key);
              found += !lua_isnil(L, -1);
              lua_pop(L, 1);
            }
            if (count_keys(L, -1) != found) unknown_table_keys(w, -1, table, group, gp);
          }
        }
      }
      if (group_ok) {
        if (lua_getfield(L, -1, row->key) != LUA_TNIL) read_row(w, i);
        lua_pop(L, 1);
      }
      continue;
    }
    if (group && group_ok) lua_pop(L, 1);
    group = NULL;
    group_ok = 0;
    if (strcmp(row->path, "applications.other_handling") == 0) {
      if (lua_getfield(L, -1, "other_handling") == LUA_TTABLE && !is_other_handling_group(L)) {
        read_row(w, i);
      }
      lua_pop(L, 1);
      continue; /* counted with its group */
    }
    if (lua_getfield(L, -1, row->key) != LUA_TNIL) {
      topkeys++;
      read_row(w, i);
    }
    lua_pop(L, 1);
  }
  if (group && group_ok) lua_pop(L, 1);
  if (count_keys(L, -1) != topkeys) unknown_table_keys(w, -1, table, NULL, table);
}

static char *dup_string(walk *w, const char *path) {
  lua_State *L = w->L;
  if (lua_type(L, -1) == LUA_TSTRING) {
    size_t n;
    const char *s = lua_tolstring(L, -1, &n);
    if (!memchr(s, '\0', n)) return gl_strdup(s);
    gl_report_issue(w->r, GL_SEV_ERROR, "model", path, 0, "%s 含有 NUL 字符（\\u0000），已忽略", path);
    return NULL;
  }
  if (!lua_isnil(L, -1))
    gl_report_issue(w->r, GL_SEV_ERROR, "model", path, 0, "%s 应为文字，实际是 %s", path,
                    tname(L, -1));
  return NULL;
}

static void read_sections(walk *w) {
  lua_State *L = w->L;
  if (!lua_istable(L, -1)) {
    gl_report_issue(w->r, GL_SEV_ERROR, "model", "sections", 0,
                    "sections 应为对象，实际是 %s（按缺失处理）", tname(L, -1));
    return;
  }
  int found = 0;
  w->r->has_sections = 1;
  for (int i = 0; i < GL_NSECTIONS; i++) {
    char path[40];
    snprintf(path, sizeof path, "sections.%s", gl_section_keys[i]);
    int t = lua_getfield(L, -1, gl_section_keys[i]);
    if (t != LUA_TNIL) found++;
    size_t slen = 0;
    const char *sv = t == LUA_TSTRING ? lua_tolstring(L, -1, &slen) : NULL;
    if (sv && memchr(sv, '\0', slen)) {
      gl_report_issue(w->r, GL_SEV_ERROR, "model", path, 0, "%s 含有 NUL 字符（\\u0000），已忽略", path);
    } else if (t == LUA_TSTRING) {
      w->r->sections[i] = gl_strdup(sv);
    } else if (t == LUA_TLIGHTUSERDATA && lua_touserdata(L, -1) == NULL) {
      w->r->sections[i] = gl_strdup(""); /* a heading with no text */
    } else if (t != LUA_TNIL) {
      gl_report_issue(w->r, GL_SEV_ERROR, "model", path, 0,
                      "%s 应为文字，实际是 %s（按缺失处理）", path, tname(L, -1));
    }
    lua_pop(L, 1);
  }
  if (count_keys(L, -1) != found) unknown_keys(w, -1, "sections", gl_section_keys, GL_NSECTIONS, NULL);
}

/* Optional provenance: source.file, source.cells[PATH].{line,text} and
 * source.issues (what an importer could not read: become "import" findings) */
static void read_source(walk *w) {
  lua_State *L = w->L;
  if (!lua_istable(L, -1)) return;
  if (lua_getfield(L, -1, "issues") == LUA_TTABLE) {
    for (lua_Integer i = 1; i <= 1000 && lua_rawgeti(L, -1, i) == LUA_TTABLE; i++) {
      lua_getfield(L, -1, "message");
      lua_getfield(L, -2, "severity");
      lua_getfield(L, -3, "path");
      lua_getfield(L, -4, "line");
      const char *msg = lua_type(L, -4) == LUA_TSTRING ? lua_tostring(L, -4) : NULL;
      int sev = lua_type(L, -3) == LUA_TSTRING ? gl_severity_parse(lua_tostring(L, -3)) : -1;
      const char *path = lua_type(L, -2) == LUA_TSTRING ? lua_tostring(L, -2) : NULL;
      double ln = lua_type(L, -1) == LUA_TNUMBER ? lua_tonumber(L, -1) : 0;
      if (msg && !memchr(msg, '\0', lua_rawlen(L, -4)))
        gl_report_issue(w->r, sev < 0 ? GL_SEV_WARNING : sev, "import", path,
                        ln >= 1 && ln < 2147483647.0 ? (int)ln : 0, "%s", msg);
      lua_pop(L, 5);
    }
    lua_pop(L, 1);
  }
  lua_pop(L, 1);
  if (lua_getfield(L, -1, "file") == LUA_TSTRING)
    w->r->source_file = gl_strdup(lua_tostring(L, -1));
  lua_pop(L, 1);
  if (lua_getfield(L, -1, "cells") == LUA_TTABLE) {
    lua_pushnil(L);
    while (lua_next(L, -2)) {
      if (lua_type(L, -2) == LUA_TSTRING && lua_istable(L, -1)) {
        int slot = gl_schema_find_cell(lua_tostring(L, -2));
        if (slot >= 0) {
          if (lua_getfield(L, -1, "line") == LUA_TNUMBER) {
            double ln = lua_tonumber(L, -1);
            if (ln >= 1 && ln < 2147483647.0) w->r->cells[slot].line = (int)ln;
          }
          lua_pop(L, 1);
          gl_cell *cell = &w->r->cells[slot];
          if (lua_getfield(L, -1, "text") == LUA_TSTRING && cell->state == GL_NUMBER && !cell->text) {
            size_t n;
            const char *t = lua_tolstring(L, -1, &n);
            if (!memchr(t, '\0', n)) cell->text = gl_strdup(t);
          }
          lua_pop(L, 1);
        }
      }
      lua_pop(L, 1);
    }
  }
  lua_pop(L, 1);
}

static void read_year(walk *w) {
  lua_State *L = w->L;
  int t = lua_type(L, -1);
  if (t == LUA_TNIL) return;
  if (t == LUA_TNUMBER) {
    double d = lua_tonumber(L, -1);
    if (isfinite(d) && d == floor(d) && d > 0 && d < 10000) {
      w->r->has_year = 1;
      w->r->year = (int64_t)d;
      return;
    }
  } else if (t == LUA_TSTRING) {
    const char *s = lua_tostring(L, -1);
    char *end;
    long v = strtol(s, &end, 10);
    if (end != s && *end == '\0' && v > 0 && v < 10000) {
      w->r->has_year = 1;
      w->r->year = v;
      gl_report_issue(w->r, GL_SEV_WARNING, "model", "year", 0,
                      "year 应为整数，实际是文字 \"%s\"（按 %ld 处理）", s, v);
      return;
    }
  }
  gl_report_issue(w->r, GL_SEV_ERROR, "model", "year", 0,
                  "year 应为四位数的年份，实际是 %s", tname(L, -1));
}

static void read_edition(walk *w) {
  lua_State *L = w->L;
  int t = lua_type(L, -1);
  if (t == LUA_TNIL) return;
  char text[64];
  if (t == LUA_TNUMBER) {
    double d = lua_tonumber(L, -1);
    if (d == 2019 || d == 2021) {
      w->r->edition = d == 2019 ? GL_ED2019 : GL_ED2021;
      gl_report_issue(w->r, GL_SEV_WARNING, "model", "edition", 0,
                      "edition 应为文字 \"%d\"，实际是数值 %d（已接受）", (int)d, (int)d);
      return;
    }
    snprintf(text, sizeof text, "%.14g", d);
  } else if (t == LUA_TSTRING) {
    const char *s = lua_tostring(L, -1);
    if (strcmp(s, "2019") == 0 || strcmp(s, "2021") == 0) {
      w->r->edition = s[3] == '9' ? GL_ED2019 : GL_ED2021;
      return;
    }
    snprintf(text, sizeof text, "\"%.40s\"", s);
  } else {
    snprintf(text, sizeof text, "%s", tname(L, -1));
  }
  gl_report_issue(w->r, GL_SEV_ERROR, "model", "edition", 0,
                  "edition 应为 \"2019\" 或 \"2021\"，实际是 %s", text);
}

/* Guesses the edition from which edition-specific cells are present. */
static int infer_edition(const gl_report *r) {
  int only19 = 0, only21 = 0;
  for (int s = 0; s < GL_MAX_CELLS; s++) {
    if (r->cells[s].state == GL_MISSING) continue;
    int ed = gl_schema_slot_editions(s);
    if (ed == GL_ED2019) only19++;
    if (ed == GL_ED2021) only21++;
  }
  if (r->other_handling_group) only21++;
  if (only19 > only21) return GL_ED2019;
  if (only21 > only19) return GL_ED2021;
  return 0;
}

static int pmain_walk(lua_State *L) {
  walk *w = lua_touserdata(L, 1);
  gl_report *r = w->r;
  w->L = L;
  /* arg 2: the decoded document (a table) */
  lua_settop(L, 2);
  if (lua_getfield(L, 2, "agency") != LUA_TNIL) r->agency = dup_string(w, "agency");
  lua_pop(L, 1);
  lua_getfield(L, 2, "year");
  read_year(w);
  lua_pop(L, 1);
  lua_getfield(L, 2, "edition");
  read_edition(w);
  lua_pop(L, 1);
  lua_getfield(L, 2, "title");
  r->title = dup_string(w, "title");
  lua_pop(L, 1);
  lua_getfield(L, 2, "published");
  r->published = dup_string(w, "published");
  lua_pop(L, 1);
  if (lua_getfield(L, 2, "sections") != LUA_TNIL) read_sections(w);
  lua_pop(L, 1);
  for (int t = 0; t < 3; t++) {
    if (lua_getfield(L, 2, TABLES[t]) != LUA_TNIL) read_table(w, t);
    lua_pop(L, 1);
  }
  if (lua_getfield(L, 2, "source") != LUA_TNIL) read_source(w);
  lua_pop(L, 1);
  if (!r->agency)
    gl_report_issue(r, GL_SEV_ERROR, "model", "agency", 0, "缺少 agency（报告机关名称）");
  if (!r->has_year)
    gl_report_issue(r, GL_SEV_ERROR, "model", "year", 0, "缺少 year（报告年度）");
  if (!r->edition) {
    int ed = infer_edition(r);
    lua_getfield(L, 2, "edition");
    int absent = lua_isnil(L, -1);
    lua_pop(L, 1);
    if (ed) {
      r->edition = ed;
      gl_report_issue(r, GL_SEV_WARNING, "model", "edition", 0,
                      "%s edition（模板版本），按表格的栏目推断为 %s 版", absent ? "缺少" : "无法识别",
                      gl_edition_name(ed));
    } else if (absent) {
      gl_report_issue(r, GL_SEV_ERROR, "model", "edition", 0,
                      "缺少 edition（模板版本），也无法从表格推断");
    }
  }
  return 0;
}

/* Turns "... at character N" of a cjson message into "line L, column C". */
static void cjson_message(const char *msg, const char *data, size_t len, char *err, size_t n) {
  const char *at = strstr(msg, "at character ");
  if (at) {
    long pos = strtol(at + 13, NULL, 10);
    if (pos >= 1 && (size_t)pos <= len + 1) {
      long line = 1, col = 1;
      for (long i = 0; i < pos - 1 && (size_t)i < len; i++) {
        if (data[i] == '\n') {
          line++;
          col = 1;
        } else if (((unsigned char)data[i] & 0xC0) != 0x80) {
          col++;
        }
      }
      snprintf(err, n, "not valid JSON: %.*s(line %ld, column %ld)", (int)(at - msg), msg, line,
               col);
      return;
    }
  }
  snprintf(err, n, "not valid JSON: %s", msg);
}

int gl_load_json(lua_State *L, const char *data, size_t len, gl_report *r, char *err,
                 size_t errn) {
  size_t off = 0;
  if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) off = 3; /* BOM */
  const char *bad = gl_utf8_check(data + off, len - off);
  if (bad) {
    long line = 1;
    for (const char *p = data + off; p < bad; p++) line += *p == '\n';
    snprintf(err, errn, "%s at line %ld: not a report (the text must be UTF-8)",
             *bad ? "invalid UTF-8" : "NUL byte", line);
    return GL_LOAD_INPUT;
  }
  size_t i = off;
  while (i < len && (data[i] == ' ' || data[i] == '\t' || data[i] == '\n' || data[i] == '\r'))
    i++;
  if (i == len) {
    snprintf(err, errn, "empty document: not a report");
    return GL_LOAD_INPUT;
  }
  int top = lua_gettop(L);
  lua_getfield(L, LUA_REGISTRYINDEX, DECODE_KEY);
  lua_pushlstring(L, data + off, len - off);
  if (lua_pcall(L, 1, 1, 0) != LUA_OK) {
    const char *m = lua_tostring(L, -1);
    cjson_message(m ? m : "decode failed", data + off, len - off, err, errn);
    lua_settop(L, top);
    return GL_LOAD_INPUT;
  }
  if (data[i] != '{' || !lua_istable(L, -1)) {
    snprintf(err, errn, "not a report: the top-level JSON value is %s, not an object",
             data[i] == '[' ? "an array" : data[i] == '"' ? "a string" : tname(L, -1));
    lua_settop(L, top);
    return GL_LOAD_INPUT;
  }
  int doc = lua_gettop(L);
  int t = lua_getfield(L, doc, "format");
  if (t != LUA_TNIL && !(t == LUA_TSTRING && strcmp(lua_tostring(L, -1), GL_FORMAT_ID) == 0)) {
    snprintf(err, errn, "not a report: \"format\" is %s%s%s, not \"" GL_FORMAT_ID "\"",
             t == LUA_TSTRING ? "\"" : "", t == LUA_TSTRING ? lua_tostring(L, -1) : tname(L, -1),
             t == LUA_TSTRING ? "\"" : "");
    lua_settop(L, top);
    return GL_LOAD_INPUT;
  }
  lua_pop(L, 1);
  static const char *const keys[] = {"agency", "year", "edition", "active", "applications",
                                     "appeals"};
  int any = 0;
  for (size_t k = 0; k < sizeof keys / sizeof keys[0] && !any; k++) {
    any = lua_getfield(L, doc, keys[k]) != LUA_TNIL;
    lua_pop(L, 1);
  }
  if (!any) {
    snprintf(err, errn,
             "not a report: the object has none of agency, year, edition, active, "
             "applications, appeals");
    lua_settop(L, top);
    return GL_LOAD_INPUT;
  }
  walk w = {L, r};
  lua_pushcfunction(L, pmain_walk);
  lua_pushlightuserdata(L, &w);
  lua_pushvalue(L, doc);
  if (lua_pcall(L, 2, 0, 0) != LUA_OK) {
    snprintf(err, errn, "could not read the report: %s", lua_tostring(L, -1));
    lua_settop(L, top);
    return GL_LOAD_INPUT;
  }
  lua_settop(L, top);
  return GL_LOAD_OK;
}
