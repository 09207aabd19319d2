#!/usr/bin/env python3
"""Disk-full faults: a real server on a small tmpfs that fills up.

Mounts a size-limited tmpfs (root needed; exits 77, "skipped", when mounting is not allowed),
starts `freshet serve` with its data directory there, and writes Kinesis records, DynamoDB
items and S3 objects. Then fills the file system (a filler file, then the server's own 1 MB
records until one is refused) and checks:

- writes of every kind are refused with ServiceUnavailable/503 naming the cause ("No space
  left on device"), quickly, and the server stays up;
- reads (ListStreams, GetRecords, GetItem, GetObject) go on and return every acknowledged
  write, and no refused one;
- once the filler is removed, writes succeed again without a restart (the time is printed);
- everything acknowledged survives a clean restart, and a SIGKILL while the disk is full
  followed by a restart once space is back.

Prints the figures docs/reliability.md quotes. Run: sudo python3 tests/chaos/disk_full.py
(FRESHET_BIN names the binary; --size-mb the tmpfs size).
"""
import argparse
import errno
import hashlib
import os
import subprocess
import sys
import tempfile
import time

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "compat"))
from freshet_server import FreshetServer, wait_for  # noqa: E402

SKIP = 77
STREAM, TABLE, BUCKET = "disk-full", "disk-full", "disk-full"
RECORD_MB = 1000 * 1000  # Kinesis's largest record (data plus partition key: 1 MiB)


def log(*args):
    print(*args, flush=True)


def digest(data):
    return hashlib.sha256(data).hexdigest()


class Tmpfs:
    def __init__(self, size_mb):
        self.dir = tempfile.mkdtemp(prefix="freshet-disk-full-")
        r = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=%dm,mode=0700" % size_mb,
                            "tmpfs", self.dir], capture_output=True, text=True)
        self.mounted = r.returncode == 0
        self.error = r.stderr.strip()

    def free_bytes(self):
        st = os.statvfs(self.dir)
        return st.f_bavail * st.f_frsize

    def fill(self, name="filler"):
        """Writes a file until the file system is full; returns its size."""
        path = os.path.join(self.dir, name)
        written = 0
        with open(path, "wb", buffering=0) as f:
            for chunk in (1 << 20, 64 << 10, 4 << 10):
                block = b"\0" * chunk
                while True:
                    try:
                        n = f.write(block)
                    except OSError as e:
                        if e.errno != errno.ENOSPC:
                            raise
                        break
                    written += n
                    if n < chunk:
                        break
        return written

    def unfill(self, name="filler"):
        os.unlink(os.path.join(self.dir, name))

    def cleanup(self):
        if self.mounted:
            subprocess.run(["umount", self.dir], check=False)
        os.rmdir(self.dir)


class Ledger:
    """What was acknowledged (must be readable) and what was refused (must not appear)."""

    def __init__(self):
        self.records = {}  # sequence number -> digest
        self.refused_records = set()  # digests
        self.items = {}  # key -> value
        self.refused_items = set()
        self.objects = {}  # key -> digest
        self.refused_objects = set()


class Run:
    def __init__(self, server):
        self.server = server
        self.ledger = Ledger()
        self.connect()

    def connect(self):
        key, secret = self.server.root_credentials()
        cfg = Config(retries={"max_attempts": 1}, connect_timeout=5, read_timeout=30)

        def client(service):
            return boto3.session.Session().client(
                service, endpoint_url=self.server.endpoint, region_name="us-east-1",
                aws_access_key_id=key, aws_secret_access_key=secret, config=cfg)

        self.kinesis, self.ddb, self.s3 = client("kinesis"), client("dynamodb"), client("s3")

    def create(self):
        self.kinesis.create_stream(StreamName=STREAM, ShardCount=1)
        self.ddb.create_table(TableName=TABLE, BillingMode="PAY_PER_REQUEST",
                              AttributeDefinitions=[{"AttributeName": "k", "AttributeType": "S"}],
                              KeySchema=[{"AttributeName": "k", "KeyType": "HASH"}])
        self.s3.create_bucket(Bucket=BUCKET)
        wait_for(lambda: self.kinesis.describe_stream_summary(StreamName=STREAM)[
            "StreamDescriptionSummary"]["StreamStatus"] == "ACTIVE", timeout=10)
        wait_for(lambda: self.ddb.describe_table(TableName=TABLE)["Table"]["TableStatus"] ==
                 "ACTIVE", timeout=10)

    # Each write returns None when acknowledged, or the ClientError that refused it.
    def put_record(self, data):
        try:
            r = self.kinesis.put_record(StreamName=STREAM, Data=data, PartitionKey="p")
        except ClientError as e:
            self.ledger.refused_records.add(digest(data))
            return e
        self.ledger.records[r["SequenceNumber"]] = digest(data)
        return None

    def put_item(self, key, value):
        try:
            self.ddb.put_item(TableName=TABLE, Item={"k": {"S": key}, "v": {"S": value}})
        except ClientError as e:
            self.ledger.refused_items.add(key)
            return e
        self.ledger.items[key] = value
        return None

    def put_object(self, key, body):
        try:
            self.s3.put_object(Bucket=BUCKET, Key=key, Body=body)
        except ClientError as e:
            self.ledger.refused_objects.add(key)
            return e
        self.ledger.objects[key] = digest(body)
        return None

    def verify(self, when):
        """Every acknowledged write is readable, no refused one is; returns the counts."""
        names = self.kinesis.list_streams()["StreamNames"]
        assert STREAM in names, (when, names)
        shard = self.kinesis.list_shards(StreamName=STREAM)["Shards"][0]["ShardId"]
        it = self.kinesis.get_shard_iterator(StreamName=STREAM, ShardId=shard,
                                             ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
        seen = {}
        while it:
            r = self.kinesis.get_records(ShardIterator=it, Limit=20)
            for rec in r["Records"]:
                assert rec["SequenceNumber"] not in seen, (when, "duplicate", rec["SequenceNumber"])
                seen[rec["SequenceNumber"]] = digest(rec["Data"])
            if not r["Records"] and r.get("MillisBehindLatest", 0) == 0:
                break
            it = r.get("NextShardIterator")
        lost = {s for s, d in self.ledger.records.items() if seen.get(s) != d}
        assert not lost, (when, "acknowledged records lost", sorted(lost)[:5], len(lost))
        ghosts = set(seen.values()) & self.ledger.refused_records
        assert not ghosts, (when, "refused records appeared", len(ghosts))
        for key, value in self.ledger.items.items():
            got = self.ddb.get_item(TableName=TABLE, Key={"k": {"S": key}},
                                    ConsistentRead=True).get("Item")
            assert got == {"k": {"S": key}, "v": {"S": value}}, (when, key, got)
        for key in self.ledger.refused_items - set(self.ledger.items):
            got = self.ddb.get_item(TableName=TABLE, Key={"k": {"S": key}}).get("Item")
            assert got is None, (when, "refused item appeared", key)
        for key, d in self.ledger.objects.items():
            body = self.s3.get_object(Bucket=BUCKET, Key=key)["Body"].read()
            assert digest(body) == d, (when, key)
        listed = {o["Key"] for o in self.s3.list_objects_v2(Bucket=BUCKET).get("Contents", [])}
        ghosts = (self.ledger.refused_objects - set(self.ledger.objects)) & listed
        assert not ghosts, (when, "refused objects appeared", ghosts)
        return len(self.ledger.records), len(self.ledger.items), len(self.ledger.objects)


def assert_refused(error, what):
    assert error is not None, what + " was acknowledged on a full disk"
    code = error.response["Error"]["Code"]
    status = error.response["ResponseMetadata"]["HTTPStatusCode"]
    message = error.response["Error"].get("Message", "")
    assert (code, status) == ("ServiceUnavailable", 503), (what, code, status, message)
    assert "No space left on device" in message, (what, message)
    return message


def fill_up(run, fs, tag):
    """Fills the file system: a filler file, then 1 MB records until one is refused.
    Returns (records acknowledged after the filler, the refusal)."""
    filler = fs.fill()
    log("  filler: %.1f MB, free now %d KB" % (filler / 1e6, fs.free_bytes() // 1024))
    acknowledged = 0
    for i in range(200):
        err = run.put_record(os.urandom(RECORD_MB - 1) + tag)
        if err is not None:
            return acknowledged, err
        acknowledged += 1
    raise AssertionError("200 MB of records acknowledged on a full file system")


def write_batch(run, tag, records=20, items=20, objects=5):
    for i in range(records):
        assert run.put_record(os.urandom(10_000) + tag) is None
    for i in range(items):
        assert run.put_item("%s-%d" % (tag.decode(), i), "v" * 1000) is None
    for i in range(objects):
        assert run.put_object("%s/%d" % (tag.decode(), i), os.urandom(100_000)) is None


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size-mb", type=int, default=128)
    args = ap.parse_args()
    if os.geteuid() != 0:
        log("SKIPPED: mounting a tmpfs needs root")
        return SKIP
    fs = Tmpfs(args.size_mb)
    if not fs.mounted:
        log("SKIPPED: cannot mount a tmpfs here: %s" % fs.error)
        os.rmdir(fs.dir)
        return SKIP
    server = FreshetServer(data_dir=os.path.join(fs.dir, "data"))
    started = time.monotonic()
    try:
        server.start()
        run = Run(server)
        run.create()
        write_batch(run, b"before")
        log("before full: %d records, %d items, %d objects acknowledged" % run.verify("before"))

        log("filling the %d MB tmpfs" % args.size_mb)
        extra, refusal = fill_up(run, fs, b"full")
        message = assert_refused(refusal, "PutRecord")
        log("  %d more 1 MB records acknowledged, then refused: %s" % (extra, message))
        t = time.monotonic()
        refusals = {
            "PutRecord": run.put_record(b"small record while full"),  # unique data
            "PutItem": run.put_item("while-full", "v"),
            "PutObject": run.put_object("while-full", b"x" * 1000),
        }
        for what, err in refusals.items():
            assert_refused(err, what)
        log("  PutRecord, PutItem, PutObject refused with ServiceUnavailable/503 in %.2f s"
            % (time.monotonic() - t))
        assert server.proc.poll() is None, "the server died on a full disk"
        log("  reads while full: %d records, %d items, %d objects" % run.verify("while full"))

        fs.unfill()
        freed = time.monotonic()
        attempts = 0
        while True:
            attempts += 1
            err = run.put_record(b"after space returned, attempt %d" % attempts)
            if err is None:
                break
            assert_refused(err, "PutRecord")
            assert time.monotonic() - freed < 30, "writes did not resume within 30 s"
            time.sleep(0.05)
        recovery = time.monotonic() - freed
        log("space returned: writes resumed after %.2f s (%d attempts), no restart"
            % (recovery, attempts))
        write_batch(run, b"after")
        log("  after recovery: %d records, %d items, %d objects" % run.verify("after recovery"))

        code = server.stop()
        assert code == 0, "unclean exit %s:\n%s" % (code, "".join(server.output[-30:]))
        server.start()
        run.connect()
        log("clean restart: %d records, %d items, %d objects" % run.verify("after restart"))

        log("filling again, then SIGKILL while full")
        extra, refusal = fill_up(run, fs, b"kill")
        assert_refused(refusal, "PutRecord")
        assert_refused(run.put_item("before-kill", "v"), "PutItem")
        server.kill()
        fs.unfill()
        server.start()
        run.connect()
        write_batch(run, b"restarted", records=5, items=5, objects=2)
        log("  %d more records acknowledged before the kill; after the restart: "
            "%d records, %d items, %d objects" % ((extra,) + run.verify("after kill")))
        code = server.stop()
        assert code == 0, "unclean exit %s" % code
        log("PASS in %.1f s" % (time.monotonic() - started))
        return 0
    except BaseException:
        log("".join(server.output[-40:]))
        raise
    finally:
        server.kill()
        fs.cleanup()


if __name__ == "__main__":
    sys.exit(main())
