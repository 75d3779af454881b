// SPDX-License-Identifier: GPL-2.0-or-later
#include <inttypes.h>
#include <stdio.h>

#include "render/json_tree.h"

cJSON *jt_put(struct json_tree *t, cJSON *parent, const char *key, cJSON *item)
{
	bool ok = item && parent &&
		  (key ? cJSON_AddItemToObject(parent, key, item) :
			 cJSON_AddItemToArray(parent, item));
	if (ok)
		return item;
	cJSON_Delete(item);
	t->failed = true;
	return NULL;
}

cJSON *jt_object(struct json_tree *t, cJSON *parent, const char *key)
{
	return jt_put(t, parent, key, cJSON_CreateObject());
}

cJSON *jt_array(struct json_tree *t, cJSON *parent, const char *key)
{
	return jt_put(t, parent, key, cJSON_CreateArray());
}

cJSON *jt_string(struct json_tree *t, cJSON *parent, const char *key,
		 const char *s)
{
	return jt_put(t, parent, key, cJSON_CreateString(s));
}

cJSON *jt_string_or_null(struct json_tree *t, cJSON *parent, const char *key,
			 const char *s)
{
	return jt_put(t, parent, key,
		      s ? cJSON_CreateString(s) : cJSON_CreateNull());
}

cJSON *jt_number(struct json_tree *t, cJSON *parent, const char *key, double v)
{
	return jt_put(t, parent, key, cJSON_CreateNumber(v));
}

cJSON *jt_bool(struct json_tree *t, cJSON *parent, const char *key, bool v)
{
	return jt_put(t, parent, key, cJSON_CreateBool(v));
}

cJSON *jt_u64(struct json_tree *t, cJSON *parent, const char *key, uint64_t v)
{
	char buf[24];
	snprintf(buf, sizeof(buf), "%" PRIu64, v);
	return jt_put(t, parent, key, cJSON_CreateRaw(buf));
}

cJSON *json_tree_finish(struct json_tree *t, cJSON *root)
{
	if (root && !t->failed)
		return root;
	cJSON_Delete(root);
	return NULL;
}
