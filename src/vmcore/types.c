// SPDX-License-Identifier: GPL-2.0-or-later
// Types and member offsets by name, from the kernel's BTF (libbpf): the
// .BTF section of vmlinux (4 MB, parsed in ~20 ms), or the same bytes
// read from the dump between __start_BTF and __stop_BTF.  Members are
// found by name, so a renamed field is handled by asking for either name
// ("a|b" in a types_field table), never by kernel version.  Without BTF, the few
// offsets VMCOREINFO exports (OFFSET(page.mapping) ...) still answer.
#include <bpf/btf.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vmcore/kernel_priv.h" // IWYU pragma: associated

static int64_t vmcoreinfo_value(struct vmcore_kernel *k, const char *kind,
				const char *key);
static int64_t btf_offset(const struct btf *btf, const char *type,
			  const char *member);
static int32_t find_composite(const struct btf *btf, const char *name);

// BTF bytes read from memory are used only if they describe this kernel:
// every struct size and member offset VMCOREINFO states must agree.
static struct pgr_error *btf_check(struct vmcore_kernel *k,
				   const struct btf *btf)
{
	static const char *const checks[][2] = {
		{ "page", NULL },
		{ "page", "flags" },
		{ "page", "mapping" },
		{ "page", "_refcount" },
		{ "page", "_mapcount" },
		{ "page", "lru" },
		{ "list_head", "next" },
		{ "printk_info", "text_len" },
		{ "uts_namespace", "name" },
	};
	size_t agreed = 0;
	for (size_t i = 0; i < sizeof(checks) / sizeof(*checks); i++) {
		const char *type = checks[i][0], *member = checks[i][1];
		char key[96];
		int64_t want, have;
		if (member) {
			snprintf(key, sizeof(key), "%s.%s", type, member);
			want = vmcoreinfo_value(k, "OFFSET", key);
			have = btf_offset(btf, type, member);
		} else {
			snprintf(key, sizeof(key), "%s", type);
			want = vmcoreinfo_value(k, "SIZE", key);
			int32_t id = find_composite(btf, type);
			have = id > 0 ?
				       (int64_t)btf__type_by_id(btf, id)->size :
				       -1;
		}
		if (want < 0)
			continue;
		if (have != want)
			return pgr_error_format(
				PGR_ERROR_BAD_DATA,
				"the BTF in the dump says %s(%s) is %" PRId64
				", VMCOREINFO says %" PRId64
				": not this kernel's types",
				member ? "OFFSET" : "SIZE", key, have, want);
		agreed++;
	}
	if (!agreed)
		return pgr_error_create(
			PGR_ERROR_BAD_DATA,
			"the BTF in the dump cannot be checked: VMCOREINFO states no size or offset it has");
	return NULL;
}

static struct pgr_error *btf_from_dump(struct vmcore_kernel *k)
{
	uint64_t start, stop;
	if (!symtab_find_name(&k->syms, "__start_BTF", &start) ||
	    !symtab_find_name(&k->syms, "__stop_BTF", &stop) || stop <= start ||
	    stop - start > (64u << 20))
		return pgr_error_create(
			PGR_ERROR_NOT_FOUND,
			"the kernel has no BTF (no __start_BTF: built without CONFIG_DEBUG_INFO_BTF)");
	size_t len = stop - start;
	void *buf = malloc(len);
	if (!buf)
		return &pgr_enomem;
	struct pgr_error *err = vmcore_read(k->dump, start, buf, len);
	if (err) {
		free(buf);
		return pgr_error_prefix(
			err,
			"the kernel's BTF (0x%zx bytes at 0x%" PRIx64
			") cannot be read from the dump (filtered out?)",
			len, start);
	}
	struct btf *btf = btf__new(buf, len);
	if (!btf) {
		free(buf);
		return pgr_error_format(
			PGR_ERROR_BAD_DATA,
			"the kernel's BTF read from the dump is not BTF (btf__new: %s): lost or zeroed pages?",
			strerror(errno));
	}
	if ((err = btf_check(k, btf))) {
		btf__free(btf);
		free(buf);
		return err;
	}
	k->btf = btf;
	k->btf_buf = buf;
	return NULL;
}

struct pgr_error *types_load(struct vmcore_kernel *k)
{
	if (!k->vmlinux)
		return btf_from_dump(k);
	struct btf *btf = btf__parse_elf(k->vmlinux, NULL);
	if (btf) {
		k->btf = btf;
		return NULL;
	}
	int errnum = errno;
	struct pgr_error *err = btf_from_dump(k);
	if (err)
		return pgr_error_prefix(err, "btf__parse_elf(%s): %s",
					k->vmlinux, strerror(errnum));
	return NULL;
}

void types_close(struct vmcore_kernel *k)
{
	btf__free(k->btf);
	k->btf = NULL;
	free(k->btf_buf);
	k->btf_buf = NULL;
}

// Strip typedefs and qualifiers.
static const struct btf_type *resolve(const struct btf *btf, uint32_t *id)
{
	const struct btf_type *t = btf__type_by_id(btf, *id);
	for (int depth = 0; t && depth < 32; depth++) {
		if (!btf_is_typedef(t) && !btf_is_mod(t))
			return t;
		*id = t->type;
		t = btf__type_by_id(btf, *id);
	}
	return NULL;
}

static int32_t find_composite(const struct btf *btf, const char *name)
{
	int32_t id = btf__find_by_name_kind(btf, name, BTF_KIND_STRUCT);
	if (id <= 0)
		id = btf__find_by_name_kind(btf, name, BTF_KIND_UNION);
	return id;
}

// Member @p name of composite @p t, searching anonymous members; returns
// its bit offset and type id.
static bool find_member(const struct btf *btf, const struct btf_type *t,
			const char *name, int depth, uint64_t *bit_ret,
			uint32_t *type_ret, unsigned int *width_ret)
{
	if (depth > 8 || !btf_is_composite(t))
		return false;
	const struct btf_member *m = btf_members(t);
	for (unsigned int i = 0; i < btf_vlen(t); i++) {
		const char *mname = btf__name_by_offset(btf, m[i].name_off);
		uint64_t bit = btf_member_bit_offset(t, i);
		if (mname && *mname) {
			if (strcmp(mname, name) != 0)
				continue;
			*bit_ret = bit;
			*type_ret = m[i].type;
			*width_ret = btf_member_bitfield_size(t, i);
			return true;
		}
		uint32_t id = m[i].type;
		const struct btf_type *sub = resolve(btf, &id);
		if (sub && find_member(btf, sub, name, depth + 1, bit_ret,
				       type_ret, width_ret)) {
			*bit_ret += bit;
			return true;
		}
	}
	return false;
}

static bool btf_member_path(const struct btf *btf, const char *type,
			    const char *path, uint64_t *bit_ret,
			    unsigned int *width_ret)
{
	uint32_t id = find_composite(btf, type);
	if ((int32_t)id <= 0)
		return false;
	uint64_t total = 0;
	unsigned int width = 0;
	char part[128];
	for (const char *p = path; p && *p;) {
		const char *dot = strchr(p, '.');
		size_t len = dot ? (size_t)(dot - p) : strlen(p);
		if (len >= sizeof(part))
			return false;
		memcpy(part, p, len);
		part[len] = '\0';
		const struct btf_type *t = resolve(btf, &id);
		uint64_t bit;
		if (!t || !find_member(btf, t, part, 0, &bit, &id, &width))
			return false;
		total += bit;
		p = dot ? dot + 1 : NULL;
	}
	*bit_ret = total;
	*width_ret = width;
	return true;
}

static int64_t vmcoreinfo_value(struct vmcore_kernel *k, const char *kind,
				const char *key)
{
	uint64_t v;
	// A kernel of a unit test has types but no dump.
	if (!k->dump)
		return -1;
	struct pgr_error *err = vmcore_info_number(k->dump, kind, key, &v);
	if (err) {
		pgr_error_destroy(err);
		return -1;
	}
	return (int64_t)v;
}

bool types_vmcoreinfo_number(struct vmcore_kernel *k, const char *name,
			     int64_t *ret)
{
	char kind[16];
	const char *open = strchr(name, '(');
	size_t klen = open ? (size_t)(open - name) : 0;
	uint64_t v;
	if (!k->dump)
		return false;
	if (open && klen < sizeof(kind) && name[strlen(name) - 1] == ')') {
		char key[128];
		memcpy(kind, name, klen);
		kind[klen] = '\0';
		snprintf(key, sizeof(key), "%.*s",
			 (int)(strlen(open + 1) - 1), open + 1);
		struct pgr_error *err =
			vmcore_info_number(k->dump, kind, key, &v);
		pgr_error_destroy(err);
		if (err)
			return false;
	} else {
		struct pgr_error *err =
			vmcore_info_number(k->dump, "NUMBER", name, &v);
		pgr_error_destroy(err);
		if (err)
			return false;
	}
	*ret = (int64_t)v;
	return true;
}

static int64_t btf_offset(const struct btf *btf, const char *type,
			  const char *member)
{
	uint64_t bit;
	unsigned int width;
	if (!btf_member_path(btf, type, member, &bit, &width))
		return -1;
	return (int64_t)(bit / 8);
}

int64_t types_offset(struct vmcore_kernel *k, const char *type,
		     const char *member)
{
	uint64_t bit;
	unsigned int width;
	if (k->btf) {
		if (!btf_member_path(k->btf, type, member, &bit, &width))
			return -1;
		return (int64_t)(bit / 8);
	}
	char key[160];
	snprintf(key, sizeof(key), "%s.%s", type, member);
	return vmcoreinfo_value(k, "OFFSET", key);
}

static int64_t field_offset(struct vmcore_kernel *k, const char *type,
			    const char *members)
{
	if (!members)
		return types_size(k, type);
	char name[128];
	for (const char *m = members;;) {
		size_t len = strcspn(m, "|");
		if (len < sizeof(name)) {
			memcpy(name, m, len);
			name[len] = '\0';
			int64_t off = types_offset(k, type, name);
			if (off >= 0)
				return off;
		}
		if (!m[len])
			return -1;
		m += len + 1;
	}
}

void types_resolve(struct vmcore_kernel *k, const struct types_field *table,
		   size_t n, void *out)
{
	for (size_t i = 0; i < n; i++) {
		int64_t v = field_offset(k, table[i].type, table[i].member);
		memcpy((char *)out + table[i].field, &v, sizeof(v));
	}
}

int64_t types_size(struct vmcore_kernel *k, const char *type)
{
	if (!k->btf)
		return vmcoreinfo_value(k, "SIZE", type);
	int32_t id = find_composite(k->btf, type);
	if (id <= 0)
		return -1;
	return btf__type_by_id(k->btf, id)->size;
}

bool types_bitfield(struct vmcore_kernel *k, const char *type,
		    const char *member, unsigned int *bit_ret,
		    unsigned int *width_ret)
{
	uint64_t bit;
	unsigned int width;
	if (!k->btf || !btf_member_path(k->btf, type, member, &bit, &width))
		return false;
	*bit_ret = (unsigned int)bit;
	*width_ret = width;
	return true;
}

static const struct btf_type *find_enum(struct vmcore_kernel *k,
					const char *type)
{
	if (!k->btf)
		return NULL;
	int32_t id = btf__find_by_name_kind(k->btf, type, BTF_KIND_ENUM);
	return id > 0 ? btf__type_by_id(k->btf, id) : NULL;
}

size_t types_enum_count(struct vmcore_kernel *k, const char *type)
{
	const struct btf_type *t = find_enum(k, type);
	return t ? btf_vlen(t) : 0;
}

const char *types_enum_entry(struct vmcore_kernel *k, const char *type,
			     size_t i, int64_t *value_ret)
{
	const struct btf_type *t = find_enum(k, type);
	if (!t || i >= btf_vlen(t))
		return NULL;
	const struct btf_enum *e = btf_enum(t) + i;
	// kflag marks a signed enum (BTF_KIND_ENUM64 era); else unsigned.
	*value_ret = btf_kflag(t) ? (int64_t)e->val : (int64_t)(uint32_t)e->val;
	return btf__name_by_offset(k->btf, e->name_off);
}

bool types_enumerator(struct vmcore_kernel *k, const char *type,
		      const char *name, int64_t *ret)
{
	size_t n = types_enum_count(k, type);
	for (size_t i = 0; i < n; i++) {
		int64_t v;
		const char *e = types_enum_entry(k, type, i, &v);
		if (e && strcmp(e, name) == 0) {
			*ret = v;
			return true;
		}
	}
	if (!k->btf) {
		// VMCOREINFO exports a few enumerators as NUMBER(PG_lru).
		int64_t v = vmcoreinfo_value(k, "NUMBER", name);
		if (v >= 0) {
			*ret = v;
			return true;
		}
	}
	return false;
}
