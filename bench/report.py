#!/usr/bin/env python3
"""Summarises a bench/run.sh run: medians over rounds, the ratios against the baselines, and
the verdict for each target (P1-P12; P10-P12 in report_startup.py, P7 in report_pipeline.py),
plus the wrk sanity check, and the pipeline plots (pipeline_plots.py, SVG in bench/results/).

Reads the per-round JSON lines bench/run.sh leaves in --results (<target>-<system>.jsonl, dd's
summary lines, wrk's output, <peer>.skipped, loadavg.txt), writes bench/results/latest.json, and
regenerates the section between <!-- bench:Pn --> and <!-- /bench:Pn --> of each target in
BENCHMARKS.md. `report.py --from-json bench/results/latest.json --markdown BENCHMARKS.md`
re-renders the sections from a saved run; `--only P10,P11` (bench/run.sh --only) replaces those
targets in the saved run and keeps the others' last results. Standard library only.
"""
import argparse
import datetime
import json
import os
import platform
import re
import statistics
import sys

import history
import pipeline_plots
import report_pipeline
import report_startup

WRK_TOLERANCE = 0.2  # the loadgen should be within 20% of wrk on nginx
TITLES = {
    "P1": "trivial signed request",
    "P2": "PutRecord, 1 KiB, durable",
    "P3": "PutRecords, 500 × 1 KiB, durable",
    "P4": "put to GetRecords visibility",
    "P5": "put to function invocation (C++ function)",
    "P6": "the reference architecture, put to item in the table",
    "P7": "pipeline throughput, C++ function, batch 500, 4 shards",
    "P8": "PutItem and GetItem, 1 KiB items, durable",
    "P9": "Query of 100 items in one partition, under load",
    "P10": "start-up, empty and with 10 million stored records",
    "P11": "idle resident memory with 10 streams, tables and functions",
    "P12": "Node.js function cold start and warm invocation overhead",
}
# The targets whose scripts start their own servers (one JSON line per round), and the peers
# each of the others starts.
SCRIPTS = {"P5": "bench/pipeline_latency.py", "P6": "bench/refarch_latency.py",
           "P7": "bench/pipeline_throughput.py",
           "P10": "bench/startup.py", "P11": "bench/idle_memory.py",
           "P12": "bench/function_start.py"}
PEER_TARGETS = {"kinesalite": ("P2", "P3"), "kinesis-mock": ("P2",),
                "dynalite": ("P8",), "dynalite-leveldb": ("P8",)}
NGINX = ("nginx `return 200`", "GET /")
PEERS = {  # display names of the npm peers, with how run.sh starts them
    "kinesalite": "kinesalite (memory)",
    "kinesis-mock": "kinesis-mock (`kinesis-local`)",
    "dynalite": "dynalite (memory)",
    "dynalite-leveldb": "dynalite (LevelDB `--path`)",
}


def load(results, name):
    path = os.path.join(results, name + ".jsonl")
    if not os.path.exists(path):
        return []
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


def span(values):
    return {"median": statistics.median(values), "min": min(values), "max": max(values)}


def summarise(rounds, expected_rounds):
    """Medians over rounds; None when the system was not measured at all."""
    if not rounds:
        return None
    out = {
        "rounds": rounds,
        "rps": span([r["rps"] for r in rounds]),
        "p50_ms": statistics.median(r["latency_ms"]["p50"] for r in rounds),
        "p99_ms": statistics.median(r["latency_ms"]["p99"] for r in rounds),
        "p99_ms_range": [min(r["latency_ms"]["p99"] for r in rounds),
                         max(r["latency_ms"]["p99"] for r in rounds)],
        "errors": sum(r["errors"] for r in rounds),
        "non_2xx": sum(r["non_2xx"] for r in rounds),
        "unexpected": sum(r.get("unexpected", 0) for r in rounds),
    }
    payload = rounds[0].get("payload_bytes_per_request", 0)
    if payload:
        for r in rounds:
            r["mbps"] = r["rps"] * payload / 1e6
        out["mbps"] = span([r["mbps"] for r in rounds])
    # Only complete, error-free runs with 2xx answers count.
    out["valid"] = (out["errors"] + out["non_2xx"] + out["unexpected"] == 0
                    and len(rounds) == expected_rounds and all(r["requests"] for r in rounds))
    return out


def parse_dd(path):
    """dd's summary line per round: 'N bytes (...) copied, S s, ...' -> MB/s (10^6 bytes)."""
    rounds = []
    if os.path.exists(path):
        for line in open(path):
            m = re.match(r"(\d+) bytes .* copied, ([\d.]+) s", line)
            if m:
                rounds.append({"bytes": int(m.group(1)), "seconds": float(m.group(2)),
                               "mbps": int(m.group(1)) / float(m.group(2)) / 1e6})
    return {"rounds": rounds, "mbps": span([r["mbps"] for r in rounds])} if rounds else None


def sync_bound(path, connections):
    """From dd's 4 KiB synced writes (sync-dd.txt): the time one durable write took, per round,
    and the most durable writes a second `connections` clients can get when each group of
    waiting writes shares one sync."""
    dd = parse_dd(path)
    if not dd:
        return None
    us = [r["seconds"] / (r["bytes"] / 4096) * 1e6 for r in dd["rounds"]]
    med = statistics.median(us)
    return {"us": span(us), "bound_per_s": connections / (med * 1e-6), "rounds": len(us)}


def sync_note(t, c):
    b = t.get("sync")
    if not b:
        return []
    return ["", f"Disk in the same run: one synced 4 KiB write (`dd bs=4k count=500 "
            f"oflag=dsync`, same filesystem) took {fmt_span(b['us'], 0)} µs. Durable writes "
            f"are acknowledged after their group's sync, so {c} clients get at most {c} / "
            f"{b['us']['median']:,.0f} µs = {b['bound_per_s']:,.0f} writes/s from this disk, "
            "whatever the CPU (nginx and the peers do not sync)."]


def to_ms(value, unit):
    return float(value) * {"us": 1e-3, "ms": 1.0, "s": 1e3}[unit]


def parse_wrk(path):
    text = open(path).read()
    out = {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))}
    for pct in ("50", "99"):
        m = re.search(rf"^\s+{pct}(?:\.000)?%\s+([\d.]+)(us|ms|s)\b", text, re.M)
        if m:
            out[f"p{pct}_ms"] = to_ms(m.group(1), m.group(2))
    return out


def machine():
    model = "unknown"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {"nproc": os.cpu_count(), "kernel": platform.release(), "cpu": model}


def load_average(path):
    if not os.path.exists(path):
        return []
    return [float(x) for x in open(path).read().split()]


def peer_versions(root):
    out = {}
    for pkg in ("kinesalite", "kinesis-local", "dynalite"):
        try:
            with open(os.path.join(root, "node_modules", pkg, "package.json")) as f:
                out[pkg] = json.load(f)["version"]
        except (OSError, ValueError, KeyError):
            out[pkg] = "not installed"
    return out


def ratio(num, den, key="rps"):
    """Median ratio and per-round ratios of two summaries (rounds alternate, so pair them)."""
    if not num or not den or not den[key]["median"]:
        return None
    per_round = [a[key] / b[key] for a, b in zip(num["rounds"], den["rounds"]) if b[key]]
    return {"ratio": num[key]["median"] / den[key]["median"], "per_round": per_round,
            "valid": num["valid"] and den["valid"]}


def check(name, r, target, label):
    """A ratio target: met only when both sides ran cleanly."""
    if r is None:
        return {"name": name, "target": target, "met": False,
                "text": f"{name}: not measured (see skipped peers), target ≥ {target}×"}
    met = r["valid"] and r["ratio"] >= target
    if not r["valid"]:
        verdict = "invalid run (errors, non-2xx or unexpected answers)"
    elif met:
        verdict = "met"
    else:
        verdict = f"not met, {target / r['ratio']:.1f}× short"
    rounds = (f" (per-round {min(r['per_round']):.2f}–{max(r['per_round']):.2f})"
              if r["per_round"] else "")
    return dict(r, name=name, target=target, met=met,
                text=f"{label} = {r['ratio']:.2f}×{rounds}, target ≥ {target}× — {verdict}")


def latency_check(name, value, target_ms, valid):
    met = valid and value < target_ms
    verdict = ("invalid run" if not valid else "met" if met else
               f"not met, {value / target_ms:.1f}× over")
    return {"name": name, "value_ms": value, "target_ms": target_ms, "met": met,
            "text": f"{name} = {value:.3f} ms, target < {target_ms} ms — {verdict}"}


def fmt_span(s, digits=0):
    return f"{s['median']:,.{digits}f} ({s['min']:,.{digits}f}–{s['max']:,.{digits}f})"


def row(name, workload, s, mbps=False):
    if s is None:
        return f"| {name} | {workload} | not measured | | | | |"
    cells = [name, workload, fmt_span(s["rps"], 1 if s["rps"]["median"] < 100 else 0)]
    if mbps:
        cells.append(fmt_span(s["mbps"], 1) if "mbps" in s else "")
    cells += [f"{s['p50_ms']:.3f}", f"{s['p99_ms']:.3f}", str(s["errors"]),
              f"{s['non_2xx']} / {s['unexpected']}"]
    return "| " + " | ".join(cells) + " |"


HEADER = ("| System | Workload | requests/s | p50 ms | p99 ms | errors | non-2xx / unexpected |\n"
          "|---|---|---|---|---|---|---|")
HEADER_MBPS = ("| System | Workload | requests/s | payload MB/s | p50 ms | p99 ms | errors "
               "| non-2xx / unexpected |\n|---|---|---|---|---|---|---|---|")


def p5_target(results, rounds):
    """P5 from bench/pipeline_latency.py's output, one line per round in p5.jsonl."""
    path = os.path.join(results, "p5.jsonl")
    p5 = ([json.loads(line)["p5"] for line in open(path) if line.strip()]
          if os.path.exists(path) else [])
    f = None
    if p5:
        f = {"rounds": p5, "p50_ms": statistics.median(r["p50_ms"] for r in p5),
             "p99_ms": statistics.median(r["p99_ms"] for r in p5),
             "p99_ms_range": [min(r["p99_ms"] for r in p5), max(r["p99_ms"] for r in p5)],
             "records": sum(r["count"] for r in p5), "valid": len(p5) == rounds}
    ok = bool(f and f["valid"])
    return {"systems": {"freshet": f}, "checks": [
        latency_check("P5 p50", f["p50_ms"] if f else float("inf"), 5, ok),
        latency_check("P5 p99", f["p99_ms"] if f else float("inf"), 20, ok)]}


def p6_target(results, rounds):
    """P6 from bench/refarch_latency.py's output, one line per round in p6.jsonl."""
    path = os.path.join(results, "p6.jsonl")
    p6 = ([json.loads(line)["p6"] for line in open(path) if line.strip()]
          if os.path.exists(path) else [])
    f = None
    if p6:
        f = {"rounds": p6, "p50_ms": statistics.median(r["p50_ms"] for r in p6),
             "p99_ms": statistics.median(r["p99_ms"] for r in p6),
             "tweets_per_s": statistics.median(r["tweets_per_s"] for r in p6),
             "records": sum(r["count"] for r in p6), "tweets": p6[0]["tweets"],
             "valid": len(p6) == rounds}
    ok = bool(f and f["valid"])
    rate = f["tweets_per_s"] if f else 0.0
    met = ok and rate >= 10000
    return {"systems": {"freshet": f}, "checks": [
        latency_check("P6 p50", f["p50_ms"] if f else float("inf"), 20, ok),
        latency_check("P6 p99", f["p99_ms"] if f else float("inf"), 100, ok),
        {"name": "P6 throughput", "met": met,
         "text": f"P6 throughput = {rate:,.0f} tweets/s, target ≥ 10,000 — "
                 + ("met" if met else "invalid run" if not ok else
                    f"not met, {10000 / max(rate, 1e-9):.1f}× short")}]}


def build(a):
    R = a.rounds
    get = lambda name: summarise(load(a.results, name), R)  # noqa: E731
    skipped = {}
    for peer in PEERS:
        path = os.path.join(a.results, peer + ".skipped")
        if os.path.exists(path):
            skipped[peer] = open(path).read().strip()
    t = {}

    s = {"nginx": get("p1-nginx"), "freshet": get("p1-freshet")}
    t["P1"] = {"systems": s, "checks": [
        check("P1", ratio(s["freshet"], s["nginx"]), 0.7, "Freshet / nginx")]}

    s = {k: get("p2-" + k) for k in ("nginx", "freshet", "kinesalite", "kinesis-mock")}
    t["P2"] = {"systems": s, "checks": [
        check("P2 vs nginx", ratio(s["freshet"], s["nginx"]), 0.4, "Freshet / nginx"),
        check("P2 vs kinesalite", ratio(s["freshet"], s["kinesalite"]), 10,
              "Freshet / kinesalite"),
        check("P2 vs kinesis-mock", ratio(s["freshet"], s["kinesis-mock"]), 100,
              "Freshet / kinesis-mock")]}

    t["P2"]["sync"] = sync_bound(os.path.join(a.results, "sync-dd.txt"), a.connections)

    s = {"freshet": get("p3-freshet"), "kinesalite": get("p3-kinesalite"),
         "dd": parse_dd(os.path.join(a.results, "p3-dd.txt"))}
    if s["dd"]:
        s["dd"]["valid"] = len(s["dd"]["rounds"]) == R
    vs_kl = ratio(s["freshet"], s["kinesalite"], "mbps")
    t["P3"] = {"systems": s, "checks": [
        check("P3 vs dd", ratio(s["freshet"], s["dd"], "mbps"), 0.5,
              "Freshet payload MB/s / dd MB/s")],
        "vs_kinesalite": vs_kl}

    f = get("p4-freshet")
    if f:
        f["put_p50_ms"] = statistics.median(r["put_latency_ms"]["p50"] for r in f["rounds"])
        f["put_p99_ms"] = statistics.median(r["put_latency_ms"]["p99"] for r in f["rounds"])
        f["polls_per_record"] = statistics.median(r["polls_per_record"] for r in f["rounds"])
    ok = bool(f and f["valid"])
    t["P4"] = {"systems": {"freshet": f}, "checks": [
        latency_check("P4 p50", f["p50_ms"] if f else float("inf"), 1, ok),
        latency_check("P4 p99", f["p99_ms"] if f else float("inf"), 5, ok)]}

    t["P5"] = p5_target(a.results, R)
    t["P6"] = p6_target(a.results, R)

    s = {k: get("p8-" + k) for k in ("nginx", "freshet-put", "freshet-get", "dynalite-put",
                                     "dynalite-get", "dynalite-leveldb-put",
                                     "dynalite-leveldb-get")}
    t["P8"] = {"systems": s, "checks": [
        check("P8 PutItem vs nginx", ratio(s["freshet-put"], s["nginx"]), 0.3,
              "PutItem: Freshet / nginx"),
        check("P8 GetItem vs nginx", ratio(s["freshet-get"], s["nginx"]), 0.6,
              "GetItem: Freshet / nginx"),
        check("P8 PutItem vs dynalite", ratio(s["freshet-put"], s["dynalite-put"]), 4,
              "PutItem: Freshet / dynalite (memory)"),
        check("P8 GetItem vs dynalite", ratio(s["freshet-get"], s["dynalite-get"]), 4,
              "GetItem: Freshet / dynalite (memory)"),
        check("P8 PutItem vs dynalite LevelDB",
              ratio(s["freshet-put"], s["dynalite-leveldb-put"]), 10,
              "PutItem: Freshet / dynalite (LevelDB)"),
        check("P8 GetItem vs dynalite LevelDB",
              ratio(s["freshet-get"], s["dynalite-leveldb-get"]), 10,
              "GetItem: Freshet / dynalite (LevelDB)")]}

    t["P8"]["sync"] = t["P2"]["sync"]

    s = {"freshet": get("p9-freshet"), "freshet-light": get("p9-freshet-light")}
    f = s["freshet"]
    t["P9"] = {"systems": s, "checks": [latency_check(
        f"P9 p99 at c={a.connections}", f["p99_ms"] if f else float("inf"), 5,
        bool(f and f["valid"]))]}
    for tid, target in {**report_startup.TARGETS, **report_pipeline.TARGETS}.items():
        t[tid] = target(a.results, R)
    plots = pipeline_plots.write_plots(a.results, os.path.dirname(os.path.abspath(a.json)),
                                       a.root)
    for tid, images in plots.items():
        t[tid]["plots"] = images
    for tid in SCRIPTS:
        t[tid]["load_average"] = load_average(
            os.path.join(a.results, f"loadavg-{tid.lower()}.txt"))
    for v in t.values():
        v["met"] = all(c["met"] for c in v["checks"])
    return t, skipped


def render(tid, res):
    t, m = res["targets"][tid], res["machine"]
    s = t["systems"]
    c, bc, lc = res["connections"], res["batch_connections"], res["light_connections"]
    args = f"--duration {res['duration_s']} --warmup 1 --threads 1"
    lines = [
        f"<!-- bench:{tid} -->",
        "<!-- generated by bench/report.py from bench/run.sh; do not edit by hand -->",
        f"Run {res['date']} on {m['nproc']} CPUs, {m['cpu']}, kernel {m['kernel']}; "
        f"peers: kinesalite {res['peers']['kinesalite']}, kinesis-local "
        f"{res['peers']['kinesis-local']}, dynalite {res['peers']['dynalite']}, "
        f"node {res['node']}.",
        "",
        "1-minute load average at the start of each round and at the end: "
        + ", ".join(f"{x:.1f}" for x in res["load_average"])
        + " (the benchmark itself keeps about 2 busy; more means other work shared the cores).",
        "",
        f"Command: `{res['command']}` — freshet-loadgen `{args}`, {res['rounds_count']} "
        "alternating rounds; figures are medians (min–max over rounds).",
        "",
    ]
    run = res.get("runs", {}).get(tid)  # measured on its own (run.sh --only)
    if tid in SCRIPTS and (run or t.get("load_average")):
        run = run or {"date": res["date"], "command": res["command"],
                      "rounds": res["rounds_count"]}
        rounds = (s["freshet"] or {}).get("rounds_run", run["rounds"])
        lines[2:] = [f"Run {run['date']} on {m['nproc']} CPUs, {m['cpu']}, kernel {m['kernel']}; "
                     f"node {res['node']}.", "",
                     "1-minute load average at the start of "
                     + ("the run" if tid == "P10" else "each round") + " and at the end: "
                     + ", ".join(f"{x:.1f}" for x in t.get("load_average", [])) + ".", "",
                     f"Command: `{run['command']}` — `{SCRIPTS[tid]}`, {rounds} "
                     "rounds; figures are medians over rounds (min–max).", ""]
    elif run:  # a loadgen target measured on its own
        args = f"--duration {run['duration_s']} --warmup 1 --threads 1"
        lines[2] = f"Run {run['date']}, on its own, on {m['nproc']} CPUs, {m['cpu']}."
        lines[4] = ("1-minute load average at the start of each round and at the end: "
                    + ", ".join(f"{x:.1f}" for x in run["load_average"]) + ".")
        lines[6] = (f"Command: `{run['command']}` — freshet-loadgen `{args}`, {run['rounds']} "
                    "alternating rounds; figures are medians (min–max over rounds).")
    elif tid == "P5" and "p5_run" in res:  # measured on its own (report.py --p5-only)
        run = res["p5_run"]
        lines[2:] = [f"Run {run['date']} on {m['nproc']} CPUs, {m['cpu']}.", "",
                     "1-minute load average at the start of each round and at the end: "
                     + ", ".join(f"{x:.1f}" for x in run["load_average"]) + ".", "",
                     f"Command: `{run['command']}`; figures are medians over rounds.", ""]
    peer = lambda k: PEERS[k] + (" — skipped" if k in res["skipped"] else "")  # noqa: E731
    if tid == "P1":
        lines += [HEADER, row(*NGINX, s["nginx"]),
                  row("Freshet", f"STS GetCallerIdentity, SigV4, c={c}", s["freshet"])]
    elif tid == "P2":
        wl = f"PutRecord 1 KiB, c={c}"
        lines += [HEADER, row(*NGINX, s["nginx"]), row("Freshet (sync)", wl, s["freshet"]),
                  row(peer("kinesalite"), wl, s["kinesalite"]),
                  row(peer("kinesis-mock"), wl, s["kinesis-mock"])]
    elif tid == "P3":
        wl = f"PutRecords 500 × 1 KiB, c={bc}"
        dd = s["dd"]
        lines += [HEADER_MBPS, row("Freshet (sync)", wl, s["freshet"], True),
                  row(peer("kinesalite"), wl, s["kinesalite"], True),
                  f"| `dd bs=1M count={res['dd_mb']} oflag=dsync` | same filesystem as the data "
                  f"directory | | {fmt_span(dd['mbps'], 1) if dd else 'not measured'} "
                  "| | | | |"]
    elif tid == "P4":
        f = s["freshet"]
        lines += ["| System | Workload | records/s | visible p50 ms | visible p99 ms "
                  "| put p50 ms | put p99 ms | GetRecords per record | errors "
                  "| non-2xx / unexpected |", "|---|---|---|---|---|---|---|---|---|---|"]
        if f:
            lines.append(
                f"| Freshet (sync) | PutRecord 1 KiB, then GetRecords until it appears, one "
                f"client | {fmt_span(f['rps'])} | {f['p50_ms']:.3f} | {f['p99_ms']:.3f} "
                f"| {f['put_p50_ms']:.3f} | {f['put_p99_ms']:.3f} "
                f"| {f['polls_per_record']:.2f} | {f['errors']} "
                f"| {f['non_2xx']} / {f['unexpected']} |")
    elif tid == "P5":
        f = s["freshet"]
        lines += ["| System | Workload | records | p50 ms | p99 ms (range over rounds) |",
                  "|---|---|---|---|---|"]
        if f:
            lines.append(
                f"| Freshet (sync) | PutRecord, one at a time, to a C++ `provided` function "
                f"behind an event source mapping | {f['records']} | {f['p50_ms']:.3f} "
                f"| {f['p99_ms']:.3f} ({f['p99_ms_range'][0]:.1f}–{f['p99_ms_range'][1]:.1f}) |")
        lines += ["| AWS Lambda + Kinesis (published) | event source mapping, standard "
                  "iterators, polled about once a second | | 627 (measured) | 1,580 (measured) |",
                  "| Kinesis GetRecords (AWS's documentation) | one consumer / five consumers "
                  "| | about 200 average / up to 1,000 | |"]
    elif tid == "P6":
        f = s["freshet"]
        lines += ["| System | Workload | count | p50 ms | p99 ms | tweets/s |",
                  "|---|---|---|---|---|---|"]
        if f:
            lines += [
                f"| Freshet (sync) | a tweet put with the stack's client keys, to its item "
                f"visible in `<stack>-EventData` (Node.js handler, batch 25) | {f['records']} "
                f"| {f['p50_ms']:.3f} | {f['p99_ms']:.3f} | |",
                f"| Freshet (sync) | {f['tweets']:,} tweets, 4 producers, PutRecords of 500, "
                f"until all are in the table | {f['tweets']:,} | | | {f['tweets_per_s']:,.0f} |"]
        lines.append("| AWS Lambda + Kinesis (published, as in P5) | put to invocation alone, "
                     "before the handler's write | | 627 | 1,580 | |")
    elif tid == "P8":
        put, get_ = f"PutItem 1 KiB, c={c}", f"GetItem 1 KiB, c={c}"
        lines += [HEADER, row(*NGINX, s["nginx"]),
                  row("Freshet (sync)", put, s["freshet-put"]),
                  row("Freshet", get_, s["freshet-get"]),
                  row(peer("dynalite"), put, s["dynalite-put"]),
                  row(peer("dynalite"), get_, s["dynalite-get"]),
                  row(peer("dynalite-leveldb"), put, s["dynalite-leveldb-put"]),
                  row(peer("dynalite-leveldb"), get_, s["dynalite-leveldb-get"])]
    elif tid in report_startup.ROWS:
        lines += report_startup.ROWS[tid](s["freshet"])
    elif tid in report_pipeline.ROWS:
        lines += report_pipeline.ROWS[tid](s["freshet"])
    elif tid == "P9":
        wl = "Query, 100 items of 1 KiB in one partition"
        lines += [HEADER, row("Freshet", f"{wl}, c={c}", s["freshet"]),
                  row("Freshet", f"{wl}, c={lc} (light load, for comparison)",
                      s["freshet-light"])]
    lines.append("")
    for chk in t["checks"]:
        lines.append(f"- **{chk['text']}.**")
    for alt, path in t.get("plots", []):
        lines += ["", f"![{alt}]({path})"]
    if tid == "P3" and t.get("vs_kinesalite"):
        r = t["vs_kinesalite"]
        lines.append(f"- Freshet / kinesalite payload MB/s = {r['ratio']:.1f}× (the targets "
                     "document expects about 10×; not a target of its own).")
    if tid == "P1":
        w = res["wrk_nginx"]
        seconds = run["duration_s"] if run and "duration_s" in run else res["duration_s"]
        lines += ["", f"Load generator sanity check: `wrk -t1 -c{c} -d{seconds}s` on "
                  f"the same nginx: {w['rps']:,.0f} requests/s (p50 {w.get('p50_ms', 0):.3f} "
                  f"ms); freshet-loadgen/wrk = {res['loadgen_vs_wrk']:.2f}"
                  + ("" if res["loadgen_ok"] else
                     f" — **outside ±{WRK_TOLERANCE:.0%}: the loadgen figures are suspect**")
                  + "."]
    if tid in ("P2", "P8"):
        lines += sync_note(t, c)
    names = {"P2": ("kinesalite", "kinesis-mock"), "P3": ("kinesalite",),
             "P8": ("dynalite", "dynalite-leveldb")}.get(tid, ())
    for k in names:
        if k in res["skipped"]:
            lines += ["", f"{PEERS[k]} skipped: {res['skipped'][k]}"]
    lines.append(f"<!-- /bench:{tid} -->")
    return "\n".join(lines)


def update_markdown(path, tid, section):
    begin, end = f"<!-- bench:{tid} -->", f"<!-- /bench:{tid} -->"
    text = open(path).read() if os.path.exists(path) else ""
    if begin in text and end in text:
        head, rest = text.split(begin, 1)
        text = head + section + rest.split(end, 1)[1]
    else:
        text = text.rstrip("\n") + f"\n\n## {tid}: {TITLES[tid]}\n\n" + section + "\n"
    with open(path, "w") as f:
        f.write(text)


def summary(res):
    """The README's performance section: every check of the report, as BENCHMARKS.md has it."""
    checks = [(tid, c) for tid in TITLES if tid in res["targets"]
              for c in res["targets"][tid].get("checks", [])]
    met = sum(1 for _, c in checks if c.get("met"))
    lines = ["<!-- bench:summary -->",
             f"From [BENCHMARKS.md](BENCHMARKS.md), regenerated by `make bench` (each figure "
             f"against a baseline measured in the same run, on this 2-core machine; the report "
             f"has the rounds, spreads, profiles and what each run's load was): {met} of "
             f"{len(checks)} checks met.", ""]
    for tid in TITLES:
        texts = [c["text"] for t, c in checks if t == tid]
        if texts:
            lines.append(f"- **{tid}** ({TITLES[tid]}): " + "; ".join(texts) + ".")
    lines.append("<!-- /bench:summary -->")
    return "\n".join(lines)


def write_markdown(res, path):
    update_markdown(path, "history", history.render())
    for tid in TITLES:
        if tid not in res["targets"]:  # a run saved before the target was measured
            continue
        section = render(tid, res)
        update_markdown(path, tid, section)
        print(section + "\n")
    readme = os.path.join(os.path.dirname(os.path.abspath(path)), "README.md")
    if os.path.exists(readme) and "<!-- bench:summary -->" in open(readme).read():
        update_markdown(readme, "summary", summary(res))


def merge_only(a, only):
    """Replaces the targets in `only` in the saved run (a.json) with this run's results."""
    unknown = [tid for tid in only if tid not in TITLES]
    if unknown:
        sys.exit("report.py: unknown targets " + ", ".join(unknown))
    with open(a.json) as fh:
        res = json.load(fh)
    targets, skipped = build(a)
    date = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    for tid in only:
        res["targets"][tid] = targets[tid]
        res.setdefault("runs", {})[tid] = {
            "date": date, "command": a.command, "rounds": a.rounds, "duration_s": a.duration,
            "load_average": targets[tid].get("load_average") if tid in SCRIPTS
            else load_average(os.path.join(a.results, "loadavg.txt"))}
    if "P5" in only:
        res.pop("p5_run", None)  # the form --p5-only used to save
    for peer, tids in PEER_TARGETS.items():  # the peers this run started
        if any(tid in only for tid in tids):
            res["skipped"].pop(peer, None)
            if peer in skipped:
                res["skipped"][peer] = skipped[peer]
    if "P1" in only:
        wrk = parse_wrk(os.path.join(a.results, "wrk.txt"))
        nginx = targets["P1"]["systems"]["nginx"]
        res["wrk_nginx"] = wrk
        res["loadgen_vs_wrk"] = nginx["rps"]["median"] / wrk["rps"] if nginx else 0.0
        res["loadgen_ok"] = abs(res["loadgen_vs_wrk"] - 1) <= WRK_TOLERANCE
    with open(a.json, "w") as fh:
        json.dump(res, fh, indent=2)
        fh.write("\n")
    history.record(res, only, date, a.command, res["runs"][only[0]]["load_average"])
    write_markdown(res, a.markdown)
    return report_invalid({tid: targets[tid] for tid in only}, skipped)


def report_invalid(targets, skipped):
    """Warns about, and fails on, figures from runs with errors or missing rounds."""
    invalid = [f"{tid} {name}" for tid in TITLES if tid in targets
               for name, sysm in targets[tid]["systems"].items()
               if sysm is not None and not sysm.get("valid", True) and name not in skipped]
    if invalid:
        print("WARNING: errors, non-2xx or unexpected responses (or missing rounds) in: "
              + ", ".join(invalid) + "; those figures are invalid", file=sys.stderr)
        return 1
    return 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--from-json", help="re-render BENCHMARKS.md from a saved latest.json")
    ap.add_argument("--only", help="targets measured (P10,P11,...): replace them in the saved "
                    "--json run, keep the others, and re-render")
    ap.add_argument("--p5-only", action="store_true", help="the same as --only P5")
    ap.add_argument("--markdown", required=True)
    for flag in ("results", "root", "command", "json"):
        ap.add_argument(f"--{flag}")
    for flag in ("duration", "rounds", "connections", "batch-connections", "light-connections",
                 "dd-mb"):
        ap.add_argument(f"--{flag}", type=int)
    a = ap.parse_args()
    if a.p5_only:
        a.only = "P5"
    if a.only:
        return merge_only(a, [x.strip() for x in a.only.split(",") if x.strip()])
    if a.from_json:
        with open(a.from_json) as fh:
            write_markdown(json.load(fh), a.markdown)
        return 0
    missing = [k for k, v in vars(a).items() if v is None and k not in ("from_json", "only")]
    if missing:
        ap.error("without --from-json, all of these are needed: " + ", ".join(missing))

    targets, skipped = build(a)
    wrk = parse_wrk(os.path.join(a.results, "wrk.txt"))
    nginx = targets["P1"]["systems"]["nginx"]
    res = {
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": machine(),
        "node": os.popen("node --version 2>/dev/null").read().strip() or "not installed",
        "peers": peer_versions(a.root),
        "command": a.command,
        "duration_s": a.duration,
        "rounds_count": a.rounds,
        "connections": a.connections,
        "batch_connections": a.batch_connections,
        "light_connections": a.light_connections,
        "dd_mb": a.dd_mb,
        "skipped": skipped,
        "load_average": load_average(os.path.join(a.results, "loadavg.txt")),
        "wrk_nginx": wrk,
        "loadgen_vs_wrk": nginx["rps"]["median"] / wrk["rps"] if nginx and wrk["rps"] else 0.0,
        "targets": targets,
    }
    res["loadgen_ok"] = abs(res["loadgen_vs_wrk"] - 1) <= WRK_TOLERANCE

    with open(a.json, "w") as fh:
        json.dump(res, fh, indent=2)
        fh.write("\n")
    history.record(res, list(targets), res["date"], a.command, res["load_average"])
    write_markdown(res, a.markdown)
    return report_invalid(targets, skipped)


if __name__ == "__main__":
    sys.exit(main())
