// Time window, scope and signature checks.
#include <fmt/format.h>

#include "core/encoding.h"
#include "iam/sigv4/auth.h"
#include "iam/sigv4/detail.h"

namespace freshet::iam::sigv4 {
namespace {

// AWS's (coral) text, e.g. DynamoDB via aws/aws-sdk-js#254, STS via aws/aws-cli#6676:
// "Signature expired: 20220127T001427Z is now earlier than 20220127T014428Z
// (20220127T015928Z - 15 min.)". The future form is from NickWaterton/Roomba980-Python#118:
// "Signature not yet current: 20230804T000000Z is still later than 20230803T172233Z
// (20230803T171733Z + 5 min.)". The minutes follow the service's window.
std::optional<AuthFailure> skew_failure(const std::string& signed_at, TimePoint t, TimePoint now,
                                        std::chrono::seconds skew) {
    long long minutes = std::chrono::duration_cast<std::chrono::minutes>(skew).count();
    if (t < now - skew)
        return AuthFailure{
            AuthErrorKind::SignatureExpired,
            fmt::format("Signature expired: {} is now earlier than {} ({} - {} min.)", signed_at,
                        amz_date(now - skew), amz_date(now), minutes)};
    if (t > now + skew)
        return AuthFailure{
            AuthErrorKind::SignatureExpired,
            fmt::format("Signature not yet current: {} is still later than {} ({} + {} min.)",
                        signed_at, amz_date(now + skew), amz_date(now), minutes)};
    return std::nullopt;
}

// S3's texts: AccessDenied "Request has expired" (aws/aws-sdk-js#3493), RequestTimeTooSkewed
// for header-signed requests. "Request is not valid yet" is what MinIO/SeaweedFS send for a
// presigned URL dated in the future; AWS's own text for it is not confirmed.
std::optional<AuthFailure> s3_time_failure(const ParsedAuth& auth, TimePoint t, TimePoint now,
                                           std::chrono::seconds skew) {
    if (auth.presigned) {
        if (t > now + skew)
            return AuthFailure{AuthErrorKind::SignatureExpired, "Request is not valid yet"};
        if (now > t + std::chrono::seconds(auth.expires_seconds))
            return AuthFailure{AuthErrorKind::SignatureExpired, "Request has expired"};
        return std::nullopt;
    }
    if (t < now - skew || t > now + skew)
        return AuthFailure{AuthErrorKind::SignatureExpired,
                           "The difference between the request time and the current time is too "
                           "large."};
    return std::nullopt;
}

}  // namespace

std::optional<AuthFailure> check_time(const ParsedAuth& auth, TimePoint now,
                                      std::chrono::seconds skew, bool s3_style) {
    std::optional<TimePoint> t = parse_amz_date(auth.amz_date);
    if (!t)
        return AuthFailure{AuthErrorKind::IncompleteSignature,
                           "Date must be in ISO-8601 'basic format'. Got '" + auth.amz_date +
                               "'. See http://en.wikipedia.org/wiki/ISO_8601"};
    if (s3_style) return s3_time_failure(auth, *t, now, skew);
    return skew_failure(auth.amz_date, *t, now, skew);
}

std::optional<AuthFailure> check_scope(const ParsedAuth& auth, std::string_view expected_region,
                                       std::string_view expected_service) {
    // dynalite's record of DynamoDB; the trailing space is AWS's (cognitect-labs/aws-api#27:
    // "Credential should be scoped to a valid region, not 'ap-southeast-2'. ").
    std::string msg;
    if (!expected_region.empty() && auth.region != expected_region)
        msg += "Credential should be scoped to a valid region, not '" + auth.region + "'. ";
    if (!expected_service.empty() && auth.service != expected_service)
        msg += "Credential should be scoped to correct service: '" + std::string(expected_service) +
               "'. ";
    if (msg.empty()) return std::nullopt;
    return AuthFailure{AuthErrorKind::SignatureMismatch, std::move(msg)};
}

Verifier::Verifier(const Clock& clock) : clock_(clock) {}

crypto::Digest256 Verifier::signing_key(std::string_view secret, const ParsedAuth& auth) const {
    // The secret is part of the cache key: two users sharing a scope must never share a key.
    std::string cache_key = auth.scope();
    cache_key += '\n';
    cache_key += secret;
    {
        std::lock_guard<std::mutex> lock(mu_);
        auto it = keys_.find(cache_key);
        if (it != keys_.end()) return it->second;
    }
    crypto::Digest256 key = derive_signing_key(secret, auth.date, auth.region, auth.service);
    std::lock_guard<std::mutex> lock(mu_);
    if (keys_.size() >= kMaxCachedKeys) keys_.clear();
    keys_.emplace(std::move(cache_key), key);
    return key;
}

std::optional<AuthFailure> Verifier::verify(const RequestView& req, const ParsedAuth& auth,
                                            std::string_view secret, bool s3_style,
                                            std::chrono::seconds skew) const {
    if (auto f = check_time(auth, clock_.now(), skew, s3_style)) return f;
    std::string canonical = canonical_request(req, auth, s3_style);
    std::string sts = string_to_sign(auth, canonical);
    std::string expected = hex_encode(
        crypto::as_view(crypto::hmac_sha256(crypto::as_view(signing_key(secret, auth)), sts)));
    bool ok = crypto::constant_time_equal(expected, auth.signature);
    if (ok && !s3_style) {
        std::optional<std::string> given = detail::header_value(req, "x-amz-content-sha256");
        ok = !given || detail::to_lower(*given) == crypto::sha256_hex(req.body);
    }
    if (ok) return std::nullopt;
    if (s3_style)
        // S3's shorter text; S3 returns the canonical request in separate XML elements.
        return AuthFailure{AuthErrorKind::SignatureMismatch,
                           "The request signature we calculated does not match the signature you "
                           "provided. Check your key and signing method."};
    // Coral services append the strings they computed (dynalite's record of DynamoDB;
    // boto/boto#1552 and aws/aws-sdk-js#168 show the same from other services).
    return AuthFailure{AuthErrorKind::SignatureMismatch,
                       "The request signature we calculated does not match the signature you "
                       "provided. Check your AWS Secret Access Key and signing method. Consult "
                       "the service documentation for details.\n\nThe Canonical String for this "
                       "request should have been\n'" +
                           canonical + "'\n\nThe String-to-Sign should have been\n'" + sts + "'\n"};
}

}  // namespace freshet::iam::sigv4
