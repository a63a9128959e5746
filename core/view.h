/* view.h - the read-only Lua view of a gl_report that rules and formats see.
 *
 * Names are the JSON names of report-model.md.  A cell is a Lua integer or
 * float (a number), the blank sentinel (a blank cell), a string (text such
 * as "—") or nil (missing).  Rows, groups and tables are read-only proxies:
 * assignment raises, getmetatable/setmetatable are refused, pairs and #
 * work.  The proxies are created once per Lua state and refilled for each
 * report, so a view is valid until the next report is pushed.  Rows are
 * filled when first read (most rules read few cells: they ask the summary
 * below), from a copy of the cells made when the report is pushed.
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
/* If the value at idx is a read-only proxy, replaces it with the table
 * behind it (a row's filled first) and returns 1; else returns 0. */
int gl_view_unwrap(lua_State *L, int idx);
/* What the view shows, summed up when it is refilled, so that rules can skip
 * their cell loops on clean reports (govlua.core count / sums_hold). */
enum {
  GL_VC_NUMBER = 0, /* number cells */
  GL_VC_BLANK,      /* blank cells */
  GL_VC_TEXT,       /* text cells */
  GL_VC_MISSING,    /* cells absent from a row that is there */
  GL_VC_ROWS,       /* rows absent from a table that is there */
  GL_VC_UNUSUAL,    /* numbers outside their column's kind (negative counts ...) */
  GL_VC_SOURCED,    /* numbers with source text ("15万元") */
  GL_VC_N
};
typedef struct {
  int odd;                   /* the view hides a row (the 2019/2021 other_handling clash) */
  int count[3][GL_VC_N];     /* [0] cells of either edition, [1] of 2019, [2] of 2021 */
  struct {
    unsigned char state, is_int;
    int64_t i;
    double d;
  } cell[GL_MAX_CELLS];      /* the visible cells (hidden rows are GL_MISSING) */
  unsigned gen;              /* counts the reports pushed */
  unsigned filled[GL_NROWS]; /* the gen a row's table was last filled for */
  unsigned char direct[GL_NROWS]; /* the row's __index is its data table (filled) */
  const void *root;          /* the root proxy (lua_topointer), to recognise it */
  /* what the view's tables hold under the keys that rarely change from one
   * report to the next (rows, groups, tables, ...): a slot of the proxy
   * registry, 0 for nil, 0xFF unknown; only changes are written */
  unsigned char placed[GL_NROWS + 16];
} gl_view_info;

/* The summary of the view whose root proxy is at idx, or NULL if the value
 * there is not the current view of L. */
const gl_view_info *gl_view_info_of(lua_State *L, int idx);

/* Pushes the value of one cell (or nil). */
void gl_view_push_cell(lua_State *L, const gl_cell *c);

#endif
