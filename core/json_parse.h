/* json_parse.h - a strict RFC 8259 JSON parser building a small DOM.
 *
 * gl_json_parse reads UTF-8 bytes (no BOM) into a tree of gl_jval nodes
 * allocated in an arena owned by the gl_json_doc; gl_json_free releases all
 * of it at once.  Nothing is global: any number of threads may parse at once.
 *
 * Accepted: exactly RFC 8259 - one value, surrounded by optional space, tab,
 * LF, CR.  Refused, with a message and the position of the offending
 * character: NaN, Infinity, hexadecimal, a leading '+' or zeros, "1.", ".5",
 * raw control characters and invalid UTF-8 in strings, unknown escapes,
 * unpaired surrogates in \u escapes, anything after the value, and nesting
 * deeper than GL_JSON_MAX_DEPTH arrays and objects (no recursion: the
 * C stack use is bounded).
 *
 * Strings without escapes point into the input (which must outlive the
 * doc); strings with escapes are decoded into the arena.  Numbers written
 * as integers that fit int64 are integers; every other number is a double
 * (converted locale-independently; beyond the range of a double it is
 * +-HUGE_VAL).  Duplicate object keys are all kept, in document order:
 * gl_json_get returns the last one, and gl_json_dedupe marks the others.
 */
#ifndef GOVLUA_JSON_PARSE_H
#define GOVLUA_JSON_PARSE_H

#include <stddef.h>
#include <stdint.h>

/* JSON nesting allowed by the parser: the report model is 5 levels deep. */
#define GL_JSON_MAX_DEPTH 64

typedef enum {
  GL_JNULL = 0,
  GL_JFALSE,
  GL_JTRUE,
  GL_JNUMBER,
  GL_JSTRING,
  GL_JARRAY,
  GL_JOBJECT
} gl_jtype;

/* gl_jval.flags */
enum {
  GL_JF_INT = 1,   /* number: an integer (u.num.i), else a double (u.num.d) */
  GL_JF_NUL = 2,   /* string: contains U+0000 (written \u0000) */
  GL_JF_KNUL = 4,  /* the member key contains U+0000 */
  GL_JF_TERM = 8,  /* string: u.str.s[len] is '\0' (decoded into the arena) */
  GL_JF_KTERM = 16, /* the key is NUL-terminated likewise */
  GL_JF_DEAD = 32, /* member superseded by a later one with the same key */
  GL_JF_DEDUPED = 64 /* object: gl_json_dedupe has run */
};

typedef struct gl_jval gl_jval;
struct gl_jval {
  gl_jval *next;   /* next element / member of the parent, NULL at the end */
  const char *key; /* member key (not NUL-terminated unless GL_JF_KTERM) */
  uint32_t klen;   /* key length in bytes */
  uint8_t type;    /* gl_jtype */
  uint8_t flags;   /* GL_JF_* */
  union {
    struct {
      const char *s; /* UTF-8 bytes; may hold NUL bytes (GL_JF_NUL) */
      size_t len;
    } str;
    union {
      int64_t i;
      double d;
    } num;
    struct {
      gl_jval *first; /* elements / members in document order */
      size_t n;       /* how many (duplicates included) */
    } kids;
  } u;
};

typedef struct gl_jchunk gl_jchunk;

typedef struct {
  gl_jval *root;     /* the value; NULL until a parse succeeded */
  gl_jchunk *chunks; /* the arena */
} gl_json_doc;

typedef struct {
  size_t offset;  /* byte offset of the offending character */
  long line;      /* 1-based */
  long column;    /* 1-based, in characters (UTF-8 sequences) */
  int oom;        /* 1: the parse ran out of memory (msg "out of memory") */
  char msg[160];  /* what is wrong, without the position */
} gl_json_error;

/* Parses data[0..len) into doc (initialised here).  Returns 1, or 0 with
 * err filled (doc then holds nothing; gl_json_free is still allowed). */
int gl_json_parse(const char *data, size_t len, gl_json_doc *doc, gl_json_error *err);

/* Frees everything the doc holds. */
void gl_json_free(gl_json_doc *doc);

/* The last member of object v named key (exact bytes, NUL-terminated key),
 * or NULL when v is not an object or has no such member. */
gl_jval *gl_json_get(const gl_jval *v, const char *key);
/* The same with a key of klen bytes. */
gl_jval *gl_json_getn(const gl_jval *v, const char *key, size_t klen);

/* Marks every member of object v that a later member with the same key
 * supersedes (GL_JF_DEAD) and returns the number of distinct keys.
 * O(n log n); idempotent.  For an array, returns its length. */
size_t gl_json_dedupe(gl_jval *v);

/* Length of a string value up to its first NUL (what C sees). */
size_t gl_json_strclen(const gl_jval *v);
/* Length of v's key up to its first NUL. */
size_t gl_json_keyclen(const gl_jval *v);

/* "null", "boolean", "number", "string", "array", "object". */
const char *gl_json_type_name(int type);

#endif
