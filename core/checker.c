/* checker.c - rule loading and the rule runner (see checker.h). */
#include "checker.h"

#include <lauxlib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "view.h"

#define MAX_FINDINGS_PER_RULE 500
#define MAX_MESSAGE 4000

typedef struct {
  char *id, *file, *description, *basis;
  int severity, effective;
  int check_ref, ctx_ref;
  int chunk_ref;   /* the rule file's main function: holds the _ENV upvalue */
  int globals_ref; /* the globals the file defined when loaded (fresh envs inherit them) */
  int env_mt_ref;  /* the metatable of its fresh environments (see reset_env) */
  int env_ref;     /* the environment of its next check call */
  int dirty;       /* the last check call left globals behind */
} rule;

typedef struct {
  char *id;
  int severity;
} override;

struct gl_checker {
  gl_sandbox *sb;
  lua_State *L;
  rule *rules;
  int nrules, caprules;
  override *overrides; /* for ids that are not rules: "model", "import" */
  int noverrides;
  /* while a rule runs */
  gl_result *res;
  int current;
  int emitted;
};

gl_checker *gl_checker_new(gl_sandbox *sb) {
  gl_checker *c = calloc(1, sizeof *c);
  if (!c) return NULL;
  c->sb = sb;
  c->L = gl_sandbox_state(sb);
  c->current = -1;
  return c;
}

void gl_checker_free(gl_checker *c) {
  if (!c) return;
  for (int i = 0; i < c->nrules; i++) {
    rule *r = &c->rules[i];
    luaL_unref(c->L, LUA_REGISTRYINDEX, r->check_ref);
    luaL_unref(c->L, LUA_REGISTRYINDEX, r->ctx_ref);
    luaL_unref(c->L, LUA_REGISTRYINDEX, r->chunk_ref);
    luaL_unref(c->L, LUA_REGISTRYINDEX, r->globals_ref);
    luaL_unref(c->L, LUA_REGISTRYINDEX, r->env_mt_ref);
    luaL_unref(c->L, LUA_REGISTRYINDEX, r->env_ref);
    free(r->id);
    free(r->file);
    free(r->description);
    free(r->basis);
  }
  free(c->rules);
  for (int i = 0; i < c->noverrides; i++) free(c->overrides[i].id);
  free(c->overrides);
  free(c);
}

int gl_checker_nrules(const gl_checker *c) { return c->nrules; }
lua_State *gl_checker_state(gl_checker *c) { return c->L; }

gl_rule_info gl_checker_rule(const gl_checker *c, int i) {
  const rule *r = &c->rules[i];
  gl_rule_info info = {r->id, r->file, r->description, r->basis, r->severity, r->effective};
  return info;
}

int gl_checker_override(gl_checker *c, const char *id, int severity) {
  for (int i = 0; i < c->nrules; i++)
    if (strcmp(c->rules[i].id, id) == 0) {
      c->rules[i].effective = severity;
      return 1;
    }
  if (strcmp(id, "model") != 0 && strcmp(id, "import") != 0) return 0;
  override *o = realloc(c->overrides, (size_t)(c->noverrides + 1) * sizeof *o);
  if (!o) return 0;
  c->overrides = o;
  o[c->noverrides].id = gl_strdup(id);
  o[c->noverrides].severity = severity;
  c->noverrides++;
  return 1;
}

/* ---- ctx:report{...} --------------------------------------------------- */

static int line_of(const gl_report *r, const char *path) {
  if (!path) return 0;
  int slot = gl_schema_find_cell(path);
  if (slot >= 0) return r->cells[slot].line;
  int row = gl_schema_find_row(path);
  if (row >= 0)
    for (int c = 0; c < GL_ROW_STRIDE; c++)
      if (r->cells[row * GL_ROW_STRIDE + c].line) return r->cells[row * GL_ROW_STRIDE + c].line;
  if (strncmp(path, "sections.", 9) == 0)
    for (int i = 0; i < GL_NSECTIONS; i++)
      if (strcmp(path + 9, gl_section_keys[i]) == 0) return r->section_line[i];
  return 0;
}

static int env_newindex(lua_State *L);

static int ctx_report(lua_State *L) {
  gl_checker *c = lua_touserdata(L, lua_upvalueindex(1));
  int idx = (int)lua_tointeger(L, lua_upvalueindex(2));
  if (c->current != idx || !c->res)
    return luaL_error(L, "ctx:report called outside its rule's check");
  /* accept ctx:report{...} and ctx.report{...} */
  int t = lua_istable(L, 2) ? 2 : 1;
  luaL_checktype(L, t, LUA_TTABLE);
  rule *r = &c->rules[idx];
  lua_getfield(L, t, "message");
  size_t mlen;
  const char *msg = lua_tolstring(L, -1, &mlen);
  if (!msg || mlen == 0) return luaL_error(L, "ctx:report needs a message (a non-empty string)");
  lua_getfield(L, t, "path");
  const char *path = NULL;
  if (!lua_isnil(L, -1)) {
    if (lua_type(L, -1) != LUA_TSTRING) return luaL_error(L, "ctx:report: path must be a string");
    path = lua_tostring(L, -1);
    if (lua_rawlen(L, -1) > 200) return luaL_error(L, "ctx:report: path is too long (a model path)");
  }
  int sev = r->severity;
  lua_getfield(L, t, "severity");
  if (!lua_isnil(L, -1)) {
    const char *s = lua_tostring(L, -1);
    sev = s ? gl_severity_parse(s) : -1;
    if (sev < 0)
      return luaL_error(L, "ctx:report: severity must be \"error\", \"warning\" or \"info\"");
  }
  if (r->effective != r->severity) sev = r->effective; /* the user's override wins */
  int line = 0;
  lua_getfield(L, t, "line");
  if (lua_isinteger(L, -1)) line = (int)lua_tointeger(L, -1);
  if (line <= 0) line = line_of(&c->res->report, path);
  if (++c->emitted > MAX_FINDINGS_PER_RULE) return 0;
  char buf[MAX_MESSAGE + 64];
  if (mlen > MAX_MESSAGE) {
    snprintf(buf, sizeof buf, "%.*s…（消息过长，已截断）", MAX_MESSAGE, msg);
    msg = buf;
  }
  if (!gl_result_add(c->res, sev, r->id, msg, path, line)) return luaL_error(L, "out of memory");
  return 0;
}

/* ---- loading ----------------------------------------------------------- */

static int valid_id(const char *s) {
  size_t n = strlen(s);
  if (n == 0 || n > 64) return 0;
  for (size_t i = 0; i < n; i++) {
    char ch = s[i];
    int ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
             (i > 0 && (ch == '-' || ch == '_' || ch == '.'));
    if (!ok) return 0;
  }
  return strcmp(s, "model") != 0 && strcmp(s, "import") != 0;
}

static const char *field_string(lua_State *L, int t, const char *k) {
  lua_getfield(L, t, k);
  const char *s = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : NULL;
  lua_pop(L, 1); /* the string stays alive in t */
  return s;
}

int gl_checker_add_rule(gl_checker *c, const char *path, char *err, size_t errn) {
  lua_State *L = c->L;
  int top = lua_gettop(L);
  char lerr[1024];
  if (!gl_sandbox_loadfile(L, path, lerr, sizeof lerr)) {
    snprintf(err, errn, "%s", lerr);
    return 0;
  }
  lua_pushvalue(L, -1);
  int chunk = lua_gettop(L) - 1; /* stays below the call's results */
  gl_call call = gl_sandbox_pcall(L, 0, 1);
  if (call.status != LUA_OK) {
    const char *m = lua_tostring(L, -1);
    const char *nl = m ? strchr(m, '\n') : NULL;
    snprintf(err, errn, "%s: %.*s%s%s", path, nl ? (int)(nl - m) : (int)strlen(m ? m : ""),
             m ? m : "?", call.limit ? " — budget: " : "", call.limit ? call.limit : "");
    lua_settop(L, top);
    return 0;
  }
  int t = lua_gettop(L);
  if (!lua_istable(L, t)) {
    snprintf(err, errn, "%s: a rule file must return a table {id=, severity=, description=, "
             "check=function(report, ctx)}, not a %s", path, luaL_typename(L, t));
    lua_settop(L, top);
    return 0;
  }
  const char *id = field_string(L, t, "id");
  const char *sevs = field_string(L, t, "severity");
  const char *desc = field_string(L, t, "description");
  const char *basis = field_string(L, t, "basis");
  lua_getfield(L, t, "check");
  int has_check = lua_isfunction(L, -1);
  lua_pop(L, 1);
  const char *problem = NULL;
  if (!id || !valid_id(id))
    problem = "id must be a string of ASCII letters, digits, '-', '_' or '.' (not \"model\" "
              "or \"import\")";
  else if (!sevs || gl_severity_parse(sevs) < 0)
    problem = "severity must be \"error\", \"warning\" or \"info\"";
  else if (!desc || !*desc)
    problem = "description must be a non-empty string";
  else if (!has_check)
    problem = "check must be a function(report, ctx)";
  if (problem) {
    snprintf(err, errn, "%s: %s", path, problem);
    lua_settop(L, top);
    return 0;
  }
  for (int i = 0; i < c->nrules; i++)
    if (strcmp(c->rules[i].id, id) == 0) {
      snprintf(err, errn, "%s: rule id \"%s\" is already used by %s", path, id, c->rules[i].file);
      lua_settop(L, top);
      return 0;
    }
  /* warn about keys a rule does not have: probably a typo */
  lua_pushnil(L);
  while (lua_next(L, t)) {
    lua_pop(L, 1);
    static const char *const known[] = {"id", "severity", "description", "check", "basis",
                                        "tags", "url", NULL};
    int ok = 0;
    if (lua_type(L, -1) == LUA_TSTRING)
      for (int i = 0; known[i]; i++) ok |= strcmp(known[i], lua_tostring(L, -1)) == 0;
    if (!ok && lua_type(L, -1) == LUA_TSTRING)
      fprintf(stderr, "govlua: warning: %s: unknown rule key \"%s\" (ignored)\n", path,
              lua_tostring(L, -1));
  }
  if (c->nrules == c->caprules) {
    int cap = c->caprules ? c->caprules * 2 : 16;
    rule *p = realloc(c->rules, (size_t)cap * sizeof *p);
    if (!p) {
      snprintf(err, errn, "out of memory");
      lua_settop(L, top);
      return 0;
    }
    c->rules = p;
    c->caprules = cap;
  }
  rule *r = &c->rules[c->nrules];
  memset(r, 0, sizeof *r);
  r->id = gl_strdup(id);
  r->file = gl_strdup(path);
  r->description = gl_strdup(desc);
  r->basis = gl_strdup(basis);
  r->severity = r->effective = gl_severity_parse(sevs);
  /* the globals the file defined at load time: every fresh environment
   * (see reset_env) sees them, read through __index */
  r->chunk_ref = r->globals_ref = r->env_mt_ref = r->env_ref = LUA_NOREF;
  if (lua_getupvalue(L, chunk, 1)) {
    lua_newtable(L);
    int g = lua_gettop(L);
    lua_pushnil(L);
    while (lua_next(L, g - 1)) {
      if (lua_type(L, -2) == LUA_TSTRING && strcmp(lua_tostring(L, -2), "_G") == 0) {
        lua_pop(L, 1);
        continue;
      }
      lua_pushvalue(L, -2);
      lua_insert(L, -2);
      lua_rawset(L, g);
    }
    gl_sandbox_env(L); /* borrow the base lookup of a fresh environment */
    lua_getmetatable(L, -1);
    lua_setmetatable(L, g);
    lua_pop(L, 1);
    /* fresh environments read the file's globals and note a new global */
    lua_createtable(L, 0, 4);
    lua_pushvalue(L, g);
    lua_setfield(L, -2, "__index");
    lua_pushlightuserdata(L, c);
    lua_pushinteger(L, c->nrules);
    lua_pushcclosure(L, env_newindex, 2);
    lua_setfield(L, -2, "__newindex");
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable");
    lua_pushboolean(L, 1);
    lua_setfield(L, -2, "__govlua_env"); /* rawset goes through __newindex too */
    r->env_mt_ref = luaL_ref(L, LUA_REGISTRYINDEX);
    r->globals_ref = luaL_ref(L, LUA_REGISTRYINDEX);
    lua_pop(L, 1); /* the original environment */
    lua_pushvalue(L, chunk);
    r->chunk_ref = luaL_ref(L, LUA_REGISTRYINDEX);
    r->dirty = 1; /* the first check runs in a fresh environment too */
  }
  lua_getfield(L, t, "check");
  r->check_ref = luaL_ref(L, LUA_REGISTRYINDEX);
  /* the rule's ctx: { report = <closure>, rule = id } */
  lua_createtable(L, 0, 2);
  lua_pushlightuserdata(L, c);
  lua_pushinteger(L, c->nrules);
  lua_pushcclosure(L, ctx_report, 2);
  lua_setfield(L, -2, "report");
  lua_pushstring(L, id);
  lua_setfield(L, -2, "rule");
  r->ctx_ref = luaL_ref(L, LUA_REGISTRYINDEX);
  c->nrules++;
  lua_settop(L, top);
  return 1;
}

/* ---- running ----------------------------------------------------------- */

static int issue_severity(gl_checker *c, const gl_issue *is) {
  for (int i = 0; i < c->noverrides; i++)
    if (strcmp(c->overrides[i].id, is->rule) == 0) return c->overrides[i].severity;
  return is->severity;
}

/* Whether the rule's environment holds anything but _G (a global set by check). */
/* __newindex of a rule's environment (upvalues: checker, rule index): a
 * check call set a global, so the next call gets a fresh environment. */
static int env_newindex(lua_State *L) {
  gl_checker *c = lua_touserdata(L, lua_upvalueindex(1));
  c->rules[lua_tointeger(L, lua_upvalueindex(2))].dirty = 1;
  lua_settop(L, 3);
  lua_rawset(L, 1);
  return 0;
}

/* Whether the last check call left globals behind: it set a new one (see
 * env_newindex), or replaced _G, the one field a fresh environment has. */
static int env_dirty(lua_State *L, rule *r) {
  if (r->dirty || r->env_ref == LUA_NOREF) return r->dirty;
  lua_rawgeti(L, LUA_REGISTRYINDEX, r->env_ref);
  lua_pushliteral(L, "_G");
  lua_rawget(L, -2);
  int same = lua_rawequal(L, -1, -2);
  lua_pop(L, 2);
  return !same;
}

/* Gives the rule a fresh environment: globals a check call set are gone, so
 * nothing carries over to the next report.  The file's own load-time
 * globals stay visible (read through __index). */
static void reset_env(lua_State *L, rule *r) {
  lua_rawgeti(L, LUA_REGISTRYINDEX, r->chunk_ref);
  lua_createtable(L, 0, 1);
  lua_pushvalue(L, -1);
  lua_setfield(L, -2, "_G");
  lua_rawgeti(L, LUA_REGISTRYINDEX, r->env_mt_ref);
  lua_setmetatable(L, -2);
  lua_pushvalue(L, -1);
  luaL_unref(L, LUA_REGISTRYINDEX, r->env_ref);
  r->env_ref = luaL_ref(L, LUA_REGISTRYINDEX);
  if (!lua_setupvalue(L, -2, 1)) lua_pop(L, 1);
  lua_pop(L, 1);
}

static void rule_failed(gl_checker *c, rule *r, gl_call call) {
  lua_State *L = c->L;
  const char *m = lua_tostring(L, -1);
  if (!m) m = "(no message)";
  const char *nl = strchr(m, '\n');
  char *first = gl_strndup(m, nl ? (size_t)(nl - m) : strlen(m));
  char msg[1200];
  if (call.limit)
    snprintf(msg, sizeof msg, "%s budget exceeded (see --max-%s)",
             call.limit[0] == 'm' ? "memory" : "instruction",
             call.limit[0] == 'm' ? "memory" : "instructions");
  else
    snprintf(msg, sizeof msg, "%s", first ? first : m);
  /* the traceback, limited to a few lines */
  char tb[600] = "";
  if (nl) {
    const char *p = nl + 1;
    size_t used = 0;
    int lines = 0;
    while (*p && lines < 6 && used + 2 < sizeof tb) {
      const char *e = strchr(p, '\n');
      size_t n = e ? (size_t)(e - p) : strlen(p);
      if (n > sizeof tb - used - 2) n = sizeof tb - used - 2;
      memcpy(tb + used, p, n);
      used += n;
      tb[used++] = '\n';
      lines++;
      if (!e) break;
      p = e + 1;
    }
    if (used) tb[used - 1] = '\0';
  }
  gl_result_add_rule_error(c->res, r->id, r->file, msg, tb[0] ? tb : NULL, call.limit);
  free(first);
}

void gl_checker_run(gl_checker *c, gl_result *res) {
  lua_State *L = c->L;
  int top = lua_gettop(L);
  c->res = res;
  for (int i = 0; i < res->report.nissues; i++) {
    const gl_issue *is = &res->report.issues[i];
    int sev = issue_severity(c, is);
    if (sev != GL_SEV_OFF) gl_result_add(res, sev, is->rule, is->message, is->path, is->line);
  }
  gl_view_push(L, &res->report);
  int view = lua_gettop(L);
  for (int i = 0; i < c->nrules; i++) {
    rule *r = &c->rules[i];
    if (r->effective == GL_SEV_OFF) continue;
    if (r->dirty) {
      reset_env(L, r);
      r->dirty = 0;
    }
    lua_rawgeti(L, LUA_REGISTRYINDEX, r->check_ref);
    lua_pushvalue(L, view);
    lua_rawgeti(L, LUA_REGISTRYINDEX, r->ctx_ref);
    c->current = i;
    c->emitted = 0;
    int before = res->nfindings;
    gl_call call = gl_sandbox_pcall(L, 2, 0);
    c->current = -1;
    if (call.status != LUA_OK) {
      rule_failed(c, r, call);
      lua_pop(L, 1);
    } else if (call.limit) {
      /* the rule caught the budget error and returned: still a failure */
      lua_pushfstring(L, "govlua: %s budget exceeded", call.limit);
      rule_failed(c, r, call);
      lua_pop(L, 1);
    }
    if (call.limit) gl_result_truncate(res, before); /* findings of a cut-off call are not kept */
    r->dirty = env_dirty(L, r);
  }
  c->res = NULL;
  lua_settop(L, top);
  gl_result_sort(res);
}
