/* version.h - govlua's version, also printed by --version. */
#ifndef GOVLUA_VERSION_H
#define GOVLUA_VERSION_H
#define GOVLUA_VERSION "0.1.0"
#endif
