"""`freshet demo`: the reference architecture live from the binary alone.

Runs the binary from an empty folder, with FRESHET_HOME as an installed layout would set it
(runtimes/ and node_modules/ for the function), so nothing of the source tree is read by a
relative path: the template and the consumer come from the binary. A bounded run starts its own
server, deploys the stack `refarch`, puts COUNT tweets and exits once all are in the table; a
second run reuses the stack and the data. An open-ended run against a server that is already
running stops on SIGINT and leaves that server alone."""
import os
import re
import signal
import socket
import subprocess
import threading
import time

import boto3
from botocore.config import Config

from freshet_server import BINARY, ROOT, FreshetServer, wait_for

STACK = "refarch"
TABLE = "refarch-EventData"
RUN_DEADLINE = 600  # seconds: a deadline against hangs, not a speed check


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def demo_env(tmp_path):
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("AWS_") and not k.startswith("FRESHET_")}
    # The server finds runtimes/ and node_modules/ here, as in an installed layout; HOME has no
    # AWS profile, so only the data directory's keys can sign.
    env.update(FRESHET_HOME=ROOT, HOME=str(tmp_path / "home"))
    return env


def run_demo(tmp_path, cwd, *args):
    out = subprocess.run([BINARY, "demo", *args], cwd=cwd, env=demo_env(tmp_path),
                         capture_output=True, text=True, timeout=RUN_DEADLINE)
    return out.returncode, out.stdout, out.stderr


def clients(server):
    key, secret = server.root_credentials()
    def make(service):
        return boto3.client(service, endpoint_url=server.endpoint, region_name="us-east-1",
                            aws_access_key_id=key, aws_secret_access_key=secret,
                            config=Config(retries={"max_attempts": 2}))
    return make


def items(ddb):
    found, start = [], None
    while True:
        page = ddb.scan(TableName=TABLE, **({"ExclusiveStartKey": start} if start else {}))
        found += page["Items"]
        start = page.get("LastEvaluatedKey")
        if not start:
            return found


def stack_creations(cfn):
    """The stack-level CREATE_IN_PROGRESS events of the stack: one per CreateStack."""
    events, token = [], None
    while True:
        page = cfn.describe_stack_events(StackName=STACK, **({"NextToken": token} if token else {}))
        events += page["StackEvents"]
        token = page.get("NextToken")
        if not token:
            break
    return [e for e in events if e["LogicalResourceId"] == STACK
            and e["ResourceStatus"] == "CREATE_IN_PROGRESS"]


def inspect(data_dir):
    """The table's items, the stack's id and its creations, read with a server on the data."""
    server = FreshetServer(data_dir=str(data_dir), env={"FRESHET_HOME": ROOT}).start()
    try:
        make = clients(server)
        stack = make("cloudformation").describe_stacks(StackName=STACK)["Stacks"][0]
        return items(make("dynamodb")), stack, stack_creations(make("cloudformation"))
    finally:
        assert server.stop() == 0


def port_closed(port):
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) != 0


def test_bounded_runs_deploy_once_and_fill_the_table(tmp_path):
    data = tmp_path / "data"
    cwd = tmp_path / "empty"
    cwd.mkdir()
    port = free_port()
    args = ["200", "--port", str(port), "--data-dir", str(data)]

    code, out, err = run_demo(tmp_path, cwd, *args)
    assert code == 0, out + err
    assert re.search(r"^Console: http://127\.0\.0\.1:%d/_console/signin\?token=\S+" % port,
                     out, re.M), out
    assert "Deploying the stack refarch" in out and "Reusing" not in out, out
    assert "Every tweet is in the table" in out, out
    assert re.search(r"^Put 200 tweets in ", out, re.M), out
    assert "Stopped the server" in out, out
    assert port_closed(port), "the server the demo started is still listening"
    assert os.listdir(cwd) == [], "the demo wrote into its working folder"
    assert (data / "demo-server.log").read_text().count("Ready.") == 1

    first, stack, creations = inspect(data)
    assert len(first) == 200
    for item in first:
        assert set(item) == {"Username", "Id", "Timestamp", "Message", "ExpirationTime"}, item
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z", item["Timestamp"]["S"])
        assert item["Username"]["S"] and item["Message"]["S"] and item["Id"]["S"].isdigit()
        assert int(item["ExpirationTime"]["N"]) > time.time() + 86000  # a day ahead (TTL)
    assert any(not item["Message"]["S"].isascii() for item in first)
    assert len(creations) == 1
    stack_id = stack["StackId"]

    code, out, err = run_demo(tmp_path, cwd, *args)
    assert code == 0, out + err
    assert "Reusing the stack refarch" in out and "Deploying" not in out, out
    assert "Every tweet is in the table" in out, out

    second, stack, creations = inspect(data)
    assert len(second) == 400
    assert {(i["Username"]["S"], i["Id"]["S"]) for i in first} < \
        {(i["Username"]["S"], i["Id"]["S"]) for i in second}
    assert stack["StackId"] == stack_id and len(creations) == 1


def test_sigint_stops_a_run_against_a_running_server(tmp_path):
    cwd = tmp_path / "empty"
    cwd.mkdir()
    server = FreshetServer(env={"FRESHET_HOME": ROOT}).start()
    try:
        proc = subprocess.Popen(
            [BINARY, "demo", "--port", str(server.port), "--data-dir", server.data_dir,
             "--rate", "20"], cwd=cwd, env=demo_env(tmp_path), stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, text=True)
        lines, counted = [], threading.Event()

        def pump():
            for line in proc.stdout:
                lines.append(line)
                m = re.match(r"put (\d+) tweets \| in table (\d+) \|", line)
                if m and int(m.group(2)) > 0:
                    counted.set()

        reader = threading.Thread(target=pump, daemon=True)
        reader.start()
        wait_for(lambda: counted.is_set() or proc.poll() is not None, timeout=RUN_DEADLINE,
                 interval=0.1)
        assert counted.is_set(), "".join(lines)
        proc.send_signal(signal.SIGINT)
        assert proc.wait(60) == 0, "".join(lines)
        reader.join(10)
        out = "".join(lines)
        assert "Using the Freshet server already listening on %s" % server.endpoint in out
        assert re.search(r"^Put \d+ tweets in ", out, re.M), out
        assert "Stopped the server" not in out, out
        # The server it found is still serving, with the stack and what was put.
        ddb = clients(server)("dynamodb")
        wait_for(lambda: ddb.describe_table(TableName=TABLE)["Table"]["TableStatus"] == "ACTIVE")
        assert items(ddb)

        # With the mapping off, a bounded run cannot finish: it fails once the table has not
        # grown for --wait-timeout seconds, and says how many tweets are missing.
        lam = clients(server)("lambda")
        uuid = lam.list_event_source_mappings()["EventSourceMappings"][0]["UUID"]
        lam.update_event_source_mapping(UUID=uuid, Enabled=False)
        wait_for(lambda: lam.get_event_source_mapping(UUID=uuid)["State"] == "Disabled")
        code, out, err = run_demo(tmp_path, cwd, "20", "--port", str(server.port),
                                  "--data-dir", server.data_dir, "--wait-timeout", "2")
        assert code == 1, out + err
        assert "20 tweets are still not in the table refarch-EventData" in err, out + err
    finally:
        code = server.stop()
        server.cleanup()
    assert code == 0
