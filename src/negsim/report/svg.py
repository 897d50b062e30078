"""Line charts as inline SVG: one meter over the rounds of a game, its thresholds dashed."""

from __future__ import annotations

from html import escape

from negsim.report.blocks import Chart

WIDTH = 560
"""Chart width in SVG units."""
HEIGHT = 170
"""Chart height in SVG units."""
_PAD_L, _PAD_R, _PAD_T, _PAD_B = 40, 110, 12, 26


def chart_svg(c: Chart) -> str:
    """The chart as an ``<svg>`` element (no external references: it renders offline)."""
    n = max(1, len(c.values) - 1)
    span = max(1, c.high - c.low)
    inner_w = WIDTH - _PAD_L - _PAD_R
    inner_h = HEIGHT - _PAD_T - _PAD_B

    def x(i: int) -> float:
        return _PAD_L + inner_w * i / n

    def y(v: int) -> float:
        return _PAD_T + inner_h * (1 - (v - c.low) / span)

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}"'
        f' role="img" aria-label="{escape(c.title)}: {" → ".join(map(str, c.values))}" class="chart">',
        f'<rect x="{_PAD_L}" y="{_PAD_T}" width="{inner_w}" height="{inner_h}" fill="#f7f7f7" stroke="#ccc"/>',
    ]
    for v in (c.low, c.high):
        out.append(f'<text x="{_PAD_L - 6}" y="{y(v) + 4:.1f}" text-anchor="end" font-size="11">{v}</text>')
    for at, name in c.thresholds:
        if c.low < at < c.high:
            out.append(
                f'<line x1="{_PAD_L}" x2="{_PAD_L + inner_w}" y1="{y(at):.1f}" y2="{y(at):.1f}" '
                'stroke="#c90" stroke-dasharray="4 3"/>'
            )
            out.append(
                f'<text x="{_PAD_L + inner_w + 4}" y="{y(at) + 4:.1f}" font-size="10" fill="#975">'
                f"{at} {escape(name[:18])}</text>"
            )
    labels = ["S", *[str(i) for i in range(1, len(c.values))]]
    for i, label in enumerate(labels):
        out.append(f'<text x="{x(i):.1f}" y="{HEIGHT - 8}" text-anchor="middle" font-size="10">{label}</text>')
    points = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in enumerate(c.values))
    out.append(f'<polyline points="{points}" fill="none" stroke="#2463a6" stroke-width="2"/>')
    for i, v in enumerate(c.values):
        out.append(f'<circle cx="{x(i):.1f}" cy="{y(v):.1f}" r="2.5" fill="#2463a6"><title>{v}</title></circle>')
    out.append("</svg>")
    return "".join(out)
