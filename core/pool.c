/* pool.c - worker threads with in-order delivery (see pool.h). */
#include "pool.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "input.h"

void gl_check_input(gl_checker *ck, const char *file, size_t max_size, gl_result *res) {
  char err[1024];
  gl_result_init(res, file);
  if (!gl_input_load(gl_checker_state(ck), file, max_size, &res->report, err, sizeof err)) {
    res->error = gl_strdup(err);
    return;
  }
  gl_checker_run(ck, res);
}

typedef struct {
  pthread_mutex_t mu;
  pthread_cond_t ready_cv, space_cv;
  const char *const *files;
  int n, next, delivered, window, stop;
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
    pthread_mutex_lock(&p->mu);
    while (!p->stop && p->next < p->n && p->next >= p->delivered + p->window)
      pthread_cond_wait(&p->space_cv, &p->mu);
    if (p->stop || p->next >= p->n) {
      pthread_mutex_unlock(&p->mu);
      return NULL;
    }
    int idx = p->next++;
    pthread_mutex_unlock(&p->mu);
    gl_result res;
    gl_check_input(w->ck, p->files[idx], p->max_size, &res);
    pthread_mutex_lock(&p->mu);
    p->slots[idx % p->window] = res;
    p->ready[idx % p->window] = 1;
    pthread_cond_broadcast(&p->ready_cv);
    pthread_mutex_unlock(&p->mu);
  }
}

int gl_pool_run(gl_checker *const *cks, int nworkers, const char *const *files, int n,
                size_t max_size, gl_deliver_fn deliver, void *ud) {
  pool p;
  memset(&p, 0, sizeof p);
  p.files = files;
  p.n = n;
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
  for (int i = 0; i < n && ok; i++) {
    pthread_mutex_lock(&p.mu);
    while (!p.ready[i % p.window]) pthread_cond_wait(&p.ready_cv, &p.mu);
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
