# SPDX-License-Identifier: GPL-2.0-or-later
"""TAP lines without a plan for the Python checkers of tests/*.sh, which
count them with relay_tap (tests/test-subr.sh)."""


def tap(ok, name, detail=None, skip=None):
    """One result; on failure the first lines of @detail as comments."""
    if skip:
        print("ok - %s # SKIP %s" % (name, skip))
        return
    print(("ok - " if ok else "not ok - ") + name)
    if not ok and detail is not None:
        for line in str(detail).splitlines()[:12]:
            print("# " + line)


def hexval(v):
    """A JSON address ("0x...") or number as an int."""
    return int(v, 16) if isinstance(v, str) else v
