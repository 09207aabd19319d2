// The function's Code from InlineCode, CodeUri or ImageUri (SAM's _construct_code_dict and
// s3_utils/uri_parser.py), with SAM's error texts. CodeUri must already point at S3: `sam
// package` / `sam deploy` upload local paths before the transform runs, so a local path is
// an invalid S3 URI here as it is on AWS.
#include "stacks/sam/internal.h"

namespace freshet::stacks::sam {

namespace {

// Python's urlparse + parse_qs as SAM uses them: scheme s3, a bucket, a path; versionId taken
// when it appears exactly once.
std::optional<json::object> parse_s3_uri(const json::value& uri) {
    if (!uri.is_string()) return std::nullopt;
    std::string_view s = uri.get_string();
    size_t colon = s.find(':');
    if (colon == std::string_view::npos) return std::nullopt;
    std::string scheme(s.substr(0, colon));
    for (auto& c : scheme) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::string_view rest = s.substr(colon + 1);
    if (scheme != "s3" || !rest.starts_with("//")) return std::nullopt;
    rest.remove_prefix(2);
    if (size_t hash = rest.find('#'); hash != std::string_view::npos) rest = rest.substr(0, hash);
    std::string_view query;
    if (size_t q = rest.find('?'); q != std::string_view::npos) {
        query = rest.substr(q + 1);
        rest = rest.substr(0, q);
    }
    size_t slash = rest.find('/');
    if (slash == std::string_view::npos || slash == 0) return std::nullopt;
    std::string_view bucket = rest.substr(0, slash), path = rest.substr(slash);
    while (!path.empty() && path.front() == '/') path.remove_prefix(1);
    json::object out{{"Bucket", bucket}, {"Key", path}};
    int versions = 0;
    std::string version;
    while (!query.empty()) {
        size_t amp = query.find('&');
        std::string_view part = query.substr(0, amp);
        query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
        if (part.starts_with("versionId=") && part.size() > 10) {
            ++versions;
            version = part.substr(10);
        }
    }
    if (versions == 1) out["Version"] = version;
    return out;
}

Result<json::object> s3_code(const std::string& id, const json::value& uri) {
    json::object pointer;
    if (uri.is_object()) {
        const json::object& o = uri.get_object();
        if (!truthy(o.if_contains("Bucket")) || !truthy(o.if_contains("Key")))
            return invalid_resource(
                id, "'CodeUri' requires Bucket and Key properties to be specified.");
        pointer = o;
    } else {
        auto parsed = parse_s3_uri(uri);
        if (!parsed)
            return invalid_resource(id,
                                    "'CodeUri' is not a valid S3 Uri of the form 's3://bucket/key' "
                                    "with optional versionId query parameter.");
        pointer = std::move(*parsed);
    }
    json::object code{{"S3Bucket", pointer.at("Bucket")}, {"S3Key", pointer.at("Key")}};
    if (const json::value* v = pointer.if_contains("Version")) code["S3ObjectVersion"] = *v;
    return code;
}

}  // namespace

Result<json::object> code_property(const std::string& id, const json::object& props) {
    std::string package = "Zip";
    if (const json::value* p = get(props, "PackageType"))
        package = p->is_string() ? std::string(p->get_string()) : json::serialize(*p);
    if (package != "Zip" && package != "Image")
        return invalid_resource(id, "invalid 'PackageType' : " + package);
    if (package == "Image") {
        const json::value* image = get(props, "ImageUri");
        if (!image) return invalid_resource(id, "'ImageUri' must be set.");
        if (!truthy(image))
            return invalid_resource(
                id, "'ImageUri' requires that a image hosted at a registry be specified.");
        return json::object{{"ImageUri", *image}};
    }
    // SAM's precedence: InlineCode wins over CodeUri when both are given.
    if (const json::value* inline_code = get(props, "InlineCode"))
        return json::object{{"ZipFile", *inline_code}};
    if (const json::value* uri = get(props, "CodeUri")) return s3_code(id, *uri);
    return invalid_resource(id, "Only one of 'InlineCode' or 'CodeUri' can be set.");
}

}  // namespace freshet::stacks::sam
