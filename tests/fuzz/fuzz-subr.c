// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "fuzz-subr.h"

void fuzz_input_file(const uint8_t *data, size_t size, int *fd_ret,
		     char path_ret[32])
{
	int fd = memfd_create("fuzz-input", MFD_CLOEXEC);
	if (fd < 0)
		abort();
	for (size_t done = 0; done < size;) {
		ssize_t n = write(fd, data + done, size - done);
		if (n <= 0)
			abort();
		done += n;
	}
	snprintf(path_ret, 32, "/proc/self/fd/%d", fd);
	*fd_ret = fd;
}

const struct rule_set *fuzz_rules(void)
{
	static struct rule_set set;
	static bool loaded;
	if (loaded)
		return &set;
	const char *path = getenv("PAGERACE_SIGNATURES");
	if (!path)
		path = PGR_FUZZ_SIGNATURES;
	struct rule_problem_vector problems;
	rule_problem_vector_init(&problems);
	rule_set_init(&set);
	struct pgr_error *err = rule_set_load(&set, path, false, &problems);
	if (err || !set.rules.size) {
		fprintf(stderr, "fuzz: cannot load the rules at %s: %s\n", path,
			err ? err->message : "no rules");
		abort();
	}
	rule_problems_deinit(&problems);
	loaded = true;
	return &set;
}

FILE *fuzz_null_stream(void)
{
	static FILE *null;
	if (!null && !(null = fopen("/dev/null", "w")))
		abort();
	return null;
}

void fuzz_done(struct pgr_error *err)
{
	if (err == &pgr_enomem)
		abort();
	if (err && getenv("PGR_FUZZ_DEBUG"))
		fprintf(stderr, "fuzz: %s\n", err->message);
	pgr_error_destroy(err);
}
