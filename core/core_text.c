/* core_text.c - govlua.core: text helpers for the prose rules.
 *
 *   squeeze(s [, max]) -> s without whitespace, full-width digits made ASCII
 *     The same text as normalize(s):gsub(" ", "") (the whitespace set is that
 *     of normalize: ASCII blanks and line breaks, U+00A0, U+2002, U+2003,
 *     U+2009, U+200B, U+3000, U+FEFF).  With max >= 0, returns nil as soon
 *     as the result would be longer than max bytes, without reading the rest
 *     of s: "is this text short once the spaces are gone?" costs a few bytes
 *     of a long section, not a copy of it.  A max < 0 (or none) is no limit.
 *     Any bytes are accepted (broken UTF-8 is copied as it is, like normalize).
 *
 *   show(v) -> how a cell value reads in a message: the number ("12",
 *     integral floats below 2^53 without ".0", others as tostring), "空白"
 *     (gl.BLANK), "“text”", "缺失" (nil) or "无效值".
 *   terms(list) -> "自然人(1) + 其他(2)" from { {label, value}, ... }: each
 *     label (a string or number) with show(value) in brackets, joined by
 *     " + ", up to the first nil of the list.
 *   (gl.show and gl.terms in lua/govlua/init.lua say the same in Lua: a
 *   finding's message is built from many of these, and each small Lua
 *   string costs an allocation and a number-to-text through snprintf.)
 *
 * Mechanism only: what counts as an empty section stays in govlua.prose. */
#include <lauxlib.h>
#include <math.h>
#include <string.h>

#include "view.h"

#include "luamods.h"
#include "text.h"

static int core_squeeze(lua_State *L) {
  size_t n;
  const char *s = luaL_checklstring(L, 1, &n);
  lua_Integer max = luaL_optinteger(L, 2, -1);
  /* the result is never longer than s: with no max (or a max >= n) the
   * whole text is squeezed */
  size_t cap = (max < 0 || (lua_Unsigned)max >= n) ? n : (size_t)max;
  luaL_Buffer b;
  char *out = luaL_buffinitsize(L, &b, cap + 1);
  size_t o = 0;
  const unsigned char *p = (const unsigned char *)s, *e = p + n;
  while (p < e) {
    size_t sp = gl_space_at(p, e, 1);
    if (sp) {
      p += sp;
      continue;
    }
    if (o >= cap) { /* one more byte than allowed */
      lua_pushnil(L);
      return 1;
    }
    if (e - p >= 3 && p[0] == 0xEF && p[1] == 0xBC && p[2] >= 0x90 && p[2] <= 0x99) {
      out[o++] = (char)('0' + (p[2] - 0x90)); /* ０-９ */
      p += 3;
    } else {
      out[o++] = (char)*p++;
    }
  }
  luaL_pushresultsize(&b, o);
  return 1;
}

/* Pushes show(value at idx) (idx absolute). */
static void push_show(lua_State *L, int idx) {
  switch (lua_type(L, idx)) {
    case LUA_TNUMBER: {
      long long v;
      if (lua_isinteger(L, idx)) {
        v = (long long)lua_tointeger(L, idx);
      } else {
        double d = lua_tonumber(L, idx);
        if (!(d == floor(d) && fabs(d) < 9007199254740992.0)) {
          luaL_tolstring(L, idx, NULL); /* as tostring */
          return;
        }
        v = (long long)d;
      }
      char buf[GL_INTEGER_CHARS]; /* decimal digits without snprintf */
      char *q = gl_integer_text(buf + sizeof buf, v);
      lua_pushlstring(L, q, (size_t)(buf + sizeof buf - q));
      return;
    }
    case LUA_TNIL:
    case LUA_TNONE:
      lua_pushliteral(L, "缺失");
      return;
    case LUA_TSTRING:
      lua_pushliteral(L, "“");
      lua_pushvalue(L, idx);
      lua_pushliteral(L, "”");
      lua_concat(L, 3);
      return;
    default: {
      gl_view_push_blank(L);
      int blank = lua_rawequal(L, -1, idx);
      lua_pop(L, 1);
      if (blank)
        lua_pushliteral(L, "空白");
      else
        lua_pushliteral(L, "无效值");
    }
  }
}

static int core_show(lua_State *L) {
  lua_settop(L, 1);
  push_show(L, 1);
  return 1;
}

/* The pieces of the result are kept on the stack and joined by lua_concat
 * (one copy), a hundred terms at a time. */
static int core_terms(lua_State *L) {
  lua_settop(L, 1);
  int n = 0; /* pieces on the stack above the list */
  for (lua_Integer i = 1;; i++) {
    luaL_checkstack(L, 8, "too many terms");
    if (i > 1 && i % 100 == 1 && n > 1) {
      lua_concat(L, n);
      n = 1;
    }
    if (lua_geti(L, 1, i) == LUA_TNIL) {
      lua_pop(L, 1);
      break;
    }
    int item = lua_gettop(L);
    if (i > 1) {
      lua_pushliteral(L, " + ");
      lua_insert(L, item++);
      n++;
    }
    lua_geti(L, item, 1);
    int lt = lua_type(L, -1);
    if (lt != LUA_TSTRING && lt != LUA_TNUMBER)
      return luaL_error(L, "attempt to concatenate a %s value (the label of term %d)",
                        luaL_typename(L, -1), (int)i);
    if (lt == LUA_TNUMBER) { /* reads as in a concatenation */
      luaL_tolstring(L, -1, NULL);
      lua_remove(L, -2);
    }
    lua_pushliteral(L, "(");
    lua_geti(L, item, 2);
    push_show(L, lua_gettop(L));
    lua_remove(L, -2);
    lua_pushliteral(L, ")");
    lua_remove(L, item);
    n += 4;
  }
  lua_concat(L, n); /* (n = 0: the empty string) */
  return 1;
}

void gl_core_text(lua_State *L) {
  static const luaL_Reg funcs[] = {
    {"squeeze", core_squeeze}, {"show", core_show}, {"terms", core_terms}, {NULL, NULL}};
  luaL_setfuncs(L, funcs, 0); /* into the govlua.core table at the top of the stack */
}
