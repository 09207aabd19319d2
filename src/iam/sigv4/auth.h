// Server side of AWS Signature Version 4: parse the credentials of a request, rebuild the
// canonical request, verify the signature, and map failures to each service's AWS error.
//
// The pipeline follows the order AWS's front ends check things in (dynalite's notes of real
// DynamoDB answers, see README.md):
//   1. parse()            MissingAuthenticationToken / IncompleteSignature, host signed,
//                         algorithm, credential shape, scope terminator and date;
//   2. check_time()       SignatureExpired (the skew window), before the key is looked up;
//   3. check_scope()      region and service the endpoint expects;
//   4. the caller looks up the access key and session token (UnrecognizedClient, InvalidToken,
//      ExpiredToken: make_failure() builds those);
//   5. Verifier::verify() the signature itself (it re-checks the time window too).
// Everything here is pure: no I/O, no global state. Free functions are thread-safe; Verifier is
// thread-safe (its key cache is guarded by a mutex).
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/clock.h"
#include "core/crypto.h"
#include "core/result.h"
#include "iam/sigv4/request_view.h"

namespace freshet::iam::sigv4 {

enum class AuthErrorKind : uint8_t {
    MissingAuthenticationToken,  // no Authorization header and no presigned query
    IncompleteSignature,         // header present but missing/malformed parts, bad algorithm...
    SignatureMismatch,           // signature does not verify (also: wrong scope, host unsigned)
    SignatureExpired,            // request time outside the allowed window, or presigned expired
    UnrecognizedClient,          // unknown access key (decided by the caller's credential store)
    ExpiredToken,                // temporary credentials expired (decided by the caller)
    InvalidToken,                // security token missing/does not match (decided by the caller)
};

// `message` is AWS's exact text for the failure (see errors.cc for the sources).
struct AuthFailure {
    AuthErrorKind kind;
    std::string message;
};

// The failures the caller decides (UnrecognizedClient, ExpiredToken, InvalidToken) with the
// message AWS's JSON and Query services send; to_api_error() substitutes S3's own texts.
AuthFailure make_failure(AuthErrorKind kind);

struct ParsedAuth {
    std::string access_key_id, date /*YYYYMMDD from the scope*/, region, service;
    std::vector<std::string> signed_headers;  // lowercase, in the order given
    std::string signature;                    // lowercase hex
    std::string amz_date;        // request time, basic format (X-Amz-Date, or Date converted)
    std::string security_token;  // X-Amz-Security-Token (header or query); empty when none
    bool presigned = false;
    int64_t expires_seconds = 0;  // X-Amz-Expires for presigned
    std::string scope() const;    // "<date>/<region>/<service>/aws4_request"
};

// Step 1 (no secret needed): finds and parses the credentials of a request, from the
// Authorization header or from the presigned query. Returns false and fills `err` with AWS's
// message for the first failing check.
bool parse(const RequestView& req, ParsedAuth& out, AuthFailure& err);

// Step 2: the canonical request and the string to sign.
// s3_style = true: the path is URI-encoded once and not normalised; the payload hash comes from
// x-amz-content-sha256 (UNSIGNED-PAYLOAD for presigned URLs without it). false: the path is
// normalised (dot segments and empty segments removed) and every segment encoded twice, as AWS
// does for all non-S3 services. Both: an x-amz-content-sha256 header replaces the body hash.
std::string canonical_request(const RequestView& req, const ParsedAuth& auth, bool s3_style);
std::string string_to_sign(const ParsedAuth& auth, std::string_view canonical_request);

// The signing key: HMAC chain over date, region, service and "aws4_request".
crypto::Digest256 derive_signing_key(std::string_view secret, std::string_view date,
                                     std::string_view region, std::string_view service);

// Checks the request time against `now`. Header-signed and non-S3 presigned requests: within
// `skew` either side (AWS's STS ignores X-Amz-Expires, aws/aws-sdk-go#2167). S3 presigned: not
// before X-Amz-Date - skew, not after X-Amz-Date + X-Amz-Expires. nullopt when in the window.
std::optional<AuthFailure> check_time(const ParsedAuth& auth, TimePoint now,
                                      std::chrono::seconds skew, bool s3_style);

// Checks the scope against what the endpoint serves; an empty expectation is not checked.
// Fails with SignatureMismatch and AWS's "Credential should be scoped to ..." sentences.
std::optional<AuthFailure> check_scope(const ParsedAuth& auth, std::string_view expected_region,
                                       std::string_view expected_service);

// Step 3: verification given the secret key.
class Verifier {
  public:
    explicit Verifier(const Clock& clock);
    // Checks the time window (check_time) then the signature, in constant time. Non-S3: an
    // x-amz-content-sha256 header that is not the body's hash fails too, since otherwise the
    // body would not be authenticated. Returns nullopt on success.
    std::optional<AuthFailure> verify(const RequestView& req, const ParsedAuth& auth,
                                      std::string_view secret, bool s3_style,
                                      std::chrono::seconds skew = std::chrono::minutes(15)) const;
    // The (cached) signing key of the request's scope: S3's aws-chunked bodies (chunked.h)
    // verify their chunk signatures with it.
    crypto::Digest256 key_for(std::string_view secret, const ParsedAuth& auth) const {
        return signing_key(secret, auth);
    }

  private:
    crypto::Digest256 signing_key(std::string_view secret, const ParsedAuth& auth) const;

    // A few thousand keys at most; when full the cache is simply cleared (a signing key changes
    // daily anyway, so old entries die young).
    static constexpr size_t kMaxCachedKeys = 4096;
    const Clock& clock_;
    mutable std::mutex mu_;
    mutable std::unordered_map<std::string, crypto::Digest256> keys_;
};

// Maps a failure to the error a service returns. `service` is the SigV4 signing name
// ("kinesis", "dynamodb", "lambda", "logs", "iam", "sts", "cloudformation", "s3").
// ApiError::code is the bare code; DynamoDB's "com.amazon.coral.service#" prefix, the XML
// envelope and the x-amzn-ErrorType header are the protocol writer's business. A failure with
// an empty message gets make_failure(kind)'s text.
ApiError to_api_error(const AuthFailure& f, std::string_view service);

}  // namespace freshet::iam::sigv4
