/* core_prose.c - govlua.core: prose-count scanning for govlua.prose_counts. */
#include <lauxlib.h>

#include "luamods.h"

void gl_core_prose(lua_State *L) {
  (void)L; /* adds its functions to the govlua.core table at the top of the stack */
}
