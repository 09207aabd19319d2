"""A `freshet serve` for one network test, with a well-behaved boto3 client beside it."""
import resource
import subprocess
import time

import boto3
from botocore.config import Config

from net_helpers import REGION, FreshetServer, fd_count, rss_kb, wait_for


class Harness:
    """Starts the server (with `args`, and a descriptor limit of `nofile` if given) and a
    Kinesis stream `calm` that the well-behaved client writes to."""

    def __init__(self, args=(), nofile=None):
        self.server = FreshetServer(extra_args=list(args))
        if nofile:
            popen = subprocess.Popen

            def limited(*a, **kw):
                kw["preexec_fn"] = lambda: resource.setrlimit(resource.RLIMIT_NOFILE,
                                                              (nofile, nofile))
                return popen(*a, **kw)

            subprocess.Popen = limited
            try:
                self.server.start()
            finally:
                subprocess.Popen = popen
        else:
            self.server.start()
        self.pid = self.server.proc.pid
        self.port = self.server.port
        self.keys = self.server.root_credentials()
        self.kinesis = self.client("kinesis")
        self.kinesis.create_stream(StreamName="calm", ShardCount=1)
        wait_for(lambda: self.kinesis.describe_stream_summary(StreamName="calm")
                 ["StreamDescriptionSummary"]["StreamStatus"] == "ACTIVE")
        self.puts = 0

    def client(self, service):
        # The read timeout is a liveness bound: an answer that takes 10 s is a failure.
        return boto3.session.Session().client(
            service, endpoint_url=self.server.endpoint, region_name=REGION,
            aws_access_key_id=self.keys[0], aws_secret_access_key=self.keys[1],
            config=Config(retries={"max_attempts": 1}, connect_timeout=10, read_timeout=10,
                          signature_version="s3v4" if service == "s3" else None,
                          s3={"addressing_style": "path"}))

    def well_behaved(self):
        """A signed PutRecord and ListStreams that must answer correctly."""
        self.puts += 1
        data = b"calm-%d" % self.puts
        put = self.kinesis.put_record(StreamName="calm", Data=data, PartitionKey="p")
        assert put["ShardId"] == "shardId-000000000000"
        assert "calm" in self.kinesis.list_streams()["StreamNames"]
        return put["SequenceNumber"], data

    def check_stream(self):
        """Every record the well-behaved client put is in the stream, in order, once."""
        it = self.kinesis.get_shard_iterator(StreamName="calm", ShardId="shardId-000000000000",
                                             ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
        got = []
        while True:
            out = self.kinesis.get_records(ShardIterator=it, Limit=10000)
            got += [r["Data"] for r in out["Records"]]
            if not out["Records"]:
                break
            it = out["NextShardIterator"]
        assert got == [b"calm-%d" % i for i in range(1, self.puts + 1)]

    def fds(self):
        return fd_count(self.pid)

    def settled_fds(self):
        """The descriptor count once connections the client just closed are gone on the
        server's side too (it sees the close a moment later): the same twice, 0.3 s apart."""
        last = self.fds()
        for _ in range(50):
            time.sleep(0.3)
            now = self.fds()
            if now == last:
                return now
            last = now
        raise AssertionError("the server's descriptors do not settle")

    def rss_kb(self):
        return rss_kb(self.pid)

    def stop(self):
        code = self.server.stop()
        output = "".join(self.server.output)
        self.server.cleanup()
        assert code == 0, "freshet did not exit cleanly:\n" + output
