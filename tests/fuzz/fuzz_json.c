/* libFuzzer harness: report JSON -> gl_report (json_parse.c + the schema
 * walk), and the parser alone: a document it accepts is valid UTF-8 without
 * NUL bytes (the loader relies on that) and a consistent tree.
 * Built only with -DGOVLUA_FUZZ=ON (clang); see tests/CMakeLists.txt. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "json_parse.h"
#include "load.h"
#include "text.h"

/* Checks the tree under v (depth counts containers). */
static void check_tree(gl_jval *v, int depth) {
  if (v->type == GL_JSTRING) {
    if ((v->flags & GL_JF_TERM) && v->u.str.s[v->u.str.len] != '\0') __builtin_trap();
    if (!(v->flags & GL_JF_NUL) && memchr(v->u.str.s, '\0', v->u.str.len)) __builtin_trap();
    if (gl_utf8_check(v->u.str.s, gl_json_strclen(v))) __builtin_trap();
    return;
  }
  if (v->type != GL_JARRAY && v->type != GL_JOBJECT) return;
  if (depth > GL_JSON_MAX_DEPTH) __builtin_trap();
  size_t n = 0;
  for (gl_jval *k = v->u.kids.first; k; k = k->next, n++) {
    if ((v->type == GL_JOBJECT) != (k->key != NULL)) __builtin_trap();
    if (v->type == GL_JOBJECT && gl_json_getn(v, k->key, k->klen) == NULL) __builtin_trap();
    check_tree(k, depth + 1);
  }
  if (n != v->u.kids.n) __builtin_trap();
  if (gl_json_dedupe(v) > n) __builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const char *s = (const char *)data;
  gl_report r;
  gl_report_init(&r);
  char err[512];
  err[0] = '\0';
  if (gl_load_json(NULL, s, size, &r, err, sizeof err) != GL_LOAD_OK && !err[0]) __builtin_trap();
  gl_report_clear(&r);

  gl_json_doc doc;
  gl_json_error je;
  if (gl_json_parse(s, size, &doc, &je)) {
    if (!doc.root || gl_utf8_check(s, size)) __builtin_trap();
    check_tree(doc.root, 1);
  } else if (doc.root || je.offset > size || !je.msg[0] || je.line < 1 || je.column < 1) {
    __builtin_trap();
  }
  gl_json_free(&doc);
  return 0;
}
