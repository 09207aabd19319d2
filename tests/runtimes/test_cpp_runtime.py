"""The C++ runtime client (runtimes/cpp) through its example function, against a stand-in
Runtime API: results, function errors, and the deadline it sees."""
import os
import subprocess

import pytest

from runtime_api_double import RuntimeApiDouble

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ECHO = os.environ.get("FRESHET_CPP_ECHO", os.path.join(ROOT, "build", "runtimes", "echo-bootstrap"))


@pytest.fixture
def echo():
    if not os.path.exists(ECHO):
        pytest.fail("the example C++ function is not built: %s" % ECHO)
    api = RuntimeApiDouble()
    proc = subprocess.Popen([ECHO], env=dict(os.environ,
                                             AWS_LAMBDA_RUNTIME_API="127.0.0.1:%d" % api.port))
    yield api
    proc.kill()
    proc.wait()
    api.close()


def test_results_errors_and_deadline(echo):
    kind, _, body, _, _ = echo.invoke({"text": "caf\u00e9 \"quoted\""}, timeout_ms=5000)
    assert kind == "response"
    assert body["echo"] == {"text": "caf\u00e9 \"quoted\""}
    assert 0 < body["remaining_ms"] <= 5000
    kind, error_type, body, _, _ = echo.invoke([1, 2])
    assert (kind, error_type) == ("error", "InvalidInput")
    assert body["errorType"] == "InvalidInput"
    assert body["errorMessage"] == "the event must be a JSON object"
    # The process serves invocation after invocation.
    for i in range(20):
        assert echo.invoke({"i": i})[2]["echo"] == {"i": i}
