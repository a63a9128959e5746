/* main.c - the govlua command line.
 *
 *   inputs --read--> bytes --load--> gl_report --checker (rules)--> gl_result
 *          --formatter (format script)--> output (stdout or -o FILE, atomically)
 *
 * Exit codes (stable; the highest that applies wins):
 *   0  no error-severity findings
 *   1  error-severity findings
 *   2  bad usage (unknown option, unknown format, nothing to check)
 *   3  an input could not be read (missing, not a report, too large); the others were checked
 *   4  a rule failed (could not load, raised an error, exceeded a budget): results incomplete
 *   5  the output could not be written (format error, -o not writable)
 *   6  internal error (out of memory, installation incomplete)
 */
#define _DEFAULT_SOURCE
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <lauxlib.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <libxml/parser.h>

#include "checker.h"
#include "formatter.h"
#include "input.h"
#include "output.h"
#include "paths.h"
#include "pool.h"
#include "version.h"

enum { EXIT_CLEAN = 0, EXIT_FINDINGS = 1, EXIT_USAGE = 2, EXIT_INPUT = 3, EXIT_RULE = 4,
       EXIT_OUTPUT = 5, EXIT_INTERNAL = 6 };

static const char USAGE[] =
  "usage: govlua [options] [RULE.lua ...] INPUT ...\n"
  "       govlua import FILE [-o report.json]\n"
  "       govlua --list-rules [-f text|json] [RULE.lua ...]\n"
  "\n"
  "Checks government information-disclosure annual reports (政府信息公开工作年度报告).\n"
  "Arguments ending in .lua are rule files (without any, the built-in rules run);\n"
  "every other argument is an input: a report file (read by its content) or a\n"
  "directory, searched recursively for report files (" GL_INPUT_EXTENSIONS "),\n"
  "or - for standard input.\n"
  "\n"
  "options:\n"
  "  -f, --format NAME     output format: text (default), json, jsonl, csv, sarif, junit,\n"
  "                        markdown, html, or a path to a .lua format script\n"
  "  -o, --output FILE     write the output to FILE (atomically: whole or not at all)\n"
  "  -j, --jobs N          worker threads (default: one per core; the output is the same for any N)\n"
  "      --jsonl           inputs are JSON Lines, one report per line (also: files ending in .jsonl);\n"
  "                        with - (stdin) and -f jsonl, govlua is a streaming filter\n"
  "      --rule ID=LEVEL   set a rule's severity: off, info, warning or error (repeatable)\n"
  "      --list-rules      list the rules with their id, severity and description\n"
  "      --lib DIR         let rules and formats require Lua modules from DIR (repeatable)\n"
  "      --max-size BYTES  largest input file or JSON Lines line (default 16 MiB; 0 = none)\n"
  "      --max-instructions N  instruction budget per rule call (default 200000000; 0 = none;\n"
  "                        counted once a call has run 10 ms: shorter calls are never stopped)\n"
  "      --max-memory MB   memory budget per rule call in MiB (default 64; 0 = none)\n"
  "      --no-color        no colour in text output (also: NO_COLOR in the environment)\n"
  "  -q, --quiet           no messages on stderr except usage errors, no progress line\n"
  "                        (the progress line shows only when stderr is a terminal)\n"
  "  -h, --help            this help\n"
  "  -V, --version         the version\n"
  "\n"
  "exit codes (the highest that applies):\n"
  "  0  no error-severity findings       4  a rule failed (results incomplete)\n"
  "  1  error-severity findings          5  the output could not be written\n"
  "  2  bad usage                        6  internal error\n"
  "  3  an input could not be read (the other inputs were still checked)\n";

typedef struct {
  const char *format;
  const char *output;
  const char **rules;
  int nrules;
  const char **inputs;
  int ninputs;
  const char **overrides;
  int noverrides;
  const char **libdirs; /* NULL-terminated */
  int nlibdirs;
  size_t max_size;
  gl_limits limits;
  int list_rules, quiet, no_color;
  int jobs;             /* worker threads; 0 = one per core */
  int jsonl;            /* --jsonl: every input is JSON Lines (one report per line) */
} options;

static int quiet;
static _Thread_local int muted; /* this thread makes a worker's checker: no messages */

static void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void say(const char *fmt, ...) {
  if (quiet || muted) return;
  va_list ap;
  va_start(ap, fmt);
  fputs("govlua: ", stderr);
  vfprintf(stderr, fmt, ap);
  fputc('\n', stderr);
  va_end(ap);
}

static int usage_error(const char *fmt, const char *arg) {
  fputs("govlua: ", stderr);
  fprintf(stderr, fmt, arg);
  fputs(" (see govlua --help)\n", stderr);
  return EXIT_USAGE;
}

static int ends_with(const char *s, const char *suffix) {
  size_t n = strlen(s), m = strlen(suffix);
  return n >= m && strcmp(s + n - m, suffix) == 0;
}

static int parse_size(const char *s, unsigned long long *out) {
  char *end;
  errno = 0;
  unsigned long long v = strtoull(s, &end, 10);
  if (errno || end == s || *end || s[0] == '-') return 0;
  *out = v;
  return 1;
}

/* Options that take a value: short form (or NULL), long form. */
static const struct { const char *s, *l; } VALUED[] = {
  {"-f", "--format"}, {"-o", "--output"}, {NULL, "--rule"}, {NULL, "--lib"},
  {NULL, "--max-size"}, {NULL, "--max-instructions"}, {NULL, "--max-memory"}, {"-j", "--jobs"}};

static int set_option(options *o, const char *opt, const char *val) {
  unsigned long long n = 0;
  if (strcmp(opt, "--format") == 0) o->format = val;
  else if (strcmp(opt, "--output") == 0) o->output = val;
  else if (strcmp(opt, "--rule") == 0) o->overrides[o->noverrides++] = val;
  else if (strcmp(opt, "--lib") == 0) o->libdirs[o->nlibdirs++] = val;
  else if (!parse_size(val, &n)) return usage_error("%s needs a whole number", opt);
  else if (strcmp(opt, "--max-size") == 0) o->max_size = (size_t)n;
  else if (strcmp(opt, "--max-instructions") == 0) o->limits.max_instructions = (long long)n;
  else if (strcmp(opt, "--jobs") == 0) o->jobs = n > 256 ? 256 : (int)n;
  else if (n > (1ULL << 20)) return usage_error("%s is too large", opt);
  else o->limits.max_memory = (size_t)n << 20;
  return -1;
}

/* Parses argv into o; returns -1 to go on, or an exit code. */
static int parse_args(int argc, char **argv, options *o) {
  o->format = "text";
  o->max_size = (size_t)16 << 20;
  o->limits.max_instructions = GL_DEFAULT_INSTRUCTIONS;
  o->limits.max_memory = GL_DEFAULT_MEMORY;
  size_t cap = (size_t)argc + 1;
  o->rules = calloc(cap, sizeof *o->rules);
  o->inputs = calloc(cap, sizeof *o->inputs);
  o->overrides = calloc(cap, sizeof *o->overrides);
  o->libdirs = calloc(cap, sizeof *o->libdirs);
  if (!o->rules || !o->inputs || !o->overrides || !o->libdirs) return EXIT_INTERNAL;
  int only_files = 0;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (only_files || a[0] != '-' || a[1] == '\0') {
      if (!only_files && ends_with(a, ".lua")) o->rules[o->nrules++] = a;
      else o->inputs[o->ninputs++] = a;
      continue;
    }
    if (strcmp(a, "--") == 0) {
      only_files = 1;
    } else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
      fputs(USAGE, stdout);
      return EXIT_CLEAN;
    } else if (strcmp(a, "-V") == 0 || strcmp(a, "--version") == 0) {
      printf("govlua %s (%s)\n", GOVLUA_VERSION, LUA_RELEASE);
      return EXIT_CLEAN;
    } else if (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0) {
      o->quiet = 1;
    } else if (strcmp(a, "--no-color") == 0) {
      o->no_color = 1;
    } else if (strcmp(a, "--list-rules") == 0) {
      o->list_rules = 1;
    } else if (strcmp(a, "--jsonl") == 0) {
      o->jsonl = 1;
    } else {
      const char *opt = NULL, *val = NULL;
      for (size_t k = 0; k < sizeof VALUED / sizeof VALUED[0] && !opt; k++) {
        size_t ll = strlen(VALUED[k].l);
        if ((VALUED[k].s && strcmp(a, VALUED[k].s) == 0) || strcmp(a, VALUED[k].l) == 0) {
          opt = VALUED[k].l;
        } else if (strncmp(a, VALUED[k].l, ll) == 0 && a[ll] == '=') {
          opt = VALUED[k].l;
          val = a + ll + 1;
        } else if (VALUED[k].s && strncmp(a, VALUED[k].s, 2) == 0 && a[2]) {
          opt = VALUED[k].l; /* -fjson */
          val = a + 2;
        }
      }
      if (!opt) return usage_error("unknown option %s", a);
      if (!val) {
        if (i + 1 >= argc) return usage_error("option %s needs a value", a);
        val = argv[++i];
      }
      int rc = set_option(o, opt, val);
      if (rc >= 0) return rc;
    }
  }
  return -1;
}

/* ---- inputs ------------------------------------------------------------ */

typedef struct {
  char **v;
  int n, cap;
} strlist;

static int strlist_add(strlist *l, const char *s) {
  if (l->n == l->cap) {
    int cap = l->cap ? l->cap * 2 : 64;
    char **p = realloc(l->v, (size_t)cap * sizeof *p);
    if (!p) return 0;
    l->v = p;
    l->cap = cap;
  }
  return (l->v[l->n++] = strdup(s)) != NULL;
}

static void strlist_free(strlist *l) {
  for (int i = 0; i < l->n; i++) free(l->v[i]);
  free(l->v);
}

static int cmp_str(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static int cmp_entry(const void *a, const void *b) {
  return strcmp(*(char *const *)a + 1, *(char *const *)b + 1);
}

/* Appends the report files under dir (sorted, recursive) to out.  The
 * entries' types come from readdir where the file system gives them (no
 * stat per file in a directory of 20,000 reports); symlinks and unknown
 * types are stat'ed. */
static void walk_dir(const char *dir, strlist *out, int depth) {
  if (depth > 64) return;
  DIR *d = opendir(dir);
  if (!d) {
    say("%s: cannot read the directory: %s", dir, strerror(errno));
    return;
  }
  strlist names = {0}; /* each name behind a type letter: f file, d directory, ? look */
  struct dirent *e;
  while ((e = readdir(d))) {
    if (e->d_name[0] == '.') continue;
    char type = e->d_type == DT_REG ? 'f' : e->d_type == DT_DIR ? 'd' : '?';
    if (type == 'f' && !gl_input_is_report_name(e->d_name)) continue;
    char entry[sizeof e->d_name + 1];
    entry[0] = type;
    snprintf(entry + 1, sizeof entry - 1, "%s", e->d_name);
    strlist_add(&names, entry);
  }
  closedir(d);
  if (names.n) qsort(names.v, (size_t)names.n, sizeof *names.v, cmp_entry);
  size_t dl = strlen(dir);
  const char *sep = dl && dir[dl - 1] == '/' ? "" : "/";
  for (int i = 0; i < names.n; i++) {
    char path[PATH_MAX];
    const char *name = names.v[i] + 1;
    snprintf(path, sizeof path, "%s%s%s", dir, sep, name);
    char type = names.v[i][0];
    if (type == '?') {
      struct stat st, lst;
      if (stat(path, &st) != 0) continue;
      /* follow no directory symlinks: no cycles */
      type = S_ISDIR(st.st_mode) ? (lstat(path, &lst) == 0 && !S_ISLNK(lst.st_mode) ? 'd' : 0)
             : S_ISREG(st.st_mode) ? 'f' : 0;
    }
    if (type == 'd')
      walk_dir(path, out, depth + 1);
    else if (type == 'f' && gl_input_is_report_name(name))
      strlist_add(out, path);
  }
  strlist_free(&names);
}

/* ---- output ------------------------------------------------------------ */

/* ---- the run ----------------------------------------------------------- */

static int worst(int a, int b) { return a > b ? a : b; }

static int load_rules(gl_checker *ck, const char *datadir, const options *o, strlist *errors) {
  strlist files = {0};
  if (o->nrules) {
    for (int i = 0; i < o->nrules; i++) strlist_add(&files, o->rules[i]);
  } else {
    char dir[PATH_MAX + 16];
    snprintf(dir, sizeof dir, "%s/rules", datadir);
    DIR *d = opendir(dir);
    struct dirent *e;
    strlist names = {0};
    while (d && (e = readdir(d)))
      if (e->d_name[0] != '.' && ends_with(e->d_name, ".lua")) strlist_add(&names, e->d_name);
    if (d) closedir(d);
    if (names.n) qsort(names.v, (size_t)names.n, sizeof *names.v, cmp_str);
    for (int i = 0; i < names.n; i++) {
      char p[PATH_MAX * 2 + 8];
      snprintf(p, sizeof p, "%s/%s", dir, names.v[i]);
      strlist_add(&files, p);
    }
    strlist_free(&names);
  }
  int ok = 1;
  for (int i = 0; i < files.n; i++) {
    char err[1400];
    if (!gl_checker_add_rule(ck, files.v[i], err, sizeof err)) {
      say("rule not loaded: %s", err);
      strlist_add(errors, err);
      ok = 0;
    }
  }
  strlist_free(&files);
  return ok;
}

static int apply_overrides(gl_checker *ck, const options *o) {
  for (int i = 0; i < o->noverrides; i++) {
    const char *a = o->overrides[i];
    const char *eq = strchr(a, '=');
    if (!eq) return usage_error("--rule %s: expected ID=off|info|warning|error", a);
    char id[128];
    snprintf(id, sizeof id, "%.*s", (int)(eq - a), a);
    int sev = strcmp(eq + 1, "off") == 0 ? GL_SEV_OFF : gl_severity_parse(eq + 1);
    if (sev == -1 && strcmp(eq + 1, "off") != 0)
      return usage_error("--rule %s: the level must be off, info, warning or error", a);
    if (!gl_checker_override(ck, id, sev)) return usage_error("--rule: no rule with id %s", id);
  }
  return -1;
}

static int list_rules(gl_checker *ck, const options *o) {
  int json = strcmp(o->format, "json") == 0;
  if (!json && strcmp(o->format, "text") != 0)
    return usage_error("--list-rules prints text or json, not %s", o->format);
  if (json) fputs("{\"rules\": [", stdout);
  for (int i = 0; i < gl_checker_nrules(ck); i++) {
    gl_rule_info r = gl_checker_rule(ck, i);
    const char *sev = r.effective == GL_SEV_OFF ? "off" : gl_severity_name(r.effective);
    if (json) {
      const char *keys[] = {"id", "severity", "description", "basis", "file"};
      const char *vals[] = {r.id, sev, r.description, r.basis, r.file};
      printf("%s\n  {", i ? "," : "");
      for (int k = 0; k < 5; k++) {
        if (!vals[k]) continue;
        printf("%s\"%s\": \"", k ? ", " : "", keys[k]);
        for (const char *p = vals[k]; *p; p++) {
          if (*p == '"' || *p == '\\') printf("\\%c", *p);
          else if ((unsigned char)*p < 0x20) printf("\\u%04x", *p);
          else putchar(*p);
        }
        putchar('"');
      }
      putchar('}');
    } else {
      printf("%-28s %-8s %s\n", r.id, sev, r.description);
    }
  }
  if (json) fputs("\n]}\n", stdout);
  return EXIT_CLEAN;
}

/* Everything a run holds, freed in one place whatever the exit path. */
typedef struct {
  options o;
  gl_sandbox *rules_sb, *fmt_sb;
  gl_checker *ck;
  gl_formatter *fmt;
  strlist load_errors;
  char **lerrs;
} run_state;

static void run_free(run_state *s) {
  gl_formatter_free(s->fmt);
  gl_checker_free(s->ck);
  gl_sandbox_free(s->fmt_sb);
  gl_sandbox_free(s->rules_sb);
  free(s->lerrs);
  strlist_free(&s->load_errors);
  free(s->o.rules);
  free(s->o.inputs);
  free(s->o.overrides);
  free(s->o.libdirs);
}

/* What the delivery of results (in input order) needs. */
typedef struct {
  run_state *s;
  gl_summary sum;
  int status;
  char err[2048];
  int progress;          /* show a progress line (stderr is a terminal, not -q) */
  double start, shown;   /* monotonic seconds: run start, last progress line */
} delivery;

static double now_seconds(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* The progress line on stderr, at most four times a second. */
static void show_progress(delivery *d, int last) {
  double t = now_seconds();
  if (!last && t - d->shown < 0.25) return;
  if (!last && t - d->start < 1.0) return; /* short runs: no progress line */
  d->shown = t;
  double rate = t > d->start ? d->sum.reports / (t - d->start) : 0;
  fprintf(stderr, "\r\033[K%d reports, %.0f/s, %d errors, %d warnings%s", d->sum.reports, rate,
          d->sum.errors, d->sum.warnings, d->sum.unreadable ? "" : "");
  if (d->sum.unreadable) fprintf(stderr, ", %d unreadable", d->sum.unreadable);
  if (last) fputs("\r\033[K", stderr);
  fflush(stderr);
}

/* Hands one checked input to the format; stderr messages are printed here,
 * on the main thread, so they come in input order for any -j. */
static int deliver(void *ud, gl_result *res) {
  delivery *d = ud;
  if (res->error) {
    say("%s: %s", res->file, res->error);
    d->sum.unreadable++;
    d->status = worst(d->status, EXIT_INPUT);
  } else {
    for (int e = 0; e < res->nrule_errors; e++)
      say("%s: rule %s failed: %s", res->file, res->rule_errors[e].rule,
          res->rule_errors[e].message);
    if (res->nrule_errors) d->status = worst(d->status, EXIT_RULE);
    d->sum.rule_errors += res->nrule_errors;
    d->sum.errors += res->counts[GL_SEV_ERROR];
    d->sum.warnings += res->counts[GL_SEV_WARNING];
    d->sum.infos += res->counts[GL_SEV_INFO];
    if (res->counts[GL_SEV_ERROR]) d->status = worst(d->status, EXIT_FINDINGS);
  }
  d->sum.reports++;
  if (d->progress) show_progress(d, 0);
  if (!gl_formatter_report(d->s->fmt, res, d->err, sizeof d->err)) {
    say("%s", d->err);
    d->status = worst(d->status, EXIT_OUTPUT);
    return 0;
  }
  return 1;
}

/* A checker for one more worker thread: its own state, rules and overrides. */
static gl_checker *worker_checker(run_state *s, const char *datadir, gl_sandbox **sb) {
  char err[1024];
  *sb = gl_sandbox_new(datadir, s->o.libdirs, &s->o.limits, err, sizeof err);
  if (!*sb) return NULL;
  gl_checker *ck = gl_checker_new(*sb);
  strlist ignored = {0}; /* load problems were reported by the first checker */
  muted = 1;
  if (ck) load_rules(ck, datadir, &s->o, &ignored);
  gl_sandbox_set_baseline(*sb);
  strlist_free(&ignored);
  int bad = !ck || apply_overrides(ck, &s->o) >= 0;
  muted = 0;
  if (bad) {
    gl_checker_free(ck);
    gl_sandbox_free(*sb);
    *sb = NULL;
    return NULL;
  }
  return ck;
}

/* The other workers' checkers, made by gl_pool_run on their threads. */
typedef struct {
  run_state *s;
  const char *datadir;
  gl_checker **cks;
  gl_sandbox **sbs;
} workers;

static gl_checker *make_worker(void *ud, int i) {
  workers *wk = ud;
  wk->cks[i] = worker_checker(wk->s, wk->datadir, &wk->sbs[i]);
  return wk->cks[i];
}

/* ---- the job source: files, directories, JSON Lines streams ------------ */

typedef struct {
  const options *o;
  int input;            /* next command-line input */
  strlist files;        /* files of the directory being walked */
  int fi;
  FILE *stream;         /* a JSON Lines stream being read (may be stdin) */
  char *stream_name;
  long lineno;
  int warned_empty_dir;
} job_source;

static int is_jsonl(const options *o, const char *name) {
  return o->jsonl || ends_with(name, ".jsonl");
}

/* Reads one line of at most max bytes (0 = no cap) into a malloc'd buffer;
 * a longer line is consumed and reported as too long.  Returns 0 at EOF. */
static int read_line(FILE *f, size_t max, char **out, size_t *len, int *too_long) {
  size_t cap = 4096, n = 0;
  char *buf = malloc(cap);
  int c, any = 0;
  *too_long = 0;
  if (!buf) return 0;
  while ((c = getc(f)) != EOF) {
    any = 1;
    if (c == '\n') break;
    if (max && n >= max) {
      *too_long = 1;
      continue;
    }
    if (n + 1 >= cap) {
      char *nb = realloc(buf, cap * 2);
      if (!nb) {
        *too_long = 1;
        continue;
      }
      buf = nb;
      cap *= 2;
    }
    buf[n++] = (char)c;
  }
  if (!any) {
    free(buf);
    return 0;
  }
  buf[n] = '\0';
  *out = buf;
  *len = n;
  return 1;
}

static int next_job(void *ud, gl_job *job) {
  job_source *js = ud;
  const options *o = js->o;
  char name[PATH_MAX + 32];
  for (;;) {
    if (js->stream) {
      char *line;
      size_t len;
      int too_long;
      if (!read_line(js->stream, o->max_size, &line, &len, &too_long)) {
        if (js->stream != stdin) fclose(js->stream);
        js->stream = NULL;
        free(js->stream_name);
        js->stream_name = NULL;
        continue;
      }
      js->lineno++;
      size_t k = 0;
      while (k < len && (line[k] == ' ' || line[k] == '\t' || line[k] == '\r')) k++;
      if (k == len && !too_long) { /* blank lines separate nothing: skip */
        free(line);
        continue;
      }
      snprintf(name, sizeof name, "%s:%ld", js->stream_name, js->lineno);
      job->name = strdup(name);
      if (too_long) {
        free(line);
        char e[128];
        snprintf(e, sizeof e, "line longer than %zu bytes (see --max-size)", o->max_size);
        job->error = strdup(e);
      } else {
        job->data = line;
        job->len = len;
      }
      return job->name != NULL;
    }
    if (js->fi < js->files.n) {
      const char *f = js->files.v[js->fi++];
      if (ends_with(f, ".jsonl")) {
        js->stream = fopen(f, "r");
        if (!js->stream) {
          job->name = strdup(f);
          snprintf(name, sizeof name, "cannot open: %s", strerror(errno));
          job->error = strdup(name);
          return 1;
        }
        js->stream_name = strdup(f);
        js->lineno = 0;
        continue;
      }
      job->name = strdup(f);
      return job->name != NULL;
    }
    if (js->input >= o->ninputs) return 0;
    const char *in = o->inputs[js->input++];
    struct stat st;
    strlist_free(&js->files);
    memset(&js->files, 0, sizeof js->files);
    js->fi = 0;
    if (strcmp(in, "-") != 0 && stat(in, &st) == 0 && S_ISDIR(st.st_mode)) {
      walk_dir(in, &js->files, 0);
      if (!js->files.n) say("%s: no report files in this directory", in);
    } else if (is_jsonl(o, in)) {
      js->stream = strcmp(in, "-") == 0 ? stdin : fopen(in, "r");
      if (!js->stream) {
        job->name = strdup(in);
        snprintf(name, sizeof name, "cannot open: %s", strerror(errno));
        job->error = strdup(name);
        return 1;
      }
      js->stream_name = strdup(in);
      js->lineno = 0;
    } else {
      job->name = strdup(in);
      return job->name != NULL;
    }
  }
}

static void job_source_free(job_source *js) {
  if (js->stream && js->stream != stdin) fclose(js->stream);
  free(js->stream_name);
  strlist_free(&js->files);
}

/* Checks every input; returns the exit code. */
static int check_all(run_state *s, gl_output *out, const char *datadir) {
  options *o = &s->o;
  char err[2048];
  const char *no_color = getenv("NO_COLOR");
  s->lerrs = calloc((size_t)s->load_errors.n + 1, sizeof *s->lerrs);
  if (!s->lerrs) return EXIT_INTERNAL;
  for (int i = 0; i < s->load_errors.n; i++) s->lerrs[i] = s->load_errors.v[i];
  gl_run_info info = {o->format,
                      !o->no_color && !(no_color && *no_color) && out->f == stdout &&
                          isatty(fileno(stdout)),
                      s->ck, (const char *const *)s->lerrs};
  s->fmt = gl_formatter_new(s->fmt_sb, datadir, &info, out->f, err, sizeof err);
  if (!s->fmt) {
    say("%s", err);
    return EXIT_OUTPUT;
  }
  gl_sandbox_set_baseline(s->fmt_sb);
  job_source js;
  memset(&js, 0, sizeof js);
  js.o = o;
  delivery d;
  memset(&d, 0, sizeof d);
  d.s = s;
  d.status = s->load_errors.n ? EXIT_RULE : EXIT_CLEAN;
  d.sum.rule_errors = s->load_errors.n;
  d.progress = !o->quiet && isatty(fileno(stderr));
  d.start = d.shown = now_seconds();
  int jobs = o->jobs > 0 ? o->jobs : (int)sysconf(_SC_NPROCESSORS_ONLN);
  if (jobs < 1) jobs = 1;
  if (jobs > 64) jobs = 64;
  /* one plain file: no threads to start */
  if (o->ninputs == 1 && !is_jsonl(o, o->inputs[0])) {
    struct stat st;
    if (strcmp(o->inputs[0], "-") == 0 || stat(o->inputs[0], &st) != 0 || !S_ISDIR(st.st_mode))
      jobs = 1;
  }
  int stopped = 0;
  if (jobs == 1) {
    gl_job job;
    memset(&job, 0, sizeof job);
    while (!stopped && next_job(&js, &job)) {
      gl_result res;
      gl_check_input(s->ck, &job, o->max_size, &res);
      gl_job_free(&job);
      stopped = !deliver(&d, &res);
      gl_result_clear(&res);
    }
  } else {
    workers wk = {s, datadir, calloc((size_t)jobs, sizeof *wk.cks),
                  calloc((size_t)jobs, sizeof *wk.sbs)};
    if (wk.cks && wk.sbs) {
      stopped = !gl_pool_run(s->ck, jobs, make_worker, &wk, next_job, &js, o->max_size, deliver, &d);
      for (int i = 1; i < jobs; i++) {
        gl_checker_free(wk.cks[i]);
        gl_sandbox_free(wk.sbs[i]);
      }
    } else {
      d.status = EXIT_INTERNAL;
    }
    free(wk.cks);
    free(wk.sbs);
  }
  job_source_free(&js);
  if (d.progress && d.shown > d.start) show_progress(&d, 1); /* clear the line */
  if (stopped) return worst(d.status, EXIT_OUTPUT);
  if (!gl_formatter_finish(s->fmt, &d.sum, err, sizeof err)) {
    say("%s", err);
    return EXIT_OUTPUT;
  }
  return d.status;
}

static int run(run_state *s, int argc, char **argv) {
  options *o = &s->o;
  int rc = parse_args(argc, argv, o);
  if (rc >= 0) return rc;
  quiet = o->quiet;
  if (!o->ninputs && !o->list_rules)
    return usage_error("%s", "nothing to check: name a report file or a directory");
  char datadir[PATH_MAX];
  if (!gl_find_datadir(datadir, sizeof datadir)) {
    say("installation incomplete: cannot find govlua's Lua library (lua/govlua/init.lua)");
    return EXIT_INTERNAL;
  }
  char err[2048];
  s->rules_sb = gl_sandbox_new(datadir, o->libdirs, &o->limits, err, sizeof err);
  if (!s->rules_sb) {
    say("%s", err);
    return EXIT_INTERNAL;
  }
  s->ck = gl_checker_new(s->rules_sb);
  if (!s->ck) return EXIT_INTERNAL;
  int loaded = load_rules(s->ck, datadir, o, &s->load_errors);
  gl_sandbox_set_baseline(s->rules_sb);
  rc = apply_overrides(s->ck, o);
  if (rc >= 0) return rc;
  if (o->list_rules) return worst(list_rules(s->ck, o), loaded ? EXIT_CLEAN : EXIT_RULE);
  char fpath[PATH_MAX];
  if (!gl_format_path(datadir, o->format, fpath, sizeof fpath))
    return usage_error("unknown output format \"%s\" (built-in: text, json, jsonl, csv, sarif, "
                       "junit, markdown, html; or a path to a .lua file)", o->format);
  /* the format runs in a state of its own: rules and formats share nothing */
  s->fmt_sb = gl_sandbox_new(datadir, o->libdirs, &o->limits, err, sizeof err);
  if (!s->fmt_sb) {
    say("%s", err);
    return EXIT_INTERNAL;
  }
  gl_output out;
  if (!gl_output_open(&out, o->output, err, sizeof err)) {
    say("%s", err);
    return EXIT_OUTPUT;
  }
  int status = check_all(s, &out, datadir);
  if (!gl_output_close(&out, status != EXIT_OUTPUT && status != EXIT_INTERNAL, err, sizeof err)) {
    if (status != EXIT_OUTPUT) say("%s", err);
    status = worst(status, EXIT_OUTPUT);
  }
  return status;
}

int main(int argc, char **argv) {
  if (argc > 1 && strcmp(argv[1], "import") == 0) return gl_import_main(argc - 1, argv + 1);
  xmlInitParser(); /* once, before any worker thread parses HTML */
  run_state s;
  memset(&s, 0, sizeof s);
  int rc = run(&s, argc, argv);
  run_free(&s);
  return rc;
}
