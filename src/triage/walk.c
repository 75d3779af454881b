// SPDX-License-Identifier: GPL-2.0-or-later
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cleanup.h"
#include "input/detect.h"
#include "record.h"
#include "triage/notlog.h"
#include "triage/walk.h"
#include "util.h"

struct file_id {
	dev_t dev;
	ino_t ino;
	/** Index in the input vector, to drop the later duplicates. */
	size_t index;
};
DEFINE_VECTOR(file_id_vector, struct file_id)

struct walk {
	const struct walk_filter *filter;
	struct triage_input_vector *inputs;
	struct file_id_vector files;
	/** The directories being walked, outermost first. */
	struct file_id_vector ancestors;
};

static struct pgr_error *add_input(struct walk *w, const char *path,
				   const char *error, const char *reason)
{
	struct triage_input *in =
		triage_input_vector_append_entry(w->inputs);
	if (!in)
		return &pgr_enomem;
	in->path = strdup(path);
	in->error = error;
	in->reason = reason ? strdup(reason) : NULL;
	if (!in->path || (reason && !in->reason))
		return &pgr_enomem;
	return NULL;
}

static struct pgr_error *add_os_failure(struct walk *w, const char *path,
					int errnum)
{
	return add_input(w, path, errnum == ELOOP ? "loop" : "os",
			 strerror(errnum));
}

static struct pgr_error *walk_path(struct walk *w, const char *path,
				   bool named);

static bool glob_matches(char *const *globs, size_t n, const char *path)
{
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	for (size_t i = 0; i < n; i++) {
		if (fnmatch(globs[i], path, 0) == 0 ||
		    fnmatch(globs[i], base, 0) == 0)
			return true;
	}
	return false;
}

/*
 * Why a regular file found in a directory is clearly no input, from its
 * first bytes; NULL when it may be one (or cannot be read: its worker
 * then says why).
 */
static const char *not_an_input(const char *path, const struct stat *st)
{
	_cleanup_close_ int fd = open(path, O_RDONLY | O_CLOEXEC);
	char buf[NOTLOG_SAMPLE];
	size_t len;
	if (fd < 0)
		return NULL;
	_cleanup_error_ struct pgr_error *err =
		read_full(fd, path, buf, sizeof(buf), &len);
	if (err || input_classify((unsigned char *)buf, len) != INPUT_LOG)
		return NULL;
	return text_not_a_log(buf, len, (off_t)len >= st->st_size);
}

static int compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void free_names(struct string_vector *names)
{
	vector_for_each(char *, s, names)
		free(*s);
	string_vector_deinit(names);
}

static struct pgr_error *read_names(DIR *dir, struct string_vector *ret,
				     int *errnum_ret)
{
	struct dirent *ent;
	while ((errno = 0, ent = readdir(dir))) {
		if (strcmp(ent->d_name, ".") == 0 ||
		    strcmp(ent->d_name, "..") == 0)
			continue;
		char *name = strdup(ent->d_name);
		if (!name || !string_vector_append(ret, &name)) {
			free(name);
			return &pgr_enomem;
		}
	}
	*errnum_ret = errno;
	if (ret->size)
		qsort(ret->data, ret->size, sizeof(char *), compare_names);
	return NULL;
}

static struct pgr_error *walk_dir(struct walk *w, const char *path)
{
	_cleanup_closedir_ DIR *dir = opendir(path);
	if (!dir)
		return add_os_failure(w, path, errno);
	struct string_vector names;
	string_vector_init(&names);
	int errnum = 0;
	struct pgr_error *err = read_names(dir, &names, &errnum);
	if (!err && errnum)
		err = add_os_failure(w, path, errnum);
	bool slash = path[strlen(path) - 1] == '/';
	for (size_t i = 0; !err && i < names.size; i++) {
		_cleanup_free_ char *child = NULL;
		if (asprintf(&child, "%s%s%s", path, slash ? "" : "/",
			     names.data[i]) < 0)
			err = &pgr_enomem;
		else
			err = walk_path(w, child, false);
	}
	free_names(&names);
	return err;
}

static struct pgr_error *enter_dir(struct walk *w, const char *path,
				   const struct stat *st)
{
	vector_for_each(struct file_id, a, &w->ancestors) {
		if (a->dev == st->st_dev && a->ino == st->st_ino)
			return add_input(w, path, "loop",
					 "symbolic link loop: leads back to a directory being walked");
	}
	struct file_id id = { st->st_dev, st->st_ino, 0 };
	if (!file_id_vector_append(&w->ancestors, &id))
		return &pgr_enomem;
	struct pgr_error *err = walk_dir(w, path);
	w->ancestors.size--;
	return err;
}

static struct pgr_error *walk_path(struct walk *w, const char *path,
				   bool named)
{
	const struct walk_filter *f = w->filter;
	if (!named && f && glob_matches(f->exclude, f->nexclude, path))
		return NULL;
	struct stat st;
	// stat, not lstat: links are followed; a link cycle is ELOOP.
	if (stat(path, &st) < 0)
		return add_os_failure(w, path, errno);
	if (S_ISDIR(st.st_mode))
		return enter_dir(w, path, &st);
	if (!named && f && f->ninclude &&
	    !glob_matches(f->include, f->ninclude, path))
		return NULL;
	if (!S_ISREG(st.st_mode))
		// Opening a FIFO would block the whole batch.
		return add_input(w, path, "not-regular",
				 S_ISFIFO(st.st_mode) ? "not a regular file (a FIFO)" :
				 S_ISSOCK(st.st_mode) ? "not a regular file (a socket)" :
							"not a regular file (a device)");
	struct file_id id = { st.st_dev, st.st_ino, w->inputs->size };
	if (!file_id_vector_append(&w->files, &id))
		return &pgr_enomem;
	const char *what = named ? NULL : not_an_input(path, &st);
	struct pgr_error *err = add_input(w, path, NULL, what);
	if (!err && what)
		w->inputs->data[w->inputs->size - 1].skipped = true;
	return err;
}

static int compare_file_ids(const void *a, const void *b)
{
	const struct file_id *x = a, *y = b;
	if (x->dev != y->dev)
		return x->dev < y->dev ? -1 : 1;
	if (x->ino != y->ino)
		return x->ino < y->ino ? -1 : 1;
	return x->index < y->index ? -1 : x->index > y->index;
}

/* A file reached under two names (links, or named twice) is one input. */
static void drop_duplicates(struct walk *w)
{
	struct file_id_vector *f = &w->files;
	if (f->size)
		qsort(f->data, f->size, sizeof(*f->data), compare_file_ids);
	for (size_t i = 1; i < f->size; i++) {
		if (f->data[i].dev == f->data[i - 1].dev &&
		    f->data[i].ino == f->data[i - 1].ino) {
			struct triage_input *in =
				&w->inputs->data[f->data[i].index];
			free(in->path);
			in->path = NULL;
		}
	}
	size_t n = 0;
	vector_for_each(struct triage_input, in, w->inputs) {
		if (in->path)
			w->inputs->data[n++] = *in;
	}
	w->inputs->size = n;
}

struct pgr_error *walk_inputs(char *const *paths, size_t n,
			      const struct walk_filter *filter,
			      struct triage_input_vector *ret)
{
	struct walk w = { .filter = filter, .inputs = ret };
	file_id_vector_init(&w.files);
	file_id_vector_init(&w.ancestors);
	struct pgr_error *err = NULL;
	for (size_t i = 0; !err && i < n; i++)
		err = walk_path(&w, paths[i], true);
	if (!err)
		drop_duplicates(&w);
	file_id_vector_deinit(&w.files);
	file_id_vector_deinit(&w.ancestors);
	return err;
}

void triage_inputs_deinit(struct triage_input_vector *v)
{
	vector_for_each(struct triage_input, in, v) {
		free(in->path);
		free(in->reason);
	}
	triage_input_vector_deinit(v);
}

struct pgr_error *shard_parse(const char *s, unsigned *k_ret,
			      unsigned *n_ret)
{
	unsigned k, n;
	int end = 0;
	if (sscanf(s, "%u/%u%n", &k, &n, &end) != 2 || s[end] || k < 1 ||
	    k > n)
		return pgr_error_format(PGR_ERROR_SYNTAX,
					"bad shard '%s' (want K/N, 1 <= K <= N)",
					s);
	*k_ret = k;
	*n_ret = n;
	return NULL;
}

bool shard_contains(const char *path, unsigned k, unsigned n)
{
	return fnv1a64(FNV1A64_INIT, path, strlen(path)) % n == k - 1;
}
