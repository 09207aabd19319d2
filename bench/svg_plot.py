"""Line plots written as SVG by hand (Debian's python3 here has no plotting library, and the
benchmarks add no dependencies): panels stacked one under the other, each a frame with a
title, y ticks, one polyline per series with its label above the frame, and dashed markers.
Used by soak_plot.py (P13) and pipeline_plots.py (P5-P7)."""
import math
from xml.sax.saxutils import escape

WIDTH, LEFT, RIGHT = 760, 70, 20
PANEL, GAP = 180, 44


class Panel:
    """One frame. series: (label, color, [(x, y), ...]); a dashed series is (label, color,
    points, True). xmarkers: (x, label) vertical dashed lines; ymarkers: (y, label, color)
    horizontal ones. x_log draws x on a log10 scale (x > 0)."""

    def __init__(self, title, series, x_range, y_max=None, x_log=False, xmarkers=(),
                 ymarkers=(), x_label="", y_ticks=(0.0, 0.5, 1.0)):
        self.title, self.series, self.x_range = title, series, x_range
        self.x_log, self.xmarkers, self.ymarkers = x_log, xmarkers, ymarkers
        self.x_label, self.y_ticks = x_label, y_ticks
        values = [y for s in series for _, y in s[2]] + [m[0] for m in ymarkers]
        self.y_max = y_max if y_max is not None else max(values + [1.0]) * 1.1

    def _x(self, x):
        lo, hi = self.x_range
        if self.x_log:
            lo, hi, x = math.log10(lo), math.log10(hi), math.log10(max(x, self.x_range[0]))
        return LEFT + (WIDTH - LEFT - RIGHT) * (x - lo) / ((hi - lo) or 1.0)

    def render(self, out, top):
        y = lambda v: top + PANEL - PANEL * min(v, self.y_max) / self.y_max  # noqa: E731
        out.append('<rect x="%d" y="%d" width="%d" height="%d" fill="none" stroke="#999"/>' %
                   (LEFT, top, WIDTH - LEFT - RIGHT, PANEL))
        out.append('<text x="%d" y="%d" font-size="13">%s</text>' %
                   (LEFT, top - 22, escape(self.title)))
        for frac in self.y_ticks:
            v = self.y_max * frac
            out.append('<text x="%d" y="%.1f" font-size="11" text-anchor="end">%s</text>' %
                       (LEFT - 4, y(v) + 4, _number(v)))
        for x, label in self.xmarkers:
            out.append('<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="#777" '
                       'stroke-dasharray="4,3"/>' % (self._x(x), top, self._x(x), top + PANEL))
            if label:  # right of the line, or left of it near the right edge
                right = self._x(x) > WIDTH - RIGHT - 6 * len(label) - 4
                out.append('<text x="%.1f" y="%d" font-size="10" fill="#555"%s>%s</text>' %
                           (self._x(x) + (-2 if right else 2), top + PANEL - 4,
                            ' text-anchor="end"' if right else "", escape(label)))
        for v, label, color in self.ymarkers:
            out.append('<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="%s" '
                       'stroke-dasharray="6,4"/>' % (LEFT, y(v), WIDTH - RIGHT, y(v), color))
            out.append('<text x="%d" y="%.1f" font-size="10" fill="%s" text-anchor="end">%s'
                       '</text>' % (WIDTH - RIGHT - 2, y(v) - 3, color, escape(label)))
        legend_x = LEFT
        for s in self.series:
            label, color, points = s[:3]
            dash = ' stroke-dasharray="2,2"' if len(s) > 3 and s[3] else ""
            if points:
                out.append('<polyline fill="none" stroke="%s" stroke-width="1.5"%s points="%s"/>'
                           % (color, dash, " ".join("%.1f,%.1f" % (self._x(px), y(py))
                                                    for px, py in points)))
            out.append('<text x="%d" y="%d" font-size="11" fill="%s">%s</text>' %
                       (legend_x, top - 6, color, escape(label)))
            legend_x += 10 + 6 * len(label)
        self._x_ticks(out, top)

    def _x_ticks(self, out, top):
        lo, hi = self.x_range
        if self.x_log:
            ticks = [m * 10.0 ** e for e in range(math.floor(math.log10(lo)),
                                                   math.ceil(math.log10(hi)) + 1)
                     for m in (1, 2, 5) if lo <= m * 10.0 ** e <= hi]
        else:
            ticks = [lo + (hi - lo) * i / 4 for i in range(5)]
        for t in ticks:
            out.append('<text x="%.1f" y="%d" font-size="11" text-anchor="middle">%s</text>' %
                       (self._x(t), top + PANEL + 14, _number(t)))
        if self.x_label:
            out.append('<text x="%d" y="%d" font-size="11" text-anchor="end">%s</text>' %
                       (WIDTH - RIGHT, top + PANEL + 28, escape(self.x_label)))


def _number(v):
    if v == 0 or abs(v) >= 10:
        return "{:,.0f}".format(v)
    return ("%.2g" % v) if abs(v) < 1 else ("%.1f" % v).rstrip("0").rstrip(".")


def write(path, panels, caption=""):
    """Writes `panels` (a list of Panel), one under the other, to `path`."""
    height = 40 + len(panels) * (PANEL + GAP + 20) + (16 if caption else 0)
    out = ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" '
           'font-family="sans-serif">' % (WIDTH, height),
           '<rect width="100%" height="100%" fill="white"/>']
    for i, p in enumerate(panels):
        p.render(out, 40 + i * (PANEL + GAP + 20))
    if caption:
        out.append('<text x="%d" y="%d" font-size="11" fill="#555">%s</text>' %
                   (LEFT, height - 8, escape(caption)))
    out.append("</svg>")
    with open(path, "w") as f:
        f.write("\n".join(out) + "\n")
