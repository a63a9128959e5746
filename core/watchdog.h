/* watchdog.h - notices calls that run long, so that the instruction hook
 * need not run on every call.
 *
 * A count hook makes Lua 5.4 trace every VM instruction (about 10 % of a
 * check).  So sandboxed calls start without one, and one watchdog thread
 * looks at every thread that is in a call each GL_WATCH_TICK_MS.  A thread
 * found in the same call at two looks in a row gets a signal, and its
 * handler calls the arm function of that call (which sets the count hook:
 * lua_sethook may be called asynchronously, as lua.c does on SIGINT).
 *
 *   gl_watch_begin(arm, ud, &saved);  ... the call ...  gl_watch_end(&saved);
 *
 * arm(ud) runs in a signal handler on the calling thread: it may only do
 * async-signal-safe things (set fields, call lua_sethook).
 */
#ifndef GOVLUA_WATCHDOG_H
#define GOVLUA_WATCHDOG_H

#define GL_WATCH_TICK_MS 10

typedef void (*gl_watch_arm_fn)(void *ud);

/* What gl_watch_begin replaced (calls may nest on one thread). */
typedef struct {
  gl_watch_arm_fn arm;
  void *ud;
  int busy;
} gl_watch_saved;

/* Starts the watchdog (once per process).  Returns 0 if it cannot run (no
 * thread or no signal): then callers must hook every call themselves. */
int gl_watchdog_start(void);

/* The calling thread enters a call whose runaway arm(ud) stops.  Returns 0
 * when the watchdog is not running (see gl_watchdog_start). */
int gl_watch_begin(gl_watch_arm_fn arm, void *ud, gl_watch_saved *saved);
/* The call has ended: back to what gl_watch_begin saved. */
void gl_watch_end(const gl_watch_saved *saved);

#endif
