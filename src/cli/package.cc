// Finding and replacing local code paths in templates (see package.h). The YAML side never
// re-emits the document: it locates each value with yaml-cpp's marks, checks that the bytes
// found there read back as the same scalar, and replaces only those bytes.
#include "cli/package.h"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <boost/json.hpp>
#include <cstdio>

namespace freshet::cli {

namespace json = boost::json;

namespace {

ApiError invalid(std::string message) {
    return ApiError{"ValidationError", std::move(message), 400};
}

bool is_local(const std::string& path, bool sam) {
    if (path.empty()) return false;
    return !sam || path.rfind("s3://", 0) != 0;
}

// Whether `slice` reads as the plain or quoted scalar `value`.
bool reads_as(std::string_view slice, const std::string& value) {
    try {
        YAML::Node n = YAML::Load(std::string(slice));
        return n.IsScalar() && n.Scalar() == value;
    } catch (const YAML::Exception&) {
        return false;
    }
}

std::string_view trim_right(std::string_view s) {
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
        s.remove_suffix(1);
    return s;
}

// The end of a quoted scalar starting at `begin` (one past the closing quote), if on its line.
std::optional<size_t> quoted_end(std::string_view text, size_t begin) {
    char q = text[begin];
    for (size_t i = begin + 1; i < text.size() && text[i] != '\n'; ++i) {
        if (q == '"' && text[i] == '\\') {
            ++i;
        } else if (text[i] == q) {
            if (q == '\'' && i + 1 < text.size() && text[i + 1] == '\'') {
                ++i;
                continue;
            }
            return i + 1;
        }
    }
    return std::nullopt;
}

// Locates the scalar `value` that yaml-cpp marked at (line, column): fills offset, length and
// flow, or fails when those bytes do not read back as the value.
bool locate(std::string_view text, const YAML::Mark& mark, LocalCode& code) {
    size_t offset = 0;
    for (int line = 0; line < mark.line; ++line) {
        offset = text.find('\n', offset);
        if (offset == std::string_view::npos) return false;
        ++offset;
    }
    offset += static_cast<size_t>(mark.column);
    if (offset >= text.size()) return false;
    size_t line_end = std::min(text.find('\n', offset), text.size());
    std::string_view rest = text.substr(offset, line_end - offset);
    std::vector<std::pair<std::string_view, bool>> candidates;
    if (rest[0] == '"' || rest[0] == '\'') {
        if (auto end = quoted_end(text, offset))
            candidates.push_back({rest.substr(0, *end - offset), false});
    } else {
        size_t comment = std::min(rest.find(" #"), rest.find("\t#"));
        candidates.push_back({trim_right(rest.substr(0, comment)), false});
        candidates.push_back({trim_right(rest.substr(0, rest.find_first_of(",}]"))), true});
    }
    for (const auto& [slice, flow] : candidates) {
        if (!slice.empty() && reads_as(slice, code.path)) {
            code.offset = offset;
            code.length = slice.size();
            code.flow = flow;
            return true;
        }
    }
    return false;
}

// node[key] when `node` is a mapping holding `key`, else an undefined node: yaml-cpp throws on
// most calls on the node a missing key gives.
YAML::Node member(const YAML::Node& node, const char* key) {
    if (!node.IsDefined() || !node.IsMap()) return YAML::Node(YAML::NodeType::Undefined);
    YAML::Node v = node[key];
    return v.IsDefined() ? v : YAML::Node(YAML::NodeType::Undefined);
}

// A local path at properties[key] (an untagged scalar), located in the text.
Result<std::optional<LocalCode>> yaml_code(std::string_view text, const YAML::Node& properties,
                                           const std::string& resource, bool sam, const char* key) {
    const YAML::Node node = member(properties, key);
    if (!node.IsScalar() || (node.Tag() != "?" && node.Tag() != "!"))
        return std::optional<LocalCode>();
    LocalCode code{resource, sam, node.Scalar()};
    if (!is_local(code.path, sam)) return std::optional<LocalCode>();
    if (!locate(text, node.Mark(), code))
        return invalid(
            fmt::format("cannot rewrite the {} of {} (line {}): write the path as a "
                        "scalar on one line",
                        sam ? "CodeUri" : "Code", resource, node.Mark().line + 1));
    return std::optional<LocalCode>(std::move(code));
}

Result<std::vector<LocalCode>> find_in_yaml(const std::string& text, const YAML::Node& root) {
    std::vector<LocalCode> out;  // nothing for CloudFormation to find either: it says so
    FRESHET_TRY(global, yaml_code(text, member(member(root, "Globals"), "Function"), "Globals",
                                  true, "CodeUri"));
    if (global) out.push_back(std::move(*global));
    const YAML::Node resources = member(root, "Resources");
    if (!resources.IsMap()) return out;
    for (const auto& entry : resources) {
        const YAML::Node type = member(entry.second, "Type");
        if (!type.IsScalar()) continue;
        bool sam = type.Scalar() == "AWS::Serverless::Function";
        if (!sam && type.Scalar() != "AWS::Lambda::Function") continue;
        FRESHET_TRY(c, yaml_code(text, member(entry.second, "Properties"), entry.first.Scalar(),
                                 sam, sam ? "CodeUri" : "Code"));
        if (c) out.push_back(std::move(*c));
    }
    return out;
}

std::string replacement(const LocalCode& code, const S3Location& at, bool quote) {
    if (!code.sam) return fmt::format("{{S3Bucket: {}, S3Key: {}}}", at.bucket, at.key);
    std::string uri = fmt::format("s3://{}/{}", at.bucket, at.key);
    return quote ? "\"" + uri + "\"" : uri;
}

const json::value* json_at(const json::value& v, std::initializer_list<const char*> path) {
    const json::value* at = &v;
    for (const char* key : path) {
        if (!at->is_object()) return nullptr;
        at = at->get_object().if_contains(key);
        if (!at) return nullptr;
    }
    return at;
}

}  // namespace

Result<std::vector<LocalCode>> find_local_code_yaml(const std::string& text) {
    try {
        return find_in_yaml(text, YAML::Load(text));
    } catch (const YAML::Exception&) {
        // Not YAML: nothing to package, and CloudFormation's ValidationError says what is wrong.
        return std::vector<LocalCode>();
    }
}

std::string rewrite_yaml(std::string text, const std::vector<LocalCode>& code,
                         const std::vector<S3Location>& where) {
    std::vector<size_t> order(code.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    // From the end, so that the offsets of the values not yet replaced stay right.
    std::sort(order.begin(), order.end(),
              [&](size_t a, size_t b) { return code[a].offset > code[b].offset; });
    for (size_t i : order)
        text.replace(code[i].offset, code[i].length, replacement(code[i], where[i], code[i].flow));
    return text;
}

Result<std::vector<LocalCode>> find_local_code_json(const std::string& text) {
    boost::system::error_code ec;
    json::value root = json::parse(text, ec);
    if (ec || !root.is_object()) return invalid("the template is not a JSON object");
    std::vector<LocalCode> out;
    const json::value* g = json_at(root, {"Globals", "Function", "CodeUri"});
    if (g && g->is_string() && is_local(std::string(g->get_string()), true))
        out.push_back(LocalCode{"Globals", true, std::string(g->get_string())});
    const json::value* resources = json_at(root, {"Resources"});
    if (!resources || !resources->is_object()) return out;
    for (const auto& [id, r] : resources->get_object()) {
        const json::value* type = json_at(r, {"Type"});
        if (!type || !type->is_string()) continue;
        bool sam = type->get_string() == "AWS::Serverless::Function";
        if (!sam && type->get_string() != "AWS::Lambda::Function") continue;
        const json::value* v = json_at(r, {"Properties", sam ? "CodeUri" : "Code"});
        if (v && v->is_string() && is_local(std::string(v->get_string()), sam))
            out.push_back(LocalCode{std::string(id), sam, std::string(v->get_string())});
    }
    return out;
}

Result<std::string> rewrite_json(const std::string& text, const std::vector<LocalCode>& code,
                                 const std::vector<S3Location>& where) {
    boost::system::error_code ec;
    json::value root = json::parse(text, ec);
    if (ec || !root.is_object()) return invalid("the template is not a JSON object");
    for (size_t i = 0; i < code.size(); ++i) {
        const S3Location& at = where[i];
        if (code[i].resource == "Globals") {
            root.at("Globals").at("Function").as_object()["CodeUri"] =
                fmt::format("s3://{}/{}", at.bucket, at.key);
            continue;
        }
        json::object& props =
            root.at("Resources").at(code[i].resource).at("Properties").as_object();
        if (code[i].sam)
            props["CodeUri"] = fmt::format("s3://{}/{}", at.bucket, at.key);
        else
            props["Code"] = json::object{{"S3Bucket", at.bucket}, {"S3Key", at.key}};
    }
    return json::serialize(root);
}

Result<std::string> package_template(const ClientOptions& options,
                                     const std::filesystem::path& template_dir,
                                     const std::string& text) {
    // JSON when it parses as JSON (`{Resources: ...}` is a YAML flow mapping).
    auto json_code = find_local_code_json(text);
    bool is_json = json_code.ok();
    FRESHET_TRY(code, is_json ? std::move(json_code) : find_local_code_yaml(text));
    if (code.empty()) return text;
    CodeUploader uploader(options);
    std::vector<S3Location> where;
    for (const auto& c : code) {
        std::filesystem::path p(c.path);
        if (p.is_relative()) p = template_dir / p;
        FRESHET_TRY(at, uploader.upload(p.lexically_normal()));
        std::fprintf(stderr, "Packaged %s of %s as s3://%s/%s\n", c.path.c_str(),
                     c.resource.c_str(), at.bucket.c_str(), at.key.c_str());
        where.push_back(std::move(at));
    }
    if (is_json) return rewrite_json(text, code, where);
    return rewrite_yaml(text, code, where);
}

}  // namespace freshet::cli
