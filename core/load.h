/* load.h - turning input bytes into a gl_report.
 *
 * Every loader fills a gl_report (initialised by the caller) and returns
 * GL_LOAD_OK, or GL_LOAD_INPUT with a one-line message in err when the
 * input is not a report that can be read.  Loaders never modify the input.
 */
#ifndef GOVLUA_LOAD_H
#define GOVLUA_LOAD_H

#include <lua.h>
#include <stddef.h>

#include "json_parse.h" /* GL_JSON_MAX_DEPTH: the nesting a document may have */
#include "model.h"

enum { GL_LOAD_OK = 0, GL_LOAD_INPUT = 1 };

/* govlua-report/1 JSON -> report, parsed by json_parse.c.  L is unused (it
 * may be NULL); a UTF-8 BOM is skipped; any number of threads may load at
 * once. */
int gl_load_json(lua_State *L, const char *data, size_t len, gl_report *r, char *err,
                 size_t errn);

#endif
