import os
import sys

import boto3
import botocore
import pytest
from botocore.config import Config

sys.path.insert(0, os.path.dirname(__file__))
from freshet_server import FreshetServer  # noqa: E402
from mappings_helpers import open_to_functions  # noqa: E402

REGION = "us-east-1"


def pytest_report_header(config):
    return "boto3 %s, botocore %s (%s)" % (boto3.__version__, botocore.__version__,
                                            os.path.dirname(botocore.__file__))


@pytest.fixture
def tmp_path(tmp_path):
    return open_to_functions(tmp_path)


@pytest.fixture(scope="session")
def server():
    s = FreshetServer().start()
    yield s
    code = s.stop()
    s.cleanup()
    assert code == 0, "freshet did not exit cleanly:\n" + "".join(s.output)


@pytest.fixture(scope="session")
def root_keys(server):
    return server.root_credentials()


@pytest.fixture(scope="session")
def make_client(server, root_keys):
    def make(service, key=None, secret=None, token=None):
        key, secret = (key, secret) if key else root_keys
        return boto3.session.Session().client(
            service, endpoint_url=server.endpoint, region_name=REGION,
            aws_access_key_id=key, aws_secret_access_key=secret, aws_session_token=token,
            config=Config(retries={"max_attempts": 1}))
    return make
