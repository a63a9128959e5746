/* core_prose.c - govlua.core: prose-count scanning for govlua.prose_counts.
 *
 * The word lists, and every decision about what a sentence claims, are in
 * lua/govlua/prose_counts.lua; this file is the mechanism that makes reading
 * a report's prose cheap: one pass over the text that finds the few sentences
 * worth reading, and a tokeniser for their clauses.
 *
 *   prose_scanner(spec) -> scanner
 *     compiles the lists once.  spec fields:
 *       sentence, part, clause  arrays of separators, one character each
 *       groups         array (at most 30) of arrays of words; group g sets
 *                      bit g-1 of a presence mask
 *       sentence_need  array of group numbers: a sentence is read only when
 *                      it has a word of each of them ...
 *       clause_need    ... and one of its clauses a word of each of these
 *       context, context_window   group number and n: for a sentence that
 *                      is read, the last of it and the n sentences before it
 *                      with a word of that group (n < 16)
 *       words          array of { text, kind [, q] }: the token words
 *       numerals       { digits = {[ch] = 0..9}, units = {[ch] = 10|100|1000},
 *                        wan = ch }: Chinese numerals (3-byte characters)
 *       strong_units, weak_units   arrays of characters (件 …, 个 …)
 *       approx_before, ordinal_before, approx_after, approx_after_unit,
 *       unit_nouns     arrays of words; percent, year_unit, zero_before: words
 *       year_min, year_max, year_bytes   integers
 *     Raises an error for a spec it cannot take (too many words, a word that
 *     is not UTF-8 or holds a separator, a word with a digit in a
 *     sentence_need or context group (the sentence scan sees the text
 *     before thousands separators are dropped), ...).
 *
 *   scanner:sentences(text) -> nil | array of the sentences to read:
 *       { index, last_context, clause1, mask1, clause2, mask2, ... }
 *     text is normalised as core.normalize(text, "compact") does it and cut
 *     as core.split(normalised, sentence) would cut it; index counts those
 *     pieces from 1.  last_context: the last sentence among this one and the
 *     context_window before it that has a context word, 0 if none.  The
 *     clauses are the non-empty pieces of the sentence cut at part and then
 *     clause separators (as core.split cuts them); mask: the groups with a
 *     word in the clause (as string.find(clause, word, 1, true) finds it),
 *     plus PART_START (bit 30) on the first clause of each part.
 *
 *   scanner:tokens(clause) -> the tokens, exactly as tokenize() in
 *     prose_counts.lua makes them: one array, 5 slots a token (byte
 *     positions from 1, e inclusive):
 *       kind, s, e, text, q (false if none)   for words (kind: the word's)
 *       "num"|"count"|"approx"|"year", s, e, value, chinese   for numbers
 *     (One difference: after a weak unit, bytes that are not UTF-8 are not
 *     an ideograph, where the Lua code's utf8.codepoint raises an error.)
 *
 * Work is linear in the length of the text (the tokeniser: times the longest
 * word); scratch memory: a buffer the size of the text, kept by the scanner
 * between calls (up to SCRATCH_MAX bytes).  Text that is not
 * UTF-8 is normalised byte by byte first, as core.normalize does it, and the
 * result scanned as it is.  With GOVLUA_SLOW_PATHS=1 in the environment there
 * is no prose_scanner (the Lua code does the work). */
#include <lauxlib.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "luamods.h"
#include "text.h"

#define SCANNER_MT "govlua.prose_scanner"

enum {
  MAX_WORDS = 512,    /* distinct words of all lists */
  POOL_BYTES = 8192,  /* their bytes */
  MAX_WORD = 96,      /* bytes in one word */
  HASH_BITS = 10,
  HASH_SLOTS = 1 << HASH_BITS, /* characters with an entry */
  MAX_GROUPS = 30,
  MAX_LIST = 24,      /* words in one number list */
  RING = 16,          /* sentences kept for the context window (window < RING) */
  MAX_CLAUSES = 128,  /* clauses of a sentence kept while it is read (more: read twice) */
  PART_START = 1 << 30,
  GUARD_PATS = 4,       /* byte strings in one guard (more: none) */
  MAX_GUARDS = 64,
  GUARD_NONE = 255,
  TOKEN_SLOTS = 5,      /* array slots of one token in scanner:tokens() */
  SCRATCH_MIN = 16384,  /* the scratch buffer kept for sentences(): at least ... */
  SCRATCH_MAX = 1 << 18, /* ... and at most these bytes */
};

/* character flags */
enum {
  CF_SENTENCE = 1, CF_PART = 2, CF_CLAUSE = 4, /* separators */
  CF_STRONG = 8, CF_WEAK = 16,                 /* units of a count */
  CF_STOP = 32,                                /* core.normalize keeps a newline after it */
  CF_DROP = 64,                                /* whitespace core.normalize drops */
  CF_MAP = 128,                                /* full-width digit, ％: made ASCII (map) */
};

/* The walks over text: the characters each must look at and, for the
 * group words, a chain of those ending with a character. */
enum {
  W_SCAN,   /* the sentence scan: what core.normalize changes, sentence
             * separators, stops, the words of sentence_need groups */
  W_CLAUSE, /* the clauses of a sentence that is read: separators, all group words */
  W_CTX,    /* the sentences before one that is read: the context words */
  NWALKS
};


typedef struct {
  uint32_t off, len;  /* bytes in the pool */
  uint32_t groups;    /* presence bits */
  int32_t tok;        /* index (from 1) of the token word, 0 = not one */
  int32_t next[NWALKS]; /* next word of the walk's chain ending with the same character, -1 */
  int32_t next_start; /* next token word starting with the same character, -1 */
} ps_word;

typedef struct {
  uint64_t key;       /* the character's bytes and length (pack); 0 = free slot */
  uint8_t flags;
  int8_t cn_digit;    /* Chinese digit value, -1 if none */
  int16_t cn_unit;    /* 10, 100, 1000, or 0 */
  uint8_t cn_wan;
  unsigned char map;  /* CF_MAP: the ASCII character it becomes */
  int32_t head[NWALKS]; /* the walks' chains of words ending with this character, -1 */
  int32_t start_head; /* token words starting with it, longest first, -1 */
} ps_char;

typedef struct {
  uint32_t bmp[0x10000 / 32]; /* 3-byte characters, by code point */
  uint32_t ascii[4];          /* ASCII bytes */
} ps_set;

typedef struct {
  int n;
  uint32_t off[MAX_LIST], len[MAX_LIST];
} ps_list;

/* What may end where a character of the sentence scan stands: the last
 * bytes before it of each word of W_SCAN ending with it (its last two
 * characters but one). */
typedef struct {
  int n;
  uint8_t len[GUARD_PATS];
  unsigned char pat[GUARD_PATS][2 * 4];
} ps_guard;

typedef struct {
  int nwords, ntok;
  ps_word words[MAX_WORDS];
  uint32_t pool_used;
  unsigned char pool[POOL_BYTES];
  ps_char chars[HASH_SLOTS];
  ps_set look[NWALKS];       /* the characters each walk looks at */
  /* bit w: walk w looks at the ASCII byte / at one of the 3-byte characters
   * with these continuation bytes (indexed by (b2 & 0x3F) << 8 | (b1 & 0x3F),
   * straight from the bytes; 64 cache lines are in use).  Characters that
   * share them with one looked at are rare: they differ in the lead byte. */
  uint8_t ascii_walks[128], tail_walks[0x3F40];
  /* W_SCAN: the guard (from 1) of the 3-byte characters it looks at with
   * these continuation bytes, as tail_walks[]; 0 or GUARD_NONE: none */
  uint8_t guard_of[0x3F40];
  int nguards;
  ps_guard guards[MAX_GUARDS];
  uint32_t clause_need, sentence_need, context;
  int window;
  ps_list approx_before, ordinal_before, approx_after, approx_after_unit, unit_nouns;
  ps_list percent, year_unit, zero_before;
  lua_Integer year_min, year_max, year_bytes;
} ps_scanner;

/* ---- characters ---------------------------------------------------------- */

static inline int is_cont(unsigned char c) { return (c & 0xC0) == 0x80; }
static inline int is_digit(unsigned char c) { return c >= '0' && c <= '9'; }
static inline int bit(const uint32_t *set, uint32_t i) { return (set[i >> 5] >> (i & 31)) & 1; }
static void set_bit(uint32_t *set, uint32_t i) { set[i >> 5] |= 1u << (i & 31); }

/* Length of the character at p as prose_counts' char_at takes it: by the
 * lead byte alone, cut at the end. */
static size_t lead_len(const unsigned char *p, const unsigned char *e) {
  size_t n = *p < 0x80 ? 1 : *p < 0xE0 ? 2 : *p < 0xF0 ? 3 : 4;
  return n <= (size_t)(e - p) ? n : (size_t)(e - p);
}

/* Length of a well-formed character at p (a lead byte and its continuation
 * bytes; only the structure counts: overlong forms and surrogates pass), or
 * 0 when the bytes there are broken. */
static inline size_t unit_len(const unsigned char *p, const unsigned char *e) {
  unsigned char b = *p;
  size_t n = b < 0x80 ? 1 : b < 0xC0 ? 0 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : b < 0xF8 ? 4 : 0;
  if (n == 0 || n > (size_t)(e - p)) return 0;
  for (size_t i = 1; i < n; i++)
    if (!is_cont(p[i])) return 0;
  return n;
}

/* The code point of a 3-byte character (structure already checked). */
static inline uint32_t cp3(const unsigned char *p) {
  return (uint32_t)(p[0] & 0x0F) << 12 | (uint32_t)(p[1] & 0x3F) << 6 | (p[2] & 0x3F);
}

static inline int is_3byte(const unsigned char *p, size_t n) {
  return n == 3 && (p[0] & 0xF0) == 0xE0 && is_cont(p[1]) && is_cont(p[2]);
}

/* The key of the bytes p[0..n) (n <= 4): the bytes and the length. */
static inline uint64_t pack(const unsigned char *p, size_t n) {
  uint64_t k = (uint64_t)n << 32;
  for (size_t i = 0; i < n; i++) k |= (uint64_t)p[i] << (8 * i);
  return k;
}

static inline uint32_t slot_of(uint64_t key) {
  return (uint32_t)((key * 0x9E3779B97F4A7C15u) >> (64 - HASH_BITS));
}

static inline const ps_char *find_char(const ps_scanner *sc, uint64_t key) {
  for (uint32_t i = slot_of(key), k = 0; k < HASH_SLOTS; k++, i = (i + 1) & (HASH_SLOTS - 1)) {
    const ps_char *c = &sc->chars[i];
    if (c->key == key) return c;
    if (c->key == 0) return NULL;
  }
  return NULL;
}

/* The entry of the character p[0..n) if walk (-1: any) looks at it. */
static inline const ps_char *char_of(const ps_scanner *sc, const unsigned char *p, size_t n,
                                     int walk) {
  if (walk >= 0) {
    if (n == 1) {
      if (*p >= 0x80 || !bit(sc->look[walk].ascii, *p)) return NULL;
    } else if (is_3byte(p, n) && !bit(sc->look[walk].bmp, cp3(p))) {
      return NULL;
    }
  }
  return find_char(sc, pack(p, n));
}

/* Bytes p[0..n) as a little-endian integer (compilers make it one load). */
static inline uint64_t le64(const unsigned char *p) {
  return (uint64_t)p[0] | (uint64_t)p[1] << 8 | (uint64_t)p[2] << 16 | (uint64_t)p[3] << 24 |
         (uint64_t)p[4] << 32 | (uint64_t)p[5] << 40 | (uint64_t)p[6] << 48 | (uint64_t)p[7] << 56;
}

/* The end of the run of characters from p on that walk need not look at:
 * the common case, so four or two 3-byte characters at a time where it can.  A
 * character it stops at is ASCII, or not a 3-byte character, or has 3 bytes
 * left in s[..e). */
static inline int same(const unsigned char *a, const unsigned char *b, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (a[i] != b[i]) return 0;
  return 1;
}

/* Whether the sentence scan may pass the character at p (it looks at it,
 * its continuation bytes index tail_walks[] at t) without stopping: it has a
 * guard, and none of the guard's byte strings ends at p, in the bytes
 * [run, p) that the scan copies as they are. */
static int passes_guard(const ps_scanner *sc, uint32_t t, const unsigned char *run,
                        const unsigned char *p) {
  uint8_t g = sc->guard_of[t];
  if (g == 0 || g == GUARD_NONE) return 0;
  const ps_guard *gd = &sc->guards[g - 1];
  for (int i = 0; i < gd->n; i++)
    if (gd->len[i] > (size_t)(p - run) || same(p - gd->len[i], gd->pat[i], gd->len[i])) return 0;
  return 1;
}

static inline const unsigned char *skip(const ps_scanner *sc, int walk, const unsigned char *p,
                                        const unsigned char *e) {
  const unsigned char *run = p;
  const uint8_t *ascii = sc->ascii_walks, *tail = sc->tail_walks;
  const uint32_t *look = sc->look[walk].bmp;
  const unsigned w = 1u << walk;
  for (;;) {
    while (e - p >= 14) { /* four 3-byte characters that tail[] rules out */
      uint64_t y = le64(p), z = le64(p + 6);
      if ((((y ^ 0x8080E08080E0u) | (z ^ 0x8080E08080E0u)) & 0xC0C0F0C0C0F0u) ||
          ((tail[y >> 8 & 0x3F3F] | tail[y >> 32 & 0x3F3F] | tail[z >> 8 & 0x3F3F] |
            tail[z >> 32 & 0x3F3F]) & w))
        break;
      p += 12;
    }
    while (e - p >= 8) { /* two 3-byte characters that tail[] rules out */
      uint64_t y = le64(p);
      if ((y & 0xC0C0F0C0C0F0u) != 0x8080E08080E0u ||
          ((tail[y >> 8 & 0x3F3F] | tail[y >> 32 & 0x3F3F]) & w))
        break;
      p += 6;
    }
    if (e - p < 3) break;
    uint32_t x = (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16;
    if ((x & 0xC0C0F0u) == 0x8080E0u) {
      if ((tail[x >> 8 & 0x3F3F] & w) &&
          bit(look, (x & 0x0Fu) << 12 | (x & 0x3F00u) >> 2 | (x & 0x3F0000u) >> 16) &&
          !(walk == W_SCAN && passes_guard(sc, x >> 8 & 0x3F3F, run, p)))
        break;
      p += 3;
    } else if (!(x & 0x80u) && !(ascii[x & 0x7Fu] & w)) {
      p++;
    } else {
      break;
    }
  }
  return p;
}

/* Adds a character to a walk's set. */
static void mark(ps_scanner *sc, int walk, const unsigned char *p, size_t n) {
  if (n == 1) set_bit(sc->look[walk].ascii, *p);
  else if (is_3byte(p, n)) set_bit(sc->look[walk].bmp, cp3(p));
}

/* Fills ascii_walks[] and tail_walks[] from the walks' sets. */
static void make_prefix(ps_scanner *sc) {
  for (int w = 0; w < NWALKS; w++) {
    for (uint32_t c = 0; c < 128; c++)
      if (bit(sc->look[w].ascii, c)) sc->ascii_walks[c] |= (uint8_t)(1 << w);
    for (uint32_t i = 0; i < 0x10000 / 32; i++) {
      if (!sc->look[w].bmp[i]) continue;
      for (uint32_t cp = i * 32; cp < i * 32 + 32; cp++)
        if (bit(sc->look[w].bmp, cp))
          sc->tail_walks[(cp & 0x3F) << 8 | (cp >> 6 & 0x3F)] |= (uint8_t)(1 << w);
    }
  }
}

/* Adds the byte string p[0..n) to guard slot *g (made when 0); GUARD_NONE
 * when there are too many. */
static void guard_add(ps_scanner *sc, uint8_t *g, const unsigned char *p, size_t n) {
  if (*g == GUARD_NONE) return;
  if (*g == 0) {
    if (sc->nguards >= MAX_GUARDS) {
      *g = GUARD_NONE;
      return;
    }
    *g = (uint8_t)++sc->nguards;
  }
  ps_guard *gd = &sc->guards[*g - 1];
  for (int i = 0; i < gd->n; i++)
    if (gd->len[i] == n && same(gd->pat[i], p, n)) return;
  if (gd->n >= GUARD_PATS) {
    *g = GUARD_NONE;
    return;
  }
  gd->len[gd->n] = (uint8_t)n;
  memcpy(gd->pat[gd->n], p, n);
  gd->n++;
}

/* Fills guard_of[] for the 3-byte characters of W_SCAN: a character the
 * scan must always stop at (a separator, a stop, one that normalising
 * changes, a word of one character) has none. */
static void make_guards(ps_scanner *sc) {
  for (uint32_t i = 0; i < HASH_SLOTS; i++) {
    const ps_char *c = &sc->chars[i];
    unsigned char b[4];
    for (int k = 0; k < 4; k++) b[k] = (unsigned char)(c->key >> (8 * k));
    if (!c->key || !is_3byte(b, (size_t)(c->key >> 32)) || !bit(sc->look[W_SCAN].bmp, cp3(b)))
      continue;
    uint8_t *g = &sc->guard_of[(b[2] & 0x3F) << 8 | (b[1] & 0x3F)];
    if (c->flags || c->head[W_SCAN] < 0) *g = GUARD_NONE;
    for (int32_t w = c->head[W_SCAN]; w >= 0 && *g != GUARD_NONE; w = sc->words[w].next[W_SCAN]) {
      const unsigned char *p = sc->pool + sc->words[w].off, *at = p + sc->words[w].len - 3;
      const unsigned char *from = at; /* back two characters */
      for (int k = 0; k < 2 && from > p; k++)
        do from--; while (from > p && is_cont(*from));
      if (from == at) *g = GUARD_NONE; /* a word of one character */
      else guard_add(sc, g, from, (size_t)(at - from));
    }
  }
}

/* ---- compiling the spec --------------------------------------------------- */

static ps_char *add_char(lua_State *L, ps_scanner *sc, const unsigned char *p, size_t n) {
  uint64_t key = pack(p, n);
  uint32_t i = slot_of(key);
  for (uint32_t k = 0; k < HASH_SLOTS / 2; k++, i = (i + 1) & (HASH_SLOTS - 1)) {
    ps_char *c = &sc->chars[i];
    if (c->key == key) return c;
    if (c->key == 0) {
      memset(c, 0, sizeof *c);
      c->key = key;
      c->cn_digit = -1;
      for (int w = 0; w < NWALKS; w++) c->head[w] = -1;
      c->start_head = -1;
      return c;
    }
  }
  luaL_error(L, "prose_scanner: too many characters");
  return NULL;
}

/* Checks that s is non-empty UTF-8 (no NUL) of at most MAX_WORD bytes. */
static void check_word(lua_State *L, const char *what, const char *s, size_t n) {
  if (n == 0 || n > MAX_WORD) luaL_error(L, "prose_scanner: %s: a word of %d bytes", what, (int)n);
  const unsigned char *p = (const unsigned char *)s, *e = p + n;
  while (p < e) {
    size_t u = unit_len(p, e);
    if (u == 0 || *p == 0) luaL_error(L, "prose_scanner: %s: a word that is not UTF-8", what);
    p += u;
  }
}

static const char *get_word(lua_State *L, int idx, const char *what, size_t *n) {
  if (lua_type(L, idx) != LUA_TSTRING) luaL_error(L, "prose_scanner: %s: a string expected", what);
  const char *s = lua_tolstring(L, idx, n);
  check_word(L, what, s, *n);
  return s;
}

/* A single character (separators, units). */
static ps_char *get_char(lua_State *L, ps_scanner *sc, int idx, const char *what) {
  size_t n;
  const unsigned char *s = (const unsigned char *)get_word(L, idx, what, &n);
  if (unit_len(s, s + n) != n) luaL_error(L, "prose_scanner: %s: one character expected", what);
  return add_char(L, sc, s, n);
}

/* The index of the word s[0..n) (added when new). */
static int32_t add_word(lua_State *L, ps_scanner *sc, const char *s, size_t n) {
  for (int32_t i = 0; i < sc->nwords; i++)
    if (sc->words[i].len == n && memcmp(sc->pool + sc->words[i].off, s, n) == 0) return i;
  if (sc->nwords >= MAX_WORDS || sc->pool_used + n > POOL_BYTES)
    luaL_error(L, "prose_scanner: too many words");
  ps_word *w = &sc->words[sc->nwords];
  memset(w, 0, sizeof *w);
  w->off = sc->pool_used;
  w->len = (uint32_t)n;
  for (int k = 0; k < NWALKS; k++) w->next[k] = -1;
  w->next_start = -1;
  memcpy(sc->pool + sc->pool_used, s, n);
  sc->pool_used += (uint32_t)n;
  return sc->nwords++;
}

static void read_list(lua_State *L, ps_scanner *sc, const char *field, ps_list *out) {
  out->n = 0;
  int t = lua_getfield(L, 1, field);
  int single = t == LUA_TSTRING;
  if (!single && t != LUA_TTABLE)
    luaL_error(L, "prose_scanner: %s: a word or an array of words expected", field);
  for (int i = 1;; i++) {
    if (!single && lua_rawgeti(L, -1, i) == LUA_TNIL) {
      lua_pop(L, 1);
      break;
    }
    if (i > MAX_LIST) luaL_error(L, "prose_scanner: %s: too many words", field);
    size_t n;
    const char *s = get_word(L, -1, field, &n);
    int32_t w = add_word(L, sc, s, n);
    out->off[out->n] = sc->words[w].off;
    out->len[out->n] = sc->words[w].len;
    out->n++;
    if (single) break;
    lua_pop(L, 1);
  }
  lua_pop(L, 1);
}

static void read_units(lua_State *L, ps_scanner *sc, const char *field, uint8_t flag) {
  if (lua_getfield(L, 1, field) != LUA_TTABLE)
    luaL_error(L, "prose_scanner: %s: an array of characters expected", field);
  for (int i = 1; lua_rawgeti(L, -1, i) != LUA_TNIL; i++) {
    get_char(L, sc, -1, field)->flags |= flag;
    lua_pop(L, 1);
  }
  lua_pop(L, 2);
}

static uint32_t read_need(lua_State *L, const char *field, int ngroups) {
  uint32_t m = 0;
  if (lua_getfield(L, 1, field) != LUA_TTABLE)
    luaL_error(L, "prose_scanner: %s: an array of group numbers expected", field);
  for (int i = 1; lua_rawgeti(L, -1, i) != LUA_TNIL; i++) {
    lua_Integer g = lua_tointeger(L, -1);
    if (g < 1 || g > ngroups) luaL_error(L, "prose_scanner: %s: no group %d", field, (int)g);
    m |= 1u << (g - 1);
    lua_pop(L, 1);
  }
  lua_pop(L, 2);
  return m;
}

static lua_Integer read_int(lua_State *L, const char *field) {
  lua_getfield(L, 1, field);
  int ok;
  lua_Integer v = lua_tointegerx(L, -1, &ok);
  if (!ok) luaL_error(L, "prose_scanner: %s: an integer expected", field);
  lua_pop(L, 1);
  return v;
}

/* A 3-byte character (Chinese numerals). */
static ps_char *numeral_char(lua_State *L, ps_scanner *sc, int idx, const char *what) {
  size_t n;
  const unsigned char *s = (const unsigned char *)get_word(L, idx, what, &n);
  if (n != 3 || unit_len(s, s + n) != 3)
    luaL_error(L, "prose_scanner: %s: a 3-byte character expected", what);
  return add_char(L, sc, s, n);
}

/* spec.words: the token words; their text, kind and q go to the arrays 1,
 * 2, 3 of the table at index 3. */
static void read_words(lua_State *L, ps_scanner *sc) {
  if (lua_getfield(L, 1, "words") != LUA_TTABLE)
    luaL_error(L, "prose_scanner: words: an array expected");
  int words = lua_gettop(L);
  for (int i = 1; lua_rawgeti(L, words, i) != LUA_TNIL; i++) {
    int w = lua_gettop(L);
    if (!lua_istable(L, w)) luaL_error(L, "prose_scanner: words: {text, kind [, q]} expected");
    lua_rawgeti(L, w, 1);
    size_t n;
    const char *s = get_word(L, -1, "words", &n);
    int32_t k = add_word(L, sc, s, n);
    if (sc->words[k].tok) luaL_error(L, "prose_scanner: words: \"%s\" twice", s);
    sc->words[k].tok = ++sc->ntok;
    lua_pop(L, 1);
    for (int f = 1; f <= 3; f++) {
      lua_rawgeti(L, 3, f);
      int t = lua_rawgeti(L, w, f);
      if (f == 2 && t != LUA_TSTRING) luaL_error(L, "prose_scanner: words: a kind expected");
      if (f == 3 && t != LUA_TSTRING && t != LUA_TNIL)
        luaL_error(L, "prose_scanner: words: q is a string");
      if (t == LUA_TNIL) { /* no q: false, as the tokens hold it */
        lua_pop(L, 1);
        lua_pushboolean(L, 0);
      }
      lua_rawseti(L, -2, sc->ntok);
      lua_pop(L, 1);
    }
    lua_pop(L, 1);
  }
  lua_pop(L, 2);
}

static void read_numerals(lua_State *L, ps_scanner *sc) {
  if (lua_getfield(L, 1, "numerals") != LUA_TTABLE)
    luaL_error(L, "prose_scanner: numerals: a table expected");
  int t = lua_gettop(L);
  static const char *const parts[] = {"digits", "units"};
  for (int k = 0; k < 2; k++) {
    if (lua_getfield(L, t, parts[k]) != LUA_TTABLE)
      luaL_error(L, "prose_scanner: numerals.%s: a table expected", parts[k]);
    lua_pushnil(L);
    while (lua_next(L, -2)) {
      ps_char *c = numeral_char(L, sc, -2, parts[k]);
      int ok;
      lua_Integer v = lua_tointegerx(L, -1, &ok);
      if (k == 0) {
        if (!ok || v < 0 || v > 9) luaL_error(L, "prose_scanner: numerals.digits: 0-9 expected");
        c->cn_digit = (int8_t)v;
      } else {
        if (!ok || (v != 10 && v != 100 && v != 1000))
          luaL_error(L, "prose_scanner: numerals.units: 10, 100 or 1000 expected");
        c->cn_unit = (int16_t)v;
      }
      lua_pop(L, 1);
    }
    lua_pop(L, 1);
  }
  lua_getfield(L, t, "wan");
  numeral_char(L, sc, -1, "wan")->cn_wan = 1;
  lua_pop(L, 2);
}

static const char *const KEYS[] = {"num", "count", "approx", "year"};
enum { K_NUMKINDS = 4 }; /* uservalue slot of KEYS[0] */

static int scanner_new(lua_State *L) {
  luaL_checktype(L, 1, LUA_TTABLE);
  lua_settop(L, 1);
  ps_scanner *sc = lua_newuserdatauv(L, sizeof *sc, 2); /* 2 */
  memset(sc, 0, sizeof *sc);
  luaL_setmetatable(L, SCANNER_MT);
  /* 3: the uservalue: [1..3] the token words' texts, kinds, qs; then the
   * the kinds of number tokens (KEYS, from K_NUMKINDS on) */
  lua_createtable(L, 3 + (int)(sizeof KEYS / sizeof *KEYS), 0);
  for (int i = 1; i <= 3; i++) {
    lua_newtable(L);
    lua_rawseti(L, 3, i);
  }
  for (int i = 0; i < (int)(sizeof KEYS / sizeof *KEYS); i++) {
    lua_pushstring(L, KEYS[i]);
    lua_rawseti(L, 3, K_NUMKINDS + i);
  }
  lua_pushvalue(L, 3);
  lua_setiuservalue(L, 2, 1);

  /* what core.normalize (compact) changes: whitespace, full-width digits and
   * ％; and the stops of its newline rule.  The sentence scan looks at them. */
  static const char *const drops[] = {" ", "\t", "\r", "\f", "\v", "\xC2\xA0", "\xE3\x80\x80",
                                      "\xE2\x80\x82", "\xE2\x80\x83", "\xE2\x80\x89",
                                      "\xE2\x80\x8B", "\xEF\xBB\xBF"};
  for (size_t i = 0; i < sizeof drops / sizeof *drops; i++) {
    const unsigned char *p = (const unsigned char *)drops[i];
    add_char(L, sc, p, strlen(drops[i]))->flags |= CF_DROP;
    mark(sc, W_SCAN, p, strlen(drops[i]));
  }
  for (int d = 0; d <= 10; d++) { /* ０-９, ％ */
    unsigned char fw[3] = {0xEF, 0xBC, (unsigned char)(d < 10 ? 0x90 + d : 0x85)};
    ps_char *c = add_char(L, sc, fw, 3);
    c->flags |= CF_MAP;
    c->map = (unsigned char)(d < 10 ? '0' + d : '%');
    mark(sc, W_SCAN, fw, 3);
  }
  add_char(L, sc, (const unsigned char *)"\n", 1); /* dropped unless after a stop */
  mark(sc, W_SCAN, (const unsigned char *)"\n", 1);
  static const char *const stops[] = {"!", "?", ";", "\xE3\x80\x82", "\xEF\xBC\x81", "\xEF\xBC\x9F",
                                      "\xEF\xBC\x9B"}; /* 。！？； */
  for (size_t i = 0; i < sizeof stops / sizeof *stops; i++) {
    const unsigned char *p = (const unsigned char *)stops[i];
    size_t n = strlen(stops[i]);
    add_char(L, sc, p, n)->flags |= CF_STOP;
    mark(sc, W_SCAN, p, n);
  }

  static const char *const seps[] = {"sentence", "part", "clause"};
  for (int k = 0; k < 3; k++) {
    if (lua_getfield(L, 1, seps[k]) != LUA_TTABLE)
      luaL_error(L, "prose_scanner: %s: an array of separators expected", seps[k]);
    for (int i = 1; lua_rawgeti(L, -1, i) != LUA_TNIL; i++) {
      get_char(L, sc, -1, seps[k])->flags |= (uint8_t)(1 << k);
      size_t n;
      const unsigned char *p = (const unsigned char *)lua_tolstring(L, -1, &n);
      mark(sc, k == 0 ? W_SCAN : W_CLAUSE, p, n);
      lua_pop(L, 1);
    }
    lua_pop(L, 2);
  }

  /* presence groups */
  int ngroups = 0;
  if (lua_getfield(L, 1, "groups") != LUA_TTABLE)
    luaL_error(L, "prose_scanner: groups: an array expected");
  for (int g = 1; lua_rawgeti(L, -1, g) != LUA_TNIL; g++) {
    if (g > MAX_GROUPS || !lua_istable(L, -1))
      luaL_error(L, "prose_scanner: groups: at most %d arrays of words", MAX_GROUPS);
    ngroups = g;
    for (int i = 1; lua_rawgeti(L, -1, i) != LUA_TNIL; i++) {
      size_t n;
      const char *s = get_word(L, -1, "groups", &n);
      int32_t w = add_word(L, sc, s, n);
      sc->words[w].groups |= 1u << (g - 1);
      lua_pop(L, 1);
    }
    lua_pop(L, 2); /* nil, the group */
  }
  lua_pop(L, 2); /* nil, groups */
  sc->sentence_need = read_need(L, "sentence_need", ngroups);
  sc->clause_need = read_need(L, "clause_need", ngroups);
  lua_Integer cg = read_int(L, "context"), win = read_int(L, "context_window");
  if (cg < 1 || cg > ngroups) luaL_error(L, "prose_scanner: context: no group %d", (int)cg);
  if (win < 0 || win >= RING) luaL_error(L, "prose_scanner: context_window: 0 to %d", RING - 1);
  sc->context = 1u << (cg - 1);
  sc->window = (int)win;

  read_words(L, sc);
  read_numerals(L, sc);
  read_units(L, sc, "strong_units", CF_STRONG);
  read_units(L, sc, "weak_units", CF_WEAK);
  read_list(L, sc, "approx_before", &sc->approx_before);
  read_list(L, sc, "ordinal_before", &sc->ordinal_before);
  read_list(L, sc, "approx_after", &sc->approx_after);
  read_list(L, sc, "approx_after_unit", &sc->approx_after_unit);
  read_list(L, sc, "unit_nouns", &sc->unit_nouns);
  read_list(L, sc, "percent", &sc->percent);
  read_list(L, sc, "year_unit", &sc->year_unit);
  read_list(L, sc, "zero_before", &sc->zero_before);
  sc->year_min = read_int(L, "year_min");
  sc->year_max = read_int(L, "year_max");
  sc->year_bytes = read_int(L, "year_bytes");

  /* chains: group words by their last character, token words by their
   * first (longest first; the words are distinct, so two of one length
   * never both match) */
  uint32_t scanned = sc->sentence_need;
  for (int32_t i = 0; i < sc->nwords; i++) {
    ps_word *w = &sc->words[i];
    const unsigned char *p = sc->pool + w->off, *e = p + w->len;
    if (!w->groups && !w->tok) continue;
    lua_pushlstring(L, (const char *)p, w->len); /* for messages */
    for (const unsigned char *q = p; q < e;) {
      size_t u = unit_len(q, e);
      const ps_char *c = find_char(sc, pack(q, u));
      /* a word holding a separator could never be found inside a clause */
      if (c && (c->flags & (CF_SENTENCE | CF_PART | CF_CLAUSE)))
        luaL_error(L, "prose_scanner: a word holds a separator: \"%s\"", lua_tostring(L, -1));
      /* the scan sees digits before thousands separators are dropped */
      if ((w->groups & (scanned | sc->context)) && w->len > 1 && is_digit(*q))
        luaL_error(L, "prose_scanner: a sentence_need or context word holds a digit: \"%s\"",
                   lua_tostring(L, -1));
      q += u;
    }
    lua_pop(L, 1);
    if (w->groups) {
      const unsigned char *last = e - 1;
      while (last > p && is_cont(*last)) last--;
      ps_char *c = add_char(L, sc, last, (size_t)(e - last));
      uint32_t in[NWALKS] = {w->groups & sc->sentence_need, w->groups, w->groups & sc->context};
      for (int k = 0; k < NWALKS; k++) {
        if (!in[k]) continue;
        w->next[k] = c->head[k];
        c->head[k] = i;
        mark(sc, k, last, (size_t)(e - last));
      }
    }
    if (w->tok) {
      ps_char *c = add_char(L, sc, p, unit_len(p, e));
      int32_t *at = &c->start_head;
      while (*at >= 0 && sc->words[*at].len >= w->len) at = &sc->words[*at].next_start;
      w->next_start = *at;
      *at = i;
    }
  }
  make_prefix(sc);
  make_guards(sc);
  lua_settop(L, 2);
  return 1;
}

/* ---- sentences -------------------------------------------------------------- */

/* The groups of the words of a walk's chain (from head) that end where
 * b[0..o) ends, with the character b[o - u..o) that they all end with. */
static uint32_t words_ending(const ps_scanner *sc, int walk, int32_t head, const unsigned char *b,
                             size_t o, size_t u) {
  uint32_t m = 0;
  const ps_word *words = sc->words;
  const unsigned char *pool = sc->pool;
  for (int32_t i = head; i >= 0; i = words[i].next[walk]) {
    size_t len = words[i].len;
    if (len > o) continue;
    const unsigned char *a = b + o - len, *x = pool + words[i].off;
    /* from the end (mismatches show early); the last character matches */
    len -= u;
    while (len > 0 && a[len - 1] == x[len - 1]) len--;
    if (len == 0) m |= words[i].groups;
  }
  return m;
}

/* Whether b[0..n) has a word of the context group. */
static int has_context(const ps_scanner *sc, const unsigned char *b, size_t n) {
  for (size_t i = 0;;) {
    i = (size_t)(skip(sc, W_CTX, b + i, b + n) - b);
    if (i >= n) return 0;
    size_t u = unit_len(b + i, b + n);
    if (u == 0) u = 1;
    const ps_char *c = char_of(sc, b + i, u, W_CTX);
    i += u;
    if (c && c->head[W_CTX] >= 0 &&
        (words_ending(sc, W_CTX, c->head[W_CTX], b, i, u) & sc->context))
      return 1;
  }
}

typedef struct {
  size_t from, to;
  uint32_t mask;
} clause_t;

/* Cuts the sentence b[0..n) into clauses (into cl[], at most cap of them;
 * *ncl: how many there are); returns whether one has clause_need. */
static int cut_clauses(const ps_scanner *sc, const unsigned char *b, size_t n, clause_t *cl,
                       size_t cap, size_t *ncl) {
  int live = 0;
  uint32_t mask = 0, start = PART_START;
  size_t cs = 0, i = 0, k = 0;
  for (;;) {
    size_t u = 0;
    i = (size_t)(skip(sc, W_CLAUSE, b + i, b + n) - b);
    const ps_char *c = NULL;
    if (i < n) {
      u = unit_len(b + i, b + n);
      if (u == 0) u = 1; /* a byte that is not UTF-8 */
      c = char_of(sc, b + i, u, W_CLAUSE);
    }
    if (i >= n || (c && (c->flags & (CF_PART | CF_CLAUSE)))) {
      if (i > cs) { /* a clause ends */
        if ((mask & sc->clause_need) == sc->clause_need) live = 1;
        if (k < cap) cl[k] = (clause_t){cs, i, mask | start};
        k++;
        start = 0;
      }
      if (i >= n) break;
      if (c->flags & CF_PART) start = PART_START;
      mask = 0;
      i += u;
      cs = i;
      continue;
    }
    i += u;
    if (c && c->head[W_CLAUSE] >= 0)
      mask |= words_ending(sc, W_CLAUSE, c->head[W_CLAUSE], b + cs, i - cs, u);
  }
  *ncl = k;
  return live;
}

typedef struct {
  lua_State *L;
  const ps_scanner *sc;
  unsigned char *buf; /* the text so far, normalised, without sentence separators */
  size_t o, s0;       /* its length; where the current sentence starts */
  uint32_t mask;      /* groups of sentence_need with a word in the current sentence */
  lua_Integer index;  /* sentences so far */
  /* the last sentences, by index % RING: where they are in buf, and whether
   * they have a context word (-1: not looked yet) */
  size_t ring_from[RING], ring_to[RING];
  int8_t ring_ctx[RING];
  int out;            /* stack index of the result, 0 while there is none */
  lua_Integer nout;
} scan_state;

/* gl_drop_thousands(b, n), from the byte before the first ',' on (most
 * sentences have none). */
static size_t drop_thousands(unsigned char *b, size_t n) {
  const unsigned char *c = memchr(b, ',', n);
  if (!c || c == b) return c ? gl_drop_thousands(b, n) : n;
  size_t from = (size_t)(c - b) - 1; /* the bytes before it stay */
  return from + gl_drop_thousands(b + from, n - from);
}

/* The sentence that just ended, buf[s0..o), has the words of sentence_need:
 * drops its thousands separators and adds its record to the result if one
 * of its clauses has clause_need. */
static void read_sentence(scan_state *st) {
  const ps_scanner *sc = st->sc;
  lua_State *L = st->L;
  unsigned char *b = st->buf + st->s0;
  size_t n = drop_thousands(b, st->o - st->s0);
  st->o = st->s0 + n;
  clause_t local[MAX_CLAUSES], *cl = local;
  size_t ncl;
  if (!cut_clauses(sc, b, n, cl, MAX_CLAUSES, &ncl)) return;
  luaL_checkstack(L, 4, "prose scanner");
  if (!st->out) {
    lua_newtable(L);
    st->out = lua_gettop(L);
  }
  if (ncl > MAX_CLAUSES) { /* a long sentence (rare): cut it again, keeping all */
    cl = lua_newuserdatauv(L, ncl * sizeof *cl, 0);
    cut_clauses(sc, b, n, cl, ncl, &ncl);
  }
  st->ring_to[st->index % RING] = st->o;
  lua_Integer last = 0;
  for (lua_Integer j = st->index; j >= 1 && j >= st->index - sc->window; j--) {
    int r = (int)(j % RING);
    if (st->ring_ctx[r] < 0)
      st->ring_ctx[r] =
          (int8_t)has_context(sc, st->buf + st->ring_from[r], st->ring_to[r] - st->ring_from[r]);
    if (st->ring_ctx[r]) {
      last = j;
      break;
    }
  }
  lua_createtable(L, ncl < 1000 ? (int)(2 + 2 * ncl) : 0, 0);
  lua_pushinteger(L, st->index);
  lua_rawseti(L, -2, 1);
  lua_pushinteger(L, last);
  lua_rawseti(L, -2, 2);
  lua_Integer k = 2;
  for (size_t i = 0; i < ncl; i++) {
    lua_pushlstring(L, (const char *)b + cl[i].from, cl[i].to - cl[i].from);
    lua_rawseti(L, -2, ++k);
    lua_pushinteger(L, (lua_Integer)cl[i].mask);
    lua_rawseti(L, -2, ++k);
  }
  lua_rawseti(L, st->out, ++st->nout);
  if (cl != local) lua_pop(L, 1);
}

static void end_sentence(scan_state *st) {
  if (st->o > st->s0) {
    int r = (int)(++st->index % RING);
    st->ring_from[r] = st->s0;
    st->ring_to[r] = st->o;
    st->ring_ctx[r] = -1;
    if ((st->mask & st->sc->sentence_need) == st->sc->sentence_need) read_sentence(st);
  }
  st->s0 = st->o;
  st->mask = 0;
}

/* Scans s[0..n), normalising it on the way (normalize) or taking it as it
 * is.  Returns 0 when normalising meets broken UTF-8: removing whitespace
 * could then join bytes into new characters, so the caller normalises byte
 * by byte first. */
static int scan(scan_state *st, const unsigned char *s, size_t n, int normalize) {
  const ps_scanner *sc = st->sc;
  const unsigned char *p = s, *e = s + n;
  unsigned char *out = st->buf + st->o; /* st->o is set from it around calls */
  int stop = 0;                         /* the newline rule: the last character was a stop */
  for (;;) {
    /* characters the scan need not look at: copied as they are */
    const unsigned char *q = skip(sc, W_SCAN, p, e);
    if (q != p) {
      memcpy(out, p, (size_t)(q - p));
      out += q - p;
      p = q;
      stop = 0;
    }
    if (p >= e) break;
    size_t u = unit_len(p, e);
    if (u == 0) {
      if (normalize) return 0;
      u = 1;
    }
    const unsigned char *ch = p;
    p += u;
    const ps_char *c = char_of(sc, ch, u, W_SCAN);
    if (normalize && c) {
      if (c->flags & CF_DROP) continue;
      if (*ch == '\n') {
        if (!stop) continue; /* a wrapped line: joined */
      } else if (c->flags & CF_MAP) {
        ch = &c->map;
        u = 1;
        c = char_of(sc, ch, 1, W_SCAN);
      }
    }
    if (!c) {
      memcpy(out, ch, u);
      out += u;
      stop = 0;
      continue;
    }
    stop = (c->flags & CF_STOP) != 0;
    if (c->flags & CF_SENTENCE) {
      st->o = (size_t)(out - st->buf);
      end_sentence(st);
      out = st->buf + st->o;
      continue;
    }
    memcpy(out, ch, u);
    out += u;
    if (c->head[W_SCAN] >= 0)
      st->mask |= words_ending(sc, W_SCAN, c->head[W_SCAN], st->buf + st->s0,
                               (size_t)(out - st->buf) - st->s0, u);
  }
  st->o = (size_t)(out - st->buf);
  end_sentence(st);
  return 1;
}

static void init_state(scan_state *st, lua_State *L, const ps_scanner *sc, unsigned char *buf) {
  memset(st, 0, sizeof *st);
  st->L = L;
  st->sc = sc;
  st->buf = buf;
}

/* Pushes a scratch buffer of at least n bytes: the scanner's (its user
 * value 2, taken out while in use, so that a call nested through a
 * finalizer, or one after an error, makes its own), or a new one. */
static unsigned char *scratch(lua_State *L, size_t n) {
  if (lua_getiuservalue(L, 1, 2) == LUA_TUSERDATA && lua_rawlen(L, -1) >= n) {
    lua_pushnil(L);
    lua_setiuservalue(L, 1, 2);
    return lua_touserdata(L, -1);
  }
  lua_pop(L, 1);
  return lua_newuserdatauv(L, n < SCRATCH_MIN ? SCRATCH_MIN : n, 0);
}

/* Gives the buffer at idx back to the scanner, unless it is too big to keep. */
static void keep_scratch(lua_State *L, int idx) {
  if (lua_rawlen(L, idx) > SCRATCH_MAX) return;
  lua_pushvalue(L, idx);
  lua_setiuservalue(L, 1, 2);
}

static int scanner_sentences(lua_State *L) {
  const ps_scanner *sc = luaL_checkudata(L, 1, SCANNER_MT);
  size_t n;
  const unsigned char *s = (const unsigned char *)luaL_checklstring(L, 2, &n);
  lua_settop(L, 2);
  scan_state st;
  unsigned char *buf = scratch(L, n + 1); /* 3: normalising never lengthens */
  init_state(&st, L, sc, buf);
  if (!scan(&st, s, n, 1)) {
    lua_settop(L, 3);
    unsigned char *norm = lua_newuserdatauv(L, n + 1, 0); /* 4 */
    size_t m = gl_normalize(s, n, norm, 1); /* core.normalize's pass, without its tail */
    init_state(&st, L, sc, buf);
    scan(&st, norm, m, 0);
  }
  keep_scratch(L, 3);
  if (!st.out) return 0;
  lua_pushvalue(L, st.out);
  return 1;
}

/* ---- tokens ------------------------------------------------------------------ */

static int starts(const unsigned char *s, size_t n, size_t i, const unsigned char *w, size_t wl) {
  return i <= n && wl <= n - i && same(s + i, w, wl);
}

static int starts_any(const ps_scanner *sc, const ps_list *l, const unsigned char *s, size_t n,
                      size_t i) {
  for (int k = 0; k < l->n; k++)
    if (starts(s, n, i, sc->pool + l->off[k], l->len[k])) return 1;
  return 0;
}

/* Whether s[0..end) ends with one of the words. */
static int ends_any(const ps_scanner *sc, const ps_list *l, const unsigned char *s, size_t end) {
  for (int k = 0; k < l->n; k++)
    if (l->len[k] <= end && same(s + end - l->len[k], sc->pool + l->off[k], l->len[k])) return 1;
  return 0;
}

/* prose_counts' ideograph_at: a 3-byte character in U+3400..U+9FFF at i. */
static int ideograph_at(const unsigned char *s, size_t n, size_t i) {
  if (i >= n || lead_len(s + i, s + n) != 3 || unit_len(s + i, s + n) != 3) return 0;
  uint32_t cp = cp3(s + i);
  return cp >= 0x3400 && cp <= 0x9FFF;
}

/* The flags of the unit (件, 起 ...) that char_at(s, i) gives, 0 if it is
 * not one; *len: its length. */
static uint8_t unit_at(const ps_scanner *sc, const unsigned char *s, size_t n, size_t i,
                       size_t *len) {
  *len = 0;
  if (i >= n) return 0;
  size_t l = lead_len(s + i, s + n);
  const ps_char *c = find_char(sc, pack(s + i, l));
  if (!c || !(c->flags & (CF_STRONG | CF_WEAK))) return 0;
  *len = l;
  return c->flags;
}

/* prose_counts' read_chinese: a run of Chinese numerals at i.  Returns 0
 * when none starts there, else 1, the value and the end (exclusive).
 * Integers wrap around as Lua's do. */
static int read_chinese(const ps_scanner *sc, const unsigned char *s, size_t n, size_t i,
                        lua_Integer *value, size_t *end) {
  const ps_char *c = n - i >= 3 ? find_char(sc, pack(s + i, 3)) : NULL;
  if (!c || (c->cn_digit < 0 && c->cn_unit != 10)) return 0; /* a digit or 十 */
  uint64_t total = 0, section = 0, num = 0;
  int any = 0;
  size_t j = i;
  while (n - j >= 3 && (c = find_char(sc, pack(s + j, 3))) != NULL) {
    if (c->cn_digit >= 0) {
      num = (uint64_t)c->cn_digit;
    } else if (c->cn_unit) {
      if (num == 0 && c->cn_unit == 10) num = 1;
      section += num * (uint64_t)c->cn_unit;
      num = 0;
    } else if (c->cn_wan && any) {
      total = (total + section + num) * 10000u;
      section = num = 0;
    } else {
      break;
    }
    any = 1;
    j += 3;
  }
  *value = (lua_Integer)(total + section + num);
  *end = j;
  return 1;
}

enum { N_NUM, N_COUNT, N_APPROX, N_YEAR };

/* prose_counts' number_token, for the number at [a, b) (value v, an
 * integer when is_int); *e: the token's last byte (from 0). */
static int number_kind(const ps_scanner *sc, const unsigned char *s, size_t n, size_t a, size_t b,
                       lua_Integer v, int is_int, int decimal, int chinese, size_t *e) {
  *e = b - 1;
  if (ends_any(sc, &sc->approx_before, s, a)) return N_APPROX;
  if (ends_any(sc, &sc->ordinal_before, s, a)) return N_NUM;
  if (!chinese && starts_any(sc, &sc->percent, s, n, b)) return N_NUM;
  if (starts_any(sc, &sc->approx_after, s, n, b)) return N_APPROX;
  if (decimal) return N_NUM;
  if (!chinese && starts_any(sc, &sc->year_unit, s, n, b) && is_int && v >= sc->year_min &&
      v <= sc->year_max && (lua_Integer)(b - a) == sc->year_bytes)
    return N_YEAR;
  size_t ul;
  uint8_t uf = unit_at(sc, s, n, b, &ul);
  if (uf) {
    size_t after = b + ul;
    if ((uf & CF_WEAK) && ideograph_at(s, n, after) &&
        !starts_any(sc, &sc->unit_nouns, s, n, after))
      return N_NUM; /* "1个工作日", "20条信息", "一起研究" */
    if (starts_any(sc, &sc->approx_after_unit, s, n, after)) return N_APPROX;
    *e = after - 1;
    return N_COUNT;
  }
  /* "均为0", "数量为零" at the end of the clause */
  if (ends_any(sc, &sc->zero_before, s, a) && (b >= n || !ideograph_at(s, n, b))) return N_COUNT;
  return N_NUM;
}

/* Pushes the value of the digits s[a..b) as tonumber() reads them, made an
 * integer when it is one (math.tointeger(v) or v); sets *v, *is_int. */
static void push_arabic(lua_State *L, const unsigned char *s, size_t a, size_t b, int decimal,
                        lua_Integer *v, int *is_int) {
  *v = 0;
  *is_int = 0;
  if (!decimal && b - a <= 18) {
    for (size_t j = a; j < b; j++) *v = *v * 10 + (s[j] - '0');
    lua_pushinteger(L, *v);
    *is_int = 1;
    return;
  }
  lua_pushlstring(L, (const char *)s + a, b - a);
  if (!lua_stringtonumber(L, lua_tostring(L, -1))) lua_pushnil(L); /* cannot fail on digits */
  lua_remove(L, -2);
  int ok = 0;
  lua_Integer iv = lua_type(L, -1) == LUA_TNUMBER ? lua_tointegerx(L, -1, &ok) : 0;
  if (ok) {
    lua_pop(L, 1);
    lua_pushinteger(L, iv);
    *v = iv;
    *is_int = 1;
  }
}

/* One token: a word, or a number (bytes from 0, e inclusive). */
typedef struct {
  int32_t tok;           /* the token word (from 1), 0 for a number */
  int kind;              /* N_*: a number's kind */
  int decimal, chinese;  /* a number's */
  size_t s, e, a, b;     /* the token; a number's digits or numerals [a, b) */
  lua_Integer value;     /* a Chinese number's value */
} token_t;

/* The token at or after s[*i..n), into *t; advances *i past it.  Returns 0
 * when there is none. */
static int next_token(lua_State *L, const ps_scanner *sc, const unsigned char *s, size_t n,
                      size_t *at, token_t *t) {
  size_t i = *at;
  while (i < n) {
    size_t cl = lead_len(s + i, s + n);
    /* a word: the longest that starts here */
    const ps_char *c = find_char(sc, pack(s + i, cl));
    int32_t w = c ? c->start_head : -1;
    while (w >= 0 && !starts(s, n, i, sc->pool + sc->words[w].off, sc->words[w].len))
      w = sc->words[w].next_start;
    if (w >= 0) {
      t->tok = sc->words[w].tok;
      t->s = i;
      t->e = i + sc->words[w].len - 1;
      *at = t->e + 1;
      return 1;
    }
    size_t a = i, b;
    lua_Integer v;
    int is_int = 1;
    t->decimal = t->chinese = 0;
    if (is_digit(s[i])) { /* ^%d+%.%d+ or ^%d+ */
      b = a;
      while (b < n && is_digit(s[b])) b++;
      if (b + 1 < n && s[b] == '.' && is_digit(s[b + 1])) {
        t->decimal = 1;
        b++;
        while (b < n && is_digit(s[b])) b++;
      }
      if (t->decimal || b - a > 18) { /* rare: Lua reads it */
        push_arabic(L, s, a, b, t->decimal, &v, &is_int);
        lua_pop(L, 1);
      } else {
        v = 0;
        for (size_t j = a; j < b; j++) v = v * 10 + (s[j] - '0');
      }
    } else if (read_chinese(sc, s, n, i, &v, &b)) {
      t->chinese = 1;
      t->value = v;
    } else {
      i += cl;
      continue;
    }
    t->tok = 0;
    t->kind = number_kind(sc, s, n, a, b, v, is_int, t->decimal, t->chinese, &t->e);
    t->s = t->a = a;
    t->b = b;
    *at = t->kind == N_COUNT ? t->e + 1 : b;
    return 1;
  }
  *at = n;
  return 0;
}

/* Sets the 5 slots of token t from at + 1 in the table at the top:
 * kind, s, e, text or value, q (false if none) or chinese.  The uservalue
 * is at 3, with the token words' texts, kinds, qs at 4, 5, 6. */
static void put_token(lua_State *L, const unsigned char *s, const token_t *t, lua_Integer at) {
  if (t->tok) {
    lua_rawgeti(L, 5, t->tok);
  } else {
    lua_rawgeti(L, 3, K_NUMKINDS + t->kind);
  }
  lua_rawseti(L, -2, at + 1);
  lua_pushinteger(L, (lua_Integer)t->s + 1);
  lua_rawseti(L, -2, at + 2);
  lua_pushinteger(L, (lua_Integer)t->e + 1);
  lua_rawseti(L, -2, at + 3);
  if (t->tok) {
    lua_rawgeti(L, 4, t->tok);
    lua_rawseti(L, -2, at + 4);
    lua_rawgeti(L, 6, t->tok);
  } else {
    if (t->chinese) {
      lua_pushinteger(L, t->value);
    } else {
      lua_Integer v;
      int is_int;
      push_arabic(L, s, t->a, t->b, t->decimal, &v, &is_int);
    }
    lua_rawseti(L, -2, at + 4);
    lua_pushboolean(L, t->chinese);
  }
  lua_rawseti(L, -2, at + 5);
}

enum { TOKEN_BATCH = 32 };

static int scanner_tokens(lua_State *L) {
  const ps_scanner *sc = luaL_checkudata(L, 1, SCANNER_MT);
  size_t n;
  const unsigned char *s = (const unsigned char *)luaL_checklstring(L, 2, &n);
  lua_settop(L, 2);
  lua_getiuservalue(L, 1, 1); /* 3 */
  lua_rawgeti(L, 3, 1);       /* 4: texts */
  lua_rawgeti(L, 3, 2);       /* 5: kinds */
  lua_rawgeti(L, 3, 3);       /* 6: qs */
  /* in batches: a clause has few tokens, and its table is made at its size */
  token_t batch[TOKEN_BATCH];
  size_t i = 0, k = 0;
  while (k < TOKEN_BATCH && next_token(L, sc, s, n, &i, &batch[k])) k++;
  lua_createtable(L, (int)(TOKEN_SLOTS * k), 0); /* 7: the tokens */
  lua_Integer at = 0;
  for (;;) {
    for (size_t j = 0; j < k; j++, at += TOKEN_SLOTS) put_token(L, s, &batch[j], at);
    if (k < TOKEN_BATCH) break;
    k = 0;
    while (k < TOKEN_BATCH && next_token(L, sc, s, n, &i, &batch[k])) k++;
  }
  return 1;
}

void gl_core_prose(lua_State *L) {
  /* GOVLUA_SLOW_PATHS=1: no scanner, so govlua.prose_counts takes its Lua
   * path (tests compare the two, as for core_cells.c) */
  const char *slow = getenv("GOVLUA_SLOW_PATHS");
  if (slow && *slow && strcmp(slow, "0") != 0) return;
  static const luaL_Reg methods[] = {{"sentences", scanner_sentences},
                                     {"tokens", scanner_tokens},
                                     {NULL, NULL}};
  if (luaL_newmetatable(L, SCANNER_MT)) {
    luaL_newlib(L, methods);
    lua_setfield(L, -2, "__index");
    lua_pushliteral(L, "prose_scanner");
    lua_setfield(L, -2, "__metatable");
  }
  lua_pop(L, 1);
  lua_pushcfunction(L, scanner_new);
  lua_setfield(L, -2, "prose_scanner");
}
