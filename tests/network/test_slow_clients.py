"""Slow clients: requests trickled a byte at a time (slowloris, on HTTP/1.1 and HTTP/2),
connections that never send, keep-alive connections left idle. Each is closed at its timeout
while the well-behaved client keeps working; every descriptor comes back."""
import socket
import time

import h2_frames
from harness import Harness
from net_helpers import Reader, closed_by_peer, kinesis_request, wait_for

READ_TIMEOUT = 2
IDLE_TIMEOUT = 4
TICK = 0.1
# Liveness: a connection due to close at its timeout must be gone this much later at most.
SLACK = 4.0


class Slow:
    """One misbehaving connection: `data` is sent a byte every `every` ticks after `first`."""

    def __init__(self, port, kind, timeout, first=b"", data=b"", every=1):
        self.kind, self.timeout, self.data, self.every = kind, timeout, data, every
        self.t0 = time.monotonic()
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=10)
        if first:
            self.sock.sendall(first)
        self.sock.setblocking(False)
        self.pos = 0
        self.lived = None

    def tick(self, n):
        if self.lived is not None:
            return
        if self.pos < len(self.data) and n % self.every == 0:
            try:
                self.sock.send(self.data[self.pos:self.pos + 1])
                self.pos += 1
            except (BlockingIOError, InterruptedError):
                pass
            except OSError:
                self.lived = time.monotonic() - self.t0
                return
        if closed_by_peer(self.sock):
            self.lived = time.monotonic() - self.t0


def keep_alive_then_idle(h):
    """A connection that made one request and was answered: idle from now on."""
    s = Slow(h.port, "keep-alive idle", IDLE_TIMEOUT)
    s.sock.setblocking(True)
    s.sock.sendall(kinesis_request(h.server, h.keys, "ListStreams", {}))
    status, headers, _ = Reader(s.sock).response()
    assert status == 200 and headers.get("connection", "keep-alive") != "close"
    s.sock.setblocking(False)
    s.t0 = time.monotonic()
    return s


def h2_answered_then_idle(h):
    """An HTTP/2 connection whose one request was answered: idle from now on."""
    authority = "127.0.0.1:%d" % h.port
    s = Slow(h.port, "HTTP/2 idle after an answer", IDLE_TIMEOUT,
             first=h2_frames.PREFACE + h2_frames.frame(h2_frames.SETTINGS, 0, 0, b"") +
             h2_frames.get_request("/_freshet/health", authority))
    s.sock.settimeout(10)
    data, answered = b"", False
    while not answered:
        chunk = s.sock.recv(65536)
        assert chunk, "closed before answering"
        got, data = h2_frames.frames(data + chunk)
        answered = any(kind == h2_frames.HEADERS and stream == 1 for kind, _, stream, _ in got)
    s.sock.setblocking(False)
    s.t0 = time.monotonic()
    return s


def test_slow_and_idle_connections_are_closed_at_their_timeouts():
    h = Harness(["--read-timeout", str(READ_TIMEOUT), "--idle-timeout", str(IDLE_TIMEOUT)])
    try:
        h.well_behaved()
        base_fds = h.settled_fds()
        authority = "127.0.0.1:%d" % h.port
        put = kinesis_request(h.server, h.keys, "PutRecord",
                              {"StreamName": "calm", "Data": "c2xvdw==", "PartitionKey": "p"})
        slow = [Slow(h.port, "HTTP/1.1 headers a byte at a time", READ_TIMEOUT, data=put)
                for _ in range(50)]
        # The HTTP/2 preface at 2 bytes a second: before a fix every byte restarted the timeout.
        slow += [Slow(h.port, "HTTP/2 preface a byte at a time", READ_TIMEOUT,
                      data=h2_frames.PREFACE, every=5) for _ in range(10)]
        # A stream's headers trickled after a prompt preface: before a fix every byte
        # restarted the idle timeout, and the connection lived as long as the trickle.
        slow += [Slow(h.port, "HTTP/2 headers a byte at a time", READ_TIMEOUT,
                      first=h2_frames.start(authority), data=b"a" * 255) for _ in range(10)]
        slow += [Slow(h.port, "connected, nothing sent", READ_TIMEOUT) for _ in range(10)]
        slow += [keep_alive_then_idle(h) for _ in range(5)]
        # Before a fix the idle timeout was not restarted after an HTTP/2 answer.
        slow += [h2_answered_then_idle(h) for _ in range(3)]
        deadline = time.monotonic() + IDLE_TIMEOUT + SLACK + 5
        n = 0
        while any(s.lived is None for s in slow) and time.monotonic() < deadline:
            n += 1
            for s in slow:
                s.tick(n)
            if n % 5 == 0:
                h.well_behaved()  # answered promptly all along
            time.sleep(TICK)
        print()
        for kind in sorted({s.kind for s in slow}):
            lives = [s.lived for s in slow if s.kind == kind]
            done = [x for x in lives if x is not None]
            print("%-36s %d of %d closed, after %s" % (
                kind, len(done), len(lives),
                "%.1f-%.1f s" % (min(done), max(done)) if done else "-"))
        for s in slow:
            assert s.lived is not None, "%s: still open" % s.kind
            assert s.timeout - 0.5 <= s.lived <= s.timeout + SLACK, (s.kind, s.lived)
            s.sock.close()
        wait_for(lambda: h.fds() == base_fds, timeout=10)
        h.well_behaved()
        h.check_stream()
    finally:
        h.stop()
