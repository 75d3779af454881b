// SPDX-License-Identifier: GPL-2.0-or-later
// One struct page: its fields, its mapping (address_space -> inode ->
// superblock type, dentry), its slot in the mapping's xarray, and the
// invariants a live page cache page keeps.
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vmcore/page.h" // IWYU pragma: associated

/** Slab poison (POISON_FREE) repeated over a freed object. */
static const uint64_t SLAB_POISON = UINT64_C(0x6b6b6b6b6b6b6b6b);
/** Low bits of page->mapping (PAGE_MAPPING_ANON, _MOVABLE). */
static const uint64_t MAPPING_ANON = 1, MAPPING_MOVABLE = 2;
static const int XA_MAX_DEPTH = 12;

struct page_state {
	uint64_t addr, flags, head_raw, mapping, index;
	int32_t refcount, mapcount_raw, mapcount_own;
	bool buddy, slab, tail;
	uint64_t head;
};

struct pgr_error *record_finding(struct crash_record *rec, const char *id,
				 uint64_t addr, const char *text)
{
	vector_for_each(const struct finding, f, &rec->findings) {
		if (strcmp(f->id, id) == 0 && f->address.known &&
		    f->address.value == addr)
			return NULL;
	}
	struct finding *f = finding_vector_append_entry(&rec->findings);
	if (!f || !(f->id = record_strdup(rec, id)) ||
	    !(f->text = record_strdup(rec, text)))
		return &pgr_enomem;
	f->address = pgr_u64_of(addr);
	return NULL;
}

static __attribute__((__format__(__printf__, 5, 6))) struct pgr_error *
add_finding(struct crash_record *rec, const char *id, uint64_t addr,
	    const struct page_state *s, const char *fmt, ...)
{
	char text[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	(void)s;
	return record_finding(rec, id, addr, text);
}

static bool flag(const struct page_state *s, int bit)
{
	return bit >= 0 && bit < 64 && (s->flags >> bit) & 1;
}

// Flag names from the pageflags enum: the first enumerator of each bit
// (later ones are aliases such as PG_checked for PG_owner_priv_1).
static struct pgr_error *flag_names(struct vmcore_kernel *k,
				    struct crash_record *rec,
				    const struct page_offsets *o,
				    uint64_t flags, struct page_dump *p)
{
	uint64_t named = 0;
	size_t n = types_enum_count(k, "pageflags");
	if (!n)
		return NULL; // no names to give: the log's stay
	p->flag_names.size = 0;
	for (size_t i = 0; i < n; i++) {
		int64_t bit;
		const char *name = types_enum_entry(k, "pageflags", i, &bit);
		if (!name || bit < 0 || bit >= 64 ||
		    (o->nr_pageflags >= 0 && bit >= o->nr_pageflags) ||
		    !((flags >> bit) & 1) || ((named >> bit) & 1))
			continue;
		named |= 1ull << bit;
		if (strncmp(name, "PG_", 3) == 0)
			name += 3;
		char *copy = record_strdup(rec, name);
		if (!copy || !string_vector_append(&p->flag_names, &copy))
			return &pgr_enomem;
	}
	return NULL;
}

static bool read_state(struct vmcore_kernel *k, const struct page_offsets *o,
		       uint64_t addr, struct page_state *s)
{
	uint8_t buf[256];
	if (o->size > (int64_t)sizeof(buf) || !kread(k, addr, buf, o->size))
		return false;
	memset(s, 0, sizeof(*s));
	s->addr = addr;
	memcpy(&s->flags, buf + o->flags, 8);
	memcpy(&s->mapping, buf + o->mapping, 8);
	memcpy(&s->refcount, buf + o->refcount, 4);
	if (o->index >= 0)
		memcpy(&s->index, buf + o->index, 8);
	if (o->mapcount >= 0)
		memcpy(&s->mapcount_raw, buf + o->mapcount, 4);
	if (o->compound_head >= 0)
		memcpy(&s->head_raw, buf + o->compound_head, 8);
	// A tail page's compound_head is the head's address with bit 0 set.
	s->tail = s->head_raw & 1;
	s->head = s->tail ? s->head_raw - 1 : addr;
	s->mapcount_own = s->mapcount_raw;
	// page_type shares _mapcount: PAGE_TYPE_BASE 0xf0000000 with the
	// type's bit cleared; PG_buddy is 0x80 (VMCOREINFO says so as
	// PAGE_BUDDY_MAPCOUNT_VALUE = ~0x80).
	uint32_t type = (uint32_t)s->mapcount_raw;
	s->buddy = (type & 0xf0000080u) == 0xf0000000u;
	s->slab = flag(s, o->pg_slab);
	return true;
}

// A tail page's own mapping, refcount and flags are not the page's:
// dump_page() prints the head's flags, refcount and mapping and the
// head's index plus the tail's distance, and so do we.
static bool head_state(struct vmcore_kernel *k, const struct page_offsets *o,
		       const struct vmemmap *v, struct page_state *s)
{
	struct page_state h;
	uint64_t tail = s->addr, head = s->head;
	// MAX_ORDER_NR_PAGES bounds a compound page (1024 pages on x86-64).
	if (!vmemmap_contains(v, head) || head >= tail ||
	    (tail - head) / v->page_size >= 1024 || !read_state(k, o, head, &h))
		return false;
	s->flags = h.flags;
	s->mapping = h.mapping;
	s->refcount = h.refcount;
	s->index = h.index + (tail - head) / v->page_size;
	s->buddy = h.buddy;
	s->slab = h.slab;
	return true;
}

static int64_t compound_order(struct vmcore_kernel *k,
			      const struct page_offsets *o,
			      const struct page_state *s)
{
	uint8_t order;
	// 6.1 keeps the order in the first tail page; later kernels in
	// struct folio, which overlays the head and its first tails.
	int64_t off = o->compound_order >= 0 ? o->size + o->compound_order :
					       o->folio_order;
	if (off < 0 || !kread(k, s->head + off, &order, 1))
		return -1;
	return order;
}

static void fill_dump(struct vmcore_kernel *k, const struct page_offsets *o,
		      const struct vmemmap *v, const struct page_state *s,
		      struct page_dump *p)
{
	p->from_memory = true;
	// Exact now, whatever the log printed.
	if (p->pointers_hashed == TRI_TRUE)
		p->pointers_hashed = TRI_FALSE;
	p->address = pgr_u64_of(s->addr);
	p->pfn = pgr_u64_of((s->addr - v->base) / v->page_size);
	p->flags = pgr_u64_of(s->flags);
	p->refcount = pgr_s64_of(s->refcount);
	// As dump_page() prints it: page_mapcount() = _mapcount + 1.
	if (!s->buddy && o->mapcount >= 0)
		p->mapcount = pgr_s64_of((int64_t)s->mapcount_own + 1);
	p->mapping = pgr_u64_of(s->mapping);
	if (o->index >= 0)
		p->index = pgr_u64_of(s->index);
	bool head = flag(s, o->pg_head);
	p->is_tail = s->tail ? TRI_TRUE : TRI_FALSE;
	p->is_compound = s->tail || head ? TRI_TRUE : TRI_FALSE;
	p->head = s->tail ? pgr_u64_of(s->head) : (struct pgr_u64){ 0 };
	int64_t order = s->tail || head ? compound_order(k, o, s) : 0;
	if (order >= 0)
		p->order = pgr_u64_of(order);
}

static struct pgr_error *page_findings(struct crash_record *rec,
				       const struct page_offsets *o,
				       const struct page_state *s)
{
	struct pgr_error *err = NULL;
	int64_t mapcount = (int64_t)s->mapcount_own + 1;
	if (s->buddy)
		err = add_finding(rec, "freed-or-poisoned", s->addr, s,
				  "page 0x%" PRIx64
				  " is free (in the buddy allocator)",
				  s->addr);
	else if (s->refcount == 0 && s->mapping)
		err = add_finding(rec, "freed-or-poisoned", s->addr, s,
				  "page 0x%" PRIx64
				  " has refcount 0 but mapping 0x%" PRIx64,
				  s->addr, s->mapping);
	if (!err && !s->mapping && s->refcount > 0 && !s->buddy && !s->slab &&
	    (flag(s, o->pg_lru) || flag(s, o->pg_uptodate)))
		err = add_finding(
			rec, "mapping-null-with-refs", s->addr, s,
			"page 0x%" PRIx64 " (index %" PRIu64
			") has mapping NULL but refcount %d: removed from its mapping while references were held",
			s->addr, s->index, s->refcount);
	if (!err && s->tail)
		err = add_finding(rec, "tail-where-head-expected", s->addr, s,
				  "page 0x%" PRIx64
				  " is a tail page of compound page 0x%" PRIx64,
				  s->addr, s->head);
	if (!err && !s->buddy && !s->tail && mapcount > 0 &&
	    s->refcount < mapcount)
		err = add_finding(rec, "refcount-below-mapcount", s->addr, s,
				  "page 0x%" PRIx64
				  " has refcount %d < mapcount %" PRId64,
				  s->addr, s->refcount, mapcount);
	if (!err && flag(s, o->pg_writeback) && !flag(s, o->pg_locked))
		err = add_finding(rec, "writeback-without-lock", s->addr, s,
				  "page 0x%" PRIx64
				  " is under writeback but not locked",
				  s->addr);
	return err;
}

// xa_load(): walk i_pages down to @p index.  Internal entries are
// (node | 2); sibling entries (2 + 4 * slot) point at a multi-index
// entry's canonical slot.
static bool xa_lookup(struct vmcore_kernel *k, const struct page_offsets *o,
		      uint64_t xa, uint64_t index, uint64_t *ret)
{
	uint64_t entry;
	if (o->xa_head < 0 || o->xn_shift < 0 || o->xn_slots < 0 ||
	    !kread_u64(k, xa + o->xa_head, &entry))
		return false;
	bool at_root = true;
	for (int depth = 0; depth < XA_MAX_DEPTH; depth++) {
		bool internal = (entry & 3) == 2;
		if (!internal || entry < 4096) {
			// A lone entry at the root is index 0's only.
			*ret = at_root && index ? 0 : entry;
			return true;
		}
		uint64_t node = entry - 2;
		uint8_t shift;
		if (!kread(k, node + o->xn_shift, &shift, 1) || shift > 63)
			return false;
		uint64_t slot = index >> shift;
		if (at_root && slot >= (uint64_t)o->xa_chunk) {
			*ret = 0; // beyond the tree's reach
			return true;
		}
		slot &= o->xa_chunk - 1;
		if (!kread_u64(k, node + o->xn_slots + 8 * slot, &entry))
			return false;
		if ((entry & 3) == 2 && entry < 4 * (uint64_t)o->xa_chunk &&
		    !kread_u64(k, node + o->xn_slots + 8 * (entry >> 2),
			       &entry))
			return false;
		at_root = false;
	}
	return false;
}

static bool is_poison(uint64_t v)
{
	return v == SLAB_POISON;
}

struct mapping_info {
	uint64_t host, a_ops, nrpages, ino, sb, i_mapping;
	int64_t i_size;
	bool host_ok, i_size_ok, nrpages_ok, fs_ok;
	char fs[32];
};

static bool read_mapping(struct vmcore_kernel *k, const struct page_offsets *o,
			 uint64_t mapping, struct mapping_info *m)
{
	memset(m, 0, sizeof(*m));
	if (o->as_host < 0 || !kread_u64(k, mapping + o->as_host, &m->host))
		return false;
	if (o->as_a_ops >= 0)
		kread_u64(k, mapping + o->as_a_ops, &m->a_ops);
	m->nrpages_ok = o->as_nrpages >= 0 &&
			kread_u64(k, mapping + o->as_nrpages, &m->nrpages);
	if (!m->host || is_poison(m->host))
		return true;
	m->host_ok = o->i_ino >= 0 && o->i_sb >= 0 && o->i_mapping >= 0 &&
		     kread_u64(k, m->host + o->i_ino, &m->ino) &&
		     kread_u64(k, m->host + o->i_sb, &m->sb) &&
		     kread_u64(k, m->host + o->i_mapping, &m->i_mapping);
	m->i_size_ok = m->host_ok && o->i_size >= 0 &&
		       kread(k, m->host + o->i_size, &m->i_size, 8);
	return true;
}

static void read_fs_type(struct vmcore_kernel *k, const struct page_offsets *o,
			 struct mapping_info *m)
{
	uint64_t type, name_ptr;
	char *fs = NULL;
	snprintf(m->fs, sizeof(m->fs), "?");
	if (o->sb_type < 0 || o->fst_name < 0 ||
	    !kread_u64(k, m->sb + o->sb_type, &type) || !type ||
	    !kread_u64(k, type + o->fst_name, &name_ptr) || !name_ptr)
		return;
	pgr_error_destroy(vmcore_read_string(k->dump, name_ptr, 31, &fs));
	if (fs && *fs) {
		snprintf(m->fs, sizeof(m->fs), "%s", fs);
		m->fs_ok = true;
	}
	free(fs);
}

// The name of the first dentry aliasing the inode, if any.
static char *dentry_name(struct vmcore_kernel *k, const struct page_offsets *o,
			 const struct mapping_info *m)
{
	uint64_t first, dname;
	char *name = NULL;
	if (o->i_dentry >= 0 && o->d_alias >= 0 && o->d_name >= 0 &&
	    kread_u64(k, m->host + o->i_dentry, &first) && first &&
	    kread_u64(k, first - o->d_alias + o->d_name, &dname) && dname)
		pgr_error_destroy(
			vmcore_read_string(k->dump, dname, 255, &name));
	return name;
}

static struct pgr_error *mapping_findings(struct vmcore_kernel *k,
					  struct crash_record *rec,
					  const struct page_offsets *o,
					  const struct page_state *s,
					  const struct mapping_info *m)
{
	if (is_poison(m->host) || is_poison(m->a_ops))
		return add_finding(rec, "mapping-freed", s->addr, s, "page 0x%" PRIx64 "'s mapping 0x%" PRIx64 " reads as slab poison (freed)", s->addr, s->mapping) ?:
			       add_finding(rec, "freed-or-poisoned", s->mapping,
					   s,
					   "address_space 0x%" PRIx64
					   " is slab poison 0x6b6b...",
					   s->mapping);
	if (m->host_ok && m->i_mapping != s->mapping)
		return add_finding(rec, "mapping-freed", s->addr, s,
				   "page 0x%" PRIx64 "'s mapping 0x%" PRIx64
				   " is not its inode's i_mapping (0x%" PRIx64
				   "): freed and reused?",
				   s->addr, s->mapping, m->i_mapping);
	uint64_t entry;
	if (s->tail ||
	    !xa_lookup(k, o, s->mapping + o->as_i_pages, s->index, &entry) ||
	    entry == s->addr || entry == s->head)
		return NULL;
	return add_finding(rec, "page-not-in-mapping", s->addr, s,
			   "page 0x%" PRIx64 " claims mapping 0x%" PRIx64
			   " index %" PRIu64
			   ", but the mapping's i_pages holds 0x%" PRIx64
			   " there (inode %" PRIu64 " on %s, i_size %" PRId64
			   ", nrpages %" PRIu64 ")",
			   s->addr, s->mapping, s->index, entry, m->ino, m->fs,
			   m->i_size, m->nrpages);
}

static struct pgr_error *decode_mapping(struct vmcore_kernel *k,
					struct crash_record *rec,
					const struct page_offsets *o,
					const struct page_state *s,
					struct page_dump *p)
{
	struct mapping_info m;
	if (!s->mapping || (s->mapping & (MAPPING_ANON | MAPPING_MOVABLE)))
		return NULL;
	if (!read_mapping(k, o, s->mapping, &m))
		return add_finding(
			rec, "mapping-freed", s->addr, s,
			"page 0x%" PRIx64 "'s mapping 0x%" PRIx64
			" cannot be read (freed memory not in the dump?)",
			s->addr, s->mapping);
	const char *aops = m.a_ops ? kernel_object_name(k, m.a_ops) : NULL;
	if (aops && !(p->aops = record_strdup(rec, aops)))
		return &pgr_enomem;
	if (m.nrpages_ok && !is_poison(m.nrpages))
		p->nrpages = pgr_u64_of(m.nrpages);
	if (m.host_ok) {
		p->ino = pgr_u64_of(m.ino);
		if (m.i_size_ok)
			p->i_size = pgr_s64_of(m.i_size);
		read_fs_type(k, o, &m);
		if (m.fs_ok && !(p->fs_type = record_strdup(rec, m.fs)))
			return &pgr_enomem;
		char *file = dentry_name(k, o, &m);
		if (file) {
			p->dentry = record_strdup(rec, file);
			free(file);
			if (!p->dentry)
				return &pgr_enomem;
		}
	}
	return mapping_findings(k, rec, o, s, &m);
}

struct pgr_error *page_decode(struct vmcore_kernel *k, struct crash_record *rec,
			      const struct page_offsets *o,
			      const struct vmemmap *v, uint64_t addr,
			      struct page_dump *p, bool *read_ret)
{
	struct page_state s;
	*read_ret = read_state(k, o, addr, &s);
	if (!*read_ret)
		return NULL; // not in the dump: the log's facts stay
	if (s.tail && !head_state(k, o, v, &s))
		return add_finding(
			rec, "freed-or-poisoned", addr, &s,
			"page 0x%" PRIx64 " claims compound head 0x%" PRIx64
			", which is no struct page of this compound page",
			addr, s.head);
	fill_dump(k, o, v, &s, p);
	struct pgr_error *err = flag_names(k, rec, o, s.flags, p);
	if (!err)
		err = page_findings(rec, o, &s);
	if (!err)
		err = decode_mapping(k, rec, o, &s, p);
	return err;
}
