"""The console in a browser against the reference architecture (issue: console acceptance).

Deploys examples/refarch on a fresh server, runs its producer in the background, and hands
over to console_flow.mjs (playwright-core driving Debian's chromium): sign in, throughput
rising on the overview, a known tweet found by Query on Username, REPORT lines in the
function's log tail, the mapping disabled and enabled, and a user allowed only dynamodb:Scan
on the table who sees its items and is refused elsewhere with AWS's message. Then
firefox_smoke.mjs does the sign-in, overview and query steps in Firefox. Screenshots of
each page land in $SCREENSHOT_DIR (build/test-artifacts/console under ctest)."""
import json
import os
import subprocess
import sys
import time

import boto3
import pytest
from botocore.config import Config

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "compat"))
from freshet_server import FreshetServer  # noqa: E402
from refarch_helpers import PRODUCER, deploy, expected_items, resources  # noqa: E402
from stacks_helpers import outputs  # noqa: E402

ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
SEED = 424242


@pytest.fixture
def server():
    s = FreshetServer().start()
    yield s
    s.stop()
    s.cleanup()


def client(server, service, keys):
    return boto3.session.Session().client(
        service, endpoint_url=server.endpoint, region_name="us-east-1",
        aws_access_key_id=keys[0], aws_secret_access_key=keys[1],
        config=Config(retries={"max_attempts": 2}))


def test_the_console_watches_and_explores_the_reference_architecture(server, tmp_path):
    root = server.root_credentials()
    make = lambda service, keys=root: client(server, service, keys)  # noqa: E731
    name = "console-demo"
    out = outputs(deploy(make, name, "console-code"))
    res = resources(make("cloudformation"), name)
    table, stream = name + "-EventData", out["KinesisStream"]
    function = res["DDBEventProcessor"]
    mapping = make("lambda").list_event_source_mappings(FunctionName=function)[
        "EventSourceMappings"][0]["UUID"]
    client_user = res["streamprocessingclient"]

    # A user who may only Scan this table.
    iam = make("iam")
    account = make("sts").get_caller_identity()["Account"]
    scan_arn = iam.create_user(UserName="table-reader")["User"]["Arn"]
    iam.put_user_policy(UserName="table-reader", PolicyName="scan", PolicyDocument=json.dumps({
        "Version": "2012-10-17", "Statement": [{
            "Effect": "Allow", "Action": "dynamodb:Scan",
            "Resource": "arn:aws:dynamodb:us-east-1:%s:table/%s" % (account, table)}]}))
    scan_key = iam.create_access_key(UserName="table-reader")["AccessKey"]

    # The producer puts generated tweets at a steady rate while the browser watches.
    known = next(iter(expected_items(1, SEED).values()))
    env = dict(os.environ, AWS_ACCESS_KEY_ID=root[0], AWS_SECRET_ACCESS_KEY=root[1],
               AWS_DEFAULT_REGION="us-east-1")
    producer = subprocess.Popen(
        [sys.executable, PRODUCER, "--stack", name, "--endpoint-url", server.endpoint,
         "--count", "0", "--seed", str(SEED), "--rate", "40", "--quiet"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        shots = os.environ.get("SCREENSHOT_DIR", str(tmp_path / "screenshots"))
        flow_env = dict(os.environ, ENDPOINT=server.endpoint, ROOT_KEY=root[0],
                        ROOT_SECRET=root[1], STACK=name, TABLE=table, STREAM=stream,
                        FUNCTION=function, MAPPING=mapping, CLIENT_USER=client_user,
                        KNOWN_USER=known["Username"], KNOWN_ID=known["Id"],
                        SCAN_KEY=scan_key["AccessKeyId"],
                        SCAN_SECRET=scan_key["SecretAccessKey"], SCAN_ARN=scan_arn,
                        SCREENSHOT_DIR=shots,
                        NODE_PATH=os.path.join(ROOT, "node_modules"))
        for script in ("console_flow.mjs", "firefox_smoke.mjs"):
            flow = subprocess.run(["node", os.path.join(HERE, script)], env=flow_env,
                                  cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                  text=True, timeout=600)
            assert flow.returncode == 0, flow.stdout
    finally:
        producer.terminate()
        producer.wait(30)

    # What the browser did is real: the mapping went through Disabled and is enabled again,
    # and every page left a screenshot.
    assert os.path.exists(os.path.join(shots, "mapping-was-disabled"))
    state = make("lambda").get_event_source_mapping(UUID=mapping)["State"]
    assert state == "Enabled"
    for page in ("signin", "overview", "stack", "stream", "table", "table-item", "function",
                 "mapping",
                 "iam", "overview-narrow", "restricted-table", "restricted-refused",
                 "firefox-overview", "firefox-table"):
        assert os.path.getsize(os.path.join(shots, page + ".png")) > 1000, page
