/* output.h - an output file written atomically: a temporary file beside
 * it, renamed over it only when everything was written; on failure the
 * temporary file is removed and an existing file is left untouched. */
#ifndef GOVLUA_OUTPUT_H
#define GOVLUA_OUTPUT_H

#include <limits.h>
#include <stddef.h>
#include <stdio.h>

typedef struct {
  FILE *f;             /* where to write: stdout, or the temporary file */
  char tmp[PATH_MAX];
  const char *final;   /* the file named by the user, NULL for stdout */
} gl_output;

/* path NULL or "-": standard output.  Returns 0 with a message on failure. */
int gl_output_open(gl_output *o, const char *path, char *err, size_t errn);
/* Commits the output (ok) or discards it.  Returns 0 with a message if it
 * could not be committed (or ok was 0). */
int gl_output_close(gl_output *o, int ok, char *err, size_t errn);

#endif
