/* sandbox.h - Lua states for untrusted rules and formats.
 *
 * A gl_sandbox owns one lua_State with a counting allocator and an
 * instruction hook, set on a call once the watchdog (watchdog.h) sees it run
 * for a tick, and on coroutines the code creates from their creation (the
 * short calls of a batch run unhooked).  Rules and formats run in environments built from an
 * allowlist (gl_sandbox_env), never in the host's globals; `require`
 * resolves only govlua's own library (and library directories the user
 * names).  gl_sandbox_pcall runs one protected call under the budgets; a
 * breached budget cannot be caught by a pcall inside the called code.
 */
#ifndef GOVLUA_SANDBOX_H
#define GOVLUA_SANDBOX_H

#include <lua.h>
#include <stddef.h>

typedef struct {
  long long max_instructions; /* per call; 0 = unlimited */
  size_t max_memory;          /* bytes per call; 0 = unlimited */
} gl_limits;

#define GL_DEFAULT_INSTRUCTIONS 200000000LL
#define GL_DEFAULT_MEMORY ((size_t)64 << 20)

typedef struct gl_sandbox gl_sandbox;

/* datadir: where lua/ lives; libdirs: extra module dirs (NULL-terminated
 * or NULL).  Returns NULL with a message in err on failure. */
gl_sandbox *gl_sandbox_new(const char *datadir, const char *const *libdirs,
                           const gl_limits *limits, char *err, size_t errn);
void gl_sandbox_free(gl_sandbox *sb);
lua_State *gl_sandbox_state(gl_sandbox *sb);
gl_sandbox *gl_sandbox_of(lua_State *L);
const char *gl_sandbox_datadir(gl_sandbox *sb);

/* Records the memory in use as the loaded state: later calls may keep at
 * most twice the memory budget above it. */
void gl_sandbox_set_baseline(gl_sandbox *sb);

/* Pushes a fresh environment table built from the allowlist. */
void gl_sandbox_env(lua_State *L);

/* Loads a chunk in text mode with a fresh environment; pushes the
 * function, or returns 0 with a message in err. */
int gl_sandbox_load(lua_State *L, const char *buf, size_t len, const char *chunkname,
                    char *err, size_t errn);
/* Reads and loads a file (see gl_sandbox_load). */
int gl_sandbox_loadfile(lua_State *L, const char *path, char *err, size_t errn);

/* Outcome of gl_sandbox_pcall. */
typedef struct {
  int status;          /* LUA_OK or an error status */
  const char *limit;   /* "instructions" or "memory" when a budget tripped */
} gl_call;

/* Like lua_pcall with a traceback message handler, under the budgets.
 * On error the message (a string, with traceback lines after a newline)
 * is on the stack. */
gl_call gl_sandbox_pcall(lua_State *L, int nargs, int nresults);
/* Resumes coroutine co under the budgets (see lua_resume). */
gl_call gl_sandbox_resume(lua_State *L, lua_State *co, int nargs, int *nres);

/* Pushes a read-only proxy of the table at idx; nested tables are made
 * read-only too (in place).  Tables with a metatable are left alone. */
void gl_sandbox_freeze(lua_State *L, int idx);

/* Reads a whole file into a malloc'd buffer (NUL-terminated).  Returns
 * NULL with a message in err; max = 0 for no size cap. */
char *gl_read_file(const char *path, size_t max, size_t *len, char *err, size_t errn);

#endif
