#!/usr/bin/env python3
"""Generate core/src/controllers/tzdata.txt: every IANA time zone name with its POSIX TZ rule.

The CronJob controller reads `spec.timeZone` through Go's `time.LoadLocation`, and the API server
checks the name the same way (`validateTimeZone`, pkg/apis/batch/validation). kubeplay's core
does no IO and ships to WebAssembly, so it embeds this table instead of a zoneinfo database: the
names are those of the IANA database as Python's `zoneinfo.available_timezones()` lists them from
the system's zoneinfo (the main and `backward` names, `Factory`), less `localtime` (a Debian
symlink to /etc/localtime, not an IANA name); `UTC` is among them (`time.LoadLocation` answers it
without a file). Each name's rule is the footer of its TZif v2+ file (RFC 8536 §3.3), the POSIX
TZ string that describes every time after the file's last explicit transition.

Explicit transitions: a few zones (Africa/Casablanca and Africa/El_Aaiun, Asia/Gaza and
Asia/Hebron) list their future changes one by one — Ramadan, which no POSIX rule can say — and
their footer only covers the time after the last one (2086-2087). For them the table also holds
the transitions from START (2025-01-01, where kubeplay's clock starts) to the end of 2037, where
it stops to stay small; past that the footer applies.

Format, one line per distinct rule (lines sorted by rule):

    RULE<TAB>TOKEN TOKEN ...

A token ending in `/` sets the directory the following tokens are names in (each line starts in
the top directory; `/` alone goes back to it); any other token is a name in that directory. So
`EST5EDT,M3.2.0,M11.1.0\t/ EST5EDT America/ Detroit New_York` holds `EST5EDT`, `America/Detroit`
and `America/New_York`.

then one line per distinct list of explicit transitions:

    *OFFSET WHEN/OFFSET WHEN/OFFSET ...<TAB>TOKEN TOKEN ...

OFFSET: minutes east of UTC (the first: the offset in effect at START); WHEN: minutes since the
previous transition (the first: since START), base 36.

Usage: python3 tools/tzdata.py [ZONEINFO_DIR]   (default /usr/share/zoneinfo)
       rewrites core/src/controllers/tzdata.txt and prints its size
"""
import os
import struct
import sys

# this file's name shadows the `tzdata` package that zoneinfo looks for first
sys.path = [p for p in sys.path if os.path.abspath(p or ".") != os.path.dirname(os.path.abspath(__file__))]
import zoneinfo  # noqa: E402

ROOT = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/zoneinfo"
OUT = os.path.join(os.path.dirname(__file__), "..", "core", "src", "controllers", "tzdata.txt")


def footer(name):
    """The POSIX TZ string at the end of a TZif v2+ file (between its last two newlines)."""
    with open(os.path.join(ROOT, name), "rb") as f:
        data = f.read()
    if data[:4] != b"TZif" or data[4:5] < b"2":
        raise SystemExit(f"{name}: not a TZif v2+ file")
    body = data.rstrip(b"\n")
    rule = body[body.rindex(b"\n") + 1 :].decode("ascii")
    if not rule:
        raise SystemExit(f"{name}: no POSIX TZ footer")
    return rule


START = 1735689600  # 2025-01-01T00:00:00Z
END = 2145916800  # 2038-01-01T00:00:00Z
# zic's "fat" files list every zone's rule-made transitions up to 2037 (and a last one in 2038);
# only a zone listing transitions past this one has changes its footer does not describe
LISTED_PAST = 2177452800  # 2039-01-01T00:00:00Z


def transitions(name):
    """The TZif v2+ data block's transitions as (Unix seconds, UT offset seconds)."""
    with open(os.path.join(ROOT, name), "rb") as f:
        b = f.read()

    def counts(off):
        return struct.unpack(">6l", b[off + 20 : off + 44])

    isut, isstd, leap, timecnt, typecnt, charcnt = counts(0)
    p = 44 + timecnt * 5 + typecnt * 6 + charcnt + leap * 8 + isstd + isut
    isut, isstd, leap, timecnt, typecnt, charcnt = counts(p)
    p += 44
    times = struct.unpack(f">{timecnt}q", b[p : p + 8 * timecnt])
    p += 8 * timecnt
    idx = b[p : p + timecnt]
    p += timecnt
    offs = [struct.unpack(">l", b[p + 6 * i : p + 6 * i + 4])[0] for i in range(typecnt)]
    return [(t, offs[i]) for t, i in zip(times, idx)]


def explicit(name):
    """The transitions in [START, END) of a zone whose explicit ones outlast 2038, encoded."""
    tx = transitions(name)
    if not tx or tx[-1][0] < LISTED_PAST:
        return None
    before = [o for t, o in tx if t <= START]
    out, last = [str(before[-1] // 60)], START
    for t, o in tx:
        if START < t < END:
            assert t % 60 == 0 and o % 60 == 0, name
            out.append(f"{base36((t - last) // 60)}/{o // 60}")
            last = t
    return " ".join(out)


def base36(n):
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    s = ""
    while True:
        n, r = divmod(n, 36)
        s = digits[r] + s
        if n == 0:
            return s


def tokens(names):
    parts = sorted(n.rpartition("/")[::2] for n in names)
    out, current = [], ""
    for d, leaf in parts:
        d = d + "/" if d else ""
        if d != current:
            out.append(d or "/")
            current = d
        out.append(leaf)
    return " ".join(out)


def version():
    try:
        with open(os.path.join(ROOT, "tzdata.zi")) as f:
            return f.readline().strip().lstrip("# ").replace("version ", "")
    except OSError:
        return "unknown"


def main():
    zoneinfo.reset_tzpath([ROOT])
    names = sorted(zoneinfo.available_timezones() - {"localtime"})
    if "UTC" not in names:
        names.append("UTC")
    by_rule, by_list = {}, {}
    for n in names:
        by_rule.setdefault(footer(n), []).append(n)
        if n != "UTC":
            listed = explicit(n)
            if listed:
                by_list.setdefault(listed, []).append(n)
    lines = [f"# tools/tzdata.py from tzdata {version()}: POSIX TZ rule, then zone names"]
    for rule in sorted(by_rule):
        lines.append(rule + "\t" + tokens(by_rule[rule]))
    for listed in sorted(by_list):
        lines.append("*" + listed + "\t" + tokens(by_list[listed]))
    text = "\n".join(lines) + "\n"
    with open(OUT, "w") as f:
        f.write(text)
    print(f"{OUT}: {len(names)} names, {len(by_rule)} rules, {len(text.encode())} bytes")


if __name__ == "__main__":
    main()
