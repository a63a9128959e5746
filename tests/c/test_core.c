/* test_core.c - unit tests of the govlua C core: schema, model, the JSON
 * loader, the exporter, the Lua view, the govlua.json encoder and the
 * watchdog of the instruction budget.
 *
 * No framework: CHECK macros count passes and failures, print file:line
 * and the failed expression, and the last line is "N passed, M failed".
 * Reports are read from GOVLUA_SOURCE_DIR/examples. */
#define _POSIX_C_SOURCE 200809L
#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "export.h"
#include "load.h"
#include "luamods.h"
#include "model.h"
#include "sandbox.h"
#include "text.h"
#include "view.h"
#include "watchdog.h"

#ifndef GOVLUA_SOURCE_DIR
#define GOVLUA_SOURCE_DIR "."
#endif

/* ---- a tiny harness ------------------------------------------------------ */

#include "check.h"

/* ---- helpers -------------------------------------------------------------- */

/* A plain Lua state prepared like the core prepares its own. */
static lua_State *new_state(void) {
  lua_State *L = luaL_newstate();
  luaL_openlibs(L);
  gl_view_setup(L);
  return L;
}

/* gl_load_json on len bytes; also checks that the Lua stack is left as it was. */
static int load_n_(lua_State *L, const char *data, size_t len, gl_report *r, char *err,
                   size_t errn, int line) {
  int top = lua_gettop(L);
  err[0] = '\0';
  gl_report_clear(r);
  int rc = gl_load_json(L, data, len, r, err, errn);
  check_int_(lua_gettop(L), top, __FILE__, line, "Lua stack top unchanged by gl_load_json");
  return rc;
}
#define load_n(L, d, n, r, err) load_n_(L, d, n, r, err, sizeof(err), __LINE__)
#define load(L, d, r, err) load_n_(L, d, strlen(d), r, err, sizeof(err), __LINE__)

/* Loads examples/NAME into r (fatal if it does not load). */
static void load_example(lua_State *L, const char *name, gl_report *r) {
  char path[1024], err[512];
  size_t len;
  snprintf(path, sizeof path, "%s/examples/%s", GOVLUA_SOURCE_DIR, name);
  char *data = gl_read_file(path, 0, &len, err, sizeof err);
  if (!data) {
    printf("cannot read %s: %s\n", path, err);
    exit(2);
  }
  int rc = load_n(L, data, len, r, err);
  CHECKM(rc == GL_LOAD_OK, "%s: %s", name, err);
  free(data);
}

/* The cell at PATH (a static MISSING cell when the path is unknown). */
static const gl_cell *cell(const gl_report *r, const char *path) {
  static const gl_cell none;
  int s = gl_schema_find_cell(path);
  if (s < 0) {
    printf("     (unknown cell path %s)\n", path);
    return &none;
  }
  return &r->cells[s];
}

/* Number of issues matching severity (-1: any), path (NULL: any) and a
 * substring of the message (NULL: any). */
static int issues(const gl_report *r, int sev, const char *path, const char *substr) {
  int n = 0;
  for (int i = 0; i < r->nissues; i++) {
    const gl_issue *is = &r->issues[i];
    if (sev >= 0 && is->severity != sev) continue;
    if (path && (!is->path || strcmp(is->path, path) != 0)) continue;
    if (substr && !strstr(is->message, substr)) continue;
    n++;
  }
  return n;
}

static void dump_issues(const gl_report *r) {
  for (int i = 0; i < r->nissues; i++)
    printf("     issue %s [%s] %s\n", gl_severity_name(r->issues[i].severity),
           r->issues[i].path ? r->issues[i].path : "-", r->issues[i].message);
}

static int same_str(const char *a, const char *b) {
  return a && b ? strcmp(a, b) == 0 : a == b;
}

/* Describes the first difference between two reports into buf; 0 if none. */
static int report_diff(const gl_report *a, const gl_report *b, char *buf, size_t n) {
  if (!same_str(a->agency, b->agency)) return snprintf(buf, n, "agency"), 1;
  if (a->has_year != b->has_year || a->year != b->year) return snprintf(buf, n, "year"), 1;
  if (a->edition != b->edition) return snprintf(buf, n, "edition"), 1;
  if (!same_str(a->title, b->title)) return snprintf(buf, n, "title"), 1;
  if (!same_str(a->published, b->published)) return snprintf(buf, n, "published"), 1;
  if (!same_str(a->source_file, b->source_file)) return snprintf(buf, n, "source.file"), 1;
  if (a->other_handling_group != b->other_handling_group)
    return snprintf(buf, n, "other_handling_group"), 1;
  for (int t = 0; t < 3; t++)
    if (a->has_table[t] != b->has_table[t]) return snprintf(buf, n, "has_table[%d]", t), 1;
  for (int s = 0; s < GL_NSECTIONS; s++)
    if (!same_str(a->sections[s], b->sections[s]))
      return snprintf(buf, n, "sections.%s", gl_section_keys[s]), 1;
  for (int s = 0; s < GL_MAX_CELLS; s++) {
    const gl_cell *x = &a->cells[s], *y = &b->cells[s];
    char p[160];
    gl_schema_slot_path(s, p, sizeof p);
    if (x->state != y->state) return snprintf(buf, n, "%s: state %d vs %d", p, x->state, y->state), 1;
    if (x->line != y->line) return snprintf(buf, n, "%s: line %d vs %d", p, x->line, y->line), 1;
    if (x->state == GL_NUMBER) {
      if (x->is_int != y->is_int) return snprintf(buf, n, "%s: is_int", p), 1;
      if (x->is_int ? x->i != y->i : x->d != y->d)
        return snprintf(buf, n, "%s: value %.17g vs %.17g", p, x->d, y->d), 1;
    }
    if (x->state == GL_TEXT && !same_str(x->text, y->text))
      return snprintf(buf, n, "%s: text", p), 1;
  }
  return 0;
}

/* Runs a Lua chunk that returns a boolean; true only if it ran and returned true. */
static int lua_true_(lua_State *L, const char *code, const char *file, int line) {
  int top = lua_gettop(L);
  int ok = luaL_dostring(L, code) == LUA_OK && lua_toboolean(L, top + 1);
  if (!check_(ok, file, line, code) && lua_type(L, -1) == LUA_TSTRING)
    printf("     lua: %s\n", lua_tostring(L, -1));
  lua_settop(L, top);
  return ok;
}
#define CHECK_LUA(L, code) lua_true_(L, code, __FILE__, __LINE__)

/* Checks that json.encode(<expr>) returns exactly `expected`. */
static void check_encode_(lua_State *L, const char *expr, const char *expected, int line) {
  char code[1024];
  snprintf(code, sizeof code, "return json.encode(%s)", expr);
  int top = lua_gettop(L);
  if (luaL_dostring(L, code) != LUA_OK) {
    check_(0, __FILE__, line, code);
    printf("     lua: %s\n", lua_tostring(L, -1));
  } else {
    check_str_(lua_tostring(L, -1), expected, __FILE__, line, code);
  }
  lua_settop(L, top);
}
#define CHECK_ENCODE(L, expr, expected) check_encode_(L, expr, expected, __LINE__)

/* A minimal report head: the three required keys. */
#define HEAD "{\"agency\":\"测试局\",\"year\":2020,\"edition\":\"2019\""
#define HEAD21 "{\"agency\":\"测试局\",\"year\":2022,\"edition\":\"2021\""

/* ---- schema --------------------------------------------------------------- */

static void test_schema(void) {
  /* every valid slot: path -> slot -> path round trip */
  int valid = 0, per_ed[3][4] = {{0}}; /* [table][edition bit] */
  static const char *const tables[3] = {"active", "applications", "appeals"};
  for (int s = 0; s < GL_MAX_CELLS; s++) {
    char path[160];
    gl_schema_slot_path(s, path, sizeof path);
    if (!gl_schema_slot_valid(s)) {
      if (strcmp(path, "?") != 0 || gl_schema_slot_editions(s) != 0) {
        CHECKM(0, "invalid slot %d: path %s", s, path);
      }
      continue;
    }
    valid++;
    int found = gl_schema_find_cell(path);
    if (found != s) CHECKM(found == s, "%s: find_cell %d, slot %d", path, found, s);
    int ed = gl_schema_slot_editions(s);
    if (ed == 0 || (ed & ~GL_EDBOTH)) CHECKM(0, "%s: editions %d", path, ed);
    /* the row part of the path names the row of the slot */
    *strrchr(path, '.') = '\0';
    if (gl_schema_find_row(path) != s / GL_ROW_STRIDE) CHECKM(0, "row of %s", path);
    const gl_row *row = gl_schema_row(s / GL_ROW_STRIDE);
    for (int t = 0; t < 3; t++)
      if (strcmp(row->table, tables[t]) == 0) {
        if (ed & GL_ED2019) per_ed[t][GL_ED2019]++;
        if (ed & GL_ED2021) per_ed[t][GL_ED2021]++;
      }
  }
  CHECK_INT(valid, 226); /* union of both editions */
  CHECK(gl_schema_slot_valid(0));
  CHECK(!gl_schema_slot_valid(-1));
  CHECK(!gl_schema_slot_valid(GL_MAX_CELLS));

  /* cells per edition: 2019 22+161+15 = 198, 2021 10+175+15 = 200 */
  CHECK_INT(per_ed[0][GL_ED2019], 22);
  CHECK_INT(per_ed[1][GL_ED2019], 161);
  CHECK_INT(per_ed[2][GL_ED2019], 15);
  CHECK_INT(per_ed[0][GL_ED2019] + per_ed[1][GL_ED2019] + per_ed[2][GL_ED2019], 198);
  CHECK_INT(per_ed[0][GL_ED2021], 10);
  CHECK_INT(per_ed[1][GL_ED2021], 175);
  CHECK_INT(per_ed[2][GL_ED2021], 15);
  CHECK_INT(per_ed[0][GL_ED2021] + per_ed[1][GL_ED2021] + per_ed[2][GL_ED2021], 200);

  /* rows */
  CHECK_INT(gl_schema_nrows(), GL_NROWS);
  for (int i = 0; i < GL_NROWS; i++)
    if (gl_schema_find_row(gl_schema_row(i)->path) != i) CHECKM(0, "find_row row %d", i);
  CHECK(gl_schema_row(-1) == NULL && gl_schema_row(GL_NROWS) == NULL);
  CHECK(gl_schema_find_row("applications.total") >= 0);
  CHECK(gl_schema_find_row("applications.withheld.state_secret") >= 0);
  CHECK(gl_schema_find_row("applications.other_handling") >= 0);       /* 2019 row */
  CHECK(gl_schema_find_row("applications.other_handling.other") >= 0); /* 2021 row */
  CHECK_INT(gl_schema_find_row("applications.withheld"), -1);          /* a group */
  CHECK_INT(gl_schema_find_row("applications"), -1);
  CHECK_INT(gl_schema_find_row("nope"), -1);

  /* cells */
  CHECK_INT(gl_schema_find_cell("applications.total"), -1); /* a row */
  CHECK_INT(gl_schema_find_cell("applications.other_handling.other"), -1);
  CHECK(gl_schema_find_cell("appeals.review.other") >= 0);
  CHECK_INT(gl_schema_find_cell("applications.new.bogus"), -1);
  CHECK_INT(gl_schema_find_cell("x"), -1);
  CHECK_INT(gl_schema_find_cell(""), -1);
  CHECK_INT(gl_schema_find_cell("."), -1);

  /* editions of single cells */
  CHECK_INT(gl_schema_slot_editions(gl_schema_find_cell("active.rules.issued")), GL_ED2021);
  CHECK_INT(gl_schema_slot_editions(gl_schema_find_cell("active.rules.made")), GL_ED2019);
  CHECK_INT(gl_schema_slot_editions(gl_schema_find_cell("active.procurement.items")), GL_ED2019);
  CHECK_INT(gl_schema_slot_editions(gl_schema_find_cell("active.fees.amount")), GL_ED2021);
  CHECK_INT(gl_schema_slot_editions(gl_schema_find_cell("active.licensing.decisions")), GL_EDBOTH);
  CHECK_INT(gl_schema_slot_editions(gl_schema_find_cell("active.other_services.decisions")),
            GL_ED2019);
  CHECK_INT(gl_schema_slot_editions(gl_schema_find_cell("applications.other_handling.natural")),
            GL_ED2019);
  CHECK_INT(
      gl_schema_slot_editions(gl_schema_find_cell("applications.other_handling.unpaid_fee.total")),
      GL_ED2021);
  CHECK_INT(gl_schema_slot_editions(gl_schema_find_cell("applications.total.nonprofit")),
            GL_EDBOTH);
  CHECK_INT(gl_schema_slot_editions(gl_schema_find_cell("appeals.review.total")), GL_EDBOTH);

  /* describe */
  char buf[256];
  CHECK(gl_schema_describe("applications.total.nonprofit", GL_ED2019, buf, sizeof buf));
  CHECK_STR(buf, "表三 （七）总计 / 社会公益组织");
  CHECK(gl_schema_describe("applications.withheld.state_secret.natural", GL_ED2021, buf, sizeof buf));
  CHECK_STR(buf, "表三 （三）不予公开 1.属于国家秘密 / 自然人");
  CHECK(gl_schema_describe("applications.withheld.state_secret", GL_ED2019, buf, sizeof buf));
  CHECK_STR(buf, "表三 （三）不予公开 1.属于国家秘密");
  CHECK(gl_schema_describe("applications.withheld", GL_ED2019, buf, sizeof buf));
  CHECK_STR(buf, "表三 （三）不予公开");
  CHECK(gl_schema_describe("active.normative_documents", GL_ED2019, buf, sizeof buf));
  CHECK_STR(buf, "表二 规范性文件");
  CHECK(gl_schema_describe("active.normative_documents", GL_ED2021, buf, sizeof buf));
  CHECK_STR(buf, "表二 行政规范性文件");
  CHECK(gl_schema_describe("active.licensing.decisions", GL_ED2021, buf, sizeof buf));
  CHECK_STR(buf, "表二 行政许可 / 本年处理决定数量");
  CHECK(gl_schema_describe("appeals.review.total", 0, buf, sizeof buf));
  CHECK_STR(buf, "表四 行政复议 / 总计");
  CHECK(gl_schema_describe("applications", GL_ED2019, buf, sizeof buf));
  CHECK_STR(buf, "表三（三、收到和处理政府信息公开申请情况）");
  CHECK(gl_schema_describe("sections.problems", GL_ED2019, buf, sizeof buf));
  CHECK_STR(buf, "五、存在的主要问题及改进情况");
  CHECK(gl_schema_describe("sections.overview", GL_ED2021, buf, sizeof buf));
  CHECK_STR(buf, "一、总体情况");
  CHECK(!gl_schema_describe("sections.nope", GL_ED2019, buf, sizeof buf));
  CHECK(!gl_schema_describe("foo.bar", GL_ED2019, buf, sizeof buf));
  CHECK(!gl_schema_describe("applications.total.nope", GL_ED2019, buf, sizeof buf));
  CHECK(!gl_schema_describe("bogus", GL_ED2019, buf, sizeof buf));
  CHECK(gl_schema_describe("edition", GL_ED2019, buf, sizeof buf)); /* top-level keys */
  CHECK_STR(buf, "模板版本");
  /* a short buffer truncates, never overflows */
  char small[8];
  memset(small, 'x', sizeof small);
  CHECK(gl_schema_describe("applications.total.nonprofit", GL_ED2019, small, 4));
  CHECK(strlen(small) < 4 && small[5] == 'x');

  CHECK_STR(gl_table_label("appeals"), "表四");
  CHECK(gl_table_label("sections") == NULL);
  CHECK_STR(gl_section_keys[4], "problems");
}

/* ---- model ---------------------------------------------------------------- */

static void test_model(void) {
  gl_cell c;
  memset(&c, 0, sizeof c);
  gl_cell_set_num(&c, 3.0);
  CHECK(c.state == GL_NUMBER && c.is_int && c.i == 3 && c.d == 3.0);
  gl_cell_set_num(&c, 2.5);
  CHECK(c.state == GL_NUMBER && !c.is_int && c.d == 2.5);
  gl_cell_set_num(&c, 1e300);
  CHECK(c.state == GL_NUMBER && !c.is_int && c.d == 1e300);
  gl_cell_set_num(&c, -7.0);
  CHECK(c.is_int && c.i == -7);
  gl_cell_set_num(&c, 9007199254740992.0); /* 2^53: still exact */
  CHECK(c.is_int && c.i == 9007199254740992LL);
  gl_cell_set_num(&c, 18014398509481984.0); /* 2^54: beyond the exact range */
  CHECK(!c.is_int);
  gl_cell_set_num(&c, INFINITY);
  CHECK(!c.is_int);
  gl_cell_set_num(&c, NAN);
  CHECK(!c.is_int);
  gl_cell_set_int(&c, 42);
  CHECK(c.state == GL_NUMBER && c.is_int && c.i == 42 && c.d == 42.0);
  gl_cell_set_blank(&c);
  CHECK(c.state == GL_BLANK);
  CHECK(gl_cell_set_text(&c, "—x", strlen("—")));
  CHECK(c.state == GL_TEXT);
  CHECK_STR(c.text, "—");
  CHECK(gl_cell_set_text(&c, "无", strlen("无"))); /* replaces the old text */
  CHECK_STR(c.text, "无");
  free(c.text);

  /* issues copy their strings */
  gl_report r;
  gl_report_init(&r);
  char rule[16] = "model", path[32] = "applications.new", word[16] = "bogus";
  CHECK(gl_report_issue(&r, GL_SEV_WARNING, rule, path, 7, "key \"%s\" #%d", word, 3));
  CHECK(gl_report_issue(&r, GL_SEV_ERROR, rule, NULL, 0, "no path"));
  strcpy(rule, "XXXXX");
  strcpy(path, "YYYY");
  strcpy(word, "ZZZZ");
  CHECK_INT(r.nissues, 2);
  CHECK_STR(r.issues[0].rule, "model");
  CHECK_STR(r.issues[0].path, "applications.new");
  CHECK_STR(r.issues[0].message, "key \"bogus\" #3");
  CHECK_INT(r.issues[0].severity, GL_SEV_WARNING);
  CHECK_INT(r.issues[0].line, 7);
  CHECK(r.issues[0].rule != rule && r.issues[0].path != path);
  CHECK(r.issues[1].path == NULL);
  for (int i = 0; i < 20; i++) gl_report_issue(&r, GL_SEV_INFO, "model", NULL, 0, "n%d", i);
  CHECK_INT(r.nissues, 22); /* grows past the first allocation */
  CHECK_STR(r.issues[21].message, "n19");
  CHECK_STR(r.issues[0].message, "key \"bogus\" #3");
  gl_report_clear(&r);
  CHECK(r.nissues == 0 && r.issues == NULL && r.agency == NULL);

  /* editions */
  CHECK_INT(gl_edition_expected(2018), 0);
  CHECK_INT(gl_edition_expected(2019), GL_ED2019);
  CHECK_INT(gl_edition_expected(2020), GL_ED2019);
  CHECK_INT(gl_edition_expected(2021), GL_ED2021);
  CHECK_INT(gl_edition_expected(2030), GL_ED2021);
  CHECK_STR(gl_edition_name(GL_ED2019), "2019");
  CHECK_STR(gl_edition_name(GL_ED2021), "2021");
  CHECK(gl_edition_name(0) == NULL);
  CHECK_STR(gl_severity_name(GL_SEV_WARNING), "warning");
  CHECK_INT(gl_severity_parse("info"), GL_SEV_INFO);
  CHECK_INT(gl_severity_parse("fatal"), -1);
}

/* ---- gl_load_json: the examples ------------------------------------------ */

/* Number of cells present whose editions are exactly `eds` (0: any). */
static int count_present(const gl_report *r, int eds) {
  int n = 0;
  for (int s = 0; s < GL_MAX_CELLS; s++)
    if (r->cells[s].state != GL_MISSING && (!eds || gl_schema_slot_editions(s) == eds)) n++;
  return n;
}

static void test_load_examples(lua_State *L) {
  gl_report r;
  gl_report_init(&r);

  load_example(L, "xiangning-audit-2020.json", &r);
  CHECK_STR(r.agency, "乡宁县审计局");
  CHECK(r.has_year && r.year == 2020);
  CHECK_INT(r.edition, GL_ED2019);
  CHECK_STR(r.title, "2020年政府信息公开工作报告");
  CHECK(r.published == NULL);
  CHECK(r.sections[0] && strncmp(r.sections[0], "2020年", strlen("2020年")) == 0);
  CHECK_STR(r.sections[1], ""); /* a heading with no text */
  CHECK_STR(r.sections[5], "我局无其他需要报告的事项。");
  CHECK(r.has_table[0] && r.has_table[1] && r.has_table[2]);
  CHECK(!r.other_handling_group);
  CHECKM(r.nissues == 0, "%d issues", r.nissues);
  if (r.nissues) dump_issues(&r);
  CHECK_INT(count_present(&r, 0), 198); /* every 2019 cell */
  CHECK_INT(count_present(&r, GL_ED2021), 0);
  CHECK_INT(cell(&r, "applications.total.nonprofit")->state, GL_BLANK);
  const gl_cell *c = cell(&r, "active.procurement.amount");
  CHECK(c->state == GL_NUMBER && c->is_int && c->i == 15);
  c = cell(&r, "active.penalty.decisions");
  CHECK(c->state == GL_NUMBER && c->is_int && c->i == 110);
  c = cell(&r, "applications.new.natural");
  CHECK(c->state == GL_NUMBER && c->is_int && c->i == 0);
  c = cell(&r, "applications.other_handling.natural"); /* the 2019 row */
  CHECK(c->state == GL_NUMBER && c->is_int);
  CHECK_INT(cell(&r, "applications.other_handling.other.natural")->state, GL_MISSING);
  CHECK_INT(cell(&r, "active.rules.issued")->state, GL_MISSING);
  /* every number of this report is an integer */
  int floats = 0;
  for (int s = 0; s < GL_MAX_CELLS; s++)
    floats += r.cells[s].state == GL_NUMBER && !r.cells[s].is_int;
  CHECK_INT(floats, 0);

  load_example(L, "pingtan-2025.json", &r);
  CHECK_STR(r.agency, "平潭综合实验区");
  CHECK(r.has_year && r.year == 2025);
  CHECK_INT(r.edition, GL_ED2021);
  CHECK_STR(r.published, "2026-03-10");
  CHECK(r.other_handling_group);
  CHECKM(r.nissues == 0, "%d issues", r.nissues);
  if (r.nissues) dump_issues(&r);
  CHECK_INT(count_present(&r, 0), 200); /* every 2021 cell */
  CHECK_INT(count_present(&r, GL_ED2019), 0);
  c = cell(&r, "active.fees.amount");
  CHECK(c->state == GL_NUMBER && !c->is_int && c->d == 4166.241619);
  c = cell(&r, "active.normative_documents.in_force");
  CHECK(c->state == GL_NUMBER && c->is_int && c->i == 546);
  c = cell(&r, "applications.other_handling.no_correction.natural");
  CHECK(c->state == GL_NUMBER && c->is_int && c->i == 8);
  CHECK_INT(cell(&r, "applications.other_handling.natural")->state, GL_MISSING);
  CHECK_INT(cell(&r, "active.procurement.items")->state, GL_MISSING);

  gl_report_clear(&r);
}

/* ---- gl_load_json: inputs that are not reports ---------------------------- */

static void expect_input_error_(lua_State *L, const char *data, size_t len, const char *substr,
                                int line) {
  gl_report r;
  gl_report_init(&r);
  char err[512];
  int rc = load_n_(L, data, len, &r, err, sizeof err, line);
  if (check_int_(rc, GL_LOAD_INPUT, __FILE__, line, "gl_load_json(...) == GL_LOAD_INPUT")) {
    check_(err[0] != '\0', __FILE__, line, "error message is set");
    if (substr && !check_(strstr(err, substr) != NULL, __FILE__, line, "message mentions substr"))
      printf("     message \"%s\" lacks \"%s\"\n", err, substr);
  }
  gl_report_clear(&r);
}
#define EXPECT_INPUT_ERROR(L, s, substr) expect_input_error_(L, s, strlen(s), substr, __LINE__)
#define EXPECT_INPUT_ERROR_N(L, s, n, substr) expect_input_error_(L, s, n, substr, __LINE__)

static void test_load_errors(lua_State *L) {
  EXPECT_INPUT_ERROR(L, "[1, 2]", "array");
  EXPECT_INPUT_ERROR(L, "[]", "array");
  EXPECT_INPUT_ERROR(L, "\"report\"", "string");
  EXPECT_INPUT_ERROR(L, "  42 ", "number");
  EXPECT_INPUT_ERROR(L, "null", "null");
  EXPECT_INPUT_ERROR(L, "true", "boolean");
  EXPECT_INPUT_ERROR(L, "{\"format\":\"other\"}", "\"other\"");
  EXPECT_INPUT_ERROR(L, "{\"format\":\"govlua-report/2\",\"agency\":\"x\"}", "format");
  EXPECT_INPUT_ERROR(L, "{\"format\":1,\"agency\":\"x\"}", "format");
  EXPECT_INPUT_ERROR(L, "{}", "none of");
  EXPECT_INPUT_ERROR(L, "{\"foo\":1}", "none of");
  EXPECT_INPUT_ERROR(L, "{\"format\":\"govlua-report/1\"}", "none of");
  /* invalid JSON: the position becomes a line number */
  EXPECT_INPUT_ERROR(L, "{\n\"agency\": ,}", "line 2");
  EXPECT_INPUT_ERROR(L, "{\n\"agency\": ,}", "not valid JSON");
  EXPECT_INPUT_ERROR(L, "{\"agency\": \"x\",\n\n\n \"year\": 20x0}", "line 4");
  /* columns count characters, not bytes */
  EXPECT_INPUT_ERROR(L, "{\"agency\":\"中文\" x}", "line 1, column 16");
  EXPECT_INPUT_ERROR(L, "{\"agency\": \"x\"", NULL); /* truncated */
  EXPECT_INPUT_ERROR(L, "{\"agency\": \"x\"} {}", NULL); /* trailing garbage */
  EXPECT_INPUT_ERROR(L, "{\"agency\": NaN}", NULL);     /* invalid numbers refused */
  /* not text */
  EXPECT_INPUT_ERROR(L, "{\n\"agency\": \"\xff\"}", "UTF-8");
  EXPECT_INPUT_ERROR(L, "{\n\"agency\": \"\xff\"}", "line 2");
  EXPECT_INPUT_ERROR(L, "{\"agency\": \"\xe4\xb9\"}", "UTF-8"); /* truncated sequence */
  EXPECT_INPUT_ERROR(L, "{\"agency\": \"\xed\xa0\x80\"}", "UTF-8"); /* a surrogate */
  EXPECT_INPUT_ERROR_N(L, "{\"agency\": \"a\0b\", \"year\": 2020}", 30, "NUL");
  /* nesting deeper than GL_JSON_MAX_DEPTH */
  {
    char deep[512];
    size_t n = 0;
    n += (size_t)sprintf(deep, "{\"agency\":\"x\",\"deep\":");
    for (int i = 0; i < GL_JSON_MAX_DEPTH + 5; i++) deep[n++] = '[';
    for (int i = 0; i < GL_JSON_MAX_DEPTH + 5; i++) deep[n++] = ']';
    deep[n++] = '}';
    deep[n] = '\0';
    EXPECT_INPUT_ERROR(L, deep, "not valid JSON");
    /* exactly GL_JSON_MAX_DEPTH levels (the object + 63 arrays) is allowed */
    n = (size_t)sprintf(deep, "{\"agency\":\"x\",\"deep\":");
    for (int i = 0; i < GL_JSON_MAX_DEPTH - 1; i++) deep[n++] = '[';
    for (int i = 0; i < GL_JSON_MAX_DEPTH - 1; i++) deep[n++] = ']';
    deep[n++] = '}';
    deep[n] = '\0';
    gl_report r;
    gl_report_init(&r);
    char err[512];
    CHECKM(load(L, deep, &r, err) == GL_LOAD_OK, "%s", err);
    gl_report_clear(&r);
  }
  /* empty documents */
  EXPECT_INPUT_ERROR(L, "", "empty");
  EXPECT_INPUT_ERROR(L, " \n\t\r\n ", "empty");
  EXPECT_INPUT_ERROR(L, "\xEF\xBB\xBF", "empty");
  EXPECT_INPUT_ERROR(L, "\xEF\xBB\xBF  \n", "empty");

  /* a UTF-8 BOM before a valid report is skipped */
  gl_report r;
  gl_report_init(&r);
  char err[512];
  CHECKM(load(L, "\xEF\xBB\xBF" HEAD ",\"applications\":{\"new\":{\"natural\":3}}}", &r, err) ==
             GL_LOAD_OK,
         "%s", err);
  CHECK_STR(r.agency, "测试局");
  CHECK_INT(r.edition, GL_ED2019);
  CHECK_INT(cell(&r, "applications.new.natural")->i, 3);
  CHECK_INT(r.nissues, 0);
  /* and the error positions are counted after the BOM */
  EXPECT_INPUT_ERROR(L, "\xEF\xBB\xBF{\n\"agency\": ,}", "line 2, column 11");
  gl_report_clear(&r);
}

/* ---- gl_load_json: wrong types become issues ------------------------------ */

static void test_load_issues(lua_State *L) {
  gl_report r;
  gl_report_init(&r);
  char err[512];
  int rc;

  /* year as text: a warning, the year is taken */
  rc = load(L, "{\"agency\":\"a\",\"year\":\"2020\",\"edition\":\"2019\"}", &r, err);
  CHECKM(rc == GL_LOAD_OK, "%s", err);
  CHECK(r.has_year && r.year == 2020);
  CHECK_INT(issues(&r, GL_SEV_WARNING, "year", NULL), 1);
  CHECK_INT(issues(&r, GL_SEV_ERROR, NULL, NULL), 0);

  /* year as a boolean: an error issue, no year */
  rc = load(L, "{\"agency\":\"a\",\"year\":true,\"edition\":\"2019\"}", &r, err);
  CHECK(rc == GL_LOAD_OK);
  CHECK(!r.has_year);
  CHECK(issues(&r, GL_SEV_ERROR, "year", NULL) >= 1);
  rc = load(L, "{\"agency\":\"a\",\"year\":2020.5,\"edition\":\"2019\"}", &r, err);
  CHECK(rc == GL_LOAD_OK && !r.has_year && issues(&r, GL_SEV_ERROR, "year", NULL) >= 1);
  rc = load(L, "{\"agency\":\"a\",\"year\":\"20x0\",\"edition\":\"2019\"}", &r, err);
  CHECK(rc == GL_LOAD_OK && !r.has_year && issues(&r, GL_SEV_ERROR, "year", NULL) >= 1);

  /* edition as a number: accepted with a warning */
  rc = load(L, "{\"agency\":\"a\",\"year\":2020,\"edition\":2019}", &r, err);
  CHECK(rc == GL_LOAD_OK);
  CHECK_INT(r.edition, GL_ED2019);
  if (!CHECK(issues(&r, GL_SEV_WARNING, "edition", NULL) == 1 && r.nissues == 1))
    dump_issues(&r);
  rc = load(L, "{\"agency\":\"a\",\"year\":2022,\"edition\":2021}", &r, err);
  CHECK(rc == GL_LOAD_OK);
  CHECK_INT(r.edition, GL_ED2021);
  /* an unknown edition is an error issue */
  rc = load(L, "{\"agency\":\"a\",\"year\":2020,\"edition\":\"2020\"}", &r, err);
  CHECK(rc == GL_LOAD_OK && r.edition == 0);
  CHECK(issues(&r, GL_SEV_ERROR, "edition", NULL) >= 1);

  /* agency of the wrong type, and missing required keys */
  rc = load(L, "{\"agency\":5,\"year\":2020,\"edition\":\"2019\"}", &r, err);
  CHECK(rc == GL_LOAD_OK && r.agency == NULL && issues(&r, GL_SEV_ERROR, "agency", NULL) >= 1);
  rc = load(L, "{\"year\":2020}", &r, err);
  CHECK(rc == GL_LOAD_OK);
  CHECK_INT(issues(&r, GL_SEV_ERROR, "agency", NULL), 1);
  CHECK_INT(issues(&r, GL_SEV_ERROR, "edition", NULL), 1);

  /* cells of the wrong type: an error issue, the cell stays missing */
  rc = load(L, HEAD ",\"applications\":{\"new\":{\"natural\":true,\"legal\":{\"a\":1},\"research\":[1],\"total\":4}}}",
            &r, err);
  CHECKM(rc == GL_LOAD_OK, "%s", err);
  CHECK_INT(cell(&r, "applications.new.natural")->state, GL_MISSING);
  CHECK_INT(cell(&r, "applications.new.legal")->state, GL_MISSING);
  CHECK_INT(cell(&r, "applications.new.research")->state, GL_MISSING);
  CHECK_INT(cell(&r, "applications.new.total")->i, 4);
  CHECK_INT(issues(&r, GL_SEV_ERROR, "applications.new.natural", NULL), 1);
  CHECK_INT(issues(&r, GL_SEV_ERROR, "applications.new.legal", NULL), 1);
  CHECK_INT(issues(&r, GL_SEV_ERROR, "applications.new.research", NULL), 1);
  CHECK_INT(issues(&r, GL_SEV_WARNING, NULL, NULL), 0);

  /* a row that is a number / a table that is a string / a group that is an array */
  rc = load(L, HEAD ",\"applications\":{\"new\":5,\"withheld\":[1]},\"appeals\":\"none\"}", &r, err);
  CHECK(rc == GL_LOAD_OK);
  CHECK_INT(issues(&r, GL_SEV_ERROR, "applications.new", NULL), 1);
  CHECK_INT(cell(&r, "applications.new.natural")->state, GL_MISSING);
  CHECK_INT(issues(&r, GL_SEV_WARNING, "applications.withheld", NULL) +
                issues(&r, GL_SEV_ERROR, "applications.withheld", NULL),
            1);
  CHECK_INT(issues(&r, GL_SEV_ERROR, "appeals", NULL), 1);
  CHECK(!r.has_table[2]);

  /* unknown keys: warnings, the rest is read */
  rc = load(L, HEAD ",\"applications\":{\"new\":{\"natural\":1,\"aliens\":2},\"bogus\":{}},"
                    "\"sections\":{\"overview\":\"x\",\"preface\":\"y\"},"
                    "\"appeals\":{\"review\":{\"total\":0},\"arbitration\":{}}}",
            &r, err);
  CHECKM(rc == GL_LOAD_OK, "%s", err);
  CHECK_INT(cell(&r, "applications.new.natural")->i, 1);
  CHECK_INT(issues(&r, GL_SEV_WARNING, "applications.new", "aliens"), 1);
  CHECK_INT(issues(&r, GL_SEV_WARNING, "applications", "bogus"), 1);
  CHECK_INT(issues(&r, GL_SEV_WARNING, "sections", "preface"), 1);
  CHECK_INT(issues(&r, GL_SEV_WARNING, "appeals", "arbitration"), 1);
  CHECK_STR(r.sections[0], "x");
  CHECK_INT(issues(&r, GL_SEV_ERROR, NULL, NULL), 0);
  /* an unknown key inside a group */
  rc = load(L, HEAD ",\"applications\":{\"withheld\":{\"state_secret\":{\"natural\":1},\"misc\":{}}}}",
            &r, err);
  CHECK(rc == GL_LOAD_OK);
  CHECK_INT(issues(&r, GL_SEV_WARNING, "applications.withheld", "misc"), 1);
  CHECK_INT(cell(&r, "applications.withheld.state_secret.natural")->i, 1);
  /* unknown top-level keys are ignored silently (readers ignore unknown keys) */
  rc = load(L, HEAD ",\"x-extension\":{\"a\":1}}", &r, err);
  CHECK(rc == GL_LOAD_OK && r.nissues == 0);

  /* text, null and number cells */
  rc = load(L, HEAD ",\"active\":{\"fees\":{\"previous\":\"—\",\"change\":null},"
                    "\"procurement\":{\"items\":3,\"amount\":12.5}},"
                    "\"sections\":{\"problems\":null}}",
            &r, err);
  CHECKM(rc == GL_LOAD_OK, "%s", err);
  const gl_cell *c = cell(&r, "active.fees.previous");
  CHECK_INT(c->state, GL_TEXT);
  CHECK_STR(c->text, "—");
  CHECK_INT(cell(&r, "active.fees.change")->state, GL_BLANK);
  c = cell(&r, "active.procurement.items");
  CHECK(c->state == GL_NUMBER && c->is_int && c->i == 3);
  c = cell(&r, "active.procurement.amount");
  CHECK(c->state == GL_NUMBER && !c->is_int && c->d == 12.5);
  CHECK_STR(r.sections[4], ""); /* a null section is a heading without text */
  CHECK(r.sections[0] == NULL);
  CHECK(r.has_table[0] && !r.has_table[1] && !r.has_table[2]);
  CHECK_INT(r.nissues, 0);

  /* a negative 本年增/减 and a 2019 other_handling row */
  rc = load(L, HEAD ",\"active\":{\"licensing\":{\"change\":-3}},"
                    "\"applications\":{\"other_handling\":{\"natural\":2}}}",
            &r, err);
  CHECK(rc == GL_LOAD_OK);
  CHECK(cell(&r, "active.licensing.change")->is_int && cell(&r, "active.licensing.change")->i == -3);
  CHECK_INT(cell(&r, "applications.other_handling.natural")->i, 2);
  CHECK(!r.other_handling_group);
  CHECK_INT(r.nissues, 0);

  /* missing edition, inferred from 2021-only cells */
  rc = load(L, "{\"agency\":\"a\",\"year\":2022,\"active\":{\"rules\":{\"issued\":1,\"repealed\":0}},"
               "\"applications\":{\"other_handling\":{\"other\":{\"natural\":1}}}}",
            &r, err);
  CHECK(rc == GL_LOAD_OK);
  CHECK_INT(r.edition, GL_ED2021);
  CHECK(r.other_handling_group);
  CHECK_INT(cell(&r, "applications.other_handling.other.natural")->i, 1);
  CHECK_INT(issues(&r, GL_SEV_WARNING, "edition", NULL), 1);
  CHECK_INT(issues(&r, GL_SEV_ERROR, NULL, NULL), 0);
  /* ... and from 2019-only cells */
  rc = load(L, "{\"agency\":\"a\",\"year\":2020,\"active\":{\"procurement\":{\"items\":1}}}", &r, err);
  CHECK(rc == GL_LOAD_OK && r.edition == GL_ED2019);
  CHECK_INT(issues(&r, GL_SEV_WARNING, "edition", NULL), 1);
  /* not inferable: an error */
  rc = load(L, "{\"agency\":\"a\",\"year\":2020,\"appeals\":{\"review\":{\"total\":0}}}", &r, err);
  CHECK(rc == GL_LOAD_OK && r.edition == 0);
  CHECK_INT(issues(&r, GL_SEV_ERROR, "edition", NULL), 1);

  /* an out-of-range number: an error issue, not a crash */
  rc = load(L, HEAD ",\"appeals\":{\"review\":{\"total\":1e400,\"pending\":-1e400,\"upheld\":1}}}",
            &r, err);
  CHECKM(rc == GL_LOAD_OK, "%s", err);
  CHECK_INT(cell(&r, "appeals.review.total")->state, GL_MISSING);
  CHECK_INT(cell(&r, "appeals.review.pending")->state, GL_MISSING);
  CHECK_INT(cell(&r, "appeals.review.upheld")->i, 1);
  CHECK_INT(issues(&r, GL_SEV_ERROR, "appeals.review.total", NULL), 1);
  CHECK_INT(issues(&r, GL_SEV_ERROR, "appeals.review.pending", NULL), 1);

  /* wrong-typed sections / title */
  rc = load(L, HEAD ",\"sections\":[\"a\"],\"title\":7}", &r, err);
  CHECK(rc == GL_LOAD_OK);
  CHECK(issues(&r, -1, "sections", NULL) >= 1); /* an array: reported, not read */
  CHECK(r.sections[0] == NULL);
  CHECK_INT(issues(&r, GL_SEV_ERROR, "title", NULL), 1);
  CHECK(r.title == NULL);
  rc = load(L, HEAD ",\"sections\":\"text\"}", &r, err);
  CHECK(rc == GL_LOAD_OK && issues(&r, GL_SEV_ERROR, "sections", NULL) == 1);
  rc = load(L, HEAD ",\"sections\":{\"other\":false}}", &r, err);
  CHECK(rc == GL_LOAD_OK && r.sections[5] == NULL);
  CHECK_INT(issues(&r, GL_SEV_ERROR, "sections.other", NULL), 1);

  gl_report_clear(&r);
}

/* ---- export --------------------------------------------------------------- */

/* export(r) -> load -> compare, and export(load(export(r))) == export(r) */
static void check_round_trip_(lua_State *L, const gl_report *r, const char *what, int line) {
  size_t len = 0, len2 = 0;
  char *json = gl_export_json(r, &len);
  if (!check_(json != NULL, __FILE__, line, "gl_export_json != NULL")) return;
  check_(len == strlen(json) && len > 0 && json[len - 1] == '\n', __FILE__, line,
         "exported JSON ends with a newline");
  gl_report back;
  gl_report_init(&back);
  char err[512], diff[256];
  int rc = load_n_(L, json, len, &back, err, sizeof err, line);
  if (check_int_(rc, GL_LOAD_OK, __FILE__, line, "reload of the export")) {
    int d = report_diff(r, &back, diff, sizeof diff);
    if (!check_(!d, __FILE__, line, "exported report reloads identically"))
      printf("     %s: first difference at %s\n", what, diff);
    check_int_(back.nissues, 0, __FILE__, line, "no issues on reload");
    char *json2 = gl_export_json(&back, &len2);
    check_(json2 && len2 == len && memcmp(json, json2, len) == 0, __FILE__, line,
           "export is stable");
    free(json2);
  } else {
    printf("     %s: %s\n", what, err);
  }
  gl_report_clear(&back);
  free(json);
}
#define CHECK_ROUND_TRIP(L, r, what) check_round_trip_(L, r, what, __LINE__)

static void test_export(lua_State *L) {
  gl_report r;
  gl_report_init(&r);
  load_example(L, "xiangning-audit-2020.json", &r);
  CHECK_ROUND_TRIP(L, &r, "xiangning");
  size_t len;
  char *json = gl_export_json(&r, &len);
  CHECK(json && strstr(json, "\"format\": \"govlua-report/1\""));
  CHECK(json && strstr(json, "\"nonprofit\": null")); /* the blank cell */
  CHECK(json && strstr(json, "\"amount\": 15}"));      /* an integer stays an integer */
  CHECK(json && strstr(json, "乡宁县审计局"));          /* Chinese unescaped */
  free(json);

  load_example(L, "pingtan-2025.json", &r);
  CHECK_ROUND_TRIP(L, &r, "pingtan");
  json = gl_export_json(&r, &len);
  CHECK(json && strstr(json, "\"amount\": 4166.241619}"));
  CHECK(json && strstr(json, "\"no_correction\": {"));
  free(json);

  /* provenance survives */
  char err[512];
  int rc = load(L, HEAD ",\"applications\":{\"new\":{\"natural\":3}},"
                    "\"source\":{\"file\":\"报告.docx\",\"cells\":{"
                    "\"applications.new.natural\":{\"line\":12,\"text\":\"3件\"},"
                    "\"applications.nope.natural\":{\"line\":5},"
                    "\"appeals.review.total\":{\"line\":\"x\"}},\"extra\":1}}",
                &r, err);
  CHECKM(rc == GL_LOAD_OK, "%s", err);
  CHECK_INT(cell(&r, "applications.new.natural")->line, 12);
  CHECK_INT(cell(&r, "appeals.review.total")->line, 0);
  CHECK_STR(r.source_file, "报告.docx");
  CHECK_INT(r.nissues, 0);
  CHECK_ROUND_TRIP(L, &r, "provenance");
  json = gl_export_json(&r, &len);
  CHECK(json && strstr(json, "\"applications.new.natural\": {\"line\": 12"));
  gl_report back;
  gl_report_init(&back);
  CHECK(json && load_n(L, json, len, &back, err) == GL_LOAD_OK);
  CHECK_INT(cell(&back, "applications.new.natural")->line, 12);
  CHECK_STR(back.source_file, "报告.docx");
  gl_report_clear(&back);
  free(json);

  /* a report built in C: text, blanks, decimals, negatives, awkward strings */
  gl_report_clear(&r);
  r.agency = gl_strdup("某局 \"引号\" \\ 斜杠/\n换行\t制表\x01");
  r.has_year = 1;
  r.year = 2019;
  r.edition = GL_ED2019;
  r.title = gl_strdup("标题");
  r.sections[4] = gl_strdup("");
  r.sections[0] = gl_strdup("共收到申请8件。\r\n第二行");
  r.has_table[0] = r.has_table[1] = r.has_table[2] = 1;
  gl_cell_set_int((gl_cell *)cell(&r, "active.licensing.change"), -3);
  gl_cell_set_num((gl_cell *)cell(&r, "active.procurement.amount"), 12.345);
  gl_cell_set_num((gl_cell *)cell(&r, "active.procurement.items"), 0.1 + 0.2);
  gl_cell_set_num((gl_cell *)cell(&r, "appeals.review.total"), 1e20);
  gl_cell_set_num((gl_cell *)cell(&r, "appeals.review.other"), 1e-7);
  gl_cell_set_text((gl_cell *)cell(&r, "active.fees.previous"), "—", strlen("—"));
  gl_cell_set_text((gl_cell *)cell(&r, "active.fees.change"), "", 0);
  gl_cell_set_blank((gl_cell *)cell(&r, "applications.total.natural"));
  gl_cell_set_int((gl_cell *)cell(&r, "applications.withheld.inquiry.legal"), 7);
  gl_cell_set_int((gl_cell *)cell(&r, "applications.other_handling.total"), 1);
  CHECK_ROUND_TRIP(L, &r, "synthetic");
  /* the same with the 2021 other_handling group */
  gl_report_clear(&r);
  r.agency = gl_strdup("局");
  r.has_year = 1;
  r.year = 2023;
  r.edition = GL_ED2021;
  r.has_table[1] = 1;
  r.other_handling_group = 1;
  gl_cell_set_int((gl_cell *)cell(&r, "applications.other_handling.unpaid_fee.total"), 2);
  CHECK_ROUND_TRIP(L, &r, "synthetic 2021");
  /* an empty table survives as an empty object */
  gl_report_clear(&r);
  rc = load(L, HEAD ",\"appeals\":{}}", &r, err);
  CHECK(rc == GL_LOAD_OK && r.has_table[2]);
  CHECK_ROUND_TRIP(L, &r, "empty appeals");

  gl_report_clear(&r);
}

/* ---- the Lua view --------------------------------------------------------- */

static void test_view(lua_State *L) {
  gl_report x, p, e;
  gl_report_init(&x);
  gl_report_init(&p);
  gl_report_init(&e);
  load_example(L, "xiangning-audit-2020.json", &x);
  load_example(L, "pingtan-2025.json", &p);

  int top = lua_gettop(L);
  gl_view_push(L, &x);
  CHECK_INT(lua_gettop(L), top + 1);
  CHECK(lua_istable(L, -1));
  lua_setglobal(L, "R");
  gl_view_push_blank(L);
  CHECK(lua_type(L, -1) == LUA_TUSERDATA);
  lua_setglobal(L, "BLANK");

  CHECK_LUA(L, "return R.applications.total.nonprofit == BLANK");
  CHECK_LUA(L, "return rawequal(R.applications.total.nonprofit, BLANK)");
  CHECK_LUA(L, "return tostring(BLANK) == 'blank'");
  CHECK_LUA(L, "return math.type(R.year) == 'integer' and R.year == 2020");
  CHECK_LUA(L, "return R.agency == '乡宁县审计局' and R.edition == '2019'");
  CHECK_LUA(L, "return R.format == 'govlua-report/1' and R.published == nil");
  CHECK_LUA(L, "return math.type(R.applications.new.natural) == 'integer'");
  CHECK_LUA(L, "return math.type(R.active.procurement.amount) == 'integer' and R.active.procurement.amount == 15");
  CHECK_LUA(L, "return R.active.rules.issued == nil and R.active.rules.made == 0");
  CHECK_LUA(L, "return R.applications.other_handling.natural == 0"); /* the 2019 row */
  CHECK_LUA(L, "return R.applications.withheld.state_secret.total == 0");
  CHECK_LUA(L, "return R.sections.active == '' and R.sections.other == '我局无其他需要报告的事项。'");
  /* read-only */
  CHECK_LUA(L, "local ok, e = pcall(function() R.agency = 1 end) "
               "return not ok and tostring(e):find('read%-only') ~= nil");
  CHECK_LUA(L, "return not pcall(function() R.appeals.review.total = 5 end)");
  CHECK_LUA(L, "return not pcall(function() R.applications.withheld.x = 1 end)");
  CHECK_LUA(L, "return not pcall(function() R.sections.problems = 'x' end)");
  CHECK_LUA(L, "return not pcall(function() R.new_key = 1 end) and R.new_key == nil");
  CHECK_LUA(L, "return R.agency == '乡宁县审计局' and R.appeals.review.total == 0");
  CHECK_LUA(L, "return getmetatable(R) == 'read-only'");
  CHECK_LUA(L, "return not pcall(setmetatable, R, {})");
  CHECK_LUA(L, "return not pcall(setmetatable, BLANK, {})");
  /* pairs and # */
  CHECK_LUA(L, "local n = 0 for k, v in pairs(R.appeals) do n = n + 1 end return n == 3");
  CHECK_LUA(L, "local n = 0 for k, v in pairs(R.appeals.review) do n = n + 1 end return n == 5");
  CHECK_LUA(L, "local n = 0 for k, v in pairs(R.applications.withheld) do n = n + 1 end return n == 8");
  CHECK_LUA(L, "local n = 0 for k, v in pairs(R.applications.total) do n = n + 1 end return n == 7");
  CHECK_LUA(L, "local n = 0 for k in pairs(R.sections) do n = n + 1 end return n == 6");
  CHECK_LUA(L, "return #R.appeals == 0");

  /* a second report refills the same proxies */
  gl_view_push(L, &p);
  lua_getglobal(L, "R");
  CHECK(lua_rawequal(L, -1, -2));
  lua_pop(L, 2);
  CHECK_INT(lua_gettop(L), top);
  CHECK_LUA(L, "return R.edition == '2021' and R.year == 2025 and R.agency == '平潭综合实验区'");
  CHECK_LUA(L, "return R.published == '2026-03-10'");
  CHECK_LUA(L, "return R.active.procurement == nil and R.active.other_services == nil");
  CHECK_LUA(L, "return R.active.rules.made == nil and R.active.rules.in_force == 0");
  CHECK_LUA(L, "return math.type(R.active.fees.amount) == 'float' and R.active.fees.amount == 4166.241619");
  CHECK_LUA(L, "return R.applications.other_handling.no_correction.natural == 8");
  CHECK_LUA(L, "return R.applications.other_handling.natural == nil");
  CHECK_LUA(L, "local n = 0 for k in pairs(R.applications.other_handling) do n = n + 1 end return n == 3");
  CHECK_LUA(L, "return R.applications.total.nonprofit ~= BLANK");

  /* and back: the 2019 row replaces the group */
  gl_view_push(L, &x);
  lua_pop(L, 1);
  CHECK_LUA(L, "return R.edition == '2019' and R.applications.other_handling.natural == 0");
  CHECK_LUA(L, "return R.applications.other_handling.no_correction == nil");
  CHECK_LUA(L, "return R.active.fees.amount == nil and R.active.procurement.items == 1");
  CHECK_LUA(L, "return R.applications.total.nonprofit == BLANK");

  /* a report with almost nothing: tables and sections are nil */
  char err[256];
  CHECK(load(L, "{\"agency\":\"a\",\"year\":2020,\"applications\":{\"new\":{\"natural\":\"无\"}}}",
             &e, err) == GL_LOAD_OK);
  gl_view_push(L, &e);
  lua_pop(L, 1);
  CHECK_LUA(L, "return R.edition == nil and R.sections == nil and R.appeals == nil and R.active == nil");
  CHECK_LUA(L, "return R.applications.new.natural == '无' and R.applications.new.total == nil");
  CHECK_LUA(L, "return R.applications.withheld == nil and R.applications.total == nil");

  /* gl_view_push_cell */
  gl_cell c;
  memset(&c, 0, sizeof c);
  gl_view_push_cell(L, &c);
  CHECK(lua_isnil(L, -1));
  gl_cell_set_num(&c, 2.5);
  gl_view_push_cell(L, &c);
  CHECK(lua_isnumber(L, -1) && !lua_isinteger(L, -1) && lua_tonumber(L, -1) == 2.5);
  gl_cell_set_int(&c, 9);
  gl_view_push_cell(L, &c);
  CHECK(lua_isinteger(L, -1) && lua_tointeger(L, -1) == 9);
  gl_cell_set_blank(&c);
  gl_view_push_cell(L, &c);
  gl_view_push_blank(L);
  CHECK(lua_rawequal(L, -1, -2));
  lua_pop(L, 5);
  CHECK_INT(lua_gettop(L), top);

  /* leave the xiangning view in R for the json tests */
  gl_view_push(L, &x);
  lua_setglobal(L, "R");
  gl_report_clear(&x);
  gl_report_clear(&p);
  gl_report_clear(&e);
}

/* ---- govlua.json and govlua.core ----------------------------------------- */

static void test_json_module(lua_State *L) {
  luaL_requiref(L, "govlua.json", luaopen_govlua_json, 0);
  lua_setglobal(L, "json");
  luaL_requiref(L, "govlua.core", luaopen_govlua_core, 0);
  lua_setglobal(L, "core");

  CHECK_ENCODE(L, "{a=1,b={}}", "{\"a\":1,\"b\":{}}");
  CHECK_ENCODE(L, "json.array()", "[]");
  CHECK_ENCODE(L, "json.array({})", "[]");
  CHECK_ENCODE(L, "{}", "{}");
  CHECK_ENCODE(L, "{1,2,3}", "[1,2,3]");
  CHECK_ENCODE(L, "{x=json.array({'a'})}", "{\"x\":[\"a\"]}");
  /* integers vs floats */
  CHECK_ENCODE(L, "2020", "2020");
  CHECK_ENCODE(L, "-7", "-7");
  CHECK_ENCODE(L, "0.5", "0.5");
  CHECK_ENCODE(L, "0.1", "0.1");
  CHECK_ENCODE(L, "4166.241619", "4166.241619");
  CHECK_ENCODE(L, "math.maxinteger", "9223372036854775807");
  CHECK_ENCODE(L, "1/0", "null");
  CHECK_LUA(L, "return tonumber(json.encode(1/3)) == 1/3");
  CHECK_LUA(L, "return tonumber(json.encode(0.1 + 0.2)) == 0.1 + 0.2");
  /* literals */
  CHECK_ENCODE(L, "true", "true");
  CHECK_ENCODE(L, "nil", "null");
  CHECK_ENCODE(L, "json.null", "null");
  CHECK_ENCODE(L, "{BLANK}", "[null]");
  CHECK_ENCODE(L, "R.applications.total.nonprofit", "null");
  /* strings: quotes, backslashes, newlines escaped; Chinese and '/' as they are */
  CHECK_ENCODE(L, "'a\"b\\\\c\\nd\\te\\r'", "\"a\\\"b\\\\c\\nd\\te\\r\"");
  CHECK_ENCODE(L, "'中文/路径'", "\"中文/路径\"");
  /* long strings (the encoder skips 16 bytes at a time where nothing needs
   * escaping): random mixes of ASCII, control bytes, quotes, backslashes,
   * DEL and Chinese, against a plain Lua reading of the escaping rules */
  CHECK_LUA(L,
            "local pieces = { 'a', 'Z', '0', ' ', '/', '\"', '\\\\', '\\n', '\\r', '\\t', '\\1',"
            "  '\\31', '\\127', '中', '，', '≠', '“', '表三（七）总计' }\n"
            "local function ref(s)\n"
            "  return '\"' .. s:gsub('[%c\"\\\\]', function(c)\n"
            "    local named = { ['\"'] = '\\\\\"', ['\\\\'] = '\\\\\\\\', ['\\n'] = '\\\\n',"
            "      ['\\r'] = '\\\\r', ['\\t'] = '\\\\t' }\n"
            "    return named[c] or string.format('\\\\u%04x', c:byte())\n"
            "  end) .. '\"'\n"
            "end\n"
            "math.randomseed(5)\n"
            "for t = 1, 3000 do\n"
            "  local parts = {}\n"
            "  for i = 1, math.random(0, 60) do parts[i] = pieces[math.random(#pieces)] end\n"
            "  local s = table.concat(parts)\n"
            "  if json.encode(s) ~= ref(s) then return false end\n"
            "end\n"
            "return true");
  CHECK_ENCODE(L, "'\\1\\31'", "\"\\u0001\\u001f\"");
  CHECK_ENCODE(L, "{['键']='值'}", "{\"键\":\"值\"}");
  /* keys are sorted */
  CHECK_ENCODE(L, "{b=1,a=2,c=3,aa=4}", "{\"a\":2,\"aa\":4,\"b\":1,\"c\":3}");
  CHECK_ENCODE(L, "{[2]='x',a='y'}", "{\"2\":\"x\",\"a\":\"y\"}");
  /* keys 1 and "1" in one table: both values must survive (or encode must
   * refuse); the value of [1] must not be replaced by that of ["1"] */
  CHECK_LUA(L, "local ok, s = pcall(json.encode, {['1']='s', [1]='n'}) "
               "return not ok or s:find('\"n\"', 1, true) ~= nil");
  /* indentation */
  CHECK_ENCODE(L, "{a={1}}, {indent=2}", "{\n  \"a\": [\n    1\n  ]\n}");
  /* the view encodes as the data behind the proxies */
  CHECK_ENCODE(L, "R.appeals.review",
               "{\"corrected\":0,\"other\":0,\"pending\":0,\"total\":0,\"upheld\":0}");
  CHECK_LUA(L, "return json.encode(R):find('\"nonprofit\":null', 1, true) ~= nil");
  /* cycles and values that cannot be encoded raise */
  CHECK_LUA(L, "local t = {} t.self = t local ok, e = pcall(json.encode, t) "
               "return not ok and tostring(e):find('itself') ~= nil");
  CHECK_LUA(L, "local t = {} local u = {t} t[1] = u return not pcall(json.encode, {t})");
  CHECK_LUA(L, "local s = {1} return json.encode({a=s,b=s}) == '{\"a\":[1],\"b\":[1]}'");
  CHECK_LUA(L, "return not pcall(json.encode, {f=print})");
  CHECK_LUA(L, "return not pcall(json.encode, {[true]=1})");
  CHECK_LUA(L, "local t = {} for i = 1, 100 do t = {t} end return not pcall(json.encode, t)");
  CHECK_LUA(L, "return not pcall(json.array, setmetatable({}, {}))");

  /* govlua.core */
  CHECK_LUA(L, "return core.blank == BLANK");
  CHECK_LUA(L, "return core.describe('applications.total.nonprofit', '2019') == '表三 （七）总计 / 社会公益组织'");
  CHECK_LUA(L, "return core.describe('nope') == nil");
  CHECK_LUA(L, "return core.edition_expected(2020) == '2019' and core.edition_expected(2018) == nil");
  CHECK_LUA(L, "return #core.schema == 37 and #core.sections == 6");
  CHECK_LUA(L, "return core.schema[1].path == 'active.rules' and core.schema[1].columns[4].key == 'issued'");
  CHECK_LUA(L, "local c = core.schema[1].columns[4] return c.editions['2021'] and not c.editions['2019']");
}

/* ---- gl_utf8_check against a plain reading of RFC 3629 ------------------ */

/* One character at a time: the first bad byte, or NULL (NUL counts as bad). */
static const char *utf8_reference(const char *s, size_t n) {
  const unsigned char *p = (const unsigned char *)s, *e = p + n;
  while (p < e) {
    unsigned c = *p, len, min, cp;
    if (c >= 0x01 && c < 0x80) {
      p++;
      continue;
    }
    if (c >= 0xC2 && c <= 0xDF) len = 2, min = 0x80;
    else if (c >= 0xE0 && c <= 0xEF) len = 3, min = 0x800;
    else if (c >= 0xF0 && c <= 0xF4) len = 4, min = 0x10000;
    else return (const char *)p;
    if ((size_t)(e - p) < len) return (const char *)p;
    cp = c & (0xFFu >> (len + 1));
    for (unsigned i = 1; i < len; i++) {
      if ((p[i] & 0xC0) != 0x80) return (const char *)p;
      cp = (cp << 6) | (p[i] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return (const char *)p;
    p += len;
  }
  return NULL;
}

static void test_utf8_check(void) {
  /* bytes around every boundary of the encoding, runs of ASCII and of CJK
   * (the fast paths), and damage anywhere in them */
  static const unsigned char edge[] = {0x00, 0x01, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF,
                                       0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xE1, 0xEC, 0xED, 0xEE,
                                       0xEF, 0xF0, 0xF4, 0xF5, 0xFF};
  unsigned long long x = 88172645463325252ULL; /* xorshift */
  int mismatches = 0;
  unsigned char buf[48];
  for (int t = 0; t < 300000; t++) {
    x ^= x << 13, x ^= x >> 7, x ^= x << 17;
    int n = (int)(x % sizeof buf);
    for (int i = 0; i < n; i++) {
      x ^= x << 13, x ^= x >> 7, x ^= x << 17;
      unsigned r = (unsigned)(x >> 8);
      switch (t % 4 == 0 ? 4 : r % 4) {
        case 0: buf[i] = (unsigned char)('a' + r % 26); break;
        case 1: buf[i] = edge[(r >> 4) % sizeof edge]; break;
        case 2: buf[i] = (unsigned char)(0x80 + (r >> 4) % 64); break;
        case 3: buf[i] = (unsigned char)r; break;
        default: /* a CJK character (or its damage) */
          buf[i] = (unsigned char)(i % 3 == 0 ? 0xE4 + r % 5 : 0x80 + r % 64);
          if (r % 61 == 0) buf[i] = edge[(r >> 4) % sizeof edge];
      }
    }
    if (gl_utf8_check((const char *)buf, (size_t)n) != utf8_reference((const char *)buf, (size_t)n))
      mismatches++;
  }
  CHECK_INT(mismatches, 0);
  CHECK(gl_utf8_check("abcdefgh\xe6\x94\xbf\xe5\xba\x9c", 14) == NULL);
  CHECK(gl_utf8_check("abcdefg\0", 8) != NULL);
  CHECK(gl_utf8_check("\xe6\x94\xbf\xed\xa0\x80", 6) != NULL); /* a surrogate after a run */
}

/* ---- the watchdog ------------------------------------------------------- */

static volatile int armed_count;
static void count_arm(void *ud) {
  (void)ud;
  armed_count++;
}

static double now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static void test_watchdog(void) {
  CHECK(gl_watchdog_start());
  CHECK(gl_watchdog_start()); /* once per process */
  /* a call that runs on is armed after a tick, and only once */
  gl_watch_saved saved;
  armed_count = 0;
  double t0 = now_ms();
  CHECK(gl_watch_begin(count_arm, NULL, &saved));
  while (!armed_count && now_ms() - t0 < 5000) {
  }
  double took = now_ms() - t0;
  CHECKM(armed_count == 1, "armed %d times in %.1f ms", armed_count, took);
  CHECKM(took >= GL_WATCH_TICK_MS / 2.0, "armed after %.1f ms", took);
  t0 = now_ms();
  while (now_ms() - t0 < 4 * GL_WATCH_TICK_MS) {
  }
  CHECK_INT(armed_count, 1);
  gl_watch_end(&saved);
  /* calls that end are not armed afterwards, however long the thread idles
   * (one of them may have been, had this thread been held up for a tick in
   * the middle of it on a loaded machine: only what comes after counts) */
  int begun = 0;
  for (int i = 0; i < 1000; i++) {
    begun += gl_watch_begin(count_arm, NULL, &saved);
    gl_watch_end(&saved);
  }
  CHECK_INT(begun, 1000);
  int before = armed_count;
  struct timespec pause = {0, 5L * GL_WATCH_TICK_MS * 1000000L};
  nanosleep(&pause, NULL);
  CHECK_INT(armed_count, before);
  /* the budget stops a runaway sandboxed call, and an early pcall cannot
   * catch it; the state works afterwards */
  gl_limits lim = {2000000, (size_t)32 << 20};
  char err[256];
  gl_sandbox *sb = gl_sandbox_new(GOVLUA_SOURCE_DIR, NULL, &lim, err, sizeof err);
  CHECKM(sb != NULL, "%s", err);
  if (!sb) return;
  lua_State *S = gl_sandbox_state(sb);
  static const char *const runaways[] = {
    "while true do end",
    "while true do pcall(function() while true do end end) end",
    "local co = coroutine.wrap(function() while true do end end) while true do pcall(co) end",
    "local co = coroutine.create(function() while true do coroutine.yield() end end)\n"
    "while true do coroutine.resume(co) end",
    NULL};
  for (int i = 0; runaways[i]; i++) {
    CHECKM(gl_sandbox_load(S, runaways[i], strlen(runaways[i]), "=runaway", err, sizeof err), "%s", err);
    gl_call c = gl_sandbox_pcall(S, 0, 0);
    CHECKM(c.status != LUA_OK && c.limit && strcmp(c.limit, "instructions") == 0,
           "runaway %d: status %d, limit %s", i, c.status, c.limit ? c.limit : "none");
    lua_pop(S, 1);
  }
  const char *ok = "local n = 0 for i = 1, 1000 do n = n + i end return n";
  CHECK(gl_sandbox_load(S, ok, strlen(ok), "=ok", err, sizeof err));
  gl_call c = gl_sandbox_pcall(S, 0, 1);
  CHECK(c.status == LUA_OK && c.limit == NULL);
  CHECK_INT(lua_tointeger(S, -1), 500500);
  lua_pop(S, 1);
  gl_sandbox_free(sb);
}

int main(void) {
  test_utf8_check();
  test_watchdog();
  lua_State *L = new_state();
  test_schema();
  test_model();
  test_load_examples(L);
  test_load_errors(L);
  test_load_issues(L);
  test_export(L);
  test_view(L);
  test_json_module(L);
  lua_close(L);
  printf("%d passed, %d failed\n", passes, fails);
  return fails ? 1 : 0;
}
