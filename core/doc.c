/* doc.c - the gl_doc line list (see doc.h). */
#include "doc.h"

#include <stdlib.h>
#include <stdio.h>
#include <string.h>

void gl_doc_init(gl_doc *d) { memset(d, 0, sizeof *d); }

void gl_doc_free(gl_doc *d) {
  for (int i = 0; i < d->n; i++) {
    free(d->lines[i].text);
    for (int c = 0; c < d->lines[i].ncells; c++) free(d->lines[i].cells[c].text);
    free(d->lines[i].cells);
  }
  free(d->lines);
  gl_doc_init(d);
}

static gl_doc_line *grow(gl_doc *d) {
  if (d->n == d->cap) {
    int cap = d->cap ? d->cap * 2 : 256;
    gl_doc_line *p = realloc(d->lines, (size_t)cap * sizeof *p);
    if (!p) return NULL;
    d->lines = p;
    d->cap = cap;
  }
  gl_doc_line *l = &d->lines[d->n];
  memset(l, 0, sizeof *l);
  return l;
}

int gl_doc_add_text(gl_doc *d, const char *s, size_t n, int lineno) {
  gl_doc_line *l = grow(d);
  if (!l || !(l->text = gl_strndup(s, n))) return 0;
  l->kind = GL_LINE_TEXT;
  l->lineno = lineno;
  d->n++;
  return 1;
}

int gl_doc_add_row(gl_doc *d, const char *const *cells, int ncells, int lineno, int table) {
  gl_doc_line *l = grow(d);
  if (!l) return 0;
  size_t total = 1;
  for (int i = 0; i < ncells; i++) total += strlen(cells[i]) + 3;
  l->cells = calloc(ncells ? (size_t)ncells : 1, sizeof *l->cells);
  l->text = malloc(total);
  if (!l->cells || !l->text) {
    free(l->cells);
    free(l->text);
    return 0;
  }
  l->text[0] = '\0';
  for (int i = 0; i < ncells; i++) {
    l->cells[i].text = gl_strdup(cells[i]);
    if (!l->cells[i].text) {
      for (int k = 0; k < i; k++) free(l->cells[k].text);
      free(l->cells);
      free(l->text);
      return 0;
    }
    if (i) strcat(l->text, " | ");
    strcat(l->text, cells[i]);
  }
  l->kind = GL_LINE_ROW;
  l->ncells = ncells;
  l->lineno = lineno;
  l->table = table;
  d->n++;
  return 1;
}

int gl_doc_from_text(gl_doc *d, const char *text, size_t n, char *err, size_t errn) {
  size_t start = 0;
  int lineno = 1;
  for (size_t i = 0; i <= n; i++) {
    if (i == n || text[i] == '\n' || text[i] == '\r') {
      if (!gl_doc_add_text(d, text + start, i - start, lineno)) {
        snprintf(err, errn, "out of memory");
        return 0;
      }
      if (i < n && text[i] == '\r' && i + 1 < n && text[i + 1] == '\n') i++;
      start = i + 1;
      lineno++;
    }
  }
  return 1;
}
