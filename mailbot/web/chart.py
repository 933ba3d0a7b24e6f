"""Comments per clause as a horizontal bar chart: geometry only, drawn as inline SVG
by the template (so every label goes through autoescape)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

ROW_HEIGHT = 22
LABEL_WIDTH = 130
BAR_AREA = 420
COUNT_WIDTH = 40


@dataclass(frozen=True)
class Bar:
    label: str
    count: int
    href: str
    y: int
    width: float


@dataclass(frozen=True)
class Chart:
    bars: tuple[Bar, ...]
    width: int
    height: int
    label_width: int = LABEL_WIDTH
    row_height: int = ROW_HEIGHT


def bar_chart(items: Sequence[tuple[str, int, str]]) -> Chart:
    """items: (label, count, link) in the order to draw; bars scale to the largest count."""
    most = max((count for _, count, _ in items), default=0) or 1
    bars = tuple(
        Bar(label, count, href, i * ROW_HEIGHT, round(BAR_AREA * count / most, 1))
        for i, (label, count, href) in enumerate(items)
    )
    return Chart(bars, LABEL_WIDTH + BAR_AREA + COUNT_WIDTH, max(len(bars), 1) * ROW_HEIGHT)
