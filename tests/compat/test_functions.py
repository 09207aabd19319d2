"""Lambda with real clients: boto3 and the AWS CLI create, invoke, update and delete Node.js,
Python and C++ functions that run as real processes with their role's credentials."""
import base64
import json
import os
import subprocess
import uuid

import pytest
from botocore.exceptions import ClientError

from mappings_helpers import ROOT, TRUST, zip_of


@pytest.fixture(scope="module")
def role(make_client):
    iam = make_client("iam")
    name = "fn-exec-" + uuid.uuid4().hex[:8]
    arn = iam.create_role(RoleName=name, AssumeRolePolicyDocument=TRUST)["Role"]["Arn"]
    iam.put_role_policy(RoleName=name, PolicyName="whoami", PolicyDocument=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "lambda:ListFunctions", "Resource": "*"}]}))
    return arn


def create(lam, role, name, files, runtime="nodejs20.x", handler="index.handler", **kw):
    return lam.create_function(FunctionName=name, Runtime=runtime, Role=role, Handler=handler,
                               Code={"ZipFile": zip_of(files, kw.pop("modes", None))}, **kw)


def test_node_function_lifecycle(make_client, role):
    lam = make_client("lambda")
    name = "node-" + uuid.uuid4().hex[:8]
    cfg = create(lam, role, name, {"index.js": "exports.handler = function (e, context) {\n"
                                   "  console.log('event', JSON.stringify(e));\n"
                                   "  context.succeed({hello: e.who, fn: context.functionName,\n"
                                   "                   env: process.env.COLOR});\n};\n"},
                 runtime="nodejs", Environment={"Variables": {"COLOR": "teal"}})
    assert cfg["FunctionName"] == name and cfg["State"] == "Active"
    assert cfg["FunctionArn"].endswith(":function:" + name)
    r = lam.invoke(FunctionName=name, Payload=json.dumps({"who": "ada"}), LogType="Tail")
    assert r["StatusCode"] == 200 and "FunctionError" not in r
    assert json.loads(r["Payload"].read()) == {"hello": "ada", "fn": name, "env": "teal"}
    log = base64.b64decode(r["LogResult"]).decode()
    assert "START RequestId: " in log and "REPORT RequestId: " in log and "INFO\tevent" in log
    names = [f["FunctionName"] for f in lam.list_functions()["Functions"]]
    assert name in names
    lam.update_function_configuration(FunctionName=name, Environment={"Variables": {"COLOR": "red"}})
    r = lam.invoke(FunctionName=name, Payload=b"{}")
    assert json.loads(r["Payload"].read())["env"] == "red"
    lam.delete_function(FunctionName=name)
    with pytest.raises(ClientError) as e:
        lam.get_function(FunctionName=name)
    assert e.value.response["Error"]["Code"] == "ResourceNotFoundException"
    assert e.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404


def test_function_errors_and_timeouts(make_client, role):
    lam = make_client("lambda")
    name = "err-" + uuid.uuid4().hex[:8]
    create(lam, role, name, {"index.js": "exports.handler = async (e) => {\n"
                             "  if (e.sleep) await new Promise(r => setTimeout(r, 5000));\n"
                             "  throw new TypeError('bad ' + e.x);\n};\n"}, Timeout=1)
    r = lam.invoke(FunctionName=name, Payload=json.dumps({"x": 1}))
    assert r["FunctionError"] == "Unhandled"
    body = json.loads(r["Payload"].read())
    assert body["errorType"] == "TypeError" and body["errorMessage"] == "bad 1"
    r = lam.invoke(FunctionName=name, Payload=json.dumps({"sleep": True}))
    assert r["FunctionError"] == "Unhandled"
    assert "Task timed out after 1.00 seconds" in json.loads(r["Payload"].read())["errorMessage"]


def test_python_function_calls_aws_as_its_role(make_client, role):
    lam = make_client("lambda")
    name = "py-" + uuid.uuid4().hex[:8]
    code = ("import boto3\n"
            "def handler(event, context):\n"
            "    lam = boto3.client('lambda')\n"
            "    names = [f['FunctionName'] for f in lam.list_functions()['Functions']]\n"
            "    try:\n"
            "        lam.delete_function(FunctionName=context.function_name)\n"
            "        denied = None\n"
            "    except Exception as e:\n"
            "        denied = e.response['Error']['Code']\n"
            "    return {'me': context.function_name in names, 'denied': denied}\n")
    create(lam, role, name, {"app.py": code}, runtime="python3.11", handler="app.handler")
    r = lam.invoke(FunctionName=name, Payload=b"{}")
    assert "FunctionError" not in r, r["Payload"].read()
    assert json.loads(r["Payload"].read()) == {"me": True, "denied": "AccessDeniedException"}


def test_cpp_function_on_provided_runtime(make_client, role):
    echo = os.path.join(ROOT, "build", "runtimes", "echo-bootstrap")
    if not os.path.exists(echo):
        pytest.fail("the C++ example function is not built: " + echo)
    lam = make_client("lambda")
    name = "cpp-" + uuid.uuid4().hex[:8]
    with open(echo, "rb") as f:
        binary = f.read()
    create(lam, role, name, {"bootstrap": binary}, runtime="provided.al2023",
           handler="unused", modes={"bootstrap": 0o755})
    r = lam.invoke(FunctionName=name, Payload=json.dumps({"k": "v"}))
    assert json.loads(r["Payload"].read())["echo"] == {"k": "v"}


def test_bad_input_gets_lambdas_errors(make_client, role):
    lam = make_client("lambda")
    with pytest.raises(ClientError) as e:
        create(lam, role, "zipslip-" + uuid.uuid4().hex[:6], {"../escape.js": "x"})
    assert e.value.response["Error"]["Code"] == "InvalidParameterValueException"
    assert e.value.response["Error"]["Message"] == (
        "Could not unzip uploaded file. Please check your file, then try to upload again.")
    with pytest.raises(ClientError) as e:
        create(lam, role.replace(":role/", ":role/missing-"), "norole", {"index.js": "x"})
    assert e.value.response["Error"]["Message"] == (
        "The role defined for the function cannot be assumed by Lambda.")
    name = "big-" + uuid.uuid4().hex[:6]
    create(lam, role, name, {"index.js": "exports.handler = async () => 1;\n"})
    with pytest.raises(ClientError) as e:
        lam.invoke(FunctionName=name, Payload=b"x" * (6 * 1024 * 1024 + 1))
    assert e.value.response["Error"]["Code"] == "RequestEntityTooLargeException"


def test_aws_cli_invoke_with_log_tail(make_client, role, server, root_keys, tmp_path):
    lam = make_client("lambda")
    name = "cli-" + uuid.uuid4().hex[:8]
    create(lam, role, name, {"index.js": "exports.handler = async (e) => ({n: e.n * 2});\n"})
    env = dict(os.environ, AWS_ACCESS_KEY_ID=root_keys[0], AWS_SECRET_ACCESS_KEY=root_keys[1],
               AWS_DEFAULT_REGION="us-east-1")
    out = tmp_path / "out.json"
    # --cli-binary-format is the AWS CLI v2 (Debian's awscli).
    r = subprocess.run(["/usr/bin/aws", "--endpoint-url", server.endpoint, "lambda", "invoke",
                        "--function-name", name, "--cli-binary-format", "raw-in-base64-out",
                        "--payload", '{"n": 21}', "--log-type", "Tail", str(out)],
                       env=env, capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    assert json.loads(out.read_text()) == {"n": 42}
    assert "REPORT RequestId" in base64.b64decode(json.loads(r.stdout)["LogResult"]).decode()
