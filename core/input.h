/* input.h - reading an input of any supported type into a gl_report, and
 * the `govlua import` command. */
#ifndef GOVLUA_INPUT_H
#define GOVLUA_INPUT_H

#include <stddef.h>

#include "load.h"
#include "model.h"

/* File name endings that a directory walk picks up. */
#define GL_INPUT_EXTENSIONS ".json, .jsonl, .txt, .html, .htm"

int gl_input_is_report_name(const char *name);
/* Reads path ("-" = stdin, at most max bytes; 0 = no cap) and loads it by
 * its content.  Returns 1, or 0 with a one-line message in err. */
int gl_input_load(const char *path, size_t max, gl_report *r, char *err, size_t errn);
/* Loads an input already in memory (name: for messages and provenance). */
int gl_input_load_bytes(const char *name, const char *data, size_t len, gl_report *r,
                        char *err, size_t errn);
/* Imports a published document (text or HTML, any supported encoding). */
int gl_import_document(const char *data, size_t len, const char *path, gl_report *r, char *err,
                       size_t errn);
/* `govlua import FILE [-o OUT]`: argv[0] is "import". */
int gl_import_main(int argc, char **argv);

#endif
