#!/usr/bin/env python3
"""P7: pipeline throughput. Starts `freshet serve` on a temporary data directory with two
streams of 4 shards: `p7-ingest`, without a consumer, and `p7`, read by an event source mapping
(BatchSize 500, MaximumBatchingWindowInSeconds 0, TRIM_HORIZON) into a C++ `provided` function,
runtimes/cpp/examples/kinesis_tally.cc (build/runtimes/kinesis-tally-bootstrap), which appends one
short line per batch: when it arrived, the arrival times of its oldest and newest records, and
each record's id. (kinesis_sink.cc, P5's consumer, writes every event whole, about 60 MB/s of
file writes at these rates, on the disk the server syncs to.)

  - baseline: the ingest rate, records/s of 1 KiB records in PutRecords of 500, durable, that
    the producer below reaches on `p7-ingest` in a closed loop (what P3 measures, with this
    producer, on this server, in this run), for --baseline-seconds before the steps and again
    after them; the machine is shared, so the higher of the two is the baseline;
  - steps: the producer puts into `p7` in an open loop, paced (request k of a step is due at
    start + k * 500 / rate, sent by whichever connection is free, at once when late), at
    --first, --first + --step, ... (up to --last) times the first baseline, --step-seconds
    each. A step is sustained when the producer's acknowledged rate is at least 95% of the
    step's rate and the backlog (records acknowledged minus records the mapping has delivered,
    from GET /metrics) grew by at most a tenth of the step's records (or one batch per
    shard, when that is more) over the step. A failed step is run once more after the backlog
    drained; the search ends at its second failure (when that is the first step's, it goes
    down by --step until a step is sustained). The acknowledged rate of the highest sustained
    step, over the baseline, is P7's ratio (target at least 0.5);
  - nothing lost: when the steps are over and the mapping has caught up, every record
    acknowledged into `p7` must be among the ids the function recorded (each record's data
    starts with 12 bytes of its own, "P7id" and a 64-bit id, which are exactly the first 16
    base64 characters the function copies).

The producer is this script: --connections threads (16, as P3's load generator), each with
its own keep-alive connection, building every request anew (500 records: the 16 characters of
the id, then a fixed base64 tail) and signing it with botocore's SigV4 signer, about 2.5 ms of
CPU per request. boto3's put_records costs about 9 ms per PutRecords of 500 (validation,
serialisation, base64), CPU the server would lose on these 2 shared cores; the C++ load
generator cannot pace, re-sends one body (so records cannot be told apart) and does not read
the acknowledgements. Side by side on one server, this producer and freshet-loadgen
(kinesis-put-records, c=16) reached the same ingest rate, 27-30k records/s, this one with 0.15
of a core: one process is enough, as the GIL is held only while building, signing and parsing.

Also reported: the CPU of the server, the function processes, this producer and the rest of
the machine during the baselines and during the steps (from /proc), and with --samples FILE, one
JSON line of per-half-second series (put and delivered records/s, put-to-function latency of
each bin's oldest record, the steps) for bench/pipeline_plots.py; with --perf FILE, a `perf
record` of the server (DWARF call graphs) during the steps. Prints one JSON object
{"p7": {...}}; exits 1 when a record was lost or a request failed.

Usage: pipeline_throughput.py [--quick] [--connections 16] [--binary build/freshet]
                              [--samples FILE] [--perf FILE]
"""
import argparse
import base64
import json
import os
import signal
import struct
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from pipeline_latency import (ROOT, create_consumer, create_mapping, start_server, stop,  # noqa
                              writable_dir)
from signed_http import SignedRequest, client, connect, root_credentials  # noqa: E402
from soak import descendants, metrics  # noqa: E402

BATCH, SHARDS = 500, 4
TAG = struct.Struct("<4sQ")  # the first 12 bytes of a record's data: magic and id
MAGIC = b"P7id"
FILLER = base64.b64encode(bytes(i % 251 for i in range(1024 - TAG.size))).decode()
HEADERS = {"Content-Type": "application/x-amz-json-1.1",
           "X-Amz-Target": "Kinesis_20131202.PutRecords"}
BIN_S = 0.5  # the plot's resolution
CLK_TCK = os.sysconf("SC_CLK_TCK")


class Producer:
    """`connections` threads, each with its own keep-alive connection, putting PutRecords of
    BATCH records of 1 KiB, every record with a new id."""

    def __init__(self, endpoint, creds, connections):
        self.endpoint, self.creds = endpoint, creds
        self.conns = [connect(endpoint) for _ in range(connections)]
        self.lock = threading.Lock()
        self.next_id = 0
        self.acked = {}  # stream -> records acknowledged
        self.requests = []  # (stream, wall time of the answer, first id, records acknowledged)
        self.errors = []  # non-200 answers and transport errors (then retried)

    def body(self, stream, ids):
        return ('{"StreamName":"%s","Records":[' % stream + ",".join(
            '{"Data":"%s%s","PartitionKey":"%d"}' % (
                base64.b64encode(TAG.pack(MAGIC, i)).decode(), FILLER, i) for i in ids)
            + "]}")

    def put(self, index, stream, first):
        """Puts ids first..first+BATCH-1 until each is acknowledged; records the request."""
        ids = list(range(first, first + BATCH))
        acked = 0
        while ids:
            req = SignedRequest(self.creds, "kinesis", "POST", "/", self.body(stream, ids),
                                HEADERS)
            try:
                status, _, out = req.send(self.conns[index])
            except OSError as e:  # the connection broke: a new one, and the same ids again
                self.conns[index].close()
                self.conns[index] = connect(self.endpoint)
                status, out = 0, str(e).encode()
            if status != 200:
                with self.lock:
                    self.errors.append("%d %s" % (status, out[:200].decode(errors="replace")))
                    if len(self.errors) > 20:
                        raise RuntimeError("PutRecords keeps failing: %s" % self.errors[-1])
                time.sleep(0.05)
                continue
            if b'"FailedRecordCount":0' in out:
                acked, ids = acked + len(ids), []
                break
            results = json.loads(out)["Records"]
            retry = [i for i, r in zip(ids, results) if "ErrorCode" in r]
            acked += len(ids) - len(retry)
            ids = retry
        with self.lock:
            self.acked[stream] = self.acked.get(stream, 0) + acked
            self.requests.append((stream, time.time(), first, acked))

    def run(self, stream, seconds, rate=None):
        """Puts for `seconds`, in a closed loop (rate None) or paced at `rate` records/s;
        returns (wall seconds until the last answer, records acknowledged)."""
        start = time.monotonic()
        end, before = start + seconds, self.acked.get(stream, 0)
        slot = [0]

        def worker(index):
            while True:
                with self.lock:
                    k, slot[0] = slot[0], slot[0] + 1
                    first = self.next_id
                    due = start + k * BATCH / rate if rate else time.monotonic()
                    if due >= end:
                        return
                    self.next_id += BATCH
                delay = due - time.monotonic()
                if delay > 0:
                    time.sleep(delay)
                self.put(index, stream, first)
        threads = [threading.Thread(target=worker, args=(i,)) for i in range(len(self.conns))]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        return time.monotonic() - start, self.acked.get(stream, 0) - before


def cpu_ticks(pids):
    """utime + stime of the processes in pids that are still there."""
    total = 0
    for p in pids:
        try:
            with open("/proc/%d/stat" % p) as f:
                fields = f.read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        except (OSError, IndexError, ValueError):
            pass
    return total


class CpuSplit:
    """CPU seconds per wall second of the server, its function processes, this script and the
    rest of the machine, between start() and stop()."""

    def __init__(self, server_pid):
        self.pid = server_pid

    def read(self):
        with open("/proc/stat") as f:
            cpu = [int(x) for x in f.readline().split()[1:]]
        busy = sum(cpu) - cpu[3] - cpu[4]  # all but idle and iowait
        return {"t": time.monotonic(), "server": cpu_ticks([self.pid]),
                "function": cpu_ticks(descendants(self.pid)),
                "producer": cpu_ticks([os.getpid()]), "machine": busy}

    def start(self):
        self.begin = self.read()

    def stop(self):
        end = self.read()
        wall = end["t"] - self.begin["t"]
        out = {k: (end[k] - self.begin[k]) / CLK_TCK / wall
               for k in ("server", "function", "producer", "machine")}
        out["others"] = max(0.0, out.pop("machine") - out["server"] - out["function"]
                            - out["producer"])
        return {k: round(v, 2) for k, v in out.items()}


def backlog(producer, endpoint, token):
    m = metrics(endpoint, token)
    return producer.acked.get("p7", 0) - m.get("freshet_mapping_records_delivered_total", 0.0)


def step(producer, endpoint, token, rate, seconds):
    """One paced step on `p7`; returns its figures and whether the pipeline kept up."""
    before, start = backlog(producer, endpoint, token), time.time()
    elapsed, acked = producer.run("p7", seconds, rate)
    after = backlog(producer, endpoint, token)
    put_rate = acked / elapsed
    delivered_rate = (acked - (after - before)) / elapsed
    ok = put_rate >= 0.95 * rate and after - before <= max(BATCH * SHARDS, 0.1 * acked)
    return {"rate": round(rate), "start": start, "end": start + elapsed,
            "put_per_s": round(put_rate), "delivered_per_s": round(delivered_rate),
            "backlog_start": int(before), "backlog_end": int(after), "sustained": ok}


def drain(producer, endpoint, token, limit_s, below=0):
    """Waits until the mapping has delivered all but `below` of what was acknowledged."""
    deadline = time.monotonic() + limit_s
    while backlog(producer, endpoint, token) > below and time.monotonic() < deadline:
        time.sleep(0.1)
    return backlog(producer, endpoint, token) <= below


def search(a, producer, endpoint, token, baseline):
    """The steps, from --first times the baseline up by --step until a rate fails twice; when
    that is already the first one, down by --step until one is sustained."""
    steps, best, fraction, down = [], 0, a.first, False
    while a.step / 2 < fraction <= a.last + 1e-9:
        s = step(producer, endpoint, token, baseline * fraction, a.step_seconds)
        s["fraction"] = round(fraction, 2)
        steps.append(s)
        print("P7 step %.1fx: %d/s due, %d put, %d delivered, backlog %d -> %d, %s" % (
            fraction, s["rate"], s["put_per_s"], s["delivered_per_s"], s["backlog_start"],
            s["backlog_end"], "sustained" if s["sustained"] else "not sustained"),
            file=sys.stderr)
        if s["sustained"]:
            best = max(best, s["put_per_s"])
            if down:
                break
            fraction += a.step
            continue
        drain(producer, endpoint, token, 20, BATCH * SHARDS)
        if down or (len(steps) > 1 and steps[-2]["fraction"] == s["fraction"]):
            if best:
                break  # the second failure above a sustained rate
            down, fraction = True, fraction - a.step
    return steps, best


def read_tally(path, size):
    """The function's lines: (received, oldest arrival, count) per batch, in seconds, and how
    many times each id arrived (a bytearray of `size`, saturating at 255)."""
    batches, seen, foreign = [], bytearray(size), 0
    with open(path, "rb") as f:
        for line in f:
            received_us, oldest_ms, _, _, count, tags = line.split(b" ", 5)
            ids = [i for magic, i in TAG.iter_unpack(base64.b64decode(tags.strip()))
                   if magic == MAGIC and i < size]
            foreign += int(count) - len(ids)
            for i in ids:
                if seen[i] < 255:
                    seen[i] += 1
            batches.append((int(received_us) / 1e6, int(oldest_ms) / 1e3, len(ids)))
    return batches, seen, foreign


def verify(producer, seen):
    """Acknowledged records of `p7` that never arrived, and arrivals beyond the first."""
    lost = 0
    for stream, _, first, _ in producer.requests:
        if stream == "p7":  # put() returns only when every record of the request is acked
            lost += seen[first:first + BATCH].count(0)
    delivered = sum(seen)
    return lost, delivered - (len(seen) - seen.count(0))


def series(producer, batches, steps):
    """Per BIN_S from the first step: records/s due, acknowledged and delivered, and the
    put-to-function latency (ms) of the oldest record of the bin's batches."""
    t0, t1 = steps[0]["start"], max([steps[-1]["end"]] + [b[0] for b in batches])
    n = int((t1 - t0) / BIN_S) + 1
    put, delivered, latency = [0] * n, [0] * n, [0.0] * n
    for stream, done, _, acked in producer.requests:
        if stream == "p7" and t0 <= done <= t1:
            put[int((done - t0) / BIN_S)] += acked
    for received, oldest, count in batches:
        if received >= t0:
            i = int((received - t0) / BIN_S)
            delivered[i] += count
            latency[i] = max(latency[i], (received - oldest) * 1000.0)
    due = [next((s["rate"] for s in steps if s["start"] - t0 <= i * BIN_S < s["end"] - t0), 0)
           for i in range(n)]
    return {"bin_s": BIN_S, "due": due, "put": [round(x / BIN_S) for x in put],
            "delivered": [round(x / BIN_S) for x in delivered],
            "latency_ms": [round(x, 1) for x in latency],
            "steps": [{"t": round(s["start"] - t0, 2), "fraction": s["fraction"],
                       "sustained": s["sustained"]} for s in steps]}


def wait_active(kinesis, names):
    for name in names:
        while (kinesis.describe_stream_summary(StreamName=name)["StreamDescriptionSummary"]
               ["StreamStatus"] != "ACTIVE"):
            time.sleep(0.01)


def ingest(a, producer, cpu):
    """The baseline: records/s into `p7-ingest` in a closed loop, and the CPU split."""
    cpu.start()
    seconds, acked = producer.run("p7-ingest", a.baseline_seconds)
    split = cpu.stop()
    print("P7 ingest baseline: %.0f records/s (%d in %.1f s), CPU %s" % (
        acked / seconds, acked, seconds, split), file=sys.stderr)
    return acked / seconds, split


def run(a, proc, tmp, endpoint, tally):
    creds = root_credentials(tmp)
    with open(os.path.join(tmp, "metrics-token")) as f:
        token = f.read().strip()
    iam, lam = client(endpoint, "iam", creds), client(endpoint, "lambda", creds)
    kinesis = client(endpoint, "kinesis", creds)
    create_consumer(iam, lam, "p7", a.function, {"TALLY_FILE": tally})
    for name in ("p7-ingest", "p7"):
        kinesis.create_stream(StreamName=name, ShardCount=SHARDS)
    wait_active(kinesis, ("p7-ingest", "p7"))
    arn = kinesis.describe_stream_summary(StreamName="p7")["StreamDescriptionSummary"][
        "StreamARN"]
    create_mapping(lam, arn, "p7", StartingPosition="TRIM_HORIZON", BatchSize=BATCH,
                   MaximumBatchingWindowInSeconds=0)
    producer = Producer(endpoint, creds, a.connections)
    cpu = CpuSplit(proc.pid)

    producer.run("p7-ingest", 1.0)  # warm-up: connections, caches
    first, first_cpu = ingest(a, producer, cpu)
    producer.run("p7", 1.0, first * a.first)  # warm-up: the function's environments start
    if not drain(producer, endpoint, token, 30):
        sys.exit("P7: the mapping did not deliver the warm-up's records within 30 s")
    perf = subprocess.Popen(
        ["perf", "record", "-q", "-F", "299", "--call-graph=dwarf,16384", "-p", str(proc.pid),
         "-o", a.perf], stderr=subprocess.DEVNULL) if a.perf else None
    cpu.start()
    steps, best = search(a, producer, endpoint, token, first)
    steps_cpu = cpu.stop()
    if perf:
        perf.send_signal(signal.SIGINT)
        perf.wait()
    second, second_cpu = ingest(a, producer, cpu)
    baseline = max(first, second)
    drained = drain(producer, endpoint, token, 120)
    batches, seen, foreign = read_tally(tally, producer.next_id)
    lost, duplicates = verify(producer, seen)
    acked_p7 = producer.acked.get("p7", 0)
    out = {"baseline_per_s": round(baseline), "sustained_per_s": best,
           "baselines_per_s": [round(first), round(second)],
           "ratio": round(best / baseline, 3), "connections": a.connections,
           "baseline_seconds": a.baseline_seconds, "step_seconds": a.step_seconds,
           "steps": [{k: v for k, v in s.items() if k not in ("start", "end")} for s in steps],
           "acked": acked_p7, "delivered": sum(b[2] for b in batches),
           "lost": lost, "duplicates": duplicates, "foreign": foreign, "drained": drained,
           "errors": len(producer.errors), "batches": len(batches),
           "cpu_baseline": [first_cpu, second_cpu], "cpu_steps": steps_cpu}
    return out, series(producer, batches, steps)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="3 s baselines, 2 s steps")
    ap.add_argument("--connections", type=int, default=16)
    ap.add_argument("--baseline-seconds", type=float, default=6.0)
    ap.add_argument("--step-seconds", type=float, default=4.0)
    ap.add_argument("--first", type=float, default=0.3, help="first step, times the baseline")
    ap.add_argument("--step", type=float, default=0.1, help="increment, times the baseline")
    ap.add_argument("--last", type=float, default=1.2, help="last step, times the baseline")
    ap.add_argument("--binary", default=os.path.join(ROOT, "build", "freshet"))
    ap.add_argument("--function", default=os.path.join(ROOT, "build", "runtimes",
                                                       "kinesis-tally-bootstrap"))
    ap.add_argument("--samples", help="append the run's per-half-second series to this file")
    ap.add_argument("--perf", help="record the server with `perf record` (call graphs) during "
                    "the steps into this file, for `perf report -i FILE`")
    a = ap.parse_args()
    if a.quick:
        a.baseline_seconds, a.step_seconds = 3.0, 2.0
    started = time.monotonic()
    tmp, tally_dir = tempfile.mkdtemp(prefix="freshet-p7-"), writable_dir()
    proc, endpoint = start_server(a.binary, tmp)
    try:
        out, plot = run(a, proc, tmp, endpoint, os.path.join(tally_dir, "tally"))
    finally:
        stop(proc)
        os.system("rm -rf '%s' '%s'" % (tmp, tally_dir))
    out["seconds"] = round(time.monotonic() - started, 1)
    if a.samples:
        with open(a.samples, "a") as f:
            f.write(json.dumps({"series": dict(plot, baseline_per_s=out["baseline_per_s"],
                                               sustained_per_s=out["sustained_per_s"])}) + "\n")
    print(json.dumps({"p7": out}))
    sys.exit(0 if out["lost"] == 0 and out["errors"] == 0 and out["drained"] else 1)


if __name__ == "__main__":
    main()
