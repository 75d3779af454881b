// SPDX-License-Identifier: GPL-2.0-or-later
// The rule loader: one rule file (JSON, its regexes compiled by PCRE2).
// A rule's file must be named after its id, so the file takes the id the
// input holds, when it has one that can be a file name.
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz-subr.h"

static const char *rule_file_name(const uint8_t *data, size_t size)
{
	static char name[80];
	snprintf(name, sizeof(name), "rule.json");
	cJSON *root = cJSON_ParseWithLength((const char *)data, size);
	const cJSON *id = cJSON_GetObjectItemCaseSensitive(root, "id");
	if (cJSON_IsString(id) && *id->valuestring &&
	    strlen(id->valuestring) < 64 && !strchr(id->valuestring, '/') &&
	    id->valuestring[0] != '.')
		snprintf(name, sizeof(name), "%s.json", id->valuestring);
	cJSON_Delete(root);
	return name;
}

static char dir[] = "/tmp/pagerace-fuzz-rules.XXXXXX";

static void remove_dir(void)
{
	rmdir(dir);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static bool made;
	if (!made && !mkdtemp(dir))
		abort();
	if (!made)
		atexit(remove_dir);
	made = true;
	char path[160];
	snprintf(path, sizeof(path), "%s/%s", dir, rule_file_name(data, size));
	FILE *f = fopen(path, "w");
	if (!f || fwrite(data, 1, size, f) != size || fclose(f) != 0)
		abort();
	struct rule_set set;
	rule_set_init(&set);
	struct rule_problem_vector problems;
	rule_problem_vector_init(&problems);
	struct pgr_error *err = rule_set_load(&set, path, true, &problems);
	fuzz_done(err);
	if (getenv("PGR_FUZZ_DEBUG"))
		vector_for_each(struct rule_problem, p, &problems)
			fprintf(stderr, "fuzz: %s\n", p->message);
	rule_problems_deinit(&problems);
	rule_set_deinit(&set);
	unlink(path);
	return 0;
}
