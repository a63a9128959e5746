#define _DEFAULT_SOURCE
/* sandbox.c - allowlisted environments, budgets and `require` for rules
 * and formats (see sandbox.h).  Modelled on Redis and Suricata: the
 * environment is built from nothing, chunks load in text mode only, and a
 * tripped budget is sticky so that a pcall inside the rule cannot swallow
 * it. */
#include "sandbox.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <lauxlib.h>
#include <lualib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "luamods.h"
#include "model.h"
#include "view.h"
#include "watchdog.h"

#define HOOK_STEP 10000

/* Small blocks of a Lua state (most of its objects: strings, tables, closures
 * of up to POOL_MAX bytes) come from slabs of its own, in size classes of 16
 * bytes, and go back to a free list of their class: no trip through malloc's
 * locks and arenas for each, and a worker's objects stay together.  Slabs
 * are freed with the state.  (Not under AddressSanitizer, which should see
 * every block.) */
#define POOL_MAX 512
#define POOL_CLASSES (POOL_MAX / 16)
#define SLAB_SIZE (64 * 1024)
#if defined(__SANITIZE_ADDRESS__)
#define USE_POOL 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define USE_POOL 0
#endif
#endif
#ifndef USE_POOL
#define USE_POOL 1
#endif

struct gl_sandbox {
  lua_State *L;
  char *datadir;
  char **libdirs;
  gl_limits lim;
  size_t used;        /* bytes allocated by the state */
  size_t limit_now;   /* allocation ceiling during a call, 0 = none */
  int in_call;
  long long left;     /* instructions left in this call */
  int mem_tripped;
  const char *trip;   /* the budget that tripped, NULL if none */
  size_t baseline;    /* memory in use once rules/formats were loaded (0 = not set) */
  lua_State *base;    /* the state the current call runs on */
  void *free_small[POOL_CLASSES]; /* freed small blocks, by size class */
  char *slab_at, *slab_end;        /* the rest of the newest slab */
  void *slabs;                     /* all slabs (each starts with a link) */
  volatile int armed; /* the count hook is set on base */
  int watching;       /* the watchdog looks after the current call */
  gl_watch_saved watch;
};

static const char BASE_KEY[] = "govlua.base";
static const char MODULES_KEY[] = "govlua.modules";

/* ---- allocator and hook ------------------------------------------------ */

static void stick(gl_sandbox *sb, lua_State *L);

static inline int small(size_t n) { return USE_POOL && n <= POOL_MAX; }
static inline int class_of(size_t n) { return (int)((n + 15) / 16) - 1; }

static void *pool_get(gl_sandbox *sb, size_t n) {
  int c = class_of(n);
  void *p = sb->free_small[c];
  if (p) {
    sb->free_small[c] = *(void **)p;
    return p;
  }
  size_t sz = (size_t)(c + 1) * 16;
  if ((size_t)(sb->slab_end - sb->slab_at) < sz) {
    char *slab = malloc(SLAB_SIZE);
    if (!slab) return NULL;
    *(void **)slab = sb->slabs;
    sb->slabs = slab;
    sb->slab_at = slab + 16; /* (the link, and 16-byte alignment) */
    sb->slab_end = slab + SLAB_SIZE;
  }
  p = sb->slab_at;
  sb->slab_at += sz;
  return p;
}

static inline void pool_put(gl_sandbox *sb, void *p, size_t n) {
  int c = class_of(n);
  *(void **)p = sb->free_small[c];
  sb->free_small[c] = p;
}

static void pool_free_all(gl_sandbox *sb) {
  while (sb->slabs) {
    void *next = *(void **)sb->slabs;
    free(sb->slabs);
    sb->slabs = next;
  }
}

/* Lua's allocator: realloc semantics on small (pool) and large (malloc)
 * blocks; Lua always gives the block's size as osize when ptr is set. */
static void *block_realloc(gl_sandbox *sb, void *ptr, size_t old, size_t nsize) {
  if (!ptr) return small(nsize) ? pool_get(sb, nsize) : malloc(nsize);
  if (!small(old) && !small(nsize)) return realloc(ptr, nsize);
  if (small(old) && small(nsize) && class_of(old) == class_of(nsize)) return ptr;
  void *p = small(nsize) ? pool_get(sb, nsize) : malloc(nsize);
  if (!p) return NULL;
  memcpy(p, ptr, old < nsize ? old : nsize);
  if (small(old))
    pool_put(sb, ptr, old);
  else
    free(ptr);
  return p;
}

static void *sb_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
  gl_sandbox *sb = ud;
  size_t old = ptr ? osize : 0;
  if (nsize == 0) {
    if (ptr) {
      if (small(osize))
        pool_put(sb, ptr, osize);
      else
        free(ptr);
    }
    sb->used -= old;
    return NULL;
  }
  if (nsize > old && sb->limit_now && sb->used + (nsize - old) > sb->limit_now) {
    sb->mem_tripped = 1;
    stick(sb, NULL);
    return NULL;
  }
  /* copying bytes is work too: charge it to the instruction budget, so that
   * quadratic string building cannot run for hours on few instructions */
  if (nsize > old && sb->in_call && sb->lim.max_instructions) {
    sb->left -= (long long)((nsize - old) >> 3);
    if (sb->left <= 0 && !sb->trip) {
      sb->trip = "instructions";
      stick(sb, NULL);
      return NULL;
    }
  }
  void *p = block_realloc(sb, ptr, old, nsize);
  if (!p) return NULL;
  sb->used = sb->used - old + nsize;
  return p;
}

gl_sandbox *gl_sandbox_of(lua_State *L) { return *(gl_sandbox **)lua_getextraspace(L); }

static void sb_hook(lua_State *L, lua_Debug *ar) {
  (void)ar;
  gl_sandbox *sb = gl_sandbox_of(L);
  if (!sb->in_call) return;
  if (!sb->trip) {
    if (sb->mem_tripped) sb->trip = "memory";
    if (sb->lim.max_instructions && (sb->left -= lua_gethookcount(L)) <= 0) sb->trip = "instructions";
  }
  if (sb->trip) {
    stick(sb, L);
    sb->limit_now = 0; /* let the error message be allocated */
    luaL_error(L, "govlua: %s budget exceeded",
               sb->trip[0] == 'm' ? "memory" : "instruction");
  }
}

/* A tripped budget is sticky: the hook fires on every instruction of the
 * call's state (and of L, a coroutine, when given) until the call returns;
 * other coroutines are hooked from their creation and stop at their next
 * count.  Called only on the thread running the call. */
static void stick(gl_sandbox *sb, lua_State *L) {
  if (!sb->in_call) return;
  if (L) lua_sethook(L, sb_hook, LUA_MASKCOUNT, 1);
  if (sb->base && sb->base != L) lua_sethook(sb->base, sb_hook, LUA_MASKCOUNT, 1);
  sb->armed = 1;
}

/* The watchdog saw this call run for a tick: count its instructions from
 * now on (in a signal handler: only lua_sethook). */
static void arm(void *ud) {
  gl_sandbox *sb = ud;
  if (sb->armed || !sb->base) return;
  sb->armed = 1;
  lua_sethook(sb->base, sb_hook, LUA_MASKCOUNT, HOOK_STEP);
}

/* Hooks a coroutine the called code creates: its runaway may outlive the
 * call's state being armed, so it is counted from its first instruction. */
static void hook_thread(lua_State *co) {
  gl_sandbox *sb = gl_sandbox_of(co);
  lua_sethook(co, sb_hook, LUA_MASKCOUNT, sb->in_call && sb->trip ? 1 : HOOK_STEP);
}

/* ---- message handler --------------------------------------------------- */

static int safe_tostring(lua_State *L) {
  luaL_tolstring(L, 1, NULL);
  return 1;
}

static int msgh(lua_State *L) {
  const char *msg = lua_tostring(L, 1);
  if (!msg) {
    int ok = 0;
    if (luaL_getmetafield(L, 1, "__tostring") != LUA_TNIL) {
      lua_pop(L, 1);
      lua_pushcfunction(L, safe_tostring);
      lua_pushvalue(L, 1);
      ok = lua_pcall(L, 1, 1, 0) == LUA_OK && lua_type(L, -1) == LUA_TSTRING;
      if (ok) msg = lua_tostring(L, -1);
    }
    if (!ok) msg = lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, 1));
  }
  luaL_traceback(L, L, msg, 1);
  return 1;
}

static void begin_call(gl_sandbox *sb, lua_State *base) {
  sb->base = base;
  sb->armed = 0;
  /* without the watchdog every call is counted from its start */
  sb->watching = sb->lim.max_instructions && gl_watch_begin(arm, sb, &sb->watch);
  if (sb->lim.max_instructions && !sb->watching) arm(sb);
  sb->in_call = 1;
  sb->left = sb->lim.max_instructions;
  sb->trip = NULL;
  sb->mem_tripped = 0;
  sb->limit_now = sb->lim.max_memory ? sb->used + sb->lim.max_memory : 0;
  /* what calls keep between them (in upvalues, say) may not grow without
   * bound either: at most twice the budget above the loaded state */
  if (sb->limit_now && sb->baseline && sb->limit_now > sb->baseline + 2 * sb->lim.max_memory)
    sb->limit_now = sb->baseline + 2 * sb->lim.max_memory > sb->used
                        ? sb->baseline + 2 * sb->lim.max_memory
                        : sb->used + 1;
}

void gl_sandbox_set_baseline(gl_sandbox *sb) { sb->baseline = sb->used; }

/* Charges work done inside a C function (bytes scanned) to the budget. */
static void charge(lua_State *L, size_t bytes) {
  gl_sandbox *sb = gl_sandbox_of(L);
  if (!sb->in_call || !sb->lim.max_instructions) return;
  sb->left -= (long long)(bytes >> 3);
  if (sb->left <= 0) {
    sb->trip = "instructions";
    stick(sb, L);
    luaL_error(L, "govlua: instruction budget exceeded");
  }
}

static const char *end_call(gl_sandbox *sb) {
  const char *trip = sb->trip ? sb->trip : (sb->mem_tripped ? "memory" : NULL);
  if (sb->watching) gl_watch_end(&sb->watch);
  sb->watching = 0;
  sb->in_call = 0;
  sb->limit_now = 0;
  sb->trip = NULL;
  sb->mem_tripped = 0;
  if (sb->armed) lua_sethook(sb->base, NULL, 0, 0);
  sb->armed = 0;
  sb->base = NULL;
  return trip;
}

gl_call gl_sandbox_pcall(lua_State *L, int nargs, int nresults) {
  gl_sandbox *sb = gl_sandbox_of(L);
  gl_call r;
  int base = lua_gettop(L) - nargs;
  lua_pushcfunction(L, msgh);
  lua_insert(L, base);
  begin_call(sb, L);
  r.status = lua_pcall(L, nargs, nresults, base);
  r.limit = end_call(sb);
  lua_remove(L, base);
  if (r.status != LUA_OK && r.status != LUA_ERRRUN && r.status != LUA_ERRMEM && r.status != LUA_ERRERR)
    r.status = LUA_ERRRUN;
  if (r.status == LUA_ERRMEM && lua_type(L, -1) != LUA_TSTRING) {
    lua_pop(L, 1);
    lua_pushliteral(L, "not enough memory");
  }
  if (r.status == LUA_ERRERR) {
    lua_pop(L, 1);
    lua_pushliteral(L, "error while handling an error (the error object could not be shown)");
  }
  return r;
}

gl_call gl_sandbox_resume(lua_State *L, lua_State *co, int nargs, int *nres) {
  gl_sandbox *sb = gl_sandbox_of(L);
  gl_call r;
  begin_call(sb, co);
  r.status = lua_resume(co, L, nargs, nres);
  r.limit = end_call(sb);
  if (r.status != LUA_OK && r.status != LUA_YIELD) {
    /* add a traceback of the dead coroutine */
    const char *msg = lua_tostring(co, -1);
    if (!msg) msg = "(error object is not a string)";
    luaL_traceback(co, co, msg, 0);
    lua_remove(co, -2);
  }
  return r;
}

/* ---- environment ------------------------------------------------------- */

static int denied(lua_State *L) {
  /* __index of the base table and the library tables: names we removed */
  static const char *const names[] = {
    "load", "loadfile", "dofile", "loadstring", "collectgarbage", "io", "debug", "package",
    "module", "setfenv", "getfenv", "newproxy", "dump", "execute", "remove", "rename",
    "exit", "getenv", "tmpname", "setlocale", NULL};
  if (lua_type(L, 2) != LUA_TSTRING) return 0;
  const char *k = lua_tostring(L, 2);
  for (int i = 0; names[i]; i++)
    if (strcmp(names[i], k) == 0)
      return luaL_error(L, "not available in govlua rules: %s%s", lua_tostring(L, lua_upvalueindex(1)), k);
  return 0;
}

static void set_denied_meta(lua_State *L, int idx, const char *prefix) {
  idx = lua_absindex(L, idx);
  lua_createtable(L, 0, 2);
  lua_pushstring(L, prefix);
  lua_pushcclosure(L, denied, 1);
  lua_setfield(L, -2, "__index");
  lua_pushboolean(L, 0);
  lua_setfield(L, -2, "__metatable");
  lua_setmetatable(L, idx);
}

/* rawset that refuses govlua's read-only proxies */
static int sb_rawset(lua_State *L) {
  luaL_checktype(L, 1, LUA_TTABLE);
  luaL_checkany(L, 2);
  luaL_checkany(L, 3);
  int env = 0;
  if (lua_getmetatable(L, 1)) {
    int ro = lua_getfield(L, -1, "__govlua_ro") != LUA_TNIL;
    env = lua_getfield(L, -2, "__govlua_env") != LUA_TNIL;
    lua_pop(L, 3);
    if (ro) return luaL_error(L, "rawset: this table is read-only");
  }
  lua_settop(L, 3);
  /* a rule's environment notes new globals in its __newindex (checker.c) */
  if (env)
    lua_settable(L, 1);
  else
    lua_rawset(L, 1);
  lua_settop(L, 1);
  return 1;
}

/* xpcall(f, handler, ...): the handler runs after f has failed, as a plain
 * protected call -- never as Lua's message handler, where a looping handler
 * would run with hooks off and could not be stopped. */
static int sb_xpcall(lua_State *L) {
  int n = lua_gettop(L);
  luaL_checktype(L, 2, LUA_TFUNCTION);
  lua_pushvalue(L, 1);
  for (int i = 3; i <= n; i++) lua_pushvalue(L, i);
  if (lua_pcall(L, n < 2 ? 0 : n - 2, LUA_MULTRET, 0) == LUA_OK) {
    lua_pushboolean(L, 1);
    lua_insert(L, n + 1);
    return lua_gettop(L) - n;
  }
  lua_pushvalue(L, 2);
  lua_insert(L, -2);
  lua_pcall(L, 1, 1, 0); /* the handler's result, or its own error */
  lua_pushboolean(L, 0);
  lua_insert(L, -2);
  return 2;
}

/* setmetatable that refuses __gc: finalizers run outside every budget. */
static int sb_setmetatable(lua_State *L) {
  luaL_checktype(L, 1, LUA_TTABLE);
  if (lua_istable(L, 2)) {
    lua_getfield(L, 2, "__gc");
    int gc = !lua_isnil(L, -1);
    lua_pop(L, 1);
    if (gc) return luaL_error(L, "not available in govlua rules: __gc (finalizers)");
  } else if (!lua_isnil(L, 2)) {
    return luaL_typeerror(L, 2, "nil or table");
  }
  if (luaL_getmetafield(L, 1, "__metatable") != LUA_TNIL)
    return luaL_error(L, "cannot change a protected metatable");
  lua_settop(L, 2);
  lua_setmetatable(L, 1);
  return 1;
}

/* Counts the open-ended repetitions of "any character" (.* .- .+) in a
 * pattern: each can make the matcher backtrack over the whole subject. */
static int pattern_repeats(const char *p, size_t n) {
  int k = 0;
  for (size_t i = 0; i + 1 < n; i++) {
    if (p[i] == '%') {
      i++;
      continue;
    }
    if (p[i] == '.' && (p[i + 1] == '*' || p[i + 1] == '-' || p[i + 1] == '+')) k++;
  }
  return k;
}

/* string.find/match/gmatch/gsub: charge the subject's length, and refuse a
 * pattern whose backtracking could take hours on a subject this long
 * (upvalue 1: the original function). */
static int sb_string_search(lua_State *L) {
  size_t n = 0, pn = 0;
  lua_tolstring(L, 1, &n);
  const char *p = lua_tolstring(L, 2, &pn);
  charge(L, n);
  if (p && n > 64) {
    int k = pattern_repeats(p, pn);
    double cost = 1;
    for (int i = 0; i < k; i++) cost *= (double)n;
    if (k >= 3 && cost > 1e8)
      return luaL_error(L, "pattern with %d open-ended repetitions is too costly on a %d-byte "
                        "string (govlua limit): split the text first", k, (int)n);
  }
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_insert(L, 1);
  lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
  return lua_gettop(L);
}

static int sb_print(lua_State *L) {
  int n = lua_gettop(L);
  for (int i = 1; i <= n; i++) {
    size_t len;
    const char *s = luaL_tolstring(L, i, &len);
    if (i > 1) fputc('\t', stderr);
    fwrite(s, 1, len, stderr);
    lua_pop(L, 1);
  }
  fputc('\n', stderr);
  return 0;
}

static int sb_require(lua_State *L);

/* Copies the fields `names` of the global table `lib` into a new table. */
static void copy_lib(lua_State *L, const char *lib, const char *const *names) {
  lua_getglobal(L, lib);
  lua_newtable(L);
  for (int i = 0; names[i]; i++) {
    lua_getfield(L, -2, names[i]);
    lua_setfield(L, -2, names[i]);
  }
  lua_remove(L, -2);
}

static void copy_all(lua_State *L, const char *lib) {
  lua_getglobal(L, lib);
  lua_newtable(L);
  lua_pushnil(L);
  while (lua_next(L, -3)) {
    lua_pushvalue(L, -2);
    lua_insert(L, -2);
    lua_settable(L, -4);
  }
  lua_remove(L, -2);
}

/* coroutine.create and coroutine.wrap (upvalue 1: the original): the new
 * coroutine is hooked (see hook_thread). */
static int sb_co_create(lua_State *L) {
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_insert(L, 1);
  lua_call(L, lua_gettop(L) - 1, 1);
  lua_State *co = lua_tothread(L, -1);
  if (co) hook_thread(co);
  return 1;
}

/* Switching coroutines is work the count hook does not see: each resume is
 * charged as RESUME_COST instructions (upvalue 1: the function resuming). */
enum { RESUME_COST = 64 };

static int sb_co_resume(lua_State *L) {
  charge(L, (size_t)RESUME_COST << 3);
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_insert(L, 1);
  lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
  return lua_gettop(L);
}

static int sb_co_wrap(lua_State *L) {
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_insert(L, 1);
  lua_call(L, lua_gettop(L) - 1, 1);
  /* the wrapping function keeps its coroutine as its one upvalue */
  lua_State *co = lua_getupvalue(L, -1, 1) ? lua_tothread(L, -1) : NULL;
  if (!co) return luaL_error(L, "govlua: coroutine.wrap gave no coroutine");
  lua_pop(L, 1);
  hook_thread(co);
  lua_pushcclosure(L, sb_co_resume, 1);
  return 1;
}

static void wrap_coroutine_lib(lua_State *L, int lib) {
  static const struct { const char *name; lua_CFunction f; } fs[] = {
    {"create", sb_co_create}, {"wrap", sb_co_wrap}, {"resume", sb_co_resume}};
  for (size_t i = 0; i < sizeof fs / sizeof fs[0]; i++) {
    lua_getfield(L, lib, fs[i].name);
    lua_pushcclosure(L, fs[i].f, 1);
    lua_setfield(L, lib, fs[i].name);
  }
}

static void build_base(lua_State *L) {
  static const char *const base_names[] = {
    "assert", "error", "ipairs", "next", "pairs", "pcall", "select", "tonumber",
    "tostring", "type", "rawequal", "rawlen", "rawget", "getmetatable", "_VERSION", NULL};
  static const char *const os_names[] = {"time", "clock", "date", "difftime", NULL};
  copy_lib(L, "_G", base_names);
  int B = lua_gettop(L);
  lua_pushcfunction(L, sb_rawset);
  lua_setfield(L, B, "rawset");
  lua_pushcfunction(L, sb_xpcall);
  lua_setfield(L, B, "xpcall");
  lua_pushcfunction(L, sb_setmetatable);
  lua_setfield(L, B, "setmetatable");
  lua_pushcfunction(L, sb_print);
  lua_setfield(L, B, "print");
  static const char *const libs[] = {"string", "table", "math", "utf8", "coroutine", NULL};
  for (int i = 0; libs[i]; i++) {
    copy_all(L, libs[i]);
    if (strcmp(libs[i], "string") == 0) {
      lua_pushnil(L);
      lua_setfield(L, -2, "dump");
    }
    if (strcmp(libs[i], "coroutine") == 0) wrap_coroutine_lib(L, lua_gettop(L));
    char prefix[16];
    snprintf(prefix, sizeof prefix, "%s.", libs[i]);
    set_denied_meta(L, -1, prefix);
    gl_view_readonly(L, -1, libs[i]);
    lua_setfield(L, B, libs[i]);
    lua_pop(L, 1);
  }
  copy_lib(L, "os", os_names);
  set_denied_meta(L, -1, "os.");
  gl_view_readonly(L, -1, "os");
  lua_setfield(L, B, "os");
  lua_pop(L, 1);
  set_denied_meta(L, B, "");
  lua_setfield(L, LUA_REGISTRYINDEX, BASE_KEY);
}

void gl_sandbox_env(lua_State *L) {
  lua_createtable(L, 0, 32);
  /* the allowlisted globals are copied in, not only reached through
   * __index: a global read is then one table lookup, not a miss and a
   * metamethod hop for every `type`, `string` or `math` a rule uses.
   * (Names that are not there still reach BASE's __index, which says
   * that they are not available.) */
  lua_getfield(L, LUA_REGISTRYINDEX, BASE_KEY);
  lua_pushnil(L);
  while (lua_next(L, -2)) {
    lua_pushvalue(L, -2);
    lua_insert(L, -2);
    lua_rawset(L, -5);
  }
  lua_pop(L, 1);
  lua_pushvalue(L, -1);
  lua_setfield(L, -2, "_G");
  lua_newtable(L); /* this environment's module cache */
  lua_pushcclosure(L, sb_require, 1);
  lua_setfield(L, -2, "require");
  lua_createtable(L, 0, 2);
  lua_getfield(L, LUA_REGISTRYINDEX, BASE_KEY);
  lua_setfield(L, -2, "__index");
  lua_pushboolean(L, 0);
  lua_setfield(L, -2, "__metatable");
  lua_setmetatable(L, -2);
}

int gl_sandbox_load(lua_State *L, const char *buf, size_t len, const char *chunkname, char *err,
                    size_t errn) {
  if (luaL_loadbufferx(L, buf, len, chunkname, "t") != LUA_OK) {
    snprintf(err, errn, "%s", lua_tostring(L, -1));
    lua_pop(L, 1);
    return 0;
  }
  gl_sandbox_env(L);
  if (!lua_setupvalue(L, -2, 1)) lua_pop(L, 1); /* a chunk with no _ENV use */
  return 1;
}

char *gl_read_file(const char *path, size_t max, size_t *len, char *err, size_t errn) {
  /* O_NONBLOCK: opening a FIFO must not wait for a writer (it is refused
   * below; reads of a regular file ignore the flag) */
  int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) {
    snprintf(err, errn, "cannot open: %s", strerror(errno));
    return NULL;
  }
  struct stat st;
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    snprintf(err, errn, "not a regular file");
    close(fd);
    return NULL;
  }
  if (max && (size_t)st.st_size > max) {
    snprintf(err, errn, "file too large (%lld bytes; the limit is %zu, see --max-size)",
             (long long)st.st_size, max);
    close(fd);
    return NULL;
  }
  /* one read of the size fstat gave, and one more to see the end (the
   * file may have grown: then read on, up to max) */
  size_t cap = (size_t)st.st_size + 2, n = 0;
  char *buf = malloc(cap);
  if (!buf) {
    snprintf(err, errn, "out of memory reading the file");
    close(fd);
    return NULL;
  }
  for (;;) {
    ssize_t got = read(fd, buf + n, cap - 1 - n);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) {
      snprintf(err, errn, "read error: %s", strerror(errno));
      free(buf);
      close(fd);
      return NULL;
    }
    if (got == 0) break;
    n += (size_t)got;
    if (n < cap - 1) continue;
    if (max && n >= max) break;
    char *nb = realloc(buf, cap * 2);
    if (!nb) break;
    buf = nb;
    cap *= 2;
  }
  close(fd);
  buf[n] = '\0';
  *len = n;
  return buf;
}

int gl_sandbox_loadfile(lua_State *L, const char *path, char *err, size_t errn) {
  size_t len;
  char rerr[256];
  char *buf = gl_read_file(path, (size_t)16 << 20, &len, rerr, sizeof rerr);
  if (!buf) {
    snprintf(err, errn, "%s: %s", path, rerr);
    return 0;
  }
  char chunk[1024];
  snprintf(chunk, sizeof chunk, "@%s", path);
  int ok = gl_sandbox_load(L, buf, len, chunk, err, errn);
  free(buf);
  return ok;
}

/* ---- require ----------------------------------------------------------- */

/* Makes the table at idx, and every table reachable from it, read-only:
 * nested tables are replaced by proxies.  Pushes the proxy. */
static void deep_readonly(lua_State *L, int idx, int seen, const char *what) {
  idx = lua_absindex(L, idx);
  lua_pushvalue(L, idx);
  if (lua_rawget(L, seen) != LUA_TNIL) return; /* already wrapped */
  lua_pop(L, 1);
  lua_pushnil(L);
  while (lua_next(L, idx)) {
    if (lua_istable(L, -1) && !lua_getmetatable(L, -1)) {
      deep_readonly(L, -1, seen, what);
      lua_pushvalue(L, -3);
      lua_insert(L, -2);
      lua_rawset(L, idx); /* replacing an existing key's value is allowed */
    } else if (lua_istable(L, -1)) {
      lua_pop(L, 1); /* has a metatable: leave it as it is */
    }
    lua_pop(L, 1);
  }
  gl_view_readonly(L, idx, what);
  lua_pushvalue(L, idx);
  lua_pushvalue(L, -2);
  lua_rawset(L, seen);
}

void gl_sandbox_freeze(lua_State *L, int idx) {
  idx = lua_absindex(L, idx);
  lua_newtable(L);
  deep_readonly(L, idx, lua_gettop(L), "a govlua library table");
  lua_remove(L, -2);
}

static int valid_module_name(const char *n) {
  if (!*n || strlen(n) > 128 || n[0] == '.') return 0;
  for (const char *p = n; *p; p++)
    if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
          *p == '_' || *p == '-' || (*p == '.' && p[1] != '.' && p[1])))
      return 0;
  return 1;
}

static int file_exists(const char *p) {
  struct stat st;
  return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

static int find_module(gl_sandbox *sb, const char *name, char *out, size_t n) {
  char rel[160];
  snprintf(rel, sizeof rel, "%s", name);
  for (char *p = rel; *p; p++)
    if (*p == '.') *p = '/';
  if (strncmp(name, "govlua", 6) == 0 && (name[6] == '\0' || name[6] == '.')) {
    snprintf(out, n, "%s/lua/%s.lua", sb->datadir, rel);
    if (file_exists(out)) return 1;
    snprintf(out, n, "%s/lua/%s/init.lua", sb->datadir, rel);
    return file_exists(out);
  }
  for (int i = 0; sb->libdirs && sb->libdirs[i]; i++) {
    snprintf(out, n, "%s/%s.lua", sb->libdirs[i], rel);
    if (file_exists(out)) return 1;
    snprintf(out, n, "%s/%s/init.lua", sb->libdirs[i], rel);
    if (file_exists(out)) return 1;
  }
  return 0;
}

/* require(name): upvalue 1 is the cache of the environment it belongs to.
 * Every rule (and format) gets its own copy of govlua's Lua library, so a
 * rule that changes a library table changes only its own copy; the C
 * modules (govlua.core, govlua.json) are shared and read-only. */
static int sb_require(lua_State *L) {
  gl_sandbox *sb = gl_sandbox_of(L);
  const char *name = luaL_checkstring(L, 1);
  lua_settop(L, 1);
  int cache = lua_upvalueindex(1);
  if (lua_getfield(L, cache, name) != LUA_TNIL) {
    if (lua_isboolean(L, -1) && !lua_toboolean(L, -1))
      return luaL_error(L, "module '%s' requires itself (a loop)", name);
    return 1;
  }
  lua_pop(L, 1);
  lua_getfield(L, LUA_REGISTRYINDEX, MODULES_KEY); /* the shared C modules */
  if (lua_getfield(L, -1, name) != LUA_TNIL) return 1;
  lua_pop(L, 2);
  char path[1024];
  if (!valid_module_name(name) || !find_module(sb, name, path, sizeof path))
    return luaL_error(L, "module '%s' is not available in govlua rules (only govlua's own "
                         "library and --lib directories can be required)", name);
  lua_pushboolean(L, 0);
  lua_setfield(L, cache, name); /* mark as loading */
  char err[1024];
  if (!gl_sandbox_loadfile(L, path, err, sizeof err)) {
    lua_pushnil(L);
    lua_setfield(L, cache, name);
    return luaL_error(L, "%s", err);
  }
  /* the module's own requires share this cache */
  if (lua_getupvalue(L, -1, 1)) {
    lua_pushvalue(L, cache);
    lua_pushcclosure(L, sb_require, 1);
    lua_setfield(L, -2, "require");
  }
  lua_pop(L, 1);
  lua_pushstring(L, name);
  lua_call(L, 1, 1);
  if (lua_isnil(L, -1)) {
    lua_pop(L, 1);
    lua_pushboolean(L, 1);
  }
  lua_pushvalue(L, -1);
  lua_setfield(L, cache, name);
  return 1;
}

/* ---- creation ---------------------------------------------------------- */

typedef struct {
  gl_sandbox *sb;
} init_args;

static int pinit(lua_State *L) {
  luaL_openlibs(L);
  /* remove string.dump from the real string table too: ("").dump; and
   * wrap the pattern functions (also reached as ("").find) */
  lua_getglobal(L, "string");
  lua_pushnil(L);
  lua_setfield(L, -2, "dump");
  static const char *const searches[] = {"find", "match", "gmatch", "gsub", NULL};
  for (int i = 0; searches[i]; i++) {
    lua_getfield(L, -1, searches[i]);
    lua_pushcclosure(L, sb_string_search, 1);
    lua_setfield(L, -2, searches[i]);
  }
  lua_pop(L, 1);
  /* protect the string metatable from getmetatable("").__index games */
  lua_pushliteral(L, "");
  if (lua_getmetatable(L, -1)) {
    lua_pushliteral(L, "string");
    lua_setfield(L, -2, "__metatable");
    lua_pop(L, 1);
  }
  lua_pop(L, 1);
  gl_view_setup(L);
  build_base(L);
  lua_newtable(L);
  /* built-in C modules */
  luaopen_govlua_core(L);
  lua_newtable(L);
  deep_readonly(L, -2, lua_gettop(L), "govlua.core");
  lua_setfield(L, -4, "govlua.core");
  lua_pop(L, 2);
  luaopen_govlua_json(L);
  lua_newtable(L);
  deep_readonly(L, -2, lua_gettop(L), "govlua.json");
  lua_setfield(L, -4, "govlua.json");
  lua_pop(L, 2);
  lua_setfield(L, LUA_REGISTRYINDEX, MODULES_KEY);
  return 0;
}

gl_sandbox *gl_sandbox_new(const char *datadir, const char *const *libdirs,
                           const gl_limits *limits, char *err, size_t errn) {
  /* on cache lines of its own: its counters and free lists change on every
   * allocation, and the main thread makes the first checker's sandbox and
   * the format's one after the other (at -j 2 both are busy at once) */
  gl_sandbox *sb = aligned_alloc(128, (sizeof *sb + 127) / 128 * 128);
  if (sb) memset(sb, 0, sizeof *sb);
  if (!sb) {
    snprintf(err, errn, "out of memory");
    return NULL;
  }
  sb->datadir = gl_strdup(datadir);
  int n = 0;
  while (libdirs && libdirs[n]) n++;
  sb->libdirs = calloc((size_t)n + 1, sizeof *sb->libdirs);
  for (int i = 0; i < n && sb->libdirs; i++) sb->libdirs[i] = gl_strdup(libdirs[i]);
  if (limits) sb->lim = *limits;
  sb->L = lua_newstate(sb_alloc, sb);
  if (!sb->L || !sb->datadir || !sb->libdirs) {
    snprintf(err, errn, "cannot create a Lua state (out of memory)");
    gl_sandbox_free(sb);
    return NULL;
  }
  *(gl_sandbox **)lua_getextraspace(sb->L) = sb;
  if (sb->lim.max_instructions) gl_watchdog_start();
  lua_pushcfunction(sb->L, pinit);
  if (lua_pcall(sb->L, 0, 0, 0) != LUA_OK) {
    snprintf(err, errn, "cannot set up Lua: %s", lua_tostring(sb->L, -1));
    gl_sandbox_free(sb);
    return NULL;
  }
  return sb;
}

void gl_sandbox_free(gl_sandbox *sb) {
  if (!sb) return;
  if (sb->L) lua_close(sb->L);
  pool_free_all(sb);
  free(sb->datadir);
  for (int i = 0; sb->libdirs && sb->libdirs[i]; i++) free(sb->libdirs[i]);
  free(sb->libdirs);
  free(sb);
}

lua_State *gl_sandbox_state(gl_sandbox *sb) { return sb->L; }
const char *gl_sandbox_datadir(gl_sandbox *sb) { return sb->datadir; }
