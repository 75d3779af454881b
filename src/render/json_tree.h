// SPDX-License-Identifier: GPL-2.0-or-later
/**
 * @file
 * Building a cJSON tree with every allocation checked.  A tree that lost
 * a member to a failed allocation would still print, as a document the
 * schema rejects; instead the first failure marks the build, each later
 * step into a missing parent fails too, and json_tree_finish() gives
 * the whole tree or none (out of memory).
 */
#ifndef PGR_RENDER_JSON_TREE_H
#define PGR_RENDER_JSON_TREE_H

#include <stdbool.h>
#include <stdint.h>

#include <cjson/cJSON.h>

struct json_tree {
	bool failed;
};

/**
 * Add @p item (NULL: its creation failed) to @p parent: under @p key in
 * an object, appended to an array when @p key is NULL.  Returns @p item,
 * or NULL (and @p item deleted, the build marked failed).
 */
cJSON *jt_put(struct json_tree *t, cJSON *parent, const char *key, cJSON *item);
cJSON *jt_object(struct json_tree *t, cJSON *parent, const char *key);
cJSON *jt_array(struct json_tree *t, cJSON *parent, const char *key);
cJSON *jt_string(struct json_tree *t, cJSON *parent, const char *key,
		 const char *s);
/** A string, or null when @p s is NULL. */
cJSON *jt_string_or_null(struct json_tree *t, cJSON *parent, const char *key,
			 const char *s);
cJSON *jt_number(struct json_tree *t, cJSON *parent, const char *key, double v);
cJSON *jt_bool(struct json_tree *t, cJSON *parent, const char *key, bool v);
/** A 64-bit count as its decimal text (a double would round it). */
cJSON *jt_u64(struct json_tree *t, cJSON *parent, const char *key, uint64_t v);
/** @p root if every step succeeded, else NULL (@p root deleted). */
cJSON *json_tree_finish(struct json_tree *t, cJSON *root);

#endif
