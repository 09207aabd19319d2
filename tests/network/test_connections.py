"""Many connections at once: 10,000 idle ones, the connection cap, the descriptor limit. The
well-behaved client keeps getting right answers throughout, memory stays bounded and every
descriptor comes back."""

import pytest

from harness import Harness
from net_helpers import (Reader, close_all, closed_by_peer, connect, failed_connects,
                         kinesis_request, open_idle, raise_fd_limit, wait_for)

IDLE = 10_000
# Memory an idle connection may cost the server, at most (it costs about 3 KB; before a fix
# it cost 23 KB, for buffers that only HTTP/2 and closing connections use).
MAX_KB_PER_IDLE_CONNECTION = 8


def fresh_list_streams(h):
    """ListStreams on a new connection, signed by hand; the connection is closed after."""
    s = connect(h.port)
    try:
        s.sendall(kinesis_request(h.server, h.keys, "ListStreams", {}))
        status, _, body = Reader(s).response()
        assert status == 200 and b'"calm"' in body, body
    finally:
        s.close()


def test_ten_thousand_idle_connections():
    if not raise_fd_limit(IDLE + 600):
        pytest.skip("the descriptor limit is below %d" % (IDLE + 600))
    h = Harness(["--read-timeout", "120", "--idle-timeout", "300"])
    idle = []
    try:
        h.well_behaved()
        fresh_list_streams(h)
        base_fds, base_rss = h.settled_fds(), h.rss_kb()
        idle = open_idle(h.port, IDLE)
        try:
            wait_for(lambda: h.fds() >= base_fds + IDLE, timeout=60)
        except AssertionError:
            raise AssertionError("the server holds %d descriptors, %d expected; %d connects "
                                 "failed" % (h.fds(), base_fds + IDLE, failed_connects(idle)))
        # Established, accepted, and none closed by the server.
        assert not any(closed_by_peer(s) for s in idle[:: IDLE // 100])
        for _ in range(5):
            h.well_behaved()
            fresh_list_streams(h)
        rss = h.rss_kb()
        print("\nserver RSS %d kB, %d fds; with %d idle connections %d kB (+%.1f kB each), "
              "%d fds" % (base_rss, base_fds, IDLE, rss, (rss - base_rss) / IDLE, h.fds()))
        assert rss - base_rss < IDLE * MAX_KB_PER_IDLE_CONNECTION
        close_all(idle)
        try:
            wait_for(lambda: h.fds() == base_fds, timeout=60)
        except AssertionError:
            raise AssertionError("%d descriptors left, %d before" % (h.fds(), base_fds))
        h.well_behaved()
        h.check_stream()
    finally:
        close_all(idle)
        h.stop()


def count_closed(socks):
    return sum(1 for s in socks if closed_by_peer(s))


def test_connections_past_the_cap_are_closed_at_once():
    h = Harness(["--max-connections", "40"])
    try:
        h.well_behaved()  # boto3's pooled connection: one of the 40
        base_fds = h.settled_fds()
        extra = open_idle(h.port, 60)
        # 39 fit; the other 21 are accepted and closed straight away, not left waiting.
        wait_for(lambda: count_closed(extra) == 21, timeout=20)
        assert h.fds() == base_fds + 39
        h.well_behaved()  # the connection it already had still works
        close_all(extra)
        wait_for(lambda: h.fds() == base_fds, timeout=20)
        fresh_list_streams(h)  # and new ones are welcome again
        h.check_stream()
    finally:
        h.stop()


def test_connections_stop_short_of_the_descriptor_limit():
    # A server allowed 512 descriptors keeps a quarter of them for storage and functions:
    # connections past 384 are closed as they arrive, instead of waiting in the listen backlog
    # while storage and functions run out of descriptors.
    h = Harness(nofile=512)
    try:
        h.well_behaved()
        s3 = h.client("s3")
        s3.create_bucket(Bucket="fds")  # two pooled connections now: Kinesis and S3
        base_fds = h.settled_fds()
        extra = open_idle(h.port, 600)
        wait_for(lambda: count_closed(extra) == 600 - 382, timeout=20)
        assert h.fds() == base_fds + 382
        assert "at most 384 connections" in "".join(h.server.output)
        # Descriptors are left for work that needs new ones: a stream, an object.
        h.kinesis.create_stream(StreamName="more", ShardCount=4)
        s3.put_object(Bucket="fds", Key="k", Body=b"v" * 100_000)
        h.well_behaved()
        close_all(extra)
        wait_for(lambda: h.fds() == base_fds, timeout=20)
        fresh_list_streams(h)
        assert s3.get_object(Bucket="fds", Key="k")["Body"].read() == b"v" * 100_000
        h.check_stream()
    finally:
        h.stop()


