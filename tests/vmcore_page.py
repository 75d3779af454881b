# SPDX-License-Identifier: GPL-2.0-or-later
"""struct page words for the drgn oracles of tests/run-vmcore*.sh, read
under the member the dump's kernel has."""


def page_word(page, *paths):
    """A struct page word under the first member path the kernel has: the
    layouts move (__folio_index 6.16 acc53a0b4c15, memdesc_flags_t 6.18
    53fbef56e07d)."""
    for path in paths:
        obj = page
        try:
            for member in path.split("."):
                obj = obj.member_(member)
        except LookupError:
            continue
        value = obj.value_()
        if not isinstance(value, dict):
            return value
    raise LookupError("struct page has none of %s" % (paths,))


def tail_head(word, addr):
    """The head a tail word names: head | 1, or (7.1 compound_info with
    HVO, d50569612c29) a mask of the tail's own address | 1."""
    if word - 1 < addr and addr - (word - 1) < (1 << 30):
        return word - 1
    return addr & word

