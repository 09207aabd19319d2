"""HTTP/2 cleartext (prior knowledge) on the same port: what the AWS SDK for JavaScript v3
uses for Kinesis. Driven by Node's own HTTP/2 client and the SDK's NodeHttp2Handler."""
import json
import os
import subprocess

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def test_h2c_health_streams_and_a_signed_sdk_call(server, root_keys):
    out = subprocess.run(["node", "--no-warnings", os.path.join(ROOT, "tests/compat/js/h2_sts.mjs"),
                          server.endpoint, *root_keys], capture_output=True, text=True,
                         timeout=60, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["health"] == [[200, "ok"]] * 4
    assert result["arn"] == "arn:aws:iam::%s:root" % result["account"]
    assert result["denied"] == "SignatureDoesNotMatch"
