// parse(): the credentials of a request, checked in the order AWS checks them. The messages
// and their order are those dynalite recorded from real DynamoDB (architect/dynalite index.js,
// "THEN check ..." notes) and kinesalite from real Kinesis; the presigned-query texts are
// kinesalite's (mhart/kinesalite index.js).
#include <charconv>

#include "iam/sigv4/auth.h"
#include "iam/sigv4/detail.h"

namespace freshet::iam::sigv4 {
namespace {

using detail::QueryParam;

// The first of `value`'s characters from `start` on that is a separator (',' when `comma`,
// ' ' or '\t'), or npos. A plain loop: string_view::find_first_of calls memchr per character.
size_t find_separator(std::string_view value, size_t start, bool comma) {
    for (size_t i = start; i < value.size(); ++i) {
        char c = value[i];
        if (c == ' ' || c == '\t' || (comma && c == ',')) return i;
    }
    return std::string_view::npos;
}

bool fail(AuthFailure& err, AuthErrorKind kind, std::string message) {
    err = AuthFailure{kind, std::move(message)};
    return false;
}

std::string bad_date_message(std::string_view got) {
    return "Date must be in ISO-8601 'basic format'. Got '" + std::string(got) +
           "'. See http://en.wikipedia.org/wiki/ISO_8601";
}

// Shared tail of both forms: algorithm, credential, scope, signed headers, in AWS's order.
bool parse_common(const RequestView& req, std::string_view algorithm, std::string_view credential,
                  std::string_view signed_headers, ParsedAuth& out, AuthFailure& err) {
    out.signed_headers.clear();
    for (size_t start = 0; start <= signed_headers.size();) {
        size_t semi = signed_headers.find(';', start);
        if (semi == std::string_view::npos) semi = signed_headers.size();
        std::string_view name = signed_headers.substr(start, semi - start);
        if (!name.empty()) out.signed_headers.push_back(detail::to_lower(name));
        start = semi + 1;
    }
    bool host_signed = false;
    for (const std::string& h : out.signed_headers) host_signed |= h == "host" || h == ":authority";
    if (!host_signed)
        return fail(err, AuthErrorKind::SignatureMismatch,
                    "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
    if (algorithm != detail::kAlgorithm)
        return fail(err, AuthErrorKind::IncompleteSignature,
                    "Unsupported AWS 'algorithm': '" + std::string(algorithm) +
                        "' (only AWS4-HMAC-SHA256 for now). ");
    // "Credential (trailing slashes are ignored)" (dynalite).
    std::string_view cred = credential;
    while (!cred.empty() && cred.back() == '/') cred.remove_suffix(1);
    std::vector<std::string_view> parts;
    for (size_t start = 0;;) {
        size_t slash = cred.find('/', start);
        parts.push_back(cred.substr(start, slash - start));
        if (slash == std::string_view::npos) break;
        start = slash + 1;
    }
    if (parts.size() != 5)
        return fail(err, AuthErrorKind::IncompleteSignature,
                    "Credential must have exactly 5 slash-delimited elements, e.g. "
                    "keyid/date/region/service/term, got '" +
                        std::string(credential) + "'");
    out.access_key_id = parts[0];
    out.date = parts[1];
    out.region = parts[2];
    out.service = parts[3];
    std::string scope_msg;
    if (parts[4] != detail::kTerminator)
        scope_msg += "Credential should be scoped with a valid terminator: 'aws4_request', not '" +
                     std::string(parts[4]) + "'. ";
    if (out.date != std::string_view(out.amz_date).substr(0, 8))
        scope_msg +=
            "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of "
            "date from HTTP: '" +
            out.date + "' != '" + out.amz_date.substr(0, 8) + "', from '" + out.amz_date + "'.";
    if (!scope_msg.empty()) return fail(err, AuthErrorKind::SignatureMismatch, scope_msg);
    for (const std::string& h : out.signed_headers) {
        if (h != ":authority" && !detail::has_header(req, h))
            return fail(err, AuthErrorKind::IncompleteSignature,
                        "'" + h + "' is named as a SignedHeader, but it does not exist in the " +
                            "HTTP request.");
    }
    return true;
}

// Splits "AWS4-HMAC-SHA256 Credential=.., SignedHeaders=.., Signature=.." on commas and
// whitespace, as AWS does: "Credential= AKID/..." leaves the key id as a token without '='.
bool parse_header(const RequestView& req, const std::string& header, ParsedAuth& out,
                  AuthFailure& err) {
    std::string_view value = detail::trim(header);
    size_t sp = find_separator(value, 0, false);
    std::string_view algorithm = value.substr(0, sp);
    std::string_view rest = sp == std::string_view::npos ? "" : value.substr(sp + 1);
    std::string credential, signature, signed_headers;
    for (size_t start = 0; start < rest.size();) {
        size_t end = find_separator(rest, start, true);
        if (end == std::string_view::npos) end = rest.size();
        std::string_view token = rest.substr(start, end - start);
        start = end + 1;
        if (token.empty()) continue;
        size_t eq = token.find('=');
        if (eq == std::string_view::npos)
            return fail(err, AuthErrorKind::IncompleteSignature,
                        "'" + std::string(token) +
                            "' not a valid key=value pair (missing equal-sign) in Authorization "
                            "header: '" +
                            header + "'.");
        std::string_view k = token.substr(0, eq), v = token.substr(eq + 1);
        // An empty value counts as missing (dynalite: `if (!authParams[param])`).
        if (k == "Credential") credential = v;
        if (k == "Signature") signature = v;
        if (k == "SignedHeaders") signed_headers = v;
    }
    std::optional<std::string> amz_date = detail::header_value(req, "x-amz-date");
    std::optional<std::string> date = detail::header_value(req, "date");
    std::string msg;
    if (credential.empty()) msg += "Authorization header requires 'Credential' parameter. ";
    if (signature.empty()) msg += "Authorization header requires 'Signature' parameter. ";
    if (signed_headers.empty()) msg += "Authorization header requires 'SignedHeaders' parameter. ";
    if (!amz_date && !date)
        msg +=
            "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' "
            "header. ";
    if (!msg.empty())
        return fail(err, AuthErrorKind::IncompleteSignature, msg + "Authorization=" + header);
    // X-Amz-Date wins over Date (the SigV4 docs); a Date header is converted to basic format.
    std::optional<TimePoint> t =
        amz_date ? parse_amz_date(*amz_date) : detail::parse_http_date(*date);
    if (!t)
        return fail(err, AuthErrorKind::IncompleteSignature,
                    bad_date_message(amz_date ? *amz_date : *date));
    out.amz_date = freshet::amz_date(*t);
    out.presigned = false;
    out.expires_seconds = 0;
    out.signature = detail::to_lower(signature);
    out.security_token = detail::header_value(req, "x-amz-security-token").value_or("");
    return parse_common(req, algorithm, credential, signed_headers, out, err);
}

bool parse_expires(const QueryParam* p, ParsedAuth& out, AuthFailure& err) {
    out.expires_seconds = 0;
    if (p == nullptr) return true;
    // S3's texts (AuthorizationQueryParametersError); other services do not document theirs.
    int64_t v = 0;
    auto [ptr, ec] = std::from_chars(p->value.data(), p->value.data() + p->value.size(), v);
    if (ec != std::errc() || ptr != p->value.data() + p->value.size())
        return fail(err, AuthErrorKind::IncompleteSignature, "X-Amz-Expires should be a number");
    if (v < 0)
        return fail(err, AuthErrorKind::IncompleteSignature, "X-Amz-Expires must be non-negative");
    if (v > 604800)
        return fail(err, AuthErrorKind::IncompleteSignature,
                    "X-Amz-Expires must be less than a week (in seconds); that is, the given "
                    "X-Amz-Expires must be less than 604800 seconds");
    out.expires_seconds = v;
    return true;
}

bool parse_presigned(const RequestView& req, const std::vector<QueryParam>& params, ParsedAuth& out,
                     AuthFailure& err) {
    static constexpr std::string_view kRequired[] = {"X-Amz-Algorithm", "X-Amz-Credential",
                                                     "X-Amz-Signature", "X-Amz-SignedHeaders",
                                                     "X-Amz-Date"};
    std::string msg;
    for (std::string_view name : kRequired) {
        const QueryParam* p = detail::find_param(params, name);
        if (p == nullptr || p->value.empty())
            msg += "AWS query-string parameters must include '" + std::string(name) + "'. ";
    }
    if (!msg.empty())
        return fail(err, AuthErrorKind::IncompleteSignature,
                    msg + "Re-examine the query-string parameters.");
    const std::string& date = detail::find_param(params, "X-Amz-Date")->value;
    std::optional<TimePoint> t = parse_amz_date(date);
    if (!t) return fail(err, AuthErrorKind::IncompleteSignature, bad_date_message(date));
    out.amz_date = amz_date(*t);
    out.presigned = true;
    if (!parse_expires(detail::find_param(params, "X-Amz-Expires"), out, err)) return false;
    out.signature = detail::to_lower(detail::find_param(params, "X-Amz-Signature")->value);
    const QueryParam* token = detail::find_param(params, "X-Amz-Security-Token");
    out.security_token = token ? token->value : "";
    return parse_common(req, detail::find_param(params, "X-Amz-Algorithm")->value,
                        detail::find_param(params, "X-Amz-Credential")->value,
                        detail::find_param(params, "X-Amz-SignedHeaders")->value, out, err);
}

}  // namespace

bool parse(const RequestView& req, ParsedAuth& out, AuthFailure& err) {
    out = ParsedAuth{};
    std::optional<std::string> header = detail::header_value(req, "authorization");
    std::vector<QueryParam> params = detail::parse_query(req.query);
    bool query_auth = detail::find_param(params, "X-Amz-Algorithm") != nullptr;
    if (header && query_auth)
        return fail(err, AuthErrorKind::SignatureMismatch,
                    "Found both 'X-Amz-Algorithm' as a query-string param and 'Authorization' as "
                    "HTTP header.");
    // Another scheme (AWS3, Bearer, ...) reads as no SigV4 token at all (dynalite: anything
    // not starting with "AWS4-" is MissingAuthenticationTokenException).
    if (header && detail::trim(*header).substr(0, 5) == "AWS4-")
        return parse_header(req, *header, out, err);
    if (!header && query_auth) return parse_presigned(req, params, out, err);
    return fail(err, AuthErrorKind::MissingAuthenticationToken,
                "Request is missing Authentication Token");
}

}  // namespace freshet::iam::sigv4
