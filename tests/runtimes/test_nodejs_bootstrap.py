"""Freshet's Node.js runtime (runtimes/nodejs/bootstrap.js): the callback and context model of
Lambda's Node.js runtimes up to Node 22, AWS's error types and documents, the log format, and
the SDK v2 endpoint, against a stand-in Runtime API."""
import os
import subprocess
import textwrap

import pytest

from runtime_api_double import RuntimeApiDouble

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BOOTSTRAP = os.path.join(ROOT, "runtimes", "nodejs", "bootstrap.js")


@pytest.fixture
def run(tmp_path):
    started = []

    def start(code, handler="index.handler", filename="index.js", extra_env=None):
        (tmp_path / filename).write_text(textwrap.dedent(code))
        api = RuntimeApiDouble()
        env = dict(os.environ, AWS_LAMBDA_RUNTIME_API="127.0.0.1:%d" % api.port,
                   _HANDLER=handler, LAMBDA_TASK_ROOT=str(tmp_path),
                   AWS_LAMBDA_FUNCTION_NAME="stack-Fn-ABC123", AWS_LAMBDA_FUNCTION_VERSION="$LATEST",
                   AWS_LAMBDA_FUNCTION_MEMORY_SIZE="128", AWS_REGION="us-east-1",
                   AWS_LAMBDA_LOG_GROUP_NAME="/aws/lambda/stack-Fn-ABC123",
                   AWS_LAMBDA_LOG_STREAM_NAME="2026/11/26/[$LATEST]abc",
                   NODE_PATH=os.path.join(ROOT, "node_modules"), **(extra_env or {}))
        proc = subprocess.Popen(["node", BOOTSTRAP], env=env, cwd=str(tmp_path),
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        started.append((proc, api))
        return api, proc

    yield start
    for proc, api in started:
        proc.kill()
        proc.wait()
        api.close()


def test_callback_with_result_waits_for_the_event_loop(run):
    api, _ = run("""
        exports.handler = function (event, context, callback) {
            setTimeout(() => { global.late = true; }, 300);
            callback(null, {echo: event.x, remaining: context.getRemainingTimeInMillis() > 0});
        };
    """)
    kind, _, body, seconds, _ = api.invoke({"x": 1})
    assert kind == "response" and body == {"echo": 1, "remaining": True}
    assert seconds >= 0.25  # the pending timer ran first


def test_callback_without_waiting_answers_at_once(run):
    api, _ = run("""
        exports.handler = function (event, context, callback) {
            context.callbackWaitsForEmptyEventLoop = false;
            setTimeout(() => {}, 2000);
            callback(null, "quick");
        };
    """)
    kind, _, body, seconds, _ = api.invoke({})
    assert (kind, body) == ("response", "quick")
    assert seconds < 1.5


def test_context_succeed_fail_done_and_first_call_wins(run):
    api, _ = run("""
        exports.handler = function (event, context) {
            if (event.mode === "succeed") { context.succeed({ok: 1}); context.fail(new Error("late")); }
            if (event.mode === "fail") context.fail(new Error("boom"));
            if (event.mode === "fail-empty") context.fail();
            if (event.mode === "done") context.done(null, [1, 2]);
            if (event.mode === "done-error") context.done("text error");
        };
    """)
    assert api.invoke({"mode": "succeed"})[:3] == ("response", None, {"ok": 1})
    kind, error_type, body, _, _ = api.invoke({"mode": "fail"})
    assert (kind, error_type, body["errorType"], body["errorMessage"]) == ("error", "Error", "Error", "boom")
    assert body["trace"][0] == "Error: boom"
    _, _, body, _, _ = api.invoke({"mode": "fail-empty"})
    assert (body["errorType"], body["errorMessage"], body["trace"]) == ("string", "handled", [])
    assert api.invoke({"mode": "done"})[:3] == ("response", None, [1, 2])
    _, _, body, _, _ = api.invoke({"mode": "done-error"})
    assert (body["errorType"], body["errorMessage"]) == ("string", "text error")


def test_async_handlers_and_thrown_errors(run):
    api, _ = run("""
        exports.handler = async (event) => {
            if (event.throw) throw new TypeError("bad input");
            await new Promise((r) => setTimeout(r, 20));
            return {sum: event.a + event.b};
        };
    """)
    assert api.invoke({"a": 2, "b": 3})[:3] == ("response", None, {"sum": 5})
    _, error_type, body, _, _ = api.invoke({"throw": True})
    assert (error_type, body["errorType"], body["errorMessage"]) == ("TypeError", "TypeError", "bad input")


def test_a_handler_that_never_answers_returns_null(run):
    api, _ = run("exports.handler = function (event, context) {};\n")
    assert api.invoke({})[:3] == ("response", None, None)


def test_context_fields_and_client_context(run):
    api, _ = run("""
        exports.handler = (event, context, cb) => cb(null, {
            name: context.functionName, version: context.functionVersion,
            memory: context.memoryLimitInMB, arn: context.invokedFunctionArn,
            id: context.awsRequestId, group: context.logGroupName,
            cc: context.clientContext, trace: process.env._X_AMZN_TRACE_ID,
            table: context.functionName.split('-').slice(0, -2).join('-') + '-EventData'});
    """)
    _, _, body, _, inv_id = api.invoke({}, client_context={"custom": {"k": "v"}})
    assert body == {"name": "stack-Fn-ABC123", "version": "$LATEST", "memory": "128",
                    "arn": "arn:aws:lambda:us-east-1:123456789012:function:fn", "id": inv_id,
                    "group": "/aws/lambda/stack-Fn-ABC123", "cc": {"custom": {"k": "v"}},
                    "trace": "Root=1-00000000-000000000000000000000000",
                    "table": "stack-EventData"}


@pytest.mark.parametrize("code,handler,error_type,message", [
    ("exports.other = () => {};\n", "index.handler", "Runtime.HandlerNotFound",
     "index.handler is undefined or not exported"),
    ("exports.handler = 42;\n", "index.handler", "Runtime.HandlerNotFound",
     "index.handler is not a function"),
    ("exports.handler = () => {};\n", "nodots", "Runtime.MalformedHandlerName", "Bad handler"),
    ("exports.handler = () => {};\n", "../index.handler", "Runtime.MalformedHandlerName",
     "'../index.handler' is not a valid handler name. Use absolute paths when specifying root "
     "directories in handler names."),
    ("exports.handler = () => {};\n", "missing.handler", "Runtime.ImportModuleError", None),
    ("exports.handler = () => { oops(;\n", "index.handler", "Runtime.UserCodeSyntaxError", None),
])
def test_init_errors_use_aws_error_types(run, code, handler, error_type, message):
    api, proc = run(code, handler=handler)
    got_type, doc = api.wait_init_error()
    assert got_type == error_type and doc["errorType"] == error_type
    if message:
        assert doc["errorMessage"] == message
    assert proc.wait(10) != 0


def test_import_error_names_the_module(run):
    api, _ = run("const x = require('no-such-package');\nexports.handler = () => {};\n")
    _, doc = api.wait_init_error()
    assert doc["errorType"] == "Runtime.ImportModuleError"
    assert "Cannot find module 'no-such-package'" in doc["errorMessage"]


def test_es_module_handlers(run):
    api, _ = run("export const handler = async (e) => ({esm: e.v});\n", filename="index.mjs")
    assert api.invoke({"v": 7})[:3] == ("response", None, {"esm": 7})


def test_console_lines_use_lambdas_format(run):
    api, proc = run("""
        exports.handler = (e, c, cb) => { console.log("hello %s", "world", {a: 1});
                                          console.error("two\\nlines"); cb(null, 1); };
    """)
    _, _, _, _, inv_id = api.invoke({})
    proc.kill()
    out, err = (b.decode() for b in proc.communicate(timeout=10))  # bytes: keep the \r
    line = [l for l in out.splitlines() if "hello" in l][0].split("\t")
    assert line[1:] == [inv_id, "INFO", "hello world { a: 1 }"]
    assert line[0].endswith("Z") and "T" in line[0]
    assert "\t%s\tERROR\ttwo\rlines" % inv_id in err


def test_an_uncaught_exception_fails_the_invocation_and_ends_the_process(run):
    api, proc = run("""
        exports.handler = (e, c, cb) => { setTimeout(() => { throw new RangeError("async boom"); }, 10); };
    """)
    kind, error_type, body, _, _ = api.invoke({})
    assert (kind, error_type, body["errorMessage"]) == ("error", "RangeError", "async boom")
    assert proc.wait(10) == 129


def test_the_sdk_v2_is_pointed_at_freshet(run):
    api, _ = run("""
        const AWS = require('aws-sdk');
        const doc = new AWS.DynamoDB.DocumentClient();
        exports.handler = (e, c, cb) => cb(null, {endpoint: doc.service.endpoint.href,
                                                  region: doc.service.config.region,
                                                  key: AWS.config.credentials && AWS.config.credentials.accessKeyId});
    """, extra_env={"AWS_ENDPOINT_URL": "http://127.0.0.1:4566", "AWS_ACCESS_KEY_ID": "ASIATEST",
                    "AWS_SECRET_ACCESS_KEY": "secret", "AWS_SESSION_TOKEN": "token"})
    _, _, body, _, _ = api.invoke({}, wait=30)
    assert body["endpoint"] == "http://127.0.0.1:4566/"
    assert body["region"] == "us-east-1"
