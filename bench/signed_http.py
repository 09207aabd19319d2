"""Helpers shared by the P10-P12 scripts (startup.py, idle_memory.py, function_start.py): the
root credentials of a data directory, boto3 clients for set-up, and requests SigV4-signed once
by botocore and re-sent as they are over one keep-alive http.client connection, so that the
client adds as little as possible to what is timed (as the load generator does, they are
re-signed every 60 s).
"""
import configparser
import http.client
import os
import time

import boto3
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.config import Config
from botocore.credentials import Credentials

REGION = "us-east-1"
RESIGN_S = 60


def root_credentials(data_dir):
    """The root keys `freshet serve` writes into its data directory, as boto3 arguments."""
    cp = configparser.ConfigParser()
    cp.read(os.path.join(data_dir, "credentials"))
    return dict(aws_access_key_id=cp["freshet"]["aws_access_key_id"],
                aws_secret_access_key=cp["freshet"]["aws_secret_access_key"])


def client(endpoint, service, creds):
    return boto3.client(service, endpoint_url=endpoint, region_name=REGION,
                        config=Config(retries={"max_attempts": 0}), **creds)


class SignedRequest:
    """One request (method, path, body, headers) signed for `service` with `creds`."""

    def __init__(self, creds, service, method, path, body=b"", headers=None):
        self.creds = Credentials(creds["aws_access_key_id"], creds["aws_secret_access_key"])
        self.service, self.method, self.path = service, method, path
        self.body = body.encode() if isinstance(body, str) else body
        self.extra = dict(headers or {})
        self.signed_at = None
        self.headers = None

    def sign(self, conn):
        """Signs for `conn`'s host now (send() does it when the signature is missing or old)."""
        host = "%s:%d" % (conn.host, conn.port)
        r = AWSRequest(method=self.method, url="http://%s%s" % (host, self.path),
                       data=self.body, headers=dict(self.extra))
        SigV4Auth(self.creds, self.service, REGION).add_auth(r)
        self.headers = dict(r.headers.items())
        self.headers["Content-Length"] = str(len(self.body))
        self.signed_at = time.monotonic()

    def send(self, conn):
        """Sends on `conn` (an http.client.HTTPConnection); returns (status, headers, body)."""
        if self.signed_at is None or time.monotonic() - self.signed_at > RESIGN_S:
            self.sign(conn)
        conn.request(self.method, self.path, body=self.body or None, headers=self.headers)
        resp = conn.getresponse()
        return resp.status, resp.headers, resp.read()


def connect(endpoint):
    host, port = endpoint.split("//", 1)[1].rsplit(":", 1)
    return http.client.HTTPConnection(host, int(port))


def status_kib(pid, field):
    """A `kB` field of /proc/<pid>/status (VmRSS, RssAnon, RssFile, VmHWM ...), in KiB."""
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise KeyError(field)
