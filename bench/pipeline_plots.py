"""The pipeline plots of BENCHMARKS.md, SVG files written by svg_plot.py from the samples that
the scripts leave in a bench/run.sh results folder (bench/report.py calls write_plots):

  - p5-latency.svg, p6-latency.svg: the distribution of the per-record latencies of P5
    (pipeline_latency.py) and P6 (refarch_latency.py), one line per round: the fraction of
    records at or below each latency, on a log scale, with the targets' bounds marked;
  - p7-throughput.svg: the round of P7 (pipeline_throughput.py) with the median ratio (the
    lower of two): records/s
    due, acknowledged and delivered per half second over the steps, the ingest baseline and
    the target marked; under it, the put-to-function latency of each half second's oldest
    record.
"""
import os
import statistics

from pipeline_latency import percentile
from report_startup import load
from svg_plot import Panel, write

COLORS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b"]
LATENCY = {  # target: (samples file, title, [(bound ms, label)])
    "P5": ("p5-samples", "P5: put to function invocation (C++ function), per record",
           [(5, "p50 target"), (20, "p99 target")]),
    "P6": ("p6-samples", "P6: put to item in the table (reference architecture), per record",
           [(20, "p50 target"), (100, "p99 target")]),
}


def cdf(samples, points=200):
    """(latency, fraction at or below it), at most `points` of them, of sorted samples."""
    n = len(samples)
    step = max(1, n // points)
    out = [(samples[i], (i + 1) / n) for i in range(0, n, step)]
    if out[-1][1] < 1.0:
        out.append((samples[-1], 1.0))
    return out


def latency_svg(path, rounds, title, bounds):
    """The distributions of `rounds` (lists of sorted latencies in ms) as one plot."""
    lo = max(0.01, min(r[0] for r in rounds))
    hi = max([r[-1] for r in rounds] + [b for b, _ in bounds]) * 1.3
    series = [("round %d (p50 %.1f, p99 %.1f ms)" % (i + 1, percentile(r, 50), percentile(r, 99)),
               COLORS[i % len(COLORS)], [(x, 100.0 * y) for x, y in cdf(r)])
              for i, r in enumerate(rounds)]
    write(path, [Panel(title, series, (lo, hi), y_max=100.0, x_log=True,
                       xmarkers=[(b, "%s %g ms" % (label, b)) for b, label in bounds],
                       ymarkers=[(50.0, "p50", "#999"), (99.0, "p99", "#999")],
                       x_label="latency, ms (log scale)", y_ticks=(0.0, 0.25, 0.5, 0.75, 1.0))],
          caption="y: %% of records at or below the latency; %d records per round"
          % len(rounds[0]))


def throughput_svg(path, run):
    """One P7 round's series (pipeline_throughput.py --samples) as two panels."""
    b = run["bin_s"]
    x = [i * b for i in range(len(run["put"]))]
    t_max = max(x + [b])
    marks = [(s["t"], "%.1f×%s" % (s["fraction"], "" if s["sustained"] else " ✗"))
             for s in run["steps"]]
    base = run["baseline_per_s"]
    rates = Panel("P7: records/s per %g s (4 shards, BatchSize 500, C++ function)" % b, [
        ("due (paced producer)", "#7f7f7f", list(zip(x, run["due"])), True),
        ("acknowledged", "#1f77b4", list(zip(x, run["put"]))),
        ("delivered to the function", "#ff7f0e", list(zip(x, run["delivered"])))],
        (0.0, t_max), xmarkers=marks, x_label="seconds from the first step",
        ymarkers=[(base, "ingest baseline %s/s" % format(base, ","), "#2ca02c"),
                  (base / 2, "target 0.5×", "#d62728")])
    lag = Panel("put to function, oldest record of each %g s (ms)" % b, [
        ("latency", "#9467bd", list(zip(x, run["latency_ms"])))], (0.0, t_max),
        xmarkers=[(t, "") for t, _ in marks], x_label="seconds from the first step")
    write(path, [rates, lag], caption="Steps marked with their rate × the ingest baseline; "
          "✗ = not sustained. Highest sustained: %s records/s." % format(
              run["sustained_per_s"], ","))


def write_plots(results, out_dir, root):
    """Writes the plots whose samples are in `results`; returns {target: [(alt, path)]} with
    paths relative to `root`."""
    out = {}
    for tid, (name, title, bounds) in LATENCY.items():
        rounds = [r for r in load(results, name, "samples") if r]
        if rounds:
            path = os.path.join(out_dir, "%s-latency.svg" % tid.lower())
            latency_svg(path, rounds, title, bounds)
            out[tid] = [("%s latency distribution" % tid, os.path.relpath(path, root))]
    runs = load(results, "p7-samples", "series")
    if runs:
        ratios = [r["sustained_per_s"] / r["baseline_per_s"] for r in runs]
        median = statistics.median_low(ratios)
        path = os.path.join(out_dir, "p7-throughput.svg")
        throughput_svg(path, runs[ratios.index(median)])
        out["P7"] = [("P7 throughput over time", os.path.relpath(path, root))]
    return out
