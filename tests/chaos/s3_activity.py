"""S3 multipart uploads under SIGKILL, for pipeline_chaos.py.

A background thread runs multipart uploads one after the other: CreateMultipartUpload, two or
three parts (5 MiB each but the last, a few hundred KB), CompleteMultipartUpload. Every key is
used once and every part's bytes follow from (upload number, part number), so nothing needs to
be kept but what the server acknowledged: each upload's id, the ETag of each acknowledged part,
whether CompleteMultipartUpload was sent and whether it was acknowledged (with its ETag). An
upload whose call fails (the server was killed) is left as it is and a new one begins; one in
five uploads is left open on purpose after its parts.

check() then verifies, on the restarted server:
  - every acknowledged CompleteMultipartUpload: the object reads back byte for byte, with the
    ETag the completion returned, and the upload is gone (ListParts answers NoSuchUpload);
  - every completion sent but not acknowledged: the object is whole and correct, or absent with
    the upload still open (never a corrupt or partial object);
  - every upload left open: it is still open, ListParts has every acknowledged part
    with its ETag and size, any other part it lists has the ETag of its bytes, and there is no
    object under its key.
"""
import hashlib
import random
import threading
import time

BUCKET = "chaos-uploads"
MIB = 1024 * 1024


def part_bytes(upload, part, last):
    size = 5 * MIB if not last else 1000 + (upload * 7919 + part) % 300000
    return random.Random("%d/%d" % (upload, part)).randbytes(size)


def multipart_etag(bodies):
    digests = b"".join(hashlib.md5(b).digest() for b in bodies)
    return '"%s-%d"' % (hashlib.md5(digests).hexdigest(), len(bodies))


class Upload:
    def __init__(self, number, parts):
        self.number = number
        self.key = "upload-%05d" % number
        self.parts = parts  # how many parts it will have
        self.upload_id = None
        self.acked_parts = {}  # part number -> ETag
        self.complete_sent = False
        self.complete_etag = None  # set when CompleteMultipartUpload was acknowledged

    def body(self, part):
        return part_bytes(self.number, part, part == self.parts)


class S3Activity:
    def __init__(self, pipeline, seed):
        self.p = pipeline
        self.rnd = random.Random(seed)
        self.uploads = []
        self.in_flight = threading.Event()  # set while a multipart call is under way
        self.kills_in_flight = 0

    def setup(self):
        self.p.client("s3").create_bucket(Bucket=BUCKET)

    def completed(self):
        """How many completions were acknowledged so far."""
        return sum(1 for u in self.uploads if u.complete_etag is not None)

    def note_kill(self):
        if self.in_flight.is_set():
            self.kills_in_flight += 1

    def run(self):
        s3, endpoint = None, None
        number = 0
        while not self.p.stop.is_set():
            self.p.up.wait()
            if endpoint != self.p.server.endpoint:
                s3, endpoint = self.p.client("s3"), self.p.server.endpoint
            u = Upload(number, self.rnd.choice([2, 3]))
            number += 1
            leave_open = number % 5 == 0
            self.in_flight.set()
            try:
                self.upload(s3, u, leave_open)
            except Exception:
                time.sleep(0.05)
            finally:
                self.in_flight.clear()
            time.sleep(0.01)

    def upload(self, s3, u, leave_open):
        u.upload_id = s3.create_multipart_upload(Bucket=BUCKET, Key=u.key)["UploadId"]
        self.uploads.append(u)
        for n in range(1, u.parts + 1):
            if self.p.stop.is_set():
                return
            r = s3.upload_part(Bucket=BUCKET, Key=u.key, UploadId=u.upload_id, PartNumber=n,
                               Body=u.body(n))
            u.acked_parts[n] = r["ETag"]
        if leave_open:
            return
        u.complete_sent = True
        r = s3.complete_multipart_upload(
            Bucket=BUCKET, Key=u.key, UploadId=u.upload_id,
            MultipartUpload={"Parts": [{"PartNumber": n, "ETag": e}
                                       for n, e in sorted(u.acked_parts.items())]})
        u.complete_etag = r["ETag"]

    def open_parts(self, s3, u):
        """The parts ListParts lists for the upload, or None when it is not open (NoSuchUpload)."""
        try:
            r = s3.list_parts(Bucket=BUCKET, Key=u.key, UploadId=u.upload_id)
        except s3.exceptions.NoSuchUpload:
            return None
        return {p["PartNumber"]: p for p in r.get("Parts", [])}

    def read_object(self, s3, key):
        try:
            r = s3.get_object(Bucket=BUCKET, Key=key)
        except s3.exceptions.NoSuchKey:
            return None, None
        return r["Body"].read(), r["ETag"]

    def check(self):
        """Returns (summary figures, list of problems)."""
        s3 = self.p.client("s3")
        problems = []
        figures = {"uploads": len(self.uploads), "completed_acknowledged": 0,
                   "completed_unacknowledged": 0, "completion_not_applied": 0, "left_open": 0, "parts_acknowledged": 0,
                   "kills_during_multipart": self.kills_in_flight}
        for u in self.uploads:
            figures["parts_acknowledged"] += len(u.acked_parts)
            if u.complete_sent:
                problems += self.check_completion(s3, u, figures)
            else:
                figures["left_open"] += 1
                problems += self.check_open(s3, u)
        problems += self.check_listing(s3, figures)
        return figures, problems

    def check_listing(self, s3, figures):
        listed = [(x["Key"], x["UploadId"])
                  for page in s3.get_paginator("list_multipart_uploads").paginate(
                      Bucket=BUCKET, PaginationConfig={"PageSize": 3})
                  for x in page.get("Uploads", [])]
        problems = []
        if listed != sorted(listed, key=lambda x: x[0]):
            problems.append("ListMultipartUploads: uploads not in key order")
        ids = {i for _, i in listed}
        tracked = {u.upload_id for u in self.uploads}
        for u in self.uploads:
            is_open = self.open_parts(s3, u) is not None
            if is_open != (u.upload_id in ids):
                problems.append("%s: upload %s %s by ListMultipartUploads" % (
                    u.key, "open but not listed" if is_open else "gone but listed", u.upload_id))
        figures["uploads_listed"] = len(listed)
        figures["listed_unacknowledged_creates"] = len(ids - tracked)
        return problems

    def check_completion(self, s3, u, figures):
        data, etag = self.read_object(s3, u.key)
        bodies = [u.body(n) for n in sorted(u.acked_parts)]
        whole = b"".join(bodies)
        if u.complete_etag is not None:
            figures["completed_acknowledged"] += 1
            if data != whole or etag != u.complete_etag or etag != multipart_etag(bodies):
                return ["%s: acknowledged object %s" % (
                    u.key, "missing" if data is None else "differs")]
            if self.open_parts(s3, u) is not None:
                return ["%s: completed upload still open" % u.key]
            return []
        if data is None:
            parts = self.open_parts(s3, u)
            if parts is None:
                return ["%s: unacknowledged completion left neither object nor upload" % u.key]
            figures["completion_not_applied"] += 1
            return self.check_open(s3, u, parts)
        figures["completed_unacknowledged"] += 1
        if data != whole or etag != multipart_etag(bodies):
            return ["%s: object of an unacknowledged completion is corrupt (%d bytes)" % (
                u.key, len(data))]
        return []

    def check_open(self, s3, u, parts=None):
        parts = parts if parts is not None else self.open_parts(s3, u)
        if parts is None:
            return ["%s: open upload %s is gone" % (u.key, u.upload_id)]
        if self.read_object(s3, u.key)[0] is not None:
            return ["%s: an object exists for an upload never completed" % u.key]
        problems = []
        for n, etag in u.acked_parts.items():
            if n not in parts or parts[n]["ETag"] != etag or parts[n]["Size"] != len(u.body(n)):
                problems.append("%s: acknowledged part %d not listed as written" % (u.key, n))
        for n, p in parts.items():
            if p["ETag"] != '"%s"' % hashlib.md5(u.body(n)).hexdigest():
                problems.append("%s: part %d listed with a wrong ETag" % (u.key, n))
        return problems
