/* import_html.c - HTML -> gl_doc with libxml2 (see doc.h).  STUB. */
#include <stdio.h>

#include "doc.h"

int gl_doc_from_html(gl_doc *d, const char *html, size_t n, char *err, size_t errn) {
  (void)d; (void)html; (void)n;
  snprintf(err, errn, "reading HTML is not supported yet");
  return 0;
}
