/* input.c - reading inputs by their content, and `govlua import`. */
#define _DEFAULT_SOURCE
#include "input.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "doc.h"
#include "export.h"
#include "output.h"
#include "sandbox.h"

int gl_input_is_report_name(const char *name) {
  static const char *const exts[] = {".json", ".jsonl", ".txt", ".html", ".htm", NULL};
  size_t n = strlen(name);
  for (int i = 0; exts[i]; i++) {
    size_t m = strlen(exts[i]);
    if (n > m && strcasecmp(name + n - m, exts[i]) == 0) return 1;
  }
  return 0;
}

static char *read_stdin(size_t max, size_t *len, char *err, size_t errn) {
  size_t cap = 65536, n = 0;
  char *buf = malloc(cap);
  while (buf) {
    size_t got = fread(buf + n, 1, cap - n - 1, stdin);
    n += got;
    if (got == 0) break;
    if (max && n > max) {
      snprintf(err, errn, "input too large (more than %zu bytes; see --max-size)", max);
      free(buf);
      return NULL;
    }
    if (cap - n - 1 == 0) {
      char *nb = realloc(buf, cap * 2);
      if (!nb) break;
      buf = nb;
      cap *= 2;
    }
  }
  if (!buf) {
    snprintf(err, errn, "out of memory reading standard input");
    return NULL;
  }
  buf[n] = '\0';
  *len = n;
  return buf;
}

/* What the bytes look like. */
typedef enum { KIND_EMPTY, KIND_JSON, KIND_BINARY, KIND_OTHER } kind;

static kind sniff(const char *d, size_t n) {
  size_t i = 0;
  /* UTF-16 with a byte-order mark: the decoder converts it */
  if (n >= 2 && ((unsigned char)d[0] == 0xFF && (unsigned char)d[1] == 0xFE)) return KIND_OTHER;
  if (n >= 2 && ((unsigned char)d[0] == 0xFE && (unsigned char)d[1] == 0xFF)) return KIND_OTHER;
  if (n >= 3 && memcmp(d, "\xEF\xBB\xBF", 3) == 0) i = 3;
  while (i < n && (d[i] == ' ' || d[i] == '\t' || d[i] == '\r' || d[i] == '\n')) i++;
  if (i == n) return KIND_EMPTY;
  if (d[i] == '{' || d[i] == '[') return KIND_JSON;
  size_t ctl = 0, look = n - i < 4096 ? n - i : 4096;
  for (size_t k = i; k < i + look; k++) {
    unsigned char c = (unsigned char)d[k];
    if (c == 0) return KIND_BINARY;
    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f') ctl++;
  }
  return ctl * 10 > look ? KIND_BINARY : KIND_OTHER;
}

int gl_input_load_bytes(const char *name, const char *data, size_t len, gl_report *r,
                        char *err, size_t errn) {
  switch (sniff(data, len)) {
    case KIND_EMPTY:
      snprintf(err, errn, "empty: not a report");
      return 0;
    case KIND_BINARY:
      snprintf(err, errn, "binary data: not a report");
      return 0;
    case KIND_JSON:
      return gl_load_json(NULL, data, len, r, err, errn) == GL_LOAD_OK;
    default:
      return gl_import_document(data, len, name, r, err, errn);
  }
}

int gl_input_load(const char *path, size_t max, gl_report *r, char *err, size_t errn) {
  size_t len;
  char rerr[512];
  char *data = strcmp(path, "-") == 0 ? read_stdin(max, &len, rerr, sizeof rerr)
                                      : gl_read_file(path, max, &len, rerr, sizeof rerr);
  if (!data) {
    snprintf(err, errn, "%s", rerr);
    return 0;
  }
  int ok = gl_input_load_bytes(path, data, len, r, err, errn);
  free(data);
  return ok;
}

/* Whether decoded text is HTML rather than plain text. */
static int looks_like_html(const char *s, size_t n) {
  size_t look = n < 8192 ? n : 8192;
  static const char *const marks[] = {"<html", "<!doctype html", "<table", "<body", "<meta",
                                      "<div", "<p>", NULL};
  for (size_t i = 0; i < look; i++) {
    if (s[i] != '<') continue;
    for (int k = 0; marks[k]; k++)
      if (i + strlen(marks[k]) <= n && strncasecmp(s + i, marks[k], strlen(marks[k])) == 0)
        return 1;
  }
  return 0;
}

int gl_import_document(const char *data, size_t len, const char *path, gl_report *r, char *err,
                       size_t errn) {
  char enc[32];
  size_t tlen;
  char *text = gl_decode_text(data, len, &tlen, enc, sizeof enc, err, errn);
  if (!text) return 0;
  gl_doc doc;
  gl_doc_init(&doc);
  snprintf(doc.encoding, sizeof doc.encoding, "%s", enc);
  int ok = looks_like_html(text, tlen) ? gl_doc_from_html(&doc, text, tlen, err, errn)
                                       : gl_doc_from_text(&doc, text, tlen, err, errn);
  if (ok) ok = gl_doc_read(&doc, r, err, errn);
  if (ok) r->has_sections = 1; /* the document was read whole: an absent section is absent */
  if (ok && path && strcmp(path, "-") != 0 && !r->source_file) r->source_file = gl_strdup(path);
  gl_doc_free(&doc);
  free(text);
  return ok;
}


int gl_import_main(int argc, char **argv) {
  const char *in = NULL, *out = NULL;
  size_t max = (size_t)16 << 20;
  for (int i = 1; i < argc; i++) {
    if ((strcmp(argv[i], "-o") == 0 || strcmp(argv[i], "--output") == 0) && i + 1 < argc)
      out = argv[++i];
    else if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
      puts("usage: govlua import FILE [-o report.json]\n"
           "Reads a report and writes it as govlua-report/1 JSON (to stdout by default).");
      return 0;
    } else if (argv[i][0] == '-' && argv[i][1]) {
      fprintf(stderr, "govlua: import: unknown option %s (see govlua import --help)\n", argv[i]);
      return 2;
    } else if (!in) {
      in = argv[i];
    } else {
      fprintf(stderr, "govlua: import: one input at a time (see govlua import --help)\n");
      return 2;
    }
  }
  if (!in) {
    fprintf(stderr, "govlua: import: name the file to import (see govlua import --help)\n");
    return 2;
  }
  gl_report r;
  gl_report_init(&r);
  char err[1024];
  int rc = 0;
  if (!gl_input_load(in, max, &r, err, sizeof err)) {
    fprintf(stderr, "govlua: %s: %s\n", in, err);
    rc = 3;
  } else {
    for (int i = 0; i < r.nissues; i++)
      fprintf(stderr, "govlua: %s: %s: %s\n", in, gl_severity_name(r.issues[i].severity),
              r.issues[i].message);
    size_t len;
    char *json = gl_export_json(&r, &len);
    if (!json) {
      rc = 6;
    } else {
      gl_output o;
      char oerr[PATH_MAX + 128] = "error writing the output";
      if (!gl_output_open(&o, out, oerr, sizeof oerr)) {
        fprintf(stderr, "govlua: %s\n", oerr);
        rc = 5;
      } else {
        int ok = fwrite(json, 1, len, o.f) == len;
        if (!gl_output_close(&o, ok, oerr, sizeof oerr)) {
          fprintf(stderr, "govlua: %s\n", oerr);
          rc = 5;
        }
      }
    }
    free(json);
  }
  gl_report_clear(&r);
  return rc;
}
