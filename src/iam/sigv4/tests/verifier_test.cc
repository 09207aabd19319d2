// Verifier: time windows, mismatches, round trips, the key cache, and the error mapping.
#include <gtest/gtest.h>

#include <atomic>
#include <cctype>
#include <thread>

#include "core/crypto.h"
#include "iam/sigv4/auth.h"
#include "iam/sigv4/signer.h"
#include "iam/sigv4/tests/test_util.h"

namespace freshet::iam::sigv4 {
namespace {

using namespace std::chrono_literals;
using testing::at;
using testing::kNow;
using testing::kSecret;
using testing::TestRequest;

const Credentials kCreds{"AKIDEXAMPLE", std::string(kSecret), ""};

TestRequest signed_request(bool s3 = false, const Credentials& creds = kCreds,
                           std::string path = "/") {
    TestRequest r{"POST",
                  std::move(path),
                  "b=2&a=1",
                  {{"Host", "localhost:4566"}, {"Content-Type", "application/x-amz-json-1.1"}},
                  R"({"StreamName":"s"})"};
    sign(r.method, r.path, r.query, r.headers, r.body, creds, "us-east-1", s3 ? "s3" : "kinesis",
         at(kNow), s3);
    return r;
}

std::optional<AuthFailure> verify_at(const TestRequest& r, std::string_view now,
                                     std::string_view secret = kSecret, bool s3 = false,
                                     std::chrono::seconds skew = 15min) {
    ParsedAuth auth;
    AuthFailure err;
    if (!parse(r.view(), auth, err)) return err;
    ManualClock clock(at(now));
    return Verifier(clock).verify(r.view(), auth, secret, s3, skew);
}

TEST(SigV4Verify, RoundTripAtWindowEdges) {
    TestRequest r = signed_request();
    EXPECT_FALSE(verify_at(r, kNow).has_value());
    EXPECT_FALSE(verify_at(r, "20150830T125100Z").has_value());  // exactly +15 min
    EXPECT_FALSE(verify_at(r, "20150830T122100Z").has_value());  // exactly -15 min
}

TEST(SigV4Verify, SignatureExpired) {
    std::optional<AuthFailure> f = verify_at(signed_request(), "20150830T125200Z");
    ASSERT_TRUE(f.has_value());
    EXPECT_EQ(f->kind, AuthErrorKind::SignatureExpired);
    EXPECT_EQ(f->message,
              "Signature expired: 20150830T123600Z is now earlier than 20150830T123700Z "
              "(20150830T125200Z - 15 min.)");
}

TEST(SigV4Verify, SignatureNotYetCurrent) {
    std::optional<AuthFailure> f = verify_at(signed_request(), "20150830T122000Z");
    ASSERT_TRUE(f.has_value());
    EXPECT_EQ(f->kind, AuthErrorKind::SignatureExpired);
    EXPECT_EQ(f->message,
              "Signature not yet current: 20150830T123600Z is still later than 20150830T123500Z "
              "(20150830T122000Z + 15 min.)");
}

TEST(SigV4Verify, SkewMinutesFollowArgument) {
    std::optional<AuthFailure> f =
        verify_at(signed_request(), "20150830T124200Z", kSecret, false, 5min);
    ASSERT_TRUE(f.has_value());
    EXPECT_EQ(f->message,
              "Signature expired: 20150830T123600Z is now earlier than 20150830T123700Z "
              "(20150830T124200Z - 5 min.)");
}

TEST(SigV4Verify, MismatchCarriesCanonicalStrings) {
    TestRequest r = signed_request();
    ParsedAuth auth;
    AuthFailure err;
    ASSERT_TRUE(parse(r.view(), auth, err));
    std::string canonical = canonical_request(r.view(), auth, false);
    std::string sts = string_to_sign(auth, canonical);
    std::optional<AuthFailure> f = verify_at(r, kNow, "wrong-secret");
    ASSERT_TRUE(f.has_value());
    EXPECT_EQ(f->kind, AuthErrorKind::SignatureMismatch);
    EXPECT_EQ(f->message,
              "The request signature we calculated does not match the signature you provided. "
              "Check your AWS Secret Access Key and signing method. Consult the service "
              "documentation for details.\n\nThe Canonical String for this request should have "
              "been\n'" +
                  canonical + "'\n\nThe String-to-Sign should have been\n'" + sts + "'\n");
}

TEST(SigV4Verify, S3MismatchUsesS3Text) {
    std::optional<AuthFailure> f = verify_at(signed_request(true), kNow, "wrong", true);
    ASSERT_TRUE(f.has_value());
    EXPECT_EQ(f->message,
              "The request signature we calculated does not match the signature you provided. "
              "Check your key and signing method.");
}

TEST(SigV4Verify, TamperedBodyHeaderOrQueryFails) {
    TestRequest body = signed_request();
    body.body += " ";
    EXPECT_EQ(verify_at(body, kNow)->kind, AuthErrorKind::SignatureMismatch);
    TestRequest header = signed_request();
    header.headers[1].value = "application/json";
    EXPECT_EQ(verify_at(header, kNow)->kind, AuthErrorKind::SignatureMismatch);
    TestRequest query = signed_request();
    query.query = "b=2&a=2";
    EXPECT_EQ(verify_at(query, kNow)->kind, AuthErrorKind::SignatureMismatch);
}

// Non-S3: a client-chosen payload hash must be the body's, or the body goes unauthenticated.
TEST(SigV4Verify, NonS3ContentShaMustMatchBody) {
    TestRequest r{
        "POST", "/", "", {{"Host", "h"}, {"X-Amz-Content-SHA256", "UNSIGNED-PAYLOAD"}}, "{}"};
    sign(r.method, r.path, r.query, r.headers, r.body, kCreds, "us-east-1", "kinesis", at(kNow));
    EXPECT_EQ(verify_at(r, kNow)->kind, AuthErrorKind::SignatureMismatch);
    r.headers = {{"Host", "h"}, {"X-Amz-Content-SHA256", crypto::sha256_hex("{}")}};
    sign(r.method, r.path, r.query, r.headers, r.body, kCreds, "us-east-1", "kinesis", at(kNow));
    EXPECT_FALSE(verify_at(r, kNow).has_value());
}

TEST(SigV4Verify, RoundTripAwkwardPathsAndToken) {
    Credentials creds = kCreds;
    creds.session_token = "tok+/=";
    for (bool s3 : {false, true}) {
        TestRequest r = signed_request(s3, creds, "/b/k%20%E2%82%AC/%28x%29//y.txt");
        EXPECT_FALSE(verify_at(r, kNow, kSecret, s3).has_value()) << s3;
    }
}

TEST(SigV4Verify, UppercaseSignatureAccepted) {
    TestRequest r = signed_request();
    std::string& authz = r.headers.back().value;
    size_t pos = authz.find("Signature=") + 10;
    for (size_t i = pos; i < authz.size(); ++i) authz[i] = static_cast<char>(toupper(authz[i]));
    EXPECT_FALSE(verify_at(r, kNow).has_value());
}

TEST(SigV4Verify, CacheKeyedBySecret) {
    TestRequest r = signed_request();
    ParsedAuth auth;
    AuthFailure err;
    ASSERT_TRUE(parse(r.view(), auth, err));
    ManualClock clock(at(kNow));
    Verifier v(clock);
    EXPECT_FALSE(v.verify(r.view(), auth, kSecret, false).has_value());
    EXPECT_TRUE(v.verify(r.view(), auth, "other-secret", false).has_value());
    EXPECT_FALSE(v.verify(r.view(), auth, kSecret, false).has_value());
    EXPECT_TRUE(v.verify(r.view(), auth, "other-secret", false).has_value());
}

TEST(SigV4Verify, ConcurrentVerifiersAgree) {
    Credentials other{"AKID2", "second-secret", ""};
    TestRequest a = signed_request(), b = signed_request(false, other);
    ParsedAuth pa, pb;
    AuthFailure err;
    ASSERT_TRUE(parse(a.view(), pa, err) && parse(b.view(), pb, err));
    ManualClock clock(at(kNow));
    Verifier v(clock);
    std::atomic<int> wrong{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&] {
            for (int i = 0; i < 100; ++i) {
                if (v.verify(a.view(), pa, kSecret, false)) ++wrong;
                if (v.verify(b.view(), pb, "second-secret", false)) ++wrong;
                if (!v.verify(b.view(), pb, kSecret, false)) ++wrong;
            }
        });
    }
    for (auto& t : threads) t.join();
    EXPECT_EQ(wrong.load(), 0);
}

TEST(SigV4Verify, S3PresignedExpiry) {
    TestRequest r{"GET", "/b/k", "", {{"Host", "h"}}, ""};
    r.query = presign_query("GET", "/b/k", "", "h", kCreds, "us-east-1", "s3", at(kNow), 60, true);
    EXPECT_FALSE(verify_at(r, "20150830T123700Z", kSecret, true).has_value());
    std::optional<AuthFailure> f = verify_at(r, "20150830T123701Z", kSecret, true);
    ASSERT_TRUE(f.has_value());
    EXPECT_EQ(f->message, "Request has expired");
    EXPECT_EQ(to_api_error(*f, "s3").code, "AccessDenied");
}

// STS ignores X-Amz-Expires and applies the 15-minute window (aws/aws-sdk-go#2167).
TEST(SigV4Verify, NonS3PresignedUsesSkewWindow) {
    TestRequest r{"GET", "/", "", {{"Host", "sts.amazonaws.com"}}, ""};
    r.query = presign_query("GET", "/", "Action=GetCallerIdentity&Version=2011-06-15",
                            "sts.amazonaws.com", kCreds, "us-east-1", "sts", at(kNow), 60, false);
    EXPECT_FALSE(verify_at(r, "20150830T124600Z").has_value());
    EXPECT_EQ(verify_at(r, "20150830T125200Z")->kind, AuthErrorKind::SignatureExpired);
}

TEST(SigV4Canonical, NonS3PathNormalisedS3Not) {
    TestRequest r{"GET", "/a/./b/../c//d%7e/", "", {{"Host", "h"}}, ""};
    ParsedAuth auth;
    auth.signed_headers = {"host"};
    EXPECT_EQ(canonical_request(r.view(), auth, false).substr(0, 14), "GET\n/a/c/d~/\n\n");
    EXPECT_EQ(canonical_request(r.view(), auth, true).substr(0, 22), "GET\n/a/./b/../c//d~/\n\n");
}

TEST(SigV4Canonical, QueryReencodedAndSignatureExcludedWhenPresigned) {
    TestRequest r{"GET", "", "b=%7e+&a&X-Amz-Signature=x&a=%20", {{"Host", "h"}}, ""};
    ParsedAuth auth;
    auth.signed_headers = {"host"};
    auth.presigned = true;
    EXPECT_EQ(canonical_request(r.view(), auth, false).substr(0, 26),
              "GET\n/\na=&a=%20&b=~%2B\nhost");
    auth.presigned = false;
    EXPECT_NE(canonical_request(r.view(), auth, false).find("X-Amz-Signature=x"),
              std::string::npos);
}

TEST(SigV4Canonical, RepeatedHeadersJoined) {
    TestRequest r{"GET", "/", "", {{"Host", "h"}, {"X-A", " 1  2 "}, {"x-a", "3"}}, ""};
    ParsedAuth auth;
    auth.signed_headers = {"host", "x-a"};
    EXPECT_NE(canonical_request(r.view(), auth, false).find("\nhost:h\nx-a:1 2,3\n\nhost;x-a\n"),
              std::string::npos);
}

TEST(SigV4Errors, JsonServices) {
    AuthFailure mismatch{AuthErrorKind::SignatureMismatch, "m"};
    ApiError e = to_api_error(mismatch, "kinesis");
    EXPECT_EQ(e.code, "InvalidSignatureException");
    EXPECT_EQ(e.status, 400);
    EXPECT_EQ(e.message, "m");
    EXPECT_EQ(to_api_error({AuthErrorKind::SignatureExpired, "x"}, "dynamodb").code,
              "InvalidSignatureException");
    EXPECT_EQ(to_api_error(make_failure(AuthErrorKind::MissingAuthenticationToken), "logs").code,
              "MissingAuthenticationTokenException");
    EXPECT_EQ(to_api_error({AuthErrorKind::IncompleteSignature, "x"}, "kinesis").code,
              "IncompleteSignatureException");
    ApiError key = to_api_error(make_failure(AuthErrorKind::UnrecognizedClient), "dynamodb");
    EXPECT_EQ(key.code, "UnrecognizedClientException");
    EXPECT_EQ(key.message, "The security token included in the request is invalid.");
    EXPECT_EQ(to_api_error(make_failure(AuthErrorKind::InvalidToken), "kinesis").message,
              "The security token included in the request is invalid");
    ApiError expired = to_api_error(make_failure(AuthErrorKind::ExpiredToken), "kinesis");
    EXPECT_EQ(expired.code, "ExpiredTokenException");
    EXPECT_EQ(expired.message, "The security token included in the request is expired");
}

TEST(SigV4Errors, LambdaIs403) {
    ApiError e = to_api_error(make_failure(AuthErrorKind::UnrecognizedClient), "lambda");
    EXPECT_EQ(e.code, "UnrecognizedClientException");
    EXPECT_EQ(e.status, 403);
    EXPECT_EQ(to_api_error({AuthErrorKind::SignatureMismatch, "m"}, "lambda").status, 403);
}

TEST(SigV4Errors, QueryServices) {
    ApiError missing = to_api_error(make_failure(AuthErrorKind::MissingAuthenticationToken), "sts");
    EXPECT_EQ(missing.code, "MissingAuthenticationToken");
    EXPECT_EQ(missing.message, "Request is missing Authentication Token");
    EXPECT_EQ(missing.status, 403);
    EXPECT_TRUE(missing.sender);
    ApiError incomplete = to_api_error({AuthErrorKind::IncompleteSignature, "x"}, "iam");
    EXPECT_EQ(incomplete.code, "IncompleteSignature");
    EXPECT_EQ(incomplete.status, 400);
    ApiError skew = to_api_error({AuthErrorKind::SignatureExpired, "x"}, "cloudformation");
    EXPECT_EQ(skew.code, "SignatureDoesNotMatch");
    EXPECT_EQ(skew.status, 403);
    ApiError key = to_api_error(make_failure(AuthErrorKind::UnrecognizedClient), "iam");
    EXPECT_EQ(key.code, "InvalidClientTokenId");
    EXPECT_EQ(key.message, "The security token included in the request is invalid.");
    EXPECT_EQ(key.status, 403);
    ApiError expired = to_api_error(make_failure(AuthErrorKind::ExpiredToken), "sts");
    EXPECT_EQ(expired.code, "ExpiredToken");
    EXPECT_EQ(expired.status, 403);
}

TEST(SigV4Errors, S3) {
    EXPECT_EQ(to_api_error(make_failure(AuthErrorKind::MissingAuthenticationToken), "s3").code,
              "AccessDenied");
    ApiError mismatch = to_api_error({AuthErrorKind::SignatureMismatch, "m"}, "s3");
    EXPECT_EQ(mismatch.code, "SignatureDoesNotMatch");
    EXPECT_EQ(mismatch.status, 403);
    ApiError key = to_api_error(make_failure(AuthErrorKind::UnrecognizedClient), "s3");
    EXPECT_EQ(key.code, "InvalidAccessKeyId");
    EXPECT_EQ(key.message, "The AWS Access Key Id you provided does not exist in our records.");
    std::optional<AuthFailure> skew =
        verify_at(signed_request(true), "20150831T000000Z", kSecret, true);
    ASSERT_TRUE(skew.has_value());
    ApiError e = to_api_error(*skew, "s3");
    EXPECT_EQ(e.code, "RequestTimeTooSkewed");
    EXPECT_EQ(e.message,
              "The difference between the request time and the current time is too large.");
    EXPECT_EQ(to_api_error(make_failure(AuthErrorKind::ExpiredToken), "s3").status, 400);
}

}  // namespace
}  // namespace freshet::iam::sigv4
