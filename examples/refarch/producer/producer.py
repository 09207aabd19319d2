#!/usr/bin/env python3
"""Puts tweets on the reference architecture's Kinesis stream, signed with the client's keys.

The AWS sample read Twitter's streaming API and called `put_record` once per status, with the
access key the stack created for its client user and the screen name as partition key. This
producer keeps that shape; the statuses come from a file (JSON lines, or one JSON array, of
Twitter v1.1 status objects) or from the generator in tweets.py.

Where the stream and keys come from:
  --stack NAME          read the stack's outputs (AccessKeyId, SecretAccessKey, KinesisStream,
                        Region) with CloudFormation DescribeStacks, signed with your own
                        credentials (environment, --profile, ...)
  --stream/--access-key/--secret-key/--region
                        give them yourself (they override what --stack found)

    python3 producer.py --stack refarch --profile freshet --count 1000 --rate 50
    python3 producer.py --stack refarch --file sample_tweets.jsonl

Puts that fail because the server cannot be reached, or answers with a throttling or server
error, are retried with backoff for up to --retry-for seconds (and, until the first put
succeeds, so are authentication errors for 15 s: new IAM keys take a moment to work on AWS).
A put counts as done only once Kinesis acknowledged it. A retried put may have been stored
before the connection broke, so the stream can hold a tweet twice; the table, keyed by user
and tweet id, keeps it once. A put that cannot succeed stops the producer.

Exit status: 0 when every tweet was acknowledged, 1 when one could not be put (or the stack
could not be read), 2 for usage errors, 130 when interrupted (Ctrl-C); a summary line on
stderr in every case.
"""
import argparse
import json
import os
import queue
import sys
import threading
import time

import boto3
import botocore.exceptions
from botocore.config import Config

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tweets as tweet_generator  # noqa: E402

DEFAULT_ENDPOINT = "http://127.0.0.1:4566"
# Kinesis and generic AWS error codes worth another attempt (the others will not change).
RETRYABLE_CODES = {"ProvisionedThroughputExceededException", "ThrottlingException",
                   "LimitExceededException", "InternalFailure", "InternalError",
                   "InternalServerError", "ServiceUnavailable", "ServiceUnavailableException",
                   "KMSThrottlingException", "RequestTimeout", "RequestTimeoutException"}
# Codes of a key AWS does not know yet: IAM access keys take a few seconds to work everywhere
# after CreateAccessKey, so until one put has succeeded these are retried for a while.
NEW_KEY_CODES = {"UnrecognizedClientException", "InvalidSignatureException",
                 "AccessDeniedException"}
NEW_KEY_GRACE_SECONDS = 15
PUT_RECORDS_MAX = 500  # Kinesis PutRecords: at most 500 records per call


class PutFailed(Exception):
    """A put that cannot succeed (access denied, no such stream) or ran out of retry time."""


def parse_args(argv=None):
    ap = argparse.ArgumentParser(
        description="Put tweets on the stream of the stream-processing reference architecture.")
    where = ap.add_argument_group("stream and credentials")
    where.add_argument("--stack", help="read stream, keys and region from this stack's outputs")
    where.add_argument("--profile", help="AWS profile to read the stack with (your own keys)")
    where.add_argument("--stream", help="Kinesis stream name (output KinesisStream)")
    where.add_argument("--access-key", help="client access key id (output AccessKeyId)")
    where.add_argument("--secret-key", help="client secret key (output SecretAccessKey)")
    where.add_argument("--region", help="region (output Region)")
    where.add_argument("--endpoint-url", default=os.environ.get("AWS_ENDPOINT_URL",
                                                                DEFAULT_ENDPOINT),
                       help="server URL (default $AWS_ENDPOINT_URL, else %s)" % DEFAULT_ENDPOINT)
    source = ap.add_argument_group("tweets")
    source.add_argument("--file", help="JSON lines or a JSON array of Twitter v1.1 statuses")
    source.add_argument("--count", type=int, default=100,
                        help="generated tweets to put (0: until interrupted; default 100)")
    source.add_argument("--seed", type=int, default=0, help="generator seed (default 0)")
    sending = ap.add_argument_group("sending")
    sending.add_argument("--rate", type=float, default=0,
                         help="tweets per second (0, the default: as fast as possible)")
    sending.add_argument("--workers", type=int, default=1,
                         help="concurrent put_record calls (default 1, like the original)")
    sending.add_argument("--batch", action="store_true",
                         help="use put_records, up to 500 tweets a call, instead of put_record")
    sending.add_argument("--retry-for", type=float, default=60,
                         help="give up on a put after retrying it this many seconds (default 60)")
    sending.add_argument("--quiet", action="store_true", help="no progress line")
    a = ap.parse_args(argv)
    if a.workers < 1 or a.rate < 0 or a.count < 0:
        ap.error("--workers must be at least 1, --rate and --count not negative")
    return a


def stack_outputs(a):
    """The stack's outputs, read with the caller's own credentials."""
    session = boto3.session.Session(profile_name=a.profile, region_name=a.region)
    cfn = session.client("cloudformation", endpoint_url=a.endpoint_url,
                         region_name=a.region or session.region_name or "us-east-1")
    stack = cfn.describe_stacks(StackName=a.stack)["Stacks"][0]
    return {o["OutputKey"]: o["OutputValue"] for o in stack.get("Outputs", [])}


def resolve_target(a):
    """(stream, access key, secret key, region) from --stack and the explicit options."""
    found = stack_outputs(a) if a.stack else {}
    target = (a.stream or found.get("KinesisStream"),
              a.access_key or found.get("AccessKeyId"),
              a.secret_key or found.get("SecretAccessKey"),
              a.region or found.get("Region"))
    missing = [name for name, v in zip(("--stream", "--access-key", "--secret-key", "--region"),
                                       target) if not v]
    if missing:
        print("producer: missing %s (give --stack or the options)" % ", ".join(missing),
              file=sys.stderr)
        raise SystemExit(2)
    return target


def read_file(path):
    """Statuses from a file holding a JSON array or one JSON object per line."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    if text.lstrip().startswith("["):
        yield from json.loads(text)
        return
    for n, line in enumerate(text.splitlines(), 1):
        if line.strip():
            try:
                yield json.loads(line)
            except ValueError as e:
                raise SystemExit("producer: %s line %d is not JSON: %s" % (path, n, e))


def tweets_from(a):
    source = read_file(a.file) if a.file else tweet_generator.generate(a.count or None, a.seed)
    for status in source:
        # Statuses only, as the original (the stream also carried deletes and limit notices).
        if "text" in status and "screen_name" in (status.get("user") or {}):
            yield status


def record_of(tweet):
    return {"Data": json.dumps(tweet, ensure_ascii=False).encode("utf-8"),
            "PartitionKey": tweet["user"]["screen_name"]}


def is_retryable(error):
    """Could the same put succeed later? Connection problems, throttling, server errors."""
    if isinstance(error, (botocore.exceptions.HTTPClientError,
                          botocore.exceptions.ConnectionError)):
        return True
    if isinstance(error, botocore.exceptions.ClientError):
        status = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0)
        return error.response.get("Error", {}).get("Code") in RETRYABLE_CODES or status >= 500
    return False


class Producer:
    """Puts tweets on the stream and counts what happened; thread-safe counters."""

    def __init__(self, stream, access_key, secret_key, region, endpoint_url, retry_for=60,
                 workers=1, batch=False, rate=0):
        self.stream, self.retry_for = stream, retry_for
        self.workers, self.batch, self.rate = workers, batch, rate
        self._client_args = dict(
            endpoint_url=endpoint_url, region_name=region, aws_access_key_id=access_key,
            aws_secret_access_key=secret_key,
            # The producer decides about retries itself (see put_one); short timeouts so a
            # dead server is noticed quickly.
            config=Config(retries={"max_attempts": 0}, connect_timeout=3, read_timeout=10))
        self.lock = threading.Lock()
        self.acknowledged = 0  # tweets Kinesis acknowledged
        self.retries = 0       # failed attempts that were tried again
        self.failed = 0        # tweets given up on (the producer then stops)
        self.stop = threading.Event()
        self.started = time.monotonic()

    def client(self):
        return boto3.session.Session().client("kinesis", **self._client_args)

    def _count(self, acknowledged=0, retries=0, failed=0):
        with self.lock:
            self.acknowledged += acknowledged
            self.retries += retries
            self.failed += failed

    def _retryable(self, error):
        if is_retryable(error):
            return True
        code = getattr(error, "response", {}).get("Error", {}).get("Code")
        return code in NEW_KEY_CODES and self.acknowledged == 0 and \
            time.monotonic() - self.started < NEW_KEY_GRACE_SECONDS

    def _backoff(self, attempt, deadline):
        """Sleeps before another attempt; False when the retry time is over (or on stop)."""
        delay = min(0.05 * 2 ** attempt, 1.0)
        if time.monotonic() + delay > deadline:
            return False
        return not self.stop.wait(delay)

    def put_one(self, kinesis, tweet):
        """put_record, retried while the error is retryable and time is left; PutFailed when
        the put cannot succeed: the producer then stops, since the next ones would not either."""
        record = record_of(tweet)
        deadline = time.monotonic() + self.retry_for
        attempt = 0
        while True:
            try:
                kinesis.put_record(StreamName=self.stream, **record)
                self._count(acknowledged=1)
                return True
            except Exception as e:  # noqa: BLE001: decided by _retryable
                if not self._retryable(e):
                    self._count(failed=1)
                    raise PutFailed(str(e)) from e
                if not self._backoff(attempt, deadline):
                    if self.stop.is_set():
                        return False
                    self._count(failed=1)
                    raise PutFailed("gave up after %g s: %s" % (self.retry_for, e)) from e
                self._count(retries=1)
                attempt += 1

    def put_many(self, kinesis, batch):
        """put_records with up to 500 tweets; the records it reports failed are sent again."""
        pending = [record_of(t) for t in batch]
        deadline = time.monotonic() + self.retry_for
        attempt = 0
        while pending:
            try:
                out = kinesis.put_records(StreamName=self.stream, Records=pending)
                rejected = [(r, res) for r, res in zip(pending, out["Records"])
                            if "ErrorCode" in res]
                self._count(acknowledged=len(pending) - len(rejected))
                pending = [r for r, _ in rejected]
                if rejected:
                    error = "%s: %s" % (rejected[0][1]["ErrorCode"],
                                        rejected[0][1].get("ErrorMessage", ""))
            except Exception as e:  # noqa: BLE001: decided by _retryable
                if not self._retryable(e):
                    self._count(failed=len(pending))
                    raise PutFailed(str(e)) from e
                error = str(e)
            if pending:
                if not self._backoff(attempt, deadline):
                    if self.stop.is_set():
                        return False
                    self._count(failed=len(pending))
                    raise PutFailed("gave up after %g s: %s" % (self.retry_for, error))
                self._count(retries=len(pending))
                attempt += 1
        return True

    def _units(self, tweets):
        """What one call sends: a tweet, or a list of up to 500 with --batch."""
        if not self.batch:
            yield from tweets
            return
        chunk = []
        for t in tweets:
            chunk.append(t)
            # With a rate, send what is due rather than wait to fill 500.
            if len(chunk) == PUT_RECORDS_MAX or (self.rate and len(chunk) >= self.rate / 10):
                yield chunk
                chunk = []
        if chunk:
            yield chunk

    def _paced(self, units):
        """The units, released no faster than --rate tweets per second."""
        next_at = time.monotonic()
        for unit in units:
            if self.stop.is_set():
                return
            if self.rate:
                if self.stop.wait(max(0.0, next_at - time.monotonic())):
                    return
                next_at = max(next_at, time.monotonic() - 1.0) + \
                    (len(unit) if isinstance(unit, list) else 1) / self.rate
            yield unit

    def _send(self, kinesis, unit):
        return self.put_many(kinesis, unit) if isinstance(unit, list) else \
            self.put_one(kinesis, unit)

    def run(self, tweets):
        """Puts every tweet; returns when all are done, or stop is set, or a put cannot work."""
        units = self._paced(self._units(tweets))
        if self.workers == 1:
            kinesis = self.client()
            for unit in units:
                self._send(kinesis, unit)
            return
        work = queue.Queue(maxsize=self.workers * 4)
        fatal = []

        def worker():
            kinesis = self.client()
            while True:
                unit = work.get()
                if unit is None:
                    return
                try:
                    if not self.stop.is_set():
                        self._send(kinesis, unit)
                except Exception as e:  # noqa: BLE001: PutFailed, or a bug: stop, report it
                    fatal.append(e)
                    self.stop.set()

        threads = [threading.Thread(target=worker, daemon=True) for _ in range(self.workers)]
        for t in threads:
            t.start()
        try:
            for unit in units:
                while not self.stop.is_set():
                    try:
                        work.put(unit, timeout=0.2)
                        break
                    except queue.Full:
                        pass
                if self.stop.is_set():
                    break
        except BaseException:  # Ctrl-C: the workers drop what is queued and finish
            self.stop.set()
            raise
        finally:
            for _ in threads:
                work.put(None)
            for t in threads:
                t.join()
        if fatal:
            raise fatal[0]

    def summary(self):
        elapsed = max(time.monotonic() - self.started, 1e-9)
        return "%d tweets put in %.1f s (%.0f/s), %d retried attempts, %d failed" % (
            self.acknowledged, elapsed, self.acknowledged / elapsed, self.retries, self.failed)


def report_progress(producer, total, stop):
    """A progress line on stderr: rewritten in place on a terminal, every 5 s otherwise."""
    tty = sys.stderr.isatty()
    while not stop.wait(0.5 if tty else 5.0):
        elapsed = max(time.monotonic() - producer.started, 1e-9)
        line = "put %d%s tweets (%.0f/s), %d retries, %d failed" % (
            producer.acknowledged, "/%d" % total if total else "",
            producer.acknowledged / elapsed, producer.retries, producer.failed)
        sys.stderr.write(("\r" + line + "\x1b[K") if tty else line + "\n")
        sys.stderr.flush()
    if tty:
        sys.stderr.write("\r\x1b[K")


def main(argv=None):
    a = parse_args(argv)
    try:
        stream, key, secret, region = resolve_target(a)
    except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:
        print("producer: cannot read the stack: %s" % e, file=sys.stderr)
        return 1
    producer = Producer(stream, key, secret, region, a.endpoint_url, retry_for=a.retry_for,
                        workers=a.workers, batch=a.batch, rate=a.rate)
    total = None if a.file else a.count
    progress_stop = threading.Event()
    if not a.quiet:
        threading.Thread(target=report_progress, args=(producer, total, progress_stop),
                         daemon=True).start()
    code = 0
    try:
        producer.run(tweets_from(a))
    except KeyboardInterrupt:
        producer.stop.set()
        code = 130
    except PutFailed as e:
        print("producer: cannot put on %s: %s" % (stream, e), file=sys.stderr)
        code = 1
    finally:
        progress_stop.set()
    if code == 0 and producer.failed:
        code = 1
    print(("interrupted: " if code == 130 else "") + producer.summary(), file=sys.stderr)
    return code


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:  # a second Ctrl-C while finishing
        sys.exit(130)
