// SPDX-License-Identifier: GPL-2.0-or-later
// Over 700 lines: every libkdumpfile call of pagerace goes through here
// (opening, attributes, VMCOREINFO, reads by address kind, per-CPU notes).
// The libkdumpfile adapter: every failing libkdumpfile call becomes a
// pgr_error reading "kdump_xxx(...): <libkdumpfile's own text>".
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <libkdumpfile/addrxlat.h>
#include <libkdumpfile/kdumpfile.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cleanup.h"
#include "input/detect.h"
#include "vmcore/dump_check.h"
#include "vmcore/dump.h" // IWYU pragma: associated
#include "vmcore/staging.h"

// Kernel virtual pages translated to physical ones, direct-mapped by page
// number: a dump never changes, so an entry never goes stale.  A report
// reads a few thousand distinct pages.
enum { XLAT_CACHE_SIZE = 1024 };

struct xlat_entry {
	/** Virtual page address; 0 (never translated: see vmcore_read) = empty. */
	uint64_t vpage;
	uint64_t ppage;
};

struct vmcore_dump {
	kdump_ctx_t *ctx;
	/**
	 * Set for ELF dumps, whose kernel virtual reads pagerace translates
	 * itself (see vmcore_read()); NULL for the other formats.
	 */
	addrxlat_ctx_t *axctx;
	addrxlat_sys_t *axsys;
	struct xlat_entry *xlat_cache;
	int fd;
	char *path;
	/** kdump_vmcoreinfo_raw() copy; owned. */
	char *vmcoreinfo;
	char *format, *arch, *release, *build_id;
	/** What a dump cut short lacks, or NULL. */
	char *incomplete;
	/**
	 * VMCOREINFO NUMBER(phys_base), for reading the kernel image of a
	 * dump whose page tables are not in it (see vmcore_read()).
	 */
	uint64_t phys_base;
	bool has_phys_base;
	struct vmcore_facts facts;
};

// x86-64 struct elf_prstatus: pr_pid at 32, pr_reg (a struct pt_regs
// image, in this order) at 112.
static const size_t PRSTATUS_PID_OFFSET = 32;
static const size_t PRSTATUS_REG_OFFSET = 112;
static const char *const prstatus_regs[] = {
	"r15", "r14", "r13", "r12", "rbp", "rbx", "r11", "r10", "r9",
	"r8", "rax", "rcx", "rdx", "rsi", "rdi", "orig_rax", "rip", "cs",
	"rflags", "rsp", "ss", "fs_base", "gs_base", "ds", "es", "fs", "gs",
};

/*
 * libkdumpfile 0.5.1 reports its allocation failures as KDUMP_ERR_SYSTEM
 * with "Cannot allocate ..." in the text: the text is all that tells
 * them from a bad dump.
 */
static bool kdump_out_of_memory(const char *msg)
{
	return msg && strstr(msg, "Cannot allocate");
}

static struct pgr_error *error_kdump(kdump_ctx_t *ctx, const char *path,
				     const char *call)
{
	const char *msg = kdump_get_err(ctx);
	if (kdump_out_of_memory(msg))
		return &pgr_enomem;
	return pgr_error_format(PGR_ERROR_BAD_DATA, "%s: %s: %s", path, call,
				msg ? msg : "unknown libkdumpfile error");
}

static void kdump_freep(kdump_ctx_t **ctx)
{
	if (*ctx)
		kdump_free(*ctx);
}

// A context with the attributes that must be set before opening: the OS
// type (so libaddrxlat sets up Linux page tables) and, for QEMU's kdump
// files whose header leaves the machine empty, the architecture.
static struct pgr_error *kdump_open_as(const char *path, int fd,
				       const char *arch, kdump_ctx_t **ret)
{
	_cleanup_(kdump_freep) kdump_ctx_t *ctx = kdump_new();
	if (!ctx)
		return &pgr_enomem;
	if (kdump_set_string_attr(ctx, KDUMP_ATTR_OSTYPE, "linux") != KDUMP_OK)
		return error_kdump(ctx, path, "kdump_set_string_attr(ostype)");
	// A mapping of a file that is shorter than its headers claim (a
	// truncated dump) turns reads past the end into SIGBUS: read(2) only.
	if (kdump_set_number_attr(ctx, KDUMP_ATTR_FILE_MMAP_POLICY,
				  KDUMP_MMAP_NEVER) != KDUMP_OK)
		return error_kdump(ctx, path,
				   "kdump_set_number_attr(file.mmap_policy)");
	// libkdumpfile keeps 1,024 pages by default in each of its caches
	// (4 MB each, up to 12 MB for a dump); the reads of a report are
	// local (a task's stack, a struct and what it points to), and 256
	// pages cost no measurable time.
	if (kdump_set_number_attr(ctx, "cache.size", 256) != KDUMP_OK)
		return error_kdump(ctx, path,
				   "kdump_set_number_attr(cache.size)");
	if (arch &&
	    kdump_set_string_attr(ctx, KDUMP_ATTR_ARCH_NAME, arch) != KDUMP_OK)
		return error_kdump(ctx, path, "kdump_set_string_attr(arch.name)");
	if (kdump_open_fd(ctx, fd) != KDUMP_OK)
		return error_kdump(ctx, path,
				   "not a readable crash dump: kdump_open_fd");
	*ret = no_cleanup_ptr(ctx);
	return NULL;
}

static const char *kdump_string(kdump_ctx_t *ctx, const char *key)
{
	const char *s;
	if (kdump_get_string_attr(ctx, key, &s) != KDUMP_OK || !s || !*s)
		return NULL;
	return s;
}

// The value of VMCOREINFO line "name=value", or NULL; *len_ret is the
// value's length (the line ends at '\n').
static const char *info_value(const char *text, const char *name,
			      size_t *len_ret)
{
	size_t n = strlen(name);
	for (const char *line = text; line && *line;) {
		const char *eol = strchr(line, '\n');
		size_t len = eol ? (size_t)(eol - line) : strlen(line);
		if (len > n && memcmp(line, name, n) == 0 && line[n] == '=') {
			*len_ret = len - n - 1;
			return line + n + 1;
		}
		line = eol ? eol + 1 : NULL;
	}
	return NULL;
}

static char *info_strdup(const char *text, const char *name)
{
	size_t len;
	const char *v = info_value(text, name, &len);
	return v && len ? strndup(v, len) : NULL;
}

static bool parse_number(const char *v, size_t len, int base, uint64_t *ret)
{
	char buf[32];
	if (!v || len == 0 || len >= sizeof(buf))
		return false;
	memcpy(buf, v, len);
	buf[len] = '\0';
	char *end;
	errno = 0;
	uint64_t x = buf[0] == '-' ? (uint64_t)strtoll(buf, &end, base) :
				     strtoull(buf, &end, base);
	if (errno || *end)
		return false;
	*ret = x;
	return true;
}

struct pgr_error *vmcore_info_number(const struct vmcore_dump *dump,
				     const char *kind, const char *key,
				     uint64_t *ret)
{
	char name[128];
	if (kind)
		snprintf(name, sizeof(name), "%s(%s)", kind, key);
	else
		snprintf(name, sizeof(name), "%s", key);
	size_t len;
	const char *v = info_value(dump->vmcoreinfo, name, &len);
	if (!v)
		return pgr_error_format(PGR_ERROR_NOT_FOUND,
					"%s: VMCOREINFO has no %s", dump->path,
					name);
	// Addresses are printed in hex without "0x", everything else in
	// decimal (NUMBER() may be negative, e.g. PAGE_BUDDY_MAPCOUNT_VALUE).
	bool hex = (kind && strcmp(kind, "SYMBOL") == 0) ||
		   (!kind && strcmp(key, "KERNELOFFSET") == 0);
	if (!parse_number(v, len, hex ? 16 : 10, ret))
		return pgr_error_format(PGR_ERROR_BAD_DATA,
					"%s: VMCOREINFO %s=%.*s is not a number",
					dump->path, name, (int)(len > 40 ? 40 : len),
					v);
	return NULL;
}

const char *vmcore_info_text(const struct vmcore_dump *dump)
{
	return dump->vmcoreinfo;
}

const struct vmcore_facts *vmcore_dump_facts(const struct vmcore_dump *dump)
{
	return &dump->facts;
}

// QEMU's kdump header has empty utsname fields, so libkdumpfile cannot
// tell the architecture; only x86-64 kernels export init_top_pgt.
static const char *arch_from_vmcoreinfo(const char *text)
{
	size_t len;
	if (info_value(text, "SYMBOL(init_top_pgt)", &len))
		return KDUMP_ARCH_X86_64;
	return NULL;
}

static struct pgr_error *load_vmcoreinfo(struct vmcore_dump *dump)
{
	if (kdump_vmcoreinfo_raw(dump->ctx, &dump->vmcoreinfo) != KDUMP_OK ||
	    !dump->vmcoreinfo || !*dump->vmcoreinfo) {
		const char *msg = kdump_get_err(dump->ctx);
		if (kdump_out_of_memory(msg))
			return &pgr_enomem;
		return pgr_error_format(PGR_ERROR_BAD_DATA,
					"%s: the dump has no VMCOREINFO, so its kernel cannot be identified (kdump_vmcoreinfo_raw: %s)",
					dump->path,
					msg ? msg : "empty");
	}
	return NULL;
}

static struct pgr_error *dump_connect(struct vmcore_dump *dump)
{
	struct pgr_error *err = kdump_open_as(dump->path, dump->fd, NULL,
					      &dump->ctx);
	if (err)
		return err;
	err = load_vmcoreinfo(dump);
	if (err)
		return err;
	if (kdump_string(dump->ctx, KDUMP_ATTR_ARCH_NAME))
		return NULL;
	const char *arch = arch_from_vmcoreinfo(dump->vmcoreinfo);
	if (!arch)
		return pgr_error_format(PGR_ERROR_UNSUPPORTED,
					"%s: the dump does not say its architecture and VMCOREINFO does not look like x86-64",
					dump->path);
	// Reopen: setting arch.name after kdump_open_fd() makes memory
	// readable but leaves the CPUs' PRSTATUS notes unparsed.
	kdump_free(dump->ctx);
	dump->ctx = NULL;
	return kdump_open_as(dump->path, dump->fd, arch, &dump->ctx);
}

/** An optional VMCOREINFO number: false (and no error) when absent. */
static bool info_opt(const struct vmcore_dump *dump, const char *kind,
		     const char *key, uint64_t *ret)
{
	struct pgr_error *err = vmcore_info_number(dump, kind, key, ret);
	pgr_error_destroy(err);
	return !err;
}

static void fill_facts(struct vmcore_dump *dump)
{
	kdump_ctx_t *ctx = dump->ctx;
	struct vmcore_facts *f = &dump->facts;
	const char *s = kdump_string(ctx, KDUMP_ATTR_FILE_FORMAT);
	dump->format = strdup(s ? s : "unknown");
	s = kdump_string(ctx, KDUMP_ATTR_ARCH_NAME);
	dump->arch = strdup(s ? s : "unknown");
	dump->release = info_strdup(dump->vmcoreinfo, "OSRELEASE");
	if (!dump->release && (s = kdump_string(ctx, "linux.uts.release")))
		dump->release = strdup(s);
	dump->build_id = info_strdup(dump->vmcoreinfo, "BUILD-ID");
	f->format = dump->format;
	f->arch = dump->arch;
	f->release = dump->release;
	f->build_id = dump->build_id;

	uint64_t v;
	if (info_opt(dump, NULL, "KERNELOFFSET", &v))
		f->kaslr_offset = v;
	if (info_opt(dump, NULL, "CRASHTIME", &v))
		f->crash_time = (int64_t)v;
	kdump_num_t num;
	if (kdump_get_number_attr(ctx, KDUMP_ATTR_PAGE_SIZE, &num) == KDUMP_OK)
		f->page_size = num;
	else if (info_opt(dump, NULL, "PAGESIZE", &v))
		f->page_size = v;
	else
		f->page_size = 4096;
	if (kdump_get_number_attr(ctx, KDUMP_ATTR_NUM_CPUS, &num) == KDUMP_OK)
		f->ncpus = (unsigned int)num;
	dump->has_phys_base = info_opt(dump, "NUMBER", "phys_base",
				       &dump->phys_base);
}

// A dump whose header parses can still have lost its memory (truncated,
// zero-filled): check that init_uts_ns, which holds the release string
// VMCOREINFO names, reads back with that string in it.
static struct pgr_error *check_memory(struct vmcore_dump *dump)
{
	uint64_t uts;
	if (!dump->release || !info_opt(dump, "SYMBOL", "init_uts_ns", &uts))
		return NULL;
	char buf[512];
	struct pgr_error *err = vmcore_read(dump, uts, buf, sizeof(buf));
	if (err && err->code == PGR_ERROR_NO_MEMORY)
		return err;
	if (err) {
		// vmcore_read()'s message starts with the path already.
		size_t n = strlen(dump->path);
		const char *why = err->message;
		if (strncmp(why, dump->path, n) == 0 && why[n] == ':')
			why += n + 2;
		struct pgr_error *e = pgr_error_format(
			PGR_ERROR_BAD_DATA,
			"%s: truncated or corrupt dump: the kernel's memory is not readable: %s",
			dump->path, why);
		pgr_error_destroy(err);
		return e;
	}
	if (!memmem(buf, sizeof(buf), dump->release, strlen(dump->release)))
		return pgr_error_format(PGR_ERROR_BAD_DATA,
					"%s: init_uts_ns in the dump does not hold the release \"%s\" that VMCOREINFO names: the dump is corrupt",
					dump->path, dump->release);
	return NULL;
}

// libkdumpfile 0.5.1 reads KDUMP_KVADDR from an ELF dump through the
// PT_LOAD segments' p_vaddr, and gets it wrong.  elfdump.c builds its
// "sorted by virtual address" segment list with seg_virt_cmp(), which
// compares p_paddr, so the list is in physical order; find_closest_vload()
// scans it and stops at the first segment that ends above the address,
// taking it if it starts at most one page (inclusive) above.  That
// segment need not be the one holding the address: elf_read_page() then
// zero-fills the gap, and the page reads as zeros without an error.
// QEMU's dump-guest-memory with paging writes one PT_LOAD per run of
// mapped pages, in physical order, so a module page whose virtual
// successor has a lower physical address reads as zeros (4 module pages
// of A-qemu-elf, lustre's ll_readahead among them).  When no segment is
// found at all, libkdumpfile walks the page tables, which is right.  (The
// stop-and-take-within-a-page scan is what Debian's 0.5.1 binary does,
// read from its disassembly; upstream's source at 0f285525 skips
// segments that do not hold the address, but still sorts by p_paddr.)
// So for ELF dumps pagerace
// translates every kernel virtual page with libaddrxlat, the same
// translation libkdumpfile uses for kdump-compressed files, and reads
// KDUMP_KPHYSADDR, whose segment list is sorted right.
static struct pgr_error *setup_xlat(struct vmcore_dump *dump)
{
	if (strcmp(dump->format, "elf") != 0)
		return NULL;
	if (kdump_get_addrxlat(dump->ctx, &dump->axctx, &dump->axsys) !=
	    KDUMP_OK)
		return error_kdump(dump->ctx, dump->path,
				   "kdump_get_addrxlat");
	dump->xlat_cache = calloc(XLAT_CACHE_SIZE, sizeof(*dump->xlat_cache));
	if (!dump->xlat_cache)
		return &pgr_enomem;
	return NULL;
}

static struct pgr_error *dump_setup(struct vmcore_dump *dump)
{
	struct stat st;
	if (fstat(dump->fd, &st) < 0)
		return pgr_error_os(errno, dump->path, "cannot stat");
	if (!S_ISREG(st.st_mode) && !S_ISBLK(st.st_mode))
		return pgr_error_format(PGR_ERROR_BAD_DATA,
					"%s: not a regular file", dump->path);
	// libkdumpfile 0.5.1 cannot read the flattened format (a stream of
	// records, what makedumpfile -F and QEMU 7.2's kdump output write),
	// nor compressed files: those are rebuilt into a temporary file.
	unsigned char magic[512];
	ssize_t n = pread(dump->fd, magic, sizeof(magic), 0);
	enum input_type type = input_classify(magic, n > 0 ? n : 0);
	char *why_cut = NULL;
	if (vmcore_needs_staging(type)) {
		struct vmcore_staged staged;
		struct pgr_error *err = vmcore_stage(dump->path, type, &staged);
		if (err)
			return err;
		close(dump->fd);
		dump->fd = staged.fd;
		st.st_size = staged.size;
		st.st_mode = S_IFREG;
		why_cut = staged.why_cut;
	}
	dump->incomplete = why_cut;
	struct pgr_error *err = dump_check_layout(
		dump->fd, dump->path,
		S_ISREG(st.st_mode) ? (uint64_t)st.st_size : UINT64_MAX);
	_cleanup_free_ char *missing = NULL;
	if (!err)
		err = dump_check_complete(dump->fd, dump->path,
					  (uint64_t)st.st_size, &missing);
	if (!err && missing && !dump->incomplete)
		dump->incomplete = no_cleanup_ptr(missing);
	else if (!err && missing &&
		 asprintf(&why_cut, "%s; %s", dump->incomplete, missing) >= 0) {
		free(dump->incomplete);
		dump->incomplete = why_cut;
	}
	if (err || (err = dump_connect(dump)))
		return err;
	fill_facts(dump);
	dump->facts.incomplete = dump->incomplete;
	if (!dump->format || !dump->arch)
		return &pgr_enomem;
	if (!dump->release)
		return pgr_error_format(PGR_ERROR_BAD_DATA,
					"%s: VMCOREINFO has no OSRELEASE: the dump's kernel cannot be identified",
					dump->path);
	err = setup_xlat(dump);
	if (err)
		return err;
	// A dump cut short is read as far as it goes: what it lacks is
	// named (facts.incomplete) instead of refusing it.
	if (dump->incomplete)
		return NULL;
	return check_memory(dump);
}

struct pgr_error *vmcore_dump_open(const char *path, struct vmcore_dump **ret)
{
	_cleanup_(vmcore_dump_closep) struct vmcore_dump *dump =
		calloc(1, sizeof(*dump));
	if (!dump)
		return &pgr_enomem;
	dump->fd = -1;
	dump->path = strdup(path);
	if (!dump->path)
		return &pgr_enomem;
	dump->fd = open(path, O_RDONLY | O_CLOEXEC);
	if (dump->fd < 0)
		return pgr_error_os(errno, path, "cannot open");
	struct pgr_error *err = dump_setup(dump);
	if (err)
		return err;
	*ret = no_cleanup_ptr(dump);
	return NULL;
}

void vmcore_dump_close(struct vmcore_dump *dump)
{
	if (!dump)
		return;
	if (dump->axctx)
		addrxlat_ctx_decref(dump->axctx);
	if (dump->axsys)
		addrxlat_sys_decref(dump->axsys);
	free(dump->xlat_cache);
	if (dump->ctx)
		kdump_free(dump->ctx);
	if (dump->fd >= 0)
		close(dump->fd);
	free(dump->vmcoreinfo);
	free(dump->format);
	free(dump->arch);
	free(dump->release);
	free(dump->build_id);
	free(dump->incomplete);
	free(dump->path);
	free(dump);
}

// The physical address of kernel virtual page @p vpage, through the
// page tables (see setup_xlat()).
static struct pgr_error *xlat_page(struct vmcore_dump *dump, uint64_t vpage,
				   uint64_t *ret)
{
	struct xlat_entry *e = &dump->xlat_cache[(vpage / dump->facts.page_size) %
						 XLAT_CACHE_SIZE];
	if (e->vpage == vpage) {
		*ret = e->ppage;
		return NULL;
	}
	addrxlat_fulladdr_t addr = { .addr = vpage, .as = ADDRXLAT_KVADDR };
	addrxlat_ctx_clear_err(dump->axctx);
	addrxlat_status s = addrxlat_fulladdr_conv(&addr, ADDRXLAT_KPHYSADDR,
						   dump->axctx, dump->axsys);
	if (s != ADDRXLAT_OK) {
		const char *msg = addrxlat_ctx_get_err(dump->axctx);
		return pgr_error_fault(vpage,
				       "%s: kdump_read(0x%" PRIx64
				       "): no page table translation: %s",
				       dump->path, vpage,
				       msg ? msg : "unknown libaddrxlat error");
	}
	e->vpage = vpage;
	e->ppage = addr.addr;
	*ret = addr.addr;
	return NULL;
}

static struct pgr_error *read_failed(struct vmcore_dump *dump, uint64_t addr,
				     size_t len, kdump_status s)
{
	const char *msg = s == KDUMP_OK ? "short read" :
					  kdump_get_err(dump->ctx);
	if (kdump_out_of_memory(msg))
		return &pgr_enomem;
	// As drgn's kdump reader: whatever libkdumpfile could not read (not
	// in the dump, a page it cannot decode) is a fault at that address.
	return pgr_error_fault(addr, "%s: kdump_read(0x%" PRIx64 ", %zu): %s",
			       dump->path, addr, len,
			       msg ? msg : "unknown libkdumpfile error");
}

// Page by page: translate, then read physical memory.
static struct pgr_error *read_translated(struct vmcore_dump *dump,
					 uint64_t kvaddr, void *buf,
					 size_t len)
{
	uint64_t page = dump->facts.page_size;
	char *out = buf;
	while (len) {
		uint64_t off = kvaddr % page;
		size_t chunk = page - off < len ? page - off : len;
		uint64_t phys;
		struct pgr_error *err = xlat_page(dump, kvaddr - off, &phys);
		if (err)
			return err;
		size_t got = chunk;
		kdump_status s = kdump_read(dump->ctx, KDUMP_KPHYSADDR,
					    phys + off, out, &got);
		if (s != KDUMP_OK || got != chunk)
			return read_failed(dump, kvaddr + got, len - got, s);
		kvaddr += chunk;
		out += chunk;
		len -= chunk;
	}
	return NULL;
}

// x86-64 maps the kernel image at __START_KERNEL_map + (physical address
// - phys_base) (arch/x86/include/asm/page_64.h, __phys_addr_nodebug).  A
// dump cut short may have lost the page tables libkdumpfile walks (the
// top level sits wherever the kernel was loaded), while the image's own
// pages (the printk ring, init_uts_ns) are still there: read those
// through that map.
static const uint64_t START_KERNEL_MAP = UINT64_C(0xffffffff80000000);

static bool read_kernel_image(struct vmcore_dump *dump, uint64_t kvaddr,
			      void *buf, size_t len)
{
	if (!dump->has_phys_base || kvaddr < START_KERNEL_MAP ||
	    strcmp(dump->facts.arch, KDUMP_ARCH_X86_64) != 0)
		return false;
	size_t got = len;
	kdump_status s = kdump_read(dump->ctx, KDUMP_KPHYSADDR,
				    kvaddr - START_KERNEL_MAP + dump->phys_base,
				    buf, &got);
	return s == KDUMP_OK && got == len;
}

struct pgr_error *vmcore_read(struct vmcore_dump *dump, uint64_t kvaddr,
			      void *buf, size_t len)
{
	// Some formats (QEMU ELF without paging) map low virtual addresses
	// to physical memory: a NULL-ish pointer must not read as data.
	if (kvaddr < dump->facts.page_size)
		return pgr_error_fault(kvaddr,
				       "%s: refusing to read address 0x%" PRIx64
				       " in the first page (a NULL pointer?)",
				       dump->path, kvaddr);
	if (kvaddr + len < kvaddr)
		return pgr_error_fault(kvaddr,
				       "%s: read of %zu bytes at 0x%" PRIx64
				       " wraps around",
				       dump->path, len, kvaddr);
	if (dump->axctx)
		return read_translated(dump, kvaddr, buf, len);
	size_t got = len;
	kdump_status s = kdump_read(dump->ctx, KDUMP_KVADDR, kvaddr, buf, &got);
	if (s == KDUMP_OK && got == len)
		return NULL;
	struct pgr_error *err = read_failed(dump, kvaddr + got, len - got, s);
	if (read_kernel_image(dump, kvaddr, buf, len)) {
		pgr_error_destroy(err);
		return NULL;
	}
	return err;
}

struct pgr_error *vmcore_read_partial(struct vmcore_dump *dump,
				      uint64_t kvaddr, void *buf, size_t len,
				      size_t *missing_ret)
{
	uint64_t page = dump->facts.page_size;
	struct pgr_error *first = NULL;
	size_t missing = 0;
	for (size_t done = 0; done < len;) {
		size_t chunk = page - (kvaddr + done) % page;
		if (chunk > len - done)
			chunk = len - done;
		struct pgr_error *err =
			vmcore_read(dump, kvaddr + done, (char *)buf + done, chunk);
		if (err && err->code != PGR_ERROR_FAULT) {
			pgr_error_destroy(first);
			return err;
		}
		if (err) {
			memset((char *)buf + done, 0, chunk);
			missing += chunk;
			if (!first)
				first = err;
			else
				pgr_error_destroy(err);
		}
		done += chunk;
	}
	*missing_ret = missing;
	if (missing == len && len)
		return first;
	pgr_error_destroy(first);
	return NULL;
}

struct pgr_error *vmcore_read_u64(struct vmcore_dump *dump, uint64_t kvaddr,
				  uint64_t *ret)
{
	return vmcore_read(dump, kvaddr, ret, sizeof(*ret));
}

struct pgr_error *vmcore_read_u32(struct vmcore_dump *dump, uint64_t kvaddr,
				  uint32_t *ret)
{
	return vmcore_read(dump, kvaddr, ret, sizeof(*ret));
}

// Page by page, so a string running into a hole still returns what was
// readable before it only when the NUL was found.
struct pgr_error *vmcore_read_string(struct vmcore_dump *dump,
				     uint64_t kvaddr, size_t max, char **ret)
{
	_cleanup_free_ char *s = malloc(max + 1);
	if (!s)
		return &pgr_enomem;
	size_t len = 0;
	uint64_t page = dump->facts.page_size;
	while (len < max) {
		uint64_t addr = kvaddr + len;
		size_t chunk = page - (addr % page);
		if (chunk > max - len)
			chunk = max - len;
		struct pgr_error *err = vmcore_read(dump, addr, s + len, chunk);
		if (err)
			return err;
		char *nul = memchr(s + len, '\0', chunk);
		if (nul) {
			len = nul - s;
			break;
		}
		len += chunk;
	}
	s[len] = '\0';
	*ret = no_cleanup_ptr(s);
	return NULL;
}

static struct pgr_error *cpu_prstatus(struct vmcore_dump *dump,
				      unsigned int cpu, size_t offset,
				      size_t size, uint64_t *ret)
{
	char key[64];
	snprintf(key, sizeof(key), "cpu.%u.PRSTATUS", cpu);
	kdump_attr_t attr;
	if (kdump_get_attr(dump->ctx, key, &attr) != KDUMP_OK ||
	    attr.type != KDUMP_BLOB)
		return pgr_error_format(PGR_ERROR_NOT_FOUND,
					"%s: kdump_get_attr(%s): %s", dump->path,
					key, kdump_get_err(dump->ctx));
	const unsigned char *data = kdump_blob_pin(attr.val.blob);
	size_t blob_size = kdump_blob_size(attr.val.blob);
	uint64_t v = 0;
	bool ok = data && offset + size <= blob_size;
	if (ok)
		memcpy(&v, data + offset, size);
	kdump_blob_unpin(attr.val.blob);
	if (!ok)
		return pgr_error_format(PGR_ERROR_BAD_DATA,
					"%s: %s is %zu bytes, too short",
					dump->path, key, blob_size);
	*ret = v;
	return NULL;
}

struct pgr_error *vmcore_cpu_reg(struct vmcore_dump *dump, unsigned int cpu,
				 const char *name, uint64_t *ret)
{
	char key[64];
	snprintf(key, sizeof(key), "cpu.%u.reg.%s", cpu, name);
	kdump_num_t num;
	if (kdump_get_number_attr(dump->ctx, key, &num) == KDUMP_OK) {
		*ret = num;
		return NULL;
	}
	// libkdumpfile leaves the registers of QEMU's kdump files unparsed;
	// the raw note is still there.
	if (strcmp(dump->facts.arch, KDUMP_ARCH_X86_64) != 0)
		return pgr_error_format(PGR_ERROR_NOT_FOUND,
					"%s: no register %s for CPU %u",
					dump->path, name, cpu);
	for (size_t i = 0; i < sizeof(prstatus_regs) / sizeof(*prstatus_regs);
	     i++) {
		if (strcmp(prstatus_regs[i], name) == 0)
			return cpu_prstatus(dump, cpu,
					    PRSTATUS_REG_OFFSET + 8 * i, 8,
					    ret);
	}
	return pgr_error_format(PGR_ERROR_NOT_FOUND,
				"%s: no register %s for CPU %u", dump->path,
				name, cpu);
}

struct pgr_error *vmcore_cpu_pid(struct vmcore_dump *dump, unsigned int cpu,
				 int64_t *ret)
{
	char key[64];
	snprintf(key, sizeof(key), "cpu.%u.pid", cpu);
	kdump_num_t num;
	if (kdump_get_number_attr(dump->ctx, key, &num) == KDUMP_OK) {
		*ret = (int64_t)num;
		return NULL;
	}
	uint64_t v;
	struct pgr_error *err = cpu_prstatus(dump, cpu, PRSTATUS_PID_OFFSET, 4,
					     &v);
	if (err)
		return err;
	*ret = (int32_t)v;
	return NULL;
}
