/* output.c - writing the output whole or not at all (see output.h). */
#define _DEFAULT_SOURCE
#include "output.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int gl_output_open(gl_output *o, const char *path, char *err, size_t errn) {
  memset(o, 0, sizeof *o);
  if (!path || strcmp(path, "-") == 0) {
    o->f = stdout;
    return 1;
  }
  snprintf(o->tmp, sizeof o->tmp, "%s.tmp.XXXXXX", path);
  int fd = mkstemp(o->tmp);
  if (fd < 0) {
    snprintf(err, errn, "cannot write %s: %s", path, strerror(errno));
    return 0;
  }
  o->f = fdopen(fd, "w");
  if (!o->f) {
    close(fd);
    unlink(o->tmp);
    snprintf(err, errn, "cannot write %s: %s", path, strerror(errno));
    return 0;
  }
  o->final = path;
  return 1;
}

/* Commits (ok) or discards the output. */
int gl_output_close(gl_output *o, int ok, char *err, size_t errn) {
  if (o->f == stdout) {
    if (fflush(stdout) != 0 && ok) {
      snprintf(err, errn, "error writing the output: %s", strerror(errno));
      return 0;
    }
    return ok;
  }
  if (!o->f) return ok;
  int werr = fflush(o->f) != 0 || fsync(fileno(o->f)) != 0;
  werr |= fclose(o->f) != 0;
  o->f = NULL;
  if (ok && !werr) {
    /* keep the permissions an existing file had, else the umask's */
    struct stat st;
    if (stat(o->final, &st) == 0) chmod(o->tmp, st.st_mode & 07777);
    else {
      mode_t um = umask(0);
      umask(um);
      chmod(o->tmp, 0666 & ~um);
    }
    if (rename(o->tmp, o->final) == 0) return 1;
    snprintf(err, errn, "cannot write %s: %s", o->final, strerror(errno));
  } else if (ok) {
    snprintf(err, errn, "error writing %s", o->final);
  }
  unlink(o->tmp);
  return 0;
}
