/* json_parse.c - a strict RFC 8259 JSON parser building an arena DOM.
 *
 * One pass, no recursion: containers being filled are kept on a stack of at
 * most GL_JSON_MAX_DEPTH frames.  Strings are validated as UTF-8 while they
 * are scanned; a string without escapes is not copied.  See json_parse.h.
 */
#include "json_parse.h"

#include <float.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

/* ---- the arena ----------------------------------------------------------- */

struct gl_jchunk {
  gl_jchunk *prev;
  size_t cap, used;
  max_align_t data[];
};

#define CHUNK_MIN ((size_t)4096)
#define CHUNK_MAX ((size_t)1 << 24)

/* A new chunk able to hold n more bytes; NULL when out of memory. */
static gl_jchunk *arena_grow(gl_json_doc *d, size_t n, size_t hint) {
  gl_jchunk *c = d->chunks;
  size_t cap = c ? (c->cap < CHUNK_MAX ? c->cap * 2 : CHUNK_MAX) : hint;
  if (cap < CHUNK_MIN) cap = CHUNK_MIN;
  if (cap < n) cap = n;
  gl_jchunk *nc = malloc(sizeof *nc + cap);
  if (!nc) return NULL;
  nc->prev = c;
  nc->cap = cap;
  nc->used = 0;
  d->chunks = nc;
  return nc;
}

/* n bytes, 8-aligned; NULL when out of memory. */
static inline void *arena_alloc(gl_json_doc *d, size_t n, size_t hint) {
  gl_jchunk *c = d->chunks;
  n = (n + 7) & ~(size_t)7;
  if (!c || c->cap - c->used < n) {
    c = arena_grow(d, n, hint);
    if (!c) return NULL;
  }
  void *p = (char *)c->data + c->used;
  c->used += n;
  return p;
}

void gl_json_free(gl_json_doc *doc) {
  gl_jchunk *c = doc->chunks;
  while (c) {
    gl_jchunk *prev = c->prev;
    free(c);
    c = prev;
  }
  doc->chunks = NULL;
  doc->root = NULL;
}

/* ---- character classes ----------------------------------------------------- */

/* Inside a string: what a byte starts. */
enum {
  S_PLAIN = 0, /* ASCII that stands for itself */
  S_QUOTE,
  S_ESC,
  S_CTRL, /* U+0000..U+001F: must be escaped */
  S_U2,   /* C2..DF */
  S_E0,   /* E0: second byte A0..BF */
  S_U3,   /* E1..EC, EE, EF */
  S_ED,   /* ED: second byte 80..9F (no surrogates) */
  S_F0,   /* F0: second byte 90..BF */
  S_U4,   /* F1..F3 */
  S_F4,   /* F4: second byte 80..8F */
  S_BAD   /* 80..C1, F5..FF: never a first byte */
};

static const unsigned char SCLASS[256] = {
#define R16(x) x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x
    R16(S_CTRL), R16(S_CTRL),
    /* 0x20 */ 0, 0, S_QUOTE, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    R16(0), R16(0),
    /* 0x50 */ 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, S_ESC, 0, 0, 0,
    R16(0), R16(0),
    R16(S_BAD), R16(S_BAD), R16(S_BAD), R16(S_BAD),
    /* 0xC0 */ S_BAD, S_BAD, S_U2, S_U2, S_U2, S_U2, S_U2, S_U2,
    S_U2, S_U2, S_U2, S_U2, S_U2, S_U2, S_U2, S_U2,
    R16(S_U2),
    /* 0xE0 */ S_E0, S_U3, S_U3, S_U3, S_U3, S_U3, S_U3, S_U3,
    S_U3, S_U3, S_U3, S_U3, S_U3, S_ED, S_U3, S_U3,
    /* 0xF0 */ S_F0, S_U4, S_U4, S_U4, S_F4, S_BAD, S_BAD, S_BAD,
    S_BAD, S_BAD, S_BAD, S_BAD, S_BAD, S_BAD, S_BAD, S_BAD
#undef R16
};

#define CONT(b) (((b) & 0xC0) == 0x80)

/* Length of the valid UTF-8 sequence of class k (>= S_U2) at p, 0 if invalid. */
static size_t utf8_len(int k, const unsigned char *p, const unsigned char *e) {
  size_t left = (size_t)(e - p);
  switch (k) {
    case S_U2:
      return left >= 2 && CONT(p[1]) ? 2 : 0;
    case S_E0:
      return left >= 3 && p[1] >= 0xA0 && p[1] <= 0xBF && CONT(p[2]) ? 3 : 0;
    case S_U3:
      return left >= 3 && CONT(p[1]) && CONT(p[2]) ? 3 : 0;
    case S_ED:
      return left >= 3 && p[1] >= 0x80 && p[1] <= 0x9F && CONT(p[2]) ? 3 : 0;
    case S_F0:
      return left >= 4 && p[1] >= 0x90 && p[1] <= 0xBF && CONT(p[2]) && CONT(p[3]) ? 4 : 0;
    case S_U4:
      return left >= 4 && CONT(p[1]) && CONT(p[2]) && CONT(p[3]) ? 4 : 0;
    case S_F4:
      return left >= 4 && p[1] >= 0x80 && p[1] <= 0x8F && CONT(p[2]) && CONT(p[3]) ? 4 : 0;
    default:
      return 0;
  }
}

static int is_digit(int c) { return c >= '0' && c <= '9'; }
static int is_alpha(int c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
static int is_ws(int c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

/* ---- the parser ------------------------------------------------------------ */

typedef struct {
  const unsigned char *s, *p, *e; /* start, cursor, end */
  gl_json_doc *doc;
  gl_json_error *err;
  size_t hint; /* size of the first arena chunk */
} parser;

/* Describes what is at `at` for a message: 'x', 'NaN', U+0001, the end. */
static void describe(const parser *ps, const unsigned char *at, char *buf, size_t n) {
  const unsigned char *e = ps->e;
  if (at >= e) {
    snprintf(buf, n, "the end of the input");
  } else if (is_alpha(*at)) {
    const unsigned char *w = at;
    while (w < e && (is_alpha(*w) || is_digit(*w) || *w == '_') && w - at < 24) w++;
    int more = w < e && (is_alpha(*w) || is_digit(*w) || *w == '_');
    snprintf(buf, n, "'%.*s%s'", (int)(w - at), (const char *)at, more ? "..." : "");
  } else if (*at > 0x20 && *at < 0x7F) {
    snprintf(buf, n, "'%c'", *at);
  } else if (*at < 0x80) {
    snprintf(buf, n, "U+%04X", *at);
  } else {
    size_t l = utf8_len(SCLASS[*at], at, e);
    if (l)
      snprintf(buf, n, "'%.*s'", (int)l, (const char *)at);
    else
      snprintf(buf, n, "byte 0x%02X (not UTF-8)", *at);
  }
}

/* Records the error at `at`; returns 0. */
static int fail(parser *ps, const unsigned char *at, const char *fmt, ...) {
  gl_json_error *err = ps->err;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(err->msg, sizeof err->msg, fmt, ap);
  va_end(ap);
  if (at > ps->e) at = ps->e;
  err->offset = (size_t)(at - ps->s);
  long line = 1, col = 1;
  for (const unsigned char *q = ps->s; q < at; q++) {
    if (*q == '\n') {
      line++;
      col = 1;
    } else if (!CONT(*q)) {
      col++;
    }
  }
  err->line = line;
  err->column = col;
  return 0;
}

/* fail() with "<what>, found <description of at>". */
static int fail_found(parser *ps, const unsigned char *at, const char *what) {
  char d[64];
  describe(ps, at, d, sizeof d);
  return fail(ps, at, "%s, found %s", what, d);
}

static int oom(parser *ps) {
  ps->err->oom = 1;
  return fail(ps, ps->p, "out of memory");
}

static int hexval(int c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/* Four hex digits at p (p + 4 <= e checked by the caller); -1 if not. */
static long hex4(const unsigned char *p) {
  int a = hexval(p[0]), b = hexval(p[1]), c = hexval(p[2]), d = hexval(p[3]);
  if ((a | b | c | d) < 0) return -1;
  return (long)((a << 12) | (b << 8) | (c << 4) | d);
}

/* The string whose opening quote is at ps->p, with escapes: decoded into
 * the arena.  `p` is where the first backslash is (all before it is valid
 * and plain). */
static int string_escaped(parser *ps, const unsigned char *p, const unsigned char **out,
                          size_t *outlen, uint8_t *flags) {
  const unsigned char *open = ps->p, *start = open + 1, *e = ps->e;
  /* the decoded text is never longer than the source */
  const unsigned char *q = p;
  while (q < e && *q != '"') q += *q == '\\' ? 2 : 1;
  if (q > e) q = e;
  unsigned char *buf = arena_alloc(ps->doc, (size_t)(q - start) + 1, ps->hint);
  if (!buf) return oom(ps);
  memcpy(buf, start, (size_t)(p - start));
  unsigned char *o = buf + (p - start);
  uint8_t fl = GL_JF_TERM;
  while (p < e) {
    unsigned c = *p;
    int k = SCLASS[c];
    if (k == S_PLAIN) {
      *o++ = (unsigned char)c;
      p++;
    } else if (k == S_QUOTE) {
      *o = '\0';
      *out = buf;
      *outlen = (size_t)(o - buf);
      *flags = fl;
      ps->p = p + 1;
      return 1;
    } else if (k == S_ESC) {
      if (p + 1 >= e) break;
      unsigned char x = p[1];
      switch (x) {
        case '"': case '\\': case '/': *o++ = x; break;
        case 'b': *o++ = '\b'; break;
        case 'f': *o++ = '\f'; break;
        case 'n': *o++ = '\n'; break;
        case 'r': *o++ = '\r'; break;
        case 't': *o++ = '\t'; break;
        case 'u': {
          long cp = e - p >= 6 ? hex4(p + 2) : -1;
          if (cp < 0) return fail(ps, p, "invalid \\u escape in a string (4 hex digits needed)");
          if (cp >= 0xDC00 && cp <= 0xDFFF)
            return fail(ps, p, "unpaired surrogate \\u%04lX in a string", cp);
          if (cp >= 0xD800 && cp <= 0xDBFF) {
            long lo = e - p >= 12 && p[6] == '\\' && p[7] == 'u' ? hex4(p + 8) : -1;
            if (lo < 0xDC00 || lo > 0xDFFF)
              return fail(ps, p, "unpaired surrogate \\u%04lX in a string", cp);
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            p += 6;
          }
          if (cp == 0) fl |= GL_JF_NUL;
          if (cp < 0x80) {
            *o++ = (unsigned char)cp;
          } else if (cp < 0x800) {
            *o++ = (unsigned char)(0xC0 | (cp >> 6));
            *o++ = (unsigned char)(0x80 | (cp & 0x3F));
          } else if (cp < 0x10000) {
            *o++ = (unsigned char)(0xE0 | (cp >> 12));
            *o++ = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
            *o++ = (unsigned char)(0x80 | (cp & 0x3F));
          } else {
            *o++ = (unsigned char)(0xF0 | (cp >> 18));
            *o++ = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
            *o++ = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
            *o++ = (unsigned char)(0x80 | (cp & 0x3F));
          }
          p += 6;
          continue;
        }
        default: {
          char d[64];
          describe(ps, p + 1, d, sizeof d);
          return fail(ps, p, "invalid escape in a string: '\\' followed by %s", d);
        }
      }
      p += 2;
    } else if (k == S_CTRL) {
      return fail(ps, p, "control character U+%04X in a string (it must be escaped)", c);
    } else {
      size_t l = utf8_len(k, p, e);
      if (!l) return fail(ps, p, "invalid UTF-8 in a string");
      memcpy(o, p, l);
      o += l;
      p += l;
    }
  }
  return fail(ps, open, "unterminated string");
}

/* Word-at-a-time scanning (little-endian GCC/Clang): eight bytes that are
 * all printable ASCII other than '"' and '\\' are skipped at once. */
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define GL_SWAR 1
#define ONES 0x0101010101010101ULL
#define HIGHS 0x8080808080808080ULL
/* High bit set in every byte that is < 0x20, '"', '\\' or >= 0x80, and
 * maybe in bytes after such a byte (borrows move up); the lowest set byte is
 * always a true one. */
static inline uint64_t special8(const unsigned char *p) {
  uint64_t x;
  memcpy(&x, p, 8);
  return ((x - ONES * 0x20) | ((x ^ (ONES * '"')) - ONES) | ((x ^ (ONES * '\\')) - ONES) | x) &
         HIGHS;
}
#endif

/* Whether p (3 bytes readable) starts a 3-byte sequence with lead E1..EC,
 * EE or EF (no extra condition on the second byte): most CJK text. */
static inline int plain_u3(const unsigned char *p) {
  return (SCLASS[p[0]] == S_U3) & !(((p[1] ^ 0x80) | (p[2] ^ 0x80)) & 0xC0);
}

/* Skips the run of such sequences at p. */
static inline const unsigned char *skip_u3(const unsigned char *p, const unsigned char *e) {
#ifdef GL_SWAR
  /* two at a time: leads E1..EC, EE, EF at bytes 0 and 3, continuations at 1, 2, 4, 5 */
  while (e - p >= 8) {
    uint64_t x;
    memcpy(&x, p, 8);
    if (((x & 0xC0C000C0C000ULL) != 0x808000808000ULL) | (SCLASS[x & 0xFF] != S_U3) |
        (SCLASS[(x >> 24) & 0xFF] != S_U3))
      break;
    p += 6;
  }
#endif
  while (e - p >= 3 && plain_u3(p)) p += 3;
  return p;
}

/* Skips printable ASCII other than '"' and '\\' at p: returns the first
 * other byte, or a point less than 8 bytes before e. */
static inline const unsigned char *skip_ascii(const unsigned char *p, const unsigned char *e) {
#ifdef __SSE2__
  const __m128i sp = _mm_set1_epi8(0x1F), qu = _mm_set1_epi8('"'), bs = _mm_set1_epi8('\\');
  while (e - p >= 16) {
    __m128i x = _mm_loadu_si128((const __m128i *)(const void *)p);
    /* signed: printable ASCII is > 0x1F, bytes >= 0x80 are negative */
    __m128i odd = _mm_or_si128(_mm_cmpeq_epi8(x, qu), _mm_cmpeq_epi8(x, bs));
    unsigned m = (unsigned)_mm_movemask_epi8(_mm_andnot_si128(odd, _mm_cmpgt_epi8(x, sp)));
    if (m != 0xFFFF) return p + __builtin_ctz(~m);
    p += 16;
  }
#endif
#ifdef GL_SWAR
  while (e - p >= 8) {
    uint64_t m = special8(p);
    if (m) return p + (__builtin_ctzll(m) >> 3);
    p += 8;
  }
#endif
  return p;
}

/* Skips the run of 3-byte sequences with leads E1..EC, EE, EF at p (most
 * CJK text): returns the first character that is not one. */
static inline const unsigned char *skip_cjk(const unsigned char *p, const unsigned char *e) {
#ifdef __SSE2__
  /* five characters (15 bytes) at a time: leads at bytes 0, 3, 6, 9, 12
   * and continuations (80..BF) everywhere else */
  const __m128i e0 = _mm_set1_epi8((char)0xE0), ef = _mm_set1_epi8((char)0xEF);
  const __m128i ed = _mm_set1_epi8((char)0xED), c0 = _mm_set1_epi8((char)0xC0);
  while (e - p >= 16) {
    __m128i x = _mm_loadu_si128((const __m128i *)(const void *)p);
    /* signed compares: E1..FF and ASCII are > E0; 80..BF are < C0; F0..FF
     * and ASCII are > EF */
    unsigned lead = (unsigned)_mm_movemask_epi8(_mm_cmpgt_epi8(x, e0));
    unsigned cont = (unsigned)_mm_movemask_epi8(_mm_cmplt_epi8(x, c0));
    unsigned nolead =
        (unsigned)_mm_movemask_epi8(_mm_or_si128(_mm_cmpgt_epi8(x, ef), _mm_cmpeq_epi8(x, ed)));
    unsigned bad = ((lead ^ 0x1249u) | (cont ^ 0x6DB6u) | (nolead & 0x1249u)) & 0x7FFFu;
    if (bad) return p + (unsigned)__builtin_ctz(bad) / 3 * 3;
    p += 15;
  }
#endif
  return skip_u3(p, e);
}

/* The string whose opening quote is at ps->p.  Sets ps->p after it. */
static int string(parser *ps, const unsigned char **out, size_t *outlen, uint8_t *flags) {
  const unsigned char *start = ps->p + 1, *p = start, *e = ps->e;
  for (;;) {
    p = skip_ascii(p, e);
    if (p >= e) return fail(ps, ps->p, "unterminated string");
    int k = SCLASS[*p];
    if (k == S_QUOTE) {
      *out = start;
      *outlen = (size_t)(p - start);
      *flags = 0;
      ps->p = p + 1;
      return 1;
    }
    if (k == S_PLAIN) {
      p++;
    } else if (k >= S_U2) {
      const unsigned char *q = skip_cjk(p, e);
      if (q == p) {
        size_t l = utf8_len(k, p, e);
        if (!l) return fail(ps, p, "invalid UTF-8 in a string");
        q = p + l;
      }
      p = q;
    } else if (k == S_ESC) {
      return string_escaped(ps, p, out, outlen, flags);
    } else {
      return fail(ps, p, "control character U+%04X in a string (it must be escaped)", *p);
    }
  }
}

/* The common key: printable ASCII and its closing quote within the 16 bytes
 * after the opening quote at ps->p.  Then sets *out, *outlen and ps->p
 * after the key and returns 1; else returns 0 and string() reads it. */
static inline int key_fast(parser *ps, const unsigned char **out, size_t *outlen) {
#ifdef __SSE2__
  const unsigned char *p = ps->p + 1;
  if (ps->e - p < 16) return 0;
  __m128i x = _mm_loadu_si128((const __m128i *)(const void *)p);
  __m128i odd = _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8('"')), _mm_cmpeq_epi8(x, _mm_set1_epi8('\\')));
  unsigned m = (unsigned)_mm_movemask_epi8(_mm_andnot_si128(odd, _mm_cmpgt_epi8(x, _mm_set1_epi8(0x1F))));
  if (m == 0xFFFF) return 0;
  unsigned k = (unsigned)__builtin_ctz(~m);
  if (p[k] != '"') return 0;
  *out = p;
  *outlen = k;
  ps->p = p + k + 1;
  return 1;
#else
  (void)ps, (void)out, (void)outlen;
  return 0;
#endif
}

static const double POW10[23] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                 1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

/* Decimal digits `digits` (ndig of them, no point) times 10^exp10 as the
 * nearest double: strtod on "DIGITSeEXP", which no locale reads differently
 * (there is no decimal point in it). */
static double slow_double(int neg, const unsigned char *num, const unsigned char *end,
                          long long exp10, int *ok) {
  size_t cap = (size_t)(end - num) + 32;
  char local[128];
  char *b = cap <= sizeof local ? local : malloc(cap);
  *ok = b != NULL;
  if (!b) return 0;
  size_t n = 0;
  if (neg) b[n++] = '-';
  for (const unsigned char *q = num; q < end && (is_digit(*q) || *q == '.'); q++)
    if (*q != '.') b[n++] = (char)*q;
  snprintf(b + n, cap - n, "e%lld", exp10);
  double d = strtod(b, NULL);
  if (b != local) free(b);
  return d;
}

/* The number at ps->p into v. */
static int number(parser *ps, gl_jval *v) {
  const unsigned char *p = ps->p, *e = ps->e, *start = p;
  int neg = 0;
  if (*p == '-') {
    neg = 1;
    p++;
  }
  if (p >= e || !is_digit(*p)) return fail_found(ps, p, "invalid number: a digit must follow '-'");
  const unsigned char *digits = p;
  uint64_t m = 0;
  int exact = 1;          /* m holds every significant digit */
  long long dexp = 0;     /* m * 10^dexp is the value without the exponent */
  if (*p == '0') {
    p++;
    if (p < e && is_digit(*p)) return fail(ps, start, "invalid number: leading zero");
  } else {
    for (; p < e && is_digit(*p); p++) {
      unsigned dg = *p - '0';
      if (exact && m <= (UINT64_MAX - dg) / 10)
        m = m * 10 + dg;
      else {
        exact = 0;
        dexp++;
      }
    }
  }
  int is_int = 1;
  long long nfrac = 0;
  if (p < e && *p == '.') {
    is_int = 0;
    p++;
    if (p >= e || !is_digit(*p)) return fail_found(ps, p, "invalid number: a digit must follow '.'");
    for (; p < e && is_digit(*p); p++) {
      unsigned dg = *p - '0';
      nfrac++;
      if (exact && m <= (UINT64_MAX - dg) / 10) {
        m = m * 10 + dg;
        dexp--;
      } else if (dg) {
        exact = 0;
      }
    }
  }
  long long ex = 0;
  if (p < e && (*p == 'e' || *p == 'E')) {
    is_int = 0;
    p++;
    int eneg = 0;
    if (p < e && (*p == '+' || *p == '-')) eneg = *p++ == '-';
    if (p >= e || !is_digit(*p))
      return fail_found(ps, p, "invalid number: the exponent needs a digit");
    for (; p < e && is_digit(*p); p++)
      if (ex < 1000000000000000LL) ex = ex * 10 + (*p - '0'); /* beyond: 0 or infinite anyway */
    if (eneg) ex = -ex;
  }
  if (p < e && (is_alpha(*p) || *p == '.' || *p == '+' || *p == '-' || *p == '_'))
    return fail_found(ps, p, "invalid number");
  ps->p = p;
  v->type = GL_JNUMBER;
  if (is_int && exact && m <= (uint64_t)INT64_MAX + neg) {
    v->flags |= GL_JF_INT;
    v->u.num.i = !neg ? (int64_t)m : m == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)m;
    return 1;
  }
#if FLT_EVAL_METHOD == 0
  /* Clinger's fast path: exact operands, one correctly rounded operation */
  long long e10 = dexp + ex;
  if (exact && m <= ((uint64_t)1 << 53) && e10 >= -22 && e10 <= 22) {
    double d = (double)m;
    d = e10 >= 0 ? d * POW10[e10] : d / POW10[-e10];
    v->u.num.d = neg ? -d : d;
    return 1;
  }
#endif
  int ok;
  v->u.num.d = slow_double(neg, digits, p, ex - nfrac, &ok);
  return ok ? 1 : oom(ps);
}

typedef struct {
  gl_jval *c;    /* the container */
  gl_jval *last; /* its last child so far */
} frame;

int gl_json_parse(const char *data, size_t len, gl_json_doc *doc, gl_json_error *err) {
  doc->root = NULL;
  doc->chunks = NULL;
  memset(err, 0, sizeof *err);
  parser ps;
  ps.s = ps.p = (const unsigned char *)data;
  ps.e = ps.s + len;
  ps.doc = doc;
  ps.err = err;
  ps.hint = len < ((size_t)1 << 20) ? len + 4096 : (size_t)1 << 20;
  frame st[GL_JSON_MAX_DEPTH];
  int depth = 0;
  const unsigned char *key = NULL;
  size_t klen = 0;
  uint8_t kflags = 0;
  const unsigned char *e = ps.e;
  gl_jval *v;

value:
  while (ps.p < e && is_ws(*ps.p)) ps.p++;
  if (ps.p >= e) {
    fail_found(&ps, ps.p, "expected a value");
    goto failed;
  }
  v = arena_alloc(doc, sizeof *v, ps.hint);
  if (!v) {
    oom(&ps);
    goto failed;
  }
  memset(v, 0, sizeof *v);
  /* attach v to its container */
  if (depth) {
    frame *f = &st[depth - 1];
    if (f->c->type == GL_JOBJECT) {
      v->key = (const char *)key;
      v->klen = (uint32_t)klen;
      v->flags = kflags;
    }
    if (f->last)
      f->last->next = v;
    else
      f->c->u.kids.first = v;
    f->last = v;
    f->c->u.kids.n++;
  } else {
    doc->root = v;
  }
  switch (*ps.p) {
    case '{':
    case '[':
      if (depth == GL_JSON_MAX_DEPTH) {
        fail(&ps, ps.p, "nested too deeply (more than %d arrays and objects)", GL_JSON_MAX_DEPTH);
        goto failed;
      }
      v->type = *ps.p == '{' ? GL_JOBJECT : GL_JARRAY;
      st[depth].c = v;
      st[depth].last = NULL;
      depth++;
      ps.p++;
      while (ps.p < e && is_ws(*ps.p)) ps.p++;
      if (v->type == GL_JARRAY) {
        if (ps.p < e && *ps.p == ']') {
          ps.p++;
          depth--;
          goto after;
        }
        goto value;
      }
      if (ps.p < e && *ps.p == '}') {
        ps.p++;
        depth--;
        goto after;
      }
      if (ps.p >= e || *ps.p != '"') {
        fail_found(&ps, ps.p, "expected an object key (a string) or '}'");
        goto failed;
      }
      goto key;
    case '"': {
      const unsigned char *s;
      size_t n;
      uint8_t fl;
      if (!string(&ps, &s, &n, &fl)) goto failed;
      v->type = GL_JSTRING;
      v->flags |= fl;
      v->u.str.s = (const char *)s;
      v->u.str.len = n;
      break;
    }
    case '-':
    case '0': case '1': case '2': case '3': case '4':
    case '5': case '6': case '7': case '8': case '9':
      if (!number(&ps, v)) goto failed;
      break;
    case 't':
    case 'f':
    case 'n': {
      static const char *const lit[3] = {"true", "false", "null"};
      static const uint8_t type[3] = {GL_JTRUE, GL_JFALSE, GL_JNULL};
      int i = *ps.p == 't' ? 0 : *ps.p == 'f' ? 1 : 2;
      size_t l = strlen(lit[i]);
      const unsigned char *q = ps.p + l;
      if ((size_t)(e - ps.p) >= l && memcmp(ps.p, lit[i], l) == 0 &&
          !(q < e && (is_alpha(*q) || is_digit(*q) || *q == '_'))) {
        v->type = type[i];
        ps.p = q;
        break;
      }
      fail_found(&ps, ps.p, "expected a value");
      goto failed;
    }
    case '+':
      fail(&ps, ps.p, "invalid number: a leading '+' is not allowed");
      goto failed;
    case '.':
      fail(&ps, ps.p, "invalid number: a digit must come before '.'");
      goto failed;
    default:
      fail_found(&ps, ps.p, "expected a value");
      goto failed;
  }

after:
  if (!depth) goto end;
  while (ps.p < e && is_ws(*ps.p)) ps.p++;
  if (st[depth - 1].c->type == GL_JOBJECT) {
    if (ps.p < e && *ps.p == ',') {
      ps.p++;
      while (ps.p < e && is_ws(*ps.p)) ps.p++;
      if (ps.p >= e || *ps.p != '"') {
        fail_found(&ps, ps.p, "expected an object key (a string) after ','");
        goto failed;
      }
      goto key;
    }
    if (ps.p < e && *ps.p == '}') {
      ps.p++;
      depth--;
      goto after;
    }
    fail_found(&ps, ps.p, "expected ',' or '}' after an object member");
    goto failed;
  }
  if (ps.p < e && *ps.p == ',') {
    ps.p++;
    goto value;
  }
  if (ps.p < e && *ps.p == ']') {
    ps.p++;
    depth--;
    goto after;
  }
  fail_found(&ps, ps.p, "expected ',' or ']' after an array element");
  goto failed;

key: /* ps.p is at the opening quote of a key */
  if (key_fast(&ps, &key, &klen)) {
    kflags = 0;
  } else {
    if (!string(&ps, &key, &klen, &kflags)) goto failed;
    if (klen > UINT32_MAX) {
      fail(&ps, ps.p, "object key too long");
      goto failed;
    }
    /* the key's flags, moved to their member bits */
    kflags = (uint8_t)((kflags & GL_JF_NUL ? GL_JF_KNUL : 0) | (kflags & GL_JF_TERM ? GL_JF_KTERM : 0));
  }
  while (ps.p < e && is_ws(*ps.p)) ps.p++;
  if (ps.p >= e || *ps.p != ':') {
    fail_found(&ps, ps.p, "expected ':' after an object key");
    goto failed;
  }
  ps.p++;
  goto value;

end:
  while (ps.p < e && is_ws(*ps.p)) ps.p++;
  if (ps.p < e) {
    char d[64];
    describe(&ps, ps.p, d, sizeof d);
    fail(&ps, ps.p, "unexpected %s after the JSON value", d);
    goto failed;
  }
  return 1;

failed:
  gl_json_free(doc);
  return 0;
}

/* ---- access ------------------------------------------------------------------ */

gl_jval *gl_json_getn(const gl_jval *v, const char *key, size_t klen) {
  if (!v || v->type != GL_JOBJECT) return NULL;
  gl_jval *found = NULL;
  if (!klen) {
    for (gl_jval *m = v->u.kids.first; m; m = m->next)
      if (!m->klen) found = m;
    return found;
  }
  /* the first byte rules out most members before memcmp is called */
  for (gl_jval *m = v->u.kids.first; m; m = m->next)
    if (m->klen == klen && m->key[0] == key[0] && memcmp(m->key, key, klen) == 0) found = m;
  return found;
}

gl_jval *gl_json_get(const gl_jval *v, const char *key) {
  return gl_json_getn(v, key, strlen(key));
}

typedef struct {
  gl_jval *v;
  size_t i;
} keyref;

static int cmp_keyref(const void *pa, const void *pb) {
  const keyref *a = pa, *b = pb;
  if (a->v->klen != b->v->klen) return a->v->klen < b->v->klen ? -1 : 1;
  int c = memcmp(a->v->key, b->v->key, a->v->klen);
  if (c) return c;
  return a->i < b->i ? -1 : a->i > b->i;
}

size_t gl_json_dedupe(gl_jval *v) {
  if (!v) return 0;
  if (v->type == GL_JARRAY) return v->u.kids.n;
  if (v->type != GL_JOBJECT) return 0;
  size_t n = v->u.kids.n;
  if (!(v->flags & GL_JF_DEDUPED)) {
    keyref *refs = n > 16 ? malloc(n * sizeof *refs) : NULL;
    if (refs) {
      size_t i = 0;
      for (gl_jval *m = v->u.kids.first; m; m = m->next, i++) refs[i] = (keyref){m, i};
      qsort(refs, n, sizeof *refs, cmp_keyref);
      for (i = 0; i + 1 < n; i++)
        if (refs[i].v->klen == refs[i + 1].v->klen &&
            memcmp(refs[i].v->key, refs[i + 1].v->key, refs[i].v->klen) == 0)
          refs[i].v->flags |= GL_JF_DEAD;
      free(refs);
    } else {
      for (gl_jval *m = v->u.kids.first; m; m = m->next)
        for (gl_jval *l = m->next; l; l = l->next)
          if (l->klen == m->klen && memcmp(l->key, m->key, m->klen) == 0) {
            m->flags |= GL_JF_DEAD;
            break;
          }
    }
    v->flags |= GL_JF_DEDUPED;
  }
  size_t live = 0;
  for (gl_jval *m = v->u.kids.first; m; m = m->next) live += !(m->flags & GL_JF_DEAD);
  return live;
}

size_t gl_json_strclen(const gl_jval *v) {
  return v->flags & GL_JF_NUL ? strlen(v->u.str.s) : v->u.str.len;
}

size_t gl_json_keyclen(const gl_jval *v) {
  return v->flags & GL_JF_KNUL ? strlen(v->key) : v->klen;
}

const char *gl_json_type_name(int type) {
  switch (type) {
    case GL_JNULL: return "null";
    case GL_JFALSE:
    case GL_JTRUE: return "boolean";
    case GL_JNUMBER: return "number";
    case GL_JSTRING: return "string";
    case GL_JARRAY: return "array";
    default: return "object";
  }
}
