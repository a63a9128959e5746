/* luamods.h - C modules that the sandboxed `require` provides:
 *   govlua.core  the schema (rows, columns, labels), describe(), blank
 *   govlua.json  a JSON encoder that keeps integers, arrays and order stable
 */
#ifndef GOVLUA_LUAMODS_H
#define GOVLUA_LUAMODS_H

#include <lua.h>

int luaopen_govlua_core(lua_State *L);

/* Parts of govlua.core kept in their own files; each adds its functions to
 * the module table at the top of the stack. */
void gl_core_prose(lua_State *L); /* core_prose.c: prose-count scanning */
void gl_core_text(lua_State *L);  /* core_text.c: text helpers of the prose rules */
void gl_core_cells(lua_State *L); /* core_cells.c: cell summaries and sums */

/* Forgets the per-report memo of normalize/split (the view calls it for
 * every new report). */
void gl_core_memo_reset(lua_State *L);
int luaopen_govlua_json(lua_State *L);

#endif
