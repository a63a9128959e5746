/* text.h - byte-level text helpers shared by the loaders. */
#ifndef GOVLUA_TEXT_H
#define GOVLUA_TEXT_H

#include <stddef.h>

/* Returns NULL when s[0..n) is valid UTF-8 without NUL bytes, else a
 * pointer to the first offending byte. */
const char *gl_utf8_check(const char *s, size_t n);

/* Length of the whitespace character at p (e: end of the text), 0 if none:
 * ASCII blanks (and '\n' when newline is set), U+00A0, U+2002, U+2003,
 * U+2009, U+200B, U+3000, U+FEFF -- the spaces of imported Chinese text,
 * which govlua.core.normalize and the prose helpers remove. */
size_t gl_space_at(const unsigned char *p, const unsigned char *e, int newline);

/* Whether out[0..n) ends with a sentence stop: ! ? ; 。 ！ ？ ； */
int gl_ends_sentence(const unsigned char *out, size_t n);

/* The one pass of govlua.core.normalize over p[0..n) into out (room for n
 * bytes; returns the length): full-width digits -> ASCII; with compact,
 * also ％ -> %, whitespace removed, and a line break kept only right after a
 * sentence stop; without, every run of whitespace becomes one space, trimmed.
 * (compact mode's closing line break and thousands separators are the
 * caller's.) */
size_t gl_normalize(const unsigned char *p, size_t n, unsigned char *out, int compact);

/* Writes v in decimal (what Lua's tostring prints) so that it ends at
 * `end`, the end of a buffer of at least GL_INTEGER_CHARS bytes; returns
 * where it starts (no terminating NUL). */
#define GL_INTEGER_CHARS 24
char *gl_integer_text(char *end, long long v);

/* Drops thousands separators in place (a comma between a digit and exactly
 * three digits: "1,234" -> "1234"); returns the new length. */
size_t gl_drop_thousands(unsigned char *s, size_t n);

#endif
