// Client-side signing. It reuses the server's canonical_request() so that the two can never
// disagree; tests/vectors_test.cc pins both against botocore.
#include "iam/sigv4/signer.h"

#include <fmt/format.h>

#include <algorithm>

#include "core/crypto.h"
#include "core/encoding.h"
#include "iam/sigv4/auth.h"
#include "iam/sigv4/detail.h"

namespace freshet::iam::sigv4 {
namespace {

ParsedAuth base_auth(const Credentials& creds, std::string_view region, std::string_view service,
                     TimePoint now) {
    ParsedAuth auth;
    auth.access_key_id = creds.access_key_id;
    auth.amz_date = amz_date(now);
    auth.date = auth.amz_date.substr(0, 8);
    auth.region = region;
    auth.service = service;
    auth.security_token = creds.session_token;
    return auth;
}

std::string signature_of(const RequestView& req, const ParsedAuth& auth, const Credentials& creds,
                         bool s3_style) {
    std::string sts = string_to_sign(auth, canonical_request(req, auth, s3_style));
    crypto::Digest256 key =
        derive_signing_key(creds.secret_access_key, auth.date, auth.region, auth.service);
    return hex_encode(crypto::as_view(crypto::hmac_sha256(crypto::as_view(key), sts)));
}

void erase_header(std::vector<Header>& headers, std::string_view name) {
    std::erase_if(headers, [&](const Header& h) { return detail::iequals(h.name, name); });
}

}  // namespace

void sign(std::string_view method, std::string_view path, std::string_view query,
          std::vector<Header>& headers, std::string_view body, const Credentials& creds,
          std::string_view region, std::string_view service, TimePoint now, bool s3_style) {
    ParsedAuth auth = base_auth(creds, region, service, now);
    // A retry re-signs: earlier copies of what we add must not be signed twice.
    for (std::string_view name :
         {"authorization", "x-amz-date", "x-amz-security-token", "x-amz-content-sha256"}) {
        if (name != "x-amz-content-sha256" || s3_style) erase_header(headers, name);
    }
    headers.push_back({"X-Amz-Date", auth.amz_date});
    if (!creds.session_token.empty())
        headers.push_back({"X-Amz-Security-Token", creds.session_token});
    if (s3_style) headers.push_back({"X-Amz-Content-SHA256", crypto::sha256_hex(body)});
    for (const Header& h : headers) auth.signed_headers.push_back(detail::to_lower(h.name));
    std::sort(auth.signed_headers.begin(), auth.signed_headers.end());
    auth.signed_headers.erase(std::unique(auth.signed_headers.begin(), auth.signed_headers.end()),
                              auth.signed_headers.end());
    RequestView req{method, path, query, &headers, body};
    std::string signature = signature_of(req, auth, creds, s3_style);
    std::string signed_list;
    for (const std::string& h : auth.signed_headers) {
        if (!signed_list.empty()) signed_list += ';';
        signed_list += h;
    }
    headers.push_back(
        {"Authorization",
         fmt::format("{} Credential={}/{}, SignedHeaders={}, Signature={}", detail::kAlgorithm,
                     creds.access_key_id, auth.scope(), signed_list, signature)});
}

std::string presign_query(std::string_view method, std::string_view path, std::string_view query,
                          std::string_view host, const Credentials& creds, std::string_view region,
                          std::string_view service, TimePoint now, int64_t expires_seconds,
                          bool s3_style) {
    ParsedAuth auth = base_auth(creds, region, service, now);
    auth.presigned = true;
    auth.expires_seconds = expires_seconds;
    auth.signed_headers = {"host"};
    // botocore's order (SigV4QueryAuth/S3SigV4QueryAuth): the operation's parameters first.
    std::string q(query);
    if (!q.empty()) q += '&';
    q += fmt::format(
        "X-Amz-Algorithm={}&X-Amz-Credential={}&X-Amz-Date={}&X-Amz-Expires={}"
        "&X-Amz-SignedHeaders=host",
        detail::kAlgorithm, uri_encode(creds.access_key_id + "/" + auth.scope()), auth.amz_date,
        expires_seconds);
    if (!creds.session_token.empty())
        q += "&X-Amz-Security-Token=" + uri_encode(creds.session_token);
    std::vector<Header> headers = {{"host", std::string(host)}};
    RequestView req{method, path, q, &headers, {}};
    q += "&X-Amz-Signature=" + signature_of(req, auth, creds, s3_style);
    return q;
}

}  // namespace freshet::iam::sigv4
