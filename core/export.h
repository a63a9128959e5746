/* export.h - writing a gl_report as govlua-report/1 JSON. */
#ifndef GOVLUA_EXPORT_H
#define GOVLUA_EXPORT_H

#include <stddef.h>

#include "model.h"

/* Returns a malloc'd JSON document (ending in a newline), NULL on OOM. */
char *gl_export_json(const gl_report *r, size_t *len);

#endif
