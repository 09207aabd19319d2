"""Freshet's Python runtime: runs a Lambda handler against the Runtime API with the context
object, error documents, error types and log format of Lambda's Python runtimes. Started by
the function supervisor as `python3 bootstrap.py` with Lambda's environment (_HANDLER,
LAMBDA_TASK_ROOT, AWS_LAMBDA_RUNTIME_API, AWS_LAMBDA_FUNCTION_NAME, ...)."""
import http.client
import importlib
import json
import logging
import os
import sys
import time
import traceback

API = os.environ.get("AWS_LAMBDA_RUNTIME_API", "127.0.0.1:9001")
BASE = "/2018-06-01/runtime"


class FaultException(Exception):
    """A failure of the runtime itself, reported with one of AWS's Runtime.* error types."""

    def __init__(self, error_type, message, trace=None):
        super().__init__(message)
        self.error_type = error_type
        self.message = message
        self.trace = trace or []


def call(method, path, body=None, headers=None):
    conn = http.client.HTTPConnection(API, timeout=None)
    try:
        conn.request(method, BASE + path, body=body, headers=headers or {})
        res = conn.getresponse()
        return res.status, dict((k.lower(), v) for k, v in res.getheaders()), res.read()
    finally:
        conn.close()


def error_document(error_type, message, trace):
    return {"errorMessage": message, "errorType": error_type, "requestId": "",
            "stackTrace": trace}


def user_error(exc):
    trace = traceback.format_list(traceback.extract_tb(exc.__traceback__)[1:])
    return error_document(type(exc).__name__, str(exc), trace)


def load_handler(handler):
    try:
        modname, fname = handler.rsplit(".", 1)
    except ValueError as e:
        raise FaultException("Runtime.MalformedHandlerName", "Bad handler '%s': %s" % (handler, e))
    try:
        if modname.split(".")[0] in sys.builtin_module_names:
            raise FaultException("Runtime.BuiltInModuleConflict",
                                 "Cannot use built-in module %s as a handler module" % modname)
        module = importlib.import_module(modname.replace("/", "."))
    except FaultException:
        raise
    except ImportError as e:
        raise FaultException("Runtime.ImportModuleError",
                             "Unable to import module '%s': %s" % (modname, e))
    except SyntaxError as e:
        raise FaultException("Runtime.UserCodeSyntaxError",
                             "Syntax error in module '%s': %s" % (modname, e),
                             traceback.format_list(traceback.extract_tb(e.__traceback__)))
    try:
        return getattr(module, fname)
    except AttributeError:
        raise FaultException("Runtime.HandlerNotFound",
                             "Handler '%s' missing on module '%s'" % (fname, modname))


class LambdaContext:
    def __init__(self, request_id, deadline_ms, arn, client_context, identity):
        env = os.environ
        self.aws_request_id = request_id
        self.invoked_function_arn = arn
        self.function_name = env.get("AWS_LAMBDA_FUNCTION_NAME")
        self.function_version = env.get("AWS_LAMBDA_FUNCTION_VERSION")
        self.memory_limit_in_mb = env.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE")
        self.log_group_name = env.get("AWS_LAMBDA_LOG_GROUP_NAME")
        self.log_stream_name = env.get("AWS_LAMBDA_LOG_STREAM_NAME")
        self.client_context = client_context
        self.identity = identity
        self._deadline_ms = deadline_ms

    def get_remaining_time_in_millis(self):
        return max(self._deadline_ms - int(time.time() * 1000), 0)


class RequestIdFilter(logging.Filter):
    request_id = ""

    def filter(self, record):
        record.aws_request_id = RequestIdFilter.request_id
        return True


def setup_logging():
    # Lambda's format for the logging module: [LEVEL]\t<ISO time>\t<request id>\t<message>.
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(logging.Formatter(
        "[%(levelname)s]\t%(asctime)s.%(msecs)03dZ\t%(aws_request_id)s\t%(message)s\n",
        "%Y-%m-%dT%H:%M:%S"))
    handler.formatter.converter = time.gmtime
    handler.addFilter(RequestIdFilter())
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.WARNING)


def point_sdk_at_freshet():
    """boto3 from 1.28 reads AWS_ENDPOINT_URL itself; older ones get it as the default
    endpoint of every client and resource a function creates."""
    endpoint = os.environ.get("AWS_ENDPOINT_URL")
    if not endpoint:
        return
    try:
        import boto3.session
    except ImportError:
        return
    for name in ("client", "resource"):
        original = getattr(boto3.session.Session, name)

        def with_endpoint(self, *args, _original=original, **kwargs):
            kwargs.setdefault("endpoint_url", endpoint)
            return _original(self, *args, **kwargs)

        setattr(boto3.session.Session, name, with_endpoint)


def flush_output():
    # What the handler printed belongs to its invocation's log: out before the result is.
    sys.stdout.flush()
    sys.stderr.flush()


def invoke(handler, status, headers, body):
    request_id = headers["lambda-runtime-aws-request-id"]
    RequestIdFilter.request_id = request_id
    if headers.get("lambda-runtime-trace-id"):
        os.environ["_X_AMZN_TRACE_ID"] = headers["lambda-runtime-trace-id"]
    cc = headers.get("lambda-runtime-client-context")
    ci = headers.get("lambda-runtime-cognito-identity")
    context = LambdaContext(request_id, int(headers.get("lambda-runtime-deadline-ms", "0")),
                            headers.get("lambda-runtime-invoked-function-arn"),
                            json.loads(cc) if cc else None, json.loads(ci) if ci else None)
    try:
        result = handler(json.loads(body or b"null"), context)
        payload = json.dumps(result)
    except Exception as exc:  # the handler's failure is the invocation's result
        doc = user_error(exc)
        print("[ERROR] %s: %s" % (doc["errorType"], doc["errorMessage"]), file=sys.stderr)
        flush_output()
        call("POST", "/invocation/%s/error" % request_id, json.dumps(doc),
             {"Lambda-Runtime-Function-Error-Type": doc["errorType"]})
        return
    flush_output()
    call("POST", "/invocation/%s/response" % request_id, payload)


def main():
    root = os.environ.get("LAMBDA_TASK_ROOT", os.getcwd())
    sys.path.insert(0, root)
    setup_logging()
    point_sdk_at_freshet()
    try:
        handler = load_handler(os.environ.get("_HANDLER", ""))
    except FaultException as f:
        doc = error_document(f.error_type, f.message, f.trace)
        print("[ERROR] %s: %s" % (f.error_type, f.message), file=sys.stderr)
        call("POST", "/init/error", json.dumps(doc),
             {"Lambda-Runtime-Function-Error-Type": f.error_type})
        sys.exit(1)
    while True:
        status, headers, body = call("GET", "/invocation/next")
        if status != 200:
            sys.exit("Runtime API /invocation/next answered %d" % status)
        invoke(handler, status, headers, body)
        sys.stdout.flush()


if __name__ == "__main__":
    main()
