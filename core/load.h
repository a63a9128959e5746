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

#include "model.h"

enum { GL_LOAD_OK = 0, GL_LOAD_INPUT = 1 };

/* JSON nesting allowed by the decoder: the model is 5 levels deep. */
#define GL_JSON_MAX_DEPTH 64

/* Prepares state L for gl_load_json (a private lua-cjson instance). */
int gl_json_setup(lua_State *L);

/* govlua-report/1 JSON -> report.  Uses L's lua-cjson instance. */
int gl_load_json(lua_State *L, const char *data, size_t len, gl_report *r, char *err,
                 size_t errn);

#endif
