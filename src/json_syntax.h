// SPDX-License-Identifier: GPL-2.0-or-later
/**
 * @file
 * Whether text is one JSON value (RFC 8259), without allocating: cJSON's
 * parser returns NULL both for bad syntax and when it runs out of memory,
 * and only the first is the input's fault.
 */
#ifndef PGR_JSON_SYNTAX_H
#define PGR_JSON_SYNTAX_H

#include <stdbool.h>
#include <stddef.h>

/**
 * Whether @p text (@p len bytes) starts with one JSON value nested at
 * most as deep as cJSON accepts (1,000); trailing text is not looked at.
 */
bool json_syntax_valid(const char *text, size_t len);

#endif
