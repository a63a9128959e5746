/* model.c - life cycle of a gl_report and its cells. */
#include "model.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *gl_strndup(const char *s, size_t n) {
  char *p = malloc(n + 1);
  if (!p) return NULL;
  memcpy(p, s, n);
  p[n] = '\0';
  return p;
}

char *gl_strdup(const char *s) { return s ? gl_strndup(s, strlen(s)) : NULL; }

static const char *const SEVERITIES[] = {"error", "warning", "info"};

const char *gl_severity_name(int sev) {
  return (sev >= 0 && sev <= 2) ? SEVERITIES[sev] : "error";
}

int gl_severity_parse(const char *s) {
  for (int i = 0; i < 3; i++)
    if (strcmp(s, SEVERITIES[i]) == 0) return i;
  return -1;
}

void gl_report_init(gl_report *r) { memset(r, 0, sizeof *r); }

void gl_report_clear(gl_report *r) {
  gl_report_free(r);
  gl_report_init(r);
}

void gl_report_free(gl_report *r) {
  free(r->agency);
  free(r->title);
  free(r->published);
  free(r->source_file);
  for (int i = 0; i < GL_NSECTIONS; i++) free(r->sections[i]);
  for (int i = 0; i < GL_MAX_CELLS; i++)
    if (r->cells[i].text) { /* most cells have none */
      free(r->cells[i].text);
      r->cells[i].text = NULL;
    }
  for (int i = 0; i < r->nissues; i++) {
    free(r->issues[i].rule);
    free(r->issues[i].path);
    free(r->issues[i].message);
  }
  free(r->issues);
}

int gl_report_issue(gl_report *r, int severity, const char *rule, const char *path,
                    int line, const char *fmt, ...) {
  if (r->nissues == r->capissues) {
    int cap = r->capissues ? r->capissues * 2 : 8;
    gl_issue *p = realloc(r->issues, (size_t)cap * sizeof *p);
    if (!p) return 0;
    r->issues = p;
    r->capissues = cap;
  }
  char buf[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  gl_issue *is = &r->issues[r->nissues];
  is->severity = severity;
  is->rule = gl_strdup(rule);
  is->path = gl_strdup(path);
  is->message = gl_strdup(buf);
  is->line = line;
  if (!is->rule || !is->message) {
    free(is->rule);
    free(is->path);
    free(is->message);
    return 0;
  }
  r->nissues++;
  return 1;
}

void gl_cell_set_int(gl_cell *c, int64_t v) {
  c->state = GL_NUMBER;
  c->is_int = 1;
  c->i = v;
  c->d = (double)v;
}

void gl_cell_set_num(gl_cell *c, double v) {
  /* integral values within the exact range of a double become integers */
  if (isfinite(v) && v == floor(v) && fabs(v) <= 9007199254740992.0) {
    gl_cell_set_int(c, (int64_t)v);
    return;
  }
  c->state = GL_NUMBER;
  c->is_int = 0;
  c->d = v;
  c->i = 0;
}

void gl_cell_set_blank(gl_cell *c) {
  c->state = GL_BLANK;
  c->is_int = 0;
}

int gl_cell_set_text(gl_cell *c, const char *s, size_t len) {
  char *t = gl_strndup(s, len);
  if (!t) return 0;
  free(c->text);
  c->text = t;
  c->state = GL_TEXT;
  return 1;
}
