// SPDX-License-Identifier: GPL-2.0-or-later
/**
 * @file
 * Where the rules and the known-bugs file are when no option names them.
 */
#ifndef PGR_RULES_PATH_H
#define PGR_RULES_PATH_H

#include "error.h"

/**
 * The default rule directory, in @p ret (free it): $PAGERACE_SIGNATURES
 * when set, else the first directory that exists of "signatures" next to
 * the executable (an uninstalled build: the build tree links it to the
 * source tree's) and the installed one.  When none exists, a
 * PGR_ERROR_NOT_FOUND error names every place looked at.
 */
struct pgr_error *rules_default_path(char **ret);

/**
 * The default known-bugs file, in @p ret (free it): $PAGERACE_KB when
 * set (NULL in *@p ret when set but empty: none), else the source tree's
 * data/known-bugs.kb.zst for an uninstalled build, else the installed one
 * (which may not exist).
 */
struct pgr_error *kb_file_default_path(char **ret);

#endif
