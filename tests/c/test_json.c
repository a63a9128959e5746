/* test_json.c - unit tests of the JSON parser (core/json_parse.c) and of
 * what the report loader (gl_load_json) makes of its results and errors.
 *
 * No framework: CHECK macros count passes and failures, print file:line
 * and the failed expression, and the last line is "N passed, M failed". */
#define _POSIX_C_SOURCE 200809L
#include <float.h>
#include <locale.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json_parse.h"
#include "load.h"
#include "model.h"
#include "sandbox.h" /* gl_read_file */

#ifndef GOVLUA_SOURCE_DIR
#define GOVLUA_SOURCE_DIR "."
#endif

#include "check.h"

/* ---- helpers -------------------------------------------------------------- */

/* Parses s (n bytes) into doc; reports a failure at the caller's line. */
static const gl_jval *parse_n_(gl_json_doc *doc, const char *s, size_t n, int line) {
  gl_json_error err;
  if (gl_json_parse(s, n, doc, &err)) return doc->root;
  check_(0, __FILE__, line, "gl_json_parse succeeds");
  printf("     input \"%.60s\": %s (line %ld, column %ld)\n", s, err.msg, err.line, err.column);
  return NULL;
}
#define PARSE_N(doc, s, n) parse_n_(doc, s, n, __LINE__)
#define PARSE(doc, s) parse_n_(doc, s, strlen(s), __LINE__)

/* Expects s (n bytes) to be refused with a message containing msg (NULL:
 * any) at line/column (0: not checked). */
static void reject_n_(const char *s, size_t n, const char *msg, long line, long col, int at) {
  gl_json_doc doc;
  gl_json_error err;
  int ok = gl_json_parse(s, n, &doc, &err);
  if (!check_(!ok, __FILE__, at, "gl_json_parse refuses the input")) {
    printf("     input \"%.60s\" was accepted\n", s);
    gl_json_free(&doc);
    return;
  }
  check_(doc.root == NULL && doc.chunks == NULL, __FILE__, at, "a refused parse holds nothing");
  if (msg && !check_(strstr(err.msg, msg) != NULL, __FILE__, at, "message mentions msg"))
    printf("     message \"%s\" lacks \"%s\"\n", err.msg, msg);
  if (line) check_int_(err.line, line, __FILE__, at, "error line");
  if (col) check_int_(err.column, col, __FILE__, at, "error column");
  check_(err.offset <= n, __FILE__, at, "error offset within the input");
  gl_json_free(&doc);
}
#define REJECT(s, msg) reject_n_(s, strlen(s), msg, 0, 0, __LINE__)
#define REJECT_AT(s, msg, line, col) reject_n_(s, strlen(s), msg, line, col, __LINE__)
#define REJECT_N(s, n, msg) reject_n_(s, n, msg, 0, 0, __LINE__)

/* The full message of a refused input ("" if accepted). */
static const char *message_of(const char *s) {
  static char buf[256];
  gl_json_doc doc;
  gl_json_error err;
  buf[0] = '\0';
  if (gl_json_parse(s, strlen(s), &doc, &err))
    gl_json_free(&doc);
  else
    snprintf(buf, sizeof buf, "%s (line %ld, column %ld)", err.msg, err.line, err.column);
  return buf;
}

/* The double strtod gives in the C locale (the reference). */
static double ref(const char *s) { return strtod(s, NULL); }

/* Parses "[NUMBER]" and returns the element. */
static const gl_jval *num(gl_json_doc *doc, const char *text) {
  char buf[1024];
  snprintf(buf, sizeof buf, "[%s]", text);
  const gl_jval *v = PARSE(doc, buf);
  if (!v || !v->u.kids.first || v->u.kids.first->type != GL_JNUMBER) {
    CHECKM(0, "%s is not read as a number", text);
    return NULL;
  }
  return v->u.kids.first;
}

static int is_float(gl_json_doc *doc, const char *text, double want) {
  const gl_jval *v = num(doc, text);
  int ok = v && !(v->flags & GL_JF_INT) &&
           (v->u.num.d == want || (isnan(want) && isnan(v->u.num.d))) &&
           signbit(v->u.num.d) == signbit(want);
  if (!ok && v)
    printf("     %s -> %s %.17g (expected %.17g)\n", text, v->flags & GL_JF_INT ? "int" : "double",
           v->flags & GL_JF_INT ? (double)v->u.num.i : v->u.num.d, want);
  gl_json_free(doc);
  return ok;
}

static int is_int(gl_json_doc *doc, const char *text, int64_t want) {
  const gl_jval *v = num(doc, text);
  int ok = v && (v->flags & GL_JF_INT) && v->u.num.i == want;
  if (!ok && v) printf("     %s -> not the integer %lld\n", text, (long long)want);
  gl_json_free(doc);
  return ok;
}

/* ---- valid documents -------------------------------------------------------- */

static void test_valid(void) {
  gl_json_doc doc;
  const gl_jval *v;

  /* every kind of top-level value, with the four kinds of white space */
  v = PARSE(&doc, " \t\r\n null \n");
  CHECK(v && v->type == GL_JNULL);
  gl_json_free(&doc);
  v = PARSE(&doc, "true");
  CHECK(v && v->type == GL_JTRUE);
  gl_json_free(&doc);
  v = PARSE(&doc, "false");
  CHECK(v && v->type == GL_JFALSE);
  gl_json_free(&doc);
  v = PARSE(&doc, "\"x\"");
  CHECK(v && v->type == GL_JSTRING && v->u.str.len == 1 && v->u.str.s[0] == 'x');
  gl_json_free(&doc);
  v = PARSE(&doc, "-12");
  CHECK(v && v->type == GL_JNUMBER && (v->flags & GL_JF_INT) && v->u.num.i == -12);
  gl_json_free(&doc);
  v = PARSE(&doc, "[]");
  CHECK(v && v->type == GL_JARRAY && v->u.kids.n == 0 && v->u.kids.first == NULL);
  gl_json_free(&doc);
  v = PARSE(&doc, "{ }");
  CHECK(v && v->type == GL_JOBJECT && v->u.kids.n == 0);
  gl_json_free(&doc);
  gl_json_free(&doc); /* twice is harmless */

  /* a nested document, members in document order */
  const char *text = "{\"a\": [1, 2.5, \"s\", null, true, false, {}, []],\n"
                     " \"b\": {\"c\": {\"d\": \"中文\"}}, \"\": 0}";
  v = PARSE(&doc, text);
  if (v) {
    CHECK_INT(v->u.kids.n, 3);
    const gl_jval *a = gl_json_get(v, "a");
    CHECK(a && a->type == GL_JARRAY && a->u.kids.n == 8);
    static const int types[8] = {GL_JNUMBER, GL_JNUMBER, GL_JSTRING, GL_JNULL,
                                 GL_JTRUE,   GL_JFALSE,  GL_JOBJECT, GL_JARRAY};
    int i = 0;
    for (const gl_jval *e = a ? a->u.kids.first : NULL; e; e = e->next, i++) {
      CHECK_INT(e->type, types[i]);
      CHECK(e->key == NULL);
    }
    CHECK_INT(i, 8);
    const gl_jval *d = gl_json_get(gl_json_get(gl_json_get(v, "b"), "c"), "d");
    CHECK(d && d->type == GL_JSTRING && d->u.str.len == 6 && memcmp(d->u.str.s, "中文", 6) == 0);
    /* a string without escapes is not copied */
    CHECK(d && d->u.str.s > text && d->u.str.s < text + strlen(text) && !(d->flags & GL_JF_TERM));
    const gl_jval *empty = gl_json_get(v, "");
    CHECK(empty && empty->klen == 0 && empty->u.num.i == 0);
    CHECK(gl_json_get(v, "c") == NULL);
    CHECK(gl_json_get(a, "a") == NULL);  /* not an object */
    CHECK(gl_json_get(NULL, "a") == NULL);
    CHECK(v->u.kids.first->key == text + 2); /* keys point into the input too */
  }
  gl_json_free(&doc);

  /* exactly GL_JSON_MAX_DEPTH levels */
  char deep[2 * GL_JSON_MAX_DEPTH + 1];
  for (int i = 0; i < GL_JSON_MAX_DEPTH; i++) {
    deep[i] = '[';
    deep[2 * GL_JSON_MAX_DEPTH - 1 - i] = ']';
  }
  deep[2 * GL_JSON_MAX_DEPTH] = '\0';
  v = PARSE(&doc, deep);
  gl_json_free(&doc);

  /* many values: the arena grows over several chunks */
  size_t n = 200000;
  char *big = malloc(2 * n + 2);
  big[0] = '[';
  for (size_t i = 0; i < n; i++) {
    big[1 + 2 * i] = (char)('0' + i % 10);
    big[2 + 2 * i] = i + 1 < n ? ',' : ']';
  }
  v = PARSE_N(&doc, big, 2 * n + 1);
  if (v) {
    CHECK_INT(v->u.kids.n, n);
    size_t count = 0, sum = 0;
    for (const gl_jval *e = v->u.kids.first; e; e = e->next, count++) sum += (size_t)e->u.num.i;
    CHECK_INT(count, n);
    CHECK_INT(sum, 4.5 * n);
  }
  gl_json_free(&doc);
  free(big);

  /* the input need not be NUL-terminated: only len bytes are read */
  v = PARSE_N(&doc, "[1]xyz", 3);
  CHECK(v && v->type == GL_JARRAY && v->u.kids.n == 1);
  gl_json_free(&doc);
  v = PARSE_N(&doc, "12345", 2);
  CHECK(v && v->u.num.i == 12);
  gl_json_free(&doc);

  CHECK_STR(gl_json_type_name(GL_JNULL), "null");
  CHECK_STR(gl_json_type_name(GL_JTRUE), "boolean");
  CHECK_STR(gl_json_type_name(GL_JFALSE), "boolean");
  CHECK_STR(gl_json_type_name(GL_JNUMBER), "number");
  CHECK_STR(gl_json_type_name(GL_JSTRING), "string");
  CHECK_STR(gl_json_type_name(GL_JARRAY), "array");
  CHECK_STR(gl_json_type_name(GL_JOBJECT), "object");
}

/* ---- numbers ------------------------------------------------------------------- */

static void test_numbers(void) {
  gl_json_doc doc;
  /* integers that fit int64 stay integers, exactly */
  CHECK(is_int(&doc, "0", 0));
  CHECK(is_int(&doc, "-0", 0));
  CHECK(is_int(&doc, "7", 7));
  CHECK(is_int(&doc, "-42", -42));
  CHECK(is_int(&doc, "9007199254740993", 9007199254740993LL)); /* 2^53 + 1 */
  CHECK(is_int(&doc, "9223372036854775807", INT64_MAX));
  CHECK(is_int(&doc, "-9223372036854775808", INT64_MIN));
  /* beyond int64: doubles */
  CHECK(is_float(&doc, "9223372036854775808", 9223372036854775808.0));
  CHECK(is_float(&doc, "-9223372036854775809", -9223372036854775809.0));
  CHECK(is_float(&doc, "18446744073709551616", 18446744073709551616.0));
  CHECK(is_float(&doc, "123456789012345678901234567890", ref("123456789012345678901234567890")));
  /* fractions and exponents are doubles, even when integral */
  CHECK(is_float(&doc, "1.0", 1.0));
  CHECK(is_float(&doc, "1e2", 100.0));
  CHECK(is_float(&doc, "1E+2", 100.0));
  CHECK(is_float(&doc, "-0.0", -0.0));
  CHECK(is_float(&doc, "1.5", 1.5));
  CHECK(is_float(&doc, "-2.25e-3", -2.25e-3));
  CHECK(is_float(&doc, "0.1", 0.1));
  CHECK(is_float(&doc, "123.456e2", ref("123.456e2")));
  CHECK(is_float(&doc, "4166.241619", 4166.241619));
  CHECK(is_float(&doc, "0.000001", 1e-6));
  CHECK(is_float(&doc, "1e22", 1e22));
  CHECK(is_float(&doc, "1e23", 1e23));
  CHECK(is_float(&doc, "9007199254740993.0", ref("9007199254740993.0")));
  CHECK(is_float(&doc, "3.14159265358979323846264338327950288", 3.14159265358979323846264338327950288));
  CHECK(is_float(&doc, "1.7976931348623157e308", DBL_MAX));
  CHECK(is_float(&doc, "2.2250738585072014e-308", DBL_MIN));
  CHECK(is_float(&doc, "4.9406564584124654e-324", ref("4.9406564584124654e-324"))); /* denormal */
  CHECK(is_float(&doc, "0.1000000000000000055511151231257827021181583404541015625", 0.1));
  CHECK(is_float(&doc, "1000000000000000000000", 1e21));
  CHECK(is_float(&doc, "0e999999999999999999999", 0.0));
  CHECK(is_float(&doc, "1e-400", 0.0));
  /* beyond the range of a double: +-HUGE_VAL (the loader reports them) */
  CHECK(is_float(&doc, "1e400", HUGE_VAL));
  CHECK(is_float(&doc, "-1e400", -HUGE_VAL));
  CHECK(is_float(&doc, "1e99999999999999999999999", HUGE_VAL));
  /* many digits: the slow path */
  char many[700];
  memset(many, '9', 600);
  strcpy(many + 600, ".5e-600");
  CHECK(is_float(&doc, many, ref(many)));

  /* the same results under a locale whose decimal point is a comma */
  const char *locs[] = {"de_DE.UTF-8", "de_DE.utf8", "fr_FR.UTF-8", "ru_RU.UTF-8", NULL};
  const char *got = NULL;
  for (int i = 0; locs[i] && !got; i++) got = setlocale(LC_NUMERIC, locs[i]);
  if (got && strtod("1,5", NULL) == 1.5) {
    CHECK(is_float(&doc, "1.5", 1.5));
    CHECK(is_float(&doc, "3.14159265358979323846264338327950288", 3.14159265358979323846264338327950288));
    CHECK(is_float(&doc, "123456789012345678901.5", 123456789012345678901.5));
    CHECK(is_float(&doc, "0.1000000000000000055511151231257827021181583404541015625", 0.1));
  } else {
    printf("(no locale with a decimal comma installed: the locale check is skipped)\n");
  }
  setlocale(LC_NUMERIC, "C");

  /* what RFC 8259 does not allow */
  REJECT_AT("[NaN]", "expected a value, found 'NaN'", 1, 2);
  REJECT("[Infinity]", "expected a value, found 'Infinity'");
  REJECT("[-Infinity]", "invalid number: a digit must follow '-', found 'Infinity'");
  REJECT("[nan]", "'nan'");
  REJECT("[0x1F]", "invalid number, found 'x1F'");
  REJECT("[+1]", "invalid number: a leading '+' is not allowed");
  REJECT_AT("[01]", "invalid number: leading zero", 1, 2);
  REJECT("[-01]", "leading zero");
  REJECT("[00]", "leading zero");
  REJECT_AT("[1.]", "invalid number: a digit must follow '.', found ']'", 1, 4);
  REJECT("[1.e5]", "a digit must follow '.'");
  REJECT_AT("[.5]", "invalid number: a digit must come before '.'", 1, 2);
  REJECT("[-]", "a digit must follow '-'");
  REJECT("[- 1]", "a digit must follow '-'");
  REJECT("[1e]", "the exponent needs a digit");
  REJECT("[1e+]", "the exponent needs a digit");
  REJECT("[1.5.3]", "invalid number, found '.'");
  REJECT("[1x]", "invalid number");
  REJECT("[1-2]", "invalid number");
  REJECT("-", "a digit must follow '-', found the end of the input");
  REJECT("[1", "expected ',' or ']' after an array element, found the end of the input");
}

/* ---- strings ----------------------------------------------------------------- */

static void test_strings(void) {
  gl_json_doc doc;
  const gl_jval *v;

  v = PARSE(&doc, "\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"");
  CHECK(v && v->u.str.len == 8 && memcmp(v->u.str.s, "\"\\/\b\f\n\r\t", 8) == 0);
  CHECK(v && (v->flags & GL_JF_TERM) && v->u.str.s[v->u.str.len] == '\0');
  gl_json_free(&doc);
  v = PARSE(&doc, "\"a\\u0041\\u00e9\\u4E2D\\ud83d\\ude00z\"");
  CHECK(v && v->u.str.len == 1 + 1 + 2 + 3 + 4 + 1 &&
        memcmp(v->u.str.s, "aA\xC3\xA9\xE4\xB8\xAD\xF0\x9F\x98\x80z", 12) == 0);
  CHECK(v && !(v->flags & GL_JF_NUL));
  gl_json_free(&doc);
  /* U+0000 written \u0000: kept, flagged; C sees the string up to it */
  v = PARSE(&doc, "\"ab\\u0000cd\"");
  CHECK(v && v->u.str.len == 5 && (v->flags & GL_JF_NUL) && gl_json_strclen(v) == 2);
  gl_json_free(&doc);
  v = PARSE(&doc, "\"\\u0000\"");
  CHECK(v && v->u.str.len == 1 && (v->flags & GL_JF_NUL) && gl_json_strclen(v) == 0);
  gl_json_free(&doc);
  /* the same in a key */
  v = PARSE(&doc, "{\"k\\u0000x\": 1, \"k\\u00e9\": 2}");
  if (v) {
    const gl_jval *m = v->u.kids.first;
    CHECK(m->klen == 3 && (m->flags & GL_JF_KNUL) && (m->flags & GL_JF_KTERM) &&
          gl_json_keyclen(m) == 1);
    CHECK(!(m->flags & GL_JF_NUL)); /* the value is a number */
    CHECK(gl_json_getn(v, "k\0x", 3) == m && gl_json_get(v, "k") == NULL);
    CHECK(gl_json_get(v, "k\xC3\xA9") == m->next && gl_json_keyclen(m->next) == 3);
  }
  gl_json_free(&doc);
  /* every valid UTF-8 length, and the edges of the ranges */
  v = PARSE(&doc, "\"\x7F \xC2\x80 \xDF\xBF \xE0\xA0\x80 \xED\x9F\xBF \xEE\x80\x80 \xEF\xBF\xBF "
                  "\xF0\x90\x80\x80 \xF4\x8F\xBF\xBF\"");
  CHECK(v && v->type == GL_JSTRING);
  gl_json_free(&doc);
  /* a long string mixing ASCII, CJK and escapes (the word-at-a-time paths) */
  static const char piece[] = "政府信息公开 annual report 2020，";
  size_t plen = strlen(piece);
  char longs[4096];
  size_t n = 0;
  longs[n++] = '"';
  while (n < 3000) {
    memcpy(longs + n, piece, plen);
    n += plen;
  }
  longs[n++] = '"';
  v = PARSE_N(&doc, longs, n);
  CHECK(v && v->u.str.len == n - 2);
  gl_json_free(&doc);
  size_t at = 1 + 37 * plen + strlen("政府信息公开"); /* the space before "annual" */
  memcpy(longs + at, "\\n", 2);
  v = PARSE_N(&doc, longs, n);
  CHECK(v && v->u.str.len == n - 3 && v->u.str.s[at - 1] == '\n' && v->u.str.s[at] == 'n');
  gl_json_free(&doc);

  /* what RFC 8259 does not allow in a string */
  REJECT_AT("[\"a\tb\"]", "control character U+0009 in a string (it must be escaped)", 1, 4);
  REJECT_AT("\"line\nbreak\"", "control character U+000A", 1, 6);
  REJECT("\"\x01\"", "U+0001");
  REJECT("\"\x1f\"", "U+001F");
  REJECT_N("\"a\0b\"", 5, "control character U+0000");
  REJECT_AT("[\"\\x41\"]", "invalid escape in a string: '\\' followed by 'x41'", 1, 3);
  REJECT("\"\\'\"", "invalid escape in a string: '\\' followed by '''");
  REJECT("\"\\U0041\"", "followed by 'U0041'");
  REJECT("\"\\u12\"", "invalid \\u escape in a string (4 hex digits needed)");
  REJECT("\"\\u12G4\"", "4 hex digits needed");
  REJECT("\"\\u", "4 hex digits needed");
  REJECT_AT("[\"\\ud800\"]", "unpaired surrogate \\uD800 in a string", 1, 3);
  REJECT("\"\\udc00\"", "unpaired surrogate \\uDC00");
  REJECT("\"\\uDBFF\\u0041\"", "unpaired surrogate \\uDBFF");
  REJECT("\"\\ud800x\"", "unpaired surrogate");
  REJECT("\"\\ud800\\ud800\"", "unpaired surrogate \\uD800");
  REJECT("\"\\ud800\\\"", "unpaired surrogate");
  REJECT_AT("[\"abc", "unterminated string", 1, 2);
  REJECT("\"abc\\\"", "unterminated string");
  REJECT("\"\\", "unterminated string");
  REJECT("\"中文", "unterminated string");
  /* invalid UTF-8 */
  REJECT_AT("\"ab\xff\"", "invalid UTF-8 in a string", 1, 4);
  REJECT("\"\xC0\x80\"", "invalid UTF-8");     /* overlong NUL */
  REJECT("\"\xC1\xBF\"", "invalid UTF-8");     /* overlong */
  REJECT("\"\xE0\x80\x80\"", "invalid UTF-8"); /* overlong */
  REJECT("\"\xE0\x9F\xBF\"", "invalid UTF-8"); /* overlong */
  REJECT("\"\xED\xA0\x80\"", "invalid UTF-8"); /* a surrogate */
  REJECT("\"\xF0\x80\x80\x80\"", "invalid UTF-8");
  REJECT("\"\xF4\x90\x80\x80\"", "invalid UTF-8"); /* beyond U+10FFFF */
  REJECT("\"\xF5\x80\x80\x80\"", "invalid UTF-8");
  REJECT("\"\x80\"", "invalid UTF-8");           /* a lone continuation */
  REJECT("\"\xE4\xB8\"", "invalid UTF-8");       /* truncated */
  REJECT("\"\xE4\xB8x\"", "invalid UTF-8");
  REJECT("\"\xE4\"", "invalid UTF-8");
  REJECT("\"\xE4", "invalid UTF-8");
  /* ... the same in the word-at-a-time paths */
  REJECT("\"中文中文中文\xE4\xB8x中文\"", "invalid UTF-8");
  REJECT("\"中文中文\xED\xA0\x80中文中文\"", "invalid UTF-8");
  REJECT("\"中文中文\xE0\x80\x80中文中文\"", "invalid UTF-8");
  REJECT("\"abcdefghijklmnop\x01qrstuvwxyz\"", "U+0001");
  REJECT("\"abcdefghijklmnop\x7f\x80qrstuvwxyz\"", "invalid UTF-8");
}

/* ---- structure ----------------------------------------------------------------- */

static void test_structure(void) {
  gl_json_doc doc;
  const gl_jval *v;

  REJECT_AT("", "expected a value, found the end of the input", 1, 1);
  REJECT_AT(" \n ", "expected a value, found the end of the input", 2, 2);
  REJECT("[1,]", "expected a value, found ']'");
  REJECT("[,1]", "expected a value, found ','");
  REJECT_AT("{\"a\":1,}", "expected an object key (a string) after ',', found '}'", 1, 8);
  REJECT("{,}", "expected an object key (a string) or '}', found ','");
  REJECT("{a:1}", "expected an object key (a string) or '}', found 'a'");
  REJECT("{'a':1}", "found '''");
  REJECT("{\"a\" 1}", "expected ':' after an object key, found '1'");
  REJECT("{\"a\":1 \"b\":2}", "expected ',' or '}' after an object member, found '\"'");
  REJECT("{\"a\":1]", "expected ',' or '}' after an object member, found ']'");
  REJECT("[1}", "expected ',' or ']' after an array element, found '}'");
  REJECT("[1 2]", "expected ',' or ']' after an array element, found '2'");
  REJECT("{\"a\":}", "expected a value, found '}'");
  REJECT("{\"a\"", "expected ':' after an object key, found the end of the input");
  REJECT("[tru]", "expected a value, found 'tru'");
  REJECT("[truex]", "expected a value, found 'truex'");
  REJECT("[nul", "expected a value, found 'nul'");
  REJECT("[True]", "'True'");
  REJECT("[undefined]", "'undefined'");
  REJECT("[averyveryveryveryverylongword]", "found 'averyveryveryveryverylon...'");
  REJECT("[\x01]", "expected a value, found U+0001");
  REJECT("[\xe4\xb8\xad]", "expected a value, found '中'");
  REJECT("[\xff]", "found byte 0xFF (not UTF-8)");
  REJECT("\xEF\xBB\xBF{}", "found '\xEF\xBB\xBF'"); /* the parser takes no BOM: the loader skips it */
  REJECT("\f[]", "U+000C");                       /* not JSON white space */
  /* trailing garbage */
  REJECT_AT("{} x", "unexpected 'x' after the JSON value", 1, 4);
  REJECT("1 2", "unexpected '2' after the JSON value");
  REJECT("[1]]", "unexpected ']' after the JSON value");
  REJECT("{}{}", "unexpected '{' after the JSON value");
  REJECT_N("{} \0", 4, "unexpected U+0000 after the JSON value");

  /* positions: lines count LF, columns count characters, not bytes */
  REJECT_AT("{\"agency\":\"中文\" x}", "found 'x'", 1, 16);
  REJECT_AT("{\n\"agency\": ,}", "expected a value, found ','", 2, 11);
  REJECT_AT("{\"a\": \"x\",\n\n\n \"y\": 20x0}", "invalid number, found 'x0'", 4, 9);
  REJECT_AT("[\r\n\"é\",\r\n\"\\q\"]", "invalid escape", 3, 2);
  CHECK_STR(message_of("{\"agency\": \"某局\", \"year\": 2021,,}"),
            "expected an object key (a string) after ',', found ',' (line 1, column 31)");
  CHECK_STR(message_of("[1,\n  2,\n  01]"), "invalid number: leading zero (line 3, column 3)");

  /* depth: GL_JSON_MAX_DEPTH arrays and objects, no more */
  char deep[4 * GL_JSON_MAX_DEPTH + 8];
  size_t n = 0;
  for (int i = 0; i <= GL_JSON_MAX_DEPTH; i++) { /* {"k":[{"k":[ ... 65 openers */
    if (i % 2) {
      deep[n++] = '[';
    } else {
      deep[n++] = '{';
      if (i < GL_JSON_MAX_DEPTH) n += (size_t)sprintf(deep + n, "\"k\":");
    }
  }
  deep[n] = '\0';
  /* the 65th opener is refused, at its position */
  {
    gl_json_doc d;
    gl_json_error err;
    CHECK(!gl_json_parse(deep, n, &d, &err));
    CHECK_STR(err.msg, "nested too deeply (more than 64 arrays and objects)");
    CHECK_INT(err.offset, n - 1);
  }
  char arr[GL_JSON_MAX_DEPTH + 2];
  memset(arr, '[', GL_JSON_MAX_DEPTH + 1);
  arr[GL_JSON_MAX_DEPTH + 1] = '\0';
  REJECT_AT(arr, "nested too deeply", 1, GL_JSON_MAX_DEPTH + 1);
  /* 100000 levels: refused at once, no recursion */
  size_t big = 100000;
  char *bigdeep = malloc(big);
  memset(bigdeep, '[', big);
  REJECT_N(bigdeep, big, "nested too deeply");
  for (size_t i = 0; i < big; i += 5) memcpy(bigdeep + i, "{\"a\":", 5);
  REJECT_N(bigdeep, big, "nested too deeply");
  free(bigdeep);
  /* closing brackets bring the depth down again */
  char flat[1 + 40 * 121];
  n = 0;
  flat[n++] = '[';
  for (int i = 0; i < 40; i++) {
    memset(flat + n, '[', 60);
    n += 60;
    memset(flat + n, ']', 60);
    n += 60;
    flat[n++] = i < 39 ? ',' : ']';
  }
  v = PARSE_N(&doc, flat, n);
  CHECK(v && v->u.kids.n == 40);
  gl_json_free(&doc);
}

/* ---- duplicate keys --------------------------------------------------------------- */

static void test_duplicates(void) {
  gl_json_doc doc;
  gl_jval *v = (gl_jval *)PARSE(&doc, "{\"a\":1,\"b\":2,\"a\":3,\"c\":4,\"a\":5}");
  if (v) {
    CHECK_INT(v->u.kids.n, 5); /* all kept */
    CHECK_INT(gl_json_get(v, "a")->u.num.i, 5); /* the last one wins */
    CHECK_INT(gl_json_dedupe(v), 3);
    CHECK_INT(gl_json_dedupe(v), 3); /* idempotent */
    int dead = 0;
    for (const gl_jval *m = v->u.kids.first; m; m = m->next) {
      if (m->flags & GL_JF_DEAD) {
        dead++;
        CHECK(m->key[0] == 'a' && m->u.num.i != 5);
      }
    }
    CHECK_INT(dead, 2);
  }
  gl_json_free(&doc);
  /* keys that differ after a NUL, or only in length, are different */
  v = (gl_jval *)PARSE(&doc, "{\"a\":1,\"a\\u0000\":2,\"ab\":3,\"\":4,\"\":5}");
  if (v) {
    CHECK_INT(gl_json_dedupe(v), 4);
    CHECK_INT(gl_json_get(v, "")->u.num.i, 5);
    CHECK_INT(gl_json_get(v, "a")->u.num.i, 1);
  }
  gl_json_free(&doc);
  /* a big object (sorted, not pairwise): 300 keys, 100 of them distinct */
  char *big = malloc(300 * 16 + 2);
  size_t n = 0;
  big[n++] = '{';
  for (int i = 0; i < 300; i++) n += (size_t)sprintf(big + n, "%s\"k%d\":%d", i ? "," : "", (i * 7) % 100, i);
  big[n++] = '}';
  v = (gl_jval *)PARSE_N(&doc, big, n);
  if (v) {
    CHECK_INT(gl_json_dedupe(v), 100);
    int live = 0, ok = 1;
    for (const gl_jval *m = v->u.kids.first; m; m = m->next) {
      if (m->flags & GL_JF_DEAD) continue;
      live++;
      /* the live member of each key is its last one */
      char k[16];
      snprintf(k, sizeof k, "%.*s", (int)m->klen, m->key);
      ok &= gl_json_get(v, k) == m;
    }
    CHECK_INT(live, 100);
    CHECK(ok);
  }
  gl_json_free(&doc);
  free(big);
  /* an array: its length; a scalar: 0 */
  v = (gl_jval *)PARSE(&doc, "[1,1,1]");
  CHECK(v && gl_json_dedupe(v) == 3);
  gl_json_free(&doc);
  v = (gl_jval *)PARSE(&doc, "1");
  CHECK(v && gl_json_dedupe(v) == 0);
  gl_json_free(&doc);
}

/* ---- the loader on top of the parser ------------------------------------------------ */

static int load(const char *s, size_t n, gl_report *r, char *err, size_t errn) {
  gl_report_clear(r);
  err[0] = '\0';
  return gl_load_json(NULL, s, n, r, err, errn);
}

static const gl_cell *cell(const gl_report *r, const char *path) {
  static const gl_cell none;
  int s = gl_schema_find_cell(path);
  return s < 0 ? &none : &r->cells[s];
}

#define HEAD "{\"agency\":\"a\",\"year\":2020,\"edition\":\"2019\""

static void test_loader(void) {
  gl_report r;
  gl_report_init(&r);
  char err[512];
  int rc;

  /* JSON errors: the message, line and column */
  const char *s = "{\"agency\": \"x\",\n \"year\": 1.}";
  rc = load(s, strlen(s), &r, err, sizeof err);
  CHECK_INT(rc, GL_LOAD_INPUT);
  CHECK_STR(err, "not valid JSON: invalid number: a digit must follow '.', found '}' (line 2, column 12)");
  s = "{\"agency\": \"a\tb\"}";
  rc = load(s, strlen(s), &r, err, sizeof err);
  CHECK_STR(err, "not valid JSON: control character U+0009 in a string (it must be escaped) (line 1, column 14)");
  s = "{\"agency\": \"\\ud83d\"}";
  rc = load(s, strlen(s), &r, err, sizeof err);
  CHECK_STR(err, "not valid JSON: unpaired surrogate \\uD83D in a string (line 1, column 13)");
  s = "\xEF\xBB\xBF[1,,]";
  rc = load(s, strlen(s), &r, err, sizeof err);
  CHECK_STR(err, "not valid JSON: expected a value, found ',' (line 1, column 4)");
  s = "{\"a\":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]";
  rc = load(s, strlen(s), &r, err, sizeof err);
  CHECK_STR(err, "not valid JSON: nested too deeply (more than 64 arrays and objects) (line 1, column 69)");
  /* a byte that is not UTF-8 anywhere wins over a syntax error before it */
  s = "{\"agency\": ,\n\n \"x\": \"\xff\"}";
  rc = load(s, strlen(s), &r, err, sizeof err);
  CHECK_STR(err, "invalid UTF-8 at line 3: not a report (the text must be UTF-8)");
  s = "[1, 2] \n\xC0";
  rc = load(s, strlen(s), &r, err, sizeof err);
  CHECK_STR(err, "invalid UTF-8 at line 2: not a report (the text must be UTF-8)");
  rc = load("{\"a\":1}\n\0", 9, &r, err, sizeof err);
  CHECK_STR(err, "NUL byte at line 2: not a report (the text must be UTF-8)");

  /* numbers in cells: exact integers, doubles, out of range */
  s = HEAD ",\"active\":{\"procurement\":{\"items\":9007199254740993,\"amount\":1.0}},"
           "\"appeals\":{\"review\":{\"total\":12345678901234567890,\"upheld\":-1e400,\"corrected\":2.5}}}";
  rc = load(s, strlen(s), &r, err, sizeof err);
  CHECKM(rc == GL_LOAD_OK, "%s", err);
  const gl_cell *c = cell(&r, "active.procurement.items");
  CHECK(c->state == GL_NUMBER && c->is_int && c->i == 9007199254740993LL);
  c = cell(&r, "active.procurement.amount");
  CHECK(c->state == GL_NUMBER && c->is_int && c->i == 1); /* integral doubles become ints */
  c = cell(&r, "appeals.review.total");
  CHECK(c->state == GL_NUMBER && !c->is_int && c->d == 12345678901234567890.0);
  CHECK_INT(cell(&r, "appeals.review.upheld")->state, GL_MISSING);
  c = cell(&r, "appeals.review.corrected");
  CHECK(c->state == GL_NUMBER && !c->is_int && c->d == 2.5);
  CHECK_INT(r.nissues, 1);
  if (r.nissues) CHECK_STR(r.issues[0].message, "appeals.review.upheld 的数值超出范围（按缺失处理）");

  /* duplicate keys: the last one wins, and counts once */
  s = "{\"agency\":\"first\",\"year\":2020,\"edition\":\"2019\",\"agency\":\"last\","
      "\"active\":{\"procurement\":{\"items\":1,\"items\":2},\"procurement\":{\"items\":3,\"items\":4}}}";
  rc = load(s, strlen(s), &r, err, sizeof err);
  CHECKM(rc == GL_LOAD_OK, "%s", err);
  CHECK_STR(r.agency, "last");
  CHECK_INT(cell(&r, "active.procurement.items")->i, 4);
  CHECK_INT(r.nissues, 0);
  /* a duplicated unknown key is reported once */
  s = HEAD ",\"applications\":{\"new\":{\"natural\":1,\"x\":1,\"x\":2}}}";
  rc = load(s, strlen(s), &r, err, sizeof err);
  CHECK_INT(r.nissues, 1);
  if (r.nissues)
    CHECK_STR(r.issues[0].message, "applications.new 中有未知的键 \"x\"（模型中没有此项，已忽略）");
  /* a key with a NUL after a column name is not that column, but is not
   * reported either (C sees the column name) */
  s = HEAD ",\"applications\":{\"new\":{\"natural\\u0000x\":1}}}";
  rc = load(s, strlen(s), &r, err, sizeof err);
  CHECK(rc == GL_LOAD_OK && r.nissues == 0);
  CHECK_INT(cell(&r, "applications.new.natural")->state, GL_MISSING);
  /* arrays where objects belong: every element is a key that is not a string */
  s = HEAD ",\"applications\":{\"new\":[1,2,3]}}";
  rc = load(s, strlen(s), &r, err, sizeof err);
  CHECK_INT(r.nissues, 3);
  if (r.nissues) CHECK_STR(r.issues[0].message, "applications.new 中有非字符串的键（已忽略）");
  s = HEAD ",\"applications\":{\"new\":{\"natural\":[]}}}";
  rc = load(s, strlen(s), &r, err, sizeof err);
  CHECK_INT(r.nissues, 1);
  if (r.nissues)
    CHECK_STR(r.issues[0].message,
              "applications.new.natural 应为数值、null 或文字，实际是 table（按缺失处理）");
  /* text values: NUL refused, escapes decoded */
  s = HEAD ",\"title\":\"a\\u0000b\",\"published\":\"2021-01-\\u0032\\u0030\","
           "\"active\":{\"fees\":{\"previous\":\"\\u2014\"}}}";
  rc = load(s, strlen(s), &r, err, sizeof err);
  CHECK(rc == GL_LOAD_OK && r.title == NULL);
  CHECK_STR(r.published, "2021-01-20");
  CHECK_STR(cell(&r, "active.fees.previous")->text, "—");
  CHECK_INT(r.nissues, 1);
  if (r.nissues) CHECK_STR(r.issues[0].message, "title 含有 NUL 字符（\\u0000），已忽略");
  /* year and edition written oddly */
  s = "{\"agency\":\"a\",\"year\":2020.0,\"edition\":2021.0}";
  rc = load(s, strlen(s), &r, err, sizeof err);
  CHECK(rc == GL_LOAD_OK && r.has_year && r.year == 2020 && r.edition == GL_ED2021);
  s = "{\"agency\":\"a\",\"year\":\"2020\\u0000junk\",\"edition\":\"2019\\u0000\"}";
  rc = load(s, strlen(s), &r, err, sizeof err);
  CHECK(rc == GL_LOAD_OK && r.has_year && r.year == 2020 && r.edition == GL_ED2019);
  s = "{\"agency\":\"a\",\"year\":2020,\"edition\":1e400}";
  rc = load(s, strlen(s), &r, err, sizeof err);
  CHECK(rc == GL_LOAD_OK && r.edition == 0 && r.nissues == 1);
  if (r.nissues) CHECK_STR(r.issues[0].message, "edition 应为 \"2019\" 或 \"2021\"，实际是 inf");
  /* "format" with a NUL: C compares up to it */
  s = "{\"format\":\"govlua-report/1\\u0000x\",\"agency\":\"a\"}";
  CHECK_INT(load(s, strlen(s), &r, err, sizeof err), GL_LOAD_OK);
  s = "{\"format\":\"govlua-report/12\",\"agency\":\"a\"}";
  CHECK_INT(load(s, strlen(s), &r, err, sizeof err), GL_LOAD_INPUT);
  CHECK_STR(err, "not a report: \"format\" is \"govlua-report/12\", not \"govlua-report/1\"");
  s = "{\"format\":[],\"agency\":\"a\"}";
  load(s, strlen(s), &r, err, sizeof err);
  CHECK_STR(err, "not a report: \"format\" is table, not \"govlua-report/1\"");
  /* source provenance */
  s = HEAD ",\"appeals\":{\"review\":{\"total\":12}},\"source\":{\"file\":\"r.txt\",\"cells\":{"
           "\"appeals.review.total\":{\"line\":7,\"text\":\"12件\"},\"appeals.review.total\":{\"line\":9},"
           "\"appeals.review.upheld\":{\"line\":3}},"
           "\"issues\":[{\"message\":\"m1\",\"severity\":\"error\",\"path\":\"appeals\",\"line\":4},"
           "{\"message\":\"m2\"},7,{\"message\":\"m3\"}]}}";
  rc = load(s, strlen(s), &r, err, sizeof err);
  CHECKM(rc == GL_LOAD_OK, "%s", err);
  CHECK_STR(r.source_file, "r.txt");
  c = cell(&r, "appeals.review.total");
  CHECK(c->line == 9 && c->text == NULL); /* the last duplicate: no text */
  CHECK_INT(cell(&r, "appeals.review.upheld")->line, 3);
  CHECK_INT(r.nissues, 2); /* the list stops at the element that is not an object */
  if (r.nissues == 2) {
    CHECK(r.issues[0].severity == GL_SEV_ERROR && r.issues[0].line == 4);
    CHECK_STR(r.issues[0].rule, "import");
    CHECK_STR(r.issues[0].path, "appeals");
    CHECK(r.issues[1].severity == GL_SEV_WARNING && r.issues[1].path == NULL);
  }
  gl_report_clear(&r);
}

/* ---- loads on several threads at once ------------------------------------------------- */

typedef struct {
  const char *data;
  size_t len;
  int ok;
} job;

static void *load_many(void *arg) {
  job *j = arg;
  gl_report r;
  gl_report_init(&r);
  char err[256];
  j->ok = 1;
  for (int i = 0; i < 200; i++) {
    gl_report_clear(&r);
    if (gl_load_json(NULL, j->data, j->len, &r, err, sizeof err) != GL_LOAD_OK || !r.agency ||
        r.nissues != 0)
      j->ok = 0;
  }
  gl_report_clear(&r);
  return NULL;
}

static void test_threads(void) {
  char path[1024], err[256];
  size_t len;
  snprintf(path, sizeof path, "%s/examples/pingtan-2025.json", GOVLUA_SOURCE_DIR);
  char *data = gl_read_file(path, 0, &len, err, sizeof err);
  if (!CHECKM(data != NULL, "%s: %s", path, err)) return;
  pthread_t t[4];
  job jobs[4];
  for (int i = 0; i < 4; i++) {
    jobs[i] = (job){data, len, 0};
    CHECK(pthread_create(&t[i], NULL, load_many, &jobs[i]) == 0);
  }
  for (int i = 0; i < 4; i++) {
    pthread_join(t[i], NULL);
    CHECK(jobs[i].ok);
  }
  free(data);
}

int main(void) {
  test_valid();
  test_numbers();
  test_strings();
  test_structure();
  test_duplicates();
  test_loader();
  test_threads();
  printf("%d passed, %d failed\n", passes, fails);
  return fails ? 1 : 0;
}
