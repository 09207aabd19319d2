// AuthFailure -> ApiError, per protocol family. Sources for codes, texts and statuses:
//  JSON (coral) services: dynalite/kinesalite notes of DynamoDB and Kinesis (all 400);
//    Kinesis 400 UnrecognizedClientException (awslabs/amazon-kinesis-scaling-utils#46).
//  Lambda (REST-JSON): 403 (iann0036/iamlive#58: "StatusCode: 403 ...
//  UnrecognizedClientException"). Query services: IAM API Reference "Common Errors"
//  (IncompleteSignature 400,
//    MissingAuthenticationToken 403, InvalidClientTokenId 403, ExpiredToken 403); STS 403
//    MissingAuthenticationToken (cert-manager/aws-privateca-issuer#40); SignatureDoesNotMatch
//    for skew (aws/aws-cli#6676).
//  S3: S3 API Reference error codes (AccessDenied, SignatureDoesNotMatch, InvalidAccessKeyId,
//    RequestTimeTooSkewed 403; ExpiredToken, InvalidToken 400).
#include <array>

#include "iam/sigv4/auth.h"

namespace freshet::iam::sigv4 {
namespace {

// Unknown access key: with a period (DynamoDB per dynalite, Cognito/Logs/Lambda in SDK
// traces). A bad session token: without (dynalite: "THEN check X-Amz-Security-Token").
constexpr std::string_view kInvalidKeyMessage =
    "The security token included in the request is invalid.";
constexpr std::string_view kInvalidTokenMessage =
    "The security token included in the request is invalid";
constexpr std::string_view kExpiredTokenMessage =
    "The security token included in the request is expired";

bool is_query_service(std::string_view service) {
    static constexpr std::array<std::string_view, 6> kQuery = {
        "iam", "sts", "cloudformation", "sns", "monitoring", "ec2"};
    for (std::string_view s : kQuery) {
        if (s == service) return true;
    }
    return false;
}

ApiError s3_error(const AuthFailure& f) {
    switch (f.kind) {
        case AuthErrorKind::MissingAuthenticationToken:
            // S3 treats an unsigned request as anonymous; refusing it is "Access Denied".
            return {"AccessDenied", "Access Denied", 403};
        case AuthErrorKind::IncompleteSignature:
            if (f.message.rfind("AWS query-string", 0) == 0 || f.message.rfind("X-Amz-", 0) == 0)
                return {"AuthorizationQueryParametersError", f.message, 400};
            return {"AuthorizationHeaderMalformed", f.message, 400};
        case AuthErrorKind::SignatureMismatch:
            return {"SignatureDoesNotMatch", f.message, 403};
        case AuthErrorKind::SignatureExpired:
            if (f.message.rfind("Request ", 0) == 0) return {"AccessDenied", f.message, 403};
            return {"RequestTimeTooSkewed", f.message, 403};
        case AuthErrorKind::UnrecognizedClient:
            return {"InvalidAccessKeyId",
                    "The AWS Access Key Id you provided does not exist in our records.", 403};
        case AuthErrorKind::ExpiredToken:
            return {"ExpiredToken", "The provided token has expired.", 400};
        case AuthErrorKind::InvalidToken:
            return {"InvalidToken", "The provided token is malformed or otherwise invalid.", 400};
    }
    return ApiError::internal();
}

ApiError query_error(const AuthFailure& f) {
    switch (f.kind) {
        case AuthErrorKind::SignatureMismatch:
            // The query services (STS, IAM) send the sentence alone, without the canonical
            // request and string to sign that the JSON services append (aws-cli reports of
            // "SignatureDoesNotMatch when calling the GetCallerIdentity operation").
            return {"SignatureDoesNotMatch", f.message.substr(0, f.message.find("\n\n")), 403};
        case AuthErrorKind::MissingAuthenticationToken:
            return {"MissingAuthenticationToken", f.message, 403};
        case AuthErrorKind::IncompleteSignature:
            return {"IncompleteSignature", f.message, 400};
        case AuthErrorKind::SignatureExpired:
            return {"SignatureDoesNotMatch", f.message, 403};
        case AuthErrorKind::UnrecognizedClient:
        case AuthErrorKind::InvalidToken:
            return {"InvalidClientTokenId", f.message, 403};
        case AuthErrorKind::ExpiredToken:
            return {"ExpiredToken", f.message, 403};
    }
    return ApiError::internal();
}

ApiError json_error(const AuthFailure& f, int status) {
    switch (f.kind) {
        case AuthErrorKind::MissingAuthenticationToken:
            return {"MissingAuthenticationTokenException", f.message, status};
        case AuthErrorKind::IncompleteSignature:
            return {"IncompleteSignatureException", f.message, status};
        case AuthErrorKind::SignatureMismatch:
        case AuthErrorKind::SignatureExpired:
            return {"InvalidSignatureException", f.message, status};
        case AuthErrorKind::UnrecognizedClient:
        case AuthErrorKind::InvalidToken:
            return {"UnrecognizedClientException", f.message, status};
        case AuthErrorKind::ExpiredToken:
            return {"ExpiredTokenException", f.message, status};
    }
    return ApiError::internal();
}

}  // namespace

AuthFailure make_failure(AuthErrorKind kind) {
    switch (kind) {
        case AuthErrorKind::UnrecognizedClient:
            return {kind, std::string(kInvalidKeyMessage)};
        case AuthErrorKind::InvalidToken:
            return {kind, std::string(kInvalidTokenMessage)};
        case AuthErrorKind::ExpiredToken:
            return {kind, std::string(kExpiredTokenMessage)};
        case AuthErrorKind::MissingAuthenticationToken:
            return {kind, "Request is missing Authentication Token"};
        default:
            // The other kinds carry request-specific text built by parse()/verify().
            return {kind, ""};
    }
}

ApiError to_api_error(const AuthFailure& given, std::string_view service) {
    // A caller-built failure without text ({UnrecognizedClient, ""}) gets AWS's standard text.
    AuthFailure f = given.message.empty() ? make_failure(given.kind) : given;
    if (service == "s3") return s3_error(f);
    if (is_query_service(service)) return query_error(f);
    return json_error(f, service == "lambda" ? 403 : 400);
}

}  // namespace freshet::iam::sigv4
