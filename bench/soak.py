#!/usr/bin/env python3
"""P13: the soak. Starts `freshet serve` on a temporary data directory, deploys the reference
architecture (examples/refarch/template.yaml: stream, event source mapping, Node.js consumer,
EventData table) the way bench/refarch_latency.py does, then:

  - calibration (unless --rate is given): a burst of --calibrate tweets from 4 producers, timed
    until the table holds them all; the soak rate is half of that sustained rate;
  - the soak: tweets put with PutRecords at the fixed rate for --minutes, every tenth of a
    second a batch of what is due; one tweet a second is a marker whose item is polled with
    GetItem (end-to-end latency: PutRecords sent to item visible);
  - every --interval seconds a sample: server RSS (/proc/<pid>/status VmRSS), the RSS of the
    function processes (the server's descendants: their sum, count and largest), the server's
    open descriptors (RocksDB table files, files deleted but open, the rest), put and
    end-to-end latency (p50/p99 of the window), the mapping's iterator age and records
    delivered (GET /metrics), records acknowledged;
  - the end: waits for the pipeline to drain, then scans the table and checks that every
    acknowledged tweet has its item (zero lost), that memory after the warm-up (the first two
    minutes, a fifth of the run when shorter; mean of the 30 s before its end against the mean
    of the last 30 s) grew by less than 10%, for the server and for the largest function
    environment, and that the descriptors other than table files stayed flat (at most
    max(16, 10%) more; table files follow the size of the data, one per file).

Prints the samples as they come (stderr), then one JSON object {"p13": {...}}, writes an SVG
plot (--svg, memory, descriptors and latency over time) and exits 1 when a check failed.

Usage: soak.py [--minutes 10] [--rate R] [--interval 10] [--svg soak.svg] [--binary build/freshet]
"""
import argparse
import json
import os
import queue
import sys
import tempfile
import threading
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, "examples", "refarch", "producer"))
sys.path.insert(0, os.path.join(ROOT, "examples", "refarch"))
sys.path.insert(0, HERE)
import tweets  # noqa: E402
from pipeline_latency import percentile, start_server, stop  # noqa: E402
from refarch_latency import deploy, item_key, throughput  # noqa: E402
from signed_http import client as signed_client, root_credentials, status_kib  # noqa: E402
from soak_plot import write_svg  # noqa: E402

TABLE = "p6-EventData"  # the stack is named p6 by refarch_latency.deploy


def descendants(pid):
    """Pids of every process below pid (the function runtimes the server started)."""
    children = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % entry) as f:
                ppid = int(f.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry))
    out, todo = [], [pid]
    while todo:
        for c in children.get(todo.pop(), []):
            out.append(c)
            todo.append(c)
    return out


def rss_kib(pids):
    """VmRSS of each process in pids that is still there (a zombie has none)."""
    out = []
    for p in pids:
        try:
            out.append(status_kib(p, "VmRSS"))
        except (OSError, KeyError):
            pass
    return out


def descriptors(pid):
    """The server's open descriptors: all, those on RocksDB table files (*.sst, one per file
    the table cache holds open, so they follow the data's size), the others (sockets, pipes,
    logs: these must stay flat), and files deleted but still open."""
    total = sst = deleted = 0
    for fd in os.listdir("/proc/%d/fd" % pid):
        try:
            target = os.readlink("/proc/%d/fd/%s" % (pid, fd))
        except OSError:  # closed meanwhile
            continue
        total += 1
        if target.endswith(" (deleted)"):
            deleted += 1
        elif target.endswith(".sst"):
            sst += 1
    return {"fds": total, "fds_sst": sst, "fds_other": total - sst - deleted,
            "fds_deleted": deleted}


def metrics(endpoint, token):
    """Sums of the mapping's series from GET /metrics (the stack has one mapping)."""
    req = urllib.request.Request(endpoint + "/metrics",
                                 headers={"Authorization": "Bearer " + token})
    text = urllib.request.urlopen(req, timeout=5).read().decode()
    out = {}
    for line in text.splitlines():
        if line.startswith("#") or not line.strip():
            continue
        name = line.split("{", 1)[0].split(" ", 1)[0]
        if name.startswith("freshet_mapping_"):
            out[name] = out.get(name, 0.0) + float(line.rsplit(" ", 1)[1])
    return out


class Soak:
    def __init__(self, make_kinesis, ddb, stream, generated, rate):
        self.make_kinesis, self.ddb, self.stream = make_kinesis, ddb, stream
        self.generated, self.rate = generated, rate
        self.lock = threading.Lock()
        self.acked = set()  # tweet ids whose put returned a sequence number
        self.put_ms, self.e2e_ms = [], []  # of the current window
        self.behind = 0  # records due but not yet sent, worst seen in the window
        self.markers = queue.Queue()
        self.stop = threading.Event()

    def window(self):
        with self.lock:
            put, e2e, behind = sorted(self.put_ms), sorted(self.e2e_ms), self.behind
            self.put_ms, self.e2e_ms, self.behind = [], [], 0
            return put, e2e, behind, len(self.acked)

    def produce(self, seconds):
        kinesis = self.make_kinesis()
        tick, sent, start = 0.1, 0, time.monotonic()
        last_marker = start
        while not self.stop.is_set():
            now = time.monotonic()
            if now - start >= seconds:
                return
            due = int((now - start) * self.rate) - sent
            with self.lock:
                self.behind = max(self.behind, due)
            batch = [next(self.generated) for _ in range(min(max(due, 0), 500))]
            pending = [{"Data": json.dumps(t), "PartitionKey": t["user"]["screen_name"],
                        "tweet": t} for t in batch]
            marker = batch[0] if batch and now - last_marker >= 1.0 else None
            while pending and not self.stop.is_set():
                t0 = time.time()
                try:
                    out = kinesis.put_records(StreamName=self.stream, Records=[
                        {"Data": p["Data"], "PartitionKey": p["PartitionKey"]} for p in pending])
                except Exception as e:  # not acknowledged: put the same tweets again
                    print("put: %s" % e, file=sys.stderr)
                    time.sleep(0.05)
                    continue
                ms = (time.time() - t0) * 1000.0
                with self.lock:
                    self.put_ms.append(ms)
                    for p, res in zip(pending, out["Records"]):
                        if "SequenceNumber" in res:
                            self.acked.add(p["tweet"]["id_str"])
                if marker is not None:
                    self.markers.put((marker, t0))
                    last_marker, marker = now, None
                pending = [p for p, res in zip(pending, out["Records"]) if "ErrorCode" in res]
            sent += len(batch)
            time.sleep(max(0.0, tick - (time.monotonic() - now)))

    def watch(self):
        """End-to-end latency of the markers: first GetItem that sees the item."""
        while not self.stop.is_set():
            try:
                tweet, t0 = self.markers.get(timeout=0.5)
            except queue.Empty:
                continue
            deadline = time.monotonic() + 60
            while "Item" not in self.ddb.get_item(TableName=TABLE, Key=item_key(tweet)):
                if time.monotonic() > deadline or self.stop.is_set():
                    print("marker %s not in the table after 60 s" % tweet["id_str"],
                          file=sys.stderr)
                    break
                time.sleep(0.002)
            else:
                with self.lock:
                    self.e2e_ms.append((time.time() - t0) * 1000.0)


def table_ids(ddb, segments=4):
    """Every Id in the table (parallel Scan, projecting the key only)."""
    found, lock = set(), threading.Lock()

    def scan(segment):
        kwargs = {"TableName": TABLE, "ProjectionExpression": "Id",
                  "Segment": segment, "TotalSegments": segments}
        while True:
            page = ddb.scan(**kwargs)
            with lock:
                found.update(i["Id"]["S"] for i in page["Items"])
            if "LastEvaluatedKey" not in page:
                return
            kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]
    threads = [threading.Thread(target=scan, args=(s,)) for s in range(segments)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return found


def mean(values):
    return sum(values) / len(values) if values else 0.0


def growth(samples, key, warmup, end):
    """Mean of `key` over the 30 s up to the warm-up against the mean of the last 30 s."""
    base = [s[key] for s in samples if warmup - 30 <= s["t"] <= warmup] or \
        [min(samples, key=lambda s: abs(s["t"] - warmup))[key]]
    last = [s[key] for s in samples if s["t"] >= end - 30]
    b, e = mean(base), mean(last)
    peak = max(s[key] for s in samples if s["t"] >= warmup)
    return {"warmup": round(b), "end": round(e), "max_after_warmup": peak,
            "growth_pct": round((e - b) * 100.0 / b, 2) if b else 0.0}


def run(a, proc, endpoint, token, client):
    out = deploy(client)
    stream = out["KinesisStream"]
    keys = dict(aws_access_key_id=out["AccessKeyId"], aws_secret_access_key=out["SecretAccessKey"])
    ddb = client("dynamodb")
    generated = tweets.generate(None, seed=13)
    calibrated = None
    if a.rate is None:
        burst = [next(generated) for _ in range(a.calibrate)]
        seconds = throughput(lambda: client("kinesis", **keys), ddb, stream, burst)
        calibrated = a.calibrate / seconds
        a.rate = calibrated / 2
        print("calibration: %d tweets in %.1f s, %.0f tweets/s sustained; soak at %.0f/s" %
              (a.calibrate, seconds, calibrated, a.rate), file=sys.stderr)
    soak = Soak(lambda: client("kinesis", **keys), client("dynamodb"), stream, generated,
                a.rate)
    seconds = a.minutes * 60.0
    producer = threading.Thread(target=soak.produce, args=(seconds,), daemon=True)
    watcher = threading.Thread(target=soak.watch, daemon=True)
    start = time.monotonic()
    producer.start()
    watcher.start()
    samples = []
    while producer.is_alive():
        producer.join(max(0.0, a.interval * (len(samples) + 1) - (time.monotonic() - start)))
        if not producer.is_alive():
            break
        put, e2e, behind, acked = soak.window()
        m = metrics(endpoint, token)
        funcs = rss_kib(descendants(proc.pid))
        s = {"t": round(time.monotonic() - start, 1),
             "server_rss_kib": status_kib(proc.pid, "VmRSS"),
             "function_rss_kib": sum(funcs), "function_rss_max_kib": max(funcs + [0]),
             "function_processes": len(funcs),
             "put_p50_ms": round(percentile(put, 50), 2) if put else None,
             "put_p99_ms": round(percentile(put, 99), 2) if put else None,
             "e2e_p50_ms": round(percentile(e2e, 50), 2) if e2e else None,
             "e2e_p99_ms": round(percentile(e2e, 99), 2) if e2e else None,
             "iterator_age_s": m.get("freshet_mapping_iterator_age_seconds", 0.0),
             "acked": acked,
             "delivered": int(m.get("freshet_mapping_records_delivered_total", 0)),
             "behind": behind}
        s.update(descriptors(proc.pid))
        s["total_rss_kib"] = s["server_rss_kib"] + s["function_rss_kib"]
        samples.append(s)
        print(json.dumps(s), file=sys.stderr)
    elapsed = time.monotonic() - start
    acked = soak.window()[3]
    # Drain: the mapping delivers what is left, then every acknowledged tweet must be there.
    target = acked + (a.calibrate if calibrated else 0)
    drain_start = time.monotonic()
    while metrics(endpoint, token).get("freshet_mapping_records_delivered_total", 0) < target:
        if time.monotonic() - drain_start > 300:
            break
        time.sleep(0.5)
    drained = time.monotonic() - drain_start
    soak.stop.set()
    watcher.join(5)
    found = table_ids(ddb)
    lost = len(soak.acked - found)
    warmup = min(120.0, elapsed / 5)
    mem = growth(samples, "server_rss_kib", warmup, elapsed)
    total = growth(samples, "total_rss_kib", warmup, elapsed)
    instance = growth(samples, "function_rss_max_kib", warmup, elapsed)
    fds = growth(samples, "fds", warmup, elapsed)
    other = growth(samples, "fds_other", warmup, elapsed)
    fd_limit = max(16, other["warmup"] * 0.10)
    checks = {"zero_lost": lost == 0,
              "server_memory_flat": mem["growth_pct"] < 10.0,
              # Per environment: a second one started for a busy moment is not growth.
              "function_memory_flat": instance["growth_pct"] < 10.0,
              "fds_flat": other["max_after_warmup"] - other["warmup"] <= fd_limit}
    e2e = sorted(x for s in samples for x in ([s["e2e_p50_ms"]] if s["e2e_p50_ms"] else []))
    summary = {
        "minutes": a.minutes, "seconds": round(elapsed, 1), "warmup_s": warmup,
        "rate_per_s": round(a.rate, 1),
        "calibrated_per_s": round(calibrated, 1) if calibrated else None,
        "put_acked": acked, "achieved_per_s": round(acked / elapsed, 1),
        "in_table": len(found), "lost": lost, "drain_s": round(drained, 1),
        "server_rss_kib": mem, "function_rss_max_kib": instance,
        "total_rss_kib": total, "fds": fds, "fds_other": other,
        "fds_sst_end": samples[-1]["fds_sst"],
        "fds_deleted_max": max(s["fds_deleted"] for s in samples),
        "function_processes_max": max(s["function_processes"] for s in samples),
        "put_p99_ms_max": max(s["put_p99_ms"] or 0 for s in samples),
        "e2e_p50_ms_median": e2e[len(e2e) // 2] if e2e else None,
        "e2e_p99_ms_max": max(s["e2e_p99_ms"] or 0 for s in samples),
        "iterator_age_s_max": max(s["iterator_age_s"] for s in samples),
        "checks": checks, "ok": all(checks.values()), "samples": samples}
    if a.svg:
        write_svg(a.svg, samples, warmup)
        summary["svg"] = a.svg
    return summary


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--minutes", type=float, default=10.0)
    ap.add_argument("--rate", type=float, help="tweets/s (default: half the calibrated rate)")
    ap.add_argument("--calibrate", type=int, default=10000, help="tweets in the calibration")
    ap.add_argument("--interval", type=float, default=10.0, help="seconds between samples")
    ap.add_argument("--svg", default="soak.svg", help="plot file ('' for none)")
    ap.add_argument("--binary", default=os.path.join(ROOT, "build", "freshet"))
    a = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix="freshet-soak-")
    proc, endpoint = start_server(a.binary, tmp)
    try:
        root = root_credentials(tmp)
        with open(os.path.join(tmp, "metrics-token")) as f:
            token = f.read().strip()

        def client(service, **keys):
            return signed_client(endpoint, service, keys or root)
        summary = run(a, proc, endpoint, token, client)
    finally:
        stop(proc)
        os.system("rm -rf '%s'" % tmp)
    print(json.dumps({"p13": summary}))
    sys.exit(0 if summary["ok"] else 1)


if __name__ == "__main__":
    main()
