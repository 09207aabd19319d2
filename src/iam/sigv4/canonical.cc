// The canonical request and string to sign (IAM User Guide, "Create a signed AWS API request",
// awsdocs/iam-user-guide doc_source/create-signed-request.md), cross-checked against botocore's
// SigV4Auth/S3SigV4Auth (botocore/auth.py) by tests/vectors_test.cc.
#include <algorithm>
#include <utility>

#include "core/crypto.h"
#include "core/encoding.h"
#include "iam/sigv4/auth.h"
#include "iam/sigv4/detail.h"

namespace freshet::iam::sigv4 {
namespace {

using detail::QueryParam;

std::vector<std::string_view> split_path(std::string_view path) {
    std::vector<std::string_view> segments;
    size_t start = 0;
    while (start <= path.size()) {
        size_t slash = path.find('/', start);
        if (slash == std::string_view::npos) slash = path.size();
        segments.push_back(path.substr(start, slash - start));
        start = slash + 1;
    }
    return segments;
}

// Decodes then encodes one segment: the single, normalised URI encoding AWS expects.
std::string encode_segment(std::string_view raw) {
    std::optional<std::string> decoded = percent_decode(raw, false);
    return uri_encode(decoded ? *decoded : raw);
}

// Non-S3: RFC 3986 dot-segment removal plus removal of empty segments (botocore's
// remove_dot_segments: "AWS services require consecutive slashes to be removed"), then every
// segment encoded twice. A trailing slash is kept.
std::string canonical_uri_normalised(std::string_view path) {
    if (path.empty()) return "/";
    std::vector<std::string> kept;
    for (std::string_view seg : split_path(path)) {
        if (seg.empty() || seg == ".") continue;
        if (seg == "..") {
            if (!kept.empty()) kept.pop_back();
            continue;
        }
        kept.push_back(uri_encode(encode_segment(seg)));
    }
    std::string out = "/";
    for (size_t i = 0; i < kept.size(); ++i) {
        if (i > 0) out += '/';
        out += kept[i];
    }
    if (path.back() == '/' && !kept.empty()) out += '/';
    return out;
}

// S3: one encoding, no normalisation ("/a//b" and "/a/./b" are distinct keys).
std::string canonical_uri_s3(std::string_view path) {
    if (path.empty()) return "/";
    std::string out;
    bool first = true;
    for (std::string_view seg : split_path(path)) {
        if (!first) out += '/';
        first = false;
        out += encode_segment(seg);
    }
    return out;
}

std::string canonical_query(std::string_view query, bool presigned) {
    std::vector<std::pair<std::string, std::string>> pairs;
    for (QueryParam& p : detail::parse_query(query)) {
        // The signature cannot sign itself: AWS leaves X-Amz-Signature out of presigned URLs.
        if (presigned && p.name == "X-Amz-Signature") continue;
        pairs.emplace_back(uri_encode(p.name), uri_encode(p.value));
    }
    std::sort(pairs.begin(), pairs.end());
    std::string out;
    for (size_t i = 0; i < pairs.size(); ++i) {
        if (i > 0) out += '&';
        out += pairs[i].first;
        out += '=';
        out += pairs[i].second;
    }
    return out;
}

// Trimmed, with inner runs of whitespace collapsed to one space (the docs' "Trimall").
std::string trimall(std::string_view v) {
    std::string out;
    bool pending_space = false;
    for (char c : detail::trim(v)) {
        if (c == ' ' || c == '\t') {
            pending_space = true;
            continue;
        }
        if (pending_space) out += ' ';
        pending_space = false;
        out += c;
    }
    return out;
}

std::string canonical_headers(const RequestView& req, const std::vector<std::string>& names) {
    std::string out;
    for (const std::string& name : names) {
        out += name;
        out += ':';
        std::vector<std::string_view> values = detail::header_values(req, name);
        for (size_t i = 0; i < values.size(); ++i) {
            if (i > 0) out += ',';
            out += trimall(values[i]);
        }
        out += '\n';
    }
    return out;
}

std::string payload_hash(const RequestView& req, const ParsedAuth& auth, bool s3_style) {
    if (std::optional<std::string> given = detail::header_value(req, "x-amz-content-sha256"))
        return *given;
    // A presigned S3 URL cannot know its payload (S3 API Reference, "Authenticating Requests:
    // Using Query Parameters"); botocore's S3SigV4QueryAuth signs this literal.
    if (s3_style && auth.presigned) return std::string(detail::kUnsignedPayload);
    return crypto::sha256_hex(req.body);
}

}  // namespace

std::string ParsedAuth::scope() const {
    return date + "/" + region + "/" + service + "/" + std::string(detail::kTerminator);
}

std::string canonical_request(const RequestView& req, const ParsedAuth& auth, bool s3_style) {
    std::string signed_list;
    for (size_t i = 0; i < auth.signed_headers.size(); ++i) {
        if (i > 0) signed_list += ';';
        signed_list += auth.signed_headers[i];
    }
    std::string out(req.method);
    out += '\n';
    out += s3_style ? canonical_uri_s3(req.path) : canonical_uri_normalised(req.path);
    out += '\n';
    out += canonical_query(req.query, auth.presigned);
    out += '\n';
    out += canonical_headers(req, auth.signed_headers);
    out += '\n';
    out += signed_list;
    out += '\n';
    out += payload_hash(req, auth, s3_style);
    return out;
}

std::string string_to_sign(const ParsedAuth& auth, std::string_view canonical) {
    std::string out(detail::kAlgorithm);
    out += '\n';
    out += auth.amz_date;
    out += '\n';
    out += auth.scope();
    out += '\n';
    out += crypto::sha256_hex(canonical);
    return out;
}

crypto::Digest256 derive_signing_key(std::string_view secret, std::string_view date,
                                     std::string_view region, std::string_view service) {
    std::string k_secret = "AWS4" + std::string(secret);
    crypto::Digest256 k = crypto::hmac_sha256(k_secret, date);
    k = crypto::hmac_sha256(crypto::as_view(k), region);
    k = crypto::hmac_sha256(crypto::as_view(k), service);
    return crypto::hmac_sha256(crypto::as_view(k), detail::kTerminator);
}

}  // namespace freshet::iam::sigv4
