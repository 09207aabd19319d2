"""Requests at and past the limits (body, headers, S3's object size) and pipelined requests
on one connection, answered in order."""
import base64
import json

from harness import Harness
from net_helpers import Reader, connect, kinesis_request, signed_request
from test_disconnects import presigned

MAX_BODY = 72 * 1024 * 1024  # what the server reads whole: CreateFunction's base64 zip
MAX_HEADER = 16 * 1024


def test_bodies_and_headers_at_and_past_the_limits():
    h = Harness()
    try:
        # At the body limit: answered by the service (a JSON document padded with spaces).
        s = connect(h.port, timeout=60)
        s.sendall(kinesis_request(h.server, h.keys, "ListStreams", {}, pad=MAX_BODY - 2))
        status, _, body = Reader(s).response()
        assert status == 200 and json.loads(body)["StreamNames"] == ["calm"]
        s.close()
        # One byte past it: 413 on the declared length, before the body is sent; then closed.
        s = connect(h.port)
        request = kinesis_request(h.server, h.keys, "ListStreams", {}, pad=MAX_BODY - 1)
        s.sendall(request[:request.index(b"\r\n\r\n") + 4])
        reader = Reader(s)
        status, headers, body = reader.response()
        assert (status, body) == (413, b"Request must be smaller than %d bytes." % MAX_BODY)
        assert headers["connection"] == "close"
        assert s.recv(1) == b""
        s.close()
        # Headers just under the limit are read; past it, 431 and closed.
        for pad, want in ((MAX_HEADER - 1024, 200), (MAX_HEADER + 1, 431)):
            s = connect(h.port)
            s.sendall(signed_request(h.server, h.keys, "kinesis", "POST", "/", {
                "Content-Type": "application/x-amz-json-1.1",
                "X-Amz-Target": "Kinesis_20131202.ListStreams", "X-Pad": "p" * pad}, b"{}"))
            assert Reader(s).response()[0] == want
            s.close()
        # S3 takes objects up to 5 GiB: one byte more is refused on the declared length, in
        # S3's words, before the body is sent.
        s3 = h.client("s3")
        s3.create_bucket(Bucket="limits")
        s = connect(h.port)
        s.sendall(presigned(h, s3, "PUT", "huge", length=5 * 1024 ** 3 + 1, bucket="limits"))
        status, _, body = Reader(s).response()
        assert status == 400 and b"<Code>EntityTooLarge</Code>" in body, body
        assert b"<MaxSizeAllowed>5368709120</MaxSizeAllowed>" in body
        s.close()
        assert "Contents" not in s3.list_objects_v2(Bucket="limits")
        h.well_behaved()
        h.check_stream()
    finally:
        h.stop()


def test_pipelined_requests_are_answered_in_order():
    h = Harness()
    try:
        s3 = h.client("s3")
        s3.create_bucket(Bucket="pipe")
        s3.put_object(Bucket="pipe", Key="a", Body=b"A" * 300_000)
        s3.put_object(Bucket="pipe", Key="b", Body=b"B" * 5)

        def put(n):
            data = base64.b64encode(b"calm-%d" % n).decode()
            return kinesis_request(h.server, h.keys, "PutRecord",
                                   {"StreamName": "calm", "Data": data, "PartitionKey": "p"})

        requests = [put(1), presigned(h, s3, "GET", "a", bucket="pipe"), put(2),
                    kinesis_request(h.server, h.keys, "DescribeStreamSummary",
                                    {"StreamName": "missing"}),
                    presigned(h, s3, "GET", "b", bucket="pipe"), put(3),
                    kinesis_request(h.server, h.keys, "ListStreams", {})]
        h.puts = 3
        s = connect(h.port)
        s.sendall(b"".join(requests))  # all at once, before any answer is read
        reader = Reader(s)
        answers = [reader.response() for _ in requests]
        assert [a[0] for a in answers] == [200, 200, 200, 400, 200, 200, 200]
        seqs = [int(json.loads(answers[i][2])["SequenceNumber"]) for i in (0, 2, 5)]
        assert seqs == sorted(seqs) and len(set(seqs)) == 3
        assert answers[1][2] == b"A" * 300_000 and answers[4][2] == b"B" * 5
        assert json.loads(answers[3][2])["__type"] == "ResourceNotFoundException"
        assert json.loads(answers[6][2])["StreamNames"] == ["calm"]
        s.close()
        h.check_stream()
    finally:
        h.stop()
