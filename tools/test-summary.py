#!/usr/bin/env python3
"""Adds up meson's testlog.json files into one closing line: 'tests: N passed, N failed, N skipped'.

A test counted in several logs (the unit suite runs in both builds) counts once per build, named
by its build directory, so a failure in either build shows."""
import json
import sys

WHY_LINES = 8  # a CI log shows only its tail: each failure carries its own reason there


def why(stdout):
    """The lines of a failed test's output that say what failed: a guest scenario's FAIL checks
    and verdict, TAP 'not ok' lines; else error-like lines; else the output's last lines.
    Guest scenarios dump their daemons' logs after the verdict, so those come last in priority."""
    lines = [l.rstrip() for l in stdout.splitlines() if l.strip()]
    first = ("FAIL:", "not ok", "guest: scenario", "guest: interrupted")
    second = ("ERROR:", "error:", "timed out", "SUMMARY:", "Assertion")
    for keys in (first, second):
        hits = [l for l in lines if any(k in l for k in keys)]
        if hits:
            return hits[:WHY_LINES]
    return lines[-WHY_LINES:]


passed, failed, skipped = 0, 0, 0
failures = []
for path in sys.argv[1:]:
    build = path.split("/")[0]
    try:
        lines = open(path, encoding="utf-8").read().splitlines()
    except OSError as err:
        print(f"test-summary: cannot read {path}: {err}")
        failed += 1
        continue
    for line in lines:
        if not line.strip():
            continue
        t = json.loads(line)
        result = t.get("result", "")
        if result in ("OK", "EXPECTEDFAIL"):
            passed += 1
        elif result == "SKIP":
            skipped += 1
        else:
            failed += 1
            failures.append((f"{build}: {t.get('name')} ({result})", why(t.get("stdout") or "")))
for f, reasons in failures:
    print(f"FAILED {f}")
    for r in reasons:
        print(f"    {r}")
print(f"tests: {passed} passed, {failed} failed, {skipped} skipped")
sys.exit(1 if failed else 0)
