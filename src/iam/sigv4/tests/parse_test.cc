// parse(): every failure with AWS's exact text (sources in parse.cc), and the parsed fields.
#include <gtest/gtest.h>

#include "iam/sigv4/auth.h"
#include "iam/sigv4/tests/test_util.h"

namespace freshet::iam::sigv4 {
namespace {

using testing::TestRequest;

constexpr std::string_view kGood =
    "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/kinesis/aws4_request, "
    "SignedHeaders=host;x-amz-date, Signature=ABCDEF0123";

TestRequest with_auth(std::string_view authorization, bool with_date = true) {
    TestRequest r;
    r.headers.push_back({"Host", "localhost"});
    if (with_date) r.headers.push_back({"X-Amz-Date", "20150830T123600Z"});
    r.headers.push_back({"Authorization", std::string(authorization)});
    return r;
}

AuthFailure parse_failure(const TestRequest& r) {
    ParsedAuth auth;
    AuthFailure err{AuthErrorKind::SignatureMismatch, "<none>"};
    EXPECT_FALSE(parse(r.view(), auth, err));
    return err;
}

TEST(SigV4Parse, HeaderFields) {
    TestRequest r = with_auth(kGood);
    r.headers.push_back({"x-amz-security-token", "TOKEN"});
    ParsedAuth auth;
    AuthFailure err;
    ASSERT_TRUE(parse(r.view(), auth, err)) << err.message;
    EXPECT_EQ(auth.access_key_id, "AKIDEXAMPLE");
    EXPECT_EQ(auth.scope(), "20150830/us-east-1/kinesis/aws4_request");
    EXPECT_EQ(auth.signed_headers, (std::vector<std::string>{"host", "x-amz-date"}));
    EXPECT_EQ(auth.signature, "abcdef0123");
    EXPECT_EQ(auth.amz_date, "20150830T123600Z");
    EXPECT_EQ(auth.security_token, "TOKEN");
    EXPECT_FALSE(auth.presigned);
}

TEST(SigV4Parse, NoCredentialsIsMissingToken) {
    TestRequest r;
    AuthFailure f = parse_failure(r);
    EXPECT_EQ(f.kind, AuthErrorKind::MissingAuthenticationToken);
    EXPECT_EQ(f.message, "Request is missing Authentication Token");
}

TEST(SigV4Parse, OtherSchemeIsMissingToken) {
    EXPECT_EQ(parse_failure(with_auth("Bearer abc")).kind,
              AuthErrorKind::MissingAuthenticationToken);
}

// aws/chalice#828, brendanhay/amazonka#316: every missing part, in this order.
TEST(SigV4Parse, EverythingMissing) {
    AuthFailure f = parse_failure(with_auth("AWS4-HMAC-SHA256", false));
    EXPECT_EQ(f.kind, AuthErrorKind::IncompleteSignature);
    EXPECT_EQ(f.message,
              "Authorization header requires 'Credential' parameter. Authorization header "
              "requires 'Signature' parameter. Authorization header requires 'SignedHeaders' "
              "parameter. Authorization header requires existence of either a 'X-Amz-Date' or "
              "a 'Date' header. Authorization=AWS4-HMAC-SHA256");
}

TEST(SigV4Parse, OnlySignatureMissing) {
    std::string h =
        "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/kinesis/aws4_request, "
        "SignedHeaders=host";
    AuthFailure f = parse_failure(with_auth(h));
    EXPECT_EQ(f.message, "Authorization header requires 'Signature' parameter. Authorization=" + h);
}

// iann0036/cloud9-sync#10: a space after "Credential=" leaves the key id without '='.
TEST(SigV4Parse, MissingEqualSign) {
    std::string h =
        "AWS4-HMAC-SHA256 Credential= AKIDEXAMPLE/20150830/us-east-1/kinesis/aws4_request, "
        "SignedHeaders=host;x-amz-date, Signature=abc";
    AuthFailure f = parse_failure(with_auth(h));
    EXPECT_EQ(f.kind, AuthErrorKind::IncompleteSignature);
    EXPECT_EQ(f.message,
              "'AKIDEXAMPLE/20150830/us-east-1/kinesis/aws4_request' not a valid key=value pair "
              "(missing equal-sign) in Authorization header: '" +
                  h + "'.");
}

TEST(SigV4Parse, MalformedDate) {
    TestRequest r = with_auth(kGood, false);
    r.headers.push_back({"X-Amz-Date", "201"});
    AuthFailure f = parse_failure(r);
    EXPECT_EQ(f.kind, AuthErrorKind::IncompleteSignature);
    EXPECT_EQ(f.message,
              "Date must be in ISO-8601 'basic format'. Got '201'. See "
              "http://en.wikipedia.org/wiki/ISO_8601");
}

TEST(SigV4Parse, HostMustBeSigned) {
    AuthFailure f = parse_failure(with_auth(
        "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/kinesis/aws4_request, "
        "SignedHeaders=x-amz-date, Signature=abc"));
    EXPECT_EQ(f.kind, AuthErrorKind::SignatureMismatch);
    EXPECT_EQ(f.message,
              "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
}

TEST(SigV4Parse, UnsupportedAlgorithm) {
    AuthFailure f = parse_failure(
        with_auth("AWS4-HMAC-SHA25 Credential=AKIDEXAMPLE/20150830/us-east-1/kinesis/aws4_request, "
                  "SignedHeaders=host, Signature=abc"));
    EXPECT_EQ(f.kind, AuthErrorKind::IncompleteSignature);
    EXPECT_EQ(f.message,
              "Unsupported AWS 'algorithm': 'AWS4-HMAC-SHA25' (only AWS4-HMAC-SHA256 for now). ");
}

TEST(SigV4Parse, CredentialNeedsFiveElements) {
    AuthFailure f = parse_failure(
        with_auth("AWS4-HMAC-SHA256 Credential=a/b/c/d, SignedHeaders=host, Signature=abc"));
    EXPECT_EQ(f.kind, AuthErrorKind::IncompleteSignature);
    EXPECT_EQ(f.message,
              "Credential must have exactly 5 slash-delimited elements, e.g. "
              "keyid/date/region/service/term, got 'a/b/c/d'");
}

TEST(SigV4Parse, CredentialTrailingSlashesIgnored) {
    TestRequest r = with_auth(
        "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/kinesis/aws4_request//, "
        "SignedHeaders=host, Signature=abc");
    ParsedAuth auth;
    AuthFailure err;
    EXPECT_TRUE(parse(r.view(), auth, err)) << err.message;
}

TEST(SigV4Parse, TerminatorAndDateInScope) {
    AuthFailure f = parse_failure(
        with_auth("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150829/us-east-1/kinesis/e, "
                  "SignedHeaders=host, Signature=abc"));
    EXPECT_EQ(f.kind, AuthErrorKind::SignatureMismatch);
    EXPECT_EQ(f.message,
              "Credential should be scoped with a valid terminator: 'aws4_request', not 'e'. "
              "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date "
              "from HTTP: '20150829' != '20150830', from '20150830T123600Z'.");
}

// aws-mobile-appsync-sdk-js#702.
TEST(SigV4Parse, SignedHeaderAbsentFromRequest) {
    AuthFailure f = parse_failure(with_auth(
        "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/kinesis/aws4_request, "
        "SignedHeaders=accept;host, Signature=abc"));
    EXPECT_EQ(f.kind, AuthErrorKind::IncompleteSignature);
    EXPECT_EQ(f.message,
              "'accept' is named as a SignedHeader, but it does not exist in the HTTP request.");
}

TEST(SigV4Parse, HeaderAndQueryBoth) {
    TestRequest r = with_auth(kGood);
    r.query = "X-Amz-Algorithm=AWS4-HMAC-SHA256";
    AuthFailure f = parse_failure(r);
    EXPECT_EQ(f.kind, AuthErrorKind::SignatureMismatch);
    EXPECT_EQ(f.message,
              "Found both 'X-Amz-Algorithm' as a query-string param and 'Authorization' as HTTP "
              "header.");
}

TEST(SigV4Parse, PresignedMissingParameters) {
    TestRequest r;
    r.query = "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date=";
    AuthFailure f = parse_failure(r);
    EXPECT_EQ(f.kind, AuthErrorKind::IncompleteSignature);
    EXPECT_EQ(f.message,
              "AWS query-string parameters must include 'X-Amz-Credential'. AWS query-string "
              "parameters must include 'X-Amz-Signature'. AWS query-string parameters must "
              "include 'X-Amz-SignedHeaders'. AWS query-string parameters must include "
              "'X-Amz-Date'. Re-examine the query-string parameters.");
}

TEST(SigV4Parse, PresignedExpiresValidated) {
    std::string base =
        "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1"
        "%2Fs3%2Faws4_request&X-Amz-Date=20150830T123600Z&X-Amz-SignedHeaders=host&"
        "X-Amz-Signature=abc&X-Amz-Expires=";
    TestRequest r;
    r.headers = {{"Host", "h"}};
    r.query = base + "soon";
    EXPECT_EQ(parse_failure(r).message, "X-Amz-Expires should be a number");
    r.query = base + "604801";
    EXPECT_EQ(parse_failure(r).message,
              "X-Amz-Expires must be less than a week (in seconds); that is, the given "
              "X-Amz-Expires must be less than 604800 seconds");
    r.query = base + "300";
    ParsedAuth auth;
    AuthFailure err;
    ASSERT_TRUE(parse(r.view(), auth, err)) << err.message;
    EXPECT_EQ(auth.expires_seconds, 300);
    EXPECT_EQ(auth.service, "s3");
}

// dynalite's record of DynamoDB; STS (cognitect-labs/aws-api#27) for the trailing space.
TEST(SigV4Parse, CheckScopeRegionAndService) {
    ParsedAuth auth;
    auth.region = "c";
    auth.service = "kinesis";
    std::optional<AuthFailure> f = check_scope(auth, "us-east-1", "dynamodb");
    ASSERT_TRUE(f.has_value());
    EXPECT_EQ(f->kind, AuthErrorKind::SignatureMismatch);
    EXPECT_EQ(f->message,
              "Credential should be scoped to a valid region, not 'c'. Credential should be "
              "scoped to correct service: 'dynamodb'. ");
    EXPECT_FALSE(check_scope(auth, "", "kinesis").has_value());
}

TEST(SigV4Errors, EmptyMessageGetsStandardText) {
    ApiError e = to_api_error({AuthErrorKind::InvalidToken, ""}, "sts");
    EXPECT_EQ(e.code, "InvalidClientTokenId");
    EXPECT_EQ(e.message, "The security token included in the request is invalid");
    EXPECT_EQ(to_api_error({AuthErrorKind::ExpiredToken, ""}, "kinesis").message,
              "The security token included in the request is expired");
}

}  // namespace
}  // namespace freshet::iam::sigv4
