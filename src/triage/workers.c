// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cleanup.h"
#include "triage/workers.h"
#include "util.h"

/* Time the parent gives a child past its own alarm before SIGKILL. */
enum { KILL_GRACE_MS = 2000, IDLE_MS = 250 };

bool workers_memory_limit_supported(void)
{
	// ASan reserves terabytes of shadow address space at start-up, so
	// any RLIMIT_AS would make every later mmap fail.
#if defined(__SANITIZE_ADDRESS__)
	return false;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
	return false;
#else
	return true;
#endif
#else
	return true;
#endif
}

static int64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* A worker retires after this many jobs, so leaks cannot pile up. */
enum { WORKER_MAX_JOBS = 1000 };

/*
 * Jobs a worker holds: the one it runs and the next, so that it goes
 * from one to the next without waiting for the parent to wake up.
 */
enum { WORKER_QUEUE = 2 };

struct slot {
	pid_t pid;
	/** Job numbers go down req; framed outputs come up resp. */
	int req, resp;
	/** The worker gets no more jobs: it ends after its queue. */
	bool retiring;
	/** The jobs sent to the worker, in order; the first is running. */
	size_t queue[WORKER_QUEUE];
	unsigned queued;
	char *buf;
	size_t len, cap;
	/** Of the running job, in monotonic ms; 0: none. */
	int64_t deadline;
	bool killed;
	/** Killed over the memory limit (resident memory, under ASan). */
	bool over_memory;
};

struct pool {
	struct slot *slots;
	struct pollfd *pfd;
	unsigned *idx;
	unsigned n;
	const struct worker_limits *limits;
	struct worker_client *client;
	/** The next new job, and how many there are. */
	size_t next, njobs;
	/** Whether job next needs a worker of its own; -1: not known yet. */
	int next_isolated;
	/** Queued jobs given back by workers that ended before them. */
	size_t *retry;
	size_t nretry;
};

/* Frame: "LENGTH[ R]\n" then LENGTH bytes; R: the worker retires. */
static bool send_frame(int fd, const char *data, size_t len, bool retire)
{
	char hdr[32];
	int n = snprintf(hdr, sizeof(hdr), "%zu%s\n", len, retire ? " R" : "");
	// One write for both, so the parent wakes up once per frame.
	struct iovec iov[2] = { { hdr, n }, { (char *)data, len } };
	ssize_t done = writev(fd, iov, 2);
	if (done < 0 && errno != EINTR)
		return false;
	if (done < 0)
		done = 0;
	_cleanup_error_ struct pgr_error *err = NULL;
	if ((size_t)done < (size_t)n)
		err = write_full(fd, "worker pipe", hdr + done, n - done);
	done = (size_t)done < (size_t)n ? 0 : done - n;
	if (!err)
		err = write_full(fd, "worker pipe", data + done, len - done);
	return !err;
}

static void worker_main(struct worker_client *client,
			const struct worker_limits *limits, int req, int resp)
{
	// The parent ignores SIGPIPE; a worker must die of it and alarms.
	signal(SIGPIPE, SIG_DFL);
	signal(SIGALRM, SIG_DFL);
	if (limits->memory && workers_memory_limit_supported()) {
		struct rlimit rl = { limits->memory, limits->memory };
		setrlimit(RLIMIT_AS, &rl);
	}
	FILE *in = fdopen(req, "r");
	char line[32];
	for (unsigned done = 1; in && fgets(line, sizeof(line), in); done++) {
		if (limits->timeout)
			alarm(limits->timeout);
		char *out = NULL;
		size_t len = 0;
		int rc = client->run(client, strtoull(line, NULL, 10), &out,
				     &len);
		alarm(0);
		if (rc > 0)
			_exit(rc);
		bool retire = rc == WORKER_RETIRE || done == WORKER_MAX_JOBS;
		if (!send_frame(resp, out ? out : "", len, retire))
			_exit(4);
		free(out);
		if (retire)
			break;
	}
	// _exit: the stdio buffers are the parent's, not ours to flush.
	_exit(0);
}

static void close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

static struct pgr_error *spawn(struct pool *pool, struct slot *s)
{
	int req[2], resp[2];
	if (pipe2(req, O_CLOEXEC) < 0)
		return pgr_error_os(errno, "pipe", NULL);
	if (pipe2(resp, O_CLOEXEC) < 0) {
		int e = errno;
		close(req[0]);
		close(req[1]);
		return pgr_error_os(e, "pipe", NULL);
	}
	pid_t pid = fork();
	if (pid == 0) {
		// Other workers' request pipes must see EOF when the parent
		// closes them, so no copy may live on here.
		for (unsigned i = 0; i < pool->n; i++) {
			close_fd(&pool->slots[i].req);
			close_fd(&pool->slots[i].resp);
		}
		close(req[1]);
		close(resp[0]);
		worker_main(pool->client, pool->limits, req[0], resp[1]);
	}
	int e = errno;
	close(req[0]);
	close(resp[1]);
	if (pid < 0) {
		close(req[1]);
		close(resp[0]);
		return pgr_error_os(e, "fork", NULL);
	}
	*s = (struct slot){ .pid = pid, .req = req[1], .resp = resp[0] };
	return NULL;
}

static void start_clock(struct pool *pool, struct slot *s)
{
	s->killed = false;
	s->over_memory = false;
	s->deadline = pool->limits->timeout ?
			      now_ms() + pool->limits->timeout * 1000LL +
				      KILL_GRACE_MS :
			      0;
}

static void dispatch(struct pool *pool, struct slot *s, size_t job,
		     bool isolated)
{
	char line[32];
	int n = snprintf(line, sizeof(line), "%zu\n", job);
	s->queue[s->queued++] = job;
	if (s->queued == 1)
		start_clock(pool, s);
	// A worker that died idle shows as a failed write, then as EOF:
	// the job is then reported with the worker's exit status.
	pgr_error_destroy(write_full(s->req, "worker pipe", line, n));
	if (isolated) {
		s->retiring = true;
		close_fd(&s->req);
	}
}

/* The worker ends: the jobs queued behind its running one go back. */
static void retire(struct pool *pool, struct slot *s)
{
	s->retiring = true;
	close_fd(&s->req);
	while (s->queued > 1)
		pool->retry[pool->nretry++] = s->queue[--s->queued];
}

static size_t jobs_left(const struct pool *pool)
{
	return pool->njobs - pool->next + pool->nretry;
}

static bool next_is_isolated(struct pool *pool)
{
	if (pool->nretry || !pool->client->isolate)
		return false;
	if (pool->next_isolated < 0)
		pool->next_isolated =
			pool->client->isolate(pool->client, pool->next);
	return pool->next_isolated;
}

static size_t take_job(struct pool *pool)
{
	if (pool->nretry)
		return pool->retry[--pool->nretry];
	pool->next_isolated = -1;
	return pool->next++;
}

/*
 * Hand out jobs: to idle workers, starting workers where there are none,
 * and a second one to a busy worker unless the batch is near its end
 * (where a job waiting behind a slow one would hold up the batch).
 */
static struct pgr_error *fill_slots(struct pool *pool)
{
	for (unsigned i = 0; i < pool->n; i++) {
		struct slot *s = &pool->slots[i];
		if (s->pid && (s->retiring || s->queued == WORKER_QUEUE))
			continue;
		size_t left = jobs_left(pool);
		if (!left) {
			// Nothing for an idle worker: let it end.
			if (s->pid && !s->queued)
				retire(pool, s);
			continue;
		}
		if (s->pid && s->queued && left <= pool->n)
			continue;
		bool isolated = next_is_isolated(pool);
		// An isolated job does not share a worker: its own starts.
		if (s->pid && isolated) {
			if (!s->queued)
				retire(pool, s);
			continue;
		}
		struct pgr_error *err = s->pid ? NULL : spawn(pool, s);
		if (err)
			return err;
		dispatch(pool, s, take_job(pool), isolated);
	}
	return NULL;
}

/* The running job is done: tell the client, start the next one's clock. */
static struct pgr_error *report(struct pool *pool, struct slot *s,
				const char *out, size_t len, int status)
{
	struct worker_result r = {
		.job = s->queue[0],
		.output = out,
		.len = len,
		.status = status,
		.killed = s->killed,
		.over_memory = s->over_memory,
	};
	memmove(s->queue, s->queue + 1, --s->queued * sizeof(s->queue[0]));
	if (s->queued)
		start_clock(pool, s);
	return pool->client->done(pool->client, &r);
}

/* Hand each complete frame in the buffer to the client. */
static struct pgr_error *take_frames(struct pool *pool, struct slot *s)
{
	for (;;) {
		char *nl = memchr(s->buf, '\n', s->len);
		if (!nl || !s->queued)
			return NULL;
		char *end;
		size_t len = strtoull(s->buf, &end, 10);
		size_t hdr = nl + 1 - s->buf;
		if (s->len - hdr < len)
			return NULL;
		if (*end == ' ')
			retire(pool, s);
		char keep = s->buf[hdr + len];
		s->buf[hdr + len] = '\0';
		struct pgr_error *err = report(pool, s, s->buf + hdr, len, 0);
		s->buf[hdr + len] = keep;
		memmove(s->buf, s->buf + hdr + len, s->len - hdr - len);
		s->len -= hdr + len;
		if (err)
			return err;
	}
}

static struct pgr_error *read_some(struct slot *s, bool *eof_ret)
{
	if (s->cap - s->len < 65536) {
		size_t cap = s->cap ? s->cap * 2 : 131072;
		char *b = realloc(s->buf, cap);
		if (!b)
			return &pgr_enomem;
		s->buf = b;
		s->cap = cap;
	}
	ssize_t n = read(s->resp, s->buf + s->len, s->cap - s->len - 1);
	*eof_ret = n == 0;
	if (n < 0 && errno != EINTR && errno != EAGAIN)
		return pgr_error_os(errno, "worker pipe", "cannot read");
	if (n > 0)
		s->len += n;
	return NULL;
}

/* The worker is gone: a job it had fails with its exit status. */
static struct pgr_error *reap(struct pool *pool, struct slot *s)
{
	int status;
	while (waitpid(s->pid, &status, 0) < 0 && errno == EINTR)
		;
	close_fd(&s->req);
	close_fd(&s->resp);
	struct pgr_error *err = NULL;
	retire(pool, s);
	if (s->queued) {
		// A worker may exit 0 with a job in hand (it died between
		// jobs, or a half frame): still a failure.
		if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
			status = 4 << 8;
		err = report(pool, s, "", 0, status);
	}
	free(s->buf);
	*s = (struct slot){ .req = -1, .resp = -1 };
	return err;
}

static void kill_all(struct pool *pool)
{
	for (unsigned i = 0; i < pool->n; i++) {
		struct slot *s = &pool->slots[i];
		if (!s->pid)
			continue;
		kill(s->pid, SIGKILL);
		while (waitpid(s->pid, NULL, 0) < 0 && errno == EINTR)
			;
		close_fd(&s->req);
		close_fd(&s->resp);
		free(s->buf);
		s->pid = 0;
	}
}

/* Resident memory of @p pid in bytes; 0 when it cannot be read. */
static uint64_t resident_bytes(pid_t pid)
{
	char path[64];
	snprintf(path, sizeof(path), "/proc/%d/statm", (int)pid);
	_cleanup_fclose_ FILE *f = fopen(path, "re");
	unsigned long long size, rss;
	if (!f || fscanf(f, "%llu %llu", &size, &rss) != 2)
		return 0;
	return (uint64_t)rss * (uint64_t)sysconf(_SC_PAGESIZE);
}

/*
 * Where RLIMIT_AS cannot be used (ASan), the parent holds each running
 * job to the memory limit by its resident memory, looked at every
 * IDLE_MS: a worker over it is killed and its job fails as out of memory.
 */
static void enforce_memory(struct pool *pool)
{
	if (!pool->limits->memory || workers_memory_limit_supported())
		return;
	for (unsigned i = 0; i < pool->n; i++) {
		struct slot *s = &pool->slots[i];
		if (!s->pid || !s->queued || s->killed || s->over_memory)
			continue;
		if (resident_bytes(s->pid) > pool->limits->memory) {
			kill(s->pid, SIGKILL);
			s->over_memory = true;
		}
	}
}

/* Kill the workers past their deadline; the poll timeout until the next. */
static int enforce_deadlines(struct pool *pool)
{
	int64_t now = now_ms(), wait = IDLE_MS;
	enforce_memory(pool);
	for (unsigned i = 0; i < pool->n; i++) {
		struct slot *s = &pool->slots[i];
		if (!s->pid || !s->queued || !s->deadline || s->killed)
			continue;
		if (now >= s->deadline) {
			kill(s->pid, SIGKILL);
			s->killed = true;
		} else if (s->deadline - now < wait) {
			wait = s->deadline - now;
		}
	}
	return (int)wait;
}

static struct pgr_error *poll_slots(struct pool *pool)
{
	unsigned m = 0;
	for (unsigned i = 0; i < pool->n; i++) {
		if (!pool->slots[i].pid)
			continue;
		pool->pfd[m] = (struct pollfd){ .fd = pool->slots[i].resp,
						.events = POLLIN };
		pool->idx[m++] = i;
	}
	int timeout = enforce_deadlines(pool);
	if (poll(pool->pfd, m, timeout) < 0 && errno != EINTR)
		return pgr_error_os(errno, "poll", NULL);
	for (unsigned j = 0; j < m; j++) {
		if (!(pool->pfd[j].revents & (POLLIN | POLLHUP | POLLERR)))
			continue;
		struct slot *s = &pool->slots[pool->idx[j]];
		bool eof;
		struct pgr_error *err = read_some(s, &eof);
		if (!err)
			err = take_frames(pool, s);
		if (!err && eof)
			err = reap(pool, s);
		if (err)
			return err;
	}
	return NULL;
}

static bool any_worker(const struct pool *pool)
{
	for (unsigned i = 0; i < pool->n; i++) {
		if (pool->slots[i].pid)
			return true;
	}
	return false;
}

struct pgr_error *workers_run(unsigned jobs, const struct worker_limits *limits,
			      size_t njobs, struct worker_client *client)
{
	_cleanup_free_ struct slot *slots = calloc(jobs, sizeof(*slots));
	_cleanup_free_ struct pollfd *pfd = calloc(jobs, sizeof(*pfd));
	_cleanup_free_ unsigned *idx = calloc(jobs, sizeof(*idx));
	_cleanup_free_ size_t *retry =
		calloc(jobs, WORKER_QUEUE * sizeof(*retry));
	if (!slots || !pfd || !idx || !retry)
		return &pgr_enomem;
	for (unsigned i = 0; i < jobs; i++)
		slots[i] = (struct slot){ .req = -1, .resp = -1 };
	struct pool pool = { .slots = slots,
			     .pfd = pfd,
			     .idx = idx,
			     .n = jobs,
			     .limits = limits,
			     .client = client,
			     .njobs = njobs,
			     .next_isolated = -1,
			     .retry = retry };
	// A worker that died idle must not kill us when we write to it.
	void (*old_pipe)(int) = signal(SIGPIPE, SIG_IGN);
	int64_t last_idle = 0;
	struct pgr_error *err = NULL;
	while (!err && (jobs_left(&pool) || any_worker(&pool))) {
		err = fill_slots(&pool);
		if (!err)
			err = poll_slots(&pool);
		if (client->idle && now_ms() - last_idle >= IDLE_MS) {
			client->idle(client);
			last_idle = now_ms();
		}
	}
	if (err)
		kill_all(&pool);
	signal(SIGPIPE, old_pipe);
	return err;
}

struct pgr_error *worker_failure_reason(const struct worker_result *r,
					const struct worker_limits *limits,
					const char **kind_ret, char **ret)
{
	int sig = WIFSIGNALED(r->status) ? WTERMSIG(r->status) : 0;
	int n = 0;
	*ret = NULL;
	if (WIFEXITED(r->status) && WEXITSTATUS(r->status) == 0 && !r->killed)
		return NULL;
	if (r->over_memory) {
		*kind_ret = "no-memory";
		n = asprintf(
			ret,
			"analysis exceeded the memory limit of %llu MiB (resident memory: an AddressSanitizer build)",
			(unsigned long long)(limits->memory >> 20));
	} else if (r->killed || sig == SIGALRM) {
		*kind_ret = "timeout";
		n = asprintf(ret, "analysis exceeded the time limit of %u s",
			     limits->timeout);
	} else if (sig) {
		*kind_ret = "crash";
		n = asprintf(ret, "worker process killed by signal %d (%s)%s",
			     sig, strsignal(sig),
			     sig == SIGKILL ? "; out of memory?" : "");
	} else {
		*kind_ret = "crash";
		n = asprintf(ret, "worker process exited with status %d",
			     WEXITSTATUS(r->status));
	}
	return n < 0 ? &pgr_enomem : NULL;
}
