/* doc.h - a published document turned into lines, the common ground of the
 * importers:
 *
 *   bytes --decode (import_decode.c: BOM, UTF-8 check, GB18030 via iconv)--> UTF-8
 *         --text (import_text.c) or HTML (import_html.c, libxml2)--> gl_doc
 *         --read (import_read.c: title, sections, edition, table rows by label)--> gl_report
 *
 * A gl_doc is a sequence of lines.  A TEXT line is a line of the source as it
 * is (prose, or a table flattened to text in one of the layouts of
 * format-spec §13: the reader splits it).  A ROW line is a table row whose
 * cells are known exactly (an HTML <tr>): an empty cell there is a blank.
 */
#ifndef GOVLUA_DOC_H
#define GOVLUA_DOC_H

#include <stddef.h>

#include "model.h"

typedef enum { GL_LINE_TEXT = 0, GL_LINE_ROW = 1 } gl_line_kind;

typedef struct {
  char *text;        /* the cell's text, UTF-8, inner whitespace kept, ends trimmed */
} gl_doc_cell;

typedef struct {
  int kind;          /* gl_line_kind */
  int lineno;        /* 1-based line of the source document (0 if unknown) */
  char *text;        /* TEXT: the line without its newline; ROW: the cells joined by " | " */
  gl_doc_cell *cells;
  int ncells;        /* ROW only */
  int table;         /* ROW only: index of the <table> it belongs to (0, 1, ...) */
} gl_doc_line;

/* Storage of the lines' texts and cells: large blocks handed out in order
 * and freed together (one allocation per block, not per line or cell). */
typedef struct gl_doc_block gl_doc_block;

typedef struct {
  gl_doc_line *lines;
  int n, cap;
  char encoding[32]; /* the source encoding ("UTF-8", "GB18030", ...) */
  gl_doc_block *blocks; /* owned; the texts and cells of the lines point into them */
} gl_doc;

void gl_doc_init(gl_doc *d);
void gl_doc_free(gl_doc *d);
/* Appends a TEXT line (copied).  Returns 0 on OOM. */
int gl_doc_add_text(gl_doc *d, const char *s, size_t n, int lineno);
/* Appends a ROW line with ncells cells (copied).  Returns 0 on OOM. */
int gl_doc_add_row(gl_doc *d, const char *const *cells, int ncells, int lineno, int table);

/* Decodes bytes to UTF-8 (BOM removed; GB18030/GBK/GB2312 converted with
 * iconv when declared in a <meta charset> or when the bytes are not UTF-8).
 * Returns a malloc'd NUL-terminated string and sets *len and enc, or NULL
 * with a message in err. */
char *gl_decode_text(const char *data, size_t n, size_t *len, char *enc, size_t encn,
                     char *err, size_t errn);

/* Splits UTF-8 text into TEXT lines. */
int gl_doc_from_text(gl_doc *d, const char *text, size_t n, char *err, size_t errn);
/* Parses UTF-8 HTML (libxml2's HTML parser): tables become ROW lines,
 * other block text becomes TEXT lines.  Returns 0 with a message on failure. */
int gl_doc_from_html(gl_doc *d, const char *html, size_t n, char *err, size_t errn);

/* Reads the report out of the document.  What cannot be read becomes
 * import issues (rule "import", severity warning, path of the row or table)
 * and the cells stay missing.  Returns 0 with a message in err when the
 * document is not an annual report at all. */
int gl_doc_read(const gl_doc *d, gl_report *r, char *err, size_t errn);

#endif
