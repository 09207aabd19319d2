"""The soak's plot (bench/soak.py), written as SVG by hand: three panels over time (memory,
open descriptors, latency), one polyline per series, the warm-up marked with a dashed line."""

WIDTH, PANEL, LEFT, TOP = 760, 180, 70, 30
PANELS = [
    ("memory (MiB)", [("server_rss_kib", "server RSS", "#1f77b4", 1 / 1024.0),
                      ("function_rss_kib", "function processes", "#ff7f0e", 1 / 1024.0),
                      ("function_rss_max_kib", "largest function", "#8c564b", 1 / 1024.0)]),
    ("server's open descriptors", [("fds", "all", "#2ca02c", 1.0),
                                   ("fds_sst", "table files", "#17becf", 1.0),
                                   ("fds_other", "others", "#7f7f7f", 1.0)]),
    ("latency (ms)", [("put_p50_ms", "put p50", "#9467bd", 1.0),
                      ("put_p99_ms", "put p99", "#c5b0d5", 1.0),
                      ("e2e_p50_ms", "put to item p50", "#d62728", 1.0),
                      ("e2e_p99_ms", "put to item p99", "#ff9896", 1.0)]),
]


def _panel(out, top, title, series, samples, t_max, warmup):
    plot_w = WIDTH - LEFT - 20
    values = [s[k] * f for k, _, _, f in series for s in samples if s.get(k) is not None]
    v_max = max(values + [1.0]) * 1.1
    x = lambda t: LEFT + plot_w * t / t_max  # noqa: E731
    y = lambda v: top + PANEL - PANEL * v / v_max  # noqa: E731
    out.append('<rect x="%d" y="%d" width="%d" height="%d" fill="none" stroke="#999"/>' %
               (LEFT, top, plot_w, PANEL))
    out.append('<text x="%d" y="%d" font-size="13">%s</text>' % (LEFT, top - 6, title))
    for frac in (0.0, 0.5, 1.0):
        out.append('<text x="%d" y="%.1f" font-size="11" text-anchor="end">%.0f</text>' %
                   (LEFT - 4, y(v_max * frac) + 4, v_max * frac))
    out.append('<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="#777" '
               'stroke-dasharray="4,3"/>' % (x(warmup), top, x(warmup), top + PANEL))
    legend_x = LEFT + 8
    for key, label, color, factor in series:
        points = " ".join("%.1f,%.1f" % (x(s["t"]), y(s[key] * factor))
                          for s in samples if s.get(key) is not None)
        if points:
            out.append('<polyline fill="none" stroke="%s" stroke-width="1.5" points="%s"/>' %
                       (color, points))
        out.append('<text x="%d" y="%d" font-size="11" fill="%s">%s</text>' %
                   (legend_x, top + 14, color, label))
        legend_x += 8 + 7 * len(label)


def write_svg(path, samples, warmup):
    """Writes the plot of `samples` (dicts with "t" in seconds) to `path`."""
    t_max = max([s["t"] for s in samples] + [1.0])
    height = TOP + len(PANELS) * (PANEL + 40) + 10
    out = ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" '
           'font-family="sans-serif">' % (WIDTH, height),
           '<rect width="100%" height="100%" fill="white"/>']
    for i, (title, series) in enumerate(PANELS):
        _panel(out, TOP + i * (PANEL + 40), title, series, samples, t_max, warmup)
    bottom = TOP + len(PANELS) * (PANEL + 40) - 22
    out.append('<text x="%d" y="%d" font-size="11">0 s</text>' % (LEFT, bottom))
    out.append('<text x="%d" y="%d" font-size="11" text-anchor="end">%.0f s (warm-up dashed)'
               '</text>' % (WIDTH - 20, bottom, t_max))
    out.append("</svg>")
    with open(path, "w") as f:
        f.write("\n".join(out) + "\n")
