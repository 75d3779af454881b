// SPDX-License-Identifier: GPL-2.0-or-later
// Whether an address_space is still alive.  A page that outlived its
// inode keeps pointing at memory the allocator has taken back: SLUB
// poisons it (slub_debug=P), init_on_free zeroes it, the slab itself may
// be back in the buddy allocator, the object may sit on its slab's
// freelist, or the memory already holds another object whose host does
// not point back.  Each is told from the memory, never assumed.
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vmcore/page.h" // IWYU pragma: associated

/** An address_space is at most this big (about 200 bytes on 6.x). */
enum { MAX_AS_SIZE = 1024 };
/** Freelist entries followed per slab (an inode slab has 20-40). */
static const size_t MAX_FREELIST = 1024;
static const uint64_t PAGE_SHIFT_4K = 12;
/** CPUs whose per-CPU freelists are looked at. */
static const unsigned int MAX_CPUS = 512;

bool is_slab_poison_word(uint64_t v)
{
	// Slab poison bytes repeated over a word: POISON_FREE 0x6b,
	// POISON_INUSE 0x5a, SLUB_RED_ACTIVE 0xcc, SLUB_RED_INACTIVE 0xbb;
	// the last word of a poisoned object ends in POISON_END 0xa5.
	static const uint8_t bytes[] = { 0x6b, 0x5a, 0xcc, 0xbb };
	for (size_t i = 0; i < sizeof(bytes); i++) {
		uint64_t w = bytes[i] * UINT64_C(0x0101010101010101);
		if (v == w || v == ((w & ~UINT64_C(0xff)) | 0xa5) ||
		    v == ((w >> 8) | UINT64_C(0xa5) << 56))
			return true;
	}
	return false;
}

bool is_poison_word(uint64_t v)
{
	if (is_slab_poison_word(v))
		return true;
	// POISON_POINTER_DELTA (CONFIG_ILLEGAL_POINTER_VALUE) plus small
	// offsets: LIST_POISON1/2 0x100/0x122, TAIL_MAPPING 0x400 ... used as
	// a pointer these are no object.
	return v >> 48 == 0xdead && (v & UINT64_C(0xffffffffffff)) < 0x10000;
}

struct obj_page {
	uint64_t head, flags, refcount_word;
	uint32_t type;
	int32_t refcount;
	unsigned int order;
};

// The struct page (its compound head) of direct-map address @p addr.
static bool object_page(const struct page_env *e, uint64_t addr,
			struct obj_page *ret)
{
	const struct page_offsets *o = e->o;
	const struct vmemmap *v = e->v;
	uint8_t buf[256];
	if (addr < v->direct_base || !v->max_pfn)
		return false;
	uint64_t pfn = (addr - v->direct_base) >> PAGE_SHIFT_4K;
	if (pfn >= v->max_pfn)
		return false;
	uint64_t page = v->base + pfn * v->page_size, head = page, raw;
	if (o->compound_head >= 0 &&
	    page_mem_read_u64(e->mem, page + o->compound_head, &raw) &&
	    (raw & 1)) {
		// A slab of order > 0: its tails point at the head, by address
		// or (7.1) by a mask of the tail's own address.
		uint64_t h = raw - 1;
		if (!vmemmap_contains(v, h) && o->head_info)
			h = page & raw;
		if (!vmemmap_contains(v, h) || h > page)
			return false;
		head = h;
	}
	if (o->size > (int64_t)sizeof(buf) ||
	    !e->mem->read(e->mem->ctx, head, buf, o->size))
		return false;
	memset(ret, 0, sizeof(*ret));
	ret->head = head;
	memcpy(&ret->flags, buf + o->flags, 8);
	memcpy(&ret->refcount, buf + o->refcount, 4);
	ret->type = 0xffffffffu;
	if (o->mapcount >= 0)
		memcpy(&ret->type, buf + o->mapcount, 4);
	uint8_t order = 0;
	if (o->pg_head >= 0 && (ret->flags >> o->pg_head & 1) &&
	    o->order_off >= 0 &&
	    e->mem->read(e->mem->ctx, head + o->order_off, &order, 1) &&
	    order < 20)
		ret->order = order;
	return true;
}

static bool is_slab(const struct page_offsets *o, const struct obj_page *p)
{
	if (o->pg_slab >= 0)
		return p->flags >> o->pg_slab & 1;
	return page_type_is(&o->slab, p->type);
}

static bool slab_known(const struct page_offsets *o)
{
	return o->pg_slab >= 0 || o->slab.scheme != PAGE_TYPE_UNKNOWN;
}

static uint64_t swab64(uint64_t v)
{
	return __builtin_bswap64(v);
}

/** A slab's bounds and its cache's free pointer encoding. */
struct slab_walk {
	uint64_t base, end, object, random;
	uint32_t size, offset;
	bool hardened;
};

/*
 * Whether @p w->object is on the freelist starting at @p ptr.  SLUB keeps
 * the next-free pointer at kmem_cache.offset inside each free object;
 * with SLAB_FREELIST_HARDENED (kmem_cache.random present) it is stored
 * as ptr ^ random ^ swab(address of the pointer) since 5.7
 * (1ad53d9fa3f6), ptr ^ random ^ address before.  Every decoded pointer
 * must lie on an object boundary in the slab, so a wrong guess stops the
 * walk instead of wandering.
 */
static bool freelist_has(const struct page_env *e, const struct slab_walk *w,
			 uint64_t ptr)
{
	for (int variant = 0; variant < (w->hardened ? 2 : 1); variant++) {
		uint64_t cur = ptr;
		for (size_t i = 0; cur && i < MAX_FREELIST; i++) {
			if (cur < w->base || cur >= w->end ||
			    (cur - w->base) % w->size)
				break; // not this encoding, or corrupt
			if (cur == w->object)
				return true;
			uint64_t stored, at = cur + w->offset;
			if (!page_mem_read_u64(e->mem, at, &stored))
				break;
			cur = !w->hardened ? stored :
			      variant == 0 ? stored ^ w->random ^ swab64(at) :
					     stored ^ w->random ^ at;
		}
	}
	return false;
}

/** Objects of a sheaf looked at (a sheaf holds up to ~32-256). */
enum { MAX_SHEAF = 1024 };

// Whether @p object sits in one of the CPU's sheaves of @p cache: a
// freed object goes to the CPU's main sheaf as a plain pointer
// (mm/slub.c free_to_pcs()), kfree_rcu()'d ones to rcu_free.
static bool in_sheaves(const struct page_env *e, uint64_t cache,
		       uint64_t object)
{
	const struct page_offsets *o = e->o;
	const struct page_mem *m = e->mem;
	uint64_t pcs, pcpu, sheaf, objs[64];
	uint32_t size;
	if (o->kc_cpu_sheaves < 0 || o->sheaf_size < 0 ||
	    o->sheaf_objects < 0 || !e->v->percpu_offsets ||
	    !page_mem_read_u64(m, cache + o->kc_cpu_sheaves, &pcs) || !pcs)
		return false;
	for (unsigned int cpu = 0; cpu < e->v->ncpus && cpu < MAX_CPUS; cpu++) {
		if (!page_mem_read_u64(m, e->v->percpu_offsets + 8 * cpu,
				       &pcpu))
			break;
		for (size_t i = 0; i < 3; i++) {
			if (o->pcs_sheaf[i] < 0 ||
			    !page_mem_read_u64(m, pcs + pcpu + o->pcs_sheaf[i],
					       &sheaf) ||
			    !sheaf ||
			    !m->read(m->ctx, sheaf + o->sheaf_size, &size, 4))
				continue;
			for (uint32_t j = 0; j < size && j < MAX_SHEAF;
			     j += 64) {
				uint32_t n = size - j < 64 ? size - j : 64;
				if (!m->read(m->ctx,
					     sheaf + o->sheaf_objects + 8 * j,
					     objs, 8 * n))
					break;
				for (uint32_t k = 0; k < n; k++)
					if (objs[k] == object)
						return true;
			}
		}
	}
	return false;
}

/*
 * Whether the object holding @p addr is free: on its slab's freelist,
 * in a CPU's sheaf, or on the lockless freelist of a CPU whose current
 * slab it is (where a recently freed object usually goes).  Per-CPU partial slabs keep their
 * freelist in the slab itself.
 */
static bool on_slab_freelist(const struct page_env *e, const struct obj_page *p,
			     uint64_t addr, uint64_t *cache_ret)
{
	const struct page_offsets *o = e->o;
	const struct page_mem *m = e->mem;
	struct slab_walk w = { .hardened = o->kc_random >= 0 };
	uint64_t cache, ptr;
	if (o->slab_cache < 0 || o->slab_freelist < 0 || o->kc_size < 0 ||
	    o->kc_offset < 0 ||
	    !page_mem_read_u64(m, p->head + o->slab_cache, &cache) ||
	    !page_mem_read_u64(m, p->head + o->slab_freelist, &ptr) ||
	    !m->read(m->ctx, cache + o->kc_size, &w.size, 4) ||
	    !m->read(m->ctx, cache + o->kc_offset, &w.offset, 4) ||
	    (w.hardened &&
	     !page_mem_read_u64(m, cache + o->kc_random, &w.random)))
		return false;
	*cache_ret = cache;
	w.base = e->v->direct_base +
		 ((p->head - e->v->base) / e->v->page_size << PAGE_SHIFT_4K);
	w.end = w.base + (UINT64_C(4096) << p->order);
	if (!w.size || w.size > 1u << 20 || w.offset + 8 > w.size ||
	    addr < w.base || addr >= w.end)
		return false;
	w.object = w.base + (addr - w.base) / w.size * w.size;
	if (freelist_has(e, &w, ptr) || in_sheaves(e, cache, w.object))
		return true;
	uint64_t cpu_slab, pcpu, c, slab, free;
	if (o->kc_cpu_slab < 0 || o->kcc_freelist < 0 || o->kcc_slab < 0 ||
	    !e->v->percpu_offsets ||
	    !page_mem_read_u64(m, cache + o->kc_cpu_slab, &cpu_slab))
		return false;
	for (unsigned int cpu = 0; cpu < e->v->ncpus && cpu < MAX_CPUS; cpu++) {
		if (!page_mem_read_u64(m, e->v->percpu_offsets + 8 * cpu,
				       &pcpu))
			break;
		c = cpu_slab + pcpu;
		if (page_mem_read_u64(m, c + o->kcc_slab, &slab) &&
		    slab == p->head &&
		    page_mem_read_u64(m, c + o->kcc_freelist, &free) &&
		    freelist_has(e, &w, free))
			return true;
	}
	return false;
}

static void slab_name(const struct page_env *e, uint64_t cache, char *buf,
		      size_t len)
{
	uint64_t name;
	char *s = NULL;
	snprintf(buf, len, "?");
	if (e->o->kc_name >= 0 && e->mem->read_string &&
	    page_mem_read_u64(e->mem, cache + e->o->kc_name, &name) && name &&
	    (s = e->mem->read_string(e->mem->ctx, name, 40)))
		snprintf(buf, len, "%s", s);
	free(s);
}

// The memory's page: free in the buddy allocator, or refcount 0 with no
// type (on a per-CPU free list), or a slab holding the object free.
static enum mapping_state page_state(const struct page_env *e, uint64_t mapping,
				     char *why, size_t len)
{
	const struct page_offsets *o = e->o;
	struct obj_page p;
	if (!object_page(e, mapping, &p))
		return MAPPING_LIVE;
	if (page_type_is(&o->buddy, p.type)) {
		snprintf(
			why, len,
			"its memory is back in the page allocator (page 0x%" PRIx64
			" is free in the buddy allocator)",
			p.head);
		return MAPPING_PAGE_FREE;
	}
	if (slab_known(o) && !is_slab(o, &p) && p.refcount == 0 &&
	    p.type == 0xffffffffu) {
		snprintf(
			why, len,
			"its memory is back in the page allocator (page 0x%" PRIx64
			" has refcount 0 and is no slab)",
			p.head);
		return MAPPING_PAGE_FREE;
	}
	uint64_t cache;
	if (slab_known(o) && is_slab(o, &p) &&
	    on_slab_freelist(e, &p, mapping, &cache)) {
		char name[48];
		slab_name(e, cache, name, sizeof(name));
		snprintf(
			why, len,
			"its object is free, on a freelist or in a sheaf of its slab (page 0x%" PRIx64
			", cache %s)",
			p.head, name);
		return MAPPING_SLAB_FREE;
	}
	return MAPPING_LIVE;
}

bool object_in_inode_cache(const struct page_env *e, uint64_t addr,
			   bool *page_free)
{
	const struct page_offsets *o = e->o;
	struct obj_page p;
	uint64_t cache;
	char name[48];
	*page_free = false;
	if (!object_page(e, addr, &p))
		return false;
	*page_free = page_type_is(&o->buddy, p.type) ||
		     (slab_known(o) && !is_slab(o, &p) && p.refcount == 0 &&
		      p.type == 0xffffffffu);
	if (!slab_known(o) || !is_slab(o, &p) || o->slab_cache < 0 ||
	    !page_mem_read_u64(e->mem, p.head + o->slab_cache, &cache))
		return false;
	slab_name(e, cache, name, sizeof(name));
	// inode_cache, shmem_inode_cache, ext4_inode_cache, bdev_cache ...
	return strstr(name, "inode") || strcmp(name, "bdev_cache") == 0;
}

enum mapping_state mapping_liveness(const struct page_env *e, uint64_t mapping,
				    char *why, size_t len)
{
	const struct page_offsets *o = e->o;
	uint64_t words[MAX_AS_SIZE / 8];
	size_t size = o->as_size > 0 && (size_t)o->as_size <= MAX_AS_SIZE ?
			      (size_t)o->as_size & ~(size_t)7 :
			      64;
	snprintf(why, len, "it is a live address_space");
	if (o->as_host < 0 || (size_t)o->as_host + 8 > size ||
	    (o->as_a_ops >= 0 && (size_t)o->as_a_ops + 8 > size))
		return MAPPING_LIVE; // nothing to judge by
	if (!e->mem->read(e->mem->ctx, mapping, words, size)) {
		enum mapping_state st = page_state(e, mapping, why, len);
		if (st == MAPPING_LIVE)
			snprintf(why, len, "it is not in the dump");
		return st == MAPPING_LIVE ? MAPPING_UNREADABLE : st;
	}
	uint64_t host = words[o->as_host / 8];
	uint64_t a_ops = o->as_a_ops >= 0 ? words[o->as_a_ops / 8] : 1;
	size_t n = size / 8, zero = 0, poison = 0;
	for (size_t i = 0; i < n; i++) {
		zero += words[i] == 0;
		poison += is_poison_word(words[i]);
	}
	enum mapping_state content = MAPPING_LIVE;
	if (is_poison_word(host) || is_poison_word(a_ops)) {
		snprintf(why, len,
			 "it reads as poison (host 0x%016" PRIx64
			 ", a_ops 0x%016" PRIx64
			 ", %zu of %zu words poison): freed",
			 host, a_ops, poison, n);
		content = MAPPING_POISONED;
	} else if (!host && !a_ops) {
		// inode_init_always() sets both for every inode's i_data; only
		// freed memory zeroed by init_on_free (or never initialised)
		// has neither.
		snprintf(
			why, len,
			"it reads as zeroes (host and a_ops NULL, %zu of %zu words zero): freed and cleared by init_on_free",
			zero, n);
		content = MAPPING_ZEROED;
	}
	// What the allocator says, on its own or in addition.
	size_t used = content ? strlen(why) : 0;
	if (content && used + 8 < len)
		snprintf(why + used, len - used, "; and ");
	size_t at = content ? strlen(why) : 0;
	enum mapping_state st = page_state(e, mapping, why + at, len - at);
	if (content) {
		if (st == MAPPING_LIVE)
			why[used] = '\0';
		return content;
	}
	if (st != MAPPING_LIVE)
		return st;
	uint64_t back;
	if (o->i_mapping >= 0 && host &&
	    page_mem_read_u64(e->mem, host + o->i_mapping, &back) &&
	    back != mapping) {
		snprintf(why, len,
			 "its host 0x%" PRIx64 " has i_mapping 0x%" PRIx64
			 ", not it: the memory was freed and reused",
			 host, back);
		return MAPPING_HOST_MISMATCH;
	}
	return MAPPING_LIVE;
}
