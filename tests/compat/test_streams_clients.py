"""Kinesis round trips by other real clients: the AWS SDK for JavaScript v3 (its default
HTTP/2 transport and HTTP/1.1), the AWS CLI, and Freshet's own `freshet put` / `freshet tail`."""
import base64
import json
import os
import shutil
import subprocess

import pytest

from freshet_server import BINARY
from streams_helpers import stream_name

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


@pytest.mark.parametrize("transport", ["h1", "h2"])
def test_javascript_sdk_v3_round_trip(server, root_keys, transport):
    name = stream_name("js")
    out = subprocess.run(["node", "--no-warnings",
                          os.path.join(ROOT, "tests/compat/js/kinesis_roundtrip.mjs"),
                          server.endpoint, *root_keys, name, transport],
                         capture_output=True, text=True, timeout=60, cwd=ROOT)
    if transport == "h2" and out.returncode == 3:
        pytest.skip("this server build does not speak HTTP/2 cleartext")
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["shard"] == "shardId-000000000000"
    assert result["failed"] == 0 and result["status"] == "ACTIVE"
    assert [r[1:] for r in result["records"]] == [
        ["k", "hello from js"], ["k1", "r1"], ["k2", "r2"], ["k3", "r3"]]
    assert result["records"][0][0] == result["sequence"]
    assert result["arrival"] is True and result["next"] == "string"


def aws_cli(server, root_keys, *args):
    exe = shutil.which("aws", path="/usr/bin") or shutil.which("aws")
    if exe is None:
        pytest.skip("no AWS CLI on this machine")
    env = dict(os.environ, AWS_ACCESS_KEY_ID=root_keys[0], AWS_SECRET_ACCESS_KEY=root_keys[1],
               AWS_DEFAULT_REGION="us-east-1", AWS_PAGER="")
    env.pop("AWS_PROFILE", None)
    out = subprocess.run([exe, "--endpoint-url", server.endpoint, "--output", "json",
                          "kinesis", *args], capture_output=True, text=True, timeout=60, env=env)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout) if out.stdout.strip() else None


def test_aws_cli_round_trip(server, root_keys):
    name = stream_name("cli")
    aws_cli(server, root_keys, "create-stream", "--stream-name", name, "--shard-count", "1")
    # CLI v2 takes blobs as base64 by default, v1 as text: pass base64 of plain text explicitly.
    data = base64.b64encode(b"from the cli").decode()
    put = aws_cli(server, root_keys, "put-record", "--stream-name", name, "--partition-key", "k",
                  "--data", data, *(["--cli-binary-format", "base64"]
                                    if cli_is_v2() else []))
    it = aws_cli(server, root_keys, "get-shard-iterator", "--stream-name", name, "--shard-id",
                 put["ShardId"], "--shard-iterator-type", "TRIM_HORIZON")["ShardIterator"]
    got = aws_cli(server, root_keys, "get-records", "--shard-iterator", it)
    assert len(got["Records"]) == 1
    record = got["Records"][0]
    assert record["SequenceNumber"] == put["SequenceNumber"]
    assert base64.b64decode(record["Data"]) in (b"from the cli", data.encode())
    listed = aws_cli(server, root_keys, "list-streams")
    assert name in listed["StreamNames"]
    aws_cli(server, root_keys, "delete-stream", "--stream-name", name)


def cli_is_v2():
    exe = shutil.which("aws", path="/usr/bin") or shutil.which("aws")
    out = subprocess.run([exe, "--version"], capture_output=True, text=True)
    return (out.stdout + out.stderr).startswith("aws-cli/2")


def freshet(server, *args, timeout=30):
    return subprocess.run([BINARY, *args, "--endpoint-url", server.endpoint, "--data-dir",
                           server.data_dir], capture_output=True, text=True, timeout=timeout,
                          env=dict(os.environ, AWS_PROFILE="", AWS_ACCESS_KEY_ID="",
                                   AWS_SHARED_CREDENTIALS_FILE="/nonexistent"))


def test_freshet_put_and_tail(server, make_client):
    name = stream_name("tail")
    kinesis = make_client("kinesis")
    kinesis.create_stream(StreamName=name, ShardCount=2)
    put = freshet(server, "put", name, "--partition-key", "a", "first")
    assert put.returncode == 0, put.stderr
    shard, seq = put.stdout.split()
    assert shard.startswith("shardId-") and seq.isdigit()
    # A reshard: tail follows the parent to its end and then the children.
    kinesis.split_shard(StreamName=name, ShardToSplit="shardId-000000000000",
                        NewStartingHashKey=str(2 ** 126))
    assert freshet(server, "put", name, "-k", "b", "second").returncode == 0
    kinesis.put_record(StreamName=name, Data=b"\xff\x00", PartitionKey="c")
    tail = freshet(server, "tail", name, "--from-start", "--count", "3")
    assert tail.returncode == 0, tail.stderr
    lines = sorted(line.split(" ", 3)[2:] for line in tail.stdout.splitlines())
    assert lines == [["a", "first"], ["b", "second"], ["c", "base64:/wA="]]
    missing = freshet(server, "put", "nope-" + name, "-k", "a", "x")
    assert missing.returncode == 1
    assert "ResourceNotFoundException" in missing.stderr or "not found" in missing.stderr
