/* luamods.c - the govlua.core and govlua.json C modules (see luamods.h). */
#include "luamods.h"

#include <lauxlib.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "sandbox.h"
#include "text.h"

#ifdef __SSE2__
#include <emmintrin.h>
#endif
#include "version.h"
#include "view.h"

/* ---- govlua.core ------------------------------------------------------- */

static int parse_edition(lua_State *L, int idx) {
  if (lua_isnoneornil(L, idx)) return 0;
  const char *e = lua_tostring(L, idx);
  if (e && strcmp(e, "2019") == 0) return GL_ED2019;
  if (e && strcmp(e, "2021") == 0) return GL_ED2021;
  return 0;
}

/* describe(path [, edition]) -> "表三 （七）总计 / 社会公益组织" | nil */
static int core_describe(lua_State *L) {
  const char *path = luaL_checkstring(L, 1);
  char buf[512];
  if (!gl_schema_describe(path, parse_edition(L, 2), buf, sizeof buf)) return 0;
  lua_pushstring(L, buf);
  return 1;
}

/* edition_expected(year) -> "2019" | "2021" | nil */
static int core_edition_expected(lua_State *L) {
  const char *n = gl_edition_name(gl_edition_expected(luaL_checkinteger(L, 1)));
  if (!n) return 0;
  lua_pushstring(L, n);
  return 1;
}

static void push_editions(lua_State *L, int mask) {
  lua_createtable(L, 0, 2);
  if (mask & GL_ED2019) {
    lua_pushboolean(L, 1);
    lua_setfield(L, -2, "2019");
  }
  if (mask & GL_ED2021) {
    lua_pushboolean(L, 1);
    lua_setfield(L, -2, "2021");
  }
}

static void set_str(lua_State *L, const char *k, const char *v) {
  if (!v) return;
  lua_pushstring(L, v);
  lua_setfield(L, -2, k);
}

static const char *const KINDS[] = {"count", "signed", "money"};

/* The schema: an array of rows in template order. */
static void push_schema(lua_State *L) {
  lua_createtable(L, GL_NROWS, 0);
  for (int i = 0; i < GL_NROWS; i++) {
    const gl_row *r = gl_schema_row(i);
    lua_createtable(L, 0, 10);
    set_str(L, "table", r->table);
    set_str(L, "group", r->group);
    set_str(L, "key", r->key);
    set_str(L, "path", r->path);
    set_str(L, "label", r->label);
    set_str(L, "label2021", r->label2021);
    set_str(L, "group_label", r->group_label);
    push_editions(L, r->editions);
    lua_setfield(L, -2, "editions");
    lua_createtable(L, r->ncols, 0);
    for (int c = 0; c < r->ncols; c++) {
      const gl_column *col = &r->cols[c];
      lua_createtable(L, 0, 5);
      set_str(L, "key", col->key);
      set_str(L, "label", col->label);
      set_str(L, "label2021", col->label2021);
      set_str(L, "kind", KINDS[col->kind]);
      push_editions(L, col->editions & r->editions);
      lua_setfield(L, -2, "editions");
      lua_rawseti(L, -2, c + 1);
    }
    lua_setfield(L, -2, "columns");
    lua_rawseti(L, -2, i + 1);
  }
}



/* ---- per-report memo of normalize/split ---------------------------------
 * The rules of one report often normalise and split the same section text
 * (the same string object, handed out by the view).  Results of inputs of
 * at least MEMO_MIN bytes are kept in a registry table until the next report
 * (gl_core_memo_reset, called by the view), at most MEMO_MAX per kind. */
static const char MEMO_KEY[] = "govlua.memo";
enum { MEMO_MIN = 64, MEMO_MAX = 64 };

void gl_core_memo_reset(lua_State *L) {
  lua_pushnil(L);
  lua_setfield(L, LUA_REGISTRYINDEX, MEMO_KEY);
}

/* Pushes the memo table for `kind` (created on demand), or nil when the
 * input is too short to be worth it. */
static int memo_push(lua_State *L, const char *kind, size_t len) {
  if (len < MEMO_MIN) {
    lua_pushnil(L);
    return 0;
  }
  if (lua_getfield(L, LUA_REGISTRYINDEX, MEMO_KEY) != LUA_TTABLE) {
    lua_pop(L, 1);
    lua_newtable(L);
    lua_pushvalue(L, -1);
    lua_setfield(L, LUA_REGISTRYINDEX, MEMO_KEY);
  }
  if (lua_getfield(L, -1, kind) != LUA_TTABLE) {
    lua_pop(L, 1);
    lua_createtable(L, 0, 4);
    lua_pushinteger(L, 0);
    lua_rawseti(L, -2, 0); /* [0] = entries so far; the keys are strings */
    lua_pushvalue(L, -1);
    lua_setfield(L, -3, kind);
  }
  lua_remove(L, -2);
  return 1;
}

/* Stores the value at the top under key (index kidx) in the memo at midx,
 * unless it is full.  Leaves the stack as it was. */
static void memo_store(lua_State *L, int midx, int kidx) {
  lua_rawgeti(L, midx, 0);
  lua_Integer n = lua_tointeger(L, -1);
  lua_pop(L, 1);
  if (n >= MEMO_MAX) return;
  lua_pushinteger(L, n + 1);
  lua_rawseti(L, midx, 0);
  lua_pushvalue(L, kidx);
  lua_pushvalue(L, -2);
  lua_rawset(L, midx);
}

/* normalize(s [, mode]) -> s normalised for reading prose, in one pass:
 *   mode "spaces" (default): full-width digits -> ASCII; every run of
 *     whitespace (ASCII, U+3000, U+00A0, ...) -> one space; trimmed.
 *   mode "compact": full-width digits -> ASCII, ％ -> %, whitespace removed,
 *     a line break kept only after the end of a sentence (wrapped lines are
 *     joined), thousands separators dropped ("1,234" -> "1234"). */
static int core_normalize(lua_State *L) {
  size_t n;
  const char *s = luaL_checklstring(L, 1, &n);
  const char *mode = luaL_optstring(L, 2, "spaces");
  int compact = strcmp(mode, "compact") == 0;
  if (!compact && strcmp(mode, "spaces") != 0)
    return luaL_argerror(L, 2, "mode must be \"spaces\" or \"compact\"");
  lua_settop(L, 1);
  if (memo_push(L, compact ? "compact" : "spaces", n)) { /* 2: memo */
    lua_pushvalue(L, 1);
    if (lua_rawget(L, 2) == LUA_TSTRING) return 1;
    lua_pop(L, 1);
  }
  unsigned char *out = lua_newuserdatauv(L, n + 1, 0); /* never longer than the input */
  size_t o = gl_normalize((const unsigned char *)s, n, out, compact);
  if (compact) {
    if (gl_ends_sentence(out, o)) out[o++] = '\n'; /* as after every sentence-ending line */
    o = gl_drop_thousands(out, o); /* "1,234" -> "1234" */
  }
  lua_pushlstring(L, (const char *)out, o);
  if (!lua_isnil(L, 2)) memo_store(L, 2, 1);
  return 1;
}

/* split(s, seps) -> the non-empty pieces of s between any of the separator
 * strings in the array seps (one pass; for sentence and clause splitting). */
static int core_split(lua_State *L) {
  size_t n;
  const char *s = luaL_checklstring(L, 1, &n);
  luaL_checktype(L, 2, LUA_TTABLE);
  const char *sep[16];
  size_t seplen[16];
  int nsep = 0;
  for (int i = 1; i <= 16; i++) {
    if (lua_rawgeti(L, 2, i) != LUA_TSTRING) {
      lua_pop(L, 1);
      break;
    }
    sep[nsep] = lua_tolstring(L, -1, &seplen[nsep]); /* kept alive by the table */
    lua_pop(L, 1);
    if (seplen[nsep]) nsep++;
  }
  lua_settop(L, 2);
  /* the memo of this separator set (key: "split" and the separators) */
  char kind[16 * 8 + 8] = "split";
  size_t kl = 5;
  for (int j = 0; j < nsep && kl + seplen[j] + 1 < sizeof kind; j++) {
    kind[kl++] = '\1';
    memcpy(kind + kl, sep[j], seplen[j]);
    kl += seplen[j];
  }
  kind[kl] = '\0';
  if (memo_push(L, kind, n)) { /* 3: memo */
    lua_pushvalue(L, 1);
    if (lua_rawget(L, 3) == LUA_TTABLE) { /* a copy: the caller may change it */
      lua_Integer m = (lua_Integer)lua_rawlen(L, -1);
      lua_createtable(L, (int)m, 0);
      for (lua_Integer j = 1; j <= m; j++) {
        lua_rawgeti(L, -2, j);
        lua_rawseti(L, -2, j);
      }
      return 1;
    }
    lua_pop(L, 1);
  }
  lua_newtable(L);
  lua_Integer k = 0;
  size_t start = 0, i = 0;
  while (i < n) {
    size_t hit = 0;
    for (int j = 0; j < nsep && !hit; j++)
      if (seplen[j] <= n - i && s[i] == sep[j][0] && memcmp(s + i, sep[j], seplen[j]) == 0)
        hit = seplen[j];
    if (hit) {
      if (i > start) {
        lua_pushlstring(L, s + start, i - start);
        lua_rawseti(L, -2, ++k);
      }
      i += hit;
      start = i;
    } else {
      i++;
    }
  }
  if (n > start) {
    lua_pushlstring(L, s + start, n - start);
    lua_rawseti(L, -2, ++k);
  }
  if (!lua_isnil(L, 3)) { /* keep a copy: the caller may change its table */
    lua_createtable(L, (int)k, 0);
    for (lua_Integer j = 1; j <= k; j++) {
      lua_rawgeti(L, -2, j);
      lua_rawseti(L, -2, j);
    }
    memo_store(L, 3, 1);
    lua_pop(L, 1);
  }
  return 1;
}

/* freeze(t) -> a read-only proxy of t (nested tables too) */
static int core_freeze(lua_State *L) {
  luaL_checktype(L, 1, LUA_TTABLE);
  if (lua_getmetatable(L, 1)) {
    lua_settop(L, 1); /* already has a metatable (maybe a proxy): as it is */
    return 1;
  }
  gl_sandbox_freeze(L, 1);
  return 1;
}

int luaopen_govlua_core(lua_State *L) {
  static const luaL_Reg funcs[] = {
    {"freeze", core_freeze},
    {"normalize", core_normalize},
    {"split", core_split},
    {"describe", core_describe},
    {"edition_expected", core_edition_expected},
    {NULL, NULL}};
  luaL_newlib(L, funcs);
  gl_core_prose(L);
  gl_core_text(L);
  gl_core_cells(L);
  gl_view_push_blank(L);
  lua_setfield(L, -2, "blank");
  push_schema(L);
  lua_setfield(L, -2, "schema");
  lua_createtable(L, GL_NSECTIONS, 0);
  for (int i = 0; i < GL_NSECTIONS; i++) {
    lua_createtable(L, 0, 2);
    set_str(L, "key", gl_section_keys[i]);
    set_str(L, "label", gl_section_labels[i]);
    lua_rawseti(L, -2, i + 1);
  }
  lua_setfield(L, -2, "sections");
  lua_pushliteral(L, GOVLUA_VERSION);
  lua_setfield(L, -2, "version");
  return 1;
}

/* ---- govlua.json ------------------------------------------------------- */

static const char ARRAY_MT[] = "govlua.json.array";
static const char BUF_MT[] = "govlua.json.buffer";

/* A growable output buffer owned by a userdata (an upvalue of encode, one
 * per state, reused by every call: encode never runs Lua code, so calls
 * cannot nest), so an error in the middle of encoding leaks nothing
 * (luaL_Buffer cannot share the stack with the values being encoded). */
typedef struct {
  char *p;
  size_t n, cap;
  lua_State *L;
} sbuf;

static int sbuf_gc(lua_State *L) {
  sbuf *b = luaL_checkudata(L, 1, BUF_MT);
  free(b->p);
  b->p = NULL;
  b->n = b->cap = 0;
  return 0;
}

/* Makes room for n more bytes. */
static void sb_grow(sbuf *b, size_t n) {
  size_t cap = b->cap ? b->cap : 256;
  while (cap < b->n + n) cap *= 2;
  char *p = realloc(b->p, cap);
  if (!p) luaL_error(b->L, "json.encode: out of memory");
  b->p = p;
  b->cap = cap;
}

static void sb_addlstring(sbuf *b, const char *s, size_t n) {
  if (b->cap - b->n < n) sb_grow(b, n);
  memcpy(b->p + b->n, s, n);
  b->n += n;
}

static void sb_addstring(sbuf *b, const char *s) { sb_addlstring(b, s, strlen(s)); }
static inline void sb_addchar(sbuf *b, char c) {
  if (b->n == b->cap) sb_grow(b, 1);
  b->p[b->n++] = c;
}

/* Writes s as a JSON string; bytes that are not UTF-8 become U+FFFD, so the
 * output is always valid JSON.  Runs of bytes that need no escape are copied
 * at once; valid UTF-8 (checked once for the whole string) is one such run. */
static void enc_string(sbuf *b, const char *s, size_t n) {
  sb_addchar(b, '"');
  int valid = gl_utf8_check(s, n) == NULL;
  size_t i = 0;
  while (i < n) {
    size_t run = i;
#ifdef __SSE2__
    /* 16 bytes at a time while none needs a look: control bytes, '"',
     * '\\', DEL (and, in a string that is not UTF-8, bytes >= 0x80) */
    while (n - run >= 16) {
      __m128i v = _mm_loadu_si128((const __m128i *)(s + run));
      __m128i bad = _mm_or_si128(
          _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')), _mm_cmpeq_epi8(v, _mm_set1_epi8('\\'))),
          _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(0x7f)),
                       /* c < 0x20 as unsigned bytes: (c ^ 0x80) < (0x20 ^ 0x80) as signed */
                       _mm_cmplt_epi8(_mm_xor_si128(v, _mm_set1_epi8((char)0x80)),
                                      _mm_set1_epi8((char)(0x20 ^ 0x80)))));
      int mask = _mm_movemask_epi8(bad) | (valid ? 0 : _mm_movemask_epi8(v));
      if (mask) {
        run += (size_t)__builtin_ctz((unsigned)mask);
        break;
      }
      run += 16;
    }
#endif
    while (run < n) {
      unsigned char c = (unsigned char)s[run];
      if (c < 0x20 || c == '"' || c == '\\' || c == 0x7f || (c >= 0x80 && !valid)) break;
      run++;
    }
    if (run > i) {
      sb_addlstring(b, s + i, run - i);
      i = run;
      if (i == n) break;
    }
    unsigned char c = (unsigned char)s[i];
    if (c >= 0x80) { /* only when the string is not valid UTF-8 */
      size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
      /* valid when the check passes for exactly this sequence */
      if (len <= n - i && !gl_utf8_check(s + i, len)) {
        sb_addlstring(b, s + i, len);
        i += len;
      } else {
        sb_addstring(b, "\\ufffd");
        i++;
      }
      continue;
    }
    switch (c) {
      case '"': sb_addstring(b, "\\\""); break;
      case '\\': sb_addstring(b, "\\\\"); break;
      case '\n': sb_addstring(b, "\\n"); break;
      case '\r': sb_addstring(b, "\\r"); break;
      case '\t': sb_addstring(b, "\\t"); break;
      default: {
        char esc[8];
        snprintf(esc, sizeof esc, "\\u%04x", c);
        sb_addstring(b, esc);
      }
    }
    i++;
  }
  sb_addchar(b, '"');
}

/* Writes integer v in decimal (what LUA_INTEGER_FMT prints). */
static void enc_integer(sbuf *b, lua_Integer v) {
  char buf[GL_INTEGER_CHARS];
  char *q = gl_integer_text(buf + sizeof buf, (long long)v);
  sb_addlstring(b, q, (size_t)(buf + sizeof buf - q));
}

static void enc_number(lua_State *L, sbuf *b, int idx) {
  char buf[40];
  if (lua_isinteger(L, idx)) {
    enc_integer(b, lua_tointeger(L, idx));
    return;
  }
  double d = lua_tonumber(L, idx);
  if (!isfinite(d)) {
    sb_addstring(b, "null");
    return;
  }
  if (d == floor(d) && fabs(d) < 1e15) {
    snprintf(buf, sizeof buf, "%.0f", d);
  } else {
    for (int prec = 15; prec <= 17; prec++) {
      snprintf(buf, sizeof buf, "%.*g", prec, d);
      if (strtod(buf, NULL) == d) break;
    }
  }
  sb_addstring(b, buf);
}

#define ENC_MAX_DEPTH 64

typedef struct {
  sbuf *b;
  int indent;    /* spaces per level, 0 = compact */
  const void *open[ENC_MAX_DEPTH + 2]; /* the tables being encoded, outermost first */
} enc;

static void enc_value(lua_State *L, enc *e, int idx, int depth);

static void newline(enc *e, int depth) {
  if (!e->indent) return;
  sb_addchar(e->b, '\n');
  for (int i = 0; i < depth * e->indent; i++) sb_addchar(e->b, ' ');
}

/* An object member: its key's string form, and the stack slot of its value. */
typedef struct {
  const char *s;
  int val;
} okey;

static int cmp_keys(const void *a, const void *b) {
  return strcmp(((const okey *)a)->s, ((const okey *)b)->s);
}

/* Sorts keys by their C strings: insertion sort for the few keys of most
 * tables, qsort beyond. */
static void sort_keys(okey *keys, size_t n) {
  if (n > 16) {
    qsort(keys, n, sizeof *keys, cmp_keys);
    return;
  }
  for (size_t i = 1; i < n; i++) {
    okey k = keys[i];
    size_t j = i;
    for (; j > 0 && strcmp(keys[j - 1].s, k.s) > 0; j--) keys[j] = keys[j - 1];
    keys[j] = k;
  }
}

/* Whether the table at idx (with a metatable) is marked by json.array. */
static int marked_array(lua_State *L, int idx) {
  int is_array = 0;
  if (luaL_getmetafield(L, idx, "__name") != LUA_TNIL) {
    is_array = lua_type(L, -1) == LUA_TSTRING && strcmp(lua_tostring(L, -1), ARRAY_MT) == 0;
    lua_pop(L, 1);
  }
  return is_array;
}

static void enc_array(lua_State *L, enc *e, int idx, int depth, lua_Integer n) {
  sb_addchar(e->b, '[');
  for (lua_Integer i = 1; i <= n; i++) {
    if (i > 1) sb_addchar(e->b, ',');
    newline(e, depth + 1);
    lua_rawgeti(L, idx, i);
    enc_value(L, e, lua_gettop(L), depth + 1);
    lua_pop(L, 1);
  }
  if (n) newline(e, depth);
  sb_addchar(e->b, ']');
}

/* The members of the table at idx, left on the stack as key, value pairs
 * above `base` (one pass of lua_next), are written as an object with its
 * keys sorted, so output is stable.  Keys that are not strings are written
 * in their string form (converted copies, pushed above the pairs). */
static void enc_object(lua_State *L, enc *e, int base, int count, int depth) {
  okey small[16];
  okey *keys = small;
  if (count > 16) keys = lua_newuserdatauv(L, (size_t)count * sizeof(okey), 0);
  for (int k = 0; k < count; k++) {
    int ks = base + 1 + 2 * k;
    keys[k].val = ks + 1;
    int kt = lua_type(L, ks);
    if (kt != LUA_TSTRING && kt != LUA_TNUMBER)
      luaL_error(L, "json.encode: a table key is a %s", luaL_typename(L, ks));
    if (kt == LUA_TSTRING) {
      keys[k].s = lua_tostring(L, ks); /* kept alive by the stack */
    } else {
      luaL_checkstack(L, 2, "json.encode");
      keys[k].s = luaL_tolstring(L, ks, NULL); /* a copy: the key itself is left alone */
    }
  }
  sort_keys(keys, (size_t)count);
  for (int i = 1; i < count; i++)
    if (strcmp(keys[i].s, keys[i - 1].s) == 0)
      luaL_error(L, "json.encode: two keys are both written \"%s\"", keys[i].s);
  sb_addchar(e->b, '{');
  for (int i = 0; i < count; i++) {
    if (i) sb_addchar(e->b, ',');
    newline(e, depth + 1);
    enc_string(e->b, keys[i].s, strlen(keys[i].s));
    sb_addchar(e->b, ':');
    if (e->indent) sb_addchar(e->b, ' ');
    enc_value(L, e, keys[i].val, depth + 1);
  }
  if (count) newline(e, depth);
  sb_addchar(e->b, '}');
}

static void enc_table(lua_State *L, enc *e, int idx, int depth) {
  int is_array = 0;
  if (lua_getmetatable(L, idx)) { /* plain tables (most) have none */
    lua_pop(L, 1);
    /* a read-only proxy: encode the table behind it */
    gl_view_unwrap(L, idx);
    is_array = marked_array(L, idx);
  }
  const void *self = lua_topointer(L, idx);
  for (int i = 0; i < depth; i++)
    if (e->open[i] == self) luaL_error(L, "json.encode: a table contains itself");
  e->open[depth] = self;
  lua_Integer n = (lua_Integer)lua_rawlen(L, idx);
  int base = lua_gettop(L), count = 0;
  lua_pushnil(L);
  while (lua_next(L, idx)) {
    if (count == INT_MAX / 2) luaL_error(L, "json.encode: too many keys");
    count++;
    luaL_checkstack(L, 3, "json.encode");
    lua_pushvalue(L, -2); /* the pair stays; the copy of the key goes on */
  }
  if (!is_array && n > 0 && count == n) is_array = 1;
  if (is_array) {
    lua_settop(L, base);
    enc_array(L, e, idx, depth, n);
  } else {
    enc_object(L, e, base, count, depth);
    lua_settop(L, base);
  }
}

static void enc_value(lua_State *L, enc *e, int idx, int depth) {
  if (depth > ENC_MAX_DEPTH) luaL_error(L, "json.encode: nested too deeply");
  luaL_checkstack(L, 8, "json.encode");
  switch (lua_type(L, idx)) {
    case LUA_TNIL: sb_addstring(e->b, "null"); break;
    case LUA_TBOOLEAN: sb_addstring(e->b, lua_toboolean(L, idx) ? "true" : "false"); break;
    case LUA_TNUMBER: enc_number(L, e->b, idx); break;
    case LUA_TSTRING: {
      size_t n;
      const char *s = lua_tolstring(L, idx, &n);
      enc_string(e->b, s, n);
      break;
    }
    case LUA_TTABLE: enc_table(L, e, idx, depth); break;
    case LUA_TLIGHTUSERDATA:
      if (lua_touserdata(L, idx) == NULL) {
        sb_addstring(e->b, "null");
        break;
      }
      /* fall through */
    default: {
      gl_view_push_blank(L);
      int blank = lua_rawequal(L, -1, idx);
      lua_pop(L, 1);
      if (blank) {
        sb_addstring(e->b, "null");
        break;
      }
      luaL_error(L, "json.encode: cannot encode a %s value", luaL_typename(L, idx));
    }
  }
}

/* encode(value [, {indent = N}]) -> string */
static int json_encode(lua_State *L) {
  luaL_checkany(L, 1);
  int indent = 0;
  if (lua_istable(L, 2)) {
    lua_getfield(L, 2, "indent");
    indent = (int)luaL_optinteger(L, -1, 0);
    lua_pop(L, 1);
    if (indent < 0 || indent > 8) indent = 2;
  }
  lua_settop(L, 1);
  sbuf *b = lua_touserdata(L, lua_upvalueindex(1));
  b->n = 0;
  b->L = L;
  enc e;
  e.b = b;
  e.indent = indent;
  enc_value(L, &e, 1, 0);
  lua_pushlstring(L, b->p ? b->p : "", b->n);
  if (b->cap > ((size_t)1 << 20)) { /* give a big one back */
    free(b->p);
    b->p = NULL;
    b->n = b->cap = 0;
  }
  return 1;
}

/* array(t) -> t, marked to encode as a JSON array even when empty */
static int json_array(lua_State *L) {
  if (lua_isnoneornil(L, 1)) lua_newtable(L);
  luaL_checktype(L, 1, LUA_TTABLE);
  lua_settop(L, 1);
  if (lua_getmetatable(L, 1)) {
    luaL_getmetatable(L, ARRAY_MT);
    if (!lua_rawequal(L, -1, -2)) return luaL_error(L, "json.array: the table has a metatable");
    lua_settop(L, 1);
    return 1;
  }
  luaL_setmetatable(L, ARRAY_MT);
  return 1;
}

int luaopen_govlua_json(lua_State *L) {
  static const luaL_Reg funcs[] = {{"array", json_array}, {NULL, NULL}};
  luaL_newmetatable(L, ARRAY_MT); /* sets __name, which enc_table looks for */
  lua_pop(L, 1);
  if (luaL_newmetatable(L, BUF_MT)) {
    lua_pushcfunction(L, sbuf_gc);
    lua_setfield(L, -2, "__gc");
  }
  lua_pop(L, 1);
  luaL_newlib(L, funcs);
  /* encode's buffer, kept for the life of the state */
  sbuf *b = lua_newuserdatauv(L, sizeof *b, 0);
  memset(b, 0, sizeof *b);
  luaL_setmetatable(L, BUF_MT);
  lua_pushcclosure(L, json_encode, 1);
  lua_setfield(L, -2, "encode");
  lua_pushlightuserdata(L, NULL);
  lua_setfield(L, -2, "null");
  return 1;
}
