/* core_text.c - govlua.core: text helpers for the prose rules. */
#include <lauxlib.h>

#include "luamods.h"

void gl_core_text(lua_State *L) {
  (void)L; /* adds its functions to the govlua.core table at the top of the stack */
}
