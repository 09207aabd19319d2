"""Freshet's Python runtime (runtimes/python/bootstrap.py) against a stand-in Runtime API:
Lambda's context object, error documents and types, log format, and boto3's endpoint."""
import os
import subprocess
import sys
import textwrap

import pytest

from runtime_api_double import RuntimeApiDouble

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BOOTSTRAP = os.path.join(ROOT, "runtimes", "python", "bootstrap.py")


@pytest.fixture
def run(tmp_path):
    started = []

    def start(code, handler="lambda_function.handler", extra_env=None):
        (tmp_path / "lambda_function.py").write_text(textwrap.dedent(code))
        api = RuntimeApiDouble()
        env = dict(os.environ, AWS_LAMBDA_RUNTIME_API="127.0.0.1:%d" % api.port,
                   _HANDLER=handler, LAMBDA_TASK_ROOT=str(tmp_path),
                   AWS_LAMBDA_FUNCTION_NAME="fn", AWS_LAMBDA_FUNCTION_VERSION="$LATEST",
                   AWS_LAMBDA_FUNCTION_MEMORY_SIZE="256", AWS_REGION="us-east-1",
                   AWS_DEFAULT_REGION="us-east-1", **(extra_env or {}))
        proc = subprocess.Popen([sys.executable, BOOTSTRAP], env=env, cwd=str(tmp_path),
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        started.append((proc, api))
        return api, proc

    yield start
    for proc, api in started:
        proc.kill()
        proc.wait()
        api.close()


def test_results_and_the_context_object(run):
    api, _ = run("""
        def handler(event, context):
            return {"echo": event, "name": context.function_name, "id": context.aws_request_id,
                    "memory": context.memory_limit_in_mb, "arn": context.invoked_function_arn,
                    "remaining": 0 < context.get_remaining_time_in_millis() <= 3000}
    """)
    kind, _, body, _, inv_id = api.invoke({"a": [1, "x"]})
    assert kind == "response"
    assert body == {"echo": {"a": [1, "x"]}, "name": "fn", "id": inv_id, "memory": "256",
                    "arn": "arn:aws:lambda:us-east-1:123456789012:function:fn", "remaining": True}


def test_exceptions_become_error_documents(run):
    api, proc = run("""
        def handler(event, context):
            raise ValueError("bad value %d" % event["n"])
    """)
    kind, error_type, body, _, _ = api.invoke({"n": 3})
    assert (kind, error_type) == ("error", "ValueError")
    assert body["errorType"] == "ValueError" and body["errorMessage"] == "bad value 3"
    assert any("lambda_function.py" in frame for frame in body["stackTrace"])
    assert proc.poll() is None  # the process lives on for the next invocation
    assert api.invoke({"n": 4})[2]["errorMessage"] == "bad value 4"


@pytest.mark.parametrize("code,handler,error_type,message", [
    ("x = 1\n", "lambda_function.handler", "Runtime.HandlerNotFound",
     "Handler 'handler' missing on module 'lambda_function'"),
    ("x = 1\n", "nodot", "Runtime.MalformedHandlerName",
     "Bad handler 'nodot': not enough values to unpack (expected 2, got 1)"),
    ("x = 1\n", "missing_module.handler", "Runtime.ImportModuleError",
     "Unable to import module 'missing_module': No module named 'missing_module'"),
    ("def handler(:\n", "lambda_function.handler", "Runtime.UserCodeSyntaxError", None),
])
def test_init_errors(run, code, handler, error_type, message):
    api, proc = run(code, handler=handler)
    got, doc = api.wait_init_error()
    assert got == error_type and doc["errorType"] == error_type
    if message:
        assert doc["errorMessage"] == message
    else:
        assert doc["errorMessage"].startswith("Syntax error in module 'lambda_function': ")
    assert proc.wait(10) == 1


def test_logging_uses_lambdas_format(run):
    api, proc = run("""
        import logging
        def handler(event, context):
            logging.getLogger().warning("careful %s", "now")
            print("plain print")
            return 1
    """)
    _, _, _, _, inv_id = api.invoke({})
    proc.kill()
    out = proc.communicate(timeout=10)[0].decode()
    line = [l for l in out.splitlines() if "careful" in l][0].split("\t")
    assert line[0] == "[WARNING]" and line[1].endswith("Z") and line[2:] == [inv_id, "careful now"]
    assert "plain print" in out


def test_boto3_is_pointed_at_freshet(run):
    api, _ = run("""
        import boto3
        def handler(event, context):
            return boto3.client("dynamodb").meta.endpoint_url
    """, extra_env={"AWS_ENDPOINT_URL": "http://127.0.0.1:4566", "AWS_ACCESS_KEY_ID": "ASIAX",
                    "AWS_SECRET_ACCESS_KEY": "s", "AWS_SESSION_TOKEN": "t"})
    assert api.invoke({}, wait=30)[2] == "http://127.0.0.1:4566"
