/* doc.c - the gl_doc line list (see doc.h). */
#include "doc.h"

#include <stdalign.h>
#include <stddef.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

/* The texts and cell arrays of the lines are carved out of blocks of
 * BLOCK_MIN bytes, so a document costs a few allocations instead of one or
 * two per line and per cell.  A request bigger than half a block gets a
 * block of its own; so at most half of a block is left unused when the next
 * one is started, and the memory stays within about twice the text. */
#define BLOCK_MIN ((size_t)64 << 10)

struct gl_doc_block {
  gl_doc_block *next;
  size_t used, cap;
  alignas(max_align_t) char data[];
};

/* n bytes from the current block (aligned for any object when align is set). */
static void *doc_alloc(gl_doc *d, size_t n, int align) {
  gl_doc_block *b = d->blocks;
  if (b) {
    size_t at = b->used;
    if (align) at = (at + alignof(max_align_t) - 1) & ~(alignof(max_align_t) - 1);
    if (at <= b->cap && b->cap - at >= n) {
      b->used = at + n;
      return b->data + at;
    }
  }
  size_t cap = n > BLOCK_MIN ? n : BLOCK_MIN;
  if (cap > (size_t)-1 - sizeof *b) return NULL;
  gl_doc_block *nb = malloc(sizeof *nb + cap);
  if (!nb) return NULL;
  nb->cap = cap;
  nb->used = n;
  if (b && n > BLOCK_MIN / 2) {
    /* a big request gets a block of its own: keep filling the current one */
    nb->next = b->next;
    b->next = nb;
  } else {
    nb->next = b;
    d->blocks = nb;
  }
  return nb->data;
}

static char *doc_strndup(gl_doc *d, const char *s, size_t n) {
  char *p = doc_alloc(d, n + 1, 0);
  if (!p) return NULL;
  memcpy(p, s, n);
  p[n] = '\0';
  return p;
}

void gl_doc_init(gl_doc *d) { memset(d, 0, sizeof *d); }

void gl_doc_free(gl_doc *d) {
  for (gl_doc_block *b = d->blocks, *nx; b; b = nx) {
    nx = b->next;
    free(b);
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
  if (!l || !(l->text = doc_strndup(d, s, n))) return 0;
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
  l->cells = doc_alloc(d, (ncells ? (size_t)ncells : 1) * sizeof *l->cells, 1);
  if (!l->cells) return 0;
  l->text = doc_alloc(d, total, 0);
  if (!l->text) return 0;
  size_t o = 0;
  for (int i = 0; i < ncells; i++) {
    size_t cn = strlen(cells[i]);
    l->cells[i].text = doc_strndup(d, cells[i], cn);
    if (!l->cells[i].text) return 0;
    if (i) {
      memcpy(l->text + o, " | ", 3);
      o += 3;
    }
    memcpy(l->text + o, cells[i], cn);
    o += cn;
  }
  l->text[o] = '\0';
  l->kind = GL_LINE_ROW;
  l->ncells = ncells;
  l->lineno = lineno;
  l->table = table;
  d->n++;
  return 1;
}

int gl_doc_from_text(gl_doc *d, const char *text, size_t n, char *err, size_t errn) {
  /* lines end at \n, \r or \r\n; the next of each is found with memchr
   * (each search goes past the previous one: linear) */
  const char *end = text + n;
  const char *nl = n ? memchr(text, '\n', n) : NULL, *cr = n ? memchr(text, '\r', n) : NULL;
  size_t start = 0;
  int lineno = 1;
  for (;;) {
    const char *from = text + start;
    if (nl && nl < from) nl = memchr(from, '\n', (size_t)(end - from));
    if (cr && cr < from) cr = memchr(from, '\r', (size_t)(end - from));
    const char *e = nl && (!cr || nl < cr) ? nl : cr;
    size_t i = e ? (size_t)(e - text) : n;
    if (!gl_doc_add_text(d, from, i - start, lineno)) {
      snprintf(err, errn, "out of memory");
      return 0;
    }
    if (!e) break;
    if (*e == '\r' && i + 1 < n && text[i + 1] == '\n') i++;
    start = i + 1;
    lineno++;
  }
  return 1;
}
