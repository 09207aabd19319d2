"""ListMultipartUploads as AWS clients see it: the uploads in progress in a bucket by key and
then by initiation time, prefix and delimiter, paging through key and upload-id markers,
encoding-type=url, completed and aborted uploads leaving the list, NoSuchBucket, IAM's
s3:ListBucketMultipartUploads, and `aws s3api list-multipart-uploads`. Written so that it could
also run against AWS (bucket names are random; nothing depends on Freshet internals)."""
import json
import time
import uuid

import pytest
from botocore.exceptions import ClientError
from tables_helpers import aws_cli
from test_objects import bucket, bucket_name, error, s3  # noqa: F401  (fixtures and helpers)


def start(s3, bucket, keys):
    """Starts one upload per key in order (a key given twice gets two), each in a later
    millisecond than the one before, and returns [(key, upload id)] in that order."""
    out = []
    for k in keys:
        out.append((k, s3.create_multipart_upload(Bucket=bucket, Key=k)["UploadId"]))
        time.sleep(0.005)
    return out


def listed(page):
    return [(u["Key"], u["UploadId"]) for u in page.get("Uploads", [])]


def prefixes(page):
    return [p["Prefix"] for p in page.get("CommonPrefixes", [])]


def test_uploads_by_key_then_initiation(s3, bucket):
    ups = start(s3, bucket, ["b", "a/2", "c", "a/1", "b"])
    page = s3.list_multipart_uploads(Bucket=bucket)
    # Two uploads of "b": the first started comes first, whatever their ids.
    expected = [ups[3], ups[1], ups[0], ups[4], ups[2]]
    assert listed(page) == expected
    assert page["Bucket"] == bucket and page["IsTruncated"] is False
    assert page["MaxUploads"] == 1000
    assert page.get("KeyMarker", "") == "" and page.get("UploadIdMarker", "") == ""
    for u in page["Uploads"]:
        assert u["StorageClass"] == "STANDARD"
        assert u["Owner"]["ID"] and u["Initiator"]["ID"]
        assert abs(time.time() - u["Initiated"].timestamp()) < 600
    initiated = [u["Initiated"] for u in page["Uploads"] if u["Key"] == "b"]
    assert initiated[0] <= initiated[1]


def test_prefix_and_delimiter(s3, bucket):
    ups = start(s3, bucket, ["logs/2024/a", "logs/2025/b", "logs/2025/c", "logs/x", "top",
                             "photos/p"])
    page = s3.list_multipart_uploads(Bucket=bucket, Delimiter="/")
    assert listed(page) == [ups[4]]
    assert prefixes(page) == ["logs/", "photos/"]
    assert page["Delimiter"] == "/"
    page = s3.list_multipart_uploads(Bucket=bucket, Prefix="logs/", Delimiter="/")
    assert listed(page) == [ups[3]]
    assert prefixes(page) == ["logs/2024/", "logs/2025/"]
    assert page["Prefix"] == "logs/"
    page = s3.list_multipart_uploads(Bucket=bucket, Prefix="logs/2025/")
    assert listed(page) == [ups[1], ups[2]]
    assert "CommonPrefixes" not in page
    assert "Uploads" not in s3.list_multipart_uploads(Bucket=bucket, Prefix="nothing")


def test_paging_through_key_and_upload_id_markers(s3, bucket):
    ups = start(s3, bucket, ["k1", "k2", "k2", "k2", "k3", "k4", "k4"])
    seen, marker, pages = [], {}, 0
    while True:
        page = s3.list_multipart_uploads(Bucket=bucket, MaxUploads=2, **marker)
        pages += 1
        assert page["MaxUploads"] == 2
        assert len(listed(page)) <= 2
        seen += listed(page)
        if not page["IsTruncated"]:
            break
        assert (page["NextKeyMarker"], page["NextUploadIdMarker"]) == seen[-1]
        marker = {"KeyMarker": page["NextKeyMarker"],
                  "UploadIdMarker": page["NextUploadIdMarker"]}
    assert seen == ups and pages == 4
    # key-marker alone: keys after it, none of its own uploads.
    page = s3.list_multipart_uploads(Bucket=bucket, KeyMarker="k2")
    assert listed(page) == ups[4:]
    assert page["KeyMarker"] == "k2"
    # key-marker with upload-id-marker: that key's uploads after that one, then later keys.
    page = s3.list_multipart_uploads(Bucket=bucket, KeyMarker="k2", UploadIdMarker=ups[1][1])
    assert listed(page) == ups[2:]
    assert page["UploadIdMarker"] == ups[1][1]
    # boto3's paginator goes through the same markers.
    got = [u for p in s3.get_paginator("list_multipart_uploads").paginate(
        Bucket=bucket, PaginationConfig={"PageSize": 3}) for u in listed(p)]
    assert got == ups


def test_paging_with_a_delimiter(s3, bucket):
    ups = start(s3, bucket, ["a", "d/1", "d/2", "d/3", "e", "f/1"])
    page = s3.list_multipart_uploads(Bucket=bucket, Delimiter="/", MaxUploads=2)
    assert listed(page) == [ups[0]] and prefixes(page) == ["d/"]
    assert page["IsTruncated"] is True and page["NextKeyMarker"] == "d/"
    assert "NextUploadIdMarker" not in page or page["NextUploadIdMarker"] == ""
    page = s3.list_multipart_uploads(Bucket=bucket, Delimiter="/", MaxUploads=2,
                                     KeyMarker="d/")
    assert listed(page) == [ups[4]] and prefixes(page) == ["f/"]
    assert page["IsTruncated"] is False
    got_uploads, got_prefixes = [], []
    for p in s3.get_paginator("list_multipart_uploads").paginate(
            Bucket=bucket, Delimiter="/", PaginationConfig={"PageSize": 1}):
        got_uploads += listed(p)
        got_prefixes += prefixes(p)
    assert got_uploads == [ups[0], ups[4]] and got_prefixes == ["d/", "f/"]


def test_completed_and_aborted_uploads_leave_the_list(s3, bucket):
    ups = start(s3, bucket, ["done", "dropped", "kept"])
    part = s3.upload_part(Bucket=bucket, Key="done", UploadId=ups[0][1], PartNumber=1,
                          Body=b"last part")
    s3.complete_multipart_upload(Bucket=bucket, Key="done", UploadId=ups[0][1], MultipartUpload={
        "Parts": [{"PartNumber": 1, "ETag": part["ETag"]}]})
    s3.abort_multipart_upload(Bucket=bucket, Key="dropped", UploadId=ups[1][1])
    assert listed(s3.list_multipart_uploads(Bucket=bucket)) == [ups[2]]
    s3.abort_multipart_upload(Bucket=bucket, Key="kept", UploadId=ups[2][1])
    page = s3.list_multipart_uploads(Bucket=bucket)
    assert "Uploads" not in page and page["IsTruncated"] is False


def test_uploads_of_other_buckets_are_not_listed(s3, bucket):
    other = bucket_name()
    s3.create_bucket(Bucket=other)
    try:
        theirs = start(s3, other, ["x"])
        mine = start(s3, bucket, ["x"])
        assert listed(s3.list_multipart_uploads(Bucket=bucket)) == mine
        assert listed(s3.list_multipart_uploads(Bucket=other)) == theirs
    finally:
        s3.abort_multipart_upload(Bucket=other, Key="x", UploadId=theirs[0][1])
        s3.delete_bucket(Bucket=other)


def test_encoding_type_url(s3, bucket):
    ups = start(s3, bucket, ["dir one/é.txt", "dir one/sub/x"])
    page = s3.list_multipart_uploads(Bucket=bucket, EncodingType="url", Prefix="dir one/",
                                     Delimiter="/")
    # botocore does not decode this operation's answer: the keys arrive URL-encoded.
    assert page["EncodingType"] == "url"
    assert [u["Key"] for u in page["Uploads"]] == ["dir%20one/%C3%A9.txt"]
    assert [u["UploadId"] for u in page["Uploads"]] == [ups[0][1]]
    assert prefixes(page) == ["dir%20one/sub/"]
    assert page["Prefix"] == "dir%20one/"
    plain = s3.list_multipart_uploads(Bucket=bucket, Prefix="dir one/")
    # UTF-8 byte order: "s" (0x73) before "é" (0xC3 0xA9).
    assert [u["Key"] for u in plain["Uploads"]] == ["dir one/sub/x", "dir one/é.txt"]


def test_errors(s3, bucket):
    with pytest.raises(ClientError) as e:
        s3.list_multipart_uploads(Bucket=bucket_name())
    assert error(e)[0] == "NoSuchBucket" and error(e)[2] == 404
    with pytest.raises(ClientError) as e:
        s3.list_multipart_uploads(Bucket=bucket, MaxUploads=-1)
    assert error(e)[0] == "InvalidArgument" and error(e)[2] == 400


def test_iam_list_bucket_multipart_uploads(make_client, s3, bucket):
    iam = make_client("iam")
    user = "uploads-%s" % uuid.uuid4().hex[:8]
    iam.create_user(UserName=user)
    iam.put_user_policy(UserName=user, PolicyName="list", PolicyDocument=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "s3:ListBucketMultipartUploads",
                       "Resource": "arn:aws:s3:::%s" % bucket}]}))
    key = iam.create_access_key(UserName=user)["AccessKey"]
    lister = make_client("s3", key=key["AccessKeyId"], secret=key["SecretAccessKey"])
    ups = start(s3, bucket, ["a"])
    deadline = time.time() + 10  # IAM changes may take a moment to apply on AWS
    while True:
        try:
            assert listed(lister.list_multipart_uploads(Bucket=bucket)) == ups
            break
        except ClientError:
            if time.time() > deadline:
                raise
            time.sleep(0.5)
    # Neither ListBucket nor another bucket's uploads.
    for call in (lambda: lister.list_objects_v2(Bucket=bucket),
                 lambda: lister.list_parts(Bucket=bucket, Key="a", UploadId=ups[0][1])):
        with pytest.raises(ClientError) as e:
            call()
        assert error(e)[0] == "AccessDenied" and error(e)[2] == 403
    other = bucket_name()
    s3.create_bucket(Bucket=other)
    try:
        with pytest.raises(ClientError) as e:
            lister.list_multipart_uploads(Bucket=other)
        assert error(e)[0] == "AccessDenied" and error(e)[2] == 403
    finally:
        s3.delete_bucket(Bucket=other)


def test_aws_cli_list_multipart_uploads(server, root_keys, s3, bucket):
    ups = start(s3, bucket, ["x/1", "x/2", "y", "y"])

    def cli(*args):
        return aws_cli(server, root_keys, "s3api", "list-multipart-uploads", "--bucket", bucket,
                       *args)

    assert [(u["Key"], u["UploadId"]) for u in cli()["Uploads"]] == ups
    # The CLI pages through the markers itself (one upload a request here).
    assert [(u["Key"], u["UploadId"]) for u in cli("--page-size", "1")["Uploads"]] == ups
    out = cli("--delimiter", "/")
    assert [(u["Key"], u["UploadId"]) for u in out["Uploads"]] == ups[2:]
    assert [p["Prefix"] for p in out["CommonPrefixes"]] == ["x/"]
    assert cli("--prefix", "y", "--query", "Uploads[].UploadId") == [u for k, u in ups if k == "y"]
    for k, u in ups:
        # "=": an upload id may begin with "-", which the CLI would take for an option.
        aws_cli(server, root_keys, "s3api", "abort-multipart-upload", "--bucket", bucket, "--key",
                k, "--upload-id=" + u)
    assert "Uploads" not in (cli() or {})
