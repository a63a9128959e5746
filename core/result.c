/* result.c - findings and rule errors of one input. */
#include "result.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

void gl_result_init(gl_result *res, const char *file) {
  memset(res, 0, sizeof *res); /* the report too (gl_report_init) */
  res->file = gl_strdup(file);
}

void gl_result_clear(gl_result *res) {
  free(res->file);
  free(res->error);
  gl_report_free(&res->report);
  for (int i = 0; i < res->nfindings; i++) {
    free(res->findings[i].rule);
    free(res->findings[i].message);
    free(res->findings[i].path);
  }
  free(res->findings);
  for (int i = 0; i < res->nrule_errors; i++) {
    gl_rule_error *e = &res->rule_errors[i];
    free(e->rule);
    free(e->file);
    free(e->message);
    free(e->traceback);
    free(e->limit);
  }
  free(res->rule_errors);
  /* everything but the cells (most of the struct) is zeroed: their text was
   * freed and set to NULL above, and gl_result_init zeroes them for reuse */
  size_t cells = offsetof(gl_result, report) + offsetof(gl_report, cells);
  size_t after = cells + sizeof res->report.cells;
  memset(res, 0, cells);
  memset((char *)res + after, 0, sizeof *res - after);
}

int gl_result_add(gl_result *res, int severity, const char *rule, const char *message,
                  const char *path, int line) {
  if (res->nfindings == res->capfindings) {
    int cap = res->capfindings ? res->capfindings * 2 : 8;
    gl_finding *p = realloc(res->findings, (size_t)cap * sizeof *p);
    if (!p) return 0;
    res->findings = p;
    res->capfindings = cap;
  }
  gl_finding *f = &res->findings[res->nfindings];
  f->severity = severity < 0 || severity > 2 ? GL_SEV_ERROR : severity;
  f->rule = gl_strdup(rule);
  f->message = gl_strdup(message);
  f->path = gl_strdup(path);
  f->line = line;
  if (!f->rule || !f->message) {
    free(f->rule);
    free(f->message);
    free(f->path);
    return 0;
  }
  res->nfindings++;
  res->counts[f->severity]++;
  return 1;
}

int gl_result_add_rule_error(gl_result *res, const char *rule, const char *file,
                             const char *message, const char *traceback, const char *limit) {
  if (res->nrule_errors == res->caprule_errors) {
    int cap = res->caprule_errors ? res->caprule_errors * 2 : 4;
    gl_rule_error *p = realloc(res->rule_errors, (size_t)cap * sizeof *p);
    if (!p) return 0;
    res->rule_errors = p;
    res->caprule_errors = cap;
  }
  gl_rule_error *e = &res->rule_errors[res->nrule_errors++];
  e->rule = gl_strdup(rule);
  e->file = gl_strdup(file);
  e->message = gl_strdup(message);
  e->traceback = gl_strdup(traceback);
  e->limit = gl_strdup(limit);
  return 1;
}

static int strcmp0(const char *a, const char *b) {
  return strcmp(a ? a : "", b ? b : "");
}

static int cmp_finding(const void *pa, const void *pb) {
  const gl_finding *a = pa, *b = pb;
  if (a->severity != b->severity) return a->severity - b->severity;
  int c = strcmp0(a->path, b->path);
  if (c) return c;
  c = strcmp(a->rule, b->rule);
  if (c) return c;
  return strcmp(a->message, b->message);
}

void gl_result_sort(gl_result *res) {
  if (res->nfindings > 1)
    qsort(res->findings, (size_t)res->nfindings, sizeof *res->findings, cmp_finding);
}

void gl_result_truncate(gl_result *res, int n) {
  while (res->nfindings > n) {
    gl_finding *f = &res->findings[--res->nfindings];
    res->counts[f->severity]--;
    free(f->rule);
    free(f->message);
    free(f->path);
  }
}
