"""The C++ example consumer runtimes/cpp/examples/kinesis_tally.cc (P7's function), against a
stand-in Runtime API: the line it appends per batch (arrival, oldest and newest record, shard,
count, the first 16 base64 characters of each record's data), an empty batch, and the init
error without TALLY_FILE."""
import base64
import os
import subprocess
import time

import pytest

from runtime_api_double import RuntimeApiDouble

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TALLY = os.path.join(ROOT, "build", "runtimes", "kinesis-tally-bootstrap")


def start(env):
    if not os.path.exists(TALLY):
        pytest.fail("the example C++ function is not built: %s" % TALLY)
    api = RuntimeApiDouble()
    proc = subprocess.Popen([TALLY],
                            env=dict(env, AWS_LAMBDA_RUNTIME_API="127.0.0.1:%d" % api.port))
    return api, proc


def record(data, arrival, shard="shardId-000000000002", seq="4960"):
    return {"kinesis": {"kinesisSchemaVersion": "1.0", "partitionKey": "k",
                        "sequenceNumber": seq, "data": base64.b64encode(data).decode(),
                        "approximateArrivalTimestamp": arrival},
            "eventSource": "aws:kinesis", "eventID": "%s:%s" % (shard, seq)}


def test_one_line_per_batch(tmp_path):
    path = tmp_path / "tally"
    api, proc = start({"TALLY_FILE": str(path)})
    try:
        data = [b"P7id" + i.to_bytes(8, "little") + b"x" * 100 for i in (7, 8, 9)]
        before = time.time()
        kind, _, body, _, _ = api.invoke({"Records": [
            record(data[0], 1545084650.25), record(data[1], 1545084650.125),
            record(data[2], 1545084651.5)]})
        after = time.time()
        assert (kind, body) == ("response", {})
        assert api.invoke({"Records": []})[:3] == ("response", None, {})
    finally:
        proc.kill()
        proc.wait()
        api.close()
    first, empty = path.read_text().splitlines()
    received_us, oldest, newest, shard, count, tags = first.split(" ")
    assert before * 1e6 <= int(received_us) <= after * 1e6
    assert (int(oldest), int(newest)) == (1545084650125, 1545084651500)
    assert (shard, int(count)) == ("shardId-000000000002", 3)
    # Each record's first 12 bytes are its first 16 base64 characters.
    assert base64.b64decode(tags) == b"".join(d[:12] for d in data)
    assert empty.split(" ")[1:] == ["0", "0", "-", "0", ""]


def test_init_error_without_tally_file():
    env = {k: v for k, v in os.environ.items() if k != "TALLY_FILE"}
    api, proc = start(env)
    try:
        error_type, body = api.wait_init_error()
        assert (error_type, body["errorType"]) == ("TallyFailure", "TallyFailure")
        assert body["errorMessage"] == "TALLY_FILE is not set"
    finally:
        proc.kill()
        proc.wait()
        api.close()
