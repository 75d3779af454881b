// SPDX-License-Identifier: GPL-2.0-or-later
// Over 700 lines: the checks of both formats' headers (kdump and ELF),
// each following libkdumpfile's own reading order, and what a cut dump
// still has.
// Every number libkdumpfile 0.5.1 takes from a dump's headers and then
// trusts (an allocation size, a read length, a table's entry size, an
// attribute path) is checked here first, against the file's size and
// against what real dumps hold.  Its diskdump.c and elfdump.c are the
// reference for what is read, in which layout and in which order.
#include <elf.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cleanup.h"
#include "vmcore/dump_check.h" // IWYU pragma: associated

// Bounds no real dump comes near.  The kernel's VMCOREINFO is one page
// (VMCOREINFO_BYTES); notes are a few hundred bytes per CPU.
static const uint64_t VMCOREINFO_MAX = 1 << 20;
static const uint64_t NOTES_MAX = 64 << 20;
static const uint64_t ERASEINFO_MAX = 64 << 20;
// Crash dumps have no sections or a handful (Xen's xc_core); QEMU's
// paging dumps have one segment per run of mapped pages.
static const uint64_t ELF_SECTIONS_MAX = 4096;
static const uint64_t ELF_SEGMENTS_MAX = 1 << 22;
// A section of a dump cut short may lie past the end (QEMU's
// dump-guest-memory writes its section-name table after the memory);
// libkdumpfile's read of it then comes up short and it goes on, but it
// allocates the whole section first, so one past the end is taken only
// when it is this small (QEMU's .shstrtab is 11 bytes).
static const uint64_t ELF_CUT_SECTION_MAX = 1 << 20;

struct dump_file {
	int fd;
	const char *path;
	uint64_t size;
	/** The byte order of the header reading being checked. */
	bool big_endian;
};

static uint64_t get(const struct dump_file *df, const unsigned char *p,
		    unsigned width)
{
	uint64_t v = 0;
	for (unsigned i = 0; i < width; i++)
		v |= (uint64_t)p[i]
		     << 8 * (df->big_endian ? width - 1 - i : i);
	return v;
}

static struct pgr_error *truncated(const struct dump_file *df,
				   const char *what, uint64_t end)
{
	return pgr_error_format(PGR_ERROR_BAD_DATA,
				"%s: truncated or corrupt dump: its %s would end at byte %" PRIu64
				" but the file has %" PRIu64 " bytes",
				df->path, what, end, df->size);
}

static struct pgr_error *corrupt(const struct dump_file *df, const char *fmt,
				 ...) __attribute__((__format__(__printf__, 2, 3)));

static struct pgr_error *corrupt(const struct dump_file *df, const char *fmt,
				 ...)
{
	char why[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	return pgr_error_format(PGR_ERROR_BAD_DATA,
				"%s: the dump's headers are corrupt: %s", df->path,
				why);
}

static bool read_at(const struct dump_file *df, void *buf, size_t len,
		    uint64_t off)
{
	return pread(df->fd, buf, len, off) == (ssize_t)len;
}

/** [off, off + len) lies in the file and len is at most @p max. */
static struct pgr_error *check_region(const struct dump_file *df,
				      const char *what, uint64_t off,
				      uint64_t len, uint64_t max)
{
	if (len > max)
		return corrupt(df, "its %s is %" PRIu64
				   " bytes, more than the %" PRIu64
				   " any real dump has",
			       what, len, max);
	if (off > df->size || len > df->size - off)
		return truncated(df, what,
				 off + len < off ? UINT64_MAX : off + len);
	return NULL;
}

static struct pgr_error *read_region(const struct dump_file *df,
				     const char *what, uint64_t off,
				     uint64_t len, uint64_t max,
				     unsigned char **ret)
{
	struct pgr_error *err = check_region(df, what, off, len, max);
	if (err)
		return err;
	_cleanup_free_ unsigned char *buf = malloc(len ? len : 1);
	if (!buf)
		return &pgr_enomem;
	if (!read_at(df, buf, len, off))
		return truncated(df, what, off + len);
	*ret = no_cleanup_ptr(buf);
	return NULL;
}

static bool key_char(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	       (c >= '0' && c <= '9') || c == '_' || c == '-';
}

// The length of the key at @p s (before '='), 0 if it is not one.  A key
// is NAME or NAME(PART.PART...): OSRELEASE, BUILD-ID, SYMBOL(_stext),
// OFFSET(page.flags).  libkdumpfile makes an attribute path of the key
// split at '.' (and of NAME.PART... for the parenthesised ones), and an
// empty component of it (".x", "x..y", "SYMBOL()") crashes it.
static size_t vmcoreinfo_key(const char *s, size_t len)
{
	size_t i = 0;
	while (i < len && key_char(s[i]))
		i++;
	if (i == 0)
		return 0;
	if (i < len && s[i] == '(') {
		for (;;) {
			size_t start = ++i;
			while (i < len && key_char(s[i]))
				i++;
			if (i == start || i == len)
				return 0;
			if (s[i] == ')') {
				i++;
				break;
			}
			if (s[i] != '.')
				return 0;
		}
	}
	return i < len && s[i] == '=' ? i : 0;
}

/**
 * VMCOREINFO text (up to its first NUL) is lines of KEY=VALUE, each
 * ending in '\n' but perhaps the last.
 */
static struct pgr_error *check_vmcoreinfo(const struct dump_file *df,
					  const char *text, size_t len)
{
	// Real notes pad the text with NULs only; libkdumpfile reads past a
	// NUL followed by more (a fuzz finding crashed it so).
	const char *nul = memchr(text, '\0', len);
	if (nul) {
		for (const char *p = nul; p < text + len; p++) {
			if (*p)
				return corrupt(df, "VMCOREINFO has bytes after its end (a NUL at byte %zu)",
					       (size_t)(nul - text));
		}
		len = nul - text;
	}
	unsigned line = 1;
	for (size_t i = 0; i < len; line++) {
		const char *eol = memchr(text + i, '\n', len - i);
		size_t n = eol ? (size_t)(eol - (text + i)) : len - i;
		if (!vmcoreinfo_key(text + i, n))
			return corrupt(df, "VMCOREINFO line %u \"%.*s\" is not KEY=VALUE",
				       line, (int)(n > 40 ? 40 : n), text + i);
		i += n + 1;
	}
	return NULL;
}

static bool is_vmcoreinfo_note(const unsigned char *name, uint64_t namesz)
{
	static const char *const names[] = { "VMCOREINFO", "VMCOREINFO_XEN" };
	for (size_t i = 0; i < sizeof(names) / sizeof(*names); i++) {
		size_t n = strlen(names[i]) + 1;
		if (namesz == n && memcmp(name, names[i], n) == 0)
			return true;
	}
	return false;
}

/**
 * ELF notes (Elf32_Nhdr and Elf64_Nhdr are the same): each name and
 * description lies in the area, and VMCOREINFO is well formed.
 */
static struct pgr_error *check_notes(const struct dump_file *df,
				     const char *what, uint64_t off,
				     uint64_t len)
{
	_cleanup_free_ unsigned char *buf = NULL;
	struct pgr_error *err = read_region(df, what, off, len, NOTES_MAX,
					    &buf);
	if (err)
		return err;
	// A tail too short for a note header is padding.
	for (uint64_t pos = 0; len - pos >= 12;) {
		uint64_t namesz = get(df, buf + pos, 4);
		uint64_t descsz = get(df, buf + pos + 4, 4);
		uint64_t name = pos + 12;
		uint64_t desc = name + ((namesz + 3) & ~3ULL);
		if (desc > len || descsz > len - desc)
			return corrupt(df, "a note at byte %" PRIu64
					   " of its %s runs past their end",
				       pos, what);
		// Xen's hypervisor VMCOREINFO is parsed the same way.
		if (is_vmcoreinfo_note(buf + name, namesz)) {
			err = check_vmcoreinfo(df, (const char *)buf + desc,
					       descsz);
			if (err)
				return err;
		}
		pos = desc + ((descsz + 3) & ~3ULL);
		if (pos > len)
			break;
	}
	return NULL;
}

// ---- kdump-compressed (makedumpfile's struct disk_dump_header)

struct field {
	unsigned short off, width;
};

// struct kdump_sub_header in its three layouts (x86-64; IA-32 packed;
// 32-bit with 64-bit alignment).  libkdumpfile reads @size bytes.
struct dd_sub_layout {
	const char *name;
	size_t size;
	struct field vmcoreinfo_off, vmcoreinfo_size, note_off, note_size,
		erase_off, erase_size, split, start_pfn, end_pfn, start_pfn_64,
		end_pfn_64;
};

static const struct dd_sub_layout dd_sub_64 = {
	"64-bit", 104, { 32, 8 }, { 40, 8 }, { 48, 8 }, { 56, 8 }, { 64, 8 },
	{ 72, 8 },     { 12, 4 }, { 16, 8 }, { 24, 8 }, { 80, 8 }, { 88, 8 },
};
static const struct dd_sub_layout dd_sub_32pack = {
	"32-bit", 96,  { 20, 8 }, { 28, 4 }, { 32, 8 }, { 40, 4 }, { 44, 8 },
	{ 52, 4 },     { 8, 4 },  { 12, 4 }, { 16, 4 }, { 56, 8 }, { 64, 8 },
};
static const struct dd_sub_layout dd_sub_32pad = {
	"32-bit", 96,  { 24, 8 }, { 32, 4 }, { 40, 8 }, { 48, 4 }, { 56, 8 },
	{ 64, 4 },     { 8, 4 },  { 12, 4 }, { 16, 4 }, { 72, 8 }, { 80, 8 },
};

// The main header's block_size; sub_hdr_size, bitmap_blocks and
// max_mapnr follow it.  libkdumpfile tries the 32-bit layout first,
// little-endian then big-endian, then the 64-bit one.
static const struct {
	size_t block_size;
	bool is64;
} dd_layouts[] = { { 416, false }, { 428, true } };
enum { DD_HEADER_VERSION = 8, DD_HEADER_SIZE = 464 };
// libkdumpfile's MIN_PAGE_SIZE and MAX_PAGE_SIZE.
enum { DD_BLOCK_MIN = 1 << 12, DD_BLOCK_MAX = 1 << 18 };

static uint64_t sub_get(const struct dump_file *df, const unsigned char *sub,
			struct field f)
{
	return get(df, sub + f.off, f.width);
}

// Which 32-bit sub-header layout libkdumpfile picks: the packed one if
// its VMCOREINFO lies between the sub-header and the bitmaps.
static const struct dd_sub_layout *
sub_layout_32(const struct dump_file *df, const unsigned char *sub,
	      int version, uint64_t bs, uint64_t sub_blocks)
{
	if (version < 3)
		return &dd_sub_32pack;
	uint64_t off = sub_get(df, sub, dd_sub_32pack.vmcoreinfo_off);
	uint64_t len = sub_get(df, sub, dd_sub_32pack.vmcoreinfo_size);
	if ((!off && !len) || (off > bs && off + len <= bs * (1 + sub_blocks)))
		return &dd_sub_32pack;
	return &dd_sub_32pad;
}

static struct pgr_error *check_kdump_sub(const struct dump_file *df,
					 const unsigned char *sub,
					 const struct dd_sub_layout *l,
					 int version)
{
	struct pgr_error *err;
	if (version >= 2 && sub_get(df, sub, l->split)) {
		struct field start = version >= 6 ? l->start_pfn_64 :
						    l->start_pfn;
		struct field end = version >= 6 ? l->end_pfn_64 : l->end_pfn;
		if (sub_get(df, sub, start) > sub_get(df, sub, end))
			return corrupt(df, "its split dump's first page frame is after its last");
	}
	if (version == 3) {
		// Version 3 has VMCOREINFO without notes.
		_cleanup_free_ unsigned char *text = NULL;
		uint64_t len = sub_get(df, sub, l->vmcoreinfo_size);
		err = read_region(df, "VMCOREINFO",
				  sub_get(df, sub, l->vmcoreinfo_off), len,
				  VMCOREINFO_MAX, &text);
		if (!err)
			err = check_vmcoreinfo(df, (const char *)text, len);
		if (err)
			return err;
	}
	if (version < 4)
		return NULL;
	err = check_region(df, "erase info", sub_get(df, sub, l->erase_off),
			   sub_get(df, sub, l->erase_size), ERASEINFO_MAX);
	if (err)
		return err;
	uint64_t note_len = sub_get(df, sub, l->note_size);
	if (!note_len)
		return NULL;
	return check_notes(df, "ELF notes", sub_get(df, sub, l->note_off),
			   note_len);
}

// One reading of the header (a layout and a byte order) that libkdumpfile
// would accept: everything it then reads must hold.
static struct pgr_error *check_kdump_as(const struct dump_file *df,
					const unsigned char *h, size_t bs_off,
					bool is64)
{
	int32_t version = (int32_t)get(df, h + DD_HEADER_VERSION, 4);
	uint64_t bs = get(df, h + bs_off, 4);
	int32_t sub_blocks = (int32_t)get(df, h + bs_off + 4, 4);
	uint64_t bitmap_blocks = get(df, h + bs_off + 8, 4);
	const char *bits = is64 ? "64-bit" : "32-bit";
	if (bs & (bs - 1))
		return pgr_error_format(PGR_ERROR_BAD_DATA,
					"%s: corrupt kdump header (%s): block size %" PRIu64
					" is not a power of 2",
					df->path, bits, bs);
	if (version < 0 || version > 64)
		return pgr_error_format(PGR_ERROR_BAD_DATA,
					"%s: corrupt kdump header (%s): version %" PRId32,
					df->path, bits, version);
	// The sub-header is block 1 whatever sub_hdr_size says.
	if (sub_blocks < (version >= 1) || sub_blocks > (1 << 20) ||
	    bitmap_blocks > INT32_MAX)
		return pgr_error_format(PGR_ERROR_BAD_DATA,
					"%s: corrupt kdump header (%s): %" PRId32
					" sub-header blocks and %" PRIu64
					" bitmap blocks for header version %" PRId32,
					df->path, bits, sub_blocks, bitmap_blocks,
					version);
	uint64_t end = (1 + (uint64_t)sub_blocks + bitmap_blocks) * bs;
	if (end > df->size)
		return truncated(df, "headers and page bitmaps", end);
	if (version < 1)
		return NULL;
	unsigned char sub[104];
	if (!read_at(df, sub, sizeof(sub), bs))
		return truncated(df, "sub-header", bs + sizeof(sub));
	const struct dd_sub_layout *l =
		is64 ? &dd_sub_64 :
		       sub_layout_32(df, sub, version, bs, sub_blocks);
	return check_kdump_sub(df, sub, l, version);
}

static struct pgr_error *check_kdump(const struct dump_file *df)
{
	unsigned char h[DD_HEADER_SIZE];
	if (!read_at(df, h, sizeof(h), 0))
		return truncated(df, "header", sizeof(h));
	// A layout libkdumpfile accepts but then finds corrupt makes it try
	// the next one: each it could use must hold.
	struct dump_file as = *df;
	bool any = false;
	for (size_t i = 0; i < sizeof(dd_layouts) / sizeof(*dd_layouts); i++) {
		for (int big = 0; big < 2; big++) {
			as.big_endian = big;
			size_t off = dd_layouts[i].block_size;
			uint64_t bs = get(&as, h + off, 4);
			uint64_t bitmap_blocks = get(&as, h + off + 8, 4);
			uint64_t max_mapnr = get(&as, h + off + 12, 4);
			if (bs < DD_BLOCK_MIN || bs > DD_BLOCK_MAX ||
			    8 * bitmap_blocks * bs < max_mapnr)
				continue;
			any = true;
			struct pgr_error *err = check_kdump_as(
				&as, h, off, dd_layouts[i].is64);
			if (err)
				return err;
		}
	}
	if (!any)
		return pgr_error_format(PGR_ERROR_BAD_DATA,
					"%s: corrupt kdump header: no block size of %d to %d bytes whose bitmap covers its pages",
					df->path, DD_BLOCK_MIN, DD_BLOCK_MAX);
	return NULL;
}

// ---- ELF (32 or 64 bits, either byte order)

struct elf_layout {
	struct field phoff, shoff, phentsize, phnum, shentsize, shnum,
		shstrndx;
	size_t ehdr_size, phdr_size, shdr_size;
	struct field p_type, p_offset, p_filesz;
	struct field sh_offset, sh_size, sh_info;
};

#define F(type, member) \
	{ offsetof(type, member), sizeof(((type *)0)->member) }
#define ELF_LAYOUT(N)                                                      \
	{                                                                  \
		F(Elf##N##_Ehdr, e_phoff), F(Elf##N##_Ehdr, e_shoff),      \
			F(Elf##N##_Ehdr, e_phentsize),                     \
			F(Elf##N##_Ehdr, e_phnum),                         \
			F(Elf##N##_Ehdr, e_shentsize),                     \
			F(Elf##N##_Ehdr, e_shnum),                         \
			F(Elf##N##_Ehdr, e_shstrndx), sizeof(Elf##N##_Ehdr), \
			sizeof(Elf##N##_Phdr), sizeof(Elf##N##_Shdr),      \
			F(Elf##N##_Phdr, p_type), F(Elf##N##_Phdr, p_offset), \
			F(Elf##N##_Phdr, p_filesz),                        \
			F(Elf##N##_Shdr, sh_offset),                       \
			F(Elf##N##_Shdr, sh_size), F(Elf##N##_Shdr, sh_info), \
	}
static const struct elf_layout elf32 = ELF_LAYOUT(32);
static const struct elf_layout elf64 = ELF_LAYOUT(64);
#undef ELF_LAYOUT
#undef F

static uint64_t elf_get(const struct dump_file *df, const unsigned char *p,
			struct field f)
{
	return get(df, p + f.off, f.width);
}

/** A table of @p n entries of @p entsize bytes at @p off lies in the file. */
static struct pgr_error *check_table(const struct dump_file *df,
				     const char *what, uint64_t off,
				     uint64_t n, uint64_t entsize)
{
	if (off > df->size || n > (df->size - off) / entsize)
		return truncated(df, what,
				 n > UINT64_MAX / entsize ||
						 off + n * entsize < off ?
					 UINT64_MAX :
					 off + n * entsize);
	return NULL;
}

/** Call @p fn on each of @p n entries at @p off, read in chunks. */
static struct pgr_error *
each_entry(const struct dump_file *df, const struct elf_layout *l,
	   uint64_t off, uint64_t n, size_t entsize, const char *what,
	   struct pgr_error *(*fn)(const struct dump_file *,
				   const struct elf_layout *,
				   const unsigned char *, uint64_t))
{
	enum { CHUNK = 1024 };
	_cleanup_free_ unsigned char *buf = malloc(CHUNK * entsize);
	if (!buf)
		return &pgr_enomem;
	for (uint64_t i = 0; i < n; i += CHUNK) {
		size_t k = n - i < CHUNK ? n - i : CHUNK;
		if (!read_at(df, buf, k * entsize, off + i * entsize))
			return truncated(df, what, off + (i + k) * entsize);
		for (size_t j = 0; j < k; j++) {
			struct pgr_error *err =
				fn(df, l, buf + j * entsize, i + j);
			if (err)
				return err;
		}
	}
	return NULL;
}

static struct pgr_error *check_phdr(const struct dump_file *df,
				    const struct elf_layout *l,
				    const unsigned char *ph, uint64_t i)
{
	uint64_t type = elf_get(df, ph, l->p_type);
	uint64_t off = elf_get(df, ph, l->p_offset);
	uint64_t len = elf_get(df, ph, l->p_filesz);
	if (type == PT_NOTE)
		return check_notes(df, "ELF notes", off, len);
	// A segment that runs past the end is a dump cut short, read as
	// far as it goes (dump_check_complete names what it lacks).
	if (type == PT_LOAD && off + len < off)
		return corrupt(df,
			       "memory segment %" PRIu64
			       " ends past 2^64 (offset %#" PRIx64 ", %" PRIu64
			       " bytes)",
			       i, off, len);
	return NULL;
}

static struct pgr_error *check_shdr(const struct dump_file *df,
				    const struct elf_layout *l,
				    const unsigned char *sh, uint64_t i)
{
	char what[64];
	snprintf(what, sizeof(what), "section %" PRIu64, i);
	uint64_t off = elf_get(df, sh, l->sh_offset);
	uint64_t len = elf_get(df, sh, l->sh_size);
	// Past the end of a dump cut short: elf_completeness names it.
	if (off + len >= off && off + len > df->size &&
	    len <= ELF_CUT_SECTION_MAX)
		return NULL;
	return check_region(df, what, off, len, UINT64_MAX);
}

/*
 * Whether the section headers lie past the end of the file while the
 * program headers say what the dump holds: the dump is then read from its
 * program headers alone (libkdumpfile needs no section of a QEMU or kexec
 * core), and elf_completeness names what is missing.
 */
static bool section_headers_cut(const struct dump_file *df, uint64_t shoff,
				uint64_t shnum, size_t shdr_size)
{
	return shoff + shnum * shdr_size > df->size &&
	       shoff + shnum * shdr_size >= shoff;
}


static struct pgr_error *check_elf(const struct dump_file *df,
				   const struct elf_layout *l)
{
	unsigned char eh[sizeof(Elf64_Ehdr)];
	if (!read_at(df, eh, l->ehdr_size, 0))
		return truncated(df, "ELF header", l->ehdr_size);
	uint64_t shoff = elf_get(df, eh, l->shoff);
	uint64_t shnum = elf_get(df, eh, l->shnum);
	uint64_t phnum = elf_get(df, eh, l->phnum);
	uint64_t shentsize = elf_get(df, eh, l->shentsize);
	uint64_t phentsize = elf_get(df, eh, l->phentsize);
	// libkdumpfile reads every table entry with the header's entry
	// size and takes it for a whole Elf_Shdr or Elf_Phdr.
	if ((shoff || shnum) && shentsize != l->shdr_size)
		return corrupt(df, "section header entries of %" PRIu64
				   " bytes, not %zu",
			       shentsize, l->shdr_size);
	if (shoff && (shnum == 0 || phnum == PN_XNUM)) {
		// The real counts are in section 0.
		unsigned char sh0[sizeof(Elf64_Shdr)];
		if (!read_at(df, sh0, l->shdr_size, shoff))
			return truncated(df, "section header 0",
					 shoff + l->shdr_size);
		if (shnum == 0)
			shnum = elf_get(df, sh0, l->sh_size);
		if (shnum > 0 && phnum == PN_XNUM)
			phnum = elf_get(df, sh0, l->sh_info);
	}
	if (phnum && phentsize != l->phdr_size)
		return corrupt(df, "program header entries of %" PRIu64
				   " bytes, not %zu",
			       phentsize, l->phdr_size);
	if (shnum > ELF_SECTIONS_MAX)
		return corrupt(df, "%" PRIu64 " sections, more than the %" PRIu64
				   " any real dump has",
			       shnum, ELF_SECTIONS_MAX);
	if (phnum > ELF_SEGMENTS_MAX)
		return corrupt(df, "%" PRIu64 " segments, more than the %" PRIu64
				   " any real dump has",
			       phnum, ELF_SEGMENTS_MAX);
	uint64_t phoff = elf_get(df, eh, l->phoff);
	struct pgr_error *err = check_table(df, "program headers", phoff,
					    phnum, l->phdr_size);
	bool cut = phnum != PN_XNUM &&
		   section_headers_cut(df, shoff, shnum, l->shdr_size);
	// A table that begins inside the file and ends past it: libkdumpfile
	// reads it whole and takes what the short read left for entries (a
	// fuzzed 184-byte core whose cut section-name entry claimed 2^55
	// bytes made it allocate that).  Only one wholly past the end is a
	// table that is missing.
	if (!err && cut && shoff < df->size)
		return truncated(df, "section headers",
				 shoff + shnum * l->shdr_size);
	if (!err && !cut)
		err = check_table(df, "section headers", shoff, shnum,
				  l->shdr_size);
	if (!err)
		err = each_entry(df, l, phoff, phnum, l->phdr_size,
				 "program headers", check_phdr);
	// Sections are read whatever their type: libkdumpfile reads the
	// section-name table and the Xen ones without looking at it.
	if (!err && !cut)
		err = each_entry(df, l, shoff, shnum, l->shdr_size,
				 "section headers", check_shdr);
	return err;
}

struct pgr_error *dump_check_layout(int fd, const char *path, uint64_t size)
{
	struct dump_file df = { .fd = fd, .path = path, .size = size };
	unsigned char ident[EI_NIDENT];
	if (!read_at(&df, ident, 8, 0))
		return pgr_error_format(PGR_ERROR_BAD_DATA,
					"%s: too short to be a crash dump (%" PRIu64
					" bytes)",
					path, size);
	if (memcmp(ident, "KDUMP   ", 8) == 0 ||
	    memcmp(ident, "DISKDUMP", 8) == 0)
		return check_kdump(&df);
	if (memcmp(ident, ELFMAG, SELFMAG) != 0)
		return NULL;
	if (!read_at(&df, ident, sizeof(ident), 0))
		return truncated(&df, "ELF header", sizeof(ident));
	if (ident[EI_DATA] != ELFDATA2LSB && ident[EI_DATA] != ELFDATA2MSB)
		return NULL;
	df.big_endian = ident[EI_DATA] == ELFDATA2MSB;
	if (ident[EI_CLASS] == ELFCLASS64)
		return check_elf(&df, &elf64);
	if (ident[EI_CLASS] == ELFCLASS32)
		return check_elf(&df, &elf32);
	return NULL;
}

// ---- What a dump cut short lacks

// makedumpfile's header status flag for a dump it could not finish
// (DUMP_DH_COMPRESSED_INCOMPLETE, diskdump_mod.h).
enum { DD_STATUS = 424, DD_MAX_MAPNR = 440, DD_INCOMPLETE = 0x8 };
// struct page_desc: offset (8), size (4), flags (4), page_flags (8).
enum { PAGE_DESC_SIZE = 24 };

static uint64_t popcount_bytes(const unsigned char *p, size_t len)
{
	uint64_t n = 0;
	for (size_t i = 0; i < len; i++)
		n += __builtin_popcount(p[i]);
	return n;
}

// The pfn of the @p idx-th (0-based) set bit of @p bits.
static uint64_t nth_set_bit(const unsigned char *bits, size_t len,
			    uint64_t idx)
{
	for (size_t i = 0; i < len; i++) {
		unsigned n = __builtin_popcount(bits[i]);
		if (idx >= n) {
			idx -= n;
			continue;
		}
		for (unsigned b = 0; b < 8; b++) {
			if ((bits[i] >> b & 1) && idx-- == 0)
				return i * 8 + b;
		}
	}
	return len * 8;
}

static struct pgr_error *kdump_completeness(const struct dump_file *df,
					    char **ret, bool *none_ret)
{
	unsigned char h[DD_HEADER_SIZE];
	if (!read_at(df, h, sizeof(h), 0))
		return NULL;
	uint64_t status = get(df, h + DD_STATUS, 4);
	uint64_t bs = get(df, h + 428, 4);
	uint64_t sub = get(df, h + 432, 4);
	uint64_t bitmap_blocks = get(df, h + 436, 4);
	if (bs < DD_BLOCK_MIN || bs > DD_BLOCK_MAX || sub > (1 << 20))
		return NULL;
	// The second half of the bitmap blocks: the pages in the file.
	uint64_t half = bitmap_blocks * bs / 2;
	uint64_t bitmap2 = (1 + sub) * bs + half;
	uint64_t descs = (1 + sub + bitmap_blocks) * bs;
	_cleanup_free_ unsigned char *bits = NULL;
	struct pgr_error *err = read_region(df, "page bitmap", bitmap2, half,
					    UINT64_MAX, &bits);
	if (err) {
		pgr_error_destroy(err);
		return NULL;
	}
	uint64_t pages = popcount_bytes(bits, half);
	uint64_t have = df->size > descs ?
				(df->size - descs) / PAGE_DESC_SIZE :
				0;
	int n = 0;
	*none_ret = pages && !have;
	if (have < pages) {
		n = asprintf(ret,
			     "the file ends inside its page descriptors: %" PRIu64
			     " of its %" PRIu64
			     " pages (from pfn %#" PRIx64 " on) are missing",
			     pages - have, pages, nth_set_bit(bits, half, have));
		return n < 0 ? &pgr_enomem : NULL;
	}
	// Page data is written in page order: find the first page whose
	// data the file does not hold.
	uint64_t lo = 0, hi = pages;
	while (lo < hi) {
		uint64_t mid = lo + (hi - lo) / 2;
		unsigned char d[PAGE_DESC_SIZE];
		if (!read_at(df, d, sizeof(d), descs + mid * PAGE_DESC_SIZE))
			return NULL;
		uint64_t off = get(df, d, 8), len = get(df, d + 8, 4);
		if (off <= df->size && len <= df->size - off)
			lo = mid + 1;
		else
			hi = mid;
	}
	*none_ret = pages && !lo;
	if (lo < pages)
		n = asprintf(ret,
			     "the file (%" PRIu64 " bytes) ends before the data of %" PRIu64
			     " of its %" PRIu64
			     " pages (from pfn %#" PRIx64 " on): they are missing",
			     df->size, pages - lo, pages,
			     nth_set_bit(bits, half, lo));
	else if (status & DD_INCOMPLETE)
		n = asprintf(ret, "makedumpfile marked the dump incomplete (it could not write all of it)");
	return n < 0 ? &pgr_enomem : NULL;
}

/* The bytes of an ELF dump's PT_LOAD segments past the end of the file. */
/* What of the sections a dump cut short lacks ("its section headers"), or
 * NULL; the memory is what the program headers say. */
static const char *elf_sections_missing(const struct dump_file *df,
					const struct elf_layout *l,
					const unsigned char *eh)
{
	uint64_t shoff = elf_get(df, eh, l->shoff);
	uint64_t shnum = elf_get(df, eh, l->shnum);
	uint64_t shstrndx = elf_get(df, eh, l->shstrndx);
	if (!shoff || shnum > ELF_SECTIONS_MAX)
		return NULL;
	if (section_headers_cut(df, shoff, shnum, l->shdr_size))
		return "its section headers";
	unsigned char sh[sizeof(Elf64_Shdr)];
	for (uint64_t i = 0; i < shnum; i++) {
		if (!read_at(df, sh, l->shdr_size, shoff + i * l->shdr_size))
			return NULL;
		uint64_t off = elf_get(df, sh, l->sh_offset);
		uint64_t len = elf_get(df, sh, l->sh_size);
		if (len && off + len > df->size)
			return i == shstrndx ? "its section-name table" :
					       "one of its sections";
	}
	return NULL;
}

static struct pgr_error *elf_completeness(const struct dump_file *df,
					  const struct elf_layout *l,
					  char **ret, bool *none_ret)
{
	unsigned char eh[sizeof(Elf64_Ehdr)];
	if (!read_at(df, eh, l->ehdr_size, 0))
		return NULL;
	uint64_t phoff = elf_get(df, eh, l->phoff);
	uint64_t phnum = elf_get(df, eh, l->phnum);
	if (phnum == PN_XNUM || phnum > ELF_SEGMENTS_MAX)
		return NULL;
	uint64_t total = 0, missing = 0, segments = 0, cut = 0;
	unsigned char ph[sizeof(Elf64_Phdr)];
	for (uint64_t i = 0; i < phnum; i++) {
		if (!read_at(df, ph, l->phdr_size, phoff + i * l->phdr_size))
			return NULL;
		if (elf_get(df, ph, l->p_type) != PT_LOAD)
			continue;
		uint64_t off = elf_get(df, ph, l->p_offset);
		uint64_t len = elf_get(df, ph, l->p_filesz);
		segments++;
		total += len;
		if (off + len <= df->size)
			continue;
		cut++;
		missing += off >= df->size ? len : off + len - df->size;
	}
	*none_ret = total && missing == total;
	const char *sections = elf_sections_missing(df, l, eh);
	if (!missing && !sections)
		return NULL;
	int n;
	if (!missing)
		n = asprintf(ret,
			     "the file (%" PRIu64
			     " bytes) ends before %s: it is missing",
			     df->size, sections);
	else
		n = asprintf(ret,
			     "the file (%" PRIu64
			     " bytes) ends inside its memory: %" PRIu64
			     " of its %" PRIu64 " bytes, in %" PRIu64
			     " of its %" PRIu64 " segments, are missing%s%s",
			     df->size, missing, total, cut, segments,
			     sections ? ", and so is " : "",
			     sections ? sections : "");
	return n < 0 ? &pgr_enomem : NULL;
}

struct pgr_error *dump_check_complete(int fd, const char *path,
				      uint64_t size, char **ret)
{
	struct dump_file df = { .fd = fd, .path = path, .size = size };
	unsigned char ident[EI_NIDENT];
	*ret = NULL;
	if (!read_at(&df, ident, sizeof(ident), 0))
		return NULL;
	bool none = false;
	struct pgr_error *err = NULL;
	if (memcmp(ident, ELFMAG, SELFMAG) == 0 &&
	    (ident[EI_DATA] == ELFDATA2LSB || ident[EI_DATA] == ELFDATA2MSB)) {
		df.big_endian = ident[EI_DATA] == ELFDATA2MSB;
		err = elf_completeness(
			&df, ident[EI_CLASS] == ELFCLASS64 ? &elf64 : &elf32,
			ret, &none);
	} else if (memcmp(ident, "KDUMP   ", 8) == 0) {
		err = kdump_completeness(&df, ret, &none);
	}
	if (err || !none)
		return err;
	// Headers alone are no dump to read.
	err = pgr_error_format(PGR_ERROR_BAD_DATA,
			       "%s: truncated or corrupt dump: %s", path, *ret);
	free(*ret);
	*ret = NULL;
	return err;
}
