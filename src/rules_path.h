// SPDX-License-Identifier: GPL-2.0-or-later
/**
 * @file
 * Where the rules are when no -s is given.
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

#endif
