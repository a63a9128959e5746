/* luamods.h - C modules that the sandboxed `require` provides:
 *   govlua.core  the schema (rows, columns, labels), describe(), blank
 *   govlua.json  a JSON encoder that keeps integers, arrays and order stable
 */
#ifndef GOVLUA_LUAMODS_H
#define GOVLUA_LUAMODS_H

#include <lua.h>

int luaopen_govlua_core(lua_State *L);
int luaopen_govlua_json(lua_State *L);

#endif
