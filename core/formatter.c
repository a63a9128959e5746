/* formatter.c - output format scripts as coroutines (see formatter.h). */
#define _DEFAULT_SOURCE
#include "formatter.h"

#include <lauxlib.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "version.h"
#include "view.h"

struct gl_formatter {
  lua_State *L;
  lua_State *co;     /* the format's coroutine */
  int co_ref, run_ref;
  FILE *out;
  int flush_each;    /* the output is a pipe: pass each report on at once */
  int done;          /* the entry function has returned */
  int failed;
  int write_error;
  unsigned gen;      /* counts the reports passed to the format */
  gl_result *current;
  const void *current_table; /* the table the format got for `current` */
  int mt_ref;        /* the metatable of those tables (one for all) */
};

int gl_format_path(const char *datadir, const char *name, char *out, size_t n) {
  struct stat st;
  size_t len = strlen(name);
  if (strchr(name, '/') || (len > 4 && strcmp(name + len - 4, ".lua") == 0)) {
    snprintf(out, n, "%s", name);
    return stat(out, &st) == 0 && S_ISREG(st.st_mode);
  }
  for (const char *p = name; *p; p++)
    if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-' || *p == '_'))
      return 0;
  snprintf(out, n, "%s/lua/formats/%s.lua", datadir, name);
  return stat(out, &st) == 0 && S_ISREG(st.st_mode);
}

static gl_formatter *self(lua_State *L) {
  return lua_touserdata(L, lua_upvalueindex(1));
}

/* run:write(...) */
static int run_write(lua_State *L) {
  gl_formatter *f = self(L);
  int n = lua_gettop(L);
  for (int i = 2; i <= n; i++) {
    size_t len;
    int t = lua_type(L, i);
    if (t != LUA_TSTRING && t != LUA_TNUMBER)
      return luaL_error(L, "run:write: argument %d is a %s (strings and numbers only)", i - 1,
                        luaL_typename(L, i));
    const char *s = lua_tolstring(L, i, &len);
    if (fwrite(s, 1, len, f->out) != len) f->write_error = 1;
  }
  return 0;
}

/* the iterator of run:reports(): yields to the host for the next report */
static int reports_next(lua_State *L) { return lua_yield(L, 0); }

static int run_reports(lua_State *L) {
  lua_pushcfunction(L, reports_next);
  return 1;
}

/* __index of a report table: r.report is the model, while it is current
 * (the table being the current one: no other table has this metatable) */
static int result_index(lua_State *L) {
  gl_formatter *f = self(L);
  const char *k = lua_tostring(L, 2);
  if (!k || strcmp(k, "report") != 0) return 0;
  if (lua_topointer(L, 1) != f->current_table || !f->current || f->current->error)
    return luaL_error(L, "r.report is only available while that report is being formatted");
  gl_view_push(L, &f->current->report);
  return 1;
}

static void set_str(lua_State *L, const char *k, const char *v) {
  if (!v) return;
  lua_pushstring(L, v);
  lua_setfield(L, -2, k);
}

static void push_rules(lua_State *L, const gl_run_info *info) {
  int n = info->checker ? gl_checker_nrules(info->checker) : 0;
  lua_createtable(L, n, 0);
  for (int i = 0; i < n; i++) {
    gl_rule_info ri = gl_checker_rule(info->checker, i);
    lua_createtable(L, 0, 6);
    set_str(L, "id", ri.id);
    set_str(L, "file", ri.file);
    set_str(L, "description", ri.description);
    set_str(L, "basis", ri.basis);
    set_str(L, "severity", ri.effective == GL_SEV_OFF ? "off" : gl_severity_name(ri.effective));
    set_str(L, "default_severity", gl_severity_name(ri.severity));
    lua_rawseti(L, -2, i + 1);
  }
}

static int finish_call(gl_formatter *f, gl_call call, int nres, char *err, size_t errn) {
  if (call.status == LUA_YIELD) {
    lua_pop(f->co, nres);
    return 1;
  }
  if (call.status == LUA_OK) {
    f->done = 1;
    lua_pop(f->co, nres);
    return 1;
  }
  f->failed = 1;
  const char *m = lua_tostring(f->co, -1);
  snprintf(err, errn, "the output format failed: %s%s%s", m ? m : "?",
           call.limit ? " (budget: " : "", call.limit ? call.limit : "");
  if (call.limit) strncat(err, ")", errn - strlen(err) - 1);
  return 0;
}

gl_formatter *gl_formatter_new(gl_sandbox *sb, const char *datadir, const gl_run_info *info,
                               FILE *out, char *err, size_t errn) {
  char path[1024];
  if (!gl_format_path(datadir, info->format, path, sizeof path)) {
    snprintf(err, errn, "unknown output format \"%s\" (built-in: text, json, jsonl, csv, sarif, junit, "
             "markdown, html; or a path to a .lua file)", info->format);
    return NULL;
  }
  gl_formatter *f = calloc(1, sizeof *f);
  if (!f) {
    snprintf(err, errn, "out of memory");
    return NULL;
  }
  lua_State *L = f->L = gl_sandbox_state(sb);
  f->out = out;
  struct stat ost;
  f->flush_each = fstat(fileno(out), &ost) == 0 && (S_ISFIFO(ost.st_mode) || S_ISSOCK(ost.st_mode));
  int top = lua_gettop(L);
  char lerr[1024];
  if (!gl_sandbox_loadfile(L, path, lerr, sizeof lerr)) {
    snprintf(err, errn, "cannot load the output format: %s", lerr);
    free(f);
    return NULL;
  }
  gl_call call = gl_sandbox_pcall(L, 0, 1);
  if (call.status != LUA_OK || !lua_isfunction(L, -1)) {
    const char *m = call.status != LUA_OK ? lua_tostring(L, -1) : NULL;
    snprintf(err, errn, "%s: %s", path,
             m ? m : "a format file must return its entry function: return function(run) … end");
    lua_settop(L, top);
    free(f);
    return NULL;
  }
  int fn = lua_gettop(L);
  /* the run object */
  lua_createtable(L, 0, 10);
  lua_pushliteral(L, "govlua");
  lua_setfield(L, -2, "tool");
  lua_pushliteral(L, GOVLUA_VERSION);
  lua_setfield(L, -2, "version");
  set_str(L, "format", info->format);
  lua_pushboolean(L, info->color);
  lua_setfield(L, -2, "color");
  push_rules(L, info);
  lua_setfield(L, -2, "rules");
  lua_newtable(L);
  for (int i = 0; info->rule_load_errors && info->rule_load_errors[i]; i++) {
    lua_pushstring(L, info->rule_load_errors[i]);
    lua_rawseti(L, -2, i + 1);
  }
  lua_setfield(L, -2, "rule_load_errors");
  lua_pushlightuserdata(L, f);
  lua_pushcclosure(L, run_write, 1);
  lua_setfield(L, -2, "write");
  lua_pushcfunction(L, run_reports);
  lua_setfield(L, -2, "reports");
  lua_pushvalue(L, -1);
  f->run_ref = luaL_ref(L, LUA_REGISTRYINDEX);
  /* the metatable of the report tables */
  lua_createtable(L, 0, 1);
  lua_pushlightuserdata(L, f);
  lua_pushcclosure(L, result_index, 1);
  lua_setfield(L, -2, "__index");
  f->mt_ref = luaL_ref(L, LUA_REGISTRYINDEX);
  /* start the coroutine: it runs until it asks for the first report */
  f->co = lua_newthread(L);
  f->co_ref = luaL_ref(L, LUA_REGISTRYINDEX);
  lua_pushvalue(L, fn);
  lua_xmove(L, f->co, 1);
  lua_xmove(L, f->co, 1); /* the run object */
  lua_settop(L, top);
  int nres = 0;
  call = gl_sandbox_resume(L, f->co, 1, &nres);
  if (!finish_call(f, call, nres, err, errn)) {
    gl_formatter_free(f);
    return NULL;
  }
  return f;
}

static void push_result(gl_formatter *f, gl_result *res) {
  lua_State *L = f->co;
  luaL_checkstack(L, 10, "format");
  lua_createtable(L, 0, 12);
  set_str(L, "file", res->file);
  set_str(L, "error", res->error);
  if (!res->error) {
    const gl_report *r = &res->report;
    set_str(L, "agency", r->agency);
    if (r->has_year) {
      lua_pushinteger(L, (lua_Integer)r->year);
      lua_setfield(L, -2, "year");
    }
    set_str(L, "edition", gl_edition_name(r->edition));
    set_str(L, "title", r->title);
  }
  lua_createtable(L, res->nfindings, 0);
  for (int i = 0; i < res->nfindings; i++) {
    const gl_finding *fd = &res->findings[i];
    lua_createtable(L, 0, 6);
    set_str(L, "rule", fd->rule);
    set_str(L, "severity", gl_severity_name(fd->severity));
    set_str(L, "message", fd->message);
    set_str(L, "path", fd->path);
    if (fd->line > 0) {
      lua_pushinteger(L, fd->line);
      lua_setfield(L, -2, "line");
    }
    char loc[512];
    if (fd->path && gl_schema_describe(fd->path, res->report.edition, loc, sizeof loc))
      set_str(L, "location", loc);
    lua_rawseti(L, -2, i + 1);
  }
  lua_setfield(L, -2, "findings");
  lua_createtable(L, res->nrule_errors, 0);
  for (int i = 0; i < res->nrule_errors; i++) {
    const gl_rule_error *e = &res->rule_errors[i];
    lua_createtable(L, 0, 5);
    set_str(L, "rule", e->rule);
    set_str(L, "file", e->file);
    set_str(L, "message", e->message);
    set_str(L, "traceback", e->traceback);
    set_str(L, "limit", e->limit);
    lua_rawseti(L, -2, i + 1);
  }
  lua_setfield(L, -2, "rule_errors");
  static const char *const names[3] = {"errors", "warnings", "infos"};
  for (int s = 0; s < 3; s++) {
    lua_pushinteger(L, res->counts[s]);
    lua_setfield(L, -2, names[s]);
  }
  lua_rawgeti(L, LUA_REGISTRYINDEX, f->mt_ref);
  lua_setmetatable(L, -2);
  f->current_table = lua_topointer(L, -1);
}

int gl_formatter_report(gl_formatter *f, gl_result *res, char *err, size_t errn) {
  if (f->failed) {
    snprintf(err, errn, "the output format failed earlier");
    return 0;
  }
  if (f->done) return 1; /* the format stopped taking reports */
  f->gen++;
  f->current = res;
  push_result(f, res);
  int nres = 0;
  gl_call call = gl_sandbox_resume(f->L, f->co, 1, &nres);
  f->current = NULL;
  f->current_table = NULL;
  if (f->flush_each && fflush(f->out) != 0) f->write_error = 1;
  return finish_call(f, call, nres, err, errn);
}

int gl_formatter_finish(gl_formatter *f, const gl_summary *s, char *err, size_t errn) {
  if (f->failed) {
    snprintf(err, errn, "the output format failed earlier");
    return 0;
  }
  lua_State *L = f->L;
  lua_rawgeti(L, LUA_REGISTRYINDEX, f->run_ref);
  lua_createtable(L, 0, 6);
  lua_pushinteger(L, s->reports);
  lua_setfield(L, -2, "reports");
  lua_pushinteger(L, s->errors);
  lua_setfield(L, -2, "errors");
  lua_pushinteger(L, s->warnings);
  lua_setfield(L, -2, "warnings");
  lua_pushinteger(L, s->infos);
  lua_setfield(L, -2, "infos");
  lua_pushinteger(L, s->unreadable);
  lua_setfield(L, -2, "unreadable");
  lua_pushinteger(L, s->rule_errors);
  lua_setfield(L, -2, "rule_errors");
  lua_setfield(L, -2, "summary");
  lua_pop(L, 1);
  /* end of reports: the iterator returns nil until the function returns */
  for (int i = 0; i < 8 && !f->done; i++) {
    int nres = 0;
    lua_pushnil(f->co);
    gl_call call = gl_sandbox_resume(L, f->co, 1, &nres);
    if (!finish_call(f, call, nres, err, errn)) return 0;
  }
  if (!f->done) {
    snprintf(err, errn, "the output format did not finish after its last report");
    return 0;
  }
  if (f->write_error) {
    snprintf(err, errn, "error writing the output");
    return 0;
  }
  return 1;
}

void gl_formatter_free(gl_formatter *f) {
  if (!f) return;
  luaL_unref(f->L, LUA_REGISTRYINDEX, f->co_ref);
  luaL_unref(f->L, LUA_REGISTRYINDEX, f->run_ref);
  luaL_unref(f->L, LUA_REGISTRYINDEX, f->mt_ref);
  free(f);
}
