"""The Makefile as make reads it: every rule's prerequisites are what they
say. A variable is expanded in a prerequisite list when make reads that
line, so one defined further down is empty there: `make cms` ran without
npm's tools (decap-server) on a fresh clone."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DEFINITION = re.compile(r"^([A-Z_]+)\s*(?::=|\?=|=)")
RULE = re.compile(r"^([A-Za-z$][^:=\s]*(?:\s+[^:=\s]+)*)\s*:(?!=)(.*)$")
USE = re.compile(r"\$\(([A-Z_]+)\)")


def test_every_variable_in_a_prerequisite_list_is_defined_above_it():
    defined: dict[str, int] = {}
    late = []
    lines = (ROOT / "Makefile").read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines, 1):
        if found := DEFINITION.match(line):
            defined.setdefault(found[1], number)
    seen: set[str] = set()
    for number, line in enumerate(lines, 1):
        if found := DEFINITION.match(line):
            seen.add(found[1])
            continue
        rule = RULE.match(line)
        if rule and not line.startswith("\t"):
            prerequisites = rule[2].split("##", 1)[0]
            late += [
                f"Makefile:{number}: $({name}) is defined on line {defined[name]}"
                for name in USE.findall(prerequisites)
                if name in defined and name not in seen
            ]
    assert late == []


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_make_cms_installs_npm_s_tools_first():
    database = subprocess.run(
        ["make", "-p", "-n", "-C", str(ROOT), "cms"], capture_output=True, text=True
    ).stdout
    rule = next(line for line in database.splitlines() if line.startswith("cms:"))
    assert "node_modules/.installed-" in rule, rule
