/* import_read.c - gl_doc -> gl_report (see doc.h).  STUB. */
#include <stdio.h>

#include "doc.h"

int gl_doc_read(const gl_doc *d, gl_report *r, char *err, size_t errn) {
  (void)d; (void)r;
  snprintf(err, errn, "reading text reports is not supported yet");
  return 0;
}
