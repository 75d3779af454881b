// SPDX-License-Identifier: GPL-2.0-or-later
#include <elf.h>
#include <inttypes.h>
#include <string.h>
#include <unistd.h>

#include "util.h"
#include "vmcore/dump_check.h" // IWYU pragma: associated

// makedumpfile's struct disk_dump_header (diskdump_mod.h), x86-64.
static const size_t DD_HEADER_VERSION = 8;
static const size_t DD_BLOCK_SIZE = 428;
static const size_t DD_SUB_HDR_SIZE = 432;
static const size_t DD_BITMAP_BLOCKS = 436;
enum { DD_HEADER_SIZE = 464 };
// struct kdump_sub_header: (offset, size) pairs of the regions it names,
// and the header version that added each.
static const struct {
	size_t offset;
	int version;
	const char *what;
} dd_regions[] = {
	{ 32, 3, "VMCOREINFO" },
	{ 48, 4, "ELF notes" },
	{ 64, 5, "erase info" },
};

static struct pgr_error *truncated(const char *path, const char *what,
				   uint64_t end, uint64_t size)
{
	return pgr_error_format(PGR_ERROR_BAD_DATA,
				"%s: truncated or corrupt dump: its %s would end at byte %" PRIu64
				" but the file has %" PRIu64 " bytes",
				path, what, end, size);
}

static bool read_at(int fd, void *buf, size_t len, uint64_t off)
{
	return pread(fd, buf, len, off) == (ssize_t)len;
}

static struct pgr_error *check_kdump(int fd, const char *path, uint64_t size)
{
	unsigned char h[DD_HEADER_SIZE];
	if (!read_at(fd, h, sizeof(h), 0))
		return truncated(path, "header", sizeof(h), size);
	int version = (int)load_u32(h + DD_HEADER_VERSION);
	uint32_t bs = load_u32(h + DD_BLOCK_SIZE);
	uint64_t sub_blocks = load_u32(h + DD_SUB_HDR_SIZE);
	uint64_t bitmap_blocks = load_u32(h + DD_BITMAP_BLOCKS);
	if (bs < 512 || bs > (1 << 20) || (bs & (bs - 1)) || version < 0 ||
	    version > 64 || sub_blocks > (1 << 20))
		return pgr_error_format(PGR_ERROR_BAD_DATA,
					"%s: corrupt kdump header (version %d, block size %" PRIu32
					")",
					path, version, bs);
	uint64_t end = (1 + sub_blocks + bitmap_blocks) * bs;
	if (end > size)
		return truncated(path, "headers and page bitmaps", end, size);
	unsigned char sub[80];
	if (sub_blocks == 0 || !read_at(fd, sub, sizeof(sub), bs))
		return NULL;
	for (size_t i = 0; i < sizeof(dd_regions) / sizeof(*dd_regions); i++) {
		if (version < dd_regions[i].version)
			continue;
		uint64_t off = load_u64(sub + dd_regions[i].offset);
		uint64_t len = load_u64(sub + dd_regions[i].offset + 8);
		if (len && (off > size || len > size - off))
			return truncated(path, dd_regions[i].what, off + len,
					 size);
	}
	return NULL;
}

static struct pgr_error *check_elf64(int fd, const char *path, uint64_t size)
{
	Elf64_Ehdr eh;
	if (!read_at(fd, &eh, sizeof(eh), 0))
		return truncated(path, "ELF header", sizeof(eh), size);
	if (eh.e_ident[EI_CLASS] != ELFCLASS64 ||
	    eh.e_ident[EI_DATA] != ELFDATA2LSB)
		return NULL;
	uint64_t phnum = eh.e_phnum;
	if (phnum == PN_XNUM) {
		// More than 65534 segments: the count is in section 0.
		Elf64_Shdr sh0;
		if (!eh.e_shoff || !read_at(fd, &sh0, sizeof(sh0), eh.e_shoff))
			return truncated(path, "section header 0",
					 eh.e_shoff + sizeof(sh0), size);
		phnum = sh0.sh_info;
	}
	if (eh.e_phentsize != sizeof(Elf64_Phdr) || eh.e_phoff > size ||
	    phnum * sizeof(Elf64_Phdr) > size - eh.e_phoff)
		return truncated(path, "program headers",
				 eh.e_phoff + phnum * sizeof(Elf64_Phdr), size);
	for (uint64_t i = 0; i < phnum; i++) {
		Elf64_Phdr ph;
		if (!read_at(fd, &ph, sizeof(ph), eh.e_phoff + i * sizeof(ph)))
			return truncated(path, "program headers", 0, size);
		if ((ph.p_type == PT_LOAD || ph.p_type == PT_NOTE) &&
		    (ph.p_offset > size || ph.p_filesz > size - ph.p_offset))
			return truncated(path,
					 ph.p_type == PT_NOTE ? "ELF notes" :
								"memory segment",
					 ph.p_offset + ph.p_filesz, size);
	}
	return NULL;
}

struct pgr_error *dump_check_layout(int fd, const char *path, uint64_t size)
{
	unsigned char magic[8];
	if (!read_at(fd, magic, sizeof(magic), 0))
		return pgr_error_format(PGR_ERROR_BAD_DATA,
					"%s: too short to be a crash dump (%" PRIu64
					" bytes)",
					path, size);
	if (memcmp(magic, "KDUMP   ", 8) == 0)
		return check_kdump(fd, path, size);
	if (memcmp(magic, ELFMAG, SELFMAG) == 0)
		return check_elf64(fd, path, size);
	return NULL;
}
