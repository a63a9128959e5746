/* check.h - the tiny test harness of the C tests: CHECK macros that print
 * file:line and the failed expression, and a final "N passed, M failed". */
#ifndef GOVLUA_TEST_CHECK_H
#define GOVLUA_TEST_CHECK_H

#include <stdio.h>
#include <string.h>

static int passes, fails;

static int check_(int ok, const char *file, int line, const char *expr) {
  if (ok) {
    passes++;
  } else {
    fails++;
    printf("FAIL %s:%d: %s\n", file, line, expr);
  }
  return ok;
}

#define CHECK(e) check_((e) != 0, __FILE__, __LINE__, #e)
/* CHECK with an extra explanation printed on failure */
#define CHECKM(e, ...) \
  (check_((e) != 0, __FILE__, __LINE__, #e) ? 1 : (printf("     "), printf(__VA_ARGS__), printf("\n"), 0))
#define CHECK_STR(a, b) check_str_((a), (b), __FILE__, __LINE__, #a " == " #b)
#define CHECK_INT(a, b) check_int_((long long)(a), (long long)(b), __FILE__, __LINE__, #a " == " #b)

static inline int check_str_(const char *a, const char *b, const char *file, int line,
                             const char *expr) {
  int ok = a && b ? strcmp(a, b) == 0 : a == b;
  if (!check_(ok, file, line, expr))
    printf("     got \"%s\", expected \"%s\"\n", a ? a : "(null)", b ? b : "(null)");
  return ok;
}

static inline int check_int_(long long a, long long b, const char *file, int line,
                             const char *expr) {
  if (!check_(a == b, file, line, expr)) printf("     got %lld, expected %lld\n", a, b);
  return a == b;
}

#endif
