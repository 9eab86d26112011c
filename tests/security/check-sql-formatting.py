#!/usr/bin/env python3
"""Fails when SQL in src/ is built by formatting values into a string.

User text must reach SQLite only as bound parameters.  This looks at every
printf-style call in src/ (g_strdup_printf, g_string_printf,
g_string_append_printf, sqlite3_mprintf, snprintf, …) whose format string
holds SQL and a conversion (%s, %d, %q, …), and at SQL strings glued
together with g_strconcat/g_strjoin.  A call that formats only constants
the code itself owns may be kept by ending its line with the comment
`/* sql: constant */`, which a reviewer then checks.
"""

import os
import re
import sys

SRC = os.path.join(os.environ.get("PAPERS_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", "..")), "src")
if len(sys.argv) > 1:
    SRC = sys.argv[1]

PRINTF = re.compile(r"\b(g_strdup_printf|g_string_printf|g_string_append_printf|sqlite3_mprintf|"
                    r"sqlite3_snprintf|g_snprintf|snprintf|sprintf|g_strdup_vprintf)\s*\(")
CONCAT = re.compile(r"\b(g_strconcat|g_strjoin)\s*\(")
SQL = re.compile(r"\b(SELECT|INSERT|UPDATE|DELETE|WHERE|VALUES|CREATE|DROP|ALTER|PRAGMA|MATCH|ORDER BY|LIMIT|AND|OR)\b")
CONVERSION = re.compile(r"%[-+ #0]*[0-9*]*(?:\.[0-9*]+)?(?:hh|h|ll|l|z|j|t)?[sdiuxXqQwzcfgG]|%\"G_")
ALLOW = "/* sql: constant */"


def call_text(lines, start):
    """The text of the call starting on lines[start], up to its closing ')'."""
    text = ""
    depth = 0
    for i in range(start, min(start + 40, len(lines))):
        text += lines[i]
        depth += lines[i].count("(") - lines[i].count(")")
        if depth <= 0 and ")" in lines[i]:
            return text, i
    return text, start


def main():
    problems = []
    for root, _, files in os.walk(SRC):
        for name in files:
            if not name.endswith((".c", ".h")):
                continue
            path = os.path.join(root, name)
            with open(path, encoding="utf-8", errors="replace") as fh:
                lines = fh.readlines()
            for i, line in enumerate(lines):
                for pattern, needs_conversion in ((PRINTF, True), (CONCAT, False)):
                    if not pattern.search(line):
                        continue
                    text, end = call_text(lines, i)
                    literals = "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', text))
                    if not SQL.search(literals):
                        continue
                    if needs_conversion and not CONVERSION.search(literals):
                        continue
                    if any(ALLOW in lines[j] for j in range(i, end + 1)):
                        continue
                    problems.append("%s:%d: SQL built by formatting: %s"
                                    % (os.path.relpath(path, SRC), i + 1, line.strip()))
    expect = int(os.environ.get("EXPECT_PROBLEMS", "-1"))
    for p in problems:
        print(p)
    if expect >= 0:
        print("checked %s: %d problem(s), %d expected" % (SRC, len(problems), expect))
        return 0 if len(problems) == expect else 1
    print("checked %s: %d problem(s)" % (SRC, len(problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
