// Known-answer tests. The botocore vectors were produced with botocore 1.43.11 (python3 of the
// machine image): SigV4Auth / S3SigV4Auth / SigV4QueryAuth / S3SigV4QueryAuth.add_auth() on an
// AWSRequest, with botocore.auth.get_current_datetime patched to 2015-08-30T12:36:00Z,
// access key AKIDEXAMPLE and secret wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY. The signatures
// below are copied from the Authorization header / URL botocore produced.
#include <gtest/gtest.h>

#include "core/crypto.h"
#include "iam/sigv4/auth.h"
#include "iam/sigv4/signer.h"
#include "iam/sigv4/tests/test_util.h"

namespace freshet::iam::sigv4 {
namespace {

using testing::at;
using testing::kNow;
using testing::kSecret;
using testing::TestRequest;

const Credentials kCreds{"AKIDEXAMPLE", std::string(kSecret), ""};

std::string find(const std::vector<Header>& headers, std::string_view name) {
    for (const Header& h : headers)
        if (h.name == name) return h.value;
    return "<absent>";
}

// Signs `r` with Freshet's signer, checks the Authorization header botocore produced, then
// checks the verifier accepts the result at the signing time.
void expect_botocore(TestRequest r, std::string_view region, std::string_view service,
                     std::string_view expected_authorization, bool s3 = false,
                     const Credentials& creds = kCreds) {
    sign(r.method, r.path, r.query, r.headers, r.body, creds, region, service, at(kNow), s3);
    EXPECT_EQ(find(r.headers, "Authorization"), expected_authorization);
    ParsedAuth auth;
    AuthFailure err;
    ASSERT_TRUE(parse(r.view(), auth, err)) << err.message;
    ManualClock clock(at(kNow));
    Verifier verifier(clock);
    std::optional<AuthFailure> f = verifier.verify(r.view(), auth, creds.secret_access_key, s3);
    EXPECT_FALSE(f.has_value()) << f->message;
}

// IAM User Guide, "Create a signed AWS API request" (awsdocs/iam-user-guide
// doc_source/create-signed-request.md): the documented hash and signature.
TEST(SigV4Vectors, IamUserGuideExample) {
    TestRequest r;
    r.query = "Action=ListUsers&Version=2010-05-08";
    r.headers = {{"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"},
                 {"Host", "iam.amazonaws.com"},
                 {"X-Amz-Date", "20150830T123600Z"}};
    ParsedAuth auth;
    auth.access_key_id = "AKIDEXAMPLE";
    auth.date = "20150830";
    auth.region = "us-east-1";
    auth.service = "iam";
    auth.amz_date = "20150830T123600Z";
    auth.signed_headers = {"content-type", "host", "x-amz-date"};
    std::string cr = canonical_request(r.view(), auth, false);
    EXPECT_EQ(crypto::sha256_hex(cr),
              "f536975d06c0309214f805bb90ccff089219ecd68b2577efef23edd43b7e1a59");
    EXPECT_EQ(string_to_sign(auth, cr),
              "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/iam/aws4_request\n"
              "f536975d06c0309214f805bb90ccff089219ecd68b2577efef23edd43b7e1a59");
    r.headers.erase(r.headers.begin() + 2);  // the signer adds X-Amz-Date itself
    expect_botocore(r, "us-east-1", "iam",
                    "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, "
                    "SignedHeaders=content-type;host;x-amz-date, "
                    "Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7");
}

TEST(SigV4Vectors, KinesisJsonPost) {
    TestRequest r{"POST",
                  "/",
                  "",
                  {{"Host", "kinesis.us-east-1.amazonaws.com"},
                   {"Content-Type", "application/x-amz-json-1.1"},
                   {"X-Amz-Target", "Kinesis_20131202.PutRecord"}},
                  R"({"StreamName":"s1","Data":"aGVsbG8=","PartitionKey":"pk"})"};
    expect_botocore(r, "us-east-1", "kinesis",
                    "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/kinesis/"
                    "aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, "
                    "Signature=49004e26d34c33929919074b1d2142b2b876deda51f180f54b5d96ee5901e884");
}

constexpr std::string_view kLambdaPath =
    "/2015-03-31/functions/arn%3Aaws%3Alambda%3Aus-east-1%3A123456789012%3Afunction%3Amy-fn/"
    "invocations";

TEST(SigV4Vectors, LambdaArnPathIsEncodedTwice) {
    TestRequest r{
        "POST",
        std::string(kLambdaPath),
        "",
        {{"Host", "lambda.us-east-1.amazonaws.com"}, {"X-Amz-Invocation-Type", "RequestResponse"}},
        R"({"k": 1})"};
    expect_botocore(r, "us-east-1", "lambda",
                    "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/lambda/"
                    "aws4_request, SignedHeaders=host;x-amz-date;x-amz-invocation-type, "
                    "Signature=c670f860607d242130516f8239ae3260dd60b43d3bf7f07129dd5b5d740e5723");
    // botocore's logged CanonicalRequest, verbatim.
    r.headers.push_back({"X-Amz-Date", std::string(kNow)});
    ParsedAuth auth;
    auth.signed_headers = {"host", "x-amz-date", "x-amz-invocation-type"};
    EXPECT_EQ(canonical_request(r.view(), auth, false),
              "POST\n/2015-03-31/functions/arn%253Aaws%253Alambda%253Aus-east-1%253A123456789012"
              "%253Afunction%253Amy-fn/invocations\n\nhost:lambda.us-east-1.amazonaws.com\n"
              "x-amz-date:20150830T123600Z\nx-amz-invocation-type:RequestResponse\n\n"
              "host;x-amz-date;x-amz-invocation-type\n"
              "4514a0c66d60ecfeb7170caceddfb3d012a7ede1afea4863ba8bcc490ccf63b8");
}

TEST(SigV4Vectors, QueryRepeatedUnsortedEscapedAndPaddedHeader) {
    TestRequest r{"GET",
                  "/",
                  "Version=2010-05-08&Action=ListUsers&b=2&a=z&a=y&PathPrefix=%2Fdiv%20one%2F&"
                  "Marker=a%2Bb%3Dc&empty=",
                  {{"Host", "iam.amazonaws.com"},
                   {"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"},
                   {"X-Custom", "  two   spaces  here "}},
                  ""};
    expect_botocore(r, "us-east-1", "iam",
                    "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, "
                    "SignedHeaders=content-type;host;x-amz-date;x-custom, "
                    "Signature=40f5fad5ff8cbd4072077315279a61cc039be21d79a7f6447abc0bcc7ea492e3");
}

TEST(SigV4Vectors, SessionTokenIsSigned) {
    TestRequest r{"POST",
                  "/",
                  "",
                  {{"Host", "localhost:4566"},
                   {"Content-Type", "application/x-amz-json-1.0"},
                   {"X-Amz-Target", "DynamoDB_20120810.ListTables"}},
                  "{}"};
    Credentials creds = kCreds;
    creds.session_token = "FQoGZXIvYXdzEBYaDEXAMPLETOKEN+/=";
    expect_botocore(r, "eu-west-1", "dynamodb",
                    "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/eu-west-1/dynamodb/"
                    "aws4_request, SignedHeaders=content-type;host;x-amz-date;"
                    "x-amz-security-token;x-amz-target, "
                    "Signature=52e095c5f6b03b95687049f0043516a42bd7beb91d1b4b14c944a4f536fb65ff",
                    false, creds);
}

TEST(SigV4Vectors, S3PutSingleEncodingAndContentSha) {
    TestRequest r{"PUT",
                  "/bucket/my%20key%3A%28v1%29.txt",
                  "",
                  {{"Host", "localhost:4566"}, {"Content-Type", "text/plain"}},
                  "hello world"};
    expect_botocore(r, "us-west-2", "s3",
                    "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-west-2/s3/aws4_request, "
                    "SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date, "
                    "Signature=d1061f3811b4e1741d35b879471e60c6ebebf25637f1c1e6e03b95787eaaa971",
                    true);
}

TEST(SigV4Vectors, S3PresignedGet) {
    std::string q = presign_query("GET", "/test.txt", "", "examplebucket.s3.amazonaws.com", kCreds,
                                  "us-east-1", "s3", at(kNow), 86400, true);
    EXPECT_EQ(q,
              "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2F"
              "us-east-1%2Fs3%2Faws4_request&X-Amz-Date=20150830T123600Z&X-Amz-Expires=86400&"
              "X-Amz-SignedHeaders=host&X-Amz-Signature="
              "22f95d09b0190803168fd8aa457df8a63da2968679a9db522dc3ede3c488fc6f");
    TestRequest r{"GET", "/test.txt", q, {{"Host", "examplebucket.s3.amazonaws.com"}}, ""};
    ParsedAuth auth;
    AuthFailure err;
    ASSERT_TRUE(parse(r.view(), auth, err)) << err.message;
    EXPECT_TRUE(auth.presigned);
    EXPECT_EQ(auth.expires_seconds, 86400);
    ManualClock clock(at("20150831T123000Z"));  // 23h54m later: still valid
    EXPECT_FALSE(Verifier(clock).verify(r.view(), auth, kSecret, true).has_value());
}

TEST(SigV4Vectors, StsPresignedWithToken) {
    Credentials creds = kCreds;
    creds.session_token = "SESSIONTOKEN";
    std::string q =
        presign_query("GET", "/", "Action=GetCallerIdentity&Version=2011-06-15",
                      "sts.amazonaws.com", creds, "us-east-1", "sts", at(kNow), 60, false);
    EXPECT_EQ(q,
              "Action=GetCallerIdentity&Version=2011-06-15&X-Amz-Algorithm=AWS4-HMAC-SHA256&"
              "X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fsts%2Faws4_request&"
              "X-Amz-Date=20150830T123600Z&X-Amz-Expires=60&X-Amz-SignedHeaders=host&"
              "X-Amz-Security-Token=SESSIONTOKEN&X-Amz-Signature="
              "20d755c8f479c5f50374e141961a3e518ce54f99bbaced9d8eddb4d616b34c1b");
    TestRequest r{"GET", "/", q, {{"Host", "sts.amazonaws.com"}}, ""};
    ParsedAuth auth;
    AuthFailure err;
    ASSERT_TRUE(parse(r.view(), auth, err)) << err.message;
    EXPECT_EQ(auth.security_token, "SESSIONTOKEN");
    ManualClock clock(at(kNow));
    EXPECT_FALSE(Verifier(clock).verify(r.view(), auth, kSecret, false).has_value());
}

// botocore keeps a Date header (rewritten as "..., -0000") and signs it instead of X-Amz-Date.
TEST(SigV4Vectors, DateHeaderInsteadOfXAmzDate) {
    TestRequest r{"POST",
                  "/",
                  "",
                  {{"Host", "sts.amazonaws.com"},
                   {"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"},
                   {"Date", "Sun, 30 Aug 2015 12:36:00 -0000"},
                   {"Authorization",
                    "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/sts/aws4_request, "
                    "SignedHeaders=content-type;date;host, "
                    "Signature=c67b456b802d1427d2adb6ce4c76d5dc94420ea0484a87b06694986c2b32b9c7"}},
                  "Action=GetCallerIdentity&Version=2011-06-15"};
    ParsedAuth auth;
    AuthFailure err;
    ASSERT_TRUE(parse(r.view(), auth, err)) << err.message;
    EXPECT_EQ(auth.amz_date, "20150830T123600Z");
    ManualClock clock(at(kNow));
    EXPECT_FALSE(Verifier(clock).verify(r.view(), auth, kSecret, false).has_value());
}

}  // namespace
}  // namespace freshet::iam::sigv4
