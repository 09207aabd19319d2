"""Functions that misbehave (megabytes of output, answers that are not JSON, a crash in the
middle of a burst, hangs) while a well-behaved function is invoked alongside them: each fault
gets Lambda's outcome, the server keeps its memory and answers, and the other function is not
affected. Timeouts, crashes, init errors, memory and stray children have their own tests
(test_functions.py, test_function_limits.py, instance_test.cc)."""
import base64
import json
import threading
import uuid

import pytest

from mappings_helpers import TRUST, zip_of


@pytest.fixture(scope="module")
def role(make_client):
    iam = make_client("iam")
    name = "faults-" + uuid.uuid4().hex[:8]
    return iam.create_role(RoleName=name, AssumeRolePolicyDocument=TRUST)["Role"]["Arn"]


def create(lam, role, files, runtime="nodejs20.x", handler="index.handler", modes=None, **kw):
    name = "fault-" + uuid.uuid4().hex[:8]
    lam.create_function(FunctionName=name, Runtime=runtime, Role=role, Handler=handler,
                        Code={"ZipFile": zip_of(files, modes)}, **kw)
    return name


def rss_kb(pid):
    with open("/proc/%d/status" % pid) as f:
        return int(next(line for line in f if line.startswith("VmRSS:")).split()[1])


LOUD = """
exports.handler = async (event) => {
  const line = 'x'.repeat(1023);
  for (let i = 0; i < event.kb; i++) process.stdout.write(line + '\\n');
  return 'done';
};
"""

# A `provided` runtime that answers every invocation with bytes that are not JSON.
GARBAGE = """#!/usr/bin/python3
import os, urllib.request
api = "http://" + os.environ["AWS_LAMBDA_RUNTIME_API"] + "/2018-06-01/runtime/invocation/"
while True:
    with urllib.request.urlopen(api + "next") as r:
        request_id = r.headers["Lambda-Runtime-Aws-Request-Id"]
    body = b"\\xff\\x00 not json {"
    urllib.request.urlopen(urllib.request.Request(api + request_id + "/response", data=body,
                                                  method="POST")).read()
"""

ECHO = "exports.handler = async (event) => ({n: event.n, twice: event.n * 2});\n"
CRASH = "exports.handler = async (event) => { if (event.n % 3 === 0) process.exit(9); return event.n; };\n"


def test_misbehaving_functions_do_not_disturb_others(server, make_client, role):
    lam = make_client("lambda")
    loud = create(lam, role, {"index.js": LOUD}, Timeout=60)
    garbage = create(lam, role, {"bootstrap": GARBAGE}, runtime="provided.al2023",
                     handler="unused", modes={"bootstrap": 0o755})
    crash = create(lam, role, {"index.js": CRASH})
    echo = create(lam, role, {"index.js": ECHO})
    rss_before = rss_kb(server.proc.pid)
    problems = []

    def healthy():
        client = make_client("lambda")
        for n in range(40):
            r = client.invoke(FunctionName=echo, Payload=json.dumps({"n": n}))
            got = json.loads(r["Payload"].read())
            if "FunctionError" in r or got != {"n": n, "twice": 2 * n}:
                problems.append((n, got))

    def crashing():
        client = make_client("lambda")
        for n in range(1, 13):
            r = client.invoke(FunctionName=crash, Payload=json.dumps({"n": n}))
            body = json.loads(r["Payload"].read())
            expected = n % 3 != 0
            if expected and (r.get("FunctionError") or body != n):
                problems.append(("crash", n, body))
            if not expected and body.get("errorType") != "Runtime.ExitError":
                problems.append(("crash", n, body))

    threads = [threading.Thread(target=healthy), threading.Thread(target=crashing)]
    for t in threads:
        t.start()
    # 16 MB of output in one invocation: the answer is still the result, the tail is at most
    # the last 4 KB, and the server does not keep what it could not use.
    r = lam.invoke(FunctionName=loud, Payload=json.dumps({"kb": 16 * 1024}), LogType="Tail")
    assert "FunctionError" not in r
    assert json.loads(r["Payload"].read()) == "done"
    assert len(base64.b64decode(r["LogResult"])) <= 4096
    # An answer that is not JSON is returned as it was posted.
    r = lam.invoke(FunctionName=garbage, Payload=b"{}")
    assert "FunctionError" not in r
    assert r["Payload"].read() == b"\xff\x00 not json {"
    for t in threads:
        t.join(120)
    assert problems == []
    # Output is passed on, not accumulated: far less than the 16 MB printed stays with the server.
    assert rss_kb(server.proc.pid) - rss_before < 64 * 1024
