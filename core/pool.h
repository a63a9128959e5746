/* pool.h - checking inputs on worker threads, results delivered in input
 * order.
 *
 * Each worker owns a checker (its own Lua state with the rules loaded once)
 * and reuses it for every input it takes; the calling thread is worker 0.
 * A worker that has made results ready also delivers them, with those of
 * the others that are ready in order, one deliverer at a time (no thread
 * only waits to deliver: on two cores, two threads).  At most `window` results wait to
 * be delivered, so memory stays flat however many inputs there are.
 */
#ifndef GOVLUA_POOL_H
#define GOVLUA_POOL_H

#include <stddef.h>

#include "checker.h"
#include "result.h"

/* One input: a file to read (data == NULL), or bytes already read (a line
 * of a JSON Lines stream), owned by the job.  error: the input could not
 * even be taken (e.g. a line over the size limit). */
typedef struct {
  char *name;
  char *data;
  size_t len;
  char *error;
} gl_job;

void gl_job_free(gl_job *j);

/* Produces the next job; returns 0 when there are none left.  Called by one
 * thread at a time (under the pool's job lock), so it need not be
 * thread-safe; it may block (reading a stream) without holding up the
 * delivery of results. */
typedef int (*gl_next_job_fn)(void *ud, gl_job *job);

/* Loads and checks one input into res (gl_result_init is done here). */
void gl_check_input(gl_checker *ck, const gl_job *job, size_t max_size, gl_result *res);

/* Called for each result in input order, by one thread at a time (any of
 * the workers); return 0 to stop the run. The callee may read res; the pool
 * clears it afterwards. */
typedef int (*gl_deliver_fn)(void *ud, gl_result *res);

/* Makes the checker of worker i (1 <= i < nworkers), on that worker's own
 * thread so that its Lua state lives in that thread's allocator arena.
 * Called on several threads at once, while worker 0 checks and delivers:
 * it must be thread-safe.  NULL: that worker does not run.  The caller
 * frees what it made after the run. */
typedef gl_checker *(*gl_make_checker_fn)(void *ud, int i);

/* Checks every job from next_job with nworkers workers (fewer if threads
 * cannot start or checkers cannot be made): worker 0 is the calling thread,
 * with `first`; the others make theirs with make().  Results are delivered
 * in job order.  Returns 0 if delivery was stopped, else 1. */
int gl_pool_run(gl_checker *first, int nworkers, gl_make_checker_fn make, void *make_ud,
                gl_next_job_fn next_job, void *src, size_t max_size, gl_deliver_fn deliver,
                void *ud);

#endif
