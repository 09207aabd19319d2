"""Helpers for the event source mapping tests: a role Lambda can assume that may read and
write streams, sink functions (Python, Node.js, C++) that append every batch they receive to a
file, and readers for that file."""
import base64
import hashlib
import io
import json
import os
import pathlib
import tempfile
import time
import uuid
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TRUST = json.dumps({"Version": "2012-10-17", "Statement": [{
    "Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"},
    "Action": "sts:AssumeRole"}]})

# Appends {"event": ...} for each batch, then fails the batch or reports item failures when
# the environment asks for it (SINK_MODE "fail" or "report", SINK_FAIL_ON a record's data).
PYTHON_SINK = """
import base64, json, os

def handler(event, context):
    mode = os.environ.get("SINK_MODE", "")
    bad = os.environ.get("SINK_FAIL_ON", "\\0")
    records = event["Records"]
    data = [base64.b64decode(r["kinesis"]["data"]).decode() for r in records]
    if mode == "fail" and (bad == "*" or bad in data):
        raise RuntimeError("refusing a batch with " + bad)
    failures = []
    kept = records
    if mode == "report" and bad in data:
        i = data.index(bad)
        kept = records[:i]
        failures = [{"itemIdentifier": r["kinesis"]["sequenceNumber"]} for r in records[i:]]
    if kept:
        line = json.dumps({"event": dict(event, Records=kept)}) + "\\n"
        fd = os.open(os.environ["SINK_FILE"], os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        os.write(fd, line.encode())
        os.close(fd)
    return {"batchItemFailures": failures}
"""

NODE_SINK = """
const fs = require('fs');
exports.handler = async (event) => {
  fs.appendFileSync(process.env.SINK_FILE, JSON.stringify({event}) + '\\n');
  return {};
};
"""


def zip_of(files, modes=None):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, text in files.items():
            info = zipfile.ZipInfo(name)
            info.external_attr = ((modes or {}).get(name, 0o644) & 0xFFFF) << 16
            z.writestr(info, text)
    return buf.getvalue()


def open_to_functions(path):
    """Lets a function write into `path`: when the server runs as root its functions run as
    users of their own, and many tests hand them a file to write (a sink) under pytest's
    temporary folders, which are root's and 0700."""
    path = pathlib.Path(path)
    os.chmod(path, 0o1777)
    for parent in path.parents:
        if parent == pathlib.Path(tempfile.gettempdir()) or parent == parent.parent:
            break
        os.chmod(parent, os.stat(parent).st_mode | 0o111)
    return path


def functions_run_root(data_dir):
    """Where a server running as root keeps its functions' copies of their code."""
    digest = hashlib.sha256(os.path.realpath(data_dir).encode()).hexdigest()[:16]
    return os.path.join(tempfile.gettempdir(), "freshet-functions-" + digest)


def unique(prefix):
    return "%s-%s" % (prefix, uuid.uuid4().hex[:8])


def make_role(iam, actions=("kinesis:*", "logs:*")):
    name = unique("esm-role")
    arn = iam.create_role(RoleName=name, AssumeRolePolicyDocument=TRUST)["Role"]["Arn"]
    if actions:
        iam.put_role_policy(RoleName=name, PolicyName="streams", PolicyDocument=json.dumps({
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Action": list(actions), "Resource": "*"}]}))
    return arn


def make_sink(lam, role, sink_file, runtime="python3.11", env=None):
    """A function that appends each batch to sink_file; returns its name."""
    name = unique("sink")
    variables = dict({"SINK_FILE": sink_file}, **(env or {}))
    if runtime.startswith("python"):
        files, handler, modes = {"sink.py": PYTHON_SINK}, "sink.handler", None
    elif runtime.startswith("nodejs"):
        files, handler, modes = {"index.js": NODE_SINK}, "index.handler", None
    else:
        path = os.path.join(ROOT, "build", "runtimes", "kinesis-sink-bootstrap")
        with open(path, "rb") as f:
            files, handler, modes = {"bootstrap": f.read()}, "unused", {"bootstrap": 0o755}
    lam.create_function(FunctionName=name, Runtime=runtime, Role=role, Handler=handler,
                        Code={"ZipFile": zip_of(files, modes)}, Timeout=30,
                        Environment={"Variables": variables})
    return name


def batches(sink_file):
    """The batches the sink received, in the order it received them."""
    if not os.path.exists(sink_file):
        return []
    with open(sink_file) as f:
        return [json.loads(line)["event"] for line in f if line.strip()]


def delivered(sink_file):
    """Every record delivered, as (shard id, sequence number, data, partition key)."""
    out = []
    for event in batches(sink_file):
        for r in event["Records"]:
            shard = r["eventID"].split(":")[0]
            out.append((shard, r["kinesis"]["sequenceNumber"],
                        base64.b64decode(r["kinesis"]["data"]).decode(),
                        r["kinesis"]["partitionKey"]))
    return out


def wait_for_records(sink_file, count, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        got = delivered(sink_file)
        if len(got) >= count:
            return got
        time.sleep(0.05)
    raise AssertionError("%d of %d records delivered in %.0f s" %
                         (len(delivered(sink_file)), count, timeout))


def wait_for_state(lam, uuid_, state, timeout=15.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        got = lam.get_event_source_mapping(UUID=uuid_)["State"]
        if got == state:
            return
        time.sleep(0.05)
    raise AssertionError("mapping %s is %s, not %s" % (uuid_, got, state))


def make_stream(kinesis, shards=1):
    """A new stream: (name, ARN). Calls use the name: Debian's boto3 predates StreamARN."""
    name = unique("esm-stream")
    kinesis.create_stream(StreamName=name, ShardCount=shards)
    desc = kinesis.describe_stream_summary(StreamName=name)["StreamDescriptionSummary"]
    return name, desc["StreamARN"]


def put(kinesis, name, items):
    """Puts (partition key, data) pairs one by one; returns (shard, sequence, data) each."""
    out = []
    for key, data in items:
        r = kinesis.put_record(StreamName=name, PartitionKey=key, Data=data.encode())
        out.append((r["ShardId"], r["SequenceNumber"], data))
    return out


def read_stream(kinesis, name):
    """Every record of every shard of a stream, decoded as JSON."""
    out = []
    for shard in kinesis.list_shards(StreamName=name)["Shards"]:
        it = kinesis.get_shard_iterator(StreamName=name, ShardId=shard["ShardId"],
                                        ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
        while it:
            r = kinesis.get_records(ShardIterator=it)
            out += [json.loads(x["Data"]) for x in r["Records"]]
            if not r["Records"]:
                break
            it = r.get("NextShardIterator")
    return out
