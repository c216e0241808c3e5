"""Small charts drawn as SVG on the server: no script, no library, nothing fetched.

Every label goes through :func:`markupsafe.escape`; the SVG uses presentation
attributes only (no ``style``), so the server's Content-Security-Policy can forbid
inline styles."""
from __future__ import annotations

import statistics
from collections.abc import Sequence
from typing import Any

from markupsafe import Markup, escape

__all__ = ["bar_chart", "line_chart", "PALETTE"]

PALETTE = ("#1f5fa8", "#2e8540", "#8a5a00", "#6b3fa0", "#00787a", "#a83260", "#4d5b69", "#b35900")


def _nice(v: float) -> float:
    """A round number at or above ``v`` for an axis top."""
    if v <= 0:
        return 1.0
    exp = 10 ** (len(str(int(v))) - 1) if v >= 1 else 1
    for m in (1, 2, 2.5, 5, 10):
        if v <= m * exp:
            return float(m * exp)
    return float(10 * exp)


def bar_chart(bars: Sequence[tuple[str, int]], *, title: str, width: int = 860, height: int = 220) -> Markup:
    """Vertical bars (label, count), e.g. citations per year."""
    if not bars:
        return Markup("")
    left, bottom, top = 40, 34, 22
    plot_w, plot_h = width - left - 10, height - bottom - top
    peak = max(n for _l, n in bars) or 1
    step = plot_w / len(bars)
    bw = max(4.0, min(48.0, step * 0.7))
    out = [f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}" '
           f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>',
           f'<line x1="{left}" y1="{top + plot_h}" x2="{width - 10}" y2="{top + plot_h}" stroke="#8a96a3"/>',
           f'<text x="{left - 6}" y="{top + 4}" text-anchor="end">{peak}</text>',
           f'<text x="{left - 6}" y="{top + plot_h}" text-anchor="end">0</text>']
    every = max(1, len(bars) // 16)
    for i, (lab, n) in enumerate(bars):
        h = plot_h * n / peak
        x = left + i * step + (step - bw) / 2
        out.append(f'<rect x="{x:.1f}" y="{top + plot_h - h:.1f}" width="{bw:.1f}" height="{h:.1f}" fill="#24507f">'
                   f"<title>{escape(lab)}: {n}</title></rect>")
        if n:
            out.append(f'<text x="{x + bw / 2:.1f}" y="{top + plot_h - h - 4:.1f}" text-anchor="middle">{n}</text>')
        if i % every == 0:
            out.append(f'<text x="{x + bw / 2:.1f}" y="{top + plot_h + 16}" text-anchor="middle">{escape(lab)}</text>')
    out.append("</svg>")
    return Markup("".join(out))


def line_chart(series: dict[str, list[tuple[str, float, bool]]], *, title: str, width: int = 860,
               height: int = 280) -> Markup:
    """One line per series over the same categorical x axis (periods, in order); each
    point is (x label, value, conflict) and a conflicting point is drawn in red."""
    xs = sorted({x for pts in series.values() for x, _v, _c in pts})
    if not xs:
        return Markup("")
    vals = [v for pts in series.values() for _x, v, _c in pts]
    lo, hi = min(0.0, min(vals)), _nice(max(vals))
    left, right, bottom, top = 70, 270, 40, 20
    plot_w, plot_h = width - left - right, height - bottom - top
    span = (hi - lo) or 1.0

    def px(x: str) -> float:
        return left + (xs.index(x) + 0.5) * plot_w / len(xs)

    def py(v: float) -> float:
        return top + plot_h - (v - lo) / span * plot_h

    out = [f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}" '
           f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>']
    for k in range(5):
        v = lo + span * k / 4
        y = py(v)
        out.append(f'<line x1="{left}" y1="{y:.1f}" x2="{left + plot_w}" y2="{y:.1f}" stroke="#e1e6ec"/>'
                   f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{_fmt(v)}</text>')
    for x in xs:
        out.append(f'<text x="{px(x):.1f}" y="{top + plot_h + 18}" text-anchor="middle">{escape(_short(x))}</text>')
    for i, (name, pts) in enumerate(series.items()):
        color = PALETTE[i % len(PALETTE)]
        pts = sorted(pts, key=lambda p: xs.index(p[0]))
        by_x: dict[str, list[float]] = {}
        for x, v, _c in pts:
            by_x.setdefault(x, []).append(v)
        if len(by_x) > 1:  # the line joins each period's median; every value is a dot
            path = " ".join(f"{px(x):.1f},{py(statistics.median(vs)):.1f}" for x, vs in by_x.items())
            out.append(f'<polyline points="{path}" fill="none" stroke="{color}" stroke-width="2"/>')
        for x, v, bad in pts:
            out.append(f'<circle cx="{px(x):.1f}" cy="{py(v):.1f}" r="{6 if bad else 4}" '
                       f'fill="{"#b3261e" if bad else color}" stroke="#fff" stroke-width="1">'
                       f"<title>{escape(name)} · {escape(x)}: {escape(_fmt(v))}</title></circle>")
        ly = top + 14 + i * 18
        out.append(f'<rect x="{left + plot_w + 14}" y="{ly - 9}" width="10" height="10" fill="{color}"/>'
                   f'<text x="{left + plot_w + 30}" y="{ly}">{escape(_short(name, 36))}</text>')
    out.append("</svg>")
    return Markup("".join(out))


def _fmt(v: Any) -> str:
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    s = f"{v:,}" if isinstance(v, int) else f"{v:,.2f}"
    return s.replace(",", "\u202f")


def _short(s: str, n: int = 23) -> str:
    return s if len(s) <= n else s[:n - 1] + "…"
