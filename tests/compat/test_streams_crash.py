"""Durability: clients put records concurrently, the server is killed with SIGKILL mid-load and
restarted on the same data directory; every acknowledged record is read back exactly once, in
order per shard, with the sequence number it was acknowledged with, and new puts continue with
higher sequence numbers."""
import threading

import boto3
from botocore.config import Config

from freshet_server import FreshetServer, wait_for
from streams_helpers import read_shard

THREADS = 8


def client_for(server):
    key, secret = server.root_credentials()
    return boto3.session.Session().client(
        "kinesis", endpoint_url=server.endpoint, region_name="us-east-1",
        aws_access_key_id=key, aws_secret_access_key=secret,
        config=Config(retries={"max_attempts": 1}, connect_timeout=2, read_timeout=5))


def producer(server, thread, acked, stop):
    kinesis = client_for(server)
    n = 0
    while not stop.is_set():
        data = b"t%d-%d" % (thread, n)
        try:
            out = kinesis.put_record(StreamName="crash", Data=data, PartitionKey="p%d" % thread)
        except Exception:  # the server died under us: this put is not acknowledged
            return
        acked.append((data, out["ShardId"], out["SequenceNumber"]))
        n += 1


def test_acknowledged_records_survive_sigkill():
    server = FreshetServer().start()
    try:
        client_for(server).create_stream(StreamName="crash", ShardCount=3)
        acked, stop = [], threading.Event()
        threads = [threading.Thread(target=producer, args=(server, t, acked, stop))
                   for t in range(THREADS)]
        for t in threads:
            t.start()
        wait_for(lambda: len(acked) >= 400, timeout=60)
        server.kill()
        stop.set()
        for t in threads:
            t.join(30)
        server = _restart(server)
        kinesis = client_for(server)
        shards = [s["ShardId"] for s in
                  kinesis.describe_stream(StreamName="crash")["StreamDescription"]["Shards"]]
        found = {}
        for shard in shards:
            records, _ = read_shard(kinesis, "crash", shard)
            seqs = [int(r["SequenceNumber"]) for r in records]
            assert seqs == sorted(seqs) and len(set(seqs)) == len(seqs)
            for r in records:
                assert r["Data"] not in found, "duplicate record %r" % r["Data"]
                found[r["Data"]] = (shard, r["SequenceNumber"])
            # Each producer's records are in the order it put them.
            by_thread = {}
            for r in records:
                t, n = r["Data"].decode()[1:].split("-")
                by_thread.setdefault(t, []).append(int(n))
            for ns in by_thread.values():
                assert ns == sorted(ns)
        for data, shard, seq in acked:
            assert found.get(data) == (shard, seq), "acknowledged record %r lost" % data
        after = kinesis.put_record(StreamName="crash", Data=b"after", PartitionKey="p0")
        last = max(int(s) for d, sh, s in acked if sh == after["ShardId"])
        assert int(after["SequenceNumber"]) > last
    finally:
        code = server.stop()
        server.cleanup()
    assert code == 0


def _restart(killed):
    server = FreshetServer(data_dir=killed.data_dir)
    server._tmp, killed._tmp = killed._tmp, None  # the new server owns the directory now
    return server.start()
