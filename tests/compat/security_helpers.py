"""Helpers for the security checks (test_security.py, docs/security.md): raw HTTP requests with
full control over what is signed and how, the error code of any of Freshet's error shapes,
and walking a directory for files whose name carries a marker."""
import datetime
import http.client
import json
import os
import re
import uuid
from unittest import mock

import botocore.auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

J10 = "application/x-amz-json-1.0"
J11 = "application/x-amz-json-1.1"
FORM = "application/x-www-form-urlencoded"


def marker(prefix="sec"):
    return "%s%s" % (prefix, uuid.uuid4().hex[:12])


class Raw:
    """One request as sent on the wire: method, Host header, path, query, body, headers."""

    def __init__(self, method, host, path, query="", body=b"", headers=None):
        self.method, self.host, self.path, self.query = method, host, path, query
        self.body = body.encode() if isinstance(body, str) else body
        self.headers = dict(headers or {})

    def target(self):
        return self.path + ("?" + self.query if self.query else "")

    def send(self, port, headers=None, target=None):
        """Answers (status, headers with lower-case names, body bytes)."""
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        try:
            h = dict(headers if headers is not None else self.headers)
            h["Host"] = self.host
            conn.request(self.method, target or self.target(), body=self.body or None, headers=h)
            r = conn.getresponse()
            return r.status, {k.lower(): v for k, v in r.getheaders()}, r.read()
        finally:
            conn.close()

    def signed_headers(self, key, secret, service, token=None, when=None):
        """The headers with a SigV4 Authorization for `service` (S3's variant for "s3")."""
        url = "http://%s%s" % (self.host, self.target())
        req = AWSRequest(method=self.method, url=url, data=self.body, headers=dict(self.headers))
        cls = botocore.auth.S3SigV4Auth if service == "s3" else botocore.auth.SigV4Auth
        signer = cls(Credentials(key, secret, token), service, "us-east-1")
        if when is None:
            signer.add_auth(req)
        else:
            with signing_time(when):
                signer.add_auth(req)
        return dict(req.headers.items())

    def presigned_target(self, key, secret, service):
        url = "http://%s%s" % (self.host, self.target())
        req = AWSRequest(method=self.method, url=url, data=self.body, headers=dict(self.headers))
        cls = botocore.auth.S3SigV4QueryAuth if service == "s3" else botocore.auth.SigV4QueryAuth
        cls(Credentials(key, secret), service, "us-east-1", expires=300).add_auth(req)
        return req.url[len("http://" + self.host):]


def signing_time(when):
    """Makes botocore sign at `when` (old and new botocore)."""
    if hasattr(botocore.auth, "get_current_datetime"):
        return mock.patch.object(botocore.auth, "get_current_datetime", return_value=when)
    fake = mock.MagicMock(wraps=datetime)
    fake.datetime.utcnow.return_value = when
    return mock.patch.object(botocore.auth, "datetime", fake)


def tamper_signature(headers):
    """The same headers with the signature's last hex digit changed."""
    h = dict(headers)
    auth = h["Authorization"]
    h["Authorization"] = auth[:-1] + ("0" if auth[-1] != "0" else "1")
    return h


def error_code(headers, body):
    """The error code of a JSON (__type), REST-JSON (x-amzn-ErrorType) or XML (<Code>) error."""
    if headers.get("x-amzn-errortype"):
        return headers["x-amzn-errortype"].split(":")[0]
    text = body.decode("utf-8", "replace")
    if text.startswith("{"):
        t = json.loads(text).get("__type", "")
        return t.split("#")[-1]
    m = re.search(r"<Code>([^<]+)</Code>", text)
    return m.group(1) if m else None


def files_named(root, needle):
    """Every path under root (files, folders, links) whose name contains needle."""
    found = []
    for dirpath, dirnames, filenames in os.walk(root):
        for n in dirnames + filenames:
            if needle in n:
                found.append(os.path.join(dirpath, n))
    return found


def tree(root, skip=("db",)):
    """Relative paths of every file and folder under root, but inside the top-level `skip`
    folders (RocksDB's own files come and go with flushes and compactions)."""
    out = set()
    for dirpath, dirnames, filenames in os.walk(root):
        rel = os.path.relpath(dirpath, root)
        if rel.split(os.sep)[0] in skip:
            dirnames[:] = []
            continue
        for n in dirnames + filenames:
            out.add(os.path.normpath(os.path.join(rel, n)))
    return out
