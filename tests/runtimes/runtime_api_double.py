"""A stand-in for Freshet's Runtime API, to unit-test the runtimes' bootstraps on their own:
it hands out queued invocations on /invocation/next and records what the runtime posts back.
The functions module serves the real Runtime API; this double only speaks its wire format."""
import json
import queue
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PREFIX = "/2018-06-01/runtime"


class RuntimeApiDouble:
    def __init__(self):
        self.pending = queue.Queue()
        self.results = {}
        self.init_error = None
        self.cond = threading.Condition()
        double = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                if self.path != PREFIX + "/invocation/next":
                    return self.send_error(404)
                inv = double.pending.get()
                body = json.dumps(inv["event"]).encode()
                self.send_response(200)
                self.send_header("Lambda-Runtime-Aws-Request-Id", inv["id"])
                self.send_header("Lambda-Runtime-Deadline-Ms", str(inv["deadline"]))
                self.send_header("Lambda-Runtime-Invoked-Function-Arn",
                                 "arn:aws:lambda:us-east-1:123456789012:function:fn")
                self.send_header("Lambda-Runtime-Trace-Id", "Root=1-00000000-000000000000000000000000")
                if inv.get("client_context"):
                    self.send_header("Lambda-Runtime-Client-Context", json.dumps(inv["client_context"]))
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode()
                error_type = self.headers.get("Lambda-Runtime-Function-Error-Type")
                parts = self.path[len(PREFIX):].split("/")
                with double.cond:
                    if self.path == PREFIX + "/init/error":
                        double.init_error = (error_type, json.loads(body))
                    elif len(parts) == 4 and parts[1] == "invocation":
                        double.results[parts[2]] = (parts[3], error_type, json.loads(body),
                                                    time.monotonic())
                    double.cond.notify_all()
                self.send_response(202)
                self.send_header("Content-Length", "16")
                self.end_headers()
                self.wfile.write(b'{"status":"OK"}\n')

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def invoke(self, event, timeout_ms=3000, client_context=None, wait=10.0):
        """Queues an invocation; returns (kind, error_type, body, seconds to the answer)."""
        inv_id = str(uuid.uuid4())
        start = time.monotonic()
        self.pending.put({"id": inv_id, "event": event, "client_context": client_context,
                          "deadline": int(time.time() * 1000) + timeout_ms})
        with self.cond:
            if not self.cond.wait_for(lambda: inv_id in self.results, timeout=wait):
                raise AssertionError("no answer within %.1f s" % wait)
            kind, error_type, body, at = self.results[inv_id]
        return kind, error_type, body, at - start, inv_id

    def wait_init_error(self, wait=10.0):
        with self.cond:
            if not self.cond.wait_for(lambda: self.init_error is not None, timeout=wait):
                raise AssertionError("no init error within %.1f s" % wait)
            return self.init_error

    def close(self):
        self.server.shutdown()
