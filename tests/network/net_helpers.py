"""Raw sockets against a real `freshet serve`: signed requests sent byte for byte, answers
read back in order, and the server process's descriptors and memory from /proc."""
import errno
import json
import os
import resource
import socket
import sys

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(__file__)), "compat"))
from freshet_server import FreshetServer, wait_for  # noqa: E402,F401

REGION = "us-east-1"
KINESIS = "Kinesis_20131202."


def fd_count(pid):
    return len(os.listdir("/proc/%d/fd" % pid))


def rss_kb(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise AssertionError("no VmRSS for %d" % pid)


def raise_fd_limit(wanted):
    """Raises this process's descriptor limit to `wanted` (children inherit it); returns
    False if the hard limit is lower."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard != resource.RLIM_INFINITY and hard < wanted:
        return False
    if soft == resource.RLIM_INFINITY or soft >= wanted:
        return True
    resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
    return True


def signed_request(server, keys, service, method, path, headers, body=b""):
    """The bytes of one SigV4-signed HTTP/1.1 request, as botocore signs it."""
    host = "127.0.0.1:%d" % server.port
    req = AWSRequest(method=method, url="http://%s%s" % (host, path), data=body,
                     headers=dict(headers, Host=host))
    SigV4Auth(Credentials(*keys), service, REGION).add_auth(req)
    head = "%s %s HTTP/1.1\r\n" % (method, path)
    for name, value in req.headers.items():
        head += "%s: %s\r\n" % (name, value)
    head += "Content-Length: %d\r\n\r\n" % len(body)
    return head.encode() + body


def kinesis_request(server, keys, operation, payload, pad=0):
    """A signed Kinesis call; `pad` spaces after the JSON make the body that much larger."""
    body = json.dumps(payload).encode() + b" " * pad
    return signed_request(server, keys, "kinesis", "POST", "/",
                          {"Content-Type": "application/x-amz-json-1.1",
                           "X-Amz-Target": KINESIS + operation}, body)


class Reader:
    """Reads HTTP/1.1 answers off one socket in order (pipelining keeps the rest buffered)."""

    def __init__(self, sock):
        self.sock = sock
        self.buf = b""

    def _more(self):
        chunk = self.sock.recv(65536)
        if not chunk:
            raise EOFError("connection closed by the server")
        self.buf += chunk

    def response(self):
        while b"\r\n\r\n" not in self.buf:
            self._more()
        head, self.buf = self.buf.split(b"\r\n\r\n", 1)
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split()[1])
        headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        if status == 100:
            return self.response()
        length = int(headers.get("content-length", "0"))
        while len(self.buf) < length:
            self._more()
        body, self.buf = self.buf[:length], self.buf[length:]
        return status, headers, body


def connect(port, timeout=10):
    s = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    return s


def closed_by_peer(sock):
    """True if the server has closed `sock` (EOF or reset), without blocking."""
    try:
        data = sock.recv(65536, socket.MSG_DONTWAIT)
    except BlockingIOError:
        return False
    except (ConnectionResetError, BrokenPipeError):
        return True
    return data == b""


def open_idle(port, n):
    """Opens `n` TCP connections that send nothing (non-blocking connects, so it is quick)."""
    socks = []
    for _ in range(n):
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.setblocking(False)
        socks.append(s)
        code = s.connect_ex(("127.0.0.1", port))
        if code not in (0, errno.EINPROGRESS):
            close_all(socks)
            raise AssertionError("connect: %s" % os.strerror(code))
    return socks


def failed_connects(socks):
    """How many of the non-blocking connects in `socks` failed (SO_ERROR set)."""
    return sum(1 for s in socks if s.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR))


def close_all(socks):
    for s in socks:
        s.close()
    socks.clear()
