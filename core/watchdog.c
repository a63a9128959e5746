/* watchdog.c - one thread that notices long calls (see watchdog.h). */
#define _POSIX_C_SOURCE 200809L
#include "watchdog.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <time.h>

/* One per thread that has made a call.  The thread writes its fields; the
 * watchdog reads seq and busy and writes `arm`, under wd_mu for the list. */
typedef struct slot {
  pthread_t th;
  atomic_uint seq;  /* calls begun on this thread */
  atomic_int busy;  /* in a call */
  atomic_uint arm;  /* the call (seq) the watchdog asked to arm */
  gl_watch_arm_fn fn;
  void *ud;
  unsigned seen;    /* seq at the watchdog's last look (watchdog only) */
  struct slot *next;
} slot;

static pthread_mutex_t wd_mu = PTHREAD_MUTEX_INITIALIZER;
static slot *slots;
static pthread_once_t once = PTHREAD_ONCE_INIT;
static pthread_key_t key;
static int running; /* set once, before any slot exists */
static int wd_signal;
static _Thread_local slot *self;

static void on_signal(int sig) {
  (void)sig;
  int saved = errno;
  slot *s = self;
  if (s && atomic_load(&s->busy) && atomic_load(&s->seq) == atomic_load(&s->arm) && s->fn)
    s->fn(s->ud);
  errno = saved;
}

static void *watch(void *arg) {
  (void)arg;
  struct timespec tick = {0, GL_WATCH_TICK_MS * 1000000L};
  for (;;) {
    nanosleep(&tick, NULL);
    pthread_mutex_lock(&wd_mu);
    for (slot *s = slots; s; s = s->next) {
      unsigned seq = atomic_load(&s->seq);
      /* the same call at two looks in a row: it has run for a tick */
      if (atomic_load(&s->busy) && seq == s->seen && atomic_load(&s->arm) != seq) {
        atomic_store(&s->arm, seq);
        pthread_kill(s->th, wd_signal);
      }
      s->seen = seq;
    }
    pthread_mutex_unlock(&wd_mu);
  }
  return NULL;
}

/* A thread with a slot ends: no signal may reach it any more. */
static void drop_slot(void *p) {
  slot *s = p;
  pthread_mutex_lock(&wd_mu);
  for (slot **pp = &slots; *pp; pp = &(*pp)->next)
    if (*pp == s) {
      *pp = s->next;
      break;
    }
  pthread_mutex_unlock(&wd_mu);
  self = NULL;
  free(s);
}

static void start(void) {
  if (pthread_key_create(&key, drop_slot) != 0) return;
  wd_signal = SIGRTMIN + 1;
  struct sigaction sa;
  sa.sa_handler = on_signal;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = SA_RESTART; /* reads and writes of the call go on */
  if (sigaction(wd_signal, &sa, NULL) != 0) return;
  /* the watchdog takes no signals: process signals go to the others */
  sigset_t all, old;
  sigfillset(&all);
  pthread_sigmask(SIG_SETMASK, &all, &old);
  pthread_attr_t at;
  pthread_attr_init(&at);
  pthread_attr_setdetachstate(&at, PTHREAD_CREATE_DETACHED);
  pthread_attr_setstacksize(&at, 64 * 1024);
  pthread_t th;
  int ok = pthread_create(&th, &at, watch, NULL) == 0;
  pthread_attr_destroy(&at);
  pthread_sigmask(SIG_SETMASK, &old, NULL);
  running = ok;
}

int gl_watchdog_start(void) {
  pthread_once(&once, start);
  return running;
}

/* This thread's slot, made and listed on its first call. */
static slot *my_slot(void) {
  if (self) return self;
  slot *s = calloc(1, sizeof *s);
  if (!s) return NULL;
  s->th = pthread_self();
  if (pthread_setspecific(key, s) != 0) {
    free(s);
    return NULL;
  }
  pthread_mutex_lock(&wd_mu);
  s->next = slots;
  slots = s;
  pthread_mutex_unlock(&wd_mu);
  self = s;
  return s;
}

int gl_watch_begin(gl_watch_arm_fn arm, void *ud, gl_watch_saved *saved) {
  saved->arm = NULL;
  saved->ud = NULL;
  saved->busy = 0;
  if (!running) return 0;
  slot *s = my_slot();
  if (!s) return 0;
  saved->arm = s->fn;
  saved->ud = s->ud;
  saved->busy = atomic_load(&s->busy);
  /* the handler runs on this thread: with busy off it reads nothing */
  atomic_store(&s->busy, 0);
  s->fn = arm;
  s->ud = ud;
  atomic_fetch_add(&s->seq, 1);
  atomic_store(&s->busy, 1);
  return 1;
}

void gl_watch_end(const gl_watch_saved *saved) {
  slot *s = self;
  if (!s) return;
  atomic_store(&s->busy, 0);
  s->fn = saved->arm;
  s->ud = saved->ud;
  if (saved->busy) atomic_store(&s->busy, 1);
}
