/* libFuzzer harness: a published document (text or HTML, any encoding)
 * -> gl_report, through decode, the text/HTML stages and the table reader.
 * Built only with -DGOVLUA_FUZZ=ON (clang); see tests/CMakeLists.txt. */
#include <stddef.h>
#include <stdint.h>

#include "input.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  gl_report r;
  gl_report_init(&r);
  char err[512];
  gl_import_document((const char *)data, size, NULL, &r, err, sizeof err);
  gl_report_clear(&r);
  return 0;
}
