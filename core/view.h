/* view.h - the read-only Lua view of a gl_report that rules and formats see.
 *
 * Names are the JSON names of report-model.md.  A cell is a Lua integer or
 * float (a number), the blank sentinel (a blank cell), a string (text such
 * as "—") or nil (missing).  Rows, groups and tables are read-only proxies:
 * assignment raises, getmetatable/setmetatable are refused, pairs and #
 * work.  The proxies are created once per Lua state and refilled for each
 * report, so a view is valid until the next report is pushed.
 */
#ifndef GOVLUA_VIEW_H
#define GOVLUA_VIEW_H

#include <lua.h>

#include "model.h"

/* Creates the blank sentinel and the proxy tree in L.  Call once. */
void gl_view_setup(lua_State *L);
/* Refills the proxy tree from r and pushes the root proxy. */
void gl_view_push(lua_State *L, const gl_report *r);
/* Pushes the blank sentinel. */
void gl_view_push_blank(lua_State *L);
/* Pushes a read-only proxy of the table at idx (shallow: nested tables are
 * not wrapped).  Used for library tables in the sandbox. */
void gl_view_readonly(lua_State *L, int idx, const char *what);
/* Pushes the value of one cell (or nil). */
void gl_view_push_cell(lua_State *L, const gl_cell *c);

#endif
