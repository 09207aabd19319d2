"""Clients that go away mid-request or mid-response: a large GetRecords or GetObject read in
part, uploads cut short, answers never read, connections reset. The server keeps serving,
stores nothing half-written, and every descriptor comes back."""
import os
import socket
import struct
from urllib.parse import urlsplit

from harness import Harness
from net_helpers import connect, kinesis_request, wait_for

ROUNDS = 20
OBJECT = os.urandom(8 * 1024 * 1024)
RECORDS = [os.urandom(1_000_000) for _ in range(4)]


def presigned(h, s3, method, key, extra=b"", length=None, bucket="big"):
    """A presigned GetObject or PutObject, as raw bytes (`extra`: the start of the body)."""
    url = s3.generate_presigned_url(
        "get_object" if method == "GET" else "put_object",
        Params={"Bucket": bucket, "Key": key}, ExpiresIn=600)
    parts = urlsplit(url)
    head = "%s %s?%s HTTP/1.1\r\nHost: %s\r\n" % (method, parts.path, parts.query, parts.netloc)
    if length is not None:
        head += "Content-Length: %d\r\n" % length
    return head.encode() + b"\r\n" + extra


def hang_up(sock, reset):
    if reset:  # an RST instead of a FIN
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    sock.close()


def read_some(sock, n):
    got = 0
    while got < n:
        chunk = sock.recv(65536)
        assert chunk, "closed by the server after %d bytes" % got
        got += len(chunk)


def test_clients_that_go_away_mid_request_or_mid_response():
    h = Harness(["--read-timeout", "10"])
    try:
        k, s3 = h.kinesis, h.client("s3")
        k.create_stream(StreamName="big", ShardCount=1)
        wait_for(lambda: k.describe_stream_summary(StreamName="big")
                 ["StreamDescriptionSummary"]["StreamStatus"] == "ACTIVE")
        k.put_records(StreamName="big", Records=[{"Data": r, "PartitionKey": "p"}
                                                 for r in RECORDS])
        s3.create_bucket(Bucket="big")
        s3.put_object(Bucket="big", Key="obj", Body=OBJECT)
        iterator = k.get_shard_iterator(StreamName="big", ShardId="shardId-000000000000",
                                        ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
        get_records = kinesis_request(h.server, h.keys, "GetRecords", {"ShardIterator": iterator})
        # Warm-up: the whole answers, through the raw requests and boto3.
        assert [r["Data"] for r in k.get_records(ShardIterator=iterator)["Records"]] == RECORDS
        assert s3.get_object(Bucket="big", Key="obj")["Body"].read() == OBJECT
        h.well_behaved()
        base_fds, base_rss = h.settled_fds(), h.rss_kb()
        put = kinesis_request(h.server, h.keys, "PutRecord",
                              {"StreamName": "calm", "Data": "QQ==" * 50_000, "PartitionKey": "p"})
        for i in range(ROUNDS):
            reset = i % 2 == 1
            s = connect(h.port)  # a 5.3 MB GetRecords answer, 64 KB of it read
            s.sendall(get_records)
            read_some(s, 65536)
            hang_up(s, reset)
            s = connect(h.port)  # an 8 MB object, 64 KB of it read
            s.sendall(presigned(h, s3, "GET", "obj"))
            read_some(s, 65536)
            hang_up(s, reset)
            s = connect(h.port)  # the answer never read at all
            s.sendall(presigned(h, s3, "GET", "obj"))
            hang_up(s, reset)
            s = connect(h.port)  # 1,000 bytes of a 200 KB PutRecord body
            s.sendall(put[:len(put) - 200_000 + 1000])
            hang_up(s, reset)
            s = connect(h.port)  # 1 MB of an 8 MB upload
            s.sendall(presigned(h, s3, "PUT", "partial-%d" % i, OBJECT[:1 << 20], len(OBJECT)))
            hang_up(s, reset)
            h.well_behaved()
        wait_for(lambda: h.fds() == base_fds, timeout=30)
        print("\nserver RSS %d kB before, %d kB after %d rounds; %d fds before and after" %
              (base_rss, h.rss_kb(), ROUNDS, base_fds))
        # Nothing half-written is visible; what was whole still is.
        assert [o["Key"] for o in s3.list_objects_v2(Bucket="big")["Contents"]] == ["obj"]
        assert s3.get_object(Bucket="big", Key="obj")["Body"].read() == OBJECT
        assert [r["Data"] for r in k.get_records(ShardIterator=iterator)["Records"]] == RECORDS
        h.check_stream()
    finally:
        h.stop()
