/* result.h - what checking one input produced: findings, rule errors, or
 * the reason the input could not be read.  Plain C data, so results can
 * move between the checking and the formatting stage (and threads). */
#ifndef GOVLUA_RESULT_H
#define GOVLUA_RESULT_H

#include <stdint.h>

#include "model.h"

typedef struct {
  int severity;    /* gl_severity */
  char *rule;      /* rule id */
  char *message;
  char *path;      /* model path, may be NULL */
  int line;        /* line in the source document, 0 if unknown */
} gl_finding;

typedef struct {
  char *rule;      /* rule id (or file name when the id is unknown) */
  char *file;      /* the rule's file */
  char *message;   /* the error, with the rule's line */
  char *traceback; /* first lines of the traceback, may be NULL */
  char *limit;     /* which budget was exceeded ("instructions", "memory"), or NULL */
} gl_rule_error;

typedef struct {
  char *file;          /* the input as named on the command line / found in a dir */
  char *error;         /* set when the input could not be read */
  gl_report report;    /* the model (valid when error is NULL) */
  gl_finding *findings;
  int nfindings, capfindings;
  gl_rule_error *rule_errors;
  int nrule_errors, caprule_errors;
  int counts[3];       /* findings per severity */
} gl_result;

void gl_result_init(gl_result *res, const char *file);
void gl_result_clear(gl_result *res);
int gl_result_add(gl_result *res, int severity, const char *rule, const char *message,
                  const char *path, int line);
int gl_result_add_rule_error(gl_result *res, const char *rule, const char *file,
                             const char *message, const char *traceback, const char *limit);
/* Drops the findings after the first n. */
void gl_result_truncate(gl_result *res, int n);
/* Sorts findings by severity, then path, rule and message (stable output). */
void gl_result_sort(gl_result *res);

#endif
