#!/usr/bin/env python3
"""Checks po/POTFILES.in against the tree: every listed file exists, and every .c or .ui file
under client/, nm-plugin/ and gui/ that marks a string for translation (_( ), N_( ), C_( ),
NC_( ) or translatable="yes") is listed, so no string silently stays English."""
import os
import re
import sys

root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..")
MARK_C = re.compile(r'(?<![A-Za-z0-9_])N?C?_\(')
MARK_UI = re.compile(r'translatable="(yes|1|true)"')

listed = []
with open(os.path.join(root, "po", "POTFILES.in"), encoding="utf-8") as f:
    for line in f:
        line = line.strip()
        if line and not line.startswith("#"):
            listed.append(line)

problems = []
for path in listed:
    if not os.path.isfile(os.path.join(root, path)):
        problems.append(f"{path} is listed in po/POTFILES.in but does not exist: remove the line.")

for top in ("client", "nm-plugin", "gui"):
    for dirpath, _dirs, files in os.walk(os.path.join(root, top)):
        for name in sorted(files):
            full = os.path.join(dirpath, name)
            rel = os.path.relpath(full, root)
            if name.endswith(".c"):
                mark = MARK_C
            elif name.endswith(".ui"):
                mark = MARK_UI
            else:
                continue
            with open(full, encoding="utf-8", errors="replace") as f:
                if mark.search(f.read()) and rel not in listed:
                    problems.append(f"{rel} has translatable strings but is missing from "
                                    "po/POTFILES.in: add it there.")

for p in problems:
    print(p)
print(f"potfiles: {len(listed)} listed, {len(problems)} problems")
sys.exit(1 if problems else 0)
