# SPDX-License-Identifier: GPL-2.0-or-later
"""The man page against the commands' own declarations: for each command,
the options its usage text lists (made from its cmd_spec, src/cmd_options.h)
are exactly the options of its entries in pagerace(1) (the .TP tags of its
section that begin with an option), with the same short letter and argument,
and its SYNOPSIS line says what its usage lines say.

man-options.py PAGERACE MANPAGE COMMAND...
"""

import re
import shlex
import subprocess
import sys

from taplib import tap

# A usage line of an option: "  -f, --format=text|json   help" or
# "      --no-kb   help".
USAGE_OPTION = re.compile(r"^  (?:-(\w), |    )--([a-z][a-z-]*)(?:=(\S+))?")
# An option in rendered man text, with its argument when written "=ARG".
MAN_OPTION = re.compile(r"(?<![\w-])(?:-(\w)(?![\w-])|--([a-z][a-z-]*)(?:=([^\s,\]]+))?)")
ESCAPES = [(r"\-", "-"), (r"\(en", "-"), (r"\&", ""), (r"\e", "\\")]


def render(line):
    """The text of one roff line: font macros' arguments joined (the
    alternating ones without spaces), font escapes dropped."""
    for esc, text in ESCAPES:
        line = line.replace(esc, text)
    line = re.sub(r"\\f[BIRP]", "", line)
    m = re.match(r"\.([BI]|[BIR][BIR])(?: (.*))?$", line)
    if not m:
        return "" if line.startswith(".") else line
    args = shlex.split(m.group(2) or "", posix=True)
    return (" " if len(m.group(1)) == 1 else "").join(args)


def usage_of(pagerace, cmd):
    """The synopsis lines and {long: (short, arg)} of `pagerace CMD -h`."""
    out = subprocess.run([pagerace, cmd, "-h"], capture_output=True,
                         text=True, check=True).stdout
    synopsis, options = [], {}
    for line in out.splitlines():
        if line.startswith("usage: ") or (synopsis and line.startswith(" " * 7 + "pagerace")):
            synopsis.append(line.split(None, 1)[1] if line.startswith("usage: ") else line.strip())
        m = USAGE_OPTION.match(line)
        if m and m.group(2) != "help":
            options[m.group(2)] = (m.group(1), m.group(3))
    return synopsis, options


def section(lines, head):
    """The lines of the part of the man page that opens with HEAD, up to
    the next .SS or .SH."""
    start = lines.index(head) + 1
    end = next((i for i in range(start, len(lines))
                if lines[i].startswith((".SS", ".SH"))), len(lines))
    return lines[start:end]


def man_options(lines):
    """{long: (short, arg)} of the option entries of a command's section;
    a short option is the one written just before its long one."""
    options, problems = {}, []
    for i, line in enumerate(lines[:-1]):
        if line != ".TP":
            continue
        tag = render(lines[i + 1])
        if not tag.startswith("-"):
            continue  # a subcommand's entry
        short = None
        for m in MAN_OPTION.finditer(tag):
            if m.group(1):
                short = m.group(1)
                continue
            if m.group(2) in options:
                problems.append("--%s has two entries" % m.group(2))
            options[m.group(2)] = (short, m.group(3))
            short = None
        if short:
            problems.append("-%s without its long name in %r" % (short, tag))
    return options, problems


def man_synopsis(lines, cmd):
    """The SYNOPSIS of CMD, rendered: from ".B pagerace CMD" to ".br"."""
    syn = section(lines, ".SH SYNOPSIS")
    start = syn.index(".B pagerace " + cmd)
    words = []
    for line in syn[start:]:
        if line == ".br":
            break
        words.append(render(line))
    return " ".join(words)


def split_top(text, sep):
    """TEXT split at SEP outside brackets."""
    parts, depth, cur = [], 0, ""
    for ch in text:
        depth += ch in "[{"
        depth -= ch in "]}"
        if ch == sep and depth == 0:
            parts.append(cur)
            cur = ""
        else:
            cur += ch
    return parts + [cur]


def synopsis_problem(cmd, usage, man):
    """Why the man SYNOPSIS of CMD does not say what its usage lines say,
    or None.  One usage line: the same text.  One per subcommand: the man
    page's {SUB ARGS|...} [OPTIONS] names the same subcommands with the
    same operands (the usage's [-x ARG] groups left out)."""
    if len(usage) == 1:
        return None if usage[0] == man else "usage %r, man %r" % (usage[0], man)
    prefix = "pagerace %s {" % cmd
    if not man.startswith(prefix) or not man.endswith("} [OPTIONS]"):
        return "man %r is not %s...} [OPTIONS]" % (man, prefix)
    alts = split_top(man[len(prefix):-len("} [OPTIONS]")], "|")
    subs = []
    for line in usage:
        words = [w for w in split_top(line, " ")[2:] if not w.startswith("[-")]
        subs.append(" ".join(words))
    return None if subs == alts else "usage %s, man %s" % (subs, alts)


def main():
    pagerace, manpage, cmds = sys.argv[1], sys.argv[2], sys.argv[3:]
    with open(manpage) as f:
        lines = f.read().splitlines()
    for cmd in cmds:
        usage, declared = usage_of(pagerace, cmd)
        documented, problems = man_options(section(lines, ".SS " + cmd))
        for name in sorted(set(declared) | set(documented)):
            if name not in documented:
                problems.append("--%s has no entry" % name)
            elif name not in declared:
                problems.append("--%s is not an option of %s" % (name, cmd))
            elif declared[name] != documented[name]:
                problems.append("--%s: usage -%s=%s, man -%s=%s" % (
                    (name,) + declared[name] + documented[name]))
        tap(declared and not problems,
            "man page's %s entries are its %d declared options" % (cmd, len(declared)),
            "\n".join(problems))
        why = synopsis_problem(cmd, usage, man_synopsis(lines, cmd))
        tap(why is None, "man page's synopsis of %s is its usage" % cmd, why)


if __name__ == "__main__":
    main()
