"""The Python chapter of the guide (``guide/12-python.md``) cannot rot: every ```python block
runs, in order, in one namespace, with a temporary folder as the working directory.

A block whose first line is ``# needs: <what>`` (``arviz``, ``matplotlib``, ``skrf`` or
``batches``, several separated by commas) is skipped when that is missing; ``batches`` is the
``Model.sample`` / ``Model.s_batch`` API. Later blocks must not depend on a block that can be
skipped. Every block, skipped or not, must at least compile.
"""

import importlib.util
import pathlib
import re

import pytest

import pmrf_rs as rs

GUIDE = pathlib.Path(__file__).resolve().parents[2] / "guide" / "12-python.md"
NEEDS = re.compile(r"#\s*needs:\s*(.+)")


def blocks():
    """``(line, code)`` of each ```python block: its first line in the markdown, its code."""
    text = GUIDE.read_text()
    return [
        (text.count("\n", 0, m.start(1)) + 1, m.group(1))
        for m in re.finditer(r"^```python\n(.*?)^```", text, re.S | re.M)
    ]


def missing(code):
    """What a block needs that is not here, from its ``# needs:`` line (empty: runnable)."""
    first = code.split("\n", 1)[0]
    m = NEEDS.match(first)
    if not m:
        return []
    have = {
        "batches": lambda: hasattr(rs.Model, "s_batch"),
        "arviz": lambda: importlib.util.find_spec("arviz") is not None,
        "matplotlib": lambda: importlib.util.find_spec("matplotlib") is not None,
        "skrf": lambda: importlib.util.find_spec("skrf") is not None,
    }
    needs = [n.strip() for n in m.group(1).split(",")]
    unknown = [n for n in needs if n not in have]
    assert not unknown, f"unknown '# needs:' {unknown}; known: {sorted(have)}"
    return [n for n in needs if not have[n]()]


def test_every_block_compiles():
    found = blocks()
    assert len(found) >= 10, f"only {len(found)} python blocks in {GUIDE}"
    for line, code in found:
        compile(code, f"{GUIDE.name}:{line}", "exec")


def test_the_chapter_runs_in_order(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("MPLBACKEND", "Agg")
    namespace = {"__name__": "__guide__"}
    skipped = []
    for line, code in blocks():
        lacking = missing(code)
        if lacking:
            skipped.append(f"line {line}: needs {', '.join(lacking)}")
            continue
        # Compiled under the markdown's name, and padded so tracebacks give the guide's lines.
        exec(compile("\n" * (line - 1) + code, str(GUIDE), "exec"), namespace)
    if skipped:
        print("skipped blocks:", *skipped, sep="\n  ")
