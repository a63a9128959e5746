/* export.c - gl_report -> govlua-report/1 JSON, keys in the order of the
 * model doc, integers as integers, Chinese text unescaped. */
#include "export.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
  char *p;
  size_t n, cap;
  int oom;
} buf;

static void put(buf *b, const char *s, size_t n) {
  if (b->oom) return;
  if (b->n + n + 1 > b->cap) {
    size_t cap = b->cap ? b->cap : 4096;
    while (cap < b->n + n + 1) cap *= 2;
    char *p = realloc(b->p, cap);
    if (!p) {
      b->oom = 1;
      return;
    }
    b->p = p;
    b->cap = cap;
  }
  memcpy(b->p + b->n, s, n);
  b->n += n;
  b->p[b->n] = '\0';
}

static void puts_(buf *b, const char *s) { put(b, s, strlen(s)); }

static void indent(buf *b, int level) {
  put(b, "\n", 1);
  for (int i = 0; i < level; i++) put(b, "  ", 2);
}

static void str(buf *b, const char *s) {
  put(b, "\"", 1);
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    char esc[8];
    switch (*p) {
      case '"': puts_(b, "\\\""); break;
      case '\\': puts_(b, "\\\\"); break;
      case '\n': puts_(b, "\\n"); break;
      case '\r': puts_(b, "\\r"); break;
      case '\t': puts_(b, "\\t"); break;
      default:
        if (*p < 0x20) {
          snprintf(esc, sizeof esc, "\\u%04x", *p);
          puts_(b, esc);
        } else {
          put(b, (const char *)p, 1);
        }
    }
  }
  put(b, "\"", 1);
}

static void key(buf *b, int *first, int level, const char *k) {
  if (!*first) put(b, ",", 1);
  *first = 0;
  indent(b, level);
  str(b, k);
  puts_(b, ": ");
}

static void number(buf *b, const gl_cell *c) {
  char tmp[40];
  if (c->is_int) {
    snprintf(tmp, sizeof tmp, "%lld", (long long)c->i);
  } else if (!isfinite(c->d)) {
    snprintf(tmp, sizeof tmp, "null");
  } else {
    for (int prec = 15; prec <= 17; prec++) {
      snprintf(tmp, sizeof tmp, "%.*g", prec, c->d);
      if (strtod(tmp, NULL) == c->d) break;
    }
  }
  puts_(b, tmp);
}

static void cell(buf *b, const gl_cell *c) {
  switch (c->state) {
    case GL_NUMBER: number(b, c); break;
    case GL_TEXT: str(b, c->text ? c->text : ""); break;
    default: puts_(b, "null");
  }
}

static int row_used(const gl_report *r, int ri) {
  for (int c = 0; c < gl_schema_row(ri)->ncols; c++)
    if (r->cells[ri * GL_ROW_STRIDE + c].state != GL_MISSING) return 1;
  return 0;
}

static void row(buf *b, const gl_report *r, int ri, int level) {
  const gl_row *row = gl_schema_row(ri);
  put(b, "{", 1);
  int first = 1;
  for (int c = 0; c < row->ncols; c++) {
    const gl_cell *cl = &r->cells[ri * GL_ROW_STRIDE + c];
    if (cl->state == GL_MISSING) continue;
    if (!first) put(b, ", ", 2);
    first = 0;
    str(b, row->cols[c].key);
    puts_(b, ": ");
    cell(b, cl);
  }
  put(b, "}", 1);
  (void)level;
}

static void table(buf *b, const gl_report *r, const char *name, int level) {
  put(b, "{", 1);
  int first = 1;
  const char *open_group = NULL;
  int gfirst = 1;
  for (int i = 0; i < GL_NROWS; i++) {
    const gl_row *rw = gl_schema_row(i);
    if (strcmp(rw->table, name) != 0 || !row_used(r, i)) continue;
    if (rw->group) {
      if (!open_group || strcmp(open_group, rw->group) != 0) {
        if (open_group) {
          indent(b, level + 1);
          put(b, "}", 1);
        }
        key(b, &first, level + 1, rw->group);
        put(b, "{", 1);
        open_group = rw->group;
        gfirst = 1;
      }
      key(b, &gfirst, level + 2, rw->key);
      row(b, r, i, level + 2);
      continue;
    }
    if (open_group) {
      indent(b, level + 1);
      put(b, "}", 1);
      open_group = NULL;
    }
    key(b, &first, level + 1, rw->key);
    row(b, r, i, level + 1);
  }
  if (open_group) {
    indent(b, level + 1);
    put(b, "}", 1);
  }
  if (!first) indent(b, level);
  put(b, "}", 1);
}

char *gl_export_json(const gl_report *r, size_t *len) {
  buf b = {0};
  int first = 1;
  put(&b, "{", 1);
  key(&b, &first, 1, "format");
  str(&b, GL_FORMAT_ID);
  if (r->agency) {
    key(&b, &first, 1, "agency");
    str(&b, r->agency);
  }
  if (r->has_year) {
    char y[24];
    snprintf(y, sizeof y, "%lld", (long long)r->year);
    key(&b, &first, 1, "year");
    puts_(&b, y);
  }
  if (r->edition) {
    key(&b, &first, 1, "edition");
    str(&b, gl_edition_name(r->edition));
  }
  if (r->title) {
    key(&b, &first, 1, "title");
    str(&b, r->title);
  }
  if (r->published) {
    key(&b, &first, 1, "published");
    str(&b, r->published);
  }
  int any = r->has_sections;
  for (int s = 0; s < GL_NSECTIONS; s++) any |= r->sections[s] != NULL;
  if (any) {
    key(&b, &first, 1, "sections");
    put(&b, "{", 1);
    int sf = 1;
    for (int s = 0; s < GL_NSECTIONS; s++) {
      if (!r->sections[s]) continue;
      key(&b, &sf, 2, gl_section_keys[s]);
      str(&b, r->sections[s]);
    }
    indent(&b, 1);
    put(&b, "}", 1);
  }
  static const char *const tables[3] = {"active", "applications", "appeals"};
  for (int t = 0; t < 3; t++) {
    int used = r->has_table[t];
    for (int i = 0; i < GL_NROWS && !used; i++)
      used = strcmp(gl_schema_row(i)->table, tables[t]) == 0 && row_used(r, i);
    if (!used) continue;
    key(&b, &first, 1, tables[t]);
    table(&b, r, tables[t], 1);
  }
  /* provenance: the source line of each cell */
  int lines = 0, issues = 0;
  for (int s = 0; s < GL_MAX_CELLS; s++) lines |= r->cells[s].line > 0;
  for (int i = 0; i < r->nissues; i++) issues += strcmp(r->issues[i].rule, "import") == 0;
  if (lines || r->source_file || issues) {
    key(&b, &first, 1, "source");
    put(&b, "{", 1);
    int sf = 1;
    if (r->source_file) {
      key(&b, &sf, 2, "file");
      str(&b, r->source_file);
    }
    if (lines) {
      key(&b, &sf, 2, "cells");
      put(&b, "{", 1);
      int cf = 1;
      for (int s = 0; s < GL_MAX_CELLS; s++) {
        const gl_cell *c = &r->cells[s];
        if (c->line <= 0 || !gl_schema_slot_valid(s)) continue;
        char path[160], ln[32];
        gl_schema_slot_path(s, path, sizeof path);
        key(&b, &cf, 3, path);
        snprintf(ln, sizeof ln, "{\"line\": %d", c->line);
        puts_(&b, ln);
        if (c->text && c->state != GL_TEXT) {
          puts_(&b, ", \"text\": ");
          str(&b, c->text);
        }
        put(&b, "}", 1);
      }
      indent(&b, 2);
      put(&b, "}", 1);
    }
    if (issues) {
      /* what the importer could not read (or inferred): kept, so checking
       * the JSON reports it as checking the document does */
      key(&b, &sf, 2, "issues");
      put(&b, "[", 1);
      int first_issue = 1;
      for (int i = 0; i < r->nissues; i++) {
        const gl_issue *is = &r->issues[i];
        if (strcmp(is->rule, "import") != 0) continue;
        if (!first_issue) put(&b, ",", 1);
        first_issue = 0;
        indent(&b, 3);
        puts_(&b, "{\"severity\": ");
        str(&b, gl_severity_name(is->severity));
        if (is->path) {
          puts_(&b, ", \"path\": ");
          str(&b, is->path);
        }
        if (is->line > 0) {
          char ln[32];
          snprintf(ln, sizeof ln, ", \"line\": %d", is->line);
          puts_(&b, ln);
        }
        puts_(&b, ", \"message\": ");
        str(&b, is->message);
        put(&b, "}", 1);
      }
      indent(&b, 2);
      put(&b, "]", 1);
    }
    indent(&b, 1);
    put(&b, "}", 1);
  }
  indent(&b, 0);
  put(&b, "}\n", 2);
  if (b.oom) {
    free(b.p);
    return NULL;
  }
  *len = b.n;
  return b.p;
}
