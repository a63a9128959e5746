/* import_html.c - HTML -> gl_doc with libxml2 (see doc.h).
 *
 * The input is UTF-8 already (import_decode.c); libxml2 is told so and told
 * to ignore <meta charset> (HTML_PARSE_IGNORE_ENC), so a page that declared
 * gb2312 is not decoded a second time.
 *
 * The DOM is walked in document order without recursion (the walk follows
 * parent/next pointers), so its depth costs no C stack.  libxml2 itself
 * refuses documents nested deeper than xmlParserMaxDepth (256): such a page
 * is rejected with a clear error rather than read truncated.
 *
 * What becomes what:
 *   - <script>, <style>, <noscript>, <template>, <select>, <textarea>,
 *     <iframe>, <object>, <svg>, ... : ignored.  Comments too.
 *   - the text of each block (<title>, p, div, h1-h6, li, section, ...,
 *     and runs separated by <br>) becomes a TEXT line: ASCII whitespace
 *     collapsed to single spaces, NBSP and U+3000 kept inside the text but
 *     trimmed at the ends like spaces (they are padding: "&nbsp;0").
 *     Lines left empty are dropped.  Navigation menus and footers around the
 *     report simply become more TEXT lines.
 *   - inside <pre>, each source line is one TEXT line kept as it is (tabs,
 *     spaces, empty lines): a report pasted as text into <pre> keeps the
 *     layouts of format-spec §13.
 *   - each <tr> of a <table> becomes exactly one ROW line, one cell per
 *     <td>/<th> in source order; `table` is the index of the <table> in
 *     document order (0, 1, ...).  Text inside a cell is joined: inline
 *     elements (<span>, <a>, <b>, ...) without a gap, <br> and block
 *     boundaries (<p>, <div>, ...) as one space.  Cells are trimmed like
 *     lines, so a cell holding only &nbsp; is "" - a blank.
 *   - rowspan/colspan are NOT expanded: a cell with colspan=3 is one cell,
 *     and a row under a rowspan has no cell for the spanned column.  Padding
 *     with "" cells would be read as blanks (missing values) by the reader,
 *     which anchors on row labels and reads the values that follow them
 *     (format-spec §13: "Don't rely on table geometry").
 *   - layout tables (see mark_layout: rows of one cell, a cell holding a
 *     heading or long prose, a layout table inside) are not data: their rows
 *     and cells are read as blocks, so an old page laid out in a <table>
 *     still gives its title, headings and prose as TEXT lines, and the
 *     report tables nested in it their ROW lines.  Layout tables still count
 *     in the table index.
 *   - a data table inside a data table's cell: its rows are ROW lines of
 *     their own (with their own index; they come before the outer row,
 *     which is emitted at its </tr>), and its text is not repeated in the
 *     outer cell.
 *   - malformed tables: a <td> directly in <table> opens a row of its own; a
 *     <td>/<tr> outside any table, or inside a cell without a table of its
 *     own, is an ordinary block.  Text in a table outside any cell (e.g.
 *     <caption>) becomes TEXT lines.
 * lineno is the source line: of the <tr> for a ROW line; for a TEXT line,
 * where its first character is (element lines from xmlGetLineNo, plus the
 * newlines of the text in between; libxml2 clamps element lines at 65535).
 */
#include <libxml/HTMLparser.h>
#include <libxml/SAX2.h>
#include <libxml/parserInternals.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "doc.h"

/* ---- a growable byte buffer ---------------------------------------------- */

typedef struct {
  char *s;
  size_t n, cap;
} sbuf;

static int sb_put(sbuf *b, const char *s, size_t n) {
  if (b->n + n + 1 > b->cap) {
    size_t cap = b->cap ? b->cap : 128;
    while (b->n + n + 1 > cap) cap *= 2;
    char *p = realloc(b->s, cap);
    if (!p) return 0;
    b->s = p;
    b->cap = cap;
  }
  memcpy(b->s + b->n, s, n);
  b->n += n;
  b->s[b->n] = '\0';
  return 1;
}

/* Trims ASCII whitespace, NBSP (C2 A0) and U+3000 (E3 80 80) at both ends. */
static const char *trim(const char *s, size_t n, size_t *outn) {
  const unsigned char *p = (const unsigned char *)s, *e = p + n;
  for (;;) {
    if (p < e && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '\f'))
      p++;
    else if (e - p >= 2 && p[0] == 0xC2 && p[1] == 0xA0)
      p += 2;
    else if (e - p >= 3 && p[0] == 0xE3 && p[1] == 0x80 && p[2] == 0x80)
      p += 3;
    else
      break;
  }
  for (;;) {
    if (e > p && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n' || e[-1] == '\r' || e[-1] == '\f'))
      e--;
    else if (e - p >= 2 && e[-2] == 0xC2 && e[-1] == 0xA0)
      e -= 2;
    else if (e - p >= 3 && e[-3] == 0xE3 && e[-2] == 0x80 && e[-1] == 0x80)
      e -= 3;
    else
      break;
  }
  *outn = (size_t)(e - p);
  return (const char *)p;
}

/* ---- walker state --------------------------------------------------------- */

typedef struct {
  xmlNodePtr node;  /* the <table> */
  int index;
  int row_open;
  xmlNodePtr row;   /* the open <tr>; NULL for a row opened by a stray <td> */
  int row_line;
  int cell_open;
  xmlNodePtr cell;
  sbuf cell_text;
  sbuf cells;       /* the closed cells of the open row, each followed by a NUL */
  size_t *cell_off; /* where each starts in cells */
  const char **cell_ptr; /* the same as pointers, made at the end of the row */
  int ncells, cap;
} table_ctx;

typedef struct {
  gl_doc *d;
  sbuf line;        /* the TEXT line being collected */
  long line_no;     /* its first line (0: nothing yet) */
  long cur_line;    /* the current source line, as far as known */
  int skip;         /* open ignored elements */
  int pre;          /* open <pre> elements */
  int pre_start;    /* right after <pre>: a first newline is dropped */
  table_ctx *tables;
  int ntables, tcap;
  int table_count;
  int oom;
} walker;

/* node->_private of a layout <table> (see mark_layout) */
static char layout_mark;
#define LAYOUT ((void *)&layout_mark)

static table_ctx *top(walker *w) { return w->ntables ? &w->tables[w->ntables - 1] : NULL; }

static int in_cell(walker *w) {
  table_ctx *t = top(w);
  return t && t->cell_open;
}

/* What the walk and mark_layout need to know about an element name, found
 * with one binary search per element (string comparisons against the lists
 * of skipped and block elements, several per element, were the walk's main
 * cost).
 *   TC_SKIP:      ignored with its content (script, style, svg, ...)
 *   TC_BLOCK:     a block: its boundaries end a TEXT line (one space in a cell)
 *   TC_CELLBLOCK: a block that counts towards "long prose" in a cell (mark_layout)
 * and the elements the walk treats specially. */
enum {
  TC_SKIP = 1,
  TC_BLOCK = 2,
  TC_CELLBLOCK = 4,
  TC_TABLE = 8,
  TC_TR = 16,
  TC_CELL = 32, /* td, th */
  TC_PRE = 64,
  TC_BR = 128
};

/* Sorted by name in strcmp order (tag_class searches it). */
static const struct {
  const char *name;
  unsigned char cls;
} TAGS[] = {
    {"address", TC_BLOCK},
    {"applet", TC_SKIP},
    {"article", TC_BLOCK | TC_CELLBLOCK},
    {"aside", TC_BLOCK},
    {"audio", TC_SKIP},
    {"blockquote", TC_BLOCK | TC_CELLBLOCK},
    {"body", TC_BLOCK},
    {"br", TC_BLOCK | TC_BR},
    {"canvas", TC_SKIP},
    {"caption", TC_BLOCK},
    {"center", TC_BLOCK | TC_CELLBLOCK},
    {"col", TC_BLOCK},
    {"colgroup", TC_BLOCK},
    {"datalist", TC_SKIP},
    {"dd", TC_BLOCK},
    {"details", TC_BLOCK},
    {"dialog", TC_BLOCK},
    {"dir", TC_BLOCK},
    {"div", TC_BLOCK | TC_CELLBLOCK},
    {"dl", TC_BLOCK | TC_CELLBLOCK},
    {"dt", TC_BLOCK},
    {"embed", TC_SKIP},
    {"fieldset", TC_BLOCK},
    {"figcaption", TC_BLOCK},
    {"figure", TC_BLOCK},
    {"footer", TC_BLOCK | TC_CELLBLOCK},
    {"form", TC_BLOCK | TC_CELLBLOCK},
    {"frame", TC_SKIP},
    {"frameset", TC_SKIP},
    {"h1", TC_BLOCK},
    {"h2", TC_BLOCK},
    {"h3", TC_BLOCK},
    {"h4", TC_BLOCK},
    {"h5", TC_BLOCK},
    {"h6", TC_BLOCK},
    {"head", TC_BLOCK},
    {"header", TC_BLOCK | TC_CELLBLOCK},
    {"hgroup", TC_BLOCK},
    {"hr", TC_BLOCK | TC_CELLBLOCK},
    {"html", TC_BLOCK},
    {"iframe", TC_SKIP},
    {"legend", TC_BLOCK},
    {"li", TC_BLOCK | TC_CELLBLOCK},
    {"listing", TC_BLOCK},
    {"main", TC_BLOCK},
    {"map", TC_SKIP},
    {"marquee", TC_BLOCK},
    {"math", TC_SKIP},
    {"menu", TC_BLOCK},
    {"nav", TC_BLOCK | TC_CELLBLOCK},
    {"noframes", TC_SKIP},
    {"noscript", TC_SKIP},
    {"object", TC_SKIP},
    {"ol", TC_BLOCK | TC_CELLBLOCK},
    {"optgroup", TC_BLOCK},
    {"option", TC_BLOCK},
    {"p", TC_BLOCK | TC_CELLBLOCK},
    {"plaintext", TC_BLOCK},
    {"pre", TC_BLOCK | TC_CELLBLOCK | TC_PRE},
    {"script", TC_SKIP},
    {"section", TC_BLOCK | TC_CELLBLOCK},
    {"select", TC_SKIP},
    {"style", TC_SKIP},
    {"summary", TC_BLOCK},
    {"svg", TC_SKIP},
    {"table", TC_TABLE},
    {"tbody", TC_BLOCK},
    {"td", TC_BLOCK | TC_CELL},
    {"template", TC_SKIP},
    {"textarea", TC_SKIP},
    {"tfoot", TC_BLOCK},
    {"th", TC_BLOCK | TC_CELL},
    {"thead", TC_BLOCK},
    {"title", TC_BLOCK},
    {"tr", TC_BLOCK | TC_TR},
    {"ul", TC_BLOCK | TC_CELLBLOCK},
    {"video", TC_SKIP},
    {"xmp", TC_BLOCK},
};

static unsigned tag_class(const xmlChar *name) {
  const char *s = (const char *)name;
  size_t lo = 0, hi = sizeof TAGS / sizeof TAGS[0];
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    const char *t = TAGS[mid].name;
    int r = (unsigned char)s[0] - (unsigned char)t[0]; /* strcmp's order, most often settled here */
    if (r == 0) r = strcmp(s, t);
    if (r == 0) return TAGS[mid].cls;
    if (r < 0) hi = mid;
    else lo = mid + 1;
  }
  return 0;
}

/* ---- emitting ------------------------------------------------------------- */

static void flush_line(walker *w) {
  size_t n;
  const char *s = trim(w->line.s ? w->line.s : "", w->line.n, &n);
  if (n && !gl_doc_add_text(w->d, s, n, (int)(w->line_no > INT_MAX ? 0 : w->line_no))) w->oom = 1;
  w->line.n = 0;
  w->line_no = 0;
}

/* In <pre>: the collected line as it is (possibly empty). */
static void flush_raw(walker *w) {
  long no = w->line_no ? w->line_no : w->cur_line;
  if (!gl_doc_add_text(w->d, w->line.s ? w->line.s : "", w->line.n, (int)(no > INT_MAX ? 0 : no)))
    w->oom = 1;
  w->line.n = 0;
  w->line_no = 0;
}

/* A block boundary: in a cell one space, in <pre> the end of a line, else
 * the end of the TEXT line. */
static void boundary(walker *w) {
  table_ctx *t = top(w);
  if (t && t->cell_open) {
    if (t->cell_text.n && t->cell_text.s[t->cell_text.n - 1] != ' ' && !sb_put(&t->cell_text, " ", 1))
      w->oom = 1;
  } else if (w->pre) {
    if (w->line.n) flush_raw(w);
  } else {
    flush_line(w);
  }
}

static void close_cell(walker *w, table_ctx *t) {
  if (!t->cell_open) return;
  t->cell_open = 0;
  t->cell = NULL;
  size_t n;
  const char *s = trim(t->cell_text.s ? t->cell_text.s : "", t->cell_text.n, &n);
  if (t->ncells == t->cap) {
    int cap = t->cap ? t->cap * 2 : 16;
    size_t *p = realloc(t->cell_off, (size_t)cap * sizeof *p);
    if (!p) {
      w->oom = 1;
      return;
    }
    t->cell_off = p;
    const char **q = realloc(t->cell_ptr, (size_t)cap * sizeof *q);
    if (!q) {
      w->oom = 1;
      return;
    }
    t->cell_ptr = q;
    t->cap = cap;
  }
  size_t off = t->cells.n;
  if (!sb_put(&t->cells, s, n)) { /* also writes the NUL after it */
    w->oom = 1;
    return;
  }
  t->cells.n++;
  t->cell_off[t->ncells++] = off;
  t->cell_text.n = 0;
}

static void free_table(table_ctx *t) {
  free(t->cell_text.s);
  free(t->cells.s);
  free(t->cell_off);
  free(t->cell_ptr);
}

static void close_row(walker *w, table_ctx *t) {
  close_cell(w, t);
  if (!t->row_open) return;
  for (int i = 0; i < t->ncells; i++) t->cell_ptr[i] = t->cells.s + t->cell_off[i];
  if (!gl_doc_add_row(w->d, t->cell_ptr, t->ncells, t->row_line, t->index)) w->oom = 1;
  t->ncells = 0;
  t->cells.n = 0;
  t->row_open = 0;
  t->row = NULL;
}

static void open_row(walker *w, table_ctx *t, xmlNodePtr tr, long line) {
  close_row(w, t);
  flush_line(w); /* stray text in the table before the row */
  t->row_open = 1;
  t->row = tr;
  t->row_line = line > 0 && line <= INT_MAX ? (int)line : 0;
}

/* ---- text ------------------------------------------------------------------ */

static void put(walker *w, sbuf *b, const char *s, size_t n) {
  if (n && !sb_put(b, s, n)) w->oom = 1;
}

static void text(walker *w, const xmlChar *content) {
  if (!content) return;
  const char *s = (const char *)content;
  if (w->skip) {
    for (; *s; s++)
      if (*s == '\n') w->cur_line++;
    return;
  }
  table_ctx *t = top(w);
  int cell = t && t->cell_open;
  if (w->pre && !cell) { /* kept as it is, one TEXT line per source line */
    while (*s) {
      if (w->pre_start) {
        w->pre_start = 0;
        if (*s == '\r') s++;
        if (*s == '\n') {
          s++;
          w->cur_line++;
          continue;
        }
      }
      size_t k = strcspn(s, "\r\n");
      if (k) {
        if (!w->line_no) w->line_no = w->cur_line;
        put(w, &w->line, s, k);
        s += k;
      }
      if (*s == '\r') {
        s++;
      } else if (*s == '\n') {
        flush_raw(w);
        w->cur_line++;
        s++;
      }
    }
    return;
  }
  w->pre_start = 0;
  sbuf *b = cell ? &t->cell_text : &w->line;
  while (*s) {
    size_t k = strcspn(s, " \t\n\r\f");
    if (k) {
      if (!cell && !w->line_no) w->line_no = w->cur_line;
      put(w, b, s, k);
      s += k;
    }
    if (*s) { /* a run of ASCII whitespace: one space, unless at the start */
      for (; *s == ' ' || *s == '\t' || *s == '\n' || *s == '\r' || *s == '\f'; s++)
        if (*s == '\n') w->cur_line++;
      if (b->n && b->s[b->n - 1] != ' ') put(w, b, " ", 1);
    }
  }
}

/* ---- elements ------------------------------------------------------------- */

static void enter(walker *w, xmlNodePtr n) {
  long ln = xmlGetLineNo(n);
  if (ln >= 65535) { /* libxml2 clamps: keep counting from the text */
    if (w->cur_line < 65535) w->cur_line = 65535;
  } else if (ln > 0) {
    w->cur_line = ln;
  }
  const xmlChar *name = n->name;
  if (!name) return;
  unsigned cls = tag_class(name);
  if (w->skip || (cls & TC_SKIP)) {
    if (cls & TC_SKIP) w->skip++;
    return;
  }
  table_ctx *t = top(w);
  if (cls & TC_TABLE) {
    boundary(w);
    w->table_count++;
    if (n->_private == LAYOUT) return; /* its rows and cells are blocks */
    if (w->ntables == w->tcap) {
      int cap = w->tcap ? w->tcap * 2 : 8;
      table_ctx *p = realloc(w->tables, (size_t)cap * sizeof *p);
      if (!p) {
        w->oom = 1;
        return; /* not pushed: its rows are read as blocks */
      }
      w->tables = p;
      w->tcap = cap;
    }
    t = &w->tables[w->ntables++];
    memset(t, 0, sizeof *t);
    t->node = n;
    t->index = w->table_count - 1;
    return;
  }
  if ((cls & TC_TR) && t && !t->cell_open) {
    open_row(w, t, n, ln);
    return;
  }
  if ((cls & TC_CELL) && t && !t->cell_open) {
    if (!t->row_open) {
      open_row(w, t, NULL, ln);
    } else {
      flush_line(w);
    }
    t->cell_open = 1;
    t->cell = n;
    t->cell_text.n = 0;
    return;
  }
  if ((cls & TC_PRE) && !in_cell(w)) {
    boundary(w);
    w->pre++;
    w->pre_start = 1;
    return;
  }
  if (cls & TC_BLOCK) boundary(w);
}

static void leave(walker *w, xmlNodePtr n) {
  const xmlChar *name = n->name;
  if (!name) return;
  unsigned cls = tag_class(name);
  if (w->skip) {
    if (cls & TC_SKIP) w->skip--;
    return;
  }
  table_ctx *t = top(w);
  if (t && n == t->node) {
    close_row(w, t);
    free_table(t);
    w->ntables--;
    boundary(w);
    return;
  }
  if (t && t->cell_open && n == t->cell) {
    close_cell(w, t);
    return;
  }
  if (t && t->row_open && t->row && n == t->row) {
    close_row(w, t);
    return;
  }
  if ((cls & TC_PRE) && w->pre && !in_cell(w)) {
    if (w->line.n) flush_raw(w);
    w->line_no = 0;
    w->pre--;
    w->pre_start = 0;
    return;
  }
  if ((cls & TC_TABLE) || (!(cls & TC_BR) && (cls & TC_BLOCK)))
    boundary(w);
}

/* ---- layout tables ---------------------------------------------------------- */

/* Marks layout tables (node->_private = LAYOUT) before the walk.  A table is
 * layout, not data, when none of its rows has more than one cell, when one
 * of its cells holds a heading (h1-h6) or is long prose (four or more blocks
 * - <p>, <div>, <li>, ... - and 200 bytes of text or more; a Word-exported
 * data cell has one or two <p>), or when it contains a layout table.  Old
 * government sites lay the whole page out in such tables: read as rows, the
 * report's title, headings and prose would end up inside one cell.  A data
 * table inside a data table stays data (its rows are rows of their own). */
typedef struct {
  xmlNodePtr node, cell;
  int row_cells, max_cells, cell_blocks, layout;
  size_t cell_text;
} scan_ctx;

static int is_heading(const xmlChar *name) {
  return name[0] == 'h' && name[1] >= '1' && name[1] <= '6' && name[2] == '\0';
}

static int mark_layout(xmlDocPtr doc) {
  scan_ctx *st = NULL;
  int n = 0, cap = 0, skip = 0;
  xmlNodePtr node = doc->children;
  while (node) {
    int descend = 0;
    if (node->type == XML_ELEMENT_NODE && node->name) {
      const xmlChar *name = node->name;
      descend = node->children != NULL;
      unsigned cls = tag_class(name);
      scan_ctx *t = n ? &st[n - 1] : NULL;
      if (skip || (cls & TC_SKIP)) {
        if (cls & TC_SKIP) skip++;
      } else if (cls & TC_TABLE) {
        if (n == cap) {
          int nc = cap ? cap * 2 : 8;
          scan_ctx *p = realloc(st, (size_t)nc * sizeof *p);
          if (!p) {
            free(st);
            return 0;
          }
          st = p;
          cap = nc;
        }
        t = &st[n++];
        memset(t, 0, sizeof *t);
        t->node = node;
      } else if (t && !t->cell && (cls & TC_TR)) {
        t->row_cells = 0;
      } else if (t && !t->cell && (cls & TC_CELL)) {
        t->cell = node;
        t->cell_blocks = 0;
        t->cell_text = 0;
        if (++t->row_cells > t->max_cells) t->max_cells = t->row_cells;
      } else if (t && t->cell) {
        if (is_heading(name)) t->layout = 1;
        if (cls & TC_CELLBLOCK) t->cell_blocks++;
      }
    } else if ((node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE) && !skip && n &&
               st[n - 1].cell && node->content) {
      st[n - 1].cell_text += strlen((const char *)node->content);
    }
    if (descend) {
      node = node->children;
      continue;
    }
    for (;;) {
      if (node->type == XML_ELEMENT_NODE && node->name) {
        if (skip) {
          if (tag_class(node->name) & TC_SKIP) skip--;
        } else if (n && node == st[n - 1].cell) {
          scan_ctx *t = &st[n - 1];
          if (t->cell_blocks >= 4 && t->cell_text >= 200) t->layout = 1;
          t->cell = NULL;
        } else if (n && node == st[n - 1].node) {
          scan_ctx *t = &st[--n];
          int layout = t->layout || t->max_cells <= 1;
          node->_private = layout ? LAYOUT : NULL;
          if (layout && n) st[n - 1].layout = 1;
        }
      }
      if (node->next) {
        node = node->next;
        break;
      }
      node = node->parent;
      if (!node || node->type != XML_ELEMENT_NODE) {
        node = NULL;
        break;
      }
    }
  }
  free(st);
  return 1;
}

static void walk(walker *w, xmlDocPtr doc) {
  xmlNodePtr n = doc->children;
  while (n && !w->oom) {
    int descend = 0;
    switch (n->type) {
      case XML_ELEMENT_NODE:
        enter(w, n);
        descend = n->children != NULL;
        break;
      case XML_TEXT_NODE:
      case XML_CDATA_SECTION_NODE:
        text(w, n->content);
        break;
      case XML_COMMENT_NODE:
        if (n->content)
          for (const xmlChar *c = n->content; *c; c++)
            if (*c == '\n') w->cur_line++;
        break;
      default: /* DTD, processing instructions, ...: not descended */
        break;
    }
    if (descend) {
      n = n->children;
      continue;
    }
    for (;;) {
      if (n->type == XML_ELEMENT_NODE) leave(w, n);
      if (n->next) {
        n = n->next;
        break;
      }
      n = n->parent;
      if (!n || n->type != XML_ELEMENT_NODE) {
        n = NULL;
        break;
      }
    }
  }
  while (w->ntables) { /* only after an out-of-memory stop */
    table_ctx *t = top(w);
    close_row(w, t);
    free_table(t);
    w->ntables--;
  }
  flush_line(w);
}

/* The tree is built without the elements' attributes: nothing here reads
 * them, and storing them (Word-exported pages put a style on every element)
 * was a fifth of libxml2's work.  The parser still reads and checks them. */
static void start_element(void *ctx, const xmlChar *name, const xmlChar **atts) {
  (void)atts;
  xmlSAX2StartElement(ctx, name, NULL);
}

int gl_doc_from_html(gl_doc *d, const char *html, size_t n, char *err, size_t errn) {
  if (n == 0) return 1;
  if (n > INT_MAX) {
    snprintf(err, errn, "HTML too large (%zu bytes)", n);
    return 0;
  }
  xmlInitParser();
  htmlParserCtxtPtr ctxt = htmlNewParserCtxt();
  if (!ctxt) {
    snprintf(err, errn, "out of memory");
    return 0;
  }
  if (ctxt->sax && ctxt->sax->startElement == xmlSAX2StartElement)
    ctxt->sax->startElement = start_element; /* the context's own copy of the handlers */
  int opts = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET |
             HTML_PARSE_COMPACT | HTML_PARSE_IGNORE_ENC;
  htmlDocPtr doc = htmlCtxtReadMemory(ctxt, html, (int)n, NULL, "UTF-8", opts);
  int ok = 1;
  if (ctxt->disableSAX) { /* libxml2 stopped: what it built is truncated */
    const xmlError *e = &ctxt->lastError;
    if (e->code == XML_ERR_INTERNAL_ERROR && e->message && strstr(e->message, "depth"))
      snprintf(err, errn, "HTML nested more than %u levels deep (line %d): not read",
               xmlParserMaxDepth, e->line);
    else if (e->code == XML_ERR_NO_MEMORY && e->message && strstr(e->message, "huge"))
      snprintf(err, errn, "HTML text too long without markup (line %d): not read", e->line);
    else {
      char msg[200];
      snprintf(msg, sizeof msg, "%s", e->message ? e->message : "unknown error");
      msg[strcspn(msg, "\n")] = '\0';
      snprintf(err, errn, "HTML parser stopped at line %d: %s", e->line, msg);
    }
    ok = 0;
  } else if (!doc) {
    snprintf(err, errn, "cannot parse the HTML");
    ok = 0;
  } else {
    walker w;
    memset(&w, 0, sizeof w);
    if (!mark_layout(doc)) w.oom = 1;
    w.d = d;
    w.cur_line = 1;
    if (!w.oom) walk(&w, doc);
    free(w.line.s);
    free(w.tables);
    if (w.oom) {
      snprintf(err, errn, "out of memory reading the HTML");
      ok = 0;
    }
  }
  if (doc) xmlFreeDoc(doc);
  htmlFreeParserCtxt(ctxt);
  return ok;
}
