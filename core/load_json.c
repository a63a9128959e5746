/* load_json.c - report.json (govlua-report/1) -> gl_report.
 *
 * The bytes are parsed by json_parse.c into an arena DOM (freed before
 * returning), then walked along the schema.  Problems that leave a usable
 * report (wrong types, unknown keys, a missing edition) become issues,
 * which the runner turns into findings of rule "model"; a document that is
 * not a report at all is an input error with a message.
 *
 * The walk keeps the semantics the loader had when it read lua-cjson's
 * tables: arrays and objects are both "table"s (an array's elements count
 * as keys that are not strings), the last of duplicate keys wins, and
 * where C string functions were used on a value (strcmp, strtol, "%s")
 * the value ends at its first NUL (\u0000).
 */
#include "load.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json_parse.h"
#include "text.h"

/* Kept for the callers that prepare a state for the loader: the loader no
 * longer needs anything in it. */
/* ---- helpers ----------------------------------------------------------- */

static const char *tname(const gl_jval *v) {
  if (v->type == GL_JARRAY || v->type == GL_JOBJECT) return "table";
  return gl_json_type_name(v->type);
}

static int is_table(const gl_jval *v) {
  return v && (v->type == GL_JARRAY || v->type == GL_JOBJECT);
}

static int is_string(const gl_jval *v) { return v && v->type == GL_JSTRING; }

static double num_value(const gl_jval *v) {
  return v->flags & GL_JF_INT ? (double)v->u.num.i : v->u.num.d;
}

/* A malloc'd copy of string value v up to its first NUL. */
static char *cstr_dup(const gl_jval *v) { return gl_strndup(v->u.str.s, gl_json_strclen(v)); }

/* Whether the C view of v's key (up to a NUL) is k. */
static int key_is(const gl_jval *m, size_t kclen, const char *k) {
  return strlen(k) == kclen && memcmp(m->key, k, kclen) == 0;
}

/* Number of distinct keys (an array: its length), as Lua's next() counted. */
static size_t count_keys(gl_jval *v) { return gl_json_dedupe(v); }

/* Reports every key of table v not in `known` nor a column of `row`, as a
 * warning under path. */
static void unknown_keys(gl_report *r, gl_jval *v, const char *path, const char *const *known,
                         int nknown, const gl_row *row) {
  if (v->type == GL_JARRAY) {
    for (size_t i = 0; i < v->u.kids.n; i++)
      gl_report_issue(r, GL_SEV_WARNING, "model", path, 0, "%s 中有非字符串的键（已忽略）", path);
    return;
  }
  gl_json_dedupe(v);
  for (gl_jval *m = v->u.kids.first; m; m = m->next) {
    if (m->flags & GL_JF_DEAD) continue;
    size_t kc = gl_json_keyclen(m);
    int ok = 0;
    for (int i = 0; i < nknown && !ok; i++) ok = key_is(m, kc, known[i]);
    for (int i = 0; row && i < row->ncols && !ok; i++) ok = key_is(m, kc, row->cols[i].key);
    if (!ok) {
      char *k = gl_strndup(m->key, kc);
      gl_report_issue(r, GL_SEV_WARNING, "model", path, 0,
                      "%s 中有未知的键 \"%s\"（模型中没有此项，已忽略）", path, k ? k : "?");
      free(k);
    }
  }
}

/* Reads cell value v into c (column col of row). */
static void read_cell(gl_report *r, const gl_jval *v, gl_cell *c, const gl_row *row, int col) {
  char path[160];
  switch (v->type) {
    case GL_JNUMBER:
      if (v->flags & GL_JF_INT) {
        gl_cell_set_int(c, v->u.num.i);
      } else if (!isfinite(v->u.num.d)) {
        snprintf(path, sizeof path, "%s.%s", row->path, row->cols[col].key);
        gl_report_issue(r, GL_SEV_ERROR, "model", path, 0, "%s 的数值超出范围（按缺失处理）",
                        path);
      } else {
        gl_cell_set_num(c, v->u.num.d);
      }
      return;
    case GL_JSTRING:
      if (v->flags & GL_JF_NUL) break; /* "\u0000": reported below */
      gl_cell_set_text(c, v->u.str.s, v->u.str.len);
      return;
    case GL_JNULL:
      gl_cell_set_blank(c);
      return;
    default:
      break;
  }
  snprintf(path, sizeof path, "%s.%s", row->path, row->cols[col].key);
  gl_report_issue(r, GL_SEV_ERROR, "model", path, 0,
                  "%s 应为数值、null 或文字，实际是 %s（按缺失处理）", path, tname(v));
}

/* Whether a[0..n) and b[0..n) are the same bytes (short keys: a few word
 * compares, no call). */
static int same_bytes(const char *a, const char *b, size_t n) {
  uint64_t x, y, x2, y2;
  uint32_t u, w, u2, w2;
  if (n > 16) return memcmp(a, b, n) == 0;
  if (n >= 8) { /* the first and the last eight bytes (they may overlap) */
    memcpy(&x, a, 8), memcpy(&y, b, 8), memcpy(&x2, a + n - 8, 8), memcpy(&y2, b + n - 8, 8);
    return ((x ^ y) | (x2 ^ y2)) == 0;
  }
  if (n >= 4) {
    memcpy(&u, a, 4), memcpy(&w, b, 4), memcpy(&u2, a + n - 4, 4), memcpy(&w2, b + n - 4, 4);
    return ((u ^ w) | (u2 ^ w2)) == 0;
  }
  for (size_t i = 0; i < n; i++)
    if (a[i] != b[i]) return 0;
  return 1;
}

/* The columns of the last row read (their key lengths), and the column each
 * of its members matched, in member order: rows of one table list their
 * keys in the same order, so the guess is almost always right (a wrong one
 * costs one compare). */
#define MEMO_N (2 * GL_ROW_STRIDE)
typedef struct {
  const gl_column *cols;
  size_t klen[GL_ROW_STRIDE];
  int n;               /* members remembered */
  signed char col[MEMO_N];
} key_memo;

/* Whether member m's key is column c of km's columns. */
static int is_col(const key_memo *km, int c, const gl_jval *m) {
  return m->klen == km->klen[c] && same_bytes(m->key, km->cols[c].key, m->klen);
}

/* Reads row object v (schema row ri). */
static void read_row(gl_report *r, gl_jval *v, int ri, key_memo *km) {
  const gl_row *row = gl_schema_row(ri);
  if (!is_table(v)) {
    gl_report_issue(r, GL_SEV_ERROR, "model", row->path, 0,
                    "%s 应为对象（各列的数值），实际是 %s（按缺失处理）", row->path, tname(v));
    return;
  }
  if (v->type == GL_JARRAY) { /* no column found; every element is a stray key */
    if (v->u.kids.n) unknown_keys(r, v, row->path, NULL, 0, row);
    return;
  }
  if (km->cols != row->cols) {
    km->cols = row->cols;
    km->n = 0;
    for (int c = 0; c < row->ncols; c++) km->klen[c] = strlen(row->cols[c].key);
  }
  /* one pass over the members: the last one of a column wins; a key that is
   * no column means the distinct keys outnumber the columns found */
  const gl_jval *vals[GL_ROW_STRIDE] = {0};
  int stray = 0, j = 0;
  for (const gl_jval *m = v->u.kids.first; m; m = m->next, j++) {
    int c = j < km->n ? km->col[j] : -1;
    if (c < 0 || !is_col(km, c, m)) {
      c = 0;
      while (c < row->ncols && !is_col(km, c, m)) c++;
      if (c == row->ncols) c = -1;
    }
    if (j < MEMO_N) km->col[j] = (signed char)c;
    if (c >= 0)
      vals[c] = m;
    else
      stray = 1;
  }
  km->n = j < MEMO_N ? j : MEMO_N;
  for (int c = 0; c < row->ncols; c++)
    if (vals[c]) read_cell(r, vals[c], &r->cells[ri * GL_ROW_STRIDE + c], row, c);
  if (stray) unknown_keys(r, v, row->path, NULL, 0, row);
}

static const char *const TABLES[3] = {"active", "applications", "appeals"};

static int is_table_key(const char *table, const char *group, const gl_jval *m, size_t kc) {
  for (int i = 0; i < GL_NROWS; i++) {
    const gl_row *r = gl_schema_row(i);
    if (strcmp(r->table, table) != 0) continue;
    const char *top = r->group ? r->group : r->key;
    if (group) {
      if (r->group && strcmp(r->group, group) == 0 && key_is(m, kc, r->key)) return 1;
    } else if (key_is(m, kc, top)) {
      return 1;
    }
  }
  return 0;
}

static void unknown_table_keys(gl_report *r, gl_jval *v, const char *table, const char *group,
                               const char *path) {
  if (v->type == GL_JARRAY) {
    for (size_t i = 0; i < v->u.kids.n; i++)
      gl_report_issue(r, GL_SEV_WARNING, "model", path, 0,
                      "%s 中有未知的键 \"%s\"（模型中没有此项，已忽略）", path, "?");
    return;
  }
  gl_json_dedupe(v);
  for (gl_jval *m = v->u.kids.first; m; m = m->next) {
    if (m->flags & GL_JF_DEAD) continue;
    size_t kc = gl_json_keyclen(m);
    if (is_table_key(table, group, m, kc)) continue;
    char *k = gl_strndup(m->key, kc);
    gl_report_issue(r, GL_SEV_WARNING, "model", path, 0,
                    "%s 中有未知的键 \"%s\"（模型中没有此项，已忽略）", path, k ? k : "?");
    free(k);
  }
}

static int is_other_handling_group(const gl_jval *v) {
  static const char *const subs[] = {"no_correction", "unpaid_fee", "other"};
  for (int i = 0; i < 3; i++)
    if (is_table(gl_json_get(v, subs[i]))) return 1;
  return 0;
}

/* Reads table v, one of the three tables (index ti). */
static void read_table(gl_report *r, gl_jval *v, int ti, key_memo *km) {
  const char *table = TABLES[ti];
  if (!is_table(v)) {
    gl_report_issue(r, GL_SEV_ERROR, "model", table, 0, "%s 应为对象，实际是 %s（按缺失处理）",
                    table, tname(v));
    return;
  }
  r->has_table[ti] = 1;
  size_t topkeys = 0;
  const char *group = NULL;
  gl_jval *gv = NULL; /* the group object being read, NULL if none */
  for (int i = 0; i < GL_NROWS; i++) {
    const gl_row *row = gl_schema_row(i);
    if (strcmp(row->table, table) != 0) continue;
    if (row->group) {
      if (!group || strcmp(group, row->group) != 0) {
        /* entering a new group */
        group = row->group;
        gv = NULL;
        gl_jval *g = gl_json_get(v, group);
        if (g) {
          topkeys++;
          char gp[80];
          if (!is_table(g)) {
            snprintf(gp, sizeof gp, "%s.%s", table, group);
            gl_report_issue(r, GL_SEV_ERROR, "model", gp, 0, "%s 应为对象，实际是 %s（按缺失处理）",
                            gp, tname(g));
          } else if (strcmp(group, "other_handling") == 0 && !is_other_handling_group(g)) {
            /* a 2019 row, read below */
          } else {
            gv = g;
            if (strcmp(group, "other_handling") == 0) r->other_handling_group = 1;
            size_t found = 0;
            for (int j = i; j < GL_NROWS; j++) {
              const gl_row *s = gl_schema_row(j);
              if (!s->group || strcmp(s->group, group) != 0) break;
              found += gl_json_get(g, s->key) != NULL;
            }
            if (count_keys(g) != found) {
              snprintf(gp, sizeof gp, "%s.%s", table, group);
              unknown_table_keys(r, g, table, group, gp);
            }
          }
        }
      }
      if (gv) {
        gl_jval *rv = gl_json_get(gv, row->key);
        if (rv) read_row(r, rv, i, km);
      }
      continue;
    }
    group = NULL;
    gv = NULL;
    if (strcmp(row->path, "applications.other_handling") == 0) {
      gl_jval *o = gl_json_get(v, "other_handling");
      if (o && is_table(o) && !is_other_handling_group(o)) read_row(r, o, i, km);
      continue; /* counted with its group */
    }
    gl_jval *rv = gl_json_get(v, row->key);
    if (rv) {
      topkeys++;
      read_row(r, rv, i, km);
    }
  }
  if (count_keys(v) != topkeys) unknown_table_keys(r, v, table, NULL, table);
}

/* A copy of text value v (NULL, with an issue, when it is not text). */
static char *dup_string(gl_report *r, const gl_jval *v, const char *path) {
  if (is_string(v)) {
    if (!(v->flags & GL_JF_NUL)) return gl_strndup(v->u.str.s, v->u.str.len);
    gl_report_issue(r, GL_SEV_ERROR, "model", path, 0, "%s 含有 NUL 字符（\\u0000），已忽略", path);
    return NULL;
  }
  if (v)
    gl_report_issue(r, GL_SEV_ERROR, "model", path, 0, "%s 应为文字，实际是 %s", path, tname(v));
  return NULL;
}

static void read_sections(gl_report *r, gl_jval *v) {
  if (!is_table(v)) {
    gl_report_issue(r, GL_SEV_ERROR, "model", "sections", 0,
                    "sections 应为对象，实际是 %s（按缺失处理）", tname(v));
    return;
  }
  size_t found = 0;
  r->has_sections = 1;
  for (int i = 0; i < GL_NSECTIONS; i++) {
    const gl_jval *t = gl_json_get(v, gl_section_keys[i]);
    if (!t) continue;
    found++;
    char path[40];
    if ((t->type != GL_JSTRING && t->type != GL_JNULL) || (t->flags & GL_JF_NUL))
      snprintf(path, sizeof path, "sections.%s", gl_section_keys[i]);
    if (t->type == GL_JSTRING && (t->flags & GL_JF_NUL)) {
      gl_report_issue(r, GL_SEV_ERROR, "model", path, 0, "%s 含有 NUL 字符（\\u0000），已忽略", path);
    } else if (t->type == GL_JSTRING) {
      r->sections[i] = gl_strndup(t->u.str.s, t->u.str.len);
    } else if (t->type == GL_JNULL) {
      r->sections[i] = gl_strdup(""); /* a heading with no text */
    } else {
      gl_report_issue(r, GL_SEV_ERROR, "model", path, 0, "%s 应为文字，实际是 %s（按缺失处理）",
                      path, tname(t));
    }
  }
  if (count_keys(v) != found) unknown_keys(r, v, "sections", gl_section_keys, GL_NSECTIONS, NULL);
}

/* One element of source.issues: an "import" issue when it has a message. */
static void read_source_issue(gl_report *r, const gl_jval *el) {
  const gl_jval *msg = gl_json_get(el, "message");
  if (!is_string(msg) || (msg->flags & GL_JF_NUL)) return;
  const gl_jval *sv = gl_json_get(el, "severity");
  const gl_jval *pv = gl_json_get(el, "path");
  const gl_jval *lv = gl_json_get(el, "line");
  int sev = -1;
  if (is_string(sv)) {
    char *s = cstr_dup(sv);
    sev = s ? gl_severity_parse(s) : -1;
    free(s);
  }
  char *path = is_string(pv) ? cstr_dup(pv) : NULL;
  double ln = lv && lv->type == GL_JNUMBER ? num_value(lv) : 0;
  char *m = gl_strndup(msg->u.str.s, msg->u.str.len);
  if (m)
    gl_report_issue(r, sev < 0 ? GL_SEV_WARNING : sev, "import", path,
                    ln >= 1 && ln < 2147483647.0 ? (int)ln : 0, "%s", m);
  free(m);
  free(path);
}

/* Optional provenance: source.file, source.cells[PATH].{line,text} and
 * source.issues (what an importer could not read: become "import" findings) */
static void read_source(gl_report *r, gl_jval *v) {
  if (!is_table(v)) return;
  const gl_jval *issues = gl_json_get(v, "issues");
  if (issues && issues->type == GL_JARRAY) { /* an object has no element 1 */
    int i = 1;
    for (const gl_jval *el = issues->u.kids.first; el && i <= 1000 && is_table(el);
         el = el->next, i++)
      read_source_issue(r, el);
  }
  const gl_jval *file = gl_json_get(v, "file");
  if (is_string(file)) r->source_file = cstr_dup(file);
  gl_jval *cells = gl_json_get(v, "cells");
  if (!cells || cells->type != GL_JOBJECT) return; /* an array has no string keys */
  gl_json_dedupe(cells);
  for (const gl_jval *m = cells->u.kids.first; m; m = m->next) {
    if ((m->flags & GL_JF_DEAD) || !is_table(m)) continue;
    char key[128];
    size_t kc = gl_json_keyclen(m);
    if (kc >= sizeof key) continue; /* longer than any cell path */
    memcpy(key, m->key, kc);
    key[kc] = '\0';
    int slot = gl_schema_find_cell(key);
    if (slot < 0) continue;
    const gl_jval *lv = gl_json_get(m, "line");
    if (lv && lv->type == GL_JNUMBER) {
      double ln = num_value(lv);
      if (ln >= 1 && ln < 2147483647.0) r->cells[slot].line = (int)ln;
    }
    gl_cell *cell = &r->cells[slot];
    const gl_jval *tv = gl_json_get(m, "text");
    if (is_string(tv) && cell->state == GL_NUMBER && !cell->text && !(tv->flags & GL_JF_NUL))
      cell->text = gl_strndup(tv->u.str.s, tv->u.str.len);
  }
}

static void read_year(gl_report *r, const gl_jval *v) {
  if (!v) return;
  if (v->type == GL_JNUMBER) {
    double d = num_value(v);
    if (isfinite(d) && d == floor(d) && d > 0 && d < 10000) {
      r->has_year = 1;
      r->year = (int64_t)d;
      return;
    }
  } else if (v->type == GL_JSTRING) {
    char *s = cstr_dup(v);
    if (s) {
      char *end;
      long y = strtol(s, &end, 10);
      if (end != s && *end == '\0' && y > 0 && y < 10000) {
        r->has_year = 1;
        r->year = y;
        gl_report_issue(r, GL_SEV_WARNING, "model", "year", 0,
                        "year 应为整数，实际是文字 \"%s\"（按 %ld 处理）", s, y);
        free(s);
        return;
      }
      free(s);
    }
  }
  gl_report_issue(r, GL_SEV_ERROR, "model", "year", 0, "year 应为四位数的年份，实际是 %s",
                  tname(v));
}

static void read_edition(gl_report *r, const gl_jval *v) {
  if (!v) return;
  char text[64];
  if (v->type == GL_JNUMBER) {
    double d = num_value(v);
    if (d == 2019 || d == 2021) {
      r->edition = d == 2019 ? GL_ED2019 : GL_ED2021;
      gl_report_issue(r, GL_SEV_WARNING, "model", "edition", 0,
                      "edition 应为文字 \"%d\"，实际是数值 %d（已接受）", (int)d, (int)d);
      return;
    }
    snprintf(text, sizeof text, "%.14g", d);
  } else if (v->type == GL_JSTRING) {
    size_t n = gl_json_strclen(v);
    const char *s = v->u.str.s;
    if (n == 4 && (memcmp(s, "2019", 4) == 0 || memcmp(s, "2021", 4) == 0)) {
      r->edition = s[3] == '9' ? GL_ED2019 : GL_ED2021;
      return;
    }
    snprintf(text, sizeof text, "\"%.*s\"", (int)(n < 40 ? n : 40), s);
  } else {
    snprintf(text, sizeof text, "%s", tname(v));
  }
  gl_report_issue(r, GL_SEV_ERROR, "model", "edition", 0,
                  "edition 应为 \"2019\" 或 \"2021\"，实际是 %s", text);
}

/* Guesses the edition from which edition-specific cells are present. */
static int infer_edition(const gl_report *r) {
  int only19 = 0, only21 = 0;
  for (int s = 0; s < GL_MAX_CELLS; s++) {
    if (r->cells[s].state == GL_MISSING) continue;
    int ed = gl_schema_slot_editions(s);
    if (ed == GL_ED2019) only19++;
    if (ed == GL_ED2021) only21++;
  }
  if (r->other_handling_group) only21++;
  if (only19 > only21) return GL_ED2019;
  if (only21 > only19) return GL_ED2021;
  return 0;
}

/* Walks the top-level object doc into r. */
static void walk(gl_report *r, gl_jval *doc) {
  const gl_jval *agency = gl_json_get(doc, "agency");
  if (agency) r->agency = dup_string(r, agency, "agency");
  read_year(r, gl_json_get(doc, "year"));
  const gl_jval *edition = gl_json_get(doc, "edition");
  read_edition(r, edition);
  r->title = dup_string(r, gl_json_get(doc, "title"), "title");
  r->published = dup_string(r, gl_json_get(doc, "published"), "published");
  gl_jval *sections = gl_json_get(doc, "sections");
  if (sections) read_sections(r, sections);
  key_memo km = {NULL, {0}, 0, {0}};
  for (int t = 0; t < 3; t++) {
    gl_jval *tv = gl_json_get(doc, TABLES[t]);
    if (tv) read_table(r, tv, t, &km);
  }
  gl_jval *source = gl_json_get(doc, "source");
  if (source) read_source(r, source);
  if (!r->agency)
    gl_report_issue(r, GL_SEV_ERROR, "model", "agency", 0, "缺少 agency（报告机关名称）");
  if (!r->has_year)
    gl_report_issue(r, GL_SEV_ERROR, "model", "year", 0, "缺少 year（报告年度）");
  if (!r->edition) {
    int ed = infer_edition(r);
    int absent = edition == NULL;
    if (ed) {
      r->edition = ed;
      gl_report_issue(r, GL_SEV_WARNING, "model", "edition", 0,
                      "%s edition（模板版本），按表格的栏目推断为 %s 版", absent ? "缺少" : "无法识别",
                      gl_edition_name(ed));
    } else if (absent) {
      gl_report_issue(r, GL_SEV_ERROR, "model", "edition", 0,
                      "缺少 edition（模板版本），也无法从表格推断");
    }
  }
}

int gl_load_json(lua_State *L, const char *data, size_t len, gl_report *r, char *err,
                 size_t errn) {
  (void)L;
  size_t off = 0;
  if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) off = 3; /* BOM */
  const char *d = data + off;
  size_t n = len - off, i = 0;
  while (i < n && (d[i] == ' ' || d[i] == '\t' || d[i] == '\n' || d[i] == '\r')) i++;
  if (i == n) {
    snprintf(err, errn, "empty document: not a report");
    return GL_LOAD_INPUT;
  }
  gl_json_doc doc;
  gl_json_error je;
  if (!gl_json_parse(d, n, &doc, &je)) {
    /* bytes that are not UTF-8 text anywhere say more than the syntax */
    const char *bad = je.oom ? NULL : gl_utf8_check(d, n);
    if (bad) {
      long line = 1;
      for (const char *p = d; p < bad; p++) line += *p == '\n';
      snprintf(err, errn, "%s at line %ld: not a report (the text must be UTF-8)",
               *bad ? "invalid UTF-8" : "NUL byte", line);
    } else if (je.oom) {
      snprintf(err, errn, "could not read the report: out of memory");
    } else {
      snprintf(err, errn, "not valid JSON: %s (line %ld, column %ld)", je.msg, je.line, je.column);
    }
    return GL_LOAD_INPUT;
  }
  gl_jval *root = doc.root;
  int rc = GL_LOAD_INPUT;
  if (root->type != GL_JOBJECT) {
    snprintf(err, errn, "not a report: the top-level JSON value is %s, not an object",
             root->type == GL_JARRAY ? "an array" : root->type == GL_JSTRING ? "a string" : tname(root));
    goto done;
  }
  const gl_jval *f = gl_json_get(root, "format");
  if (f && !(is_string(f) && gl_json_strclen(f) == strlen(GL_FORMAT_ID) &&
             memcmp(f->u.str.s, GL_FORMAT_ID, strlen(GL_FORMAT_ID)) == 0)) {
    if (is_string(f)) {
      size_t fl = gl_json_strclen(f);
      snprintf(err, errn, "not a report: \"format\" is \"%.*s\", not \"" GL_FORMAT_ID "\"",
               (int)(fl < errn ? fl : errn), f->u.str.s);
    } else {
      snprintf(err, errn, "not a report: \"format\" is %s, not \"" GL_FORMAT_ID "\"", tname(f));
    }
    goto done;
  }
  static const char *const keys[] = {"agency", "year", "edition", "active", "applications",
                                     "appeals"};
  int any = 0;
  for (size_t k = 0; k < sizeof keys / sizeof keys[0] && !any; k++)
    any = gl_json_get(root, keys[k]) != NULL;
  if (!any) {
    snprintf(err, errn,
             "not a report: the object has none of agency, year, edition, active, "
             "applications, appeals");
    goto done;
  }
  walk(r, root);
  rc = GL_LOAD_OK;
done:
  gl_json_free(&doc);
  return rc;
}
