"""A small client of the console's HTTP API (src/console/README.md), as the page uses it:
a session cookie, the CSRF header, and AWS actions through /_console/api/call."""
import json
import urllib.error
import urllib.request


class ConsoleError(Exception):
    def __init__(self, status, body):
        super().__init__("%s %s" % (status, body))
        self.status = status
        self.body = body
        try:
            doc = json.loads(body)
        except ValueError:
            doc = {}
        self.code = doc.get("__type")
        self.message = doc.get("message")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Console:
    def __init__(self, endpoint):
        self.endpoint = endpoint
        self.cookie = None
        self.csrf = None
        self._opener = urllib.request.build_opener(_NoRedirect)

    def request(self, method, path, body=None, headers=None, raw=False):
        data = None if body is None else json.dumps(body).encode()
        h = dict(headers or {})
        if data is not None:
            h.setdefault("Content-Type", "application/json")
        if self.cookie:
            h["Cookie"] = self.cookie
        req = urllib.request.Request(self.endpoint + path, data=data, method=method, headers=h)
        try:
            with self._opener.open(req, timeout=60) as resp:
                status, text, hdrs = resp.status, resp.read().decode(), resp.headers
        except urllib.error.HTTPError as e:
            status, text, hdrs = e.code, e.read().decode(), e.headers
        if raw:
            return status, text, hdrs
        if status >= 400:
            raise ConsoleError(status, text)
        return json.loads(text) if text else None

    def _keep_cookie(self, headers):
        set_cookie = headers.get("Set-Cookie")
        if set_cookie:
            self.cookie = set_cookie.split(";", 1)[0]
        return set_cookie

    def sign_in(self, key, secret):
        status, text, headers = self.request(
            "POST", "/_console/api/session",
            {"accessKeyId": key, "secretAccessKey": secret}, raw=True)
        if status != 200:
            raise ConsoleError(status, text)
        self._keep_cookie(headers)
        session = json.loads(text)
        self.csrf = session["csrfToken"]
        return session

    def follow_link(self, path):
        status, _, headers = self.request("GET", path, raw=True)
        self._keep_cookie(headers)
        return status, headers.get("Location")

    def call(self, service, action, params=None):
        return self.request("POST", "/_console/api/call",
                            {"service": service, "action": action, "input": params or {}},
                            headers={"X-Freshet-Csrf": self.csrf or ""})
