/* schema.c - every row and column of both template editions, with the
 * printed labels (format-spec §5-§7) and the JSON names of report-model.md.
 * Read-only static data: safe to share between threads. */
#include "model.h"

#include <stdio.h>
#include <string.h>

#define B GL_EDBOTH
#define E19 GL_ED2019
#define E21 GL_ED2021
#define COUNT GL_KIND_COUNT
#define SIGNED GL_KIND_SIGNED
#define MONEY GL_KIND_MONEY

/* 二、主动公开 */
static const gl_column DOCS[] = {
  {"made", "本年新制作数量", NULL, COUNT, E19},
  {"published", "本年新公开数量", NULL, COUNT, E19},
  {"total", "对外公开总数量", NULL, COUNT, E19},
  {"issued", "本年制发件数", NULL, COUNT, E21},
  {"repealed", "本年废止件数", NULL, COUNT, E21},
  {"in_force", "现行有效件数", NULL, COUNT, E21},
};
static const gl_column ITEMS[] = {
  {"previous", "上一年项目数量", NULL, COUNT, E19},
  {"change", "本年增/减", NULL, SIGNED, E19},
  {"decisions", "处理决定数量", "本年处理决定数量", COUNT, B},
};
static const gl_column FEES[] = {
  {"previous", "上一年项目数量", NULL, COUNT, E19},
  {"change", "本年增/减", NULL, SIGNED, E19},
  {"amount", "本年收费金额（单位：万元）", NULL, MONEY, E21},
};
static const gl_column PROCUREMENT[] = {
  {"items", "采购项目数量", NULL, COUNT, E19},
  {"amount", "采购总金额（万元）", NULL, MONEY, E19},
};

/* 三、依申请公开: the seven applicant columns */
static const gl_column APPLICANT[] = {
  {"natural", "自然人", NULL, COUNT, B},
  {"commercial", "商业企业", NULL, COUNT, B},
  {"research", "科研机构", NULL, COUNT, B},
  {"nonprofit", "社会公益组织", NULL, COUNT, B},
  {"legal", "法律服务机构", NULL, COUNT, B},
  {"other_org", "其他", NULL, COUNT, B},
  {"total", "总计", NULL, COUNT, B},
};

/* 四、复议/诉讼 */
static const gl_column APPEAL[] = {
  {"upheld", "结果维持", NULL, COUNT, B},
  {"corrected", "结果纠正", NULL, COUNT, B},
  {"other", "其他结果", NULL, COUNT, B},
  {"pending", "尚未审结", NULL, COUNT, B},
  {"total", "总计", NULL, COUNT, B},
};

#define N(a) ((int)(sizeof(a) / sizeof((a)[0])))
#define ACT(key, l19, l21, ed, cols) \
  {"active", NULL, key, "active." key, l19, l21, NULL, ed, cols, N(cols)}
#define APP(key, label) \
  {"applications", NULL, key, "applications." key, label, NULL, NULL, B, APPLICANT, 7}
#define SUB(group, glabel, key, label, ed) \
  {"applications", group, key, "applications." group "." key, label, NULL, glabel, ed, APPLICANT, 7}
#define APL(key, label) \
  {"appeals", NULL, key, "appeals." key, label, NULL, NULL, B, APPEAL, 5}

static const char W[] = "（三）不予公开";
static const char U[] = "（四）无法提供";
static const char X[] = "（五）不予处理";
static const char O[] = "（六）其他处理";

static const gl_row ROWS[GL_NROWS] = {
  ACT("rules", "规章", NULL, B, DOCS),
  ACT("normative_documents", "规范性文件", "行政规范性文件", B, DOCS),
  ACT("licensing", "行政许可", NULL, B, ITEMS),
  ACT("other_services", "其他对外管理服务事项", NULL, E19, ITEMS),
  ACT("penalty", "行政处罚", NULL, B, ITEMS),
  ACT("coercion", "行政强制", NULL, B, ITEMS),
  ACT("fees", "行政事业性收费", NULL, B, FEES),
  ACT("procurement", "政府集中采购", NULL, E19, PROCUREMENT),
  APP("new", "一、本年新收政府信息公开申请数量"),
  APP("carried_over", "二、上年结转政府信息公开申请数量"),
  APP("granted", "（一）予以公开"),
  APP("partly_granted", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
  SUB("withheld", W, "state_secret", "1.属于国家秘密", B),
  SUB("withheld", W, "prohibited", "2.其他法律行政法规禁止公开", B),
  SUB("withheld", W, "security", "3.危及“三安全一稳定”", B),
  SUB("withheld", W, "third_party", "4.保护第三方合法权益", B),
  SUB("withheld", W, "internal", "5.属于三类内部事务信息", B),
  SUB("withheld", W, "deliberative", "6.属于四类过程性信息", B),
  SUB("withheld", W, "enforcement_file", "7.属于行政执法案卷", B),
  SUB("withheld", W, "inquiry", "8.属于行政查询事项", B),
  SUB("unavailable", U, "not_held", "1.本机关不掌握相关政府信息", B),
  SUB("unavailable", U, "needs_creation", "2.没有现成信息需要另行制作", B),
  SUB("unavailable", U, "unclear", "3.补正后申请内容仍不明确", B),
  SUB("not_processed", X, "complaint", "1.信访举报投诉类申请", B),
  SUB("not_processed", X, "repeated", "2.重复申请", B),
  SUB("not_processed", X, "publication", "3.要求提供公开出版物", B),
  SUB("not_processed", X, "excessive", "4.无正当理由大量反复申请", B),
  SUB("not_processed", X, "confirmation", "5.要求行政机关确认或重新出具已获取信息", B),
  {"applications", NULL, "other_handling", "applications.other_handling", "（六）其他处理",
   NULL, NULL, E19, APPLICANT, 7},
  SUB("other_handling", O, "no_correction",
      "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", E21),
  SUB("other_handling", O, "unpaid_fee",
      "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", E21),
  SUB("other_handling", O, "other", "3.其他", E21),
  APP("total", "（七）总计"),
  APP("carried_forward", "四、结转下年度继续办理"),
  APL("review", "行政复议"),
  APL("litigation_direct", "行政诉讼·未经复议直接起诉"),
  APL("litigation_after_review", "行政诉讼·复议后起诉"),
};

const char *const gl_section_keys[GL_NSECTIONS] = {
  "overview", "active", "applications", "appeals", "problems", "other"};
const char *const gl_section_labels[GL_NSECTIONS] = {
  "一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
  "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况",
  "六、其他需要报告的事项"};

int gl_schema_nrows(void) { return GL_NROWS; }

const gl_row *gl_schema_row(int i) {
  return (i >= 0 && i < GL_NROWS) ? &ROWS[i] : NULL;
}

int gl_schema_slot_valid(int slot) {
  if (slot < 0 || slot >= GL_MAX_CELLS) return 0;
  return slot % GL_ROW_STRIDE < ROWS[slot / GL_ROW_STRIDE].ncols;
}

int gl_schema_slot_editions(int slot) {
  if (!gl_schema_slot_valid(slot)) return 0;
  const gl_row *r = &ROWS[slot / GL_ROW_STRIDE];
  return r->editions & r->cols[slot % GL_ROW_STRIDE].editions;
}

void gl_schema_slot_path(int slot, char *buf, size_t n) {
  if (!gl_schema_slot_valid(slot)) {
    snprintf(buf, n, "?");
    return;
  }
  const gl_row *r = &ROWS[slot / GL_ROW_STRIDE];
  snprintf(buf, n, "%s.%s", r->path, r->cols[slot % GL_ROW_STRIDE].key);
}

int gl_schema_find_row(const char *path) {
  for (int i = 0; i < GL_NROWS; i++)
    if (strcmp(ROWS[i].path, path) == 0) return i;
  return -1;
}

int gl_schema_find_cell(const char *path) {
  const char *dot = strrchr(path, '.');
  if (!dot) return -1;
  size_t rl = (size_t)(dot - path);
  for (int i = 0; i < GL_NROWS; i++) {
    if (strlen(ROWS[i].path) != rl || memcmp(ROWS[i].path, path, rl) != 0) continue;
    for (int c = 0; c < ROWS[i].ncols; c++)
      if (strcmp(ROWS[i].cols[c].key, dot + 1) == 0) return i * GL_ROW_STRIDE + c;
  }
  return -1;
}

const char *gl_table_label(const char *table) {
  if (strcmp(table, "active") == 0) return "表二";
  if (strcmp(table, "applications") == 0) return "表三";
  if (strcmp(table, "appeals") == 0) return "表四";
  return NULL;
}

const char *gl_table_title(const char *table) {
  if (strcmp(table, "active") == 0) return "二、主动公开政府信息情况";
  if (strcmp(table, "applications") == 0) return "三、收到和处理政府信息公开申请情况";
  if (strcmp(table, "appeals") == 0) return "四、政府信息公开行政复议、行政诉讼情况";
  return NULL;
}

static const char *row_label(const gl_row *r, int edition) {
  return (edition == GL_ED2021 && r->label2021) ? r->label2021 : r->label;
}

static const char *col_label(const gl_column *c, int edition) {
  return (edition == GL_ED2021 && c->label2021) ? c->label2021 : c->label;
}

int gl_schema_describe(const char *path, int edition, char *buf, size_t n) {
  int slot = gl_schema_find_cell(path);
  if (slot >= 0) {
    const gl_row *r = &ROWS[slot / GL_ROW_STRIDE];
    snprintf(buf, n, "%s %s%s%s / %s", gl_table_label(r->table),
             r->group_label ? r->group_label : "", r->group_label ? " " : "",
             row_label(r, edition), col_label(&r->cols[slot % GL_ROW_STRIDE], edition));
    return 1;
  }
  int ri = gl_schema_find_row(path);
  if (ri >= 0) {
    const gl_row *r = &ROWS[ri];
    snprintf(buf, n, "%s %s%s%s", gl_table_label(r->table),
             r->group_label ? r->group_label : "", r->group_label ? " " : "",
             row_label(r, edition));
    return 1;
  }
  static const struct { const char *path, *label; } groups[] = {
    {"applications.withheld", "表三 （三）不予公开"},
    {"applications.unavailable", "表三 （四）无法提供"},
    {"applications.not_processed", "表三 （五）不予处理"},
    {"applications.other_handling", "表三 （六）其他处理"},
  };
  for (size_t i = 0; i < sizeof groups / sizeof groups[0]; i++)
    if (strcmp(groups[i].path, path) == 0) {
      snprintf(buf, n, "%s", groups[i].label);
      return 1;
    }
  static const struct { const char *path, *label; } top[] = {
    {"agency", "机关名称"}, {"year", "报告年度"}, {"edition", "模板版本"},
    {"title", "标题"}, {"published", "发布日期"}, {"sections", "正文各部分"},
  };
  for (size_t i = 0; i < sizeof top / sizeof top[0]; i++)
    if (strcmp(top[i].path, path) == 0) {
      snprintf(buf, n, "%s", top[i].label);
      return 1;
    }
  const char *tl = gl_table_label(path);
  if (tl) {
    snprintf(buf, n, "%s（%s）", tl, gl_table_title(path));
    return 1;
  }
  if (strncmp(path, "sections.", 9) == 0)
    for (int i = 0; i < GL_NSECTIONS; i++)
      if (strcmp(path + 9, gl_section_keys[i]) == 0) {
        snprintf(buf, n, "%s", gl_section_labels[i]);
        return 1;
      }
  return 0;
}

int gl_edition_expected(int64_t year) {
  if (year >= 2021) return GL_ED2021;
  if (year >= 2019) return GL_ED2019;
  return 0;
}

const char *gl_edition_name(int edition) {
  return edition == GL_ED2019 ? "2019" : edition == GL_ED2021 ? "2021" : NULL;
}
