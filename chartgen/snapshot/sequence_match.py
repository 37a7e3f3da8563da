"""Line matching for diffs of large texts, in time close to linear in their length.

``difflib.SequenceMatcher`` finds the longest matching block, then recurses on both sides of it. With changes
spread through a long text (a snapshot where a chart version bump touches a label in every object) it takes
time proportional to the length times the number of changes, and a line repeated in every object (``replicas:
1``) makes each look-up walk all of that line's occurrences: a 100 kB snapshot took seconds, a few megabytes
would take hours.

:class:`LineMatcher` keeps ``SequenceMatcher``'s interface (``get_opcodes``, ``get_grouped_opcodes``) and replaces
only how matching blocks are found, the way "patience" diffs do: strip the common head and tail, anchor on the
lines that occur exactly once on each side (kept in order by a longest increasing subsequence), and repeat inside
each gap between anchors, where lines that were common overall are often unique. A gap with no such line is
handed to ``SequenceMatcher`` when it is small and left as one replaced block otherwise, which bounds the cost.
"""

from __future__ import annotations

import bisect
import difflib
from collections import Counter
from collections.abc import Hashable, Sequence

__all__ = ["LineMatcher"]

# Gaps without unique lines up to this many lines a side are matched by difflib (quadratic in the gap at worst).
_SMALL_GAP = 400


class LineMatcher(difflib.SequenceMatcher):
    """``difflib.SequenceMatcher(None, a, b, autojunk=False)`` with near-linear matching of long sequences."""

    def __init__(self, a: Sequence[Hashable], b: Sequence[Hashable]) -> None:
        # Neither side is indexed by SequenceMatcher here (its b2j index is what makes repeated lines slow).
        self.a: Sequence[Hashable] = a
        self.b: Sequence[Hashable] = b
        self.matching_blocks: list[difflib.Match] | None = None
        self.opcodes: list[tuple[str, int, int, int, int]] | None = None

    def get_matching_blocks(self) -> list[difflib.Match]:
        if self.matching_blocks is None:
            self.matching_blocks = _merged(sorted(_blocks(self.a, self.b)), len(self.a), len(self.b))
        return self.matching_blocks

    def ratio(self) -> float:
        matches = sum(block.size for block in self.get_matching_blocks())
        total = len(self.a) + len(self.b)
        return 2.0 * matches / total if total else 1.0


def _blocks(a: Sequence[Hashable], b: Sequence[Hashable]) -> list[tuple[int, int, int]]:
    found: list[tuple[int, int, int]] = []
    pending = [(0, len(a), 0, len(b))]
    while pending:
        alo, ahi, blo, bhi = pending.pop()
        head_a, head_b = alo, blo
        while alo < ahi and blo < bhi and a[alo] == b[blo]:
            alo, blo = alo + 1, blo + 1
        if alo > head_a:
            found.append((head_a, head_b, alo - head_a))
        tail_a = ahi
        while ahi > alo and bhi > blo and a[ahi - 1] == b[bhi - 1]:
            ahi, bhi = ahi - 1, bhi - 1
        if ahi < tail_a:
            found.append((ahi, bhi, tail_a - ahi))
        if alo == ahi or blo == bhi:
            continue
        anchors = _unique_anchors(a, alo, ahi, b, blo, bhi)
        if anchors:
            last_a, last_b = alo, blo
            for i, j in anchors:
                pending.append((last_a, i, last_b, j))
                found.append((i, j, 1))
                last_a, last_b = i + 1, j + 1
            pending.append((last_a, ahi, last_b, bhi))
        elif ahi - alo <= _SMALL_GAP and bhi - blo <= _SMALL_GAP:
            small = difflib.SequenceMatcher(None, a[alo:ahi], b[blo:bhi], autojunk=False)
            found.extend((alo + i, blo + j, size) for i, j, size in small.get_matching_blocks() if size)
    return found


def _unique_anchors(
    a: Sequence[Hashable], alo: int, ahi: int, b: Sequence[Hashable], blo: int, bhi: int
) -> list[tuple[int, int]]:
    """Pairs (i, j) of lines occurring once in ``a[alo:ahi]`` and once in ``b[blo:bhi]``, the longest run of them
    that is in the same order on both sides."""
    in_a = Counter(a[alo:ahi])
    in_b = Counter(b[blo:bhi])
    where_b = {b[j]: j for j in range(blo, bhi) if in_b[b[j]] == 1}
    pairs = [(i, where_b[a[i]]) for i in range(alo, ahi) if in_a[a[i]] == 1 and a[i] in where_b]
    return _longest_increasing(pairs)


def _longest_increasing(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The longest subsequence of ``pairs`` (increasing in i) whose j also increase (patience sorting)."""
    tops: list[int] = []  # tops[k]: the smallest j ending an increasing run of length k + 1
    ends: list[int] = []  # index in pairs of that run's last pair
    back: list[int] = []  # index of the previous pair in the run ending at each pair
    for index, (_, j) in enumerate(pairs):
        k = bisect.bisect_left(tops, j)
        back.append(ends[k - 1] if k else -1)
        if k == len(tops):
            tops.append(j)
            ends.append(index)
        else:
            tops[k] = j
            ends[k] = index
    run: list[tuple[int, int]] = []
    index = ends[-1] if ends else -1
    while index >= 0:
        run.append(pairs[index])
        index = back[index]
    return run[::-1]


def _merged(blocks: list[tuple[int, int, int]], size_a: int, size_b: int) -> list[difflib.Match]:
    """Adjacent blocks joined, as ``SequenceMatcher.get_matching_blocks`` returns them, with its end sentinel."""
    out: list[difflib.Match] = []
    for i, j, size in blocks:
        if out and out[-1].a + out[-1].size == i and out[-1].b + out[-1].size == j:
            last = out.pop()
            out.append(difflib.Match(last.a, last.b, last.size + size))
        else:
            out.append(difflib.Match(i, j, size))
    out.append(difflib.Match(size_a, size_b, 0))
    return out
