"""What confines a function's processes: when the server runs as root they run as an OS user of
their own, in a read-only copy of their code with a private TMPDIR; with the kernel's memory
cgroups they die at their MemorySize with Lambda's Runtime.OutOfMemory, and whatever they
started dies with their environment. Where the machine allows neither (not root, no writable
cgroup), the server says so at start and these tests are skipped with its reason."""
import base64
import json
import os
import socket
import uuid

import pytest

from freshet_server import wait_for
from mappings_helpers import TRUST, functions_run_root, zip_of


@pytest.fixture(scope="module")
def role(make_client):
    iam = make_client("iam")
    name = "limits-" + uuid.uuid4().hex[:8]
    return iam.create_role(RoleName=name, AssumeRolePolicyDocument=TRUST)["Role"]["Arn"]


def server_says(server, text):
    return [line for line in server.output if text in line]


def needs(server, warning):
    said = server_says(server, warning)
    if said:
        pytest.skip(said[0].strip())


def create(lam, role, files, runtime="nodejs20.x", handler="index.handler", **kw):
    name = "lim-" + uuid.uuid4().hex[:8]
    lam.create_function(FunctionName=name, Runtime=runtime, Role=role, Handler=handler,
                        Code={"ZipFile": zip_of(files)}, **kw)
    return name


def invoke(lam, name, event=None):
    r = lam.invoke(FunctionName=name, Payload=json.dumps(event or {}), LogType="Tail")
    return r.get("FunctionError"), json.loads(r["Payload"].read()), r


WHOAMI = """
const fs = require('fs'), os = require('os'), path = require('path');
exports.handler = async (event) => {
  const tryWrite = (p) => { try { fs.writeFileSync(p, 'x'); return true; } catch (e) { return e.code; } };
  const tryRead = (p) => { try { fs.readdirSync(p); return true; } catch (e) { return e.code; } };
  return {uid: process.getuid(), gid: process.getgid(), tmp: os.tmpdir(),
          writesTmp: tryWrite(path.join(os.tmpdir(), 'scratch')),
          writesTask: tryWrite(path.join(process.env.LAMBDA_TASK_ROOT, 'new.js')),
          readsOthers: event.others.map(tryRead)};
};
"""


def test_functions_run_as_users_of_their_own(server, make_client, role):
    if os.geteuid() != 0:
        pytest.skip("the server does not run as root: functions run as its user")
    needs(server, "not as users of their own")
    lam = make_client("lambda")
    first = create(lam, role, {"index.js": WHOAMI})
    second = create(lam, role, {"index.js": WHOAMI})
    err, a, _ = invoke(lam, first, {"others": []})
    assert err is None, a
    run = functions_run_root(server.data_dir)
    err, b, _ = invoke(lam, second, {"others": [os.path.join(run, str(a["uid"])), run,
                                                os.path.join(server.data_dir, "functions",
                                                             "code"), server.data_dir]})
    assert err is None, b
    assert a["uid"] != 0 and b["uid"] != 0 and a["uid"] != b["uid"]
    assert (a["gid"], b["gid"]) == (a["uid"], b["uid"])
    assert b["writesTmp"] is True and b["tmp"].startswith(os.path.join(run, str(b["uid"])))
    assert b["writesTask"] == "EACCES"  # the code is read-only, as Lambda's /var/task
    assert b["readsOthers"] == ["EACCES"] * 4
    # The same user across environments and restarts of the environment, another one after the
    # function is deleted and created again under the same name.
    lam.update_function_configuration(FunctionName=first, Description="new environment")
    _, again, _ = invoke(lam, first, {"others": []})
    assert again["uid"] == a["uid"]
    lam.delete_function(FunctionName=first)
    assert not os.path.exists(os.path.join(run, str(a["uid"])))
    lam.create_function(FunctionName=first, Runtime="nodejs20.x", Role=role,
                        Handler="index.handler", Code={"ZipFile": zip_of({"index.js": WHOAMI})})
    _, reborn, _ = invoke(lam, first, {"others": []})
    assert reborn["uid"] not in (a["uid"], b["uid"], 0)


HOG = """
exports.handler = async (event) => {
  const kept = [];
  for (let i = 0; i < event.mb; i++) kept.push(Buffer.alloc(1 << 20, 1));
  return kept.length;
};
"""


def test_memory_past_memory_size_is_runtime_out_of_memory(server, make_client, role):
    needs(server, "without a memory limit")
    lam = make_client("lambda")
    name = create(lam, role, {"index.js": HOG}, MemorySize=128)
    err, out, _ = invoke(lam, name, {"mb": 16})
    assert (err, out) == (None, 16)
    err, out, r = invoke(lam, name, {"mb": 600})
    assert err == "Unhandled"
    assert out["errorType"] == "Runtime.OutOfMemory", out
    assert out["errorMessage"].endswith("Error: Runtime exited with error: signal: killed")
    tail = base64.b64decode(r["LogResult"]).decode()
    assert "Memory Size: 128 MB\tMax Memory Used: 128 MB" in tail
    assert tail.rstrip().endswith("signal: killed\nRuntime.OutOfMemory"), tail
    # A new environment takes the next invocation; a larger MemorySize lets the same work pass.
    assert invoke(lam, name, {"mb": 8})[:2] == (None, 8)
    lam.update_function_configuration(FunctionName=name, MemorySize=1024)
    wait_for(lambda: lam.get_function(FunctionName=name)["Configuration"]
             ["LastUpdateStatus"] == "Successful")
    assert invoke(lam, name, {"mb": 300})[:2] == (None, 300)


SPAWNER = """
const { spawn } = require('child_process');
exports.handler = async () => {
  const child = spawn('/bin/sleep', ['600'], {detached: true, stdio: 'ignore'});
  child.unref();
  return child.pid;
};
"""


def test_what_a_function_starts_ends_with_its_environment(server, make_client, role):
    needs(server, "without a memory limit")  # the cgroup is what finds escaped children
    lam = make_client("lambda")
    name = create(lam, role, {"index.js": SPAWNER})
    err, pid, _ = invoke(lam, name)
    assert err is None and isinstance(pid, int)
    assert os.path.exists("/proc/%d" % pid)  # detached: outside the environment's group
    lam.update_function_configuration(FunctionName=name, Description="retire the environment")

    def gone():
        try:
            with open("/proc/%d/stat" % pid) as f:
                return f.read().split(")")[-1].split()[0] == "Z"  # a zombie awaiting init
        except OSError:
            return True
    wait_for(gone, timeout=10)  # the detached child does not outlive its environment


RUNTIME_API = """
exports.handler = async () => ({api: process.env.AWS_LAMBDA_RUNTIME_API, pid: process.pid});
"""


def test_only_the_functions_own_processes_reach_its_runtime_api(server, make_client, role):
    """Another local process (here the test, as root) connecting to a warm environment's Runtime
    API is closed before it can take an invocation (security.md, F4)."""
    if os.geteuid() != 0:
        pytest.skip("functions run as users of their own only when the server runs as root")
    needs(server, "not as users of their own")
    lam = make_client("lambda")
    name = create(lam, role, {"index.js": RUNTIME_API})
    err, first, _ = invoke(lam, name)
    assert err is None, first
    host, port = first["api"].split(":")
    with socket.create_connection((host, int(port)), timeout=5) as s:
        s.sendall(b"GET /2018-06-01/runtime/invocation/next HTTP/1.1\r\nHost: x\r\n\r\n")
        try:
            answer = s.recv(4096)
        except ConnectionResetError:
            answer = b""
    assert answer == b"", answer  # closed, not answered (nor left waiting for an invocation)
    err, second, _ = invoke(lam, name)
    assert err is None, second
    assert second == first  # the same warm environment served it: nothing was taken from it
