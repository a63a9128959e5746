/* text.c - byte-level text helpers shared by the loaders. */
#include "text.h"

const char *gl_utf8_check(const char *s, size_t n) {
  const unsigned char *p = (const unsigned char *)s, *e = p + n;
  while (p < e) {
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
