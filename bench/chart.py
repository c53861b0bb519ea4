"""The scaling chart as plain SVG text: build time against catalog size, one line per site.

A dashed line extends errcat's time at the smallest size proportionally (perfectly linear
growth), so a reader sees at a glance whether the build stays linear.
"""

from __future__ import annotations

from html import escape

WIDTH, HEIGHT = 640, 380
LEFT, RIGHT, TOP, BOTTOM = 70, 150, 40, 60  # margins around the plot area
COLOURS = {"errcat": "#3f51b5", "baseline": "#e65100", "linear": "#888888"}


def _ticks(top: float, count: int = 5) -> list[float]:
    """Round tick values from 0 to at least ``top``."""
    raw = top / count
    magnitude = 10 ** (len(str(int(raw))) - 1) if raw >= 1 else 1
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    return [step * i for i in range(count + 1) if step * (i - 1) < top]


def scaling_svg(series: dict[str, list[tuple[int, float]]], title: str) -> str:
    """An SVG line chart of ``series`` (name -> [(codes, seconds)]), with the linear reference."""
    first = series["errcat"][0]
    lines = dict(series)
    lines["linear"] = [(n, first[1] * n / first[0]) for n, _ in series["errcat"]]
    max_x = max(n for points in lines.values() for n, _ in points)
    y_ticks = _ticks(max(t for points in lines.values() for _, t in points))
    x_ticks = _ticks(max_x)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(n: float) -> float:
        return LEFT + plot_w * n / x_ticks[-1]

    def y(t: float) -> float:
        return TOP + plot_h * (1 - t / y_ticks[-1])

    out = [
        (
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" '
            f'font-family="sans-serif" font-size="12" role="img" aria-label="{escape(title)}">'
        ),
        f"<title>{escape(title)}</title>",
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#ffffff"/>',
        f'<text x="{LEFT}" y="{TOP - 16}" font-size="14" font-weight="bold">{escape(title)}</text>',
    ]
    for t in y_ticks:
        out.append(f'<line x1="{LEFT}" x2="{LEFT + plot_w}" y1="{y(t):.1f}" y2="{y(t):.1f}" stroke="#e0e0e0"/>')
        out.append(f'<text x="{LEFT - 8}" y="{y(t) + 4:.1f}" text-anchor="end">{t:g} s</text>')
    for n in x_ticks:
        out.append(f'<text x="{x(n):.1f}" y="{TOP + plot_h + 18}" text-anchor="middle">{n:,.0f}</text>')
    out.append(f'<line x1="{LEFT}" x2="{LEFT + plot_w}" y1="{TOP + plot_h}" y2="{TOP + plot_h}" stroke="#444"/>')
    out.append(f'<line x1="{LEFT}" x2="{LEFT}" y1="{TOP}" y2="{TOP + plot_h}" stroke="#444"/>')
    out.append(f'<text x="{LEFT + plot_w / 2}" y="{HEIGHT - 16}" text-anchor="middle">codes in the catalog</text>')
    labels = {"errcat": "errcat", "baseline": "hand-written pages", "linear": "linear growth"}
    for row, (name, points) in enumerate(lines.items()):
        colour = COLOURS.get(name, "#000000")
        dash = ' stroke-dasharray="6 4"' if name == "linear" else ""
        path = " ".join(f"{x(n):.1f},{y(t):.1f}" for n, t in points)
        out.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"{dash}/>')
        if name != "linear":
            for n, t in points:
                out.append(f'<circle cx="{x(n):.1f}" cy="{y(t):.1f}" r="4" fill="{colour}"><title>{escape(labels[name])}: {n:,} codes, {t:.1f} s</title></circle>')
        legend_y = TOP + 10 + row * 20
        out.append(f'<line x1="{WIDTH - RIGHT + 14}" x2="{WIDTH - RIGHT + 38}" y1="{legend_y}" y2="{legend_y}" stroke="{colour}" stroke-width="2"{dash}/>')
        out.append(f'<text x="{WIDTH - RIGHT + 44}" y="{legend_y + 4}">{escape(labels.get(name, name))}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"
