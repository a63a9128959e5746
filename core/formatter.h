/* formatter.h - runs an output format script.
 *
 * A format is one Lua file that returns one function, its entry point:
 *
 *   return function(run)
 *     for r in run:reports() do run:write(...) end   -- streams, one report at a time
 *     run:write(run.summary.errors, " errors\n")     -- summary is set after the last report
 *   end
 *
 * The function runs as a coroutine: run:reports() yields to the host,
 * which resumes it with each checked report.  So reports never pile up in
 * memory, and a format is a plain top-to-bottom script.
 */
#ifndef GOVLUA_FORMATTER_H
#define GOVLUA_FORMATTER_H

#include <stdio.h>

#include "checker.h"
#include "result.h"
#include "sandbox.h"

typedef struct gl_formatter gl_formatter;

typedef struct {
  int reports, errors, warnings, infos;
  int unreadable;    /* inputs that could not be read */
  int rule_errors;   /* rule errors over all reports (and rule files that failed to load) */
} gl_summary;

typedef struct {
  const char *format;     /* name or path as given to -f */
  int color;              /* the output is a terminal and colour is allowed */
  const gl_checker *checker; /* for rule metadata */
  const char *const *rule_load_errors; /* NULL-terminated, may be NULL */
} gl_run_info;

/* Finds and starts the format; NULL with a message on failure. */
gl_formatter *gl_formatter_new(gl_sandbox *sb, const char *datadir, const gl_run_info *info,
                               FILE *out, char *err, size_t errn);
/* Hands one report to the format.  Returns 0 with a message if the
 * format failed (it gets no further reports then). */
int gl_formatter_report(gl_formatter *f, gl_result *res, char *err, size_t errn);
/* Ends the run: sets run.summary and lets the format finish. */
int gl_formatter_finish(gl_formatter *f, const gl_summary *s, char *err, size_t errn);
void gl_formatter_free(gl_formatter *f);
/* Resolves -f NAME to a file: a built-in name or a path to a .lua file. */
int gl_format_path(const char *datadir, const char *name, char *out, size_t n);

#endif
