// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cleanup.h"
#include "rules_path.h"

/*
 * "signatures" in the directory of the running executable, or NULL in
 * *ret when /proc/self/exe cannot be read (a chroot without /proc).  No
 * build path is compiled in, so a package build stays reproducible.
 */
static struct pgr_error *next_to_executable(char **ret)
{
	char exe[PATH_MAX];
	*ret = NULL;
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n <= 0)
		return NULL;
	exe[n] = '\0';
	char *slash = strrchr(exe, '/');
	if (!slash)
		return NULL;
	*slash = '\0';
	if (asprintf(ret, "%s/signatures", exe) < 0) {
		*ret = NULL;
		return &pgr_enomem;
	}
	return NULL;
}

static bool is_directory(const char *path, int *errnum)
{
	struct stat st;
	if (stat(path, &st) < 0) {
		*errnum = errno;
		return false;
	}
	*errnum = ENOTDIR;
	return S_ISDIR(st.st_mode);
}

struct pgr_error *rules_default_path(char **ret)
{
	const char *env = getenv("PAGERACE_SIGNATURES");
	if (env && *env)
		return (*ret = strdup(env)) ? NULL : &pgr_enomem;

	_cleanup_free_ char *local = NULL;
	struct pgr_error *err = next_to_executable(&local);
	if (err)
		return err;
	int local_errno = 0, installed_errno = 0;
	if (local && is_directory(local, &local_errno)) {
		*ret = no_cleanup_ptr(local);
		return NULL;
	}
	if (is_directory(PGR_DATADIR, &installed_errno))
		return (*ret = strdup(PGR_DATADIR)) ? NULL : &pgr_enomem;

	const char *where =
		local ? local :
			"the executable's directory (/proc/self/exe unreadable)";
	return pgr_error_format(PGR_ERROR_NOT_FOUND,
				"cannot find the rules; looked in %s (%s) and "
				"%s (%s); pass -s PATH or set "
				"PAGERACE_SIGNATURES",
				where, local ? strerror(local_errno) : "-",
				PGR_DATADIR, strerror(installed_errno));
}

struct pgr_error *kb_file_default_path(char **ret)
{
	*ret = NULL;
	/* Set but empty: no knowledge file (tests that must not depend on
	 * one being installed). */
	const char *env = getenv("PAGERACE_KB");
	if (env)
		return !*env || (*ret = strdup(env)) ? NULL : &pgr_enomem;
	_cleanup_free_ char *local = NULL;
	struct pgr_error *err = next_to_executable(&local);
	if (err)
		return err;
	if (local) {
		/* An uninstalled build: beside the source tree's rules that
		 * its "signatures" link points to. */
		_cleanup_free_ char *file = NULL;
		if (asprintf(&file, "%s/../data/known-bugs.kb.zst", local) < 0)
			return &pgr_enomem;
		if (access(file, R_OK) == 0) {
			*ret = no_cleanup_ptr(file);
			return NULL;
		}
	}
	return (*ret = strdup(PGR_DATADIR "/known-bugs.kb.zst")) ? NULL :
								   &pgr_enomem;
}
