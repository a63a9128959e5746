/* pool.h - checking inputs on worker threads, results delivered in input
 * order on the calling thread.
 *
 * Each worker owns a checker (its own Lua state with the rules loaded once)
 * and reuses it for every input it takes.  At most `window` results wait to
 * be delivered, so memory stays flat however many inputs there are.
 */
#ifndef GOVLUA_POOL_H
#define GOVLUA_POOL_H

#include <stddef.h>

#include "checker.h"
#include "result.h"

/* Loads and checks one input into res (initialised by the caller). */
void gl_check_input(gl_checker *ck, const char *file, size_t max_size, gl_result *res);

/* Called for each result in input order; return 0 to stop the run. The
 * callee may read res; the pool clears it afterwards. */
typedef int (*gl_deliver_fn)(void *ud, gl_result *res);

/* Checks files[0..n) with one worker per checker in cks[0..nworkers).
 * Returns 0 if delivery was stopped or a thread could not start, else 1. */
int gl_pool_run(gl_checker *const *cks, int nworkers, const char *const *files, int n,
                size_t max_size, gl_deliver_fn deliver, void *ud);

#endif
