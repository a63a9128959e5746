/* import_read.c - gl_doc -> gl_report (see doc.h): title, year, agency,
 * publication date, the prose of the six sections, the template edition
 * and the cells of 表二/表三/表四, anchored on the printed labels rather
 * than on the geometry of the table (format-spec §4-§7, §9, §11, §13).
 *
 * How it works:
 *
 *  1. Every line is cut into segments: a plain line is one segment; a table
 *     flattened to text (format-spec §13) gives one segment per cell: L1
 *     tab-prefixed cells, L2 pipe rows, L3 "cell |" lines, tab-separated
 *     rows, and the cells of ROW lines (HTML).
 *  2. Each segment is normalised (full-width ASCII -> ASCII, 、 -> ',',
 *     whitespace folded) and searched for the vocabulary below: section
 *     headings, row labels, group labels and header words.  The text
 *     between two matches is either a run of values (numbers, "—", "/",
 *     "无" ...) or other text.  The result is one flat stream of items.
 *  3. The edition is decided from the header words (§9) before any row is
 *     read, because 表二 has different columns in the two editions.
 *  4. A walk over the stream reads the values that follow each row label
 *     (expecting as many as the row has columns), and the 15 values after
 *     the header of 表四.  Concatenated digit runs ("15130000154") are split
 *     only when exactly one split satisfies the row's sums.
 *  5. The prose of each section is the text between its heading and the
 *     next one, without the tables.
 *
 * Everything is bounded: work is linear in the input (the vocabulary is
 * looked up through a small hash of its first three bytes), the number of
 * items and the digit-split search have caps.  No global mutable state.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "doc.h"

/* ---- limits ---------------------------------------------------------------- */

#define MAX_ITEMS 2000000       /* items in the stream of one document */
#define MAX_CANDS 400000        /* label matches in one segment */
#define MAX_SEGMENT 0x7FFFFFF0u /* bytes of one segment that are looked at */
#define MAX_ROWVALS 48          /* values collected after one label */
#define SPLIT_BUDGET 400000L    /* steps of the digit-split search per row */
#define SPLIT_TOTAL 4000000L    /* ... and per document */
#define META_LINES 60           /* lines searched for the title at the top */
#define META_BYTES 4096         /* bytes of a line looked at for the title */

/* ---- UTF-8 ------------------------------------------------------------------- */

static unsigned u8dec(const unsigned char *s, size_t n, size_t *len) {
  unsigned c = s[0];
  int l = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 0;
  if (l <= 1 || (size_t)l > n) {
    *len = 1;
    return c;
  }
  unsigned cp = c & (0xFFu >> (l + 1));
  for (int i = 1; i < l; i++) {
    if ((s[i] & 0xC0) != 0x80) {
      *len = 1;
      return c;
    }
    cp = (cp << 6) | (s[i] & 0x3Fu);
  }
  *len = (size_t)l;
  return cp;
}

static size_t u8enc(unsigned cp, char *o) {
  if (cp < 0x80) {
    o[0] = (char)cp;
    return 1;
  }
  if (cp < 0x800) {
    o[0] = (char)(0xC0 | (cp >> 6));
    o[1] = (char)(0x80 | (cp & 0x3F));
    return 2;
  }
  if (cp < 0x10000) {
    o[0] = (char)(0xE0 | (cp >> 12));
    o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
    o[2] = (char)(0x80 | (cp & 0x3F));
    return 3;
  }
  o[0] = (char)(0xF0 | (cp >> 18));
  o[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
  o[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
  o[3] = (char)(0x80 | (cp & 0x3F));
  return 4;
}

/* Start of the character before byte i (i > 0). */
static size_t u8prev(const char *s, size_t i) {
  size_t j = i - 1;
  for (int k = 0; k < 3 && j > 0 && ((unsigned char)s[j] & 0xC0) == 0x80; k++) j--;
  return j;
}

static int is_space_cp(unsigned cp) {
  return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f' || cp == '\v' ||
         cp == 0xA0 || cp == 0x3000 || (cp >= 0x2000 && cp <= 0x200B) || cp == 0x202F ||
         cp == 0x205F || cp == 0xFEFF || cp == 0x1680;
}

/* The character matching folds to (format-spec §11). */
static unsigned fold_cp(unsigned cp) {
  if (cp >= 0xFF01 && cp <= 0xFF5E) return cp - 0xFEE0; /* full-width ASCII */
  switch (cp) {
    case 0x3001: return ',';                             /* 、 */
    case 0x201C: case 0x201D: case 0x300C: case 0x300D: case 0x301D: case 0x301E:
      return '"';
    case 0x2212: case 0xFE63: return '-';                /* minus signs */
    case 0x2215: case 0x2044: return '/';
    case 0xFE50: return ',';
    case 0xFE52: return '.';
    default: return cp;
  }
}

/* ---- normalised strings ------------------------------------------------- */

/* S: the text folded, whitespace runs turned into one ' ', ends trimmed;
 * map[i] is the raw offset that byte i came from (map[n] = end of content).
 * F: S without the spaces; map[i] is the index in S.
 * The buffers are kept between uses (cap: what they hold), so a scratch
 * nstr reused for every segment of a document allocates only when a longer
 * segment comes; nstr_free releases them. */
typedef struct {
  char *s;
  uint32_t *map;
  size_t n, cap;
} nstr;

static void nstr_free(nstr *x) {
  free(x->s);
  free(x->map);
  x->s = NULL;
  x->map = NULL;
  x->n = 0;
  x->cap = 0;
}

/* Makes room for n bytes and their NUL (the old content is not kept). */
static int nstr_reserve(nstr *x, size_t n) {
  x->n = 0;
  if (x->s && x->cap >= n + 1) return 1;
  nstr_free(x);
  size_t cap = n + 1 < 256 ? 256 : n + 1;
  x->s = malloc(cap);
  x->map = malloc(cap * sizeof *x->map);
  if (!x->s || !x->map) {
    nstr_free(x);
    return 0;
  }
  x->cap = cap;
  return 1;
}

/* A run of whitespace that was pending (it started at byte wss of the raw
 * text) becomes one space before the next character, unless it led the text. */
static inline void put_space(nstr *S, size_t *n, int *pend, size_t wss) {
  if (!*pend) return;
  if (*n > 0) {
    S->s[*n] = ' ';
    S->map[(*n)++] = (uint32_t)wss;
  }
  *pend = 0;
}

static int nstr_fold(const char *raw, size_t rn, nstr *S) {
  if (rn > MAX_SEGMENT) rn = MAX_SEGMENT;
  if (!nstr_reserve(S, rn)) return 0; /* folding never makes the text longer */
  size_t n = 0, wss = 0;
  int pend = 0;
  for (size_t i = 0; i < rn;) {
    unsigned char b0 = (unsigned char)raw[i];
    /* fast paths, the same as the general case below: ASCII other than
     * whitespace, and the CJK characters U+4000-U+9FFF (lead bytes E4-E9),
     * which neither fold nor count as space */
    if (b0 >= 0x21 && b0 < 0x7F) {
      put_space(S, &n, &pend, wss);
      S->s[n] = (char)b0;
      S->map[n++] = (uint32_t)i;
      i++;
      continue;
    }
    if (b0 >= 0xE4 && b0 <= 0xE9 && rn - i >= 3 && ((unsigned char)raw[i + 1] & 0xC0) == 0x80 &&
        ((unsigned char)raw[i + 2] & 0xC0) == 0x80) {
      put_space(S, &n, &pend, wss);
      S->s[n] = (char)b0;
      S->s[n + 1] = raw[i + 1];
      S->s[n + 2] = raw[i + 2];
      S->map[n] = S->map[n + 1] = S->map[n + 2] = (uint32_t)i;
      n += 3;
      i += 3;
      continue;
    }
    size_t len;
    unsigned cp = u8dec((const unsigned char *)raw + i, rn - i, &len);
    if (is_space_cp(cp)) {
      if (!pend) {
        pend = 1;
        wss = i;
      }
      i += len;
      continue;
    }
    put_space(S, &n, &pend, wss);
    unsigned m = fold_cp(cp);
    if (m == cp) {
      for (size_t k = 0; k < len; k++) {
        S->s[n] = raw[i + k];
        S->map[n++] = (uint32_t)i;
      }
    } else {
      char o[4];
      size_t ol = u8enc(m, o);
      for (size_t k = 0; k < ol; k++) {
        S->s[n] = o[k];
        S->map[n++] = (uint32_t)i;
      }
    }
    i += len;
  }
  S->map[n] = (uint32_t)(pend ? wss : rn);
  S->s[n] = '\0';
  S->n = n;
  return 1;
}

static int nstr_squeeze(const nstr *S, nstr *F) {
  if (!nstr_reserve(F, S->n)) return 0;
  size_t n = 0;
  for (size_t i = 0; i < S->n; i++)
    if (S->s[i] != ' ') {
      F->s[n] = S->s[i];
      F->map[n++] = (uint32_t)i;
    }
  F->map[n] = (uint32_t)S->n;
  F->s[n] = '\0';
  F->n = n;
  return 1;
}

static const char *find_in(const char *h, size_t hn, const char *needle) {
  size_t nn = strlen(needle);
  if (nn == 0 || nn > hn) return NULL;
  for (size_t i = 0; i + nn <= hn; i++)
    if (h[i] == needle[0] && memcmp(h + i, needle, nn) == 0) return h + i;
  return NULL;
}

/* ---- vocabulary ---------------------------------------------------------- */

enum { V_HEADING = 1, V_ROW, V_GROUP, V_HDR, V_OH, V_OTHER3 };
enum { T_ACTIVE = 0, T_APPS = 1, T_APPEALS = 2 };
enum { G_WITHHELD = 0, G_UNAVAIL, G_NOTPROC, G_OH, G_RESULTS };
enum { VF_PAREN = 1, VF_WEAK = 2, VF_NUMBERED = 4, VF_NEEDPOST = 8 /* most of post must follow */ };

typedef struct {
  unsigned char kind;
  signed char table; /* T_*, -1 for none */
  signed char arg;   /* section index (headings), group (groups) */
  unsigned char ed;  /* edition marker: GL_ED2019, GL_ED2021 or 0 */
  unsigned char flags;
  const char *anchor; /* searched for, folded (ASCII punctuation, 、 as ',') */
  const char *pre;    /* printed text before the anchor, consumed when present */
  const char *post;   /* printed text after it, consumed as far as it matches */
  const char *post2;  /* an alternative tail */
  const char *path;   /* V_ROW: the schema row */
} vocab;

#define HEAD(sec, a, p1, p2) {V_HEADING, -1, sec, 0, VF_NUMBERED, a, NULL, p1, p2, NULL}
#define ROWL(t, path, a, pre, post, fl) {V_ROW, t, 0, 0, fl, a, pre, post, NULL, path}
#define GRP(g, a, pre) {V_GROUP, T_APPS, g, 0, 0, a, pre, NULL, NULL, NULL}
#define HDR(t, ed, fl, a, pre, post) {V_HDR, t, 0, ed, fl, a, pre, post, NULL, NULL}

static const vocab VOCAB[] = {
  /* section headings: "一、总体情况" ... (the numeral is checked in code) */
  HEAD(0, "总体情况", NULL, NULL),
  HEAD(0, "概述", NULL, NULL),
  HEAD(1, "主动公开政府信息", "情况", NULL),
  HEAD(1, "主动公开情况", NULL, NULL),
  HEAD(2, "收到和处理政府信息公开申请", "情况", "的情况"),
  HEAD(2, "依申请公开政府信息", "情况", NULL),
  HEAD(2, "依申请公开情况", NULL, NULL),
  HEAD(3, "政府信息公开行政复议", ",行政诉讼情况", ",行政诉讼的情况"),
  HEAD(3, "因政府信息公开工作被申请行政复议", ",提起行政诉讼情况", ",提起行政诉讼的情况"),
  HEAD(3, "因政府信息公开申请行政复议", ",提起行政诉讼的情况", ",提起行政诉讼情况"),
  HEAD(3, "政府信息公开工作被申请行政复议", ",提起行政诉讼情况", ",提起行政诉讼的情况"),
  HEAD(3, "行政复议,行政诉讼情况", NULL, NULL),
  {V_HEADING, -1, 3, 0, VF_NEEDPOST, "四,政府信息公开", NULL, "行政复议,行政诉讼情况", NULL, NULL},
  HEAD(3, "行政复议和行政诉讼情况", NULL, NULL),
  HEAD(4, "存在的主要问题", "及改进情况", "及改进措施"),
  HEAD(4, "政府信息公开工作存在的主要问题", "及改进情况", "及改进措施"),
  HEAD(4, "主要问题及改进情况", NULL, NULL),
  HEAD(4, "主要问题和改进措施", NULL, NULL),
  HEAD(4, "存在的问题", "及改进情况", "及改进措施"),
  HEAD(5, "其他需要报告的事项", NULL, NULL),
  HEAD(5, "其他需报告的事项", NULL, NULL),
  HEAD(5, "其他事项", NULL, NULL),

  /* 表二 rows */
  ROWL(T_ACTIVE, "active.rules", "规章", NULL, NULL, VF_PAREN),
  ROWL(T_ACTIVE, "active.normative_documents", "规范性文件", "行政", NULL, VF_PAREN),
  ROWL(T_ACTIVE, "active.licensing", "行政许可", NULL, NULL, VF_PAREN),
  ROWL(T_ACTIVE, "active.other_services", "对外管理服务事项", "其他", NULL, VF_PAREN),
  ROWL(T_ACTIVE, "active.penalty", "行政处罚", NULL, NULL, VF_PAREN),
  ROWL(T_ACTIVE, "active.coercion", "行政强制", NULL, NULL, VF_PAREN),
  ROWL(T_ACTIVE, "active.fees", "行政事业性收费", NULL, NULL, VF_PAREN),
  ROWL(T_ACTIVE, "active.procurement", "政府集中采购", NULL, NULL, VF_PAREN),

  /* 表三 rows */
  ROWL(T_APPS, "applications.new", "本年新收", "一,", "政府信息公开申请数量", VF_PAREN),
  ROWL(T_APPS, "applications.carried_over", "上年结转", "二,", "政府信息公开申请数量", VF_PAREN),
  ROWL(T_APPS, "applications.granted", "予以公开", "(一)", NULL, VF_PAREN),
  ROWL(T_APPS, "applications.partly_granted", "部分公开", "(二)", NULL, VF_PAREN),
  ROWL(T_APPS, "applications.withheld.state_secret", "国家秘密", "1.属于", NULL, VF_PAREN),
  ROWL(T_APPS, "applications.withheld.prohibited", "禁止公开", "2.其他法律行政法规", NULL, VF_PAREN),
  ROWL(T_APPS, "applications.withheld.security", "三安全一稳定", "3.危及\"", "\"", VF_PAREN),
  ROWL(T_APPS, "applications.withheld.third_party", "第三方合法权益", "4.保护", NULL, VF_PAREN),
  ROWL(T_APPS, "applications.withheld.internal", "内部事务", "5.属于三类", "信息", VF_PAREN),
  ROWL(T_APPS, "applications.withheld.deliberative", "过程性信息", "6.属于四类", NULL, VF_PAREN),
  ROWL(T_APPS, "applications.withheld.enforcement_file", "行政执法案卷", "7.属于", NULL, VF_PAREN),
  ROWL(T_APPS, "applications.withheld.inquiry", "行政查询事项", "8.属于", NULL, VF_PAREN),
  ROWL(T_APPS, "applications.unavailable.not_held", "不掌握", "1.本机关", "相关政府信息", VF_PAREN),
  ROWL(T_APPS, "applications.unavailable.needs_creation", "另行制作", "2.没有现成信息需要", NULL,
       VF_PAREN),
  ROWL(T_APPS, "applications.unavailable.unclear", "仍不明确", "3.补正后申请内容", NULL, VF_PAREN),
  ROWL(T_APPS, "applications.not_processed.complaint", "信访举报投诉", "1.", "类申请", VF_PAREN),
  ROWL(T_APPS, "applications.not_processed.repeated", "重复申请", "2.", NULL, VF_PAREN),
  ROWL(T_APPS, "applications.not_processed.publication", "公开出版物", "3.要求提供", NULL, VF_PAREN),
  ROWL(T_APPS, "applications.not_processed.excessive", "大量反复申请", "4.无正当理由", NULL,
       VF_PAREN),
  ROWL(T_APPS, "applications.not_processed.confirmation", "确认或重新出具", "5.要求行政机关",
       "已获取信息", VF_PAREN),
  {V_OH, T_APPS, G_OH, 0, VF_PAREN, "其他处理", "(六)", NULL, NULL, "applications.other_handling"},
  ROWL(T_APPS, "applications.other_handling.no_correction", "逾期不补正", "1.申请人无正当理由",
       ",行政机关不再处理其政府信息公开申请", VF_PAREN),
  ROWL(T_APPS, "applications.other_handling.unpaid_fee", "逾期未按收费通知", "2.申请人",
       "要求缴纳费用,行政机关不再处理其政府信息公开申请", VF_PAREN),
  {V_OTHER3, T_APPS, 0, 0, VF_PAREN, "3.其他", NULL, NULL, NULL, "applications.other_handling.other"},
  {V_OTHER3, T_APPS, 0, 0, VF_PAREN, "3,其他", NULL, NULL, NULL, "applications.other_handling.other"},
  ROWL(T_APPS, "applications.total", "(七)总计", NULL, NULL, VF_PAREN),
  ROWL(T_APPS, "applications.carried_forward", "结转下年度", "四,", "继续办理", VF_PAREN),

  /* 表三 group labels */
  GRP(G_RESULTS, "本年度办理结果", "三,"),
  GRP(G_WITHHELD, "不予公开", "(三)"),
  GRP(G_UNAVAIL, "无法提供", "(四)"),
  GRP(G_NOTPROC, "不予处理", "(五)"),

  /* 表二 captions and header words; the edition markers of §9 */
  HDR(T_ACTIVE, 0, 0, "第二十条第(一)项", NULL, NULL),
  HDR(T_ACTIVE, 0, 0, "第二十条第(五)项", NULL, NULL),
  HDR(T_ACTIVE, 0, 0, "第二十条第(六)项", NULL, NULL),
  HDR(T_ACTIVE, 0, 0, "第二十条第(八)项", NULL, NULL),
  HDR(T_ACTIVE, GL_ED2019, 0, "第二十条第(九)项", NULL, NULL),
  HDR(T_ACTIVE, 0, 0, "第二十条", NULL, NULL),
  HDR(T_ACTIVE, 0, 0, "信息内容", NULL, NULL),
  HDR(T_ACTIVE, GL_ED2019, VF_PAREN, "本年新制作数量", NULL, NULL),
  HDR(T_ACTIVE, GL_ED2019, VF_PAREN, "本年新公开数量", NULL, NULL),
  HDR(T_ACTIVE, GL_ED2019, VF_PAREN, "对外公开总数量", NULL, NULL),
  HDR(T_ACTIVE, GL_ED2019, VF_PAREN, "上一年项目数量", NULL, NULL),
  HDR(T_ACTIVE, GL_ED2019, VF_PAREN, "本年增/减", NULL, NULL),
  HDR(T_ACTIVE, GL_ED2019, VF_PAREN, "本年增减", NULL, NULL),
  HDR(T_ACTIVE, 0, VF_PAREN, "处理决定数量", NULL, NULL),
  HDR(T_ACTIVE, GL_ED2021, VF_PAREN, "本年处理决定数量", NULL, NULL),
  HDR(T_ACTIVE, GL_ED2019, VF_PAREN, "采购项目数量", NULL, NULL),
  HDR(T_ACTIVE, GL_ED2019, VF_PAREN, "采购总金额", NULL, NULL),
  HDR(T_ACTIVE, GL_ED2021, VF_PAREN, "本年制发件数", NULL, NULL),
  HDR(T_ACTIVE, GL_ED2021, VF_PAREN, "本年废止件数", NULL, NULL),
  HDR(T_ACTIVE, GL_ED2021, VF_PAREN, "现行有效件数", NULL, NULL),
  HDR(T_ACTIVE, GL_ED2021, VF_PAREN, "本年收费金额", NULL, NULL),
  /* 表三 header words */
  HDR(T_APPS, 0, 0, "勾稽关系", "(本列数据的", "为:第一项加第二项之和,等于第三项加第四项之和)"),
  HDR(T_APPS, 0, 0, "申请人情况", NULL, NULL),
  HDR(T_APPS, 0, 0, "自然人", NULL, NULL),
  HDR(T_APPS, 0, 0, "法人或其他组织", NULL, NULL),
  HDR(T_APPS, 0, 0, "商业企业", NULL, NULL),
  HDR(T_APPS, 0, 0, "科研机构", NULL, NULL),
  HDR(T_APPS, 0, 0, "社会公益组织", NULL, NULL),
  HDR(T_APPS, 0, 0, "法律服务机构", NULL, NULL),
  HDR(T_APPS, 0, VF_WEAK, "其他", NULL, NULL),
  HDR(-1, 0, VF_WEAK, "总计", NULL, NULL),
  /* 表四 header words */
  HDR(T_APPEALS, 0, 0, "行政复议", NULL, NULL),
  HDR(T_APPEALS, 0, 0, "行政诉讼", NULL, NULL),
  HDR(T_APPEALS, 0, 0, "未经复议直接起诉", NULL, NULL),
  HDR(T_APPEALS, 0, 0, "复议后起诉", NULL, NULL),
  HDR(T_APPEALS, 0, 0, "结果维持", NULL, NULL),
  HDR(T_APPEALS, 0, 0, "结果纠正", NULL, NULL),
  HDR(T_APPEALS, 0, 0, "其他结果", NULL, NULL),
  HDR(T_APPEALS, 0, 0, "尚未审结", NULL, NULL),
};

#define NVOCAB ((int)(sizeof VOCAB / sizeof VOCAB[0]))
#define NBUCKET 4096

/* The bucket of an anchor, by its first three bytes: one CJK character, so
 * that few anchors share a bucket.  Every anchor is longer than that. */
static unsigned bkey(const char *s) {
  const unsigned char *u = (const unsigned char *)s;
  return (((unsigned)u[0] * 131u + u[1]) * 131u + u[2]) & (NBUCKET - 1);
}

static const char *const TABLE_KEYS[3] = {"active", "applications", "appeals"};

/* ---- the item stream ------------------------------------------------------ */

enum { IK_MATCH = 1, IK_VALUE, IK_EMPTY, IK_TEXT, IK_TEXTCELL, IK_ROWEND, IK_BLANK };
enum { VK_NUM = 1, VK_PH };
enum {
  F_STRONG = 1,     /* match at the start of its segment or right after a match/value */
  F_WEAK = 2,       /* match after a few characters of other text */
  F_STRUCT = 4,     /* from a table cell (L1, pipe, L3, tab row, ROW) */
  F_ROWLINE = 8,    /* from a one-line table row (pipe, tab, ROW): its values end with the row */
  F_SOFT = 16,      /* empty cell that may be layout noise (pipe remnants, bare "|") */
  F_CHAIN = 32,     /* part of a run of table text inside a plain line */
  F_HEADOK = 64,    /* a heading in a place a heading can be */
  F_HEADING = 128,  /* an accepted section heading */
  F_DIGITS = 256    /* a bare digit run that may be several values written together */
};

/* Units after a number (all of them start with a non-ASCII byte). */
enum { U_NONE = 0, U_WANYUAN, U_YUAN, U_YIYUAN, U_QIANYUAN, U_COUNT };
#define UNIT(s, u) {s, sizeof s - 1, u}
static const struct {
  const char *s;
  size_t n; /* strlen(s) */
  int u;
} UNITS[] = {
  UNIT("万元", U_WANYUAN), UNIT("亿元", U_YIYUAN), UNIT("千元", U_QIANYUAN), UNIT("元", U_YUAN),
  UNIT("人次", U_COUNT),   UNIT("件", U_COUNT),    UNIT("个", U_COUNT),      UNIT("项", U_COUNT),
  UNIT("条", U_COUNT),     UNIT("次", U_COUNT),    UNIT("起", U_COUNT),      UNIT("人", U_COUNT),
  UNIT("家", U_COUNT),     UNIT("宗", U_COUNT),    UNIT("份", U_COUNT),      UNIT("篇", U_COUNT),
  UNIT("户", U_COUNT),     UNIT("笔", U_COUNT),
};
#undef UNIT

typedef struct {
  unsigned char kind, vk, unit;
  unsigned short flags;
  short voc;
  int line;          /* index of the doc line */
  const char *src;   /* the raw text the ranges point into */
  uint32_t a, b;     /* raw range */
  uint32_t noff, nlen; /* VK_NUM: the folded number in the arena */
} item;

typedef struct {
  const gl_doc *d;
  gl_report *r;
  item *it;
  size_t nit, capit;
  char *arena;
  size_t narena, caparena;
  char **bufs;
  size_t nbufs, capbufs;
  int head[NBUCKET];
  int next[NVOCAB];
  int rowidx[NVOCAB];
  int oom, truncated, cands_capped;
  long split_left; /* steps of digit splitting left for this document */
  int open_paren; /* the last segment ended inside a label's parenthesis */
  int edition;
  /* reading results */
  unsigned char row_done[GL_NROWS];
  char *row_fail[GL_NROWS];
  int row_fail_line[GL_NROWS];
  int found_table[3];
  char *appeals_fail;
  int appeals_fail_line;
  int headings;
  int heading_item[GL_NSECTIONS]; /* index of the accepted heading item, -1 */
  int first_heading_line;
  unsigned char *excluded; /* per doc line: not prose (signature lines) */
  unsigned short alen[NVOCAB]; /* strlen of each anchor */
  nstr segS, segF;         /* scratch of scan_segment */
  nstr tmpS, tmpF;         /* scratch of the line tests (page_footer, raw_is_values) */
  struct cand *cands;      /* scratch of scan_segment: the label matches */
  size_t capcands;
  struct pending *pend[GL_NROWS]; /* 表三 rows whose digits split several ways */
} rctx;

/* A 表三 row written as digit runs that its own row sum does not settle:
 * the candidate splits, decided later by the column relations. */
#define MAX_PENDING_SOL 64
typedef struct pending {
  int natoms, line, nsol;
  int atoms[MAX_ROWVALS];
  unsigned char fixed[MAX_ROWVALS];
  int slots[7], kinds[7];
  double sol[MAX_PENDING_SOL][7];
  unsigned char from[MAX_PENDING_SOL][7];
  char runs[256];
} pending;

static int lineno_of(const rctx *c, int line) {
  return (line >= 0 && line < c->d->n) ? c->d->lines[line].lineno : 0;
}

static item *push_item(rctx *c) {
  if (c->oom) return NULL;
  if (c->nit >= MAX_ITEMS) {
    c->truncated = 1;
    return NULL;
  }
  if (c->nit == c->capit) {
    size_t cap = c->capit ? c->capit * 2 : 1024;
    item *p = realloc(c->it, cap * sizeof *p);
    if (!p) {
      c->oom = 1;
      return NULL;
    }
    c->it = p;
    c->capit = cap;
  }
  item *t = &c->it[c->nit++];
  memset(t, 0, sizeof *t);
  t->voc = -1;
  return t;
}

static int arena_put(rctx *c, const char *s, size_t n, uint32_t *off) {
  if (c->narena + n + 1 > c->caparena) {
    size_t cap = c->caparena ? c->caparena : 4096;
    while (cap < c->narena + n + 1) cap *= 2;
    if (cap > 0xFFFFFFF0u) {
      c->oom = 1;
      return 0;
    }
    char *p = realloc(c->arena, cap);
    if (!p) {
      c->oom = 1;
      return 0;
    }
    c->arena = p;
    c->caparena = cap;
  }
  memcpy(c->arena + c->narena, s, n);
  c->arena[c->narena + n] = '\0';
  *off = (uint32_t)c->narena;
  c->narena += n + 1;
  return 1;
}

static char *keep_buf(rctx *c, char *b) {
  if (!b) {
    c->oom = 1;
    return NULL;
  }
  if (c->nbufs == c->capbufs) {
    size_t cap = c->capbufs ? c->capbufs * 2 : 16;
    char **p = realloc(c->bufs, cap * sizeof *p);
    if (!p) {
      free(b);
      c->oom = 1;
      return NULL;
    }
    c->bufs = p;
    c->capbufs = cap;
  }
  c->bufs[c->nbufs++] = b;
  return b;
}

/* ---- values ---------------------------------------------------------------- */

static int is_digit(char ch) { return ch >= '0' && ch <= '9'; }

/* Length of a placeholder ("—", "-", "/", "无", "——", "－－" ...) at s, 0 if none. */
static size_t placeholder_len(const char *s, size_t n) {
  size_t i = 0;
  int k = 0;
  while (i < n && k < 8) {
    size_t len;
    unsigned cp = u8dec((const unsigned char *)s + i, n - i, &len);
    if (cp == '-' && i + 1 < n && is_digit(s[i + 1])) break; /* a sign */
    if (cp == '-' || cp == '/' || cp == '\\' || cp == 0x2014 || cp == 0x2013 || cp == 0x2015 ||
        cp == 0x2500 || cp == 0x2012 || cp == 0x2E3A || cp == 0x2E3B || cp == 0x00D7) {
      i += len;
      k++;
      continue;
    }
    if (cp == 0x65E0 && k == 0) { /* 无 */
      i += len;
      k++;
      break;
    }
    break;
  }
  return i;
}

/* Parses one number at s: [+-]digits[,ddd]*[.digits][unit].  Returns its
 * length (0 if none); *plain is set when it is a bare digit run. */
static size_t number_len(const char *s, size_t n, int *unit, int *plain, int *sign) {
  size_t i = 0;
  *unit = U_NONE;
  *plain = 1;
  *sign = 0;
  if (i < n && (s[i] == '+' || s[i] == '-') && i + 1 < n && is_digit(s[i + 1])) {
    *sign = 1;
    *plain = 0;
    i++;
  }
  if (i >= n || !is_digit(s[i])) return 0;
  size_t start = i;
  while (i < n && is_digit(s[i])) i++;
  /* thousands separators: ",ddd" groups, only after 1-3 leading digits */
  if (i - start <= 3)
    while (i + 4 <= n && s[i] == ',' && is_digit(s[i + 1]) && is_digit(s[i + 2]) &&
           is_digit(s[i + 3]) && (i + 4 == n || !is_digit(s[i + 4]))) {
      i += 4;
      *plain = 0;
    }
  if (i + 1 < n && s[i] == '.' && is_digit(s[i + 1])) {
    i++;
    while (i < n && is_digit(s[i])) i++;
    *plain = 0;
  }
  if (i >= n || (unsigned char)s[i] < 0x80) return i; /* no unit can follow */
  for (size_t u = 0; u < sizeof UNITS / sizeof UNITS[0]; u++) {
    size_t ul = UNITS[u].n;
    if (i + ul <= n && memcmp(s + i, UNITS[u].s, ul) == 0) {
      *unit = UNITS[u].u;
      *plain = 0;
      i += ul;
      break;
    }
  }
  return i;
}

/* Whether folded text s[0..n) (may contain spaces) is nothing but values;
 * when emit is set, pushes them as items. */
static int parse_values(rctx *c, const nstr *S, size_t p, size_t q, const char *src, int line,
                        unsigned short flags, int emit) {
  size_t i = p;
  while (i < q) {
    if (S->s[i] == ' ') {
      i++;
      continue;
    }
    size_t e = i;
    while (e < q && S->s[e] != ' ') e++;
    /* the token S[i..e) is one or more values written together */
    size_t k = i;
    while (k < e) {
      int unit, plain, sign;
      size_t l = number_len(S->s + k, e - k, &unit, &plain, &sign);
      int vk = VK_NUM;
      if (l == 0) {
        l = placeholder_len(S->s + k, e - k);
        vk = VK_PH;
        if (l == 0) return 0;
        /* in running text "无" is a value only when it stands alone */
        if (!(flags & F_STRUCT) && l == 3 && memcmp(S->s + k, "\xE6\x97\xA0", 3) == 0 &&
            (k != i || e != k + l || (i > 0 && S->s[i - 1] != ' ') || (e < S->n && S->s[e] != ' ')))
          return 0;
      }
      if (emit) {
        item *t = push_item(c);
        if (!t) return 1;
        t->kind = IK_VALUE;
        t->vk = (unsigned char)vk;
        t->unit = (unsigned char)unit;
        t->flags = flags;
        if (vk == VK_NUM && plain && l > 1) t->flags |= F_DIGITS;
        t->line = line;
        t->src = src;
        t->a = S->map[k];
        t->b = S->map[k + l];
        if (vk == VK_NUM && !arena_put(c, S->s + k, l, &t->noff)) return 1;
        t->nlen = (uint32_t)l;
      }
      k += l;
    }
    i = e;
  }
  return 1;
}

/* ---- scanning segments ------------------------------------------------------ */

enum { SEG_PLAIN = 0, SEG_L1, SEG_PIPE, SEG_L3, SEG_TAB, SEG_ROW };

typedef struct cand {
  uint32_t a, b; /* in F */
  uint32_t pend; /* end including a parenthesised note, or 0 */
  int v;
  int open;      /* the note is not closed in this segment */
} cand;

static int cand_cmp(const void *x, const void *y) {
  const cand *a = x, *b = y;
  if (a->a != b->a) return a->a < b->a ? -1 : 1;
  uint32_t la = a->b - a->a, lb = b->b - b->a;
  if (la != lb) return la > lb ? -1 : 1;
  return a->v - b->v;
}

static int eq_pre(unsigned h, unsigned p) {
  if (h == p) return 1;
  return (p == '.' || p == ',') && (h == '.' || h == ',');
}

static int is_conj(unsigned cp) {
  return cp == ',' || cp == 0x548C /* 和 */ || cp == 0x53CA /* 及 */ || cp == 0x4E0E /* 与 */;
}

/* Consumes as much of PRE as matches backwards before F[a]; returns the new start. */
static uint32_t extend_pre(const nstr *F, uint32_t a, const char *pre) {
  if (!pre) return a;
  size_t hp = a, pp = strlen(pre);
  while (hp > 0 && pp > 0) {
    size_t hs = u8prev(F->s, hp), ps = u8prev(pre, pp), l1, l2;
    unsigned hc = u8dec((const unsigned char *)F->s + hs, hp - hs, &l1);
    unsigned pc = u8dec((const unsigned char *)pre + ps, pp - ps, &l2);
    if (!eq_pre(hc, pc)) break;
    hp = hs;
    pp = ps;
  }
  return (uint32_t)hp;
}

/* Consumes as much of POST as matches after F[b] (commas optional,
 * 和/及/与/, alike); returns the new end. */
static uint32_t extend_post(const nstr *F, uint32_t b, const char *post) {
  if (!post) return b;
  size_t hp = b, pp = 0, pn = strlen(post), best = b;
  int typo = 0;
  while (hp < F->n && pp < pn) {
    size_t l1, l2;
    unsigned hc = u8dec((const unsigned char *)F->s + hp, F->n - hp, &l1);
    unsigned pc = u8dec((const unsigned char *)post + pp, pn - pp, &l2);
    if (hc == pc || (is_conj(hc) && is_conj(pc))) {
      hp += l1;
      pp += l2;
      best = hp;
    } else if (pc == ',') {
      pp += l2;
    } else if (!typo && pp > 0 && hp + l1 + 6 <= F->n && pn - pp >= 6 &&
               memcmp(F->s + hp + l1, post + pp, 6) == 0) {
      hp += l1; /* one stray character ("行政法复议"), then two that match */
      typo = 1;
    } else {
      break;
    }
  }
  return (uint32_t)best;
}

static int is_cn_numeral(unsigned cp) {
  static const unsigned N[] = {0x4E00, 0x4E8C, 0x4E09, 0x56DB, 0x4E94,
                               0x516D, 0x4E03, 0x516B, 0x4E5D, 0x5341};
  for (int i = 0; i < 10; i++)
    if (cp == N[i]) return 1;
  return 0;
}

/* Sentence-ending punctuation (folded) that a heading may follow. */
static int heading_may_follow(unsigned cp) {
  return cp == 0x3002 || cp == ';' || cp == '!' || cp == '?' || cp == ':' || cp == ')' ||
         cp == '"' || cp == '#' || cp == '|' || cp == '*' || cp == 0x3011 || cp == '>' ||
         (cp >= '0' && cp <= '9') || cp == 0x2014;
}

static int is_punct_cp(unsigned cp) {
  return cp == 0x3002 || cp == ',' || cp == ';' || cp == ':' || cp == '!' || cp == '?' ||
         cp == 0x300A || cp == 0x300B;
}

static size_t count_cps(const char *s, size_t n) {
  size_t k = 0;
  for (size_t i = 0; i < n; i++)
    if (((unsigned char)s[i] & 0xC0) != 0x80) k++;
  return k;
}

/* count_cps, but it stops counting past limit: min(count_cps, limit + 1),
 * for the tests "at most limit characters" on text that may be long. */
static size_t count_cps_upto(const char *s, size_t n, size_t limit) {
  size_t k = 0;
  for (size_t i = 0; i < n; i++)
    if (((unsigned char)s[i] & 0xC0) != 0x80 && ++k > limit) break;
  return k;
}

/* Whether S[p..q) is only markdown decoration ("#", "*", ">"). */
static int only_decoration(const nstr *S, size_t p, size_t q) {
  for (size_t i = p; i < q; i++)
    if (S->s[i] != '#' && S->s[i] != '*' && S->s[i] != '>' && S->s[i] != ' ') return 0;
  return 1;
}

static int glue_text(const item *t);

/* Scans one segment (a cell or a plain line) and appends its items. */
static void scan_segment(rctx *c, const char *src, size_t rn, int line, int segkind, int soft) {
  if (c->oom || c->truncated) return;
  /* the document's scratch strings, handed back (buffers kept) on return */
  nstr S = c->segS, F = c->segF;
  if (!nstr_fold(src, rn, &S) || !nstr_squeeze(&S, &F)) {
    c->segS = S;
    c->segF = F;
    c->oom = 1;
    return;
  }
  unsigned short sflags = 0;
  if (segkind != SEG_PLAIN) sflags |= F_STRUCT;
  if (segkind == SEG_PIPE || segkind == SEG_TAB || segkind == SEG_ROW) sflags |= F_ROWLINE;
  size_t first_item = c->nit;

  if (S.n == 0) {
    if (segkind != SEG_PLAIN) {
      item *t = push_item(c);
      if (t) {
        t->kind = IK_EMPTY;
        t->flags = sflags | (soft ? F_SOFT : 0);
        t->line = line;
        t->src = src;
        t->a = 0;
        t->b = (uint32_t)(rn > MAX_SEGMENT ? MAX_SEGMENT : rn);
      }
    }
    c->segS = S;
    c->segF = F;
    return;
  }

  /* the rest of a label's parenthesis from the previous line */
  uint32_t skip = 0;
  if (c->open_paren) {
    for (uint32_t i = 0; i < F.n && i < 160; i++)
      if (F.s[i] == ')') {
        skip = i + 1;
        break;
      }
    c->open_paren = 0;
  }

  /* 1. candidates */
  /* (the array is kept for the next segment; its capacity is always 64 * 2^k,
   * so the MAX_CANDS cap below takes effect at the same count as with a new
   * array) */
  cand *cs = c->cands;
  size_t nc = 0, capc = c->capcands;
  for (size_t j = 0; j + 2 < F.n; j++) {
    if (((unsigned char)F.s[j] & 0xC0) == 0x80) continue;
    for (int v = c->head[bkey(F.s + j)]; v >= 0; v = c->next[v]) {
      const vocab *vb = &VOCAB[v];
      size_t al = c->alen[v];
      /* the bucket is shared: the first three bytes first, inline */
      if (al > F.n - j || F.s[j] != vb->anchor[0] || F.s[j + 1] != vb->anchor[1] ||
          F.s[j + 2] != vb->anchor[2] || memcmp(F.s + j + 3, vb->anchor + 3, al - 3) != 0)
        continue;
      cand k = {(uint32_t)j, (uint32_t)(j + al), 0, v, 0};
      if (vb->flags & VF_NUMBERED) {
        /* a numeral and 、 (or .) right before */
        if (j < 2) continue;
        size_t p1 = u8prev(F.s, j), l;
        unsigned c1 = u8dec((const unsigned char *)F.s + p1, j - p1, &l);
        if ((c1 != ',' && c1 != '.') || p1 == 0) continue;
        size_t p0 = u8prev(F.s, p1);
        unsigned c0 = u8dec((const unsigned char *)F.s + p0, p1 - p0, &l);
        if (!is_cn_numeral(c0)) continue;
        k.a = (uint32_t)p0;
      } else {
        k.a = extend_pre(&F, k.a, vb->pre);
      }
      uint32_t e1 = extend_post(&F, k.b, vb->post), e2 = extend_post(&F, k.b, vb->post2);
      if ((vb->flags & VF_NEEDPOST) && (e1 > e2 ? e1 : e2) - k.b < 18) continue;
      k.b = e1 > e2 ? e1 : e2;
      if (vb->pre && vb->pre[0] == '(' && F.s[k.a] == '(' && k.b == F.n && F.s[k.b - 1] != ')') {
        /* "(本列数据的勾稽关系为：第一项加" — the note goes on on the next line */
        k.pend = k.b;
        k.open = 1;
      } else if (vb->flags & VF_PAREN && k.b < F.n && F.s[k.b] == '(') {
        size_t lim = F.n - k.b > 240 ? k.b + 240 : F.n;
        for (size_t x = k.b + 1; x < lim; x++)
          if (F.s[x] == ')') {
            k.pend = (uint32_t)(x + 1);
            break;
          }
        if (!k.pend && F.n - k.b <= 240) {
          k.pend = (uint32_t)F.n;
          k.open = 1;
        }
      }
      if (k.a < skip) continue;
      if (nc == capc) {
        if (nc >= MAX_CANDS) {
          c->cands_capped = 1;
          break;
        }
        size_t cap = capc ? capc * 2 : 64;
        cand *p = realloc(cs, cap * sizeof *p);
        if (!p) {
          c->oom = 1;
          break;
        }
        cs = c->cands = p;
        capc = c->capcands = cap;
      }
      cs[nc++] = k;
    }
    if (c->oom || nc >= MAX_CANDS) break;
  }
  if (c->oom) {
    c->segS = S;
    c->segF = F;
    return;
  }

  /* 2. non-overlapping matches, longer ones preferred */
  if (nc > 1) qsort(cs, nc, sizeof *cs, cand_cmp);
  size_t nk = 0;
  for (size_t i = 0; i < nc; i++) {
    cand k = cs[i];
    if (nk == 0 || k.a >= cs[nk - 1].b) {
      cs[nk++] = k;
      continue;
    }
    cand *last = &cs[nk - 1];
    int weak = (VOCAB[k.v].flags & VF_WEAK) != 0;
    if (!weak && k.b - k.a > last->b - last->a && (nk < 2 || k.a >= cs[nk - 2].b)) *last = k;
  }
  /* parenthesised notes after labels, unless another match starts inside */
  int seg_open = 0;
  for (size_t i = 0; i < nk; i++) {
    if (!cs[i].pend) continue;
    if (i + 1 < nk && cs[i + 1].a == cs[i].b) continue; /* "(七)总计" right after */
    cs[i].b = cs[i].pend;
    /* matches inside the note are part of it */
    size_t j = i + 1;
    while (j < nk && cs[j].a < cs[i].b) j++;
    if (j > i + 1) {
      memmove(cs + i + 1, cs + j, (nk - j) * sizeof *cs);
      nk -= j - i - 1;
    }
    if (cs[i].open && i + 1 == nk) seg_open = 1;
  }

  /* 3. items */
  size_t pos = skip ? F.map[skip - 1] + 1 : 0; /* in S */
  if (pos > S.n) pos = S.n;
  int prev = 0;          /* 0 nothing yet, 1 match/value, 2 text */
  size_t prev_text = 0;  /* characters of that text */
  unsigned prev_last = 0; /* last character of that text */
  for (size_t i = 0; i <= nk && !c->oom && !c->truncated; i++) {
    size_t ms = i < nk ? F.map[cs[i].a] : S.n;
    size_t me = i < nk ? (size_t)F.map[cs[i].b - 1] + 1 : S.n;
    /* the gap S[pos..ms) */
    size_t p = pos, q = ms;
    while (p < q && S.s[p] == ' ') p++;
    while (q > p && S.s[q - 1] == ' ') q--;
    if (p < q && !(prev == 0 && only_decoration(&S, p, q))) {
      size_t vq = q;
      if (!parse_values(c, &S, p, q, src, line, sflags, 0)) {
        /* values, then a numbered heading the vocabulary does not know */
        vq = p;
        for (size_t x = p; x < q; x++) {
          if (S.s[x] != ' ') continue;
          size_t l;
          unsigned c0 = u8dec((const unsigned char *)S.s + x + 1, q - x - 1, &l);
          if (is_cn_numeral(c0) && x + 1 + l < q && (S.s[x + 1 + l] == ',' || S.s[x + 1 + l] == '.')) {
            if (parse_values(c, &S, p, x, src, line, sflags, 0)) vq = x;
            break;
          }
        }
      }
      if (vq > p) {
        parse_values(c, &S, p, vq, src, line, sflags, 1);
        prev = 1;
        p = vq;
        while (p < q && S.s[p] == ' ') p++;
      }
      if (p < q) {
        item *t = push_item(c);
        if (!t) break;
        int cell = segkind != SEG_PLAIN && nk == 0;
        t->kind = cell ? IK_TEXTCELL : IK_TEXT;
        t->flags = sflags;
        t->line = line;
        t->src = src;
        t->a = S.map[p];
        t->b = S.map[q];
        prev = 2;
        prev_text = count_cps_upto(S.s + p, q - p, 4); /* only compared with 4 */
        size_t lp = u8prev(S.s, q), l;
        prev_last = u8dec((const unsigned char *)S.s + lp, q - lp, &l);
      }
    }
    if (i == nk) break;
    item *t = push_item(c);
    if (!t) break;
    t->kind = IK_MATCH;
    t->voc = (short)cs[i].v;
    t->flags = sflags;
    t->line = line;
    t->src = src;
    t->a = S.map[ms];
    t->b = S.map[me];
    if (prev != 2) {
      t->flags |= F_STRONG | F_HEADOK;
    } else {
      int punct = 0;
      /* look at the text right before the match */
      if (prev_text <= 4) {
        punct = 0;
        size_t gp = ms;
        while (gp > pos && S.s[gp - 1] == ' ') gp--;
        for (size_t x = pos; x < gp; x++) {
          size_t l;
          if (((unsigned char)S.s[x] & 0xC0) == 0x80) continue;
          if (is_punct_cp(u8dec((const unsigned char *)S.s + x, gp - x, &l))) punct = 1;
        }
        if (!punct) t->flags |= F_WEAK;
      }
      if (heading_may_follow(prev_last) || (ms > 0 && S.s[ms - 1] == ' '))
        t->flags |= F_HEADOK;
    }
    prev = 1;
    pos = me;
  }
  c->open_paren = seg_open;

  /* 4. in plain lines: runs of table text are not prose */
  if (segkind == SEG_PLAIN && !c->oom) {
    size_t i = first_item, n = c->nit;
    int any_text = 0;
    for (size_t x = first_item; x < n; x++)
      any_text |= c->it[x].kind == IK_TEXT && !glue_text(&c->it[x]);
#define BREAKS_CHAIN(t) \
  (((t)->kind == IK_TEXT && !glue_text(t)) || ((t)->kind == IK_MATCH && VOCAB[(t)->voc].kind == V_HEADING))
    while (i < n) {
      if (BREAKS_CHAIN(&c->it[i])) {
        i++;
        continue;
      }
      size_t j = i;
      while (j < n && !BREAKS_CHAIN(&c->it[j])) j++;
#undef BREAKS_CHAIN
      int strong = 0;
      for (size_t x = i; x < j; x++)
        strong |= c->it[x].kind == IK_MATCH && !(VOCAB[c->it[x].voc].flags & VF_WEAK);
      if ((j - i >= 2 && strong) || !any_text)
        for (size_t x = i; x < j; x++) c->it[x].flags |= F_CHAIN;
      i = j;
    }
  }
  c->segS = S;
  c->segF = F;
}

static void push_marker(rctx *c, int kind, int line) {
  item *t = push_item(c);
  if (!t) return;
  t->kind = (unsigned char)kind;
  t->line = line;
  t->src = "";
}

/* ---- lines -> segments ------------------------------------------------------ */

static int ws_only(const char *s, size_t n) {
  for (size_t i = 0; i < n;) {
    size_t len;
    unsigned cp = u8dec((const unsigned char *)s + i, n - i, &len);
    if (!is_space_cp(cp)) return 0;
    i += len;
  }
  return 1;
}

/* A Word-exported paragraph that starts with a tab, not a table cell. */
static int sentence_like(const char *s, size_t n) {
  size_t cps = count_cps_upto(s, n, 60);
  if (cps >= 60) return 1;
  return cps >= 15 && find_in(s, n, "\xE3\x80\x82") != NULL; /* 。 */
}

/* Page footers and numbers: "— 4 —", "- 4 -", "第 4 页", "4/12". */
static int page_footer(rctx *c, const char *s, size_t n) {
  if (n > 64) return 0;
  nstr *S = &c->tmpS, *F = &c->tmpF;
  if (!nstr_fold(s, n, S) || !nstr_squeeze(S, F) || F->n == 0) return 0;
  size_t i = 0, d = 0, dash = 0;
  while (i < F->n) {
    size_t len;
    unsigned cp = u8dec((const unsigned char *)F->s + i, F->n - i, &len);
    if (cp >= '0' && cp <= '9') d++;
    else if (cp == '-' || cp == 0x2014 || cp == 0x2013 || cp == '/') dash++;
    else if (cp != 0x7B2C /* 第 */ && cp != 0x9875 /* 页 */ && cp != 0x5171 /* 共 */) {
      d = 0;
      break;
    }
    i += len;
  }
  return d > 0 && d <= 4 && (dash > 0 || find_in(F->s, F->n, "\xE9\xA1\xB5"));
}

static int is_md_separator(const char *s, size_t n) {
  int dash = 0, pipe = 0;
  for (size_t i = 0; i < n; i++) {
    if (s[i] == '-') dash = 1;
    else if (s[i] == '|') pipe = 1;
    else if (s[i] != ':' && s[i] != ' ' && s[i] != '\t') return 0;
  }
  return dash && pipe;
}

/* Whether line li can continue an L1 cell (a label broken over lines). */
static int l1_continuation(const gl_doc *d, int li) {
  if (li >= d->n || d->lines[li].kind != GL_LINE_TEXT) return 0;
  const char *t = d->lines[li].text;
  size_t n = strlen(t);
  if (n == 0 || n > 48 || t[0] == '\t' || ws_only(t, n) || strchr(t, '|')) return 0;
  if (find_in(t, n, "\xE3\x80\x82")) return 0; /* 。 */
  /* not a section heading ("五、…") */
  size_t len;
  unsigned cp = u8dec((const unsigned char *)t, n, &len);
  if (is_cn_numeral(cp) && len < n) {
    unsigned c2 = u8dec((const unsigned char *)t + len, n - len, &len);
    if (c2 == 0x3001 || c2 == '.' || c2 == 0xFF0E) return 0;
  }
  return 1;
}

/* Whether raw text is a run of values (then it never continues a label). */
static int raw_is_values(rctx *c, const char *s, size_t n) {
  nstr *S = &c->tmpS;
  if (!nstr_fold(s, n, S)) {
    c->oom = 1;
    return 0;
  }
  return S->n > 0 && parse_values(c, S, 0, S->n, s, 0, 0, 0);
}

static void scan_lines(rctx *c) {
  const gl_doc *d = c->d;
  for (int li = 0; li < d->n && !c->oom && !c->truncated; li++) {
    const gl_doc_line *L = &d->lines[li];
    if (L->kind == GL_LINE_ROW) {
      for (int k = 0; k < L->ncells; k++) {
        const char *t = L->cells[k].text ? L->cells[k].text : "";
        scan_segment(c, t, strlen(t), li, SEG_ROW, 0);
      }
      push_marker(c, IK_ROWEND, li);
      continue;
    }
    const char *t = L->text ? L->text : "";
    size_t n = strlen(t);
    if (t[0] != '\t' && ws_only(t, n)) {
      push_marker(c, IK_BLANK, li);
      continue;
    }
    if (t[0] == '\t' && !sentence_like(t, n)) {
      /* L1: cells after tabs; whitespace-only pieces next to a value are padding */
      size_t starts[64], ends[64];
      unsigned char blank[64]; /* the piece is only whitespace */
      int np = 0, nonws = 0;
      size_t i = 0;
      while (i < n && np < 64) {
        while (i < n && t[i] == '\t') i++;
        if (i >= n) break;
        size_t e = i;
        while (e < n && t[e] != '\t') e++;
        starts[np] = i;
        ends[np] = e;
        blank[np] = (unsigned char)ws_only(t + i, e - i);
        nonws += !blank[np];
        np++;
        i = e;
      }
      if (np == 0) continue; /* only tabs: cells swallowed by a merged label */
      if (nonws == 0) {
        scan_segment(c, t, n, li, SEG_L1, 0); /* a blank cell */
        continue;
      }
      int last_piece = np - 1; /* the last piece that is not blank */
      while (blank[last_piece]) last_piece--;
      for (int p = 0; p < np; p++) {
        if (blank[p]) continue;
        int last = p == last_piece;
        const char *src = t + starts[p];
        size_t sl = ends[p] - starts[p];
        if (last && l1_continuation(d, li + 1) && !raw_is_values(c, src, sl)) {
          /* a label broken over lines: join the lines that follow */
          size_t total = sl;
          int m = li + 1;
          while (m < d->n && m <= li + 3 && l1_continuation(d, m)) total += strlen(d->lines[m++].text);
          char *b = keep_buf(c, malloc(total + 1));
          if (!b) return;
          memcpy(b, src, sl);
          size_t o = sl;
          for (int x = li + 1; x < m; x++) {
            size_t xl = strlen(d->lines[x].text);
            memcpy(b + o, d->lines[x].text, xl);
            o += xl;
          }
          b[o] = '\0';
          scan_segment(c, b, o, li, SEG_L1, 0);
          li = m - 1;
          break;
        }
        scan_segment(c, src, sl, li, SEG_L1, 0);
      }
      continue;
    }
    if (is_md_separator(t, n)) continue;
    size_t pipes = 0;
    for (size_t i = 0; i < n; i++) pipes += t[i] == '|';
    size_t lead = 0;
    while (lead < n && (t[lead] == ' ' || t[lead] == '\t')) lead++;
    size_t tail = n;
    while (tail > lead && (t[tail - 1] == ' ' || t[tail - 1] == '\t' || t[tail - 1] == '\r')) tail--;
    if (pipes == 1 && tail > 0 && t[tail - 1] == '|') {
      /* L3: "value |", or a bare "|" */
      scan_segment(c, t, tail - 1, li, SEG_L3, 1);
      continue;
    }
    if (pipes >= 2 || (pipes == 1 && t[lead] == '|')) {
      /* L2: a pipe row; runs of pipes are colspan remnants */
      size_t i = lead;
      if (i < n && t[i] == '|') i++;
      while (i < n) {
        size_t e = i;
        while (e < n && t[e] != '|') e++;
        if (e == n && ws_only(t + i, e - i)) break; /* after the last pipe */
        scan_segment(c, t + i, e - i, li, SEG_PIPE, 1);
        i = e + 1;
      }
      push_marker(c, IK_ROWEND, li);
      continue;
    }
    if (t[0] != '\t' && memchr(t, '\t', n)) {
      /* a tab-separated row */
      size_t i = 0;
      while (i <= n) {
        size_t e = i;
        while (e < n && t[e] != '\t') e++;
        if (!(e == n && ws_only(t + i, e - i) && i > 0)) scan_segment(c, t + i, e - i, li, SEG_TAB, 0);
        i = e + 1;
      }
      push_marker(c, IK_ROWEND, li);
      continue;
    }
    if (page_footer(c, t, n)) continue;
    scan_segment(c, t, n, li, SEG_PLAIN, 0);
  }
}

/* ---- raw text helpers ----------------------------------------------------- */

/* s[0..n) trimmed of whitespace (malloc'd). */
static char *trim_dup(const char *s, size_t n) {
  size_t i = 0;
  while (i < n) {
    size_t len;
    unsigned cp = u8dec((const unsigned char *)s + i, n - i, &len);
    if (!is_space_cp(cp)) break;
    i += len;
  }
  size_t e = n;
  while (e > i) {
    size_t p = u8prev(s, e), len;
    unsigned cp = u8dec((const unsigned char *)s + p, e - p, &len);
    if (!is_space_cp(cp)) break;
    e = p;
  }
  return gl_strndup(s + i, e - i);
}

/* The raw text of an item, trimmed of whitespace (malloc'd). */
static char *item_text(const item *t) {
  return trim_dup(t->src + t->a, t->b > t->a ? t->b - t->a : 0);
}

/* Whether raw text is written as a plain number ("12", "-3", "4.5"). */
static int plain_number_text(const char *s) {
  size_t i = 0;
  if (s[0] == '-') i = 1;
  if (!is_digit(s[i])) return 0;
  for (; s[i]; i++)
    if (!is_digit(s[i]) && s[i] != '.') return 0;
  return 1;
}

/* ---- cells ------------------------------------------------------------------ */

/* The number of a VK_NUM item in the column's unit. */
static double item_number(const rctx *c, const item *t, int kind) {
  const char *s = c->arena + t->noff;
  size_t n = t->nlen, i = 0;
  int neg = 0;
  if (i < n && (s[i] == '+' || s[i] == '-')) neg = s[i++] == '-';
  char digits[80];
  size_t nd = 0, point = (size_t)-1;
  for (; i < n && nd < sizeof digits - 1; i++) {
    if (is_digit(s[i])) digits[nd++] = s[i];
    else if (s[i] == '.' && point == (size_t)-1) point = nd;
    else if (s[i] != ',') break;
  }
  if (point == (size_t)-1) point = nd;
  int shift = 0;
  if (kind == GL_KIND_MONEY) {
    if (t->unit == U_YUAN) shift = 4;
    else if (t->unit == U_QIANYUAN) shift = 1;
    else if (t->unit == U_YIYUAN) shift = -4;
  }
  /* move the decimal point in the string, so 184719元 is exactly 18.4719 */
  long p = (long)point - shift;
  if (p > 0 && (size_t)p >= nd && p <= 15) {
    /* an integer of at most 15 digits: exact in a double, as strtod gives it */
    double v = 0;
    for (long k = 0; k < p; k++) v = v * 10 + ((size_t)k < nd ? digits[k] - '0' : 0);
    return neg ? -v : v;
  }
  char buf[200];
  size_t o = 0;
  if (neg) buf[o++] = '-';
  if (p <= 0) {
    buf[o++] = '0';
    buf[o++] = '.';
    for (long z = 0; z < -p && o < 120; z++) buf[o++] = '0';
    for (size_t k = 0; k < nd && o < 190; k++) buf[o++] = digits[k];
  } else {
    for (long k = 0; k < p && o < 190; k++) buf[o++] = (size_t)k < nd ? digits[k] : '0';
    if ((size_t)p < nd) {
      buf[o++] = '.';
      for (size_t k = (size_t)p; k < nd && o < 198; k++) buf[o++] = digits[k];
    }
  }
  buf[o] = '\0';
  return strtod(buf, NULL);
}

static void set_cell_from_item(rctx *c, int slot, const item *t, int kind) {
  gl_cell *cl = &c->r->cells[slot];
  free(cl->text);
  cl->text = NULL;
  cl->line = lineno_of(c, t->line);
  if (t->kind == IK_EMPTY) {
    gl_cell_set_blank(cl);
    return;
  }
  char *raw = item_text(t);
  if (!raw) {
    c->oom = 1;
    return;
  }
  if (t->kind == IK_VALUE && t->vk == VK_NUM) {
    gl_cell_set_num(cl, item_number(c, t, kind));
    if (!plain_number_text(raw)) cl->text = raw;
    else free(raw);
    return;
  }
  if (!gl_cell_set_text(cl, raw, strlen(raw))) c->oom = 1;
  free(raw);
}

/* ---- reading rows ------------------------------------------------------------ */

/* Columns of schema row RI in edition ED: their indexes into row->cols. */
static int row_columns(int ri, int ed, int *cols) {
  const gl_row *R = gl_schema_row(ri);
  int n = 0;
  if (!R || !(R->editions & ed)) return 0;
  for (int k = 0; k < R->ncols && n < 8; k++)
    if (R->cols[k].editions & ed) cols[n++] = k;
  return n;
}

enum { REL_NONE = 0, REL_ROW = 1, REL_APPEALS = 2 };

typedef struct {
  const rctx *c;
  const item *atoms[MAX_ROWVALS];
  int fixed[MAX_ROWVALS];
  double fval[MAX_ROWVALS];
  int fnum[MAX_ROWVALS];
  int suffix[MAX_ROWVALS + 1]; /* most parts the atoms from i on can give */
  int digits[MAX_ROWVALS + 1]; /* digits in the splittable atoms from i on */
  int fixedn[MAX_ROWVALS + 1]; /* fixed atoms from i on */
  long budget;
  int natoms, ncols, rel;
  double vals[16];
  int isnum[16], from[16];
  double sol[16];
  int solfrom[16];
  long steps;
  int count, aborted;
  pending *all; /* when set: every solution (7 columns) is kept */
} splitter;

static int rel_partial(const splitter *s, int m) {
  if (s->rel == REL_ROW && m == 7) {
    double sum = 0;
    for (int k = 0; k < 7; k++)
      if (!s->isnum[k]) return 0;
    for (int k = 0; k < 6; k++) sum += s->vals[k];
    return sum == s->vals[6];
  }
  if (s->rel == REL_APPEALS && m % 5 == 0 && m > 0) {
    int g = m - 5;
    for (int k = g; k < m; k++)
      if (!s->isnum[k]) return 0;
    return s->vals[g] + s->vals[g + 1] + s->vals[g + 2] + s->vals[g + 3] == s->vals[g + 4];
  }
  return 1;
}

static void split_dfs(splitter *s, int ai, size_t pos, int pc) {
  int limit = s->all ? MAX_PENDING_SOL + 1 : 2;
  if (s->count >= limit || s->aborted) return;
  if (++s->steps > s->budget) {
    s->aborted = 1;
    return;
  }
  if (ai == s->natoms) {
    if (pc == s->ncols) {
      if (s->count == 0) {
        memcpy(s->sol, s->vals, sizeof s->sol);
        memcpy(s->solfrom, s->from, sizeof s->solfrom);
      }
      if (s->all && s->count < MAX_PENDING_SOL && s->ncols == 7) {
        for (int k = 0; k < 7; k++) {
          s->all->sol[s->count][k] = s->vals[k];
          s->all->from[s->count][k] = (unsigned char)s->from[k];
        }
      }
      s->count++;
    }
    return;
  }
  if (pc + (s->natoms - ai) > s->ncols) return;
  const item *t = s->atoms[ai];
  if (s->fixed[ai]) {
    if (pc + s->suffix[ai] < s->ncols) return;
    s->vals[pc] = s->fval[ai];
    s->isnum[pc] = s->fnum[ai];
    s->from[pc] = ai;
    if (rel_partial(s, pc + 1)) split_dfs(s, ai + 1, 0, pc + 1);
    return;
  }
  const char *dg = s->c->arena + t->noff;
  size_t len = t->nlen;
  if (pc + (int)(len - pos) + s->suffix[ai + 1] < s->ncols) return;
  /* parts have at most 9 digits */
  if ((long)(len - pos) + s->digits[ai + 1] > 9L * (s->ncols - pc - s->fixedn[ai + 1])) return;
  for (size_t l = 1; l <= 9 && pos + l <= len; l++) {
    if (l > 1 && dg[pos] == '0') break;
    double v = 0;
    for (size_t k = 0; k < l; k++) v = v * 10 + (dg[pos + k] - '0');
    s->vals[pc] = v;
    s->isnum[pc] = 1;
    s->from[pc] = ai;
    if (!rel_partial(s, pc + 1)) continue;
    if (pos + l == len) split_dfs(s, ai + 1, 0, pc + 1);
    else split_dfs(s, ai, pos + l, pc + 1);
    if (s->count >= limit || s->aborted) return;
  }
}

/* Appends "a、b、c" of the values to buf. */
static void join_values(char *buf, size_t n, const double *v, int k) {
  size_t o = strlen(buf);
  for (int i = 0; i < k && o < n; i++) {
    /* an integer of at most 15 digits (not -0) prints the same with %lld as
     * with %.15g, and much faster */
    int whole = v[i] > -1e15 && v[i] < 1e15 && v[i] == (double)(long long)v[i] &&
                (v[i] != 0 || !signbit(v[i]));
    int w = whole ? snprintf(buf + o, n - o, "%s%lld", i ? "、" : "", (long long)v[i])
                  : snprintf(buf + o, n - o, "%s%.15g", i ? "、" : "", v[i]);
    if (w < 0) break;
    o += (size_t)w;
  }
}

static void record_fail(rctx *c, int ri, int line, const char *msg) {
  if (ri < 0) {
    free(c->appeals_fail);
    c->appeals_fail = gl_strdup(msg);
    c->appeals_fail_line = line;
    return;
  }
  free(c->row_fail[ri]);
  c->row_fail[ri] = gl_strdup(msg);
  c->row_fail_line[ri] = line;
}

/* Describes the row ("表三 （三）不予公开 1.属于国家秘密") or 表四. */
static void row_name(const rctx *c, int ri, char *buf, size_t n) {
  if (ri < 0) {
    snprintf(buf, n, "表四");
    return;
  }
  if (!gl_schema_describe(gl_schema_row(ri)->path, c->edition ? c->edition : GL_ED2019, buf, n))
    snprintf(buf, n, "%s", gl_schema_row(ri)->path);
}

/* The raw texts of the items, separated by spaces (empty cells as "□"). */
static void values_text(const rctx *c, const int *vals, int n, char *buf, size_t bn) {
  size_t o = 0;
  buf[0] = '\0';
  for (int i = 0; i < n && o + 1 < bn; i++) {
    const item *t = &c->it[vals[i]];
    char *raw = t->kind == IK_EMPTY ? NULL : item_text(t);
    int w = snprintf(buf + o, bn - o, "%s%s", i ? " " : "", raw ? raw : "□");
    free(raw);
    if (w < 0) break;
    o += (size_t)w;
    if (o >= bn) {
      o = bn - 1;
      buf[o] = '\0';
    }
  }
}

/* Puts the values vals (item indexes, n of them) into the cells of slots
 * (ncols of them).  ri is the schema row, or -1 for the 15 cells of 表四.
 * Returns 1 when the cells were filled. */
static int place_values(rctx *c, int ri, const int *vals, int n, const int *slots,
                        const int *kinds, int ncols, int rel) {
  int line = c->it[vals[0]].line;
  int k = 0, soft = 0, hard = 0;
  for (int i = 0; i < n; i++) {
    const item *t = &c->it[vals[i]];
    if (t->kind == IK_EMPTY) {
      if (t->flags & F_SOFT) soft++;
      else hard++;
    } else {
      k++;
    }
  }
  int pick[16], np = -1;
  /* which reading: positional, or the non-empty values only */
  int order[2] = {0, 1};
  if (hard == 0 && soft > 0) order[0] = 1, order[1] = 0;
  for (int o = 0; o < 2 && np < 0; o++) {
    if (order[o] == 0 && n == ncols) {
      for (int i = 0; i < n; i++) pick[i] = vals[i];
      np = n;
    } else if (order[o] == 1 && k == ncols && k < n) {
      np = 0;
      for (int i = 0; i < n; i++)
        if (c->it[vals[i]].kind != IK_EMPTY) pick[np++] = vals[i];
    }
  }
  if (np < 0 && n > ncols) {
    /* empty cells at the ends are colspan remnants */
    int a = 0, b = n;
    while (b - a > ncols && c->it[vals[b - 1]].kind == IK_EMPTY) b--;
    while (b - a > ncols && c->it[vals[a]].kind == IK_EMPTY) a++;
    if (b - a == ncols) {
      for (int i = a; i < b; i++) pick[i - a] = vals[i];
      np = ncols;
    }
  }
  if (np == ncols) {
    for (int i = 0; i < ncols; i++) set_cell_from_item(c, slots[i], &c->it[pick[i]], kinds[i]);
    return 1;
  }
  /* the row's name, for the messages below */
  char name[256], msg[768];
  row_name(c, ri, name, sizeof name);
  /* fewer values than columns: digits written together? */
  int runs = 0;
  for (int i = 0; i < n; i++) runs += (c->it[vals[i]].flags & F_DIGITS) != 0;
  if (k < ncols && soft + hard == 0 && runs > 0) {
    splitter *s = calloc(1, sizeof *s);
    if (!s) {
      c->oom = 1;
      return 0;
    }
    s->c = c;
    s->natoms = n;
    s->ncols = ncols;
    s->rel = rel;
    for (int i = 0; i < n; i++) {
      const item *t = &c->it[vals[i]];
      s->atoms[i] = t;
      s->fixed[i] = !(t->flags & F_DIGITS);
      s->fnum[i] = t->kind == IK_VALUE && t->vk == VK_NUM;
      s->fval[i] = s->fnum[i] ? item_number(c, t, GL_KIND_COUNT) : 0;
    }
    s->suffix[n] = s->digits[n] = s->fixedn[n] = 0;
    for (int i = n - 1; i >= 0; i--) {
      s->suffix[i] = s->suffix[i + 1] + (s->fixed[i] ? 1 : (int)s->atoms[i]->nlen);
      s->digits[i] = s->digits[i + 1] + (s->fixed[i] ? 0 : (int)s->atoms[i]->nlen);
      s->fixedn[i] = s->fixedn[i + 1] + (s->fixed[i] ? 1 : 0);
    }
    s->budget = c->split_left < SPLIT_BUDGET ? c->split_left : SPLIT_BUDGET;
    split_dfs(s, 0, 0, 0);
    c->split_left -= s->steps;
    /* the written runs, for the messages */
    char runs_txt[256];
    values_text(c, vals, n, runs_txt, sizeof runs_txt);
    const char *how = rel == REL_ROW      ? "按“前六列之和等于总计”"
                      : rel == REL_APPEALS ? "按“每组前四项之和等于总计”"
                                           : "按列数";
    if (s->count == 1 && !s->aborted) {
      for (int i = 0; i < ncols; i++) {
        const item *t = s->atoms[s->solfrom[i]];
        if (s->fixed[s->solfrom[i]]) {
          set_cell_from_item(c, slots[i], t, kinds[i]);
          continue;
        }
        gl_cell *cl = &c->r->cells[slots[i]];
        free(cl->text);
        cl->text = item_text(t);
        gl_cell_set_num(cl, s->sol[i]);
        cl->line = lineno_of(c, t->line);
      }
      snprintf(msg, sizeof msg, "%s 行：原文数字连写为“%s”，%s唯一拆分为 ", name, runs_txt, how);
      join_values(msg, sizeof msg, s->sol, ncols);
      gl_report_issue(c->r, GL_SEV_INFO, "import",
                      ri >= 0 ? gl_schema_row(ri)->path : "appeals", lineno_of(c, line),
                      "%s（推断，请核对原文）", msg);
      free(s);
      return 1;
    }
    if (s->aborted)
      snprintf(msg, sizeof msg, "%s 行：原文数字连写为“%s”，无法确定如何拆分为 %d 个数值，未读取",
               name, runs_txt, ncols);
    else if (s->count == 0)
      snprintf(msg, sizeof msg, "%s 行：原文数字连写为“%s”，没有一种拆分为 %d 个数值的方式符合表内关系，未读取",
               name, runs_txt, ncols);
    else
      snprintf(msg, sizeof msg, "%s 行：原文数字连写为“%s”，可拆分为 %d 个数值的方式不止一种，无法确定，未读取",
               name, runs_txt, ncols);
    if (rel == REL_ROW && s->count >= 2 && !s->aborted && ri >= 0 && ncols == 7) {
      /* keep the candidates: the column relations may settle them */
      pending *pd = calloc(1, sizeof *pd);
      if (pd) {
        s->all = pd;
        s->count = 0;
        s->steps = 0;
        s->budget = c->split_left < SPLIT_BUDGET ? c->split_left : SPLIT_BUDGET;
        split_dfs(s, 0, 0, 0);
        c->split_left -= s->steps;
        if (!s->aborted && s->count <= MAX_PENDING_SOL) {
          pd->nsol = s->count;
          pd->natoms = n;
          pd->line = line;
          for (int i = 0; i < n; i++) {
            pd->atoms[i] = vals[i];
            pd->fixed[i] = (unsigned char)s->fixed[i];
          }
          for (int i = 0; i < 7; i++) {
            pd->slots[i] = slots[i];
            pd->kinds[i] = kinds[i];
          }
          snprintf(pd->runs, sizeof pd->runs, "%s", runs_txt);
          free(c->pend[ri]);
          c->pend[ri] = pd;
        } else {
          free(pd);
        }
      }
    }
    record_fail(c, ri, lineno_of(c, line), msg);
    free(s);
    return 0;
  }
  char vt[256];
  values_text(c, vals, n, vt, sizeof vt);
  if (soft + hard)
    snprintf(msg, sizeof msg, "%s 行：找到 %d 个数值和 %d 个空单元格（%s），应为 %d 个", name, k,
             soft + hard, vt, ncols);
  else
    snprintf(msg, sizeof msg, "%s 行：找到 %d 个数值（%s），应为 %d 个", name, k, vt, ncols);
  record_fail(c, ri, lineno_of(c, line), msg);
  return 0;
}

/* Whether an item is only brackets or a bracketed numeral ("(", "（六）"):
 * glue inside a run of table text. */
static int glue_text(const item *t) {
  const char *s = t->src + t->a;
  size_t n = t->b > t->a ? t->b - t->a : 0, k = 0;
  for (size_t i = 0; i < n;) {
    size_t len;
    unsigned cp = fold_cp(u8dec((const unsigned char *)s + i, n - i, &len));
    i += len;
    if (is_space_cp(cp) || cp == '#' || cp == '*' || cp == '>') continue;
    if (++k > 4) return 0;
    if (!(cp == '(' || cp == ')' || cp == '[' || cp == ']' || cp == 0x3010 || cp == 0x3011 ||
          is_cn_numeral(cp)))
      return 0;
  }
  return 1;
}

/* Collects the values after item i (a label), or from item i on (表四).
 * Returns the index after them. */
static size_t collect(rctx *c, size_t i, int appeals, int *vals, int *n) {
  *n = 0;
  const item *lab = &c->it[i];
  int rowline = (lab->flags & F_ROWLINE) != 0, cells = (lab->flags & F_STRUCT) != 0;
  size_t j = appeals ? i : i + 1;
  int k = 0;
  while (j < c->nit && *n < MAX_ROWVALS) {
    const item *u = &c->it[j];
    if (u->kind == IK_VALUE || u->kind == IK_EMPTY) {
      if (appeals && k == 15) break;
      k += u->kind == IK_VALUE;
      vals[(*n)++] = (int)j++;
      continue;
    }
    if (appeals) {
      /* 表四 may come as three small tables (5 + 5 + 5) with headers between */
      if (u->kind == IK_ROWEND || u->kind == IK_BLANK) {
        j++;
        continue;
      }
      int header = (u->kind == IK_MATCH && VOCAB[u->voc].kind == V_HDR &&
                    (VOCAB[u->voc].table == T_APPEALS || (VOCAB[u->voc].flags & VF_WEAK))) ||
                   ((u->kind == IK_TEXT || u->kind == IK_TEXTCELL) &&
                    count_cps_upto(u->src + u->a, u->b - u->a, 12) <= 12);
      if (!header || k % 5 != 0 || k == 15) break;
      j++;
      continue;
    }
    if (u->kind == IK_TEXTCELL && cells && count_cps_upto(u->src + u->a, u->b - u->a, 16) <= 16) {
      vals[(*n)++] = (int)j++;
      continue;
    }
    if (u->kind == IK_ROWEND) {
      if (rowline || *n > 0) break;
      j++;
      continue;
    }
    if (u->kind == IK_BLANK) {
      if (*n > 0) break;
      j++;
      continue;
    }
    break;
  }
  /* trailing empty cells of 表四 belong to the layout */
  if (appeals)
    while (*n > 0 && c->it[vals[*n - 1]].kind == IK_EMPTY) (*n)--;
  return j;
}

static size_t read_row(rctx *c, size_t i, int ri, int table) {
  int vals[MAX_ROWVALS], n;
  const item *lab = &c->it[i];
  size_t next = collect(c, i, 0, vals, &n);
  if (n == 0) return next;
  c->found_table[table] = 1;
  if (c->row_done[ri]) return next;
  const gl_row *R = gl_schema_row(ri);
  if (!c->edition && (table == T_ACTIVE || R->editions != GL_EDBOTH)) {
    /* 表二 and （六） differ between the editions */
    char name[256], msg[512];
    row_name(c, ri, name, sizeof name);
    snprintf(msg, sizeof msg, "%s 行：未能判断格式版本（2019 版或 2021 版），不知道这一行有哪几列，未读取", name);
    record_fail(c, ri, lineno_of(c, lab->line), msg);
    return next;
  }
  int cols[8], nc = row_columns(ri, c->edition ? c->edition : GL_EDBOTH, cols);
  if (nc == 0) {
    char name[256];
    row_name(c, ri, name, sizeof name);
    gl_report_issue(c->r, GL_SEV_INFO, "import", R->path, lineno_of(c, lab->line),
                    "%s 行不属于%s版格式，未读取", name, gl_edition_name(c->edition));
    return next;
  }
  int slots[8], kinds[8];
  for (int k = 0; k < nc; k++) {
    slots[k] = ri * GL_ROW_STRIDE + cols[k];
    kinds[k] = (int)R->cols[cols[k]].kind;
  }
  if (place_values(c, ri, vals, n, slots, kinds, nc, table == T_APPS ? REL_ROW : REL_NONE)) {
    c->row_done[ri] = 1;
    free(c->row_fail[ri]);
    c->row_fail[ri] = NULL;
  }
  return next;
}

static size_t read_appeals(rctx *c, size_t i, int *done) {
  int vals[MAX_ROWVALS], n;
  size_t next = collect(c, i, 1, vals, &n);
  if (n == 0) return i + 1;
  c->found_table[T_APPEALS] = 1;
  int slots[15], kinds[15];
  int base = gl_schema_find_row("appeals.review");
  for (int k = 0; k < 15; k++) {
    slots[k] = (base + k / 5) * GL_ROW_STRIDE + k % 5;
    kinds[k] = GL_KIND_COUNT;
  }
  if (place_values(c, -1, vals, n, slots, kinds, 15, REL_APPEALS)) {
    *done = 1;
    free(c->appeals_fail);
    c->appeals_fail = NULL;
  }
  return next;
}

/* ---- edition ------------------------------------------------------------------ */

static void detect_edition(rctx *c) {
  int votes[4] = {0};
  for (size_t i = 0; i < c->nit; i++) {
    const item *t = &c->it[i];
    if (t->kind != IK_MATCH || !(t->flags & (F_STRONG | F_WEAK))) continue;
    const vocab *v = &VOCAB[t->voc];
    if (v->ed) votes[v->ed]++;
    if (v->kind == V_OH && i + 1 < c->nit &&
        (c->it[i + 1].kind == IK_VALUE || c->it[i + 1].kind == IK_EMPTY))
      votes[GL_ED2019]++;
    if (v->kind == V_OTHER3) votes[GL_ED2021]++;
    if (v->kind == V_ROW && c->rowidx[t->voc] >= 0 &&
        gl_schema_row(c->rowidx[t->voc])->editions == GL_ED2021)
      votes[GL_ED2021]++;
    if (v->kind == V_ROW && c->rowidx[t->voc] >= 0 &&
        gl_schema_row(c->rowidx[t->voc])->editions == GL_ED2019 && t->flags & F_STRONG)
      votes[GL_ED2019]++;
  }
  int e19 = votes[GL_ED2019], e21 = votes[GL_ED2021];
  if (e19 || e21) {
    c->edition = e19 > e21 ? GL_ED2019 : e21 > e19 ? GL_ED2021 : 0;
    if (e19 && e21)
      gl_report_issue(c->r, GL_SEV_WARNING, "import", "edition", 0,
                      "表格标签同时含有 2019 版（%d 处）和 2021 版（%d 处）格式的特征%s", e19, e21,
                      c->edition ? "，按多数判断" : "");
  }
  if (!c->edition && c->r->has_year && gl_edition_expected(c->r->year)) {
    c->edition = gl_edition_expected(c->r->year);
    gl_report_issue(c->r, GL_SEV_INFO, "import", "edition", 0,
                    "未能从表格标签判断格式版本，按报告年度 %lld 推定为 %s 版",
                    (long long)c->r->year, gl_edition_name(c->edition));
  }
  c->r->edition = c->edition;
  c->r->other_handling_group = c->edition == GL_ED2021;
}

/* ---- the walk over the stream ------------------------------------------------- */

static void read_tables(rctx *c) {
  int table = -1, section = -1, appeals_done = 0, last_app = -1;
  int ri_nc = gl_schema_find_row("applications.other_handling.no_correction");
  int ri_uf = gl_schema_find_row("applications.other_handling.unpaid_fee");
  for (size_t i = 0; i < c->nit && !c->oom;) {
    item *t = &c->it[i];
    if (t->kind == IK_MATCH) {
      const vocab *v = &VOCAB[t->voc];
      int anch = (t->flags & (F_STRONG | F_WEAK)) != 0;
      int ri = -1;
      switch (v->kind) {
        case V_HEADING:
          if ((t->flags & F_HEADOK) && v->arg > section) {
            section = v->arg;
            t->flags |= F_HEADING;
            c->heading_item[section] = (int)i;
            c->headings++;
            table = section == 1 ? T_ACTIVE : section == 2 ? T_APPS : section == 3 ? T_APPEALS : -1;
          }
          i++;
          continue;
        case V_HDR:
          if (anch && !(v->flags & VF_WEAK) && v->table >= 0) {
            table = v->table;
            c->found_table[table] = 1;
          }
          i++;
          continue;
        case V_GROUP:
          if (anch && (t->flags & F_STRONG || table == T_APPS)) table = T_APPS;
          i++;
          continue;
        case V_OH:
          if (c->edition == GL_ED2021) {
            if (anch) table = T_APPS;
            i++;
            continue;
          }
          ri = c->rowidx[t->voc];
          break;
        case V_OTHER3:
          if (c->edition != GL_ED2021 || (last_app != ri_nc && last_app != ri_uf)) {
            i++;
            continue;
          }
          ri = c->rowidx[t->voc];
          break;
        default:
          ri = c->rowidx[t->voc];
      }
      if (ri < 0) {
        i++;
        continue;
      }
      int tab = v->table;
      if (!((t->flags & F_STRONG) || ((t->flags & F_WEAK) && table == tab))) {
        i++;
        continue;
      }
      table = tab;
      if (tab == T_APPS) last_app = ri;
      i = read_row(c, i, ri, tab);
      continue;
    }
    if (table == T_APPEALS && !appeals_done &&
        (t->kind == IK_VALUE ||
         (t->kind == IK_EMPTY && !(t->flags & F_SOFT) && i > 0 && c->it[i - 1].kind == IK_MATCH &&
          VOCAB[c->it[i - 1].voc].kind == V_HDR))) {
      i = read_appeals(c, i, &appeals_done);
      continue;
    }
    i++;
  }
}

/* ---- rows settled by the column relations ---------------------------------------- */

/* The number in cell (ri, col); sub[ri], when set, holds candidate values. */
static int known(const rctx *c, int ri, int col, const double *const *sub, double *v) {
  if (sub[ri]) {
    *v = sub[ri][col];
    return 1;
  }
  const gl_cell *cl = &c->r->cells[ri * GL_ROW_STRIDE + col];
  if (cl->state != GL_NUMBER) return 0;
  *v = cl->is_int ? (double)cl->i : cl->d;
  return 1;
}

/* Whether the candidate values in sub agree with the column relations of 表三
 * (H1: 一+二 = （七）+四; H3: （七） = the sum of the result rows) wherever
 * every cell of a relation is known; checked[ri] is set for the rows in sub
 * that took part in a relation that could be checked. */
static int column_consistent(const rctx *c, const double *const *sub, unsigned char *checked) {
  int r_new = gl_schema_find_row("applications.new");
  int r_over = gl_schema_find_row("applications.carried_over");
  int r_tot = gl_schema_find_row("applications.total");
  int r_fwd = gl_schema_find_row("applications.carried_forward");
  int first = gl_schema_find_row("applications.granted");
  for (int col = 0; col < 7; col++) {
    double sum = 0, v, t;
    int ok = known(c, r_tot, col, sub, &t);
    for (int rr = first; rr < r_tot && ok; rr++) {
      if (!(gl_schema_row(rr)->editions & c->edition)) continue;
      if (known(c, rr, col, sub, &v)) sum += v;
      else ok = 0;
    }
    if (ok) {
      if (sum != t) return 0;
      for (int rr = first; rr <= r_tot; rr++)
        if (sub[rr]) checked[rr] = 1;
    }
    double a, b, x, y;
    if (known(c, r_new, col, sub, &a) && known(c, r_over, col, sub, &b) &&
        known(c, r_tot, col, sub, &x) && known(c, r_fwd, col, sub, &y)) {
      if (a + b != x + y) return 0;
      if (sub[r_new]) checked[r_new] = 1;
      if (sub[r_over]) checked[r_over] = 1;
      if (sub[r_tot]) checked[r_tot] = 1;
      if (sub[r_fwd]) checked[r_fwd] = 1;
    }
  }
  return 1;
}

static void settle_pending(rctx *c, int ri, int pick, int joint) {
  pending *pd = c->pend[ri];
  for (int i = 0; i < 7; i++) {
    int from = pd->from[pick][i];
    const item *t = &c->it[pd->atoms[from]];
    if (pd->fixed[from]) {
      set_cell_from_item(c, pd->slots[i], t, pd->kinds[i]);
      continue;
    }
    gl_cell *cl = &c->r->cells[pd->slots[i]];
    free(cl->text);
    cl->text = item_text(t);
    gl_cell_set_num(cl, pd->sol[pick][i]);
    cl->line = lineno_of(c, t->line);
  }
  char name[256], msg[768];
  row_name(c, ri, name, sizeof name);
  snprintf(msg, sizeof msg,
           "%s 行：原文数字连写为“%s”，按行内关系有 %d 种拆分，按本列关系（各办理结果之和等于总计，"
           "第一项加第二项等于第三项加第四项%s）唯一确定为 ",
           name, pd->runs, pd->nsol, joint ? "，与其他连写行一并核算" : "");
  join_values(msg, sizeof msg, pd->sol[pick], 7);
  gl_report_issue(c->r, GL_SEV_INFO, "import", gl_schema_row(ri)->path, lineno_of(c, pd->line),
                  "%s（推断，请核对原文）", msg);
  c->row_done[ri] = 1;
  free(c->row_fail[ri]);
  c->row_fail[ri] = NULL;
}

static void resolve_pending(rctx *c) {
  const double *sub[GL_NROWS];
  unsigned char checked[GL_NROWS];
  /* one row at a time, while that settles something */
  for (int round = 0; round < GL_NROWS; round++) {
    int progress = 0;
    for (int ri = 0; ri < GL_NROWS; ri++) {
      pending *pd = c->pend[ri];
      if (!pd || c->row_done[ri]) continue;
      int ok = 0, pick = -1;
      for (int k = 0; k < pd->nsol && ok < 2; k++) {
        memset(sub, 0, sizeof sub);
        memset(checked, 0, sizeof checked);
        sub[ri] = pd->sol[k];
        if (!column_consistent(c, sub, checked)) continue;
        if (!checked[ri]) ok = 2; /* nothing can be said about it */
        else ok++, pick = k;
      }
      if (ok != 1) continue;
      settle_pending(c, ri, pick, 0);
      progress = 1;
    }
    if (!progress) break;
  }
  /* the rows left, all together */
  int rows[GL_NROWS], nr = 0;
  long combos = 1;
  for (int ri = 0; ri < GL_NROWS; ri++)
    if (c->pend[ri] && !c->row_done[ri] && c->pend[ri]->nsol > 0) {
      rows[nr++] = ri;
      combos *= c->pend[ri]->nsol;
      if (combos > 100000) return;
    }
  if (nr < 2) return;
  int idx[GL_NROWS], found = 0, best[GL_NROWS];
  memset(idx, 0, sizeof idx);
  for (long n = 0; n < combos && found < 2; n++) {
    long x = n;
    memset(sub, 0, sizeof sub);
    memset(checked, 0, sizeof checked);
    for (int k = 0; k < nr; k++) {
      idx[k] = (int)(x % c->pend[rows[k]]->nsol);
      x /= c->pend[rows[k]]->nsol;
      sub[rows[k]] = c->pend[rows[k]]->sol[idx[k]];
    }
    if (!column_consistent(c, sub, checked)) continue;
    int all = 1;
    for (int k = 0; k < nr; k++) all &= checked[rows[k]];
    if (!all) return; /* a row no relation reaches */
    found++;
    memcpy(best, idx, sizeof idx);
  }
  if (found != 1) return;
  for (int k = 0; k < nr; k++) settle_pending(c, rows[k], best[k], 1);
}

/* ---- title, year, agency, date --------------------------------------------------- */

typedef struct {
  nstr S, F;
  const char *raw;
  size_t rn;
} folded;

static int fold_line(const char *raw, size_t rn, folded *f) {
  memset(f, 0, sizeof *f);
  if (rn > META_BYTES) rn = META_BYTES;
  f->raw = raw;
  f->rn = rn;
  if (!nstr_fold(raw, rn, &f->S)) return 0;
  if (!nstr_squeeze(&f->S, &f->F)) {
    nstr_free(&f->S);
    return 0;
  }
  return 1;
}

static void unfold(folded *f) {
  nstr_free(&f->S);
  nstr_free(&f->F);
}

/* Raw offset of F position i. */
static size_t f_raw(const folded *f, size_t i) {
  if (i >= f->F.n) return f->S.map[f->S.n];
  return f->S.map[f->F.map[i]];
}

/* A year "20xx年" (or 19xx) in F from position from; returns its position or -1. */
static long find_year(const nstr *F, size_t from, int *year) {
  for (size_t i = from; i + 7 <= F->n; i++) {
    if (!is_digit(F->s[i]) || (i > 0 && is_digit(F->s[i - 1]))) continue;
    if (!is_digit(F->s[i + 1]) || !is_digit(F->s[i + 2]) || !is_digit(F->s[i + 3])) continue;
    if (memcmp(F->s + i + 4, "\xE5\xB9\xB4", 3) != 0) continue; /* 年 */
    int y = (F->s[i] - '0') * 1000 + (F->s[i + 1] - '0') * 100 + (F->s[i + 2] - '0') * 10 +
            (F->s[i + 3] - '0');
    if (y < 1990 || y > 2099) continue;
    *year = y;
    return (long)i;
  }
  return -1;
}


/* Parses a date at F[i]: YYYY-MM-DD, YYYY/MM/DD, YYYY.MM.DD or YYYY年M月D日.
 * Writes "YYYY-MM-DD" and returns the length consumed, 0 if none. */
static size_t parse_date(const char *s, size_t n, char *out) {
  size_t i = 0;
  int y = 0, m = 0, d = 0;
  for (int k = 0; k < 4; k++, i++) {
    if (i >= n || !is_digit(s[i])) return 0;
    y = y * 10 + (s[i] - '0');
  }
  int cn = 0;
  if (i < n && (s[i] == '-' || s[i] == '/' || s[i] == '.')) {
    i++;
  } else if (i + 3 <= n && memcmp(s + i, "\xE5\xB9\xB4", 3) == 0) {
    i += 3;
    cn = 1;
  } else {
    return 0;
  }
  int k = 0;
  while (i < n && is_digit(s[i]) && k < 2) m = m * 10 + (s[i++] - '0'), k++;
  if (!k) return 0;
  if (cn) {
    if (i + 3 > n || memcmp(s + i, "\xE6\x9C\x88", 3) != 0) return 0; /* 月 */
    i += 3;
  } else {
    if (i >= n || (s[i] != '-' && s[i] != '/' && s[i] != '.')) return 0;
    i++;
  }
  k = 0;
  while (i < n && is_digit(s[i]) && k < 2) d = d * 10 + (s[i++] - '0'), k++;
  if (!k) return 0;
  if (cn) {
    if (i + 3 <= n && (memcmp(s + i, "\xE6\x97\xA5", 3) == 0 || memcmp(s + i, "\xE5\x8F\xB7", 3) == 0))
      i += 3; /* 日 号 */
    else
      return 0;
  }
  if (y < 1990 || y > 2099 || m < 1 || m > 12 || d < 1 || d > 31) return 0;
  snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
  return i;
}

/* Whether F is only a date, possibly in parentheses. */
static int date_only(const nstr *F, char *out) {
  size_t i = 0, n = F->n;
  if (n > 0 && F->s[0] == '(') i = 1;
  size_t l = parse_date(F->s + i, n - i, out);
  if (!l) return 0;
  i += l;
  if (i < n && F->s[i] == ')') i++;
  return i == n;
}

/* Whether a short line ends like the name of an agency (a signature). */
static int agency_like(const char *s, size_t n) {
  static const char *const SUFFIX[] = {"局", "委", "办", "办公室", "政府", "委员会", "中心", "院", "厅",
                                       "部", "署", "区", "县", "市", "镇", "乡", "街道", "管委会", NULL};
  for (int k = 0; SUFFIX[k]; k++) {
    size_t l = strlen(SUFFIX[k]);
    if (n >= l && memcmp(s + n - l, SUFFIX[k], l) == 0) return 1;
  }
  return 0;
}

static const char *const PUB_LABELS[] = {"发布时间:", "发布日期:", "成文日期:", "印发日期:",
                                         "时间:",     "日期:",     NULL};

static void read_meta(rctx *c) {
  const gl_doc *d = c->d;
  gl_report *r = c->r;
  int lim = d->n;
  if (c->first_heading_line >= 0 && c->first_heading_line + 1 < lim) lim = c->first_heading_line + 1;
  if (lim > META_LINES) lim = META_LINES;
  char labelled[11] = "", top[11] = "", date[11];
  int tops = 0, top_conflict = 0;
  int prev_short = -1; /* the last short non-empty line before the title */
  for (int li = 0; li < lim && !c->oom; li++) {
    const gl_doc_line *L = &d->lines[li];
    if (L->kind != GL_LINE_TEXT || !L->text) continue;
    folded f;
    if (!fold_line(L->text, strlen(L->text), &f)) {
      c->oom = 1;
      return;
    }
    const nstr *F = &f.F;
    if (F->n == 0) {
      unfold(&f);
      continue;
    }
    /* publication date */
    for (int k = 0; PUB_LABELS[k] && !labelled[0]; k++) {
      const char *p = find_in(F->s, F->n, PUB_LABELS[k]);
      if (p) {
        size_t off = (size_t)(p - F->s) + strlen(PUB_LABELS[k]);
        if (parse_date(F->s + off, F->n - off, date)) memcpy(labelled, date, 11);
      }
    }
    if (date_only(F, date)) {
      if (tops && strcmp(top, date) != 0) top_conflict = 1;
      memcpy(top, date, 11);
      tops++;
    }
    /* the title */
    if (!r->title) {
      size_t st = 0;
      while (st < F->n && (F->s[st] == '#' || F->s[st] == '*')) st++;
      if (F->n - st >= 7 && memcmp(F->s + st, "标题:", 7) == 0) st += 7;
      int year;
      long yp = find_year(F, st, &year);
      const char *rep = yp >= 0 ? find_in(F->s + yp, F->n - (size_t)yp, "报告") : NULL;
      const char *pub = yp >= 0 ? find_in(F->s + st, F->n - st, "公开") : NULL;
      char *joined = NULL;
      if (yp >= 0 && pub && !rep && li + 1 < d->n && d->lines[li + 1].kind == GL_LINE_TEXT &&
          d->lines[li + 1].text) {
        /* a title broken over two lines */
        const char *nx = d->lines[li + 1].text;
        size_t nl = strlen(nx);
        if (nl <= 40 && find_in(nx, nl, "报告")) {
          size_t a = f_raw(&f, st), b = f_raw(&f, F->n);
          char *t1 = trim_dup(L->text + a, b - a), *t2 = trim_dup(nx, nl);
          if (t1 && t2) {
            joined = malloc(strlen(t1) + strlen(t2) + 1);
            if (joined) {
              strcpy(joined, t1);
              strcat(joined, t2);
            }
          }
          free(t1);
          free(t2);
        }
      }
      if (yp >= 0 && pub && (rep || joined) && (size_t)(pub - F->s) < (size_t)yp + 60) {
        size_t a = f_raw(&f, st);
        if (joined) {
          r->title = joined;
        } else {
          size_t e = (size_t)(rep - F->s) + strlen("报告");
          r->title = trim_dup(L->text + a, f_raw(&f, e) - a);
        }
        r->has_year = 1;
        r->year = year;
        /* the agency: before the year, or between 年(度) and 政府信息公开 */
        char *ag = trim_dup(L->text + a, f_raw(&f, (size_t)yp) - a);
        if (ag && !ag[0]) {
          free(ag);
          ag = NULL;
          size_t after = (size_t)yp + 4 + 3;
          if (F->n - after >= 3 && memcmp(F->s + after, "度", 3) == 0) after += 3;
          static const char *const ends[] = {"政府信息公开", "政务公开", "信息公开", "政务信息公开", NULL};
          size_t first = F->n;
          for (int k = 0; ends[k]; k++) {
            const char *p = find_in(F->s + after, F->n - after, ends[k]);
            if (p && (size_t)(p - F->s) < first) first = (size_t)(p - F->s);
          }
          if (first < F->n && first > after) {
            size_t ra = f_raw(&f, after), rb = f_raw(&f, first);
            ag = trim_dup(L->text + ra, rb - ra);
          }
          if (!ag && prev_short >= 0) ag = trim_dup(d->lines[prev_short].text, strlen(d->lines[prev_short].text));
        }
        if (ag && ag[0]) r->agency = ag;
        else free(ag);
        if (joined) li++;
      } else {
        free(joined);
        size_t cps = count_cps(F->s, F->n);
        if (cps <= 40 && !find_in(F->s, F->n, "。") && !find_in(F->s, F->n, ":")) prev_short = li;
      }
    }
    unfold(&f);
  }
  /* the date at the bottom (signature) and the lines that are not prose */
  int seen = 0;
  char bottom[11] = "";
  for (int li = d->n - 1, steps = 0; li >= 0 && seen < 4 && steps < 12 && !c->oom; li--, steps++) {
    const gl_doc_line *L = &d->lines[li];
    if (L->kind != GL_LINE_TEXT || !L->text || ws_only(L->text, strlen(L->text))) continue;
    seen++;
    folded f;
    if (!fold_line(L->text, strlen(L->text), &f)) {
      c->oom = 1;
      return;
    }
    int excl = 0;
    static const char *const FOOTER[] = {"版权所有", "主办单位", "承办单位", "分享到", "联系我们",
                                         "ICP备", "网站标识码", "公网安备", "【打印】", "【关闭】",
                                         "打印本页", "关闭窗口", "网站地图", NULL};
    if (count_cps(f.F.s, f.F.n) <= 100) /* a footer line, not a page dumped on one line */
      for (int k = 0; FOOTER[k] && !excl; k++) excl = find_in(f.F.s, f.F.n, FOOTER[k]) != NULL;
    if (excl) {
      seen--; /* page furniture does not count as a line of the report */
    } else if (date_only(&f.F, date)) {
      if (!bottom[0]) memcpy(bottom, date, 11);
      excl = 1;
    } else if (r->agency) {
      char *t = trim_dup(L->text, strlen(L->text));
      excl = t && strcmp(t, r->agency) == 0;
      free(t);
      /* the name line right above a date line or the page footer */
      if (!excl && li + 1 < d->n && c->excluded[li + 1] && count_cps(f.F.s, f.F.n) <= 30 &&
          count_cps(f.F.s, f.F.n) >= 3 && !find_in(f.F.s, f.F.n, "。") &&
          !find_in(f.F.s, f.F.n, ",") && agency_like(f.F.s, f.F.n))
        excl = 1;
    }
    unfold(&f);
    if (!excl) break;
    c->excluded[li] = 1;
  }
  if (labelled[0]) r->published = gl_strdup(labelled);
  else if (tops && !top_conflict && (!bottom[0] || strcmp(bottom, top) == 0)) r->published = gl_strdup(top);
  else if (!tops && bottom[0]) r->published = gl_strdup(bottom);

  if (!r->has_year) {
    /* a year next to 政府信息公开 near the top */
    for (int li = 0; li < lim && !r->has_year; li++) {
      const gl_doc_line *L = &d->lines[li];
      if (L->kind != GL_LINE_TEXT || !L->text) continue;
      folded f;
      if (!fold_line(L->text, strlen(L->text), &f)) {
        c->oom = 1;
        return;
      }
      int year;
      size_t from = 0;
      for (int k = 0; k < 8; k++) {
        long yp = find_year(&f.F, from, &year);
        if (yp < 0) break;
        size_t after = (size_t)yp + 7;
        if (f.F.n - after >= 3 && memcmp(f.F.s + after, "度", 3) == 0) after += 3;
        if (f.F.n - after >= 6 && (memcmp(f.F.s + after, "政府", 6) == 0 || memcmp(f.F.s + after, "政务", 6) == 0)) {
          r->has_year = 1;
          r->year = year;
          break;
        }
        from = (size_t)yp + 1;
      }
      unfold(&f);
    }
  }
}

/* ---- sections ---------------------------------------------------------------- */

typedef struct {
  char *p;
  size_t n, cap;
} sbuf;

static int sb_put(sbuf *b, const char *s, size_t n) {
  if (b->n + n + 1 > b->cap) {
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->n + n + 1) cap *= 2;
    char *p = realloc(b->p, cap);
    if (!p) return 0;
    b->p = p;
    b->cap = cap;
  }
  memcpy(b->p + b->n, s, n);
  b->n += n;
  b->p[b->n] = '\0';
  return 1;
}

/* Short pieces of the table headers that pdftotext leaves on their own
 * lines ("本", "结 结 其 尚", "总计商 业 企"): not prose. */
static int header_fragment(const char *t) {
  size_t n = strlen(t), cps = 0, tok = 0, longest = 0;
  int punct = 0;
  for (size_t i = 0; i < n;) {
    size_t len;
    unsigned cp = fold_cp(u8dec((const unsigned char *)t + i, n - i, &len));
    i += len;
    if (is_space_cp(cp)) {
      tok = 0;
      continue;
    }
    punct |= is_punct_cp(cp);
    cps++;
    if (++tok > longest) longest = tok;
  }
  return cps <= 2 || (!punct && (cps <= 6 || longest <= 2));
}

/* Appends a piece of prose to the section (a new line unless empty). */
static int add_piece(sbuf *b, const char *src, size_t a, size_t e, int table_section) {
  char *t = trim_dup(src + a, e - a);
  if (!t) return 0;
  int ok = 1;
  if (t[0] && !(table_section && header_fragment(t))) {
    if (b->n) ok = sb_put(b, "\n", 1);
    if (ok) ok = sb_put(b, t, strlen(t));
  }
  free(t);
  return ok;
}

/* Web-page furniture that ends up after the last section. */
static void strip_chrome(char *s) {
  static const char *const CHROME[] = {"附件下载", "【打印本页】", "打印本页", "【关闭窗口】", "关闭窗口",
                                       "【打印】", "[打印]", "【关闭】", "[关闭]", "分享到：", "分享到:",
                                       "扫一扫在手机打开当前页", "相关附件", NULL};
  for (int round = 0; round < 8; round++) {
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\n' || s[n - 1] == '\t')) s[--n] = '\0';
    int cut = 0;
    for (int k = 0; CHROME[k]; k++) {
      size_t l = strlen(CHROME[k]);
      if (n >= l && memcmp(s + n - l, CHROME[k], l) == 0) {
        s[n - l] = '\0';
        cut = 1;
        break;
      }
    }
    if (!cut) break;
  }
  /* trailing whitespace again, including U+3000 and NBSP */
  size_t n = strlen(s);
  while (n > 0) {
    size_t p = u8prev(s, n), len;
    if (!is_space_cp(u8dec((const unsigned char *)s + p, n - p, &len))) break;
    n = p;
    s[n] = '\0';
  }
}

static void read_sections(rctx *c) {
  sbuf sec[GL_NSECTIONS];
  memset(sec, 0, sizeof sec);
  int cur = -1;
  const char *psrc = NULL;
  int pline = -1;
  size_t pa = 0, pe = 0;
  int have = 0;
  for (size_t i = 0; i <= c->nit && !c->oom; i++) {
    const item *t = i < c->nit ? &c->it[i] : NULL;
    int prose = 0, boundary = 0;
    if (t) {
      if (t->kind == IK_MATCH && (t->flags & F_HEADING)) boundary = 1;
      else if (!(t->flags & F_STRUCT) && !(t->flags & F_CHAIN) && !c->excluded[t->line] &&
               (t->kind == IK_TEXT || t->kind == IK_MATCH || t->kind == IK_VALUE))
        prose = 1;
    }
    /* extend the current piece, or flush it */
    if (prose && have && t->src == psrc && t->line == pline && t->a >= pe &&
        ws_only(psrc + pe, t->a - pe)) {
      pe = t->b;
      continue;
    }
    if (have && cur >= 0 && !add_piece(&sec[cur], psrc, pa, pe, cur >= 1 && cur <= 3)) c->oom = 1;
    have = 0;
    if (!t) break;
    if (boundary) {
      for (int s = 0; s < GL_NSECTIONS; s++)
        if (c->heading_item[s] == (int)i) cur = s;
      continue;
    }
    if (prose) {
      psrc = t->src;
      pline = t->line;
      pa = t->a;
      pe = t->b;
      have = 1;
    }
  }
  for (int s = GL_NSECTIONS - 1; s >= 0; s--)
    if (c->heading_item[s] >= 0) {
      if (sec[s].p) strip_chrome(sec[s].p);
      break;
    }
  for (int s = 0; s < GL_NSECTIONS; s++) {
    if (c->heading_item[s] >= 0 && !c->oom) {
      const item *h = &c->it[c->heading_item[s]];
      c->r->sections[s] = sec[s].p ? sec[s].p : gl_strdup("");
      sec[s].p = NULL;
      if (!c->r->sections[s]) c->oom = 1;
      c->r->section_line[s] = lineno_of(c, h->line);
    }
    free(sec[s].p);
  }
}

/* ---- entry point ------------------------------------------------------------------ */

static void rctx_free(rctx *c) {
  free(c->it);
  free(c->arena);
  for (size_t i = 0; i < c->nbufs; i++) free(c->bufs[i]);
  free(c->bufs);
  for (int i = 0; i < GL_NROWS; i++) free(c->row_fail[i]);
  free(c->appeals_fail);
  free(c->excluded);
  for (int i = 0; i < GL_NROWS; i++) free(c->pend[i]);
  nstr_free(&c->segS);
  nstr_free(&c->segF);
  nstr_free(&c->tmpS);
  nstr_free(&c->tmpF);
  free(c->cands);
  free(c);
}

int gl_doc_read(const gl_doc *d, gl_report *r, char *err, size_t errn) {
  rctx *c = calloc(1, sizeof *c);
  if (!c) {
    snprintf(err, errn, "out of memory");
    return 0;
  }
  c->d = d;
  c->r = r;
  c->first_heading_line = -1;
  c->split_left = SPLIT_TOTAL;
  c->excluded = calloc(d->n > 0 ? (size_t)d->n : 1, 1);
  if (!c->excluded) {
    rctx_free(c);
    snprintf(err, errn, "out of memory");
    return 0;
  }
  for (int s = 0; s < GL_NSECTIONS; s++) c->heading_item[s] = -1;
  for (int b = 0; b < NBUCKET; b++) c->head[b] = -1;
  for (int v = NVOCAB - 1; v >= 0; v--) {
    const char *a = VOCAB[v].anchor;
    unsigned k = bkey(a); /* a has 3 bytes or more */
    c->next[v] = c->head[k];
    c->head[k] = v;
    c->alen[v] = (unsigned short)strlen(a);
  }
  /* the schema rows of the labels: VOCAB lists them mostly in the schema's
   * order, so each search starts after the row found last (the paths are
   * unique: the same result as gl_schema_find_row, without its scan) */
  for (int v = 0, hint = 0; v < NVOCAB; v++) {
    c->rowidx[v] = -1;
    if (!VOCAB[v].path) continue;
    for (int k = 0; k < GL_NROWS; k++) {
      int ri = (hint + k) % GL_NROWS;
      if (strcmp(gl_schema_row(ri)->path, VOCAB[v].path) == 0) {
        c->rowidx[v] = ri;
        hint = ri + 1;
        break;
      }
    }
  }

  scan_lines(c);
  if (c->oom) {
    rctx_free(c);
    snprintf(err, errn, "out of memory");
    return 0;
  }
  /* the first line that holds a section heading bounds the title search */
  for (size_t i = 0; i < c->nit; i++) {
    const item *t = &c->it[i];
    if (t->kind == IK_MATCH && VOCAB[t->voc].kind == V_HEADING && (t->flags & F_HEADOK)) {
      c->first_heading_line = t->line;
      break;
    }
  }
  read_meta(c);
  detect_edition(c);
  read_tables(c);
  resolve_pending(c);
  read_sections(c);
  if (c->oom) {
    rctx_free(c);
    snprintf(err, errn, "out of memory");
    return 0;
  }
  int any_table = c->found_table[0] || c->found_table[1] || c->found_table[2];
  if (c->headings == 0 && !any_table) {
    rctx_free(c);
    snprintf(err, errn,
             "not an annual report: no section heading (一、总体情况 …) and no table label "
             "(第二十条, 本年新收政府信息公开申请数量 …) found");
    return 0;
  }
  for (int t = 0; t < 3; t++) r->has_table[t] = (unsigned char)c->found_table[t];

  /* what could not be read */
  if (c->truncated)
    gl_report_issue(r, GL_SEV_WARNING, "import", NULL, 0,
                    "文档过长，只读取了前面的部分（超过 %d 个单元）", MAX_ITEMS);
  if (c->cands_capped)
    gl_report_issue(r, GL_SEV_WARNING, "import", NULL, 0, "某一行中的标签过多，只读取了前面的部分");
  if (!r->agency) gl_report_issue(r, GL_SEV_WARNING, "import", "agency", 0, "未能从标题中读出机关名称");
  if (!r->has_year) gl_report_issue(r, GL_SEV_WARNING, "import", "year", 0, "未能从标题中读出报告年度");
  if (!r->edition)
    gl_report_issue(r, GL_SEV_WARNING, "import", "edition", 0,
                    "未能判断格式版本（2019 版或 2021 版），表格未按版本读取");
  static const char *const TNAME[3] = {"表二（主动公开政府信息情况）",
                                       "表三（收到和处理政府信息公开申请情况）",
                                       "表四（政府信息公开行政复议、行政诉讼情况）"};
  for (int t = 0; t < 3; t++)
    if (!c->found_table[t])
      gl_report_issue(r, GL_SEV_WARNING, "import", TABLE_KEYS[t], 0, "未找到%s", TNAME[t]);
  for (int ri = 0; ri < GL_NROWS; ri++) {
    if (!c->row_fail[ri] || c->row_done[ri]) continue;
    gl_report_issue(r, GL_SEV_WARNING, "import", gl_schema_row(ri)->path, c->row_fail_line[ri], "%s",
                    c->row_fail[ri]);
  }
  if (c->appeals_fail) {
    int base = gl_schema_find_row("appeals.review");
    if (r->cells[base * GL_ROW_STRIDE].state == GL_MISSING)
      gl_report_issue(r, GL_SEV_WARNING, "import", "appeals", c->appeals_fail_line, "%s",
                      c->appeals_fail);
  }
  rctx_free(c);
  return 1;
}
