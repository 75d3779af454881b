// SPDX-License-Identifier: GPL-2.0-or-later
/**
 * @file
 * Whole numbers read from JSON that a user gave (rules, merge input).
 */
#ifndef PGR_JSON_NUMBER_H
#define PGR_JSON_NUMBER_H

#include <stdbool.h>
#include <stdint.h>

#include <cjson/cJSON.h>

/** Beyond 2^53 a double no longer holds every whole number. */
#define JSON_NUMBER_EXACT_MAX ((uint64_t)1 << 53)

/**
 * @p item as a whole number in [@p min, @p max] (@p max at most
 * JSON_NUMBER_EXACT_MAX): false for a string, a fraction, a negative, a
 * NaN or a number out of range, which a cast to an integer would turn into
 * a wrong value or undefined behaviour.
 */
static inline bool json_whole_number(const cJSON *item, uint64_t min,
				     uint64_t max, uint64_t *ret)
{
	if (!cJSON_IsNumber(item))
		return false;
	double d = item->valuedouble;
	if (!(d >= (double)min && d <= (double)max))
		return false;
	uint64_t v = (uint64_t)d;
	if ((double)v != d)
		return false;
	*ret = v;
	return true;
}

#endif /* PGR_JSON_NUMBER_H */
