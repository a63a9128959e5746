/* import_decode.c - bytes -> UTF-8 (see doc.h).  STUB: UTF-8 only. */
#include <stdio.h>
#include <string.h>

#include "doc.h"
#include "text.h"

char *gl_decode_text(const char *data, size_t n, size_t *len, char *enc, size_t encn,
                     char *err, size_t errn) {
  if (n >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
    data += 3;
    n -= 3;
  }
  if (gl_utf8_check(data, n)) {
    snprintf(err, errn, "not UTF-8 (other encodings: not supported yet)");
    return NULL;
  }
  snprintf(enc, encn, "UTF-8");
  *len = n;
  return gl_strndup(data, n);
}
