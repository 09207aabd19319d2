"""The soak's plot (bench/soak.py), an SVG written by svg_plot.py: three panels over time
(memory, open descriptors, latency), one polyline per series, the warm-up marked with a dashed
line."""
from svg_plot import Panel, write

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


def write_svg(path, samples, warmup):
    """Writes the plot of `samples` (dicts with "t" in seconds) to `path`."""
    t_max = max([s["t"] for s in samples] + [1.0])
    panels = [Panel(title, [(label, color, [(s["t"], s[key] * factor) for s in samples
                                            if s.get(key) is not None])
                            for key, label, color, factor in series],
                    (0.0, t_max), xmarkers=[(warmup, "warm-up")], x_label="seconds")
              for title, series in PANELS]
    write(path, panels)
