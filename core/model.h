/* model.h - the govlua-report/1 model as C data.
 *
 * A report is a fixed array of cells, one slot per cell of the schema
 * (the union of both template editions), plus the metadata, the prose of
 * the six sections and the problems met while loading it.  The schema
 * (schema.c) names every slot: its dotted path, its table, row and column
 * labels and the editions it belongs to.  Nothing here is global and
 * mutable: any number of threads may hold their own reports.
 */
#ifndef GOVLUA_MODEL_H
#define GOVLUA_MODEL_H

#include <stddef.h>
#include <stdint.h>

#define GL_FORMAT_ID "govlua-report/1"

/* Editions as bit masks, so a schema entry can belong to both. */
enum { GL_ED2019 = 1, GL_ED2021 = 2, GL_EDBOTH = 3 };

/* What a cell holds; never collapse BLANK or MISSING into 0. */
typedef enum {
  GL_MISSING = 0, /* not found in the source at all */
  GL_NUMBER,      /* a number (is_int tells integer or decimal) */
  GL_BLANK,       /* present but empty (JSON null) */
  GL_TEXT         /* text that is not a clean number: "—", "无", "/" */
} gl_state;

/* Value domain of a column. */
typedef enum {
  GL_KIND_COUNT = 0, /* non-negative integer */
  GL_KIND_SIGNED,    /* integer, may be negative (2019 本年增/减) */
  GL_KIND_MONEY      /* non-negative decimal, in 万元 */
} gl_kind;

typedef struct {
  const char *key;        /* JSON key, e.g. "natural" */
  const char *label;      /* printed label (2019 edition, or both) */
  const char *label2021;  /* printed label in 2021 when it differs, else NULL */
  gl_kind kind;
  int editions;           /* GL_ED2019 | GL_ED2021 */
} gl_column;

/* A schema row: one object of cells in the JSON. */
typedef struct {
  const char *table;     /* "active" | "applications" | "appeals" */
  const char *group;     /* nested group key ("withheld") or NULL */
  const char *key;       /* row key ("state_secret") */
  const char *path;      /* full dotted path of the row */
  const char *label;     /* printed row label (2019 edition, or both) */
  const char *label2021; /* printed label in 2021 when it differs, else NULL */
  const char *group_label; /* printed label of the group, or NULL */
  int editions;          /* GL_ED2019 | GL_ED2021 */
  const gl_column *cols;
  int ncols;
} gl_row;

/* Cell slots: slot = row * GL_ROW_STRIDE + column.  Some slots are unused
 * (rows have fewer columns than the stride); gl_schema_slot_valid tells. */
#define GL_ROW_STRIDE 8

/* Sections of the report, in order. */
enum { GL_NSECTIONS = 6 };
extern const char *const gl_section_keys[GL_NSECTIONS];
extern const char *const gl_section_labels[GL_NSECTIONS];

/* Schema access (all read-only, static). */
int gl_schema_nrows(void);
const gl_row *gl_schema_row(int i);
int gl_schema_slot_valid(int slot);
/* Editions the cell in SLOT belongs to (row & column masks), 0 if invalid. */
int gl_schema_slot_editions(int slot);
/* Writes the dotted path of SLOT into buf. */
void gl_schema_slot_path(int slot, char *buf, size_t n);
int gl_schema_find_cell(const char *path);           /* slot, -1 if unknown */
int gl_schema_find_row(const char *path);            /* -1 if unknown */
const char *gl_table_label(const char *table);       /* "表三" etc. */
const char *gl_table_title(const char *table);       /* full heading */
/* Writes a human description of PATH ("表三 （七）总计 / 社会公益组织")
 * into buf; returns 0 if the path is not a table path. */
int gl_schema_describe(const char *path, int edition, char *buf, size_t n);

/* Highest number of cell slots (union of both editions). */
#define GL_NROWS 37
#define GL_MAX_CELLS (GL_NROWS * GL_ROW_STRIDE)

typedef struct {
  unsigned char state;   /* gl_state */
  unsigned char is_int;  /* for GL_NUMBER */
  int line;              /* source line, 0 if unknown */
  int64_t i;             /* value when is_int */
  double d;              /* value otherwise (also set when is_int) */
  char *text;            /* GL_TEXT value, or raw source text; may be NULL */
} gl_cell;

typedef enum { GL_SEV_ERROR = 0, GL_SEV_WARNING, GL_SEV_INFO } gl_severity;
const char *gl_severity_name(int sev);
int gl_severity_parse(const char *s); /* -1 if unknown */

/* A problem met while loading or importing; it becomes a finding. */
typedef struct {
  int severity;
  char *rule;     /* "model" or "import" */
  char *path;     /* may be NULL */
  char *message;
  int line;       /* 0 if unknown */
} gl_issue;

typedef struct gl_report {
  char *agency;          /* NULL when absent */
  int has_year;
  int64_t year;
  int edition;           /* GL_ED2019, GL_ED2021, or 0 when unknown */
  char *title;
  char *published;
  char *sections[GL_NSECTIONS];  /* NULL = section absent */
  int section_line[GL_NSECTIONS];
  unsigned char has_table[3];    /* active, applications, appeals present */
  unsigned char has_sections;    /* the source has a sections object (JSON) or was read whole (import) */
  unsigned char other_handling_group; /* applications.other_handling is the 2021 group */
  gl_cell cells[GL_MAX_CELLS];
  gl_issue *issues;
  int nissues, capissues;
  char *source_file;     /* provenance: the document it came from */
} gl_report;

void gl_report_init(gl_report *r);
void gl_report_clear(gl_report *r);   /* frees everything, re-inits */
void gl_report_free(gl_report *r);    /* frees everything; r is garbage after */
/* Records a load problem (message is copied, printf-style). Returns 0 on OOM. */
int gl_report_issue(gl_report *r, int severity, const char *rule,
                    const char *path, int line, const char *fmt, ...);
void gl_cell_set_int(gl_cell *c, int64_t v);
void gl_cell_set_num(gl_cell *c, double v);   /* integral values become ints */
void gl_cell_set_blank(gl_cell *c);
int gl_cell_set_text(gl_cell *c, const char *s, size_t len);
char *gl_strdup(const char *s);
char *gl_strndup(const char *s, size_t n);
/* The edition the template prescribes for a report year (0 if none). */
int gl_edition_expected(int64_t year);
const char *gl_edition_name(int edition); /* "2019", "2021" or NULL */

#endif
