/* pool.c - worker threads with in-order delivery (see pool.h). */
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
    ok = gl_input_load_bytes(gl_checker_state(ck), job->name, job->data, job->len, &res->report,
                             err, sizeof err);
  else
    ok = gl_input_load(gl_checker_state(ck), job->name, max_size, &res->report, err, sizeof err);
  if (!ok) {
    res->error = gl_strdup(err);
    return;
  }
  gl_checker_run(ck, res);
}

typedef struct {
  pthread_mutex_t mu;
  pthread_cond_t ready_cv, space_cv;
  gl_next_job_fn next_job;
  void *src;
  int taken;      /* jobs handed to workers */
  int exhausted;  /* next_job said there are no more */
  int delivered, window, stop;
  size_t max_size;
  gl_result *slots;
  unsigned char *ready;
} pool;

typedef struct {
  pool *p;
  gl_checker *ck;
} worker;

static void *work(void *arg) {
  worker *w = arg;
  pool *p = w->p;
  for (;;) {
    gl_job job;
    memset(&job, 0, sizeof job);
    pthread_mutex_lock(&p->mu);
    while (!p->stop && !p->exhausted && p->taken >= p->delivered + p->window)
      pthread_cond_wait(&p->space_cv, &p->mu);
    if (p->stop || p->exhausted || !p->next_job(p->src, &job)) {
      p->exhausted = 1;
      pthread_cond_broadcast(&p->ready_cv);
      pthread_mutex_unlock(&p->mu);
      return NULL;
    }
    int idx = p->taken++;
    pthread_mutex_unlock(&p->mu);
    gl_result res;
    gl_check_input(w->ck, &job, p->max_size, &res);
    gl_job_free(&job);
    pthread_mutex_lock(&p->mu);
    p->slots[idx % p->window] = res;
    p->ready[idx % p->window] = 1;
    pthread_cond_broadcast(&p->ready_cv);
    pthread_mutex_unlock(&p->mu);
  }
}

int gl_pool_run(gl_checker *const *cks, int nworkers, gl_next_job_fn next_job, void *src,
                size_t max_size, gl_deliver_fn deliver, void *ud) {
  pool p;
  memset(&p, 0, sizeof p);
  p.next_job = next_job;
  p.src = src;
  p.max_size = max_size;
  p.window = nworkers * 8;
  p.slots = calloc((size_t)p.window, sizeof *p.slots);
  p.ready = calloc((size_t)p.window, 1);
  worker *ws = calloc((size_t)nworkers, sizeof *ws);
  pthread_t *th = calloc((size_t)nworkers, sizeof *th);
  if (!p.slots || !p.ready || !ws || !th) {
    free(p.slots);
    free(p.ready);
    free(ws);
    free(th);
    return 0;
  }
  pthread_mutex_init(&p.mu, NULL);
  pthread_cond_init(&p.ready_cv, NULL);
  pthread_cond_init(&p.space_cv, NULL);
  int started = 0, ok = 1;
  for (int i = 0; i < nworkers; i++) {
    ws[i].p = &p;
    ws[i].ck = cks[i];
    if (pthread_create(&th[i], NULL, work, &ws[i]) != 0) break;
    started++;
  }
  if (!started) ok = 0;
  for (int i = 0; ok; i++) {
    pthread_mutex_lock(&p.mu);
    /* wait for result i, unless every job is taken and i is past the last */
    while (!p.ready[i % p.window] && !(p.exhausted && i >= p.taken))
      pthread_cond_wait(&p.ready_cv, &p.mu);
    if (!p.ready[i % p.window]) {
      pthread_mutex_unlock(&p.mu);
      break;
    }
    gl_result res = p.slots[i % p.window];
    p.ready[i % p.window] = 0;
    pthread_mutex_unlock(&p.mu);
    int go = deliver(ud, &res);
    gl_result_clear(&res);
    pthread_mutex_lock(&p.mu);
    p.delivered++;
    if (!go) {
      p.stop = 1;
      ok = 0;
    }
    pthread_cond_broadcast(&p.space_cv);
    pthread_mutex_unlock(&p.mu);
  }
  pthread_mutex_lock(&p.mu);
  p.stop = 1;
  pthread_cond_broadcast(&p.space_cv);
  pthread_mutex_unlock(&p.mu);
  for (int i = 0; i < started; i++) pthread_join(th[i], NULL);
  for (int i = 0; i < p.window; i++)
    if (p.ready[i]) gl_result_clear(&p.slots[i]);
  pthread_cond_destroy(&p.ready_cv);
  pthread_cond_destroy(&p.space_cv);
  pthread_mutex_destroy(&p.mu);
  free(p.slots);
  free(p.ready);
  free(ws);
  free(th);
  return ok;
}
