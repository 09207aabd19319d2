"""P10-P12 for bench/report.py: start-up time (bench/startup.py), idle resident memory
(bench/idle_memory.py) and Node.js function start (bench/function_start.py). Each reads the
script's JSON lines from the results folder (p10.jsonl, p11.jsonl, p12.jsonl), summarises them
over rounds (median of the per-round figures, with their min-max), checks the targets, and
renders the rows of its BENCHMARKS.md section. Standard library only.
"""
import json
import os
import statistics

RESTART_RECORDS = 10_000_000  # the target's restart is with 10 million stored records
MB = 1e6


def load(results, name, key):
    path = os.path.join(results, name + ".jsonl")
    if not os.path.exists(path):
        return []
    with open(path) as f:
        return [json.loads(line)[key] for line in f if line.strip()]


def span(values):
    values = list(values)
    return {"median": statistics.median(values), "min": min(values), "max": max(values)}


def fmt(s, digits=1):
    return f"{s['median']:,.{digits}f} ({s['min']:,.{digits}f}–{s['max']:,.{digits}f})"


def verdict(valid, met, value, target, over=True):
    if not valid:
        return "invalid run"
    if met:
        return "met"
    return f"not met, {value / target:.1f}× over" if over else "not met"


def check(name, text, value, target, valid, unit):
    met = valid and value < target
    return {"name": name, "value": value, "target": target, "met": met,
            "text": f"{text}, target < {target:,} {unit} — {verdict(valid, met, value, target)}"}


def p10_target(results, rounds):
    p10 = load(results, "p10", "p10")
    if not p10:
        return {"systems": {"freshet": None}, "checks": [
            {"name": "P10", "met": False, "text": "P10: not measured"}]}
    med = lambda key: span(statistics.median(r[key]) for r in p10)  # noqa: E731
    first = p10[0]
    f = {"rounds": p10, "empty_ms": med("empty_ms"), "restart_ms": med("restart_ms"),
         "true_ms": med("true_ms"), "node_ms": med("node_ms"), "records": first["records"],
         "shards": first["shards"], "fill_s": first["fill_s"],
         "recovery_ms": first["recovery_ms"], "verified": first["verified"],
         "starts": len(first["empty_ms"]),
         "valid": len(p10) == rounds and all(r["verified"] for r in p10)}
    ok, n = f["valid"], f["records"]
    base = (f"baseline `/bin/true` {f['true_ms']['median']:.1f} ms, `node -e 0` "
            f"{f['node_ms']['median']:.1f} ms")
    e = f["empty_ms"]
    checks = [check("P10 empty", f"P10 start to `Ready.`, empty data directory = {fmt(e)} ms "
                    f"({e['median'] - f['true_ms']['median']:.1f} ms more than `/bin/true`; "
                    f"{base})", e["median"], 100, ok, "ms")]
    for name, label, value in (
            ("P10 restart", f"P10 restart after a clean stop with {n:,} records = "
             f"{fmt(f['restart_ms'])} ms", f["restart_ms"]["median"]),
            ("P10 recovery", f"P10 restart after SIGKILL with {n:,} records (one start) = "
             f"{f['recovery_ms']:,.1f} ms", f["recovery_ms"])):
        c = check(name, label, value, 1000, ok, "ms")
        if n < RESTART_RECORDS:  # a quick run: say what was measured, and give no verdict
            c["met"] = False
            c["text"] = (f"{label}, target < 1,000 ms with {RESTART_RECORDS:,} records — "
                         f"no verdict: measured with {n:,}")
        checks.append(c)
    return {"systems": {"freshet": f}, "checks": checks}


def p11_target(results, rounds):
    p11 = load(results, "p11", "p11")
    if not p11:
        return {"systems": {"freshet": None}, "checks": [
            {"name": "P11", "met": False, "text": "P11: not measured"}]}
    states = ("empty", "created", "invoked")
    f = {"rounds": p11, "settle_s": p11[0]["settle_s"], "count": p11[0]["count"],
         "valid": len(p11) == rounds}
    for st in states:
        for key in ("rss_kib", "anon_kib", "file_kib", "threads"):
            f[f"{st}_{key}"] = span(r[st][key] for r in p11)
    mb = lambda st: {k: v * 1024 / MB for k, v in f[f"{st}_rss_kib"].items()}  # noqa: E731
    empty = mb("empty")
    checks = []
    for st, label in (("created", "created"),
                      ("invoked", "after one Invoke of each function (their processes "
                                  "excluded)")):
        v = mb(st)
        checks.append(check(
            f"P11 {st}", f"P11 idle VmRSS with {f['count']} streams, tables and functions, "
            f"{label} = {fmt(v)} MB; baseline empty server {empty['median']:.1f} MB, "
            f"+{v['median'] - empty['median']:.1f} MB", v["median"], 60, f["valid"], "MB"))
    return {"systems": {"freshet": f}, "checks": checks}


def p12_target(results, rounds):
    p12 = load(results, "p12", "p12")
    if not p12:
        return {"systems": {"freshet": None}, "checks": [
            {"name": "P12", "met": False, "text": "P12: not measured"}]}
    f = {"rounds": p12, "valid": len(p12) == rounds, "cold": len(p12[0]["cold_ms"]),
         "warm": p12[0]["warm_us"]["count"]}
    for key in ("node_ms", "cold_ms"):
        f[key] = span(statistics.median(r[key]) for r in p12)
    for key in ("cold_init_ms", "cold_duration_ms"):
        vals = [statistics.median(x for x in r[key] if x is not None) for r in p12
                if any(x is not None for x in r[key])]
        f[key] = span(vals) if vals else None
    f["cold_extra_ms"] = span(statistics.median(r["cold_ms"]) - statistics.median(r["node_ms"])
                              for r in p12)
    for key in ("warm_us", "baseline_us"):
        for q in ("p50", "p90", "p99"):
            f[f"{key}_{q}"] = span(r[key][q] for r in p12)
    f["overhead_us"] = span(r["warm_us"]["p50"] - r["baseline_us"]["p50"] for r in p12)
    reports = [r["warm_report_ms"] for r in p12 if r.get("warm_report_ms") is not None]
    f["warm_report_ms"] = span(reports) if reports else None
    ok, x, o = f["valid"], f["cold_extra_ms"], f["overhead_us"]
    return {"systems": {"freshet": f}, "checks": [
        check("P12 cold start", f"P12 cold start beyond bare Node = first Invoke "
              f"{f['cold_ms']['median']:.1f} ms − `node -e 0` {f['node_ms']['median']:.1f} ms "
              f"= {fmt(x)} ms", x["median"], 50, ok, "ms"),
        check("P12 warm overhead", f"P12 warm invocation overhead = Invoke p50 "
              f"{f['warm_us_p50']['median']:,.0f} µs − GetAccountSettings p50 "
              f"{f['baseline_us_p50']['median']:,.0f} µs = {fmt(o, 0)} µs", o["median"], 300,
              ok, "µs")]}


def p10_rows(f):
    rows = ["| What | starts | ms, median (min–max of per-round medians) |", "|---|---|---|"]
    if f:
        n = f["starts"] * len(f["rounds"])
        rows += [
            f"| `/bin/true`, spawned and waited for, empty environment (baseline) | {n} "
            f"| {fmt(f['true_ms'])} |",
            f"| `node -e 0`, spawned and waited for, empty environment (baseline) | {n} "
            f"| {fmt(f['node_ms'])} |",
            f"| Freshet, spawned to `Ready.` read, empty data directory | {n} "
            f"| {fmt(f['empty_ms'])} |",
            f"| Freshet, spawned to `Ready.` read, {f['records']:,} records, after a clean "
            f"stop | {n} | {fmt(f['restart_ms'])} |",
            f"| Freshet, spawned to `Ready.` read, {f['records']:,} records, after SIGKILL "
            f"(write-ahead log replayed) | 1 | {f['recovery_ms']:,.1f} |",
            "",
            f"The {f['records']:,} records (16 random bytes each, one stream of {f['shards']} "
            f"shards) were written in {f['fill_s']:.1f} s "
            f"({f['records'] / f['fill_s']:,.0f} records/s, PutRecords of 500 from 4 "
            "connections, durable), then the server was killed; the last acknowledged record "
            "of every shard was read back after the recovery: "
            + ("found." if f["verified"] else "**missing**.")]
    return rows


def p11_rows(f):
    rows = ["| Server state (idle for the settle time) | VmRSS MB | RssAnon MB | RssFile MB "
            "| threads |", "|---|---|---|---|---|"]
    if f:
        mb = lambda s: {k: v * 1024 / MB for k, v in s.items()}  # noqa: E731
        c = f["count"]
        for st, label in (("empty", "empty (baseline)"),
                          ("created", f"{c} streams (1 shard), {c} tables, {c} Node.js "
                                      "functions created"),
                          ("invoked", f"the same after one Invoke of each function ({c} warm "
                                      "environments)")):
            rows.append(f"| {label} | {fmt(mb(f[st + '_rss_kib']))} "
                        f"| {fmt(mb(f[st + '_anon_kib']))} | {fmt(mb(f[st + '_file_kib']))} "
                        f"| {f[st + '_threads']['median']:.0f} |")
        rows += ["", f"VmRSS, RssAnon and RssFile of the server process alone, from "
                 f"/proc/<pid>/status after {f['settle_s']:g} s without requests; MB are 10^6 "
                 "bytes. RssFile is mostly the binary's own mapped pages."]
    return rows


def p12_rows(f):
    rows = ["| What | per round | p50 | p90 | p99 |", "|---|---|---|---|---|"]
    if f:
        q = lambda k: " | ".join(  # noqa: E731
            f"{f[f'{k}_{p}']['median']:,.0f} µs" for p in ("p50", "p90", "p99"))
        rows += [
            f"| `node -e 0`, spawned and waited for, empty environment (baseline) | {f['cold']} "
            f"| {fmt(f['node_ms'])} ms | | |",
            f"| first Invoke of a new function (`exports.handler = async () => 1`) "
            f"| {f['cold']} | {fmt(f['cold_ms'])} ms | | |"]
        if f["cold_init_ms"]:
            rows.append(f"| its REPORT line: Init Duration / Duration | {f['cold']} "
                        f"| {f['cold_init_ms']['median']:.2f} / "
                        f"{f['cold_duration_ms']['median']:.2f} ms | | |")
        rows += [f"| warm Invoke, sequential | {f['warm']} | {q('warm_us')} |",
                 f"| Lambda GetAccountSettings, sequential (baseline) | {f['warm']} "
                 f"| {q('baseline_us')} |"]
        if f["warm_report_ms"]:
            rows.append(f"| warm invocations' REPORT Duration | {f['warm']} "
                        f"| {fmt(f['warm_report_ms'], 3)} ms | | |")
        rows += ["", "Latencies from before the request is written to after the answer is "
                 "read, one keep-alive connection (Python http.client, requests signed once by "
                 "botocore); p50 etc. are the medians over rounds of each round's figure."]
    return rows


ROWS = {"P10": p10_rows, "P11": p11_rows, "P12": p12_rows}
TARGETS = {"P10": p10_target, "P11": p11_target, "P12": p12_target}
