"""Large objects stream through the server: a 300 MB object goes up in one PUT and comes back
in one GET, with boto3 and with the AWS CLI, while the server's peak resident memory (VmHWM of
the process the test started) stays far below the object's size; this checks memory, not
speed. A streamed PUT cut short, or whose x-amz-content-sha256 does not match, leaves no
object and no data; one over S3's 5 GiB is refused before its body, while other bodies keep
the server's 72 MiB limit; a server killed during a large PUT starts again without the
upload's chunks, and with the objects it had acknowledged.

Each test starts its own server, so that the memory peak it reads is its own.
FRESHET_S3_LARGE_MB sets the size of the large object (default 300)."""
import hashlib
import os
import shutil
import signal
import socket
import subprocess
import threading
import urllib.parse
import uuid

import boto3
import pytest
from boto3.s3.transfer import TransferConfig
from botocore.auth import S3SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.config import Config
from botocore.credentials import Credentials
from botocore.exceptions import ClientError

from freshet_server import FreshetServer, wait_for
from objects_helpers import ChunkedPut, metrics, peak_rss_bytes

MB = 1024 * 1024
SIZE = int(os.environ.get("FRESHET_S3_LARGE_MB", "300")) * MB
# Well under the object's size: what the server holds at any time is a few chunks per request.
PEAK_RSS_BOUND = 200 * MB


@pytest.fixture()
def srv(tmp_path):
    s = FreshetServer(data_dir=str(tmp_path / "data")).start()
    yield s
    s.cleanup()


def client(server):
    keys = server.root_credentials()
    return boto3.session.Session().client(
        "s3", endpoint_url=server.endpoint, region_name="us-east-1",
        aws_access_key_id=keys[0], aws_secret_access_key=keys[1],
        config=Config(retries={"max_attempts": 1}))


@pytest.fixture(scope="module")
def big_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("large") / "big.bin"
    h, md5 = hashlib.sha256(), hashlib.md5()
    with open(path, "wb") as f:
        for _ in range(SIZE // MB):
            block = os.urandom(MB)
            h.update(block)
            md5.update(block)
            f.write(block)
    return path, h.hexdigest(), md5.hexdigest()


def sha256_file(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(MB), b""):
            h.update(block)
    return h.hexdigest()


def bucket_name():
    return "large-%s" % uuid.uuid4().hex[:12]


def report_peak(server, what):
    peak = peak_rss_bytes(server.proc.pid)
    print("\n%s: server peak RSS (VmHWM) %.1f MB for a %d MB object" % (what, peak / MB,
                                                                       SIZE // MB))
    assert peak < PEAK_RSS_BOUND, "peak RSS %.1f MB" % (peak / MB)


def test_boto3_one_put_and_one_get(srv, big_file, tmp_path):
    path, sha, md5 = big_file
    s3 = client(srv)
    name = bucket_name()
    s3.create_bucket(Bucket=name)
    # Above the object's size: one PutObject, one GetObject.
    single = TransferConfig(multipart_threshold=SIZE + MB)
    s3.upload_file(str(path), name, "big.bin", Config=single)
    head = s3.head_object(Bucket=name, Key="big.bin")
    assert head["ContentLength"] == SIZE
    assert head["ETag"] == '"%s"' % md5  # one PUT: the plain MD5, no "-<parts>"
    back = tmp_path / "back.bin"
    s3.download_file(name, "big.bin", str(back), Config=single)
    assert sha256_file(back) == sha
    # A range from the middle, across chunk boundaries.
    got = s3.get_object(Bucket=name, Key="big.bin", Range="bytes=%d-%d" % (MB - 5, 3 * MB + 4))
    with open(path, "rb") as f:
        f.seek(MB - 5)
        assert got["Body"].read() == f.read(2 * MB + 10)
    report_peak(srv, "boto3")


def test_aws_cli_single_part_copy_both_ways(srv, big_file, tmp_path):
    exe = shutil.which("aws", path="/usr/bin") or shutil.which("aws")
    if exe is None:
        pytest.skip("no AWS CLI on this machine")
    path, sha, md5 = big_file
    config = tmp_path / "config"
    config.write_text("[default]\ns3 =\n    multipart_threshold = %dMB\n" % (SIZE // MB + 1))
    keys = srv.root_credentials()
    env = dict(os.environ, AWS_ACCESS_KEY_ID=keys[0], AWS_SECRET_ACCESS_KEY=keys[1],
               AWS_DEFAULT_REGION="us-east-1", AWS_PAGER="", AWS_CONFIG_FILE=str(config))
    env.pop("AWS_PROFILE", None)

    def aws(*args):
        out = subprocess.run([exe, "--endpoint-url", srv.endpoint, *args], capture_output=True,
                             text=True, timeout=600, env=env)
        assert out.returncode == 0, out.stderr
        return out.stdout

    name = bucket_name()
    aws("s3", "mb", "s3://" + name)
    aws("s3", "cp", str(path), "s3://%s/big.bin" % name)
    head = client(srv).head_object(Bucket=name, Key="big.bin")
    assert head["ContentLength"] == SIZE and head["ETag"] == '"%s"' % md5
    back = tmp_path / "back.bin"
    aws("s3", "cp", "s3://%s/big.bin" % name, str(back))
    assert sha256_file(back) == sha
    report_peak(srv, "aws s3 cp")


def removed(server):
    m = metrics(server)
    return (m["freshet_objects_partial_uploads_removed_total"],
            m["freshet_objects_partial_chunks_removed_total"])


def test_truncated_chunked_put_leaves_nothing(srv):
    s3 = client(srv)
    name = bucket_name()
    s3.create_bucket(Bucket=name)
    # 20 MB announced in signed 64 KB chunks; 12 MB sent, then the connection drops.
    size, chunk = 20 * MB, 64 * 1024
    put = ChunkedPut(srv.endpoint, srv.root_credentials(), name, "cut", size)
    head = "PUT %s HTTP/1.1\r\n" % put.path
    head += "".join("%s: %s\r\n" % (k, v) for k, v in put.headers.items())
    head += "Content-Length: %d\r\n\r\n" % ChunkedPut.wire_length(size, chunk)
    data = os.urandom(chunk)
    with socket.create_connection(("127.0.0.1", srv.port), timeout=30) as c:
        c.sendall(head.encode())
        for _ in range(12 * MB // chunk):
            c.sendall(put.frame(data))
        # Storage has taken some of it before the client goes away.
        wait_for(lambda: metrics(srv)["freshet_objects_streamed_chunks_written_total"] >= 4)
    wait_for(lambda: removed(srv)[0] == 1, timeout=30)
    assert removed(srv)[1] >= 4
    assert metrics(srv)["freshet_objects_streamed_uploads"] == 0
    with pytest.raises(ClientError) as e:
        s3.head_object(Bucket=name, Key="cut")
    assert e.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404


def test_put_whose_payload_hash_does_not_match_leaves_nothing(srv):
    s3 = client(srv)
    name = bucket_name()
    s3.create_bucket(Bucket=name)
    body = os.urandom(20 * MB)

    def tamper(request, **kwargs):
        # Same length, other bytes: only the hash of the whole body can tell.
        request.body = body[:-1] + bytes([body[-1] ^ 1])
    s3.meta.events.register_first("before-send.s3.PutObject", tamper)
    with pytest.raises(ClientError) as e:
        s3.put_object(Bucket=name, Key="mismatch", Body=body)
    s3.meta.events.unregister("before-send.s3.PutObject", tamper)
    err = e.value.response["Error"]
    assert err["Code"] == "XAmzContentSHA256Mismatch", err
    assert err["ClientComputedContentSHA256"] == hashlib.sha256(body).hexdigest()
    # The body went to storage before its hash could be checked, and came out again.
    uploads, chunks = removed(srv)
    assert uploads == 1 and chunks >= 16, (uploads, chunks)
    with pytest.raises(ClientError) as e:
        s3.head_object(Bucket=name, Key="mismatch")
    assert e.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404


def test_put_over_5_gib_is_refused_before_its_body(srv):
    s3 = client(srv)
    name = bucket_name()
    s3.create_bucket(Bucket=name)
    req = AWSRequest(method="PUT", url="%s/%s/huge" % (srv.endpoint, name), headers={
        "Content-Length": str(5 * 1024 * MB + 1), "x-amz-content-sha256": "UNSIGNED-PAYLOAD",
        "Expect": "100-continue"})
    S3SigV4Auth(Credentials(*srv.root_credentials()), "s3", "us-east-1").add_auth(req)
    head = "PUT /%s/huge HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n" % (name, srv.port)
    head += "".join("%s: %s\r\n" % (k, v) for k, v in req.headers.items() if k != "Host")
    with socket.create_connection(("127.0.0.1", srv.port), timeout=30) as c:
        c.sendall(head.encode() + b"\r\n")
        reply = b""
        while b"</Error>" not in reply:
            got = c.recv(65536)
            if not got:
                break
            reply += got
    assert reply.startswith(b"HTTP/1.1 400"), reply  # no "100 Continue": no body was wanted
    assert b"<Code>EntityTooLarge</Code>" in reply
    assert b"<Message>Your proposed upload exceeds the maximum allowed size</Message>" in reply
    assert b"<ProposedSize>5368709121</ProposedSize>" in reply
    assert b"<MaxSizeAllowed>5368709120</MaxSizeAllowed>" in reply


def test_other_bodies_keep_the_72_mib_limit(srv):
    """Only S3 uploads stream: any other body over the server's limit is refused (413) from its
    Content-Length, and so is an S3 PUT signed without x-amz-content-sha256 (its signature
    covers the hash of the body, which is read whole)."""
    from botocore.auth import SigV4Auth
    too_big = str(72 * MB + 1)
    kinesis = AWSRequest(method="POST", url=srv.endpoint + "/", data=b"", headers={
        "X-Amz-Target": "Kinesis_20131202.PutRecord",
        "Content-Type": "application/x-amz-json-1.1"})
    SigV4Auth(Credentials(*srv.root_credentials()), "kinesis", "us-east-1").add_auth(kinesis)
    s3 = AWSRequest(method="PUT", url="%s/%s/k" % (srv.endpoint, bucket_name()), data=b"")
    SigV4Auth(Credentials(*srv.root_credentials()), "s3", "us-east-1").add_auth(s3)
    assert "x-amz-content-sha256" not in {k.lower() for k in s3.headers.keys()}
    for req, target in ((kinesis, "/"), (s3, urllib.parse.urlparse(s3.url).path)):
        head = "%s %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nContent-Length: %s\r\n" % (
            req.method, target, srv.port, too_big)
        head += "".join("%s: %s\r\n" % (k, v) for k, v in req.headers.items()
                        if k.lower() not in ("host", "content-length"))
        with socket.create_connection(("127.0.0.1", srv.port), timeout=30) as c:
            c.sendall(head.encode() + b"\r\n")
            reply = b""
            while b"bytes." not in reply:  # the server answers, then closes
                got = c.recv(65536)
                if not got:
                    break
                reply += got
        assert reply.startswith(b"HTTP/1.1 413"), (target, reply)
        assert b"Request must be smaller than 75497472 bytes." in reply


def test_kill_during_a_large_put_leaves_no_chunks(srv):
    s3 = client(srv)
    name = bucket_name()
    s3.create_bucket(Bucket=name)
    kept = os.urandom(30 * MB)  # acknowledged before the crash: must survive it
    s3.put_object(Bucket=name, Key="kept", Body=kept)
    before = metrics(srv)["freshet_objects_streamed_chunks_written_total"]
    # A 200 MB unsigned PUT whose client sends 120 MB and then stalls, connection open.
    req = AWSRequest(method="PUT", url="%s/%s/interrupted" % (srv.endpoint, name), headers={
        "Content-Length": str(200 * MB), "x-amz-content-sha256": "UNSIGNED-PAYLOAD"})
    S3SigV4Auth(Credentials(*srv.root_credentials()), "s3", "us-east-1").add_auth(req)
    head = "PUT /%s/interrupted HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n" % (name, srv.port)
    head += "".join("%s: %s\r\n" % (k, v) for k, v in req.headers.items() if k != "Host")
    sock = socket.create_connection(("127.0.0.1", srv.port), timeout=60)
    sent = threading.Event()

    def send():
        try:
            sock.sendall(head.encode() + b"\r\n")
            block = os.urandom(MB)
            for _ in range(120):
                sock.sendall(block)
        except OSError:
            pass  # the server was killed
        sent.set()
    threading.Thread(target=send, daemon=True).start()
    try:
        # Kill once storage holds part of the upload (written, not committed).
        def written():
            return metrics(srv)["freshet_objects_streamed_chunks_written_total"] - before
        wait_for(lambda: written() >= 32, timeout=60)
        at_least = written()
        srv.proc.send_signal(signal.SIGKILL)
        srv.proc.wait()
    finally:
        sock.close()
    srv.start()
    swept = [line for line in srv.output if "cut short by a crash" in line]
    assert len(swept) == 1 and "/interrupted" in swept[0], srv.output
    uploads, chunks = removed(srv)
    assert uploads == 1 and chunks >= at_least, (uploads, chunks, at_least)
    s3 = client(srv)
    with pytest.raises(ClientError) as e:
        s3.head_object(Bucket=name, Key="interrupted")
    assert e.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404
    assert s3.get_object(Bucket=name, Key="kept")["Body"].read() == kept
    # A second start finds nothing more to discard.
    srv.proc.send_signal(signal.SIGKILL)
    srv.proc.wait()
    srv.start()
    assert removed(srv) == (0, 0)
    assert not [line for line in srv.output if "cut short by a crash" in line]
