/* text.h - byte-level text helpers shared by the loaders. */
#ifndef GOVLUA_TEXT_H
#define GOVLUA_TEXT_H

#include <stddef.h>

/* Returns NULL when s[0..n) is valid UTF-8 without NUL bytes, else a
 * pointer to the first offending byte. */
const char *gl_utf8_check(const char *s, size_t n);

#endif
