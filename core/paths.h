/* paths.h - where govlua finds its Lua library, formats and built-in rules. */
#ifndef GOVLUA_PATHS_H
#define GOVLUA_PATHS_H

#include <stddef.h>

/* Finds the data directory (the one holding lua/ and rules/) from the
 * executable's real path (/proc/self/exe), never from argv[0] or the
 * current directory: the source tree for a binary in its build tree, else
 * ../share/govlua beside the binary, else the compiled-in install path.
 * GOVLUA_DATADIR in the environment overrides.  Returns 0 if none found. */
int gl_find_datadir(char *out, size_t n);

#endif
