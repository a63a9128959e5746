/* text.c - byte-level text helpers shared by the loaders and govlua.core. */
#include "text.h"

#include <stdint.h>
#include <string.h>

const char *gl_utf8_check(const char *s, size_t n) {
  const unsigned char *p = (const unsigned char *)s, *e = p + n;
  while (p < e) {
    /* the common cases first: 8 ASCII bytes without NUL at a time, one
     * such byte, and 3-byte characters whose lead byte takes any
     * continuation bytes (E1-EC, EE-EF: no overlong form, no surrogate;
     * most of CJK and its punctuation) */
    for (;;) {
      if (e - p >= 8) {
        uint64_t v;
        memcpy(&v, p, 8);
        if (!((v | ((v - 0x0101010101010101ULL) & ~v)) & 0x8080808080808080ULL)) {
          p += 8;
          continue;
        }
      }
      if (p < e && (unsigned)(*p - 1) < 0x7F) {
        p++;
        continue;
      }
      if (e - p >= 3 && ((p[0] >= 0xE1 && p[0] <= 0xEC) || p[0] >= 0xEE) && p[0] <= 0xEF &&
          (p[1] & 0xC0) == 0x80 && (p[2] & 0xC0) == 0x80) {
        p += 3;
        continue;
      }
      break;
    }
    if (p >= e) break;
    unsigned c = *p;
    if (c >= 0x01 && c < 0x80) {
      p++;
      continue;
    }
    if (c == 0) return (const char *)p;
    int len;
    unsigned min;
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
      min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      min = 0x10000;
    } else {
      return (const char *)p;
    }
    if (e - p < len) return (const char *)p;
    unsigned cp = c & (0xFF >> (len + 1));
    for (int i = 1; i < len; i++) {
      if ((p[i] & 0xC0) != 0x80) return (const char *)p;
      cp = (cp << 6) | (p[i] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return (const char *)p;
    p += len;
  }
  return 0;
}

size_t gl_space_at(const unsigned char *p, const unsigned char *e, int newline) {
  if (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\f' || *p == '\v') return 1;
  if (*p == '\n') return newline ? 1 : 0;
  if (e - p >= 2 && p[0] == 0xC2 && p[1] == 0xA0) return 2;
  if (e - p >= 3) {
    if (p[0] == 0xE3 && p[1] == 0x80 && p[2] == 0x80) return 3; /* U+3000 */
    if (p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF) return 3; /* U+FEFF */
    if (p[0] == 0xE2 && p[1] == 0x80 && (p[2] == 0x82 || p[2] == 0x83 || p[2] == 0x89 || p[2] == 0x8B))
      return 3; /* U+2002, U+2003, U+2009, U+200B */
  }
  return 0;
}

#define DIGIT(c) ((c) >= '0' && (c) <= '9')
size_t gl_drop_thousands(unsigned char *s, size_t n) {
  size_t w = 0;
  for (size_t i = 0; i < n; i++) {
    if (s[i] == ',' && w > 0 && DIGIT(s[w - 1]) && i + 3 < n && DIGIT(s[i + 1]) &&
        DIGIT(s[i + 2]) && DIGIT(s[i + 3]) && (i + 4 >= n || !DIGIT(s[i + 4])))
      continue;
    s[w++] = s[i];
  }
  return w;
}
#undef DIGIT

int gl_ends_sentence(const unsigned char *out, size_t n) {
  if (!n) return 0;
  unsigned char c = out[n - 1];
  if (c == '!' || c == '?' || c == ';') return 1;
  static const char *const stops[] = {"\xE3\x80\x82", "\xEF\xBC\x81", "\xEF\xBC\x9F",
                                      "\xEF\xBC\x9B"}; /* 。！？； */
  for (int i = 0; i < 4; i++)
    if (n >= 3 && memcmp(out + n - 3, stops[i], 3) == 0) return 1;
  return 0;
}

size_t gl_normalize(const unsigned char *p, size_t n, unsigned char *out, int compact) {
  const unsigned char *e = p + n;
  size_t o = 0;
  int pending_space = 0;
  while (p < e) {
    size_t sp = gl_space_at(p, e, !compact);
    if (sp) {
      p += sp;
      if (!compact) pending_space = o > 0;
      continue;
    }
    if (compact && *p == '\n') {
      p++;
      if (gl_ends_sentence(out, o) && out[o - 1] != '\n') out[o++] = '\n';
      continue;
    }
    if (pending_space) {
      out[o++] = ' ';
      pending_space = 0;
    }
    if (e - p >= 3 && p[0] == 0xEF && p[1] == 0xBC && p[2] >= 0x90 && p[2] <= 0x99) {
      out[o++] = (unsigned char)('0' + (p[2] - 0x90)); /* ０-９ */
      p += 3;
    } else if (compact && e - p >= 3 && p[0] == 0xEF && p[1] == 0xBC && p[2] == 0x85) {
      out[o++] = '%'; /* ％ */
      p += 3;
    } else {
      out[o++] = *p++;
    }
  }
  return o;
}

char *gl_integer_text(char *end, long long v) {
  char *q = end;
  /* the magnitude as unsigned: also right for the most negative value */
  unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
  do {
    *--q = (char)('0' + u % 10);
    u /= 10;
  } while (u);
  if (v < 0) *--q = '-';
  return q;
}
