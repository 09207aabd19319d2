"""The S3 subset as AWS clients see it: buckets, objects, ranges and conditional requests,
listing over thousands of keys, multipart uploads through boto3's transfer manager and the
AWS CLI, presigned URLs, aws-chunked uploads with per-chunk signatures, IAM on S3 actions, and
S3's exact error codes, statuses and messages. Written so that it could also run against AWS
(bucket names are random; nothing depends on Freshet internals)."""
import datetime
import hashlib
import json
import os
import shutil
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor

import boto3
import pytest
from boto3.s3.transfer import TransferConfig
from botocore.config import Config
from botocore.exceptions import ClientError


def bucket_name(prefix="b"):
    return "%s-%s" % (prefix, uuid.uuid4().hex[:12])


def error(excinfo):
    e = excinfo.value.response
    return e["Error"]["Code"], e["Error"].get("Message"), e["ResponseMetadata"]["HTTPStatusCode"]


@pytest.fixture(scope="module")
def s3(make_client):
    return make_client("s3")


@pytest.fixture()
def bucket(s3):
    name = bucket_name()
    s3.create_bucket(Bucket=name)
    yield name
    keys = [o["Key"] for p in s3.get_paginator("list_objects_v2").paginate(Bucket=name)
            for o in p.get("Contents", [])]
    for i in range(0, len(keys), 1000):
        s3.delete_objects(Bucket=name, Delete={"Objects": [{"Key": k} for k in keys[i:i + 1000]]})
    s3.delete_bucket(Bucket=name)


# --- buckets ---

def test_bucket_lifecycle(s3):
    name = bucket_name()
    assert s3.create_bucket(Bucket=name)["Location"] == "/" + name
    s3.head_bucket(Bucket=name)
    assert name in [b["Name"] for b in s3.list_buckets()["Buckets"]]
    assert s3.get_bucket_location(Bucket=name).get("LocationConstraint") is None
    with pytest.raises(ClientError) as e:
        s3.create_bucket(Bucket=name)
    assert error(e) == ("BucketAlreadyOwnedByYou",
                        "Your previous request to create the named bucket succeeded and you "
                        "already own it.", 409)
    s3.put_object(Bucket=name, Key="k", Body=b"x")
    with pytest.raises(ClientError) as e:
        s3.delete_bucket(Bucket=name)
    assert error(e) == ("BucketNotEmpty", "The bucket you tried to delete is not empty", 409)
    assert e.value.response["Error"]["BucketName"] == name
    s3.delete_object(Bucket=name, Key="k")
    s3.delete_bucket(Bucket=name)
    with pytest.raises(ClientError) as e:
        s3.head_bucket(Bucket=name)
    assert e.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404
    with pytest.raises(ClientError) as e:
        s3.list_objects_v2(Bucket=name)
    assert error(e) == ("NoSuchBucket", "The specified bucket does not exist", 404)


def test_bucket_with_location_constraint(s3):
    name = bucket_name()
    s3.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
    assert s3.get_bucket_location(Bucket=name)["LocationConstraint"] == "eu-west-1"
    s3.delete_bucket(Bucket=name)


@pytest.mark.parametrize("name", ["ab", "Upper-Case", "under_score", "a..b", "192.168.1.1",
                                  "-leading", "x" * 64])
def test_invalid_bucket_names(s3, name):
    with pytest.raises(ClientError) as e:
        s3.create_bucket(Bucket=name)
    assert error(e) == ("InvalidBucketName", "The specified bucket is not valid.", 400)


# --- objects ---

def test_put_get_head_delete(s3, bucket):
    body = b"hello, objects"
    put = s3.put_object(Bucket=bucket, Key="dir/a b+c.txt", Body=body, ContentType="text/plain",
                        Metadata={"Color": "blue"})
    assert put["ETag"] == '"%s"' % hashlib.md5(body).hexdigest()
    got = s3.get_object(Bucket=bucket, Key="dir/a b+c.txt")
    assert got["Body"].read() == body
    assert got["ContentType"] == "text/plain"
    assert got["ContentLength"] == len(body)
    assert got["Metadata"] == {"color": "blue"}
    assert got["ETag"] == put["ETag"]
    head = s3.head_object(Bucket=bucket, Key="dir/a b+c.txt")
    assert head["ContentLength"] == len(body) and head["ETag"] == put["ETag"]
    assert head["Metadata"] == {"color": "blue"}
    assert head["LastModified"] == got["LastModified"]
    s3.delete_object(Bucket=bucket, Key="dir/a b+c.txt")
    s3.delete_object(Bucket=bucket, Key="dir/a b+c.txt")  # deleting nothing is fine
    with pytest.raises(ClientError) as e:
        s3.get_object(Bucket=bucket, Key="dir/a b+c.txt")
    assert error(e) == ("NoSuchKey", "The specified key does not exist.", 404)
    assert e.value.response["Error"]["Key"] == "dir/a b+c.txt"
    with pytest.raises(ClientError) as e:
        s3.head_object(Bucket=bucket, Key="missing")
    assert e.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404


def test_empty_object_and_overwrite(s3, bucket):
    s3.put_object(Bucket=bucket, Key="k", Body=b"")
    assert s3.get_object(Bucket=bucket, Key="k")["Body"].read() == b""
    big = os.urandom(3 * 1024 * 1024 + 17)  # several chunks
    s3.put_object(Bucket=bucket, Key="k", Body=big)
    assert s3.get_object(Bucket=bucket, Key="k")["Body"].read() == big
    s3.put_object(Bucket=bucket, Key="k", Body=b"small")
    assert s3.get_object(Bucket=bucket, Key="k")["Body"].read() == b"small"


def test_content_md5(s3, bucket):
    import base64
    with pytest.raises(ClientError) as e:
        s3.put_object(Bucket=bucket, Key="k", Body=b"data",
                      ContentMD5=base64.b64encode(hashlib.md5(b"other").digest()).decode())
    assert error(e) == ("BadDigest",
                        "The Content-MD5 you specified did not match what we received.", 400)
    with pytest.raises(ClientError):
        s3.head_object(Bucket=bucket, Key="k")


def test_ranges(s3, bucket):
    data = bytes(range(256)) * 8192  # 2 MiB: ranges cross chunk boundaries
    s3.put_object(Bucket=bucket, Key="r", Body=data)

    def get(rng):
        r = s3.get_object(Bucket=bucket, Key="r", Range=rng)
        return r["ResponseMetadata"]["HTTPStatusCode"], r.get("ContentRange"), r["Body"].read()

    assert get("bytes=0-9") == (206, "bytes 0-9/%d" % len(data), data[:10])
    lo, hi = 1024 * 1024 - 5, 1024 * 1024 + 5
    assert get("bytes=%d-%d" % (lo, hi))[2] == data[lo:hi + 1]
    assert get("bytes=%d-" % (len(data) - 3))[2] == data[-3:]
    assert get("bytes=-7") == (206, "bytes %d-%d/%d" % (len(data) - 7, len(data) - 1, len(data)),
                               data[-7:])
    assert get("bytes=10-999999999")[2] == data[10:]
    with pytest.raises(ClientError) as e:
        get("bytes=%d-" % len(data))
    assert error(e) == ("InvalidRange", "The requested range is not satisfiable", 416)
    assert e.value.response["Error"]["ActualObjectSize"] == str(len(data))


def test_conditional_requests(s3, bucket):
    etag = s3.put_object(Bucket=bucket, Key="c", Body=b"v1")["ETag"]
    modified = s3.head_object(Bucket=bucket, Key="c")["LastModified"]
    past = modified - datetime.timedelta(hours=1)
    future = modified + datetime.timedelta(hours=1)
    assert s3.get_object(Bucket=bucket, Key="c", IfMatch=etag)["Body"].read() == b"v1"
    assert s3.get_object(Bucket=bucket, Key="c", IfNoneMatch='"other"')["Body"].read() == b"v1"
    assert s3.get_object(Bucket=bucket, Key="c", IfModifiedSince=past)["Body"].read() == b"v1"
    with pytest.raises(ClientError) as e:
        s3.get_object(Bucket=bucket, Key="c", IfMatch='"other"')
    assert error(e) == ("PreconditionFailed",
                        "At least one of the pre-conditions you specified did not hold", 412)
    assert e.value.response["Error"]["Condition"] == "If-Match"
    with pytest.raises(ClientError) as e:
        s3.get_object(Bucket=bucket, Key="c", IfUnmodifiedSince=past)
    assert error(e)[0] == "PreconditionFailed"
    for kwargs in ({"IfNoneMatch": etag}, {"IfModifiedSince": future}):
        with pytest.raises(ClientError) as e:
            s3.get_object(Bucket=bucket, Key="c", **kwargs)
        assert e.value.response["ResponseMetadata"]["HTTPStatusCode"] == 304
    with pytest.raises(ClientError) as e:
        s3.head_object(Bucket=bucket, Key="c", IfMatch='"other"')
    assert e.value.response["ResponseMetadata"]["HTTPStatusCode"] == 412


def test_copy_object(s3, bucket):
    s3.put_object(Bucket=bucket, Key="src", Body=b"copy me", ContentType="text/plain",
                  Metadata={"a": "1"})
    r = s3.copy_object(Bucket=bucket, Key="dst", CopySource={"Bucket": bucket, "Key": "src"})
    assert r["CopyObjectResult"]["ETag"] == '"%s"' % hashlib.md5(b"copy me").hexdigest()
    got = s3.get_object(Bucket=bucket, Key="dst")
    assert got["Body"].read() == b"copy me" and got["Metadata"] == {"a": "1"}
    assert got["ContentType"] == "text/plain"
    s3.copy_object(Bucket=bucket, Key="dst", CopySource="%s/src" % bucket,
                   MetadataDirective="REPLACE", Metadata={"b": "2"}, ContentType="x/y")
    head = s3.head_object(Bucket=bucket, Key="dst")
    assert head["Metadata"] == {"b": "2"} and head["ContentType"] == "x/y"
    with pytest.raises(ClientError) as e:
        s3.copy_object(Bucket=bucket, Key="src", CopySource={"Bucket": bucket, "Key": "src"})
    assert error(e)[0] == "InvalidRequest"
    with pytest.raises(ClientError) as e:
        s3.copy_object(Bucket=bucket, Key="x", CopySource={"Bucket": bucket, "Key": "nope"})
    assert error(e) == ("NoSuchKey", "The specified key does not exist.", 404)


# --- listing ---

def test_list_pagination_over_2500_keys(s3, bucket):
    keys = ["k/%05d" % i for i in range(2500)]
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda k: s3.put_object(Bucket=bucket, Key=k, Body=b"."), keys))
    s3.put_object(Bucket=bucket, Key="top", Body=b".")
    listed, pages = [], 0
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix="k/"):
        pages += 1
        assert page["KeyCount"] == len(page.get("Contents", []))
        listed += [o["Key"] for o in page.get("Contents", [])]
    assert listed == keys and pages == 3
    small = s3.list_objects_v2(Bucket=bucket, MaxKeys=100, StartAfter="k/00099")
    assert small["IsTruncated"] and small["Contents"][0]["Key"] == "k/00100"
    assert len(small["Contents"]) == 100
    v1 = [o["Key"] for p in s3.get_paginator("list_objects").paginate(Bucket=bucket, Prefix="k/")
          for o in p.get("Contents", [])]
    assert v1 == keys
    top = s3.list_objects_v2(Bucket=bucket, Delimiter="/")
    assert [p["Prefix"] for p in top["CommonPrefixes"]] == ["k/"]
    assert [o["Key"] for o in top["Contents"]] == ["top"]
    assert top["KeyCount"] == 2
    deleted = 0
    for i in range(0, len(keys), 1000):
        r = s3.delete_objects(Bucket=bucket,
                              Delete={"Objects": [{"Key": k} for k in keys[i:i + 1000]]})
        deleted += len(r["Deleted"])
    assert deleted == 2500
    assert [o["Key"] for o in s3.list_objects_v2(Bucket=bucket)["Contents"]] == ["top"]


def test_list_delimiter_pages(s3, bucket):
    for k in ["a", "b/1", "b/2", "c/x/1", "d"]:
        s3.put_object(Bucket=bucket, Key=k, Body=b".")
    seen = []
    for page in s3.get_paginator("list_objects_v2").paginate(
            Bucket=bucket, Delimiter="/", PaginationConfig={"PageSize": 1}):
        seen += [o["Key"] for o in page.get("Contents", [])]
        seen += [p["Prefix"] for p in page.get("CommonPrefixes", [])]
    assert seen == ["a", "b/", "c/", "d"]
    r = s3.list_objects(Bucket=bucket, Delimiter="/", MaxKeys=2)
    assert r["IsTruncated"] and r["NextMarker"] == "b/"


# --- multipart ---

def test_multipart_upload_file_and_download(s3, bucket, tmp_path):
    src = tmp_path / "big.bin"
    data = os.urandom(20 * 1024 * 1024 + 123)
    src.write_bytes(data)
    cfg = TransferConfig(multipart_threshold=5 * 1024 * 1024, multipart_chunksize=5 * 1024 * 1024)
    s3.upload_file(str(src), bucket, "big.bin", Config=cfg)
    head = s3.head_object(Bucket=bucket, Key="big.bin")
    assert head["ContentLength"] == len(data)
    digests = b"".join(hashlib.md5(data[i:i + 5 * 1024 * 1024]).digest()
                       for i in range(0, len(data), 5 * 1024 * 1024))
    assert head["ETag"] == '"%s-5"' % hashlib.md5(digests).hexdigest()
    dst = tmp_path / "back.bin"
    s3.download_file(bucket, "big.bin", str(dst), Config=cfg)
    assert hashlib.sha256(dst.read_bytes()).hexdigest() == hashlib.sha256(data).hexdigest()


def test_multipart_low_level(s3, bucket):
    up = s3.create_multipart_upload(Bucket=bucket, Key="m", ContentType="a/b")["UploadId"]
    part1 = os.urandom(5 * 1024 * 1024)
    e1 = s3.upload_part(Bucket=bucket, Key="m", UploadId=up, PartNumber=1, Body=part1)["ETag"]
    e2 = s3.upload_part(Bucket=bucket, Key="m", UploadId=up, PartNumber=2, Body=b"tail")["ETag"]
    parts = s3.list_parts(Bucket=bucket, Key="m", UploadId=up)["Parts"]
    assert [(p["PartNumber"], p["ETag"], p["Size"]) for p in parts] == [
        (1, e1, len(part1)), (2, e2, 4)]
    with pytest.raises(ClientError) as e:
        s3.complete_multipart_upload(Bucket=bucket, Key="m", UploadId=up, MultipartUpload={
            "Parts": [{"PartNumber": 2, "ETag": e2}, {"PartNumber": 1, "ETag": e1}]})
    assert error(e)[0] == "InvalidPartOrder"
    with pytest.raises(ClientError) as e:
        s3.complete_multipart_upload(Bucket=bucket, Key="m", UploadId=up, MultipartUpload={
            "Parts": [{"PartNumber": 1, "ETag": e2}]})
    assert error(e)[0] == "InvalidPart"
    with pytest.raises(ClientError):
        s3.head_object(Bucket=bucket, Key="m")  # nothing visible before completion
    s3.complete_multipart_upload(Bucket=bucket, Key="m", UploadId=up, MultipartUpload={
        "Parts": [{"PartNumber": 1, "ETag": e1}, {"PartNumber": 2, "ETag": e2}]})
    got = s3.get_object(Bucket=bucket, Key="m")
    assert got["Body"].read() == part1 + b"tail" and got["ContentType"] == "a/b"
    assert got["ETag"].endswith('-2"')
    with pytest.raises(ClientError) as e:
        s3.list_parts(Bucket=bucket, Key="m", UploadId=up)
    assert error(e)[0] == "NoSuchUpload" and error(e)[2] == 404

    small = s3.create_multipart_upload(Bucket=bucket, Key="s")["UploadId"]
    a = s3.upload_part(Bucket=bucket, Key="s", UploadId=small, PartNumber=1, Body=b"a")["ETag"]
    b = s3.upload_part(Bucket=bucket, Key="s", UploadId=small, PartNumber=2, Body=b"b")["ETag"]
    with pytest.raises(ClientError) as e:
        s3.complete_multipart_upload(Bucket=bucket, Key="s", UploadId=small, MultipartUpload={
            "Parts": [{"PartNumber": 1, "ETag": a}, {"PartNumber": 2, "ETag": b}]})
    assert error(e) == ("EntityTooSmall",
                        "Your proposed upload is smaller than the minimum allowed object size.",
                        400)
    s3.abort_multipart_upload(Bucket=bucket, Key="s", UploadId=small)
    with pytest.raises(ClientError) as e:
        s3.abort_multipart_upload(Bucket=bucket, Key="s", UploadId=small)
    assert error(e)[0] == "NoSuchUpload"


# --- presigned URLs and signatures ---

@pytest.fixture(scope="module")
def s3v4(make_client, root_keys, server):
    # Older botocore presigns S3 URLs with signature version 2 unless told otherwise; Freshet,
    # like S3 in every region opened since 2014, takes version 4 only.
    return boto3.session.Session().client(
        "s3", endpoint_url=server.endpoint, region_name="us-east-1",
        aws_access_key_id=root_keys[0], aws_secret_access_key=root_keys[1],
        config=Config(signature_version="s3v4", retries={"max_attempts": 1}))


def test_presigned_get_and_put(s3v4, bucket):
    s3 = s3v4
    put_url = s3.generate_presigned_url("put_object", Params={"Bucket": bucket, "Key": "p"},
                                        ExpiresIn=300)
    req = urllib.request.Request(put_url, data=b"via presigned put", method="PUT")
    with urllib.request.urlopen(req) as r:
        assert r.status == 200
    get_url = s3.generate_presigned_url("get_object", Params={"Bucket": bucket, "Key": "p"},
                                        ExpiresIn=300)
    with urllib.request.urlopen(get_url) as r:
        assert r.read() == b"via presigned put"
    tampered = get_url.replace("Key=p", "Key=q") if "Key=p" in get_url else get_url + "&x=1"
    with pytest.raises(urllib.error.HTTPError) as e:
        urllib.request.urlopen(tampered)
    assert e.value.code == 403 and b"<Code>SignatureDoesNotMatch</Code>" in e.value.read()


def test_presigned_url_expires(s3v4, bucket):
    s3 = s3v4
    s3.put_object(Bucket=bucket, Key="e", Body=b".")
    url = s3.generate_presigned_url("get_object", Params={"Bucket": bucket, "Key": "e"},
                                    ExpiresIn=1)
    time.sleep(2.1)  # past X-Amz-Expires: the URL's own deadline, not a race
    with pytest.raises(urllib.error.HTTPError) as e:
        urllib.request.urlopen(url)
    body = e.value.read()
    assert e.value.code == 403
    assert b"<Code>AccessDenied</Code>" in body and b"<Message>Request has expired</Message>" in body


def test_signature_version_2_is_refused_as_s3(s3, bucket):
    url = s3.generate_presigned_url("get_object", Params={"Bucket": bucket, "Key": "k"})
    if "AWSAccessKeyId=" not in url:
        pytest.skip("this botocore presigns with SigV4 by default")
    with pytest.raises(urllib.error.HTTPError) as e:
        urllib.request.urlopen(url)
    assert e.value.code == 403 and b"<Code>AccessDenied</Code>" in e.value.read()


def test_wrong_secret_is_signature_mismatch(make_client, root_keys, bucket):
    bad = make_client("s3", key=root_keys[0], secret="wrong" + root_keys[1][5:])
    with pytest.raises(ClientError) as e:
        bad.list_objects_v2(Bucket=bucket)
    assert error(e) == ("SignatureDoesNotMatch",
                        "The request signature we calculated does not match the signature you "
                        "provided. Check your key and signing method.", 403)


def test_payload_hash_mismatch(s3, bucket):
    def tamper(request, **kwargs):
        request.body = b"changed after signing"
        request.headers["Content-Length"] = str(len(request.body))
    s3.meta.events.register_first("before-send.s3.PutObject", tamper)
    try:
        with pytest.raises(ClientError) as e:
            s3.put_object(Bucket=bucket, Key="t", Body=b"original body")
    finally:
        s3.meta.events.unregister("before-send.s3.PutObject", tamper)
    code = error(e)[0]
    # botocore signs S3 payloads over plain HTTP, so the body hash is checked.
    assert code == "XAmzContentSHA256Mismatch", error(e)
    with pytest.raises(ClientError):
        s3.head_object(Bucket=bucket, Key="t")


def chunked_put(server, keys, bucket, key, data, chunk=64 * 1024, tamper_chunk=None):
    """PUT with STREAMING-AWS4-HMAC-SHA256-PAYLOAD, as the Java and Go SDKs send it."""
    from objects_helpers import ChunkedPut
    put = ChunkedPut(server.endpoint, keys, bucket, key, len(data))
    pieces = [data[i:i + chunk] for i in range(0, len(data), chunk)] + [b""]
    body = b"".join(put.frame(p, tamper=n == tamper_chunk) for n, p in enumerate(pieces))
    req = urllib.request.Request(server.endpoint + put.path, data=body, method="PUT",
                                 headers=put.headers)
    try:
        with urllib.request.urlopen(req) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def test_aws_chunked_upload(server, root_keys, s3, bucket):
    data = os.urandom(200 * 1024 + 5)
    status, _ = chunked_put(server, root_keys, bucket, "chunked", data)
    assert status == 200
    got = s3.get_object(Bucket=bucket, Key="chunked")
    assert got["Body"].read() == data and "ContentEncoding" not in got
    status, body = chunked_put(server, root_keys, bucket, "bad-chunk", data, tamper_chunk=2)
    assert status == 403 and b"<Code>SignatureDoesNotMatch</Code>" in body
    with pytest.raises(ClientError):
        s3.head_object(Bucket=bucket, Key="bad-chunk")  # no partial object


def test_virtual_host_style(server, root_keys, s3, bucket):
    """A Host of <bucket>.s3.<domain> names the bucket; the path is the key."""
    import http.client
    from botocore.auth import S3SigV4Auth
    from botocore.awsrequest import AWSRequest
    from botocore.credentials import Credentials
    s3.put_object(Bucket=bucket, Key="v/h.txt", Body=b"virtual host")
    port = urllib.parse.urlparse(server.endpoint).port
    host = "%s.s3.localhost:%d" % (bucket, port)
    req = AWSRequest(method="GET", url="http://%s/v/h.txt" % host)
    S3SigV4Auth(Credentials(*root_keys), "s3", "us-east-1").add_auth(req)
    conn = http.client.HTTPConnection("127.0.0.1", port)
    conn.request("GET", "/v/h.txt", headers=dict(req.headers.items(), Host=host))
    r = conn.getresponse()
    assert (r.status, r.read()) == (200, b"virtual host")


# --- IAM and unsupported operations ---

def test_iam_on_s3_actions(make_client, s3, bucket):
    iam = make_client("iam")
    user = "s3reader-%s" % uuid.uuid4().hex[:8]
    iam.create_user(UserName=user)
    iam.put_user_policy(UserName=user, PolicyName="read", PolicyDocument=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "s3:GetObject",
                       "Resource": "arn:aws:s3:::%s/public/*" % bucket}]}))
    key = iam.create_access_key(UserName=user)["AccessKey"]
    reader = make_client("s3", key=key["AccessKeyId"], secret=key["SecretAccessKey"])
    s3.put_object(Bucket=bucket, Key="public/a", Body=b"ok")
    s3.put_object(Bucket=bucket, Key="private/a", Body=b"no")
    assert reader.get_object(Bucket=bucket, Key="public/a")["Body"].read() == b"ok"
    for call in (lambda: reader.get_object(Bucket=bucket, Key="private/a"),
                 lambda: reader.put_object(Bucket=bucket, Key="public/b", Body=b"x"),
                 lambda: reader.list_objects_v2(Bucket=bucket)):
        with pytest.raises(ClientError) as e:
            call()
        assert error(e)[0] == "AccessDenied" and error(e)[2] == 403


def test_copy_needs_get_on_the_source(make_client, s3, bucket):
    iam = make_client("iam")
    user = "s3copier-%s" % uuid.uuid4().hex[:8]
    iam.create_user(UserName=user)
    iam.put_user_policy(UserName=user, PolicyName="copy", PolicyDocument=json.dumps({
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Action": "s3:PutObject", "Resource": "arn:aws:s3:::%s/dst/*" % bucket},
            {"Effect": "Allow", "Action": "s3:GetObject",
             "Resource": "arn:aws:s3:::%s/public/*" % bucket}]}))
    key = iam.create_access_key(UserName=user)["AccessKey"]
    copier = make_client("s3", key=key["AccessKeyId"], secret=key["SecretAccessKey"])
    s3.put_object(Bucket=bucket, Key="public/a", Body=b"open")
    s3.put_object(Bucket=bucket, Key="private/a", Body=b"closed")
    copier.copy_object(Bucket=bucket, Key="dst/1", CopySource="%s/public/a" % bucket)
    assert s3.get_object(Bucket=bucket, Key="dst/1")["Body"].read() == b"open"
    with pytest.raises(ClientError) as e:
        copier.copy_object(Bucket=bucket, Key="dst/2", CopySource="%s/private/a" % bucket)
    assert error(e)[0] == "AccessDenied" and error(e)[2] == 403
    assert "s3:GetObject" in error(e)[1]


def test_unsupported_operation_is_not_implemented(s3, bucket):
    with pytest.raises(ClientError) as e:
        s3.get_bucket_acl(Bucket=bucket)
    assert error(e)[0] == "NotImplemented" and error(e)[2] == 501


# --- durability ---

def test_objects_survive_a_crash(tmp_path):
    """Acknowledged objects (single and multipart) are there after kill -9 and a restart; an
    upload in progress keeps its parts."""
    from freshet_server import FreshetServer
    srv = FreshetServer(data_dir=str(tmp_path / "data")).start()
    try:
        keys = srv.root_credentials()

        def client():
            return boto3.session.Session().client(
                "s3", endpoint_url=srv.endpoint, region_name="us-east-1",
                aws_access_key_id=keys[0], aws_secret_access_key=keys[1],
                config=Config(retries={"max_attempts": 1}))
        c = client()
        name = bucket_name("durable")
        c.create_bucket(Bucket=name)
        small, big = os.urandom(1000), os.urandom(6 * 1024 * 1024 + 3)
        c.put_object(Bucket=name, Key="small", Body=small)
        up = c.create_multipart_upload(Bucket=name, Key="big")["UploadId"]
        e1 = c.upload_part(Bucket=name, Key="big", UploadId=up, PartNumber=1,
                           Body=big[:5 * 1024 * 1024])["ETag"]
        srv.kill()
        srv.start()
        c = client()
        assert c.get_object(Bucket=name, Key="small")["Body"].read() == small
        e2 = c.upload_part(Bucket=name, Key="big", UploadId=up, PartNumber=2,
                           Body=big[5 * 1024 * 1024:])["ETag"]
        c.complete_multipart_upload(Bucket=name, Key="big", UploadId=up, MultipartUpload={
            "Parts": [{"PartNumber": 1, "ETag": e1}, {"PartNumber": 2, "ETag": e2}]})
        srv.kill()
        srv.start()
        assert client().get_object(Bucket=name, Key="big")["Body"].read() == big
    finally:
        srv.cleanup()


# --- the AWS CLI ---

def aws(server, root_keys, *args, timeout=300):
    exe = shutil.which("aws", path="/usr/bin") or shutil.which("aws")
    if exe is None:
        pytest.skip("no AWS CLI on this machine")
    env = dict(os.environ, AWS_ACCESS_KEY_ID=root_keys[0], AWS_SECRET_ACCESS_KEY=root_keys[1],
               AWS_DEFAULT_REGION="us-east-1", AWS_PAGER="")
    env.pop("AWS_PROFILE", None)
    out = subprocess.run([exe, "--endpoint-url", server.endpoint, *args], capture_output=True,
                         text=True, timeout=timeout, env=env)
    assert out.returncode == 0, out.stderr
    return out.stdout


def sha256_file(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


CLI_MB = int(os.environ.get("FRESHET_S3_CLI_MB", "100"))


def test_aws_cli_s3_commands(server, root_keys, tmp_path):
    name = bucket_name("cli")
    aws(server, root_keys, "s3", "mb", "s3://" + name)
    small = tmp_path / "small.txt"
    small.write_text("hello from the cli\n")
    aws(server, root_keys, "s3", "cp", str(small), "s3://%s/dir/small.txt" % name)
    big = tmp_path / "big.bin"
    with open(big, "wb") as f:
        for _ in range(CLI_MB):
            f.write(os.urandom(1 << 20))
    aws(server, root_keys, "s3", "cp", str(big), "s3://%s/big.bin" % name)
    listing = aws(server, root_keys, "s3", "ls", "s3://%s/" % name)
    assert "PRE dir/" in listing and "big.bin" in listing
    assert "small.txt" in aws(server, root_keys, "s3", "ls", "--recursive", "s3://%s" % name)
    head = json.loads(aws(server, root_keys, "s3api", "head-object", "--bucket", name, "--key",
                          "big.bin", "--output", "json"))
    assert head["ContentLength"] == CLI_MB << 20 and head["ETag"].endswith('"')
    assert "-" in head["ETag"]  # uploaded in parts
    back = tmp_path / "back.bin"
    aws(server, root_keys, "s3", "cp", "s3://%s/big.bin" % name, str(back))
    assert sha256_file(back) == sha256_file(big)
    aws(server, root_keys, "s3", "rm", "--recursive", "s3://%s/" % name)
    aws(server, root_keys, "s3", "rb", "s3://" + name)
    buckets = json.loads(aws(server, root_keys, "s3api", "list-buckets", "--output", "json"))
    assert name not in [b["Name"] for b in buckets["Buckets"]]


def test_aws_cli_s3_sync_both_ways(server, root_keys, tmp_path):
    name = bucket_name("sync")
    aws(server, root_keys, "s3", "mb", "s3://" + name)
    src = tmp_path / "src"
    files = {"a.txt": b"alpha\n", "sub/b.bin": os.urandom(70000), "sub/deeper/c.json": b"{}"}
    for rel, data in files.items():
        (src / rel).parent.mkdir(parents=True, exist_ok=True)
        (src / rel).write_bytes(data)
    aws(server, root_keys, "s3", "sync", str(src), "s3://%s/site" % name)
    keys = aws(server, root_keys, "s3", "ls", "--recursive", "s3://%s/site/" % name)
    assert sorted(line.split()[-1] for line in keys.splitlines()) == sorted(
        "site/" + k for k in files)
    # Nothing changed: a second sync uploads nothing.
    assert "upload:" not in aws(server, root_keys, "s3", "sync", str(src), "s3://%s/site" % name)
    # A changed file and a removed one, with --delete.
    (src / "a.txt").write_bytes(b"alpha, changed\n")
    (src / "sub/deeper/c.json").unlink()
    out = aws(server, root_keys, "s3", "sync", "--delete", str(src), "s3://%s/site" % name)
    assert "upload:" in out and "delete:" in out
    back = tmp_path / "back"
    aws(server, root_keys, "s3", "sync", "s3://%s/site" % name, str(back))
    got = {str(p.relative_to(back)): p.read_bytes() for p in back.rglob("*") if p.is_file()}
    assert got == {"a.txt": b"alpha, changed\n", "sub/b.bin": files["sub/b.bin"]}
    aws(server, root_keys, "s3", "rb", "--force", "s3://" + name)


def test_a_truncated_upload_leaves_no_object(server, root_keys, s3, bucket):
    # A signed PUT that announces 100,000 bytes and sends 40,000 before the connection drops.
    import socket
    from botocore.auth import S3SigV4Auth
    from botocore.awsrequest import AWSRequest
    from botocore.credentials import Credentials
    url = "%s/%s/cut" % (server.endpoint, bucket)
    req = AWSRequest(method="PUT", url=url, headers={
        "Content-Length": "100000", "x-amz-content-sha256": "UNSIGNED-PAYLOAD"})
    S3SigV4Auth(Credentials(*root_keys), "s3", "us-east-1").add_auth(req)
    head = "PUT /%s/cut HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n" % (bucket, server.port)
    head += "".join("%s: %s\r\n" % (k, v) for k, v in req.headers.items() if k != "Host")
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as c:
        c.sendall(head.encode() + b"\r\n" + b"x" * 40000)
        c.shutdown(socket.SHUT_WR)
        c.settimeout(10)
        try:
            while c.recv(4096):
                pass
        except OSError:
            pass
    with pytest.raises(ClientError) as e:
        s3.head_object(Bucket=bucket, Key="cut")
    assert e.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404
    # The server still serves, and the key can be written whole.
    s3.put_object(Bucket=bucket, Key="cut", Body=b"y" * 100000)
    assert s3.head_object(Bucket=bucket, Key="cut")["ContentLength"] == 100000


# --- Lambda code packages from S3 ---

def test_function_created_from_s3_zip_runs(make_client, s3, bucket):
    from mappings_helpers import TRUST, zip_of
    iam, lam = make_client("iam"), make_client("lambda")
    role = iam.create_role(RoleName="s3code-" + uuid.uuid4().hex[:8],
                           AssumeRolePolicyDocument=TRUST)["Role"]["Arn"]
    v1 = zip_of({"index.js": "exports.handler = async (e) => ({v: 1, who: e.who});\n"})
    v2 = zip_of({"index.js": "exports.handler = async (e) => ({v: 2, who: e.who});\n"})
    s3.put_object(Bucket=bucket, Key="code/v1.zip", Body=v1)
    s3.put_object(Bucket=bucket, Key="code/v2.zip", Body=v2)
    name = "from-s3-" + uuid.uuid4().hex[:8]
    cfg = lam.create_function(FunctionName=name, Runtime="nodejs20.x", Role=role,
                              Handler="index.handler",
                              Code={"S3Bucket": bucket, "S3Key": "code/v1.zip"})
    assert cfg["CodeSize"] == len(v1)
    r = lam.invoke(FunctionName=name, Payload=json.dumps({"who": "s3"}))
    assert json.loads(r["Payload"].read()) == {"v": 1, "who": "s3"}
    lam.update_function_code(FunctionName=name, S3Bucket=bucket, S3Key="code/v2.zip")
    r = lam.invoke(FunctionName=name, Payload=json.dumps({"who": "s3"}))
    assert json.loads(r["Payload"].read()) == {"v": 2, "who": "s3"}
    with pytest.raises(ClientError) as e:
        lam.create_function(FunctionName=name + "-x", Runtime="nodejs20.x", Role=role,
                            Handler="index.handler",
                            Code={"S3Bucket": bucket, "S3Key": "code/missing.zip"})
    assert error(e) == ("InvalidParameterValueException",
                        "Error occurred while GetObject. S3 Error Code: NoSuchKey. S3 Error "
                        "Message: The specified key does not exist.", 400)
    lam.delete_function(FunctionName=name)
