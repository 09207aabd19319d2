"""Helpers for the S3 tests: aws-chunked signing as the Java and Go SDKs do it, the server's
metrics and its process's peak memory."""
import datetime
import hashlib
import hmac
import re
import urllib.parse
import urllib.request


def _sign(key, msg):
    return hmac.new(key, msg.encode(), hashlib.sha256).digest()


class ChunkedPut:
    """A PUT with STREAMING-AWS4-HMAC-SHA256-PAYLOAD: `headers` carry the seed signature and
    `frame(piece)` frames and signs the next chunk (b"" for the final one)."""

    def __init__(self, endpoint, keys, bucket, key, decoded_length):
        host = urllib.parse.urlparse(endpoint).netloc
        now = datetime.datetime.utcnow()
        self.amz_date, date = now.strftime("%Y%m%dT%H%M%SZ"), now.strftime("%Y%m%d")
        self.scope = "%s/us-east-1/s3/aws4_request" % date
        self.path = "/%s/%s" % (bucket, urllib.parse.quote(key))
        headers = {"host": host, "x-amz-content-sha256": "STREAMING-AWS4-HMAC-SHA256-PAYLOAD",
                   "x-amz-date": self.amz_date,
                   "x-amz-decoded-content-length": str(decoded_length),
                   "content-encoding": "aws-chunked"}
        names = sorted(headers)
        canonical = "\n".join(["PUT", self.path, ""] +
                              ["%s:%s" % (n, headers[n]) for n in names] +
                              ["", ";".join(names), headers["x-amz-content-sha256"]])
        sts = "\n".join(["AWS4-HMAC-SHA256", self.amz_date, self.scope,
                         hashlib.sha256(canonical.encode()).hexdigest()])
        k = _sign(("AWS4" + keys[1]).encode(), date)
        for part in ("us-east-1", "s3", "aws4_request"):
            k = _sign(k, part)
        self.key = k
        self.previous = hmac.new(k, sts.encode(), hashlib.sha256).hexdigest()
        headers["Authorization"] = ("AWS4-HMAC-SHA256 Credential=%s/%s, SignedHeaders=%s, "
                                    "Signature=%s" % (keys[0], self.scope, ";".join(names),
                                                      self.previous))
        self.headers = headers

    def frame(self, piece, tamper=False):
        chunk_sts = "\n".join(["AWS4-HMAC-SHA256-PAYLOAD", self.amz_date, self.scope,
                               self.previous, hashlib.sha256(b"").hexdigest(),
                               hashlib.sha256(piece).hexdigest()])
        self.previous = hmac.new(self.key, chunk_sts.encode(), hashlib.sha256).hexdigest()
        sent = b"X" + piece[1:] if tamper else piece
        return b"%x;chunk-signature=%s\r\n%s\r\n" % (len(piece), self.previous.encode(), sent)

    @staticmethod
    def wire_length(decoded_length, chunk):
        """The Content-Length of `decoded_length` bytes framed in chunks of `chunk` bytes."""
        full, rest = divmod(decoded_length, chunk)
        sizes = [chunk] * full + ([rest] if rest else []) + [0]
        return sum(len(b"%x" % n) + len(";chunk-signature=") + 64 + 4 + n for n in sizes)


def metrics(server):
    """The server's GET /metrics samples without labels, by name."""
    with open(server.data_dir + "/metrics-token") as f:
        token = f.read().strip()
    req = urllib.request.Request(server.endpoint + "/metrics",
                                 headers={"Authorization": "Bearer " + token})
    with urllib.request.urlopen(req, timeout=10) as r:
        text = r.read().decode()
    out = {}
    for line in text.splitlines():
        m = re.match(r"^([a-z_]+) ([0-9.e+-]+)$", line)
        if m:
            out[m.group(1)] = float(m.group(2))
    return out


def peak_rss_bytes(pid):
    """VmHWM of a process: the peak of its resident memory since it started."""
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    raise AssertionError("no VmHWM for process %d" % pid)
