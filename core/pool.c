/* pool.c - worker threads with in-order delivery (see pool.h). */
#define _POSIX_C_SOURCE 200809L
#include "pool.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "input.h"

void gl_job_free(gl_job *j) {
  free(j->name);
  free(j->data);
  free(j->error);
  memset(j, 0, sizeof *j);
}

void gl_check_input(gl_checker *ck, const gl_job *job, size_t max_size, gl_result *res) {
  char err[1024];
  gl_result_init(res, job->name);
  int ok;
  if (job->error) {
    res->error = gl_strdup(job->error);
    return;
  }
  if (job->data)
    ok = gl_input_load_bytes(job->name, job->data, job->len, &res->report, err, sizeof err);
  else
    ok = gl_input_load(job->name, max_size, &res->report, err, sizeof err);
  if (!ok) {
    res->error = gl_strdup(err);
    return;
  }
  gl_checker_run(ck, res);
}

/* Results each worker keeps (and so, with nworkers, the window of results
 * that may wait to be delivered), and jobs it takes at once (fewer trips
 * through the locks than one per report). */
enum { RING = 32, BATCH = 4 };

typedef struct {
  pthread_mutex_t src_mu; /* taking jobs: next_job and `taken` (reading stdin may block) */
  pthread_mutex_t mu;     /* the rest: results, delivery, the window */
  pthread_cond_t space_cv;
  gl_next_job_fn next_job;
  void *src;
  gl_deliver_fn deliver;
  void *ud;
  int taken;      /* jobs handed to workers */
  int exhausted;  /* next_job said there are no more */
  int delivered, window, stop;
  int delivering;    /* a worker is delivering results (only one at a time) */
  int space_waiters; /* workers sleeping for room */
  int stopped;       /* deliver asked to stop */
  gl_make_checker_fn make;
  void *make_ud;
  size_t max_size;
  gl_result **at;       /* [window]: the result of job i is at[i % window] ... */
  unsigned char *ready; /* ... once ready[i % window] is set */
} pool;

/* A worker and its results: a FIFO of RING entries, each freed by this
 * worker (whose allocator arena holds it) once it has been delivered. */
typedef struct {
  pool *p;
  gl_checker *ck;
  int index;
  gl_result ring[RING];
  int job[RING];    /* the job whose result each entry holds */
  int head, count;  /* the oldest entry; entries in use */
} worker;

/* Delivers, in order, every result that is ready from `delivered` on.
 * Called with mu held (and returns with it held) by the worker that has
 * just made results ready; if another worker is delivering, that one
 * delivers them: it looks again under mu before it stops. */
static void deliver_ready(pool *p) {
  if (p->delivering) return;
  p->delivering = 1;
  for (;;) {
    int i = p->delivered, end = i;
    while (!p->stop && end - i < p->window && p->ready[end % p->window]) {
      p->ready[end % p->window] = 0;
      end++;
    }
    if (end == i) break;
    pthread_mutex_unlock(&p->mu);
    int go = 1;
    for (int j = i; j < end && go; j++) go = p->deliver(p->ud, p->at[j % p->window]);
    pthread_mutex_lock(&p->mu);
    p->delivered = end;
    if (!go) p->stop = p->stopped = 1;
    if (p->space_waiters || !go) pthread_cond_broadcast(&p->space_cv);
  }
  p->delivering = 0;
}

/* Entries of w that hold delivered results (the oldest first), under mu. */
static int delivered_entries(const worker *w) {
  int n = 0;
  while (n < w->count && w->job[(w->head + n) % RING] < w->p->delivered) n++;
  return n;
}

static void *work(void *arg) {
  worker *w = arg;
  pool *p = w->p;
  /* its checker is made here, on its own thread (so that its Lua state is
   * in this thread's allocator arena, not among the others'), while the
   * other workers already check */
  if (!w->ck) w->ck = p->make(p->make_ud, w->index);
  if (!w->ck) return NULL;
  for (;;) {
    gl_job jobs[BATCH];
    int n = 0, end = 0;
    memset(jobs, 0, sizeof jobs);
    /* jobs are read under src_mu only, so that a read that blocks (a stream
     * on stdin) does not hold up the delivery of results already made */
    pthread_mutex_lock(&p->src_mu);
    pthread_mutex_lock(&p->mu);
    int done = delivered_entries(w);
    while (!p->stop && !p->exhausted &&
           (p->taken >= p->delivered + p->window || w->count - done >= RING)) {
      p->space_waiters++;
      pthread_cond_wait(&p->space_cv, &p->mu);
      p->space_waiters--;
      done = delivered_entries(w);
    }
    int first = p->taken, room = 0;
    if (!p->stop && !p->exhausted) {
      room = p->delivered + p->window - p->taken;
      if (room > RING - (w->count - done)) room = RING - (w->count - done);
    }
    pthread_mutex_unlock(&p->mu);
    /* (only this thread changes `taken`, and room only grows meanwhile) */
    while (n < BATCH && n < room) {
      if (!p->next_job(p->src, &jobs[n])) {
        end = 1;
        break;
      }
      n++;
      if (jobs[n - 1].data) break; /* a line of a stream: check it before reading on */
    }
    pthread_mutex_lock(&p->mu);
    p->taken += n;
    if (end) {
      p->exhausted = 1;
      pthread_cond_broadcast(&p->space_cv);
    }
    pthread_mutex_unlock(&p->mu);
    pthread_mutex_unlock(&p->src_mu);
    /* delivered results are nobody's any more: free them here, where they
     * were made */
    for (; done > 0; done--) {
      gl_result_clear(&w->ring[w->head]);
      w->head = (w->head + 1) % RING;
      w->count--;
    }
    if (!n) return NULL;
    for (int k = 0; k < n; k++) {
      int e = (w->head + w->count) % RING;
      gl_check_input(w->ck, &jobs[k], p->max_size, &w->ring[e]);
      gl_job_free(&jobs[k]);
      w->job[e] = first + k;
      w->count++;
      p->at[(first + k) % p->window] = &w->ring[e];
    }
    pthread_mutex_lock(&p->mu);
    for (int k = 0; k < n; k++) p->ready[(first + k) % p->window] = 1;
    deliver_ready(p);
    pthread_mutex_unlock(&p->mu);
  }
}

int gl_pool_run(gl_checker *first, int nworkers, gl_make_checker_fn make, void *make_ud,
                gl_next_job_fn next_job, void *src, size_t max_size, gl_deliver_fn deliver,
                void *ud) {
  pool p;
  memset(&p, 0, sizeof p);
  p.next_job = next_job;
  p.src = src;
  p.deliver = deliver;
  p.ud = ud;
  p.make = make;
  p.make_ud = make_ud;
  p.max_size = max_size;
  p.window = nworkers * RING;
  p.at = calloc((size_t)p.window, sizeof *p.at);
  p.ready = calloc((size_t)p.window, 1);
  worker *ws = calloc((size_t)nworkers, sizeof *ws);
  pthread_t *th = calloc((size_t)nworkers, sizeof *th);
  if (!p.at || !p.ready || !ws || !th) {
    free(p.at);
    free(p.ready);
    free(ws);
    free(th);
    return 0;
  }
  pthread_mutex_init(&p.src_mu, NULL);
  pthread_mutex_init(&p.mu, NULL);
  pthread_cond_init(&p.space_cv, NULL);
  /* the calling thread is worker 0: nworkers threads in all */
  int started = 0;
  for (int i = 0; i < nworkers; i++) {
    ws[i].p = &p;
    ws[i].index = i;
  }
  ws[0].ck = first;
  for (int i = 1; i < nworkers; i++) {
    if (pthread_create(&th[i], NULL, work, &ws[i]) != 0) break;
    started++;
  }
  work(&ws[0]);
  for (int i = 1; i <= started; i++) pthread_join(th[i], NULL);
  /* every worker is done: what is still ready (none, unless stopped) */
  pthread_mutex_lock(&p.mu);
  deliver_ready(&p);
  int ok = !p.stopped;
  pthread_mutex_unlock(&p.mu);
  for (int i = 0; i < nworkers; i++)
    for (int k = 0; k < ws[i].count; k++) gl_result_clear(&ws[i].ring[(ws[i].head + k) % RING]);
  pthread_cond_destroy(&p.space_cv);
  pthread_mutex_destroy(&p.mu);
  pthread_mutex_destroy(&p.src_mu);
  free(p.at);
  free(p.ready);
  free(ws);
  free(th);
  return ok;
}
