/* checker.h - loads rule files and runs them on reports.
 *
 * A rule file returns { id, severity, description, check = function(report, ctx) }
 * (optional: basis).  Each rule gets its own sandboxed environment; check
 * gets the read-only view of the report and a ctx whose ctx:report{path=,
 * message=, severity=} records a finding.  An error in a rule, or a breached
 * budget, becomes a rule error of that report; the other rules still run.
 */
#ifndef GOVLUA_CHECKER_H
#define GOVLUA_CHECKER_H

#include <stddef.h>

#include "result.h"
#include "sandbox.h"

typedef struct gl_checker gl_checker;

typedef struct {
  const char *id;
  const char *file;
  const char *description;
  const char *basis;      /* may be NULL */
  int severity;           /* declared default */
  int effective;          /* after --rule overrides; -1 = off */
} gl_rule_info;

/* Severity value meaning "rule turned off". */
#define GL_SEV_OFF (-1)

gl_checker *gl_checker_new(gl_sandbox *sb);
void gl_checker_free(gl_checker *c);
/* Loads one rule file; on failure returns 0 with a message in err. */
int gl_checker_add_rule(gl_checker *c, const char *path, char *err, size_t errn);
/* Overrides a rule's severity (GL_SEV_OFF turns it off).  Also accepts the
 * ids of load problems ("model", "import").  Returns 0 for an unknown id. */
int gl_checker_override(gl_checker *c, const char *id, int severity);
int gl_checker_nrules(const gl_checker *c);
/* The Lua state the rules run in (also used to decode JSON inputs). */
struct lua_State *gl_checker_state(gl_checker *c);
gl_rule_info gl_checker_rule(const gl_checker *c, int i);
/* Adds the report's load issues and every rule's findings to res. */
void gl_checker_run(gl_checker *c, gl_result *res);

#endif
