// SPDX-License-Identifier: GPL-2.0
/*
 * repro/ini_parse.c of llcrash.ko: the negative control of variant 2, a
 * NULL dereference in a configuration parser that has nothing to do with
 * the page cache (module init, insmod's context).
 */
#include "llcrash.h"

struct ini_doc {
	const char *text;
	size_t len;
	int section;
};

REPRO_FN int ini_parse_line(struct ini_doc *doc, size_t pos)
{
	const char *p = READ_ONCE(doc->text) + pos;	/* doc == NULL */

	if (*p == '[')
		doc->section++;
	return *p == '\n';
}

REPRO_FN int ini_parse_buffer(struct ini_doc *doc)
{
	int lines = ini_parse_line(doc, 0);

	NO_TAIL();
	return lines;
}

REPRO_GLOBAL int llcrash_load_config(const char *text)
{
	struct ini_doc *doc = NULL;	/* the allocation that was "never needed" */
	int ret;

	TRUTH("{\"table\":\"0x%lx\"}", (unsigned long)doc);
	if (text) {
		doc = kzalloc(sizeof(*doc), GFP_KERNEL);
		if (!doc)
			return -ENOMEM;
		doc->text = text;
		doc->len = strlen(text);
	}
	ret = ini_parse_buffer(doc);
	NO_TAIL();
	kfree(doc);
	return ret;
}
