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
 * Mechanism only: what counts as an empty section stays in govlua.prose. */
#include <lauxlib.h>
#include <string.h>

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

void gl_core_text(lua_State *L) {
  static const luaL_Reg funcs[] = {{"squeeze", core_squeeze}, {NULL, NULL}};
  luaL_setfuncs(L, funcs, 0); /* into the govlua.core table at the top of the stack */
}
