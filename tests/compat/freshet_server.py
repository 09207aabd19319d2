"""Starts a real `freshet serve` on a free port with a temporary data directory.

Used by the pytest fixtures and by any script that needs a server: waits for the `Ready.`
line, reads the port and the root credentials the server wrote, and stops the server with
SIGTERM (checking that it exits cleanly) or SIGKILL.
"""
import configparser
import os
import re
import signal
import subprocess
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BINARY = os.environ.get("FRESHET_BIN", os.path.join(ROOT, "build", "freshet"))


class FreshetServer:
    def __init__(self, data_dir=None, extra_args=(), env=None):
        self._tmp = None
        if data_dir is None:
            self._tmp = tempfile.TemporaryDirectory(prefix="freshet-test-")
            data_dir = self._tmp.name
        self.data_dir = data_dir
        self.extra_args = list(extra_args)
        self.env = dict(os.environ, **(env or {}))
        self.proc = None
        self.port = None
        self.output = []

    def start(self, timeout=30):
        args = [BINARY, "serve", "--port", "0", "--data-dir", self.data_dir] + self.extra_args
        self.output = []
        self.proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                     env=self.env, text=True)
        ready = threading.Event()

        def pump():
            for line in self.proc.stdout:
                self.output.append(line)
                m = re.search(r"listening on http://[^:]+:(\d+)", line)
                if m:
                    self.port = int(m.group(1))
                if line.strip() == "Ready.":
                    ready.set()
            ready.set()

        threading.Thread(target=pump, daemon=True).start()
        if not ready.wait(timeout) or self.proc.poll() is not None or self.port is None:
            raise RuntimeError("freshet did not become ready:\n" + "".join(self.output))
        return self

    @property
    def endpoint(self):
        return "http://127.0.0.1:%d" % self.port

    def root_credentials(self):
        cp = configparser.ConfigParser()
        cp.read(os.path.join(self.data_dir, "credentials"))
        return cp["freshet"]["aws_access_key_id"], cp["freshet"]["aws_secret_access_key"]

    def stop(self, timeout=30):
        """Graceful stop; returns the exit code."""
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            self.proc.wait(timeout)
        return self.proc.returncode if self.proc else None

    def kill(self):
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()

    def cleanup(self):
        self.kill()
        if self._tmp:
            self._tmp.cleanup()


def wait_for(predicate, timeout=10.0, interval=0.02):
    """Waits until predicate() is true; fails after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(interval)
    raise AssertionError("condition not met within %.1f s" % timeout)
