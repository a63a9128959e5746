/* import_decode.c - bytes -> UTF-8 (see doc.h).
 *
 * In this order:
 *   1. a UTF-8 BOM: removed; the rest must be UTF-8.
 *   2. a UTF-16 BOM (FF FE or FE FF): converted from UTF-16LE/BE with iconv.
 *   3. bytes that are valid UTF-8: taken as UTF-8.  A declared charset is
 *      ignored then, unless the text is pure ASCII (enc then names the
 *      declared charset): saved pages often keep a <meta charset=gb2312> of
 *      the original after the browser re-encoded them to UTF-8, while
 *      GB18030 Chinese prose that happens to be valid UTF-8 does not occur in
 *      practice (its lead bytes B0-F7 are UTF-8 continuation bytes or need
 *      continuation bytes where GB text has the next lead byte).
 *   4. otherwise the charset declared in the first 64 KiB (<meta charset=…>,
 *      <meta http-equiv content="…; charset=…">, <?xml … encoding=…?>):
 *      gb2312/gbk/gb18030 and their aliases → iconv "GB18030" (a superset of
 *      all three); another charset → iconv under its own name, or an error if
 *      iconv does not know it.  A declaration of UTF-8 (or UTF-16, which a
 *      <meta> cannot truthfully declare), of ASCII, or none at all → GB18030
 *      is tried as a detection.
 * A conversion that fails midway is an error naming the line and the byte
 * offset; so is a NUL character in the result.  Nothing is capped here: the
 * caller limits the input size; the work is linear in it.
 */
#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "doc.h"
#include "text.h"

/* ---- the declared charset ------------------------------------------------ */

static int lower(int c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }

/* Case-insensitive: does s[0..n) start with the lowercase word w? */
static int starts(const char *s, size_t n, const char *w) {
  size_t m = strlen(w);
  if (n < m) return 0;
  for (size_t i = 0; i < m; i++)
    if (lower((unsigned char)s[i]) != w[i]) return 0;
  return 1;
}

static int is_space(int c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

static int is_name(int c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_' || c == '.' || c == ':';
}

/* Reads `[ws] = [ws] [quote] name` at s[*i]; copies the name (at most outn-1
 * bytes) to out.  Returns 1 when a name was found. */
static int read_value(const char *s, size_t n, size_t *i, char *out, size_t outn) {
  size_t k = *i;
  while (k < n && is_space((unsigned char)s[k])) k++;
  if (k >= n || s[k] != '=') return 0;
  k++;
  while (k < n && (is_space((unsigned char)s[k]) || s[k] == '"' || s[k] == '\'')) k++;
  size_t m = 0;
  while (k < n && is_name((unsigned char)s[k])) {
    if (m + 1 < outn) out[m++] = s[k];
    k++;
  }
  out[m] = '\0';
  *i = k;
  return m > 0;
}

/* The charset declared in the head of the document, or "" when none. */
static void declared_charset(const char *s, size_t n, char *out, size_t outn) {
  out[0] = '\0';
  if (n > 65536) n = 65536;
  size_t i = 0;
  while (i < n && is_space((unsigned char)s[i])) i++;
  if (starts(s + i, n - i, "<?xml")) {
    for (size_t k = i + 5; k + 1 < n && !(s[k] == '?' && s[k + 1] == '>'); k++) {
      if (starts(s + k, n - k, "encoding")) {
        size_t j = k + 8;
        if (read_value(s, n, &j, out, outn)) return;
      }
    }
  }
  for (; i < n; i++) {
    if (s[i] != '<') continue;
    if (starts(s + i, n - i, "<!--")) { /* comments may hold commented-out metas */
      size_t k = i + 4;
      while (k + 2 < n && !(s[k] == '-' && s[k + 1] == '-' && s[k + 2] == '>')) k++;
      i = k;
      continue;
    }
    if (!starts(s + i, n - i, "<meta") || i + 5 >= n || !(is_space((unsigned char)s[i + 5]) || s[i + 5] == '/'))
      continue;
    size_t k = i + 5;
    for (; k < n && s[k] != '>'; k++) {
      if (starts(s + k, n - k, "charset")) {
        size_t j = k + 7;
        if (read_value(s, n, &j, out, outn)) return;
      }
    }
    i = k;
  }
}

typedef enum { CS_NONE, CS_GB, CS_OTHER } cs_kind;

/* Classifies a declared charset; for CS_GB and CS_NONE, canon is set to the
 * name used ("GB18030" / "UTF-8"), for CS_OTHER to the name as declared,
 * uppercased. */
static cs_kind classify(const char *name, char *canon, size_t canonn) {
  static const char *const gb[] = {"gb2312", "gbk", "gb18030", "x-gbk", "cp936", "ms936",
                                   "windows-936", "euc-cn", "x-euc-cn", "csgb2312", "csgbk",
                                   "gb_2312-80", "gb_2312", "chinese", "iso-ir-58",
                                   "csiso58gb231280", NULL};
  static const char *const none[] = {"", "utf-8", "utf8", "unicode-1-1-utf-8", "utf-16",
                                     "utf-16le", "utf-16be", "unicode", "ucs-2", "us-ascii",
                                     "ascii", NULL};
  char l[64];
  size_t m = 0;
  for (; name[m] && m + 1 < sizeof l; m++) l[m] = (char)lower((unsigned char)name[m]);
  l[m] = '\0';
  for (int i = 0; none[i]; i++)
    if (strcmp(l, none[i]) == 0) {
      snprintf(canon, canonn, "UTF-8");
      return CS_NONE;
    }
  for (int i = 0; gb[i]; i++)
    if (strcmp(l, gb[i]) == 0) {
      snprintf(canon, canonn, "GB18030");
      return CS_GB;
    }
  size_t k = 0;
  for (; name[k] && k + 1 < canonn; k++)
    canon[k] = (char)(name[k] >= 'a' && name[k] <= 'z' ? name[k] - 32 : name[k]);
  canon[k] = '\0';
  return CS_OTHER;
}

/* ---- conversion ---------------------------------------------------------- */

/* 1-based line of byte offset off: counts '\n' (for UTF-16: code units
 * 0x000A; unit is 2 and be says the byte order). */
static long line_of(const char *s, size_t off, int unit, int be) {
  long line = 1;
  if (unit == 2) {
    for (size_t i = 0; i + 2 <= off; i += 2) {
      unsigned a = (unsigned char)s[i], b = (unsigned char)s[i + 1];
      if (be ? (a == 0 && b == 0x0A) : (a == 0x0A && b == 0)) line++;
    }
    return line;
  }
  for (size_t i = 0; i < off; i++)
    if (s[i] == '\n') line++;
  return line;
}

typedef enum { CV_OK, CV_UNKNOWN, CV_INVALID, CV_TRUNCATED, CV_OOM } cv_result;

/* Converts data[0..n) from `from` to UTF-8.  On CV_INVALID/CV_TRUNCATED
 * *bad is the offset of the offending byte in data. */
static cv_result convert(const char *from, const char *data, size_t n, char **out, size_t *outlen,
                         size_t *bad) {
  *out = NULL;
  iconv_t cd = iconv_open("UTF-8", from);
  if (cd == (iconv_t)-1) return CV_UNKNOWN;
  size_t cap = n + n / 2 + 64;
  char *buf = malloc(cap + 1);
  if (!buf) {
    iconv_close(cd);
    return CV_OOM;
  }
  char *in = (char *)data, *op = buf;
  size_t inleft = n, outleft = cap;
  cv_result res = CV_OK;
  for (int flushing = 0;;) {
    size_t r = flushing ? iconv(cd, NULL, NULL, &op, &outleft) : iconv(cd, &in, &inleft, &op, &outleft);
    if (r != (size_t)-1) {
      if (flushing) break;
      flushing = 1; /* stateful encodings: emit the final shift sequence */
      continue;
    }
    if (errno == E2BIG) {
      size_t used = (size_t)(op - buf);
      char *nb = cap > ((size_t)-1 - 1) / 2 ? NULL : realloc(buf, cap * 2 + 1);
      if (!nb) {
        res = CV_OOM;
        break;
      }
      buf = nb;
      cap *= 2;
      op = buf + used;
      outleft = cap - used;
      continue;
    }
    *bad = (size_t)(in - data);
    res = errno == EINVAL ? CV_TRUNCATED : CV_INVALID;
    break;
  }
  iconv_close(cd);
  if (res != CV_OK) {
    free(buf);
    return res;
  }
  *outlen = (size_t)(op - buf);
  buf[*outlen] = '\0';
  *out = buf;
  return CV_OK;
}

/* Hands back converted text after checking it: valid UTF-8 without NUL. */
static char *finish(char *out, size_t outlen, size_t *len, char *err, size_t errn) {
  const char *p = gl_utf8_check(out, outlen);
  if (p) {
    long line = line_of(out, (size_t)(p - out), 1, 0);
    if (*p == '\0')
      snprintf(err, errn, "NUL character at line %ld: not a text document", line);
    else
      snprintf(err, errn, "invalid UTF-8 after conversion at line %ld", line);
    free(out);
    return NULL;
  }
  *len = outlen;
  return out;
}

static void describe(char *err, size_t errn, const char *what, cv_result r, const char *data,
                     size_t bad, int unit, int be) {
  if (r == CV_OOM)
    snprintf(err, errn, "out of memory decoding %s", what);
  else if (r == CV_UNKNOWN)
    snprintf(err, errn, "unsupported character encoding \"%s\"", what);
  else
    snprintf(err, errn, "%s %s at line %ld (byte offset %zu)",
             r == CV_TRUNCATED ? "truncated" : "invalid", what, line_of(data, bad, unit, be), bad);
}

char *gl_decode_text(const char *data, size_t n, size_t *len, char *enc, size_t encn,
                     char *err, size_t errn) {
  char *out = NULL;
  size_t outlen = 0, bad = 0;
  cv_result r;

  /* 1. UTF-8 BOM */
  if (n >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
    const char *p = gl_utf8_check(data + 3, n - 3);
    if (p) {
      size_t off = (size_t)(p - data);
      if (*p == '\0')
        snprintf(err, errn, "NUL character at line %ld (byte offset %zu): not a text document",
                 line_of(data, off, 1, 0), off);
      else
        snprintf(err, errn, "invalid UTF-8 at line %ld (byte offset %zu) after a UTF-8 byte order mark",
                 line_of(data, off, 1, 0), off);
      return NULL;
    }
    snprintf(enc, encn, "UTF-8");
    *len = n - 3;
    out = gl_strndup(data + 3, n - 3);
    if (!out) snprintf(err, errn, "out of memory");
    return out;
  }

  /* 2. UTF-16 BOM */
  if (n >= 2 && ((unsigned char)data[0] == 0xFF && (unsigned char)data[1] == 0xFE)) {
    r = convert("UTF-16LE", data + 2, n - 2, &out, &outlen, &bad);
    if (r != CV_OK) {
      describe(err, errn, "UTF-16LE", r, data, bad + 2, 2, 0);
      return NULL;
    }
    snprintf(enc, encn, "UTF-16LE");
    return finish(out, outlen, len, err, errn);
  }
  if (n >= 2 && ((unsigned char)data[0] == 0xFE && (unsigned char)data[1] == 0xFF)) {
    r = convert("UTF-16BE", data + 2, n - 2, &out, &outlen, &bad);
    if (r != CV_OK) {
      describe(err, errn, "UTF-16BE", r, data, bad + 2, 2, 1);
      return NULL;
    }
    snprintf(enc, encn, "UTF-16BE");
    return finish(out, outlen, len, err, errn);
  }

  char declared[64], canon[64];
  declared_charset(data, n, declared, sizeof declared);
  cs_kind kind = classify(declared, canon, sizeof canon);

  /* 3. valid UTF-8 */
  const char *p = gl_utf8_check(data, n);
  if (!p) {
    int ascii = 1;
    for (size_t i = 0; i < n && ascii; i++)
      if ((unsigned char)data[i] >= 0x80) ascii = 0;
    snprintf(enc, encn, "%s", ascii && kind != CS_NONE ? canon : "UTF-8");
    *len = n;
    out = gl_strndup(data, n);
    if (!out) snprintf(err, errn, "out of memory");
    return out;
  }
  size_t utf8_bad = (size_t)(p - data);
  if (*p == '\0') {
    snprintf(err, errn, "NUL character at line %ld (byte offset %zu): not a text document",
             line_of(data, utf8_bad, 1, 0), utf8_bad);
    return NULL;
  }

  /* 4. declared or detected */
  if (kind == CS_OTHER) {
    r = convert(canon, data, n, &out, &outlen, &bad);
    if (r != CV_OK) {
      describe(err, errn, canon, r, data, bad, 1, 0);
      return NULL;
    }
    snprintf(enc, encn, "%s", canon);
    return finish(out, outlen, len, err, errn);
  }
  r = convert("GB18030", data, n, &out, &outlen, &bad);
  if (r != CV_OK) {
    if (kind == CS_GB || r == CV_OOM || r == CV_UNKNOWN)
      describe(err, errn, "GB18030", r, data, bad, 1, 0);
    else
      snprintf(err, errn,
               "neither UTF-8 (invalid at line %ld, byte offset %zu) nor GB18030 (%s at line %ld, "
               "byte offset %zu)",
               line_of(data, utf8_bad, 1, 0), utf8_bad, r == CV_TRUNCATED ? "truncated" : "invalid",
               line_of(data, bad, 1, 0), bad);
    return NULL;
  }
  snprintf(enc, encn, "GB18030");
  return finish(out, outlen, len, err, errn);
}
