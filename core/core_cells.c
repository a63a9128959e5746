/* core_cells.c - govlua.core: per-report cell summaries and sums. */
#include <lauxlib.h>

#include "luamods.h"

void gl_core_cells(lua_State *L) {
  (void)L; /* adds its functions to the govlua.core table at the top of the stack */
}
