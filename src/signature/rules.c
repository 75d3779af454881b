// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Over 700 lines: the reader and lint of the rule format, one parser per
 * key of man/pagerace-signatures.5, and the cross-key checks (actors,
 * contradictions, essential conditions) that need them all.
 */
#include <cjson/cJSON.h>
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cleanup.h"
#include "json_number.h"
#include "signature/family.h"
#include "json_syntax.h"
#include "signature/rules.h"
#include "signature/version.h"
#include "util.h"

enum { RULE_FILE_MAX = 1 << 20, RULE_DIR_MAX = 4096, KEY_PATH_MAX = 512 };

static const char *const condition_keys[] = {
#define X(e, key, doc) [COND_##e] = key,
	PGR_CONDITION_TYPES(X)
#undef X
};

const char *condition_type_key(enum condition_type type)
{
	return type < COND_TYPE_COUNT ? condition_keys[type] : "?";
}

static void cJSON_Deletep(cJSON **p)
{
	cJSON_Delete(*p);
}

/* Errors name the JSON key path, e.g. "required[2].page.refcount". */
__attribute__((__format__(__printf__, 2, 3))) static struct pgr_error *
key_error(const char *key, const char *fmt, ...)
{
	_cleanup_free_ char *what = NULL;
	va_list ap;
	va_start(ap, fmt);
	int n = vasprintf(&what, fmt, ap);
	va_end(ap);
	if (n < 0)
		return &pgr_enomem;
	return pgr_error_format(PGR_ERROR_SYNTAX, "%s: %s", key, what);
}

static struct pgr_error *get_string(struct rule *rule, const cJSON *obj,
				    const char *key, bool required, char **ret)
{
	const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, key);
	*ret = NULL;
	if (!item) {
		return required ? key_error(key, "missing (a string is required)") :
				  NULL;
	}
	if (!cJSON_IsString(item) || !item->valuestring[0])
		return key_error(key, "expected a non-empty string");
	*ret = pgr_arena_strdup(&rule->arena, item->valuestring);
	return *ret ? NULL : &pgr_enomem;
}

static struct pgr_error *get_string_list(struct rule *rule, const cJSON *item,
					 const char *key,
					 struct string_vector *ret)
{
	if (!cJSON_IsArray(item))
		return key_error(key, "expected a list of strings");
	int i = 0;
	const cJSON *s;
	cJSON_ArrayForEach(s, item) {
		if (!cJSON_IsString(s) || !s->valuestring[0])
			return key_error(key, "item %d: expected a non-empty string", i);
		char *copy = pgr_arena_strdup(&rule->arena, s->valuestring);
		if (!copy || !string_vector_append(ret, &copy))
			return &pgr_enomem;
		i++;
	}
	return NULL;
}

/* A list of function names, where "@FAMILY" names a function family. */
static struct pgr_error *get_function_list(struct rule *rule,
					   const cJSON *item, const char *key,
					   struct string_vector *ret)
{
	struct pgr_error *err = get_string_list(rule, item, key, ret);
	if (err)
		return err;
	vector_for_each(char *, name, ret) {
		if ((*name)[0] == '@' && !function_family_known(*name + 1))
			return key_error(key, "unknown function family \"%s\" (families are in data/function-families.txt)",
					 *name + 1);
	}
	return NULL;
}

static struct pgr_error *compile_regex(const char *key, const char *pattern,
				       pcre2_code **ret)
{
	int errcode;
	PCRE2_SIZE offset;
	*ret = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, 0,
			     &errcode,
			     &offset, NULL);
	if (*ret) {
		// JIT makes rule regexes ~5x faster on a corpus; where the JIT
		// is unavailable pcre2_match interprets, which is only slower.
		if (pcre2_jit_compile(*ret, PCRE2_JIT_COMPLETE) ==
		    PCRE2_ERROR_NOMEMORY) {
			pcre2_code_free(*ret);
			*ret = NULL;
			return &pgr_enomem;
		}
		return NULL;
	}
	if (errcode == PCRE2_ERROR_HEAP_FAILED)
		return &pgr_enomem;
	PCRE2_UCHAR msg[256];
	pcre2_get_error_message(errcode, msg, sizeof(msg));
	return key_error(key, "bad regex at offset %zu: %s", (size_t)offset,
			 (const char *)msg);
}

static struct pgr_error *get_regex(const cJSON *item, const char *key,
				   pcre2_code **ret)
{
	if (!cJSON_IsString(item) || !item->valuestring[0])
		return key_error(key, "expected a regex string");
	return compile_regex(key, item->valuestring, ret);
}

static struct pgr_error *parse_int_cmp(const cJSON *item, const char *key,
				       struct int_cmp *ret)
{
	static const struct {
		const char *text;
		enum cmp_op op;
	} ops[] = {
		{ ">=", CMP_GE }, { "<=", CMP_LE }, { "==", CMP_EQ },
		{ "!=", CMP_NE }, { ">", CMP_GT },  { "<", CMP_LT },
	};
	if (!cJSON_IsString(item))
		return key_error(key, "expected a comparison string like \">1\"");
	const char *s = item->valuestring;
	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		size_t n = strlen(ops[i].text);
		if (strncmp(s, ops[i].text, n) != 0)
			continue;
		char *end;
		errno = 0;
		long long v = strtoll(s + n, &end, 0);
		if (end == s + n || *end || errno)
			break;
		*ret = (struct int_cmp){ .set = true, .op = ops[i].op,
					 .value = v };
		return NULL;
	}
	return key_error(key, "\"%s\" is not a comparison like \">1\" or \"==0\"", s);
}

static struct pgr_error *parse_bool(const cJSON *item, const char *key,
				    enum tristate *ret)
{
	if (!cJSON_IsBool(item))
		return key_error(key, "expected true or false");
	*ret = cJSON_IsTrue(item) ? TRI_TRUE : TRI_FALSE;
	return NULL;
}

static struct pgr_error *parse_page_cond(struct rule *rule, const cJSON *obj,
					 const char *key,
					 struct page_cond *ret)
{
	struct pgr_error *err = NULL;
	if (!cJSON_IsObject(obj) || !obj->child)
		return key_error(key, "expected a non-empty object of page facts");
	const cJSON *item;
	cJSON_ArrayForEach(item, obj) {
		char sub[KEY_PATH_MAX];
		snprintf(sub, sizeof(sub), "%.256s.%s", key, item->string);
		const char *k = item->string;
		if (strcmp(k, "mapping") == 0) {
			if (!cJSON_IsString(item) ||
			    (strcmp(item->valuestring, "null") &&
			     strcmp(item->valuestring, "nonnull")))
				return key_error(sub, "expected \"null\" or \"nonnull\"");
			ret->mapping_null = strcmp(item->valuestring, "null") ?
						    TRI_FALSE : TRI_TRUE;
		} else if (strcmp(k, "tail") == 0) {
			err = parse_bool(item, sub, &ret->tail);
		} else if (strcmp(k, "compound") == 0) {
			err = parse_bool(item, sub, &ret->compound);
		} else if (strcmp(k, "refcount") == 0) {
			err = parse_int_cmp(item, sub, &ret->refcount);
		} else if (strcmp(k, "mapcount") == 0) {
			err = parse_int_cmp(item, sub, &ret->mapcount);
		} else if (strcmp(k, "flags_present") == 0) {
			err = get_string_list(rule, item, sub,
					      &ret->flags_present);
		} else if (strcmp(k, "flags_absent") == 0) {
			err = get_string_list(rule, item, sub,
					      &ret->flags_absent);
		} else if (strcmp(k, "reason") == 0) {
			err = get_regex(item, sub, &ret->reason);
		} else {
			return key_error(sub, "unknown page fact (known: mapping, tail, compound, refcount, mapcount, flags_present, flags_absent, reason)");
		}
		if (err)
			return err;
	}
	return NULL;
}

static struct pgr_error *parse_version_key(struct rule *rule, const cJSON *obj,
					   const char *key, const char *name,
					   char **ret)
{
	char sub[KEY_PATH_MAX];
	snprintf(sub, sizeof(sub), "%.256s.%s", key, name);
	struct pgr_error *err = get_string(rule, obj, name, false, ret);
	if (err)
		return pgr_error_prefix(err, "%s", key);
	struct kernel_version v;
	if (*ret && !kernel_version_parse(*ret, &v))
		return key_error(sub, "\"%s\" is not a kernel version", *ret);
	return NULL;
}

// {"frames_any": [...], "comm": regex}: a task other than the crashed one,
// as an other_task condition and a race actor's "task" describe it.
static struct pgr_error *parse_task_match(struct rule *rule, const cJSON *v,
					  const char *key,
					  struct string_vector *frames_ret,
					  pcre2_code **comm_ret)
{
	if (!cJSON_IsObject(v))
		return key_error(key, "expected {\"frames_any\": [...], \"comm\": regex}");
	const cJSON *frames = cJSON_GetObjectItemCaseSensitive(v, "frames_any");
	const cJSON *comm = cJSON_GetObjectItemCaseSensitive(v, "comm");
	if (!frames && !comm)
		return key_error(key, "needs frames_any or comm");
	char sub[KEY_PATH_MAX];
	struct pgr_error *err;
	snprintf(sub, sizeof(sub), "%.256s.frames_any", key);
	if (frames && (err = get_function_list(rule, frames, sub, frames_ret)))
		return err;
	snprintf(sub, sizeof(sub), "%.256s.comm", key);
	if (comm && (err = get_regex(comm, sub, comm_ret)))
		return err;
	return NULL;
}

static struct pgr_error *parse_kinds(struct rule *rule, const cJSON *v,
				     const char *key, struct condition *c)
{
	struct pgr_error *err = get_string_list(rule, v, key, &c->names);
	if (err)
		return err;
	vector_for_each(char *, name, &c->names) {
		if (crash_kind_from_name(*name) == CRASH_KIND_COUNT)
			return key_error(key, "unknown crash kind \"%s\"", *name);
		// An unknown kind is no evidence: such records get no verdict
		// unless a decisive finding matched (score_verdict()).
		if (crash_kind_from_name(*name) == CRASH_UNKNOWN)
			return key_error(key, "\"unknown\" is no crash kind a rule can ask for");
	}
	return NULL;
}

/* No source file of the kernel comes near ten million lines. */
enum { SOURCE_LINE_MAX = 10000000 };

static struct pgr_error *parse_line_range(const cJSON *v, const char *key,
					  struct condition *c)
{
	const cJSON *min = cJSON_GetObjectItemCaseSensitive(v, "min");
	const cJSON *max = cJSON_GetObjectItemCaseSensitive(v, "max");
	uint64_t lo = 0, hi = 0;
	if (!cJSON_IsObject(v) || (!min && !max) ||
	    (min && !json_whole_number(min, 1, SOURCE_LINE_MAX, &lo)) ||
	    (max && !json_whole_number(max, 1, SOURCE_LINE_MAX, &hi)))
		return key_error(key, "expected {\"min\": N, \"max\": N} with N a whole number from 1 to %d",
				 SOURCE_LINE_MAX);
	if (min)
		c->line_min = pgr_u64_of(lo);
	if (max)
		c->line_max = pgr_u64_of(hi);
	if (min && max && c->line_min.value > c->line_max.value)
		return key_error(key, "min is greater than max");
	return NULL;
}

static struct pgr_error *parse_kernel_range(struct rule *rule, const cJSON *v,
					    const char *key,
					    struct condition *c)
{
	if (!cJSON_IsObject(v))
		return key_error(key, "expected {\"min\": VERSION, \"below\": VERSION}");
	struct pgr_error *err;
	if ((err = parse_version_key(rule, v, key, "min", &c->version_min)) ||
	    (err = parse_version_key(rule, v, key, "below",
				     &c->version_below)))
		return err;
	if (!c->version_min && !c->version_below)
		return key_error(key, "needs min or below");
	return NULL;
}

/* ["id", ...] or {"id": [...], "subject": "any"|"page"|"mapping"}. */
static struct pgr_error *parse_finding(struct rule *rule, const cJSON *v,
				       const char *key, struct condition *c)
{
	static const char *const subjects[] = {
		[SUBJECT_ANY] = "any",
		[SUBJECT_PAGE] = "page",
		[SUBJECT_MAPPING] = "mapping",
	};
	const cJSON *ids = v;
	char sub[KEY_PATH_MAX];
	if (cJSON_IsObject(v)) {
		const cJSON *item;
		cJSON_ArrayForEach(item, v) {
			if (strcmp(item->string, "id") &&
			    strcmp(item->string, "subject"))
				return key_error(key, "unknown key \"%s\" (known: id, subject)",
						 item->string);
		}
		ids = cJSON_GetObjectItemCaseSensitive(v, "id");
		const cJSON *subject =
			cJSON_GetObjectItemCaseSensitive(v, "subject");
		snprintf(sub, sizeof(sub), "%.256s.subject", key);
		if (subject) {
			size_t i;
			for (i = 0; i < sizeof(subjects) / sizeof(subjects[0]);
			     i++) {
				if (cJSON_IsString(subject) &&
				    strcmp(subject->valuestring, subjects[i]) == 0)
					break;
			}
			if (i == sizeof(subjects) / sizeof(subjects[0]))
				return key_error(sub, "expected \"any\", \"page\" or \"mapping\"");
			c->subject = (enum finding_subject)i;
		}
		snprintf(sub, sizeof(sub), "%.256s.id", key);
		key = sub;
		if (!ids)
			return key_error(key, "missing (a list of finding ids)");
	}
	struct pgr_error *err = get_string_list(rule, ids, key, &c->names);
	if (err)
		return err;
	if (!c->names.size)
		return key_error(key, "the list is empty");
	return NULL;
}

/* The value of one condition type; @p c->type is already set. */
static struct pgr_error *parse_condition_value(struct rule *rule,
					       const cJSON *v, const char *key,
					       struct condition *c)
{
	struct pgr_error *err;
	switch (c->type) {
	case COND_KIND:
		return parse_kinds(rule, v, key, c);
	case COND_FAULT_FUNCTION:
	case COND_GUILTY_FUNCTION:
	case COND_FRAMES:
	case COND_FRAMES_ANY:
	case COND_FRAMES_ABSENT:
		if ((err = get_function_list(rule, v, key, &c->names)))
			return err;
		if (!c->names.size)
			return key_error(key, "the list is empty");
		break;
	case COND_FINDING:
		return parse_finding(rule, v, key, c);
	case COND_ARCH:
	case COND_MODULE:
		if ((err = get_string_list(rule, v, key, &c->names)))
			return err;
		if (!c->names.size)
			return key_error(key, "the list is empty");
		break;
	case COND_SOURCE_FILE:
		if (!cJSON_IsString(v) || !v->valuestring[0])
			return key_error(key, "expected a source path string");
		c->text = pgr_arena_strdup(&rule->arena, v->valuestring);
		return c->text ? NULL : &pgr_enomem;
	case COND_SOURCE_LINE:
		return parse_line_range(v, key, c);
	case COND_MESSAGE:
		// The pattern too: a failed match says what was looked for.
		if ((err = get_regex(v, key, &c->regex)))
			return err;
		c->text = pgr_arena_strdup(&rule->arena, v->valuestring);
		return c->text ? NULL : &pgr_enomem;
	case COND_PAGE:
		return parse_page_cond(rule, v, key, &c->page);
	case COND_OTHER_TASK:
		return parse_task_match(rule, v, key, &c->names, &c->comm);
	case COND_KERNEL:
		return parse_kernel_range(rule, v, key, c);
	default:
		return key_error(key, "internal: unhandled condition type");
	}
	return NULL;
}

static struct pgr_error *parse_condition(struct rule *rule, const cJSON *obj,
					 const char *key, bool required)
{
	if (!cJSON_IsObject(obj))
		return key_error(key, "expected a condition object");
	struct condition *c = condition_vector_append_entry(&rule->conditions);
	if (!c)
		return &pgr_enomem;
	c->required = required;
	c->weight = required ? 2 : 1;
	c->type = COND_TYPE_COUNT;
	const cJSON *value = NULL;
	const cJSON *item;
	cJSON_ArrayForEach(item, obj) {
		char sub[KEY_PATH_MAX];
		snprintf(sub, sizeof(sub), "%.256s.%s", key, item->string);
		if (strcmp(item->string, "weight") == 0) {
			uint64_t w;
			if (!json_whole_number(item, 1, 100, &w))
				return key_error(sub, "expected a whole number from 1 to 100");
			c->weight = w;
		} else if (strcmp(item->string, "decisive") == 0) {
			enum tristate t = TRI_UNKNOWN;
			struct pgr_error *err = parse_bool(item, sub, &t);
			if (err)
				return err;
			c->decisive = t == TRI_TRUE;
		} else if (strcmp(item->string, "why") == 0) {
			if (!cJSON_IsString(item))
				return key_error(sub, "expected a string");
			c->why = pgr_arena_strdup(&rule->arena,
						  item->valuestring);
			if (!c->why)
				return &pgr_enomem;
		} else {
			int t;
			for (t = 0; t < COND_TYPE_COUNT; t++) {
				if (strcmp(item->string, condition_keys[t]) == 0)
					break;
			}
			if (t == COND_TYPE_COUNT)
				return key_error(sub, "unknown condition type (see pagerace-signatures(5))");
			if (value)
				return key_error(key, "has two condition types, \"%s\" and \"%s\"; use two conditions",
						 value->string, item->string);
			c->type = t;
			value = item;
		}
	}
	if (!value)
		return key_error(key, "has no condition type");
	char sub[KEY_PATH_MAX];
	snprintf(sub, sizeof(sub), "%.256s.%s", key, value->string);
	_cleanup_free_ char *json = cJSON_PrintUnformatted(obj);
	if (!json || !(c->source_json = pgr_arena_strdup(&rule->arena, json)))
		return &pgr_enomem;
	return parse_condition_value(rule, value, sub, c);
}

static struct pgr_error *parse_conditions(struct rule *rule, const cJSON *obj,
					  const char *key, bool required)
{
	const cJSON *list = cJSON_GetObjectItemCaseSensitive(obj, key);
	if (!list) {
		return required ? key_error(key, "missing (at least one condition is required)") :
				  NULL;
	}
	if (!cJSON_IsArray(list) || (required && !list->child))
		return key_error(key, "expected a non-empty list of conditions");
	int i = 0;
	const cJSON *item;
	cJSON_ArrayForEach(item, list) {
		char sub[KEY_PATH_MAX];
		snprintf(sub, sizeof(sub), "%.256s[%d]", key, i++);
		struct pgr_error *err =
			parse_condition(rule, item, sub, required);
		if (err)
			return err;
	}
	return NULL;
}

static struct pgr_error *parse_actor(struct rule *rule, const cJSON *obj,
				     const char *key)
{
	if (!cJSON_IsObject(obj))
		return key_error(key, "expected an actor object");
	struct actor *a = actor_vector_append_entry(&rule->actors);
	if (!a)
		return &pgr_enomem;
	struct pgr_error *err;
	if ((err = get_string(rule, obj, "name", true, &a->name)) ||
	    (err = get_string(rule, obj, "role", true, &a->role)))
		return pgr_error_prefix(err, "%s", key);
	const cJSON *crashed = cJSON_GetObjectItemCaseSensitive(obj, "crashed");
	const cJSON *task = cJSON_GetObjectItemCaseSensitive(obj, "task");
	char sub[KEY_PATH_MAX];
	snprintf(sub, sizeof(sub), "%.256s.crashed", key);
	if (crashed) {
		enum tristate t = TRI_UNKNOWN;
		if ((err = parse_bool(crashed, sub, &t)))
			return err;
		a->crashed = t == TRI_TRUE;
	}
	if (a->crashed && task)
		return key_error(key, "has both \"crashed\": true and \"task\"; an actor is one or the other");
	if (!task)
		return NULL;
	snprintf(sub, sizeof(sub), "%.256s.task", key);
	if ((err = parse_task_match(rule, task, sub, &a->frames_any, &a->comm)))
		return err;
	// A comm names a thread, not what it is doing: kswapd, khugepaged
	// or any task can play most roles, and reproducers rename threads.
	if (a->comm)
		return key_error(sub, "comm: an actor is matched by the role of its stack (frames_any, families), never by comm");
	if (!a->frames_any.size)
		return key_error(sub, "needs frames_any");
	return NULL;
}

static struct pgr_error *parse_race(struct rule *rule, const cJSON *root)
{
	const cJSON *race = cJSON_GetObjectItemCaseSensitive(root, "race");
	if (!cJSON_IsObject(race))
		return key_error("race", "missing or not an object with actors and steps");
	const cJSON *actors = cJSON_GetObjectItemCaseSensitive(race, "actors");
	const cJSON *steps = cJSON_GetObjectItemCaseSensitive(race, "steps");
	if (!cJSON_IsArray(actors) || cJSON_GetArraySize(actors) < 2)
		return key_error("race.actors", "expected a list of at least two actors");
	if (!cJSON_IsArray(steps) || !steps->child)
		return key_error("race.steps", "expected a non-empty list of steps");
	int i = 0;
	const cJSON *item;
	cJSON_ArrayForEach(item, actors) {
		char sub[KEY_PATH_MAX];
		snprintf(sub, sizeof(sub), "race.actors[%d]", i++);
		struct pgr_error *err = parse_actor(rule, item, sub);
		if (err)
			return err;
	}
	i = 0;
	cJSON_ArrayForEach(item, steps) {
		char sub[KEY_PATH_MAX];
		snprintf(sub, sizeof(sub), "race.steps[%d]", i++);
		struct race_step *s = race_step_vector_append_entry(&rule->steps);
		if (!s)
			return &pgr_enomem;
		struct pgr_error *err;
		if (!cJSON_IsObject(item))
			return key_error(sub, "expected {\"actor\": NAME, \"does\": TEXT}");
		if ((err = get_string(rule, item, "actor", true, &s->actor)) ||
		    (err = get_string(rule, item, "does", true, &s->does)))
			return pgr_error_prefix(err, "%s", sub);
		bool known = false;
		vector_for_each(struct actor, a, &rule->actors)
			known |= strcmp(a->name, s->actor) == 0;
		if (!known)
			return key_error(sub, "actor \"%s\" is not one of race.actors", s->actor);
	}
	return NULL;
}

static const char *const commit_keys[] = {
	"id", "title", "release", "stable", "prerequisite", "verified",
};

/*
 * A commit's releases: "release" is the first mainline tag with it
 * ("v5.10-rc6"), "stable" the first release of each stable branch that
 * carries it ("5.9.12").  Version knowledge answers per branch from them.
 */
static struct pgr_error *parse_commit_details(struct rule *rule,
					      const cJSON *item,
					      const char *key,
					      struct fix_commit *fc)
{
	char sub[KEY_PATH_MAX];
	struct kernel_version v;
	const cJSON *k;
	cJSON_ArrayForEach(k, item) {
		bool known = false;
		for (size_t i = 0;
		     i < sizeof(commit_keys) / sizeof(commit_keys[0]); i++)
			known |= strcmp(k->string, commit_keys[i]) == 0;
		snprintf(sub, sizeof(sub), "%.256s.%s", key, k->string);
		if (!known)
			return key_error(sub, "unknown key (known: id, title, release, stable, prerequisite, verified)");
	}
	snprintf(sub, sizeof(sub), "%.256s.release", key);
	if (!kernel_version_parse(fc->release, &v) || v.patch)
		return key_error(sub, "\"%s\" is not a mainline release like v5.16 or v5.10-rc6",
				 fc->release);
	const cJSON *stable = cJSON_GetObjectItemCaseSensitive(item, "stable");
	snprintf(sub, sizeof(sub), "%.256s.stable", key);
	struct pgr_error *err;
	if (stable && (err = get_string_list(rule, stable, sub, &fc->stable)))
		return err;
	vector_for_each(char *, s, &fc->stable) {
		if (!kernel_version_parse(*s, &v) || !v.patch || v.rc)
			return key_error(sub, "\"%s\" is not a stable release like 5.9.12", *s);
	}
	const cJSON *flag;
	enum tristate t = TRI_UNKNOWN;
	if ((flag = cJSON_GetObjectItemCaseSensitive(item, "prerequisite"))) {
		snprintf(sub, sizeof(sub), "%.256s.prerequisite", key);
		if ((err = parse_bool(flag, sub, &t)))
			return err;
		fc->prerequisite = t == TRI_TRUE;
	}
	if ((flag = cJSON_GetObjectItemCaseSensitive(item, "verified"))) {
		snprintf(sub, sizeof(sub), "%.256s.verified", key);
		if ((err = parse_bool(flag, sub, &t)))
			return err;
		fc->verified = t == TRI_TRUE;
	}
	// What "fixed in" shows: the mainline tag, then the stable ones.
	if (!fc->prerequisite) {
		char *m = fc->release;
		if (!string_vector_append(&rule->fixed, &m))
			return &pgr_enomem;
		vector_for_each(char *, s, &fc->stable) {
			if (!string_vector_append(&rule->fixed, s))
				return &pgr_enomem;
		}
	}
	return NULL;
}

static struct pgr_error *parse_fix(struct rule *rule, const cJSON *root)
{
	const cJSON *fix = cJSON_GetObjectItemCaseSensitive(root, "fix");
	if (!cJSON_IsObject(fix))
		return key_error("fix", "missing or not an object");
	struct pgr_error *err;
	if ((err = get_string(rule, fix, "change", true, &rule->fix_change)) ||
	    (err = get_string(rule, fix, "workaround", false,
			      &rule->workaround)))
		return pgr_error_prefix(err, "fix");
	const cJSON *commits = cJSON_GetObjectItemCaseSensitive(fix, "commits");
	if (!cJSON_IsArray(commits))
		return key_error("fix.commits", "missing or not a list (use [] when no fix landed)");
	int i = 0;
	const cJSON *item;
	cJSON_ArrayForEach(item, commits) {
		char sub[KEY_PATH_MAX];
		snprintf(sub, sizeof(sub), "fix.commits[%d]", i++);
		if (!cJSON_IsObject(item))
			return key_error(sub, "expected {\"id\", \"title\", \"release\"}");
		struct fix_commit *fc =
			fix_commit_vector_append_entry(&rule->commits);
		if (!fc)
			return &pgr_enomem;
		if ((err = get_string(rule, item, "id", true, &fc->id)) ||
		    (err = get_string(rule, item, "title", true, &fc->title)) ||
		    (err = get_string(rule, item, "release", true,
				      &fc->release)))
			return pgr_error_prefix(err, "%s", sub);
		size_t n = strspn(fc->id, "0123456789abcdef");
		if (n < 7 || fc->id[n])
			return key_error(sub, "id \"%s\" is not a commit hash (7+ lowercase hex digits)", fc->id);
		if ((err = parse_commit_details(rule, item, sub, fc)))
			return err;
	}
	return NULL;
}

static struct pgr_error *parse_kernels(struct rule *rule, const cJSON *root)
{
	const cJSON *k = cJSON_GetObjectItemCaseSensitive(root, "kernels");
	if (!k)
		return NULL;
	if (!cJSON_IsObject(k))
		return key_error("kernels", "expected {\"introduced\": V, \"fixed\": [V...]}");
	struct pgr_error *err = parse_version_key(rule, k, "kernels",
						  "introduced",
						  &rule->introduced);
	if (err)
		return err;
	const cJSON *item;
	cJSON_ArrayForEach(item, k) {
		if (strcmp(item->string, "introduced") != 0)
			return key_error("kernels", "unknown key \"%s\" (known: introduced; fixed releases belong to fix.commits[].release and .stable)",
					 item->string);
	}
	return NULL;
}

static const char *const top_level_keys[] = {
	"format",     "id",    "bug",	       "title",	   "subsystem",
	"kernels",    "fix",   "references",   "root_cause", "race",
	"required",   "supporting", "comment",
};

static struct pgr_error *check_top_level_keys(const cJSON *root)
{
	const cJSON *item;
	cJSON_ArrayForEach(item, root) {
		bool known = false;
		for (size_t i = 0;
		     i < sizeof(top_level_keys) / sizeof(top_level_keys[0]); i++)
			known |= strcmp(item->string, top_level_keys[i]) == 0;
		if (!known)
			return key_error(item->string, "unknown key");
	}
	return NULL;
}

static struct pgr_error *check_id(const struct rule *rule, const char *path)
{
	if (strspn(rule->id, "abcdefghijklmnopqrstuvwxyz0123456789-") !=
	    strlen(rule->id))
		return key_error("id", "\"%s\" may hold only a-z, 0-9 and -", rule->id);
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	size_t n = strlen(rule->id);
	if (strncmp(base, rule->id, n) != 0 || strcmp(base + n, ".json") != 0)
		return key_error("id", "\"%s\" does not match the file name %s", rule->id, base);
	return NULL;
}

/* "required[2]" or "supporting[0]" for messages about a condition. */
static void condition_key(const struct rule *rule, const struct condition *c,
			  char *buf, size_t size)
{
	int index = 0;
	vector_for_each(const struct condition, o, &rule->conditions) {
		if (o == c)
			break;
		index += o->required == c->required;
	}
	snprintf(buf, size, "%s[%d]", c->required ? "required" : "supporting",
		 index);
}

static bool lists_intersect(const struct string_vector *a,
			    const struct string_vector *b, const char **which)
{
	vector_for_each(char *, x, a) {
		vector_for_each(char *, y, b) {
			if (strcmp(*x, *y) == 0) {
				*which = *x;
				return true;
			}
		}
	}
	return false;
}

/*
 * A rule that no record can satisfy is a broken rule, not a rule that
 * never matches: required frames that must also be absent, two required
 * kind lists with nothing in common, an empty kernel range.
 */
static struct pgr_error *check_contradictions(const struct rule *rule)
{
	char ka[32], kb[32];
	const char *which;
	vector_for_each(const struct condition, a, &rule->conditions) {
		if (a->type == COND_KERNEL && a->version_min &&
		    a->version_below) {
			struct kernel_version lo, hi;
			kernel_version_parse(a->version_min, &lo);
			kernel_version_parse(a->version_below, &hi);
			condition_key(rule, a, ka, sizeof(ka));
			if (kernel_version_cmp(&lo, &hi) >= 0)
				return key_error(ka, "kernel range [%s, %s) is empty",
						 a->version_min, a->version_below);
		}
		if (!a->required)
			continue;
		vector_for_each(const struct condition, b, &rule->conditions) {
			if (b == a || !b->required)
				continue;
			condition_key(rule, a, ka, sizeof(ka));
			condition_key(rule, b, kb, sizeof(kb));
			bool wants_frame = a->type == COND_FRAMES ||
					   a->type == COND_FAULT_FUNCTION ||
					   a->type == COND_GUILTY_FUNCTION;
			if (wants_frame && b->type == COND_FRAMES_ABSENT &&
			    lists_intersect(&a->names, &b->names, &which))
				return key_error(ka, "requires %s, which %s requires to be absent",
						 which, kb);
			if (a->type == COND_KIND && b->type == COND_KIND &&
			    b > a && !lists_intersect(&a->names, &b->names, &which))
				return key_error(ka, "no crash kind satisfies both it and %s", kb);
		}
	}
	return NULL;
}

/*
 * Required means essential.  Which file and line a BUG/WARN names, which
 * module or thread ran it and how a message is worded change with every
 * kernel, module and reproducer: they support a verdict, they cannot be
 * required.  What is required is the crash kind and the fault-site
 * family, or a decisive dump finding.
 */
static struct pgr_error *check_required_essential(const struct rule *rule)
{
	char ka[32];
	bool kind = false, site = false, decisive = false;
	vector_for_each(const struct condition, c, &rule->conditions) {
		if (!c->required)
			continue;
		condition_key(rule, c, ka, sizeof(ka));
		switch (c->type) {
		case COND_SOURCE_FILE:
		case COND_SOURCE_LINE:
		case COND_MESSAGE:
		case COND_MODULE:
		case COND_ARCH:
			return key_error(ka, "%s is incidental text (it differs between kernels, modules and reproducers): move it to supporting",
					 condition_type_key(c->type));
		case COND_OTHER_TASK:
			if (c->comm)
				return key_error(ka, "other_task.comm is incidental text (a thread's name, not its role): move it to supporting");
			break;
		case COND_KIND:
			kind = true;
			break;
		case COND_FAULT_FUNCTION:
		case COND_GUILTY_FUNCTION:
		case COND_FRAMES:
		case COND_FRAMES_ANY:
			site = true;
			break;
		default:
			break;
		}
		decisive |= c->decisive &&
			    (c->type == COND_FINDING || c->type == COND_PAGE);
		if (c->decisive && c->type != COND_FINDING &&
		    c->type != COND_PAGE)
			return key_error(ka, "decisive: only dump state (finding, page) can be a required decisive condition");
	}
	if (!(kind && site) && !decisive)
		return key_error("required", "requires nothing essential: it needs the crash kind and the fault site (fault_function, guilty_function, frames), or a decisive finding");
	return NULL;
}

static struct pgr_error *parse_rule(struct rule *rule, const cJSON *root,
				    const char *path)
{
	struct pgr_error *err;
	if (!cJSON_IsObject(root))
		return pgr_error_create(PGR_ERROR_SYNTAX, "the top level is not a JSON object");
	if ((err = check_top_level_keys(root)))
		return err;
	const cJSON *format = cJSON_GetObjectItemCaseSensitive(root, "format");
	if (!cJSON_IsNumber(format) || format->valuedouble != 1)
		return key_error("format", "missing or not 1 (the only format this pagerace reads)");
	if ((err = get_string(rule, root, "id", true, &rule->id)) ||
	    (err = check_id(rule, path)) ||
	    (err = get_string(rule, root, "bug", false, &rule->bug)) ||
	    (err = get_string(rule, root, "title", true, &rule->title)) ||
	    (err = get_string(rule, root, "subsystem", true,
			      &rule->subsystem)) ||
	    (err = get_string(rule, root, "root_cause", true,
			      &rule->root_cause)) ||
	    (err = parse_kernels(rule, root)) || (err = parse_fix(rule, root)))
		return err;
	const cJSON *refs = cJSON_GetObjectItemCaseSensitive(root, "references");
	if (!refs || !cJSON_GetArraySize(refs))
		return key_error("references", "missing or empty (at least one reference)");
	if ((err = get_string_list(rule, refs, "references",
				   &rule->references)) ||
	    (err = parse_race(rule, root)) ||
	    (err = parse_conditions(rule, root, "required", true)) ||
	    (err = parse_conditions(rule, root, "supporting", false)) ||
	    (err = check_contradictions(rule)) ||
	    (err = check_required_essential(rule)))
		return err;
	return NULL;
}

static void rule_destroy(struct rule *rule)
{
	if (!rule)
		return;
	vector_for_each(struct condition, c, &rule->conditions) {
		string_vector_deinit(&c->names);
		string_vector_deinit(&c->page.flags_present);
		string_vector_deinit(&c->page.flags_absent);
		pcre2_code_free(c->regex);
		pcre2_code_free(c->comm);
		pcre2_code_free(c->page.reason);
	}
	condition_vector_deinit(&rule->conditions);
	vector_for_each(struct actor, a, &rule->actors) {
		string_vector_deinit(&a->frames_any);
		pcre2_code_free(a->comm);
	}
	actor_vector_deinit(&rule->actors);
	race_step_vector_deinit(&rule->steps);
	vector_for_each(struct fix_commit, fc, &rule->commits)
		string_vector_deinit(&fc->stable);
	fix_commit_vector_deinit(&rule->commits);
	string_vector_deinit(&rule->fixed);
	string_vector_deinit(&rule->references);
	pgr_arena_deinit(&rule->arena);
	free(rule);
}

static void rule_destroyp(struct rule **rule)
{
	rule_destroy(*rule);
}

static struct pgr_error *rule_load_file(const char *path, uint64_t *hash,
					struct rule **ret)
{
	_cleanup_free_ char *buf = NULL;
	size_t len;
	struct pgr_error *err = read_file(path, RULE_FILE_MAX, &buf, &len);
	if (err)
		return err;
	*hash = fnv1a64(*hash, buf, len);
	const char *end = NULL;
	// cJSON 1.7.15 rejects a length-bounded buffer when asked to require
	// the end after the value, so trailing text is checked here.
	_cleanup_(cJSON_Deletep) cJSON *root =
		cJSON_ParseWithLengthOpts(buf, len, &end, false);
	// cJSON gives NULL for bad syntax and for out of memory alike.
	if (!root && json_syntax_valid(buf, len))
		return &pgr_enomem;
	if (root && end)
		end += strspn(end, " \t\r\n");
	if (root && end && end != buf + len) {
		cJSON_Delete(root);
		root = NULL;
	}
	if (!root) {
		size_t off = end ? (size_t)(end - buf) : 0;
		size_t line = 1;
		for (size_t i = 0; i < off && i < len; i++)
			line += buf[i] == '\n';
		return pgr_error_format(PGR_ERROR_SYNTAX,
					"%s:%zu: not valid JSON (near byte %zu)",
					path, line, off);
	}
	_cleanup_(rule_destroyp) struct rule *rule = calloc(1, sizeof(*rule));
	if (!rule)
		return &pgr_enomem;
	pgr_arena_init(&rule->arena);
	rule->path = pgr_arena_strdup(&rule->arena, path);
	if (!rule->path)
		return &pgr_enomem;
	if ((err = parse_rule(rule, root, path)))
		return pgr_error_prefix(err, "%s", path);
	*ret = no_cleanup_ptr(rule);
	return NULL;
}

void rule_set_init(struct rule_set *set)
{
	rule_ptr_vector_init(&set->rules);
	set->hash = FNV1A64_INIT;
}

void rule_set_deinit(struct rule_set *set)
{
	vector_for_each(struct rule *, r, &set->rules)
		rule_destroy(*r);
	rule_ptr_vector_deinit(&set->rules);
}

void rule_problems_deinit(struct rule_problem_vector *problems)
{
	vector_for_each(struct rule_problem, p, problems) {
		free(p->path);
		free(p->message);
	}
	rule_problem_vector_deinit(problems);
}

static int compare_strings(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The *.json files of @p dir, sorted so load order is stable. */
static struct pgr_error *list_rule_files(const char *dir,
					 struct string_vector *ret)
{
	_cleanup_closedir_ DIR *d = opendir(dir);
	if (!d)
		return pgr_error_os(errno, dir, "cannot open rule directory");
	struct dirent *ent;
	while ((errno = 0, ent = readdir(d))) {
		size_t n = strlen(ent->d_name);
		if (n < 6 || strcmp(ent->d_name + n - 5, ".json") != 0)
			continue;
		if (ret->size >= RULE_DIR_MAX)
			return pgr_error_format(PGR_ERROR_LIMIT, "%s: more than %d rule files", dir, RULE_DIR_MAX);
		char *path;
		if (asprintf(&path, "%s/%s", dir, ent->d_name) < 0)
			return &pgr_enomem;
		if (!string_vector_append(ret, &path)) {
			free(path);
			return &pgr_enomem;
		}
	}
	if (errno)
		return pgr_error_os(errno, dir, "cannot read rule directory");
	if (ret->size > 1)
		qsort(ret->data, ret->size, sizeof(char *), compare_strings);
	return NULL;
}

static void free_string_vector(struct string_vector *v)
{
	vector_for_each(char *, s, v)
		free(*s);
	string_vector_deinit(v);
}

static struct pgr_error *add_rule(struct rule_set *set, struct rule *rule)
{
	const struct rule *dup = rule_set_find(set, rule->id);
	if (dup) {
		struct pgr_error *err = pgr_error_format(
			PGR_ERROR_SYNTAX, "%s: id: \"%s\" is already defined by %s",
			rule->path, rule->id, dup->path);
		rule_destroy(rule);
		return err;
	}
	if (!rule_ptr_vector_append(&set->rules, &rule)) {
		rule_destroy(rule);
		return &pgr_enomem;
	}
	return NULL;
}

static struct pgr_error *note_problem(struct rule_problem_vector *problems,
				      const char *path,
				      struct pgr_error *err)
{
	struct rule_problem *p = rule_problem_vector_append_entry(problems);
	if (!p || !(p->path = strdup(path)) ||
	    !(p->message = strdup(err->message)))
		return &pgr_enomem;
	return NULL;
}

struct pgr_error *rule_set_load(struct rule_set *set, const char *path,
				bool keep_going,
				struct rule_problem_vector *problems)
{
	struct stat st;
	if (stat(path, &st) < 0)
		return pgr_error_os(errno, path, "cannot load rules");
	struct string_vector files;
	string_vector_init(&files);
	struct pgr_error *err = NULL;
	if (S_ISDIR(st.st_mode)) {
		err = list_rule_files(path, &files);
	} else {
		char *copy = strdup(path);
		if (!copy || !string_vector_append(&files, &copy)) {
			free(copy);
			err = &pgr_enomem;
		}
	}
	struct pgr_error *first = NULL;
	for (size_t i = 0; !err && i < files.size; i++) {
		struct rule *rule;
		struct pgr_error *ferr =
			rule_load_file(files.data[i], &set->hash, &rule);
		if (!ferr)
			ferr = add_rule(set, rule);
		if (!ferr)
			continue;
		if (ferr->code == PGR_ERROR_NO_MEMORY) {
			err = ferr;
			break;
		}
		if (problems && (err = note_problem(problems, files.data[i],
						    ferr))) {
			pgr_error_destroy(ferr);
			break;
		}
		if (!first)
			first = ferr;
		else
			pgr_error_destroy(ferr);
	}
	free_string_vector(&files);
	if (err) {
		pgr_error_destroy(first);
		return err;
	}
	if (first && keep_going) {
		pgr_error_destroy(first);
		first = NULL;
	}
	return first;
}

const struct rule *rule_set_find(const struct rule_set *set, const char *id)
{
	vector_for_each(struct rule *, r, &set->rules) {
		if (strcmp((*r)->id, id) == 0)
			return *r;
	}
	return NULL;
}
