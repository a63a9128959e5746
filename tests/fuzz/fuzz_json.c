/* libFuzzer harness: report JSON -> gl_report (lua-cjson + the schema walk).
 * Built only with -DGOVLUA_FUZZ=ON (clang); see tests/CMakeLists.txt. */
#include <lauxlib.h>
#include <lualib.h>
#include <stddef.h>
#include <stdint.h>

#include "load.h"

static int setup(lua_State *L) {
  gl_json_setup(L);
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static lua_State *L; /* one state for the whole run, as govlua reuses it */
  if (!L) {
    L = luaL_newstate();
    lua_pushcfunction(L, setup);
    if (lua_pcall(L, 0, 0, 0) != LUA_OK) __builtin_trap();
  }
  int top = lua_gettop(L);
  gl_report r;
  gl_report_init(&r);
  char err[512];
  gl_load_json(L, (const char *)data, size, &r, err, sizeof err);
  gl_report_clear(&r);
  if (lua_gettop(L) != top) __builtin_trap(); /* the loader must leave the stack as it was */
  lua_gc(L, LUA_GCSTEP, 0);
  return 0;
}
