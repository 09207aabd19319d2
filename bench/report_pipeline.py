"""P7 for bench/report.py: pipeline throughput (bench/pipeline_throughput.py). Reads the
script's JSON lines (p7.jsonl, one per round), summarises them over rounds (median of the
per-round figures, with their min-max), checks the target (the highest sustained rate at least
half the ingest rate, nothing lost) and renders the rows of its BENCHMARKS.md section. The
plots of P5-P7 are pipeline_plots.py's. Standard library only.
"""
from report_startup import fmt, load, span

TARGET = 0.5


def p7_target(results, rounds):
    """rounds: run.sh's P7 rounds are counted in the file itself (P7 has its own count)."""
    del rounds
    p7 = load(results, "p7", "p7")
    if not p7:
        return {"systems": {"freshet": None}, "checks": [
            {"name": "P7", "met": False, "text": "P7: not measured"}]}
    f = {"rounds": p7, "rounds_run": len(p7),
         "baseline_per_s": span(r["baseline_per_s"] for r in p7),
         "sustained_per_s": span(r["sustained_per_s"] for r in p7),
         "ratio": span(r["ratio"] for r in p7),
         "acked": sum(r["acked"] for r in p7), "delivered": sum(r["delivered"] for r in p7),
         "lost": sum(r["lost"] for r in p7), "duplicates": sum(r["duplicates"] for r in p7),
         "errors": sum(r["errors"] for r in p7),
         "drained": all(r["drained"] for r in p7),
         "connections": p7[0]["connections"], "step_seconds": p7[0]["step_seconds"],
         "baseline_seconds": p7[0]["baseline_seconds"]}
    f["valid"] = f["errors"] == 0 and f["drained"]
    ratio = f["ratio"]["median"]
    met = f["valid"] and ratio >= TARGET
    verdict = ("invalid run (failed requests, or the mapping did not catch up)" if not f["valid"]
               else "met" if met else f"not met, {TARGET / max(ratio, 1e-9):.1f}× short")
    per_round = (f" (per-round {ratio_text(f['ratio'])})" if len(p7) > 1 else "")
    kept = f["valid"] and f["lost"] == 0 and f["delivered"] >= f["acked"]
    return {"systems": {"freshet": f}, "checks": [
        {"name": "P7", "value": ratio, "target": TARGET, "met": met,
         "text": f"P7 highest sustained rate / ingest rate = {ratio:.2f}×{per_round}, target "
                 f"≥ {TARGET}× — {verdict}"},
        {"name": "P7 nothing lost", "value": f["lost"], "target": 0, "met": kept,
         "text": f"P7 records lost = {f['lost']:,} of {f['acked']:,} acknowledged "
                 f"({f['delivered']:,} deliveries, {f['duplicates']:,} of them repeats), "
                 f"target 0 — " + ("met" if kept else "not met")}]}


def ratio_text(s):
    return f"{s['min']:.2f}–{s['max']:.2f}"


def cpu_text(split):
    return ", ".join(f"{k} {split[k]:.2f}" for k in ("server", "function", "producer", "others")
                     if k in split)


def p7_rows(f):
    if f is None:
        return []
    rows = ["| System | Workload | records/s (median, min–max over rounds) | ratio |",
            "|---|---|---|---|",
            f"| Freshet (sync), ingest only | PutRecords 500 × 1 KiB into 4 shards, no consumer, "
            f"closed loop, c={f['connections']} (the higher of the measurements before and "
            f"after the steps) | {fmt(f['baseline_per_s'], 0)} | |",
            f"| Freshet (sync), pipeline | the same records, paced in steps of "
            f"{f['step_seconds']:g} s, to a C++ `provided` function behind an event source "
            f"mapping (BatchSize 500, window 0): the highest rate acknowledged and delivered "
            f"without a growing backlog | {fmt(f['sustained_per_s'], 0)} "
            f"| {fmt(f['ratio'], 2)} |",
            "", "Steps of each round (rate due × the first ingest measurement: acknowledged / "
            "delivered records/s; ✗ = not sustained) and CPU in cores (server, function "
            "processes, producer, the rest of the machine):", ""]
    for i, r in enumerate(f["rounds"]):
        steps = "; ".join(f"{s['fraction']:.1f}× {s['put_per_s']:,}/{s['delivered_per_s']:,}"
                          + ("" if s["sustained"] else " ✗") for s in r["steps"])
        rows.append(f"- Round {i + 1}: ingest {r['baselines_per_s'][0]:,} and "
                    f"{r['baselines_per_s'][1]:,}/s; {steps}. CPU while ingesting: "
                    f"{cpu_text(r['cpu_baseline'][0])}; during the steps: "
                    f"{cpu_text(r['cpu_steps'])}.")
    return rows


ROWS = {"P7": p7_rows}
TARGETS = {"P7": p7_target}

