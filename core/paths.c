/* paths.c - locating the data directory (see paths.h). */
#define _DEFAULT_SOURCE
#include "paths.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef GOVLUA_SOURCE_DIR
#define GOVLUA_SOURCE_DIR ""
#endif
#ifndef GOVLUA_BUILD_DIR
#define GOVLUA_BUILD_DIR ""
#endif
#ifndef GOVLUA_INSTALL_DATADIR
#define GOVLUA_INSTALL_DATADIR "/usr/local/share/govlua"
#endif

static int is_datadir(const char *d) {
  char p[PATH_MAX + 64];
  struct stat st;
  snprintf(p, sizeof p, "%s/lua/govlua/init.lua", d);
  return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

static int use(const char *d, char *out, size_t n) {
  if (!d || !*d || !is_datadir(d)) return 0;
  char real[PATH_MAX];
  snprintf(out, n, "%s", realpath(d, real) ? real : d);
  return 1;
}

static int same_dir(const char *a, const char *b) {
  char ra[PATH_MAX], rb[PATH_MAX];
  if (!*a || !*b || !realpath(a, ra) || !realpath(b, rb)) return 0;
  return strcmp(ra, rb) == 0;
}

int gl_find_datadir(char *out, size_t n) {
  if (use(getenv("GOVLUA_DATADIR"), out, n)) return 1;
  char exe[PATH_MAX];
  ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (len > 0) {
    exe[len] = '\0';
    char *slash = strrchr(exe, '/');
    if (slash) *slash = '\0';
    if (same_dir(exe, GOVLUA_BUILD_DIR) && use(GOVLUA_SOURCE_DIR, out, n)) return 1;
    char cand[PATH_MAX + 32];
    snprintf(cand, sizeof cand, "%s/../share/govlua", exe);
    if (use(cand, out, n)) return 1;
  }
  if (use(GOVLUA_INSTALL_DATADIR, out, n)) return 1;
  return use(GOVLUA_SOURCE_DIR, out, n);
}
