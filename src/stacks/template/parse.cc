// Not confirmed against AWS (clear messages in CloudFormation's style):
//   - a template whose top level is not a map:
//     "Template format error: the template must be a JSON object or a YAML map"
//   - a YAML key given twice, a non-scalar key, or an unknown short-form tag (!Foo) are
//     reported as "YAML not well-formed" at the offending node.
// Confirmed: "Template format error: YAML not well-formed. (line 26, column 27)"
// (awsdocs/aws-cloudformation-user-guide #855, awslabs/amazon-eks-ami #621); the JSON form
// follows it.
#include "stacks/template/parse.h"

#include <yaml-cpp/yaml.h>

#include <array>
#include <boost/json/parser.hpp>
#include <set>
#include <string>

#include "stacks/template/common.h"
#include "stacks/template/yaml_scalar.h"

namespace freshet::stacks {
namespace {

namespace json = boost::json;

ApiError not_well_formed(const char* format, int line, int column) {
    return template_error(std::string("Template format error: ") + format +
                          " not well-formed. (line " + std::to_string(line) + ", column " +
                          std::to_string(column) + ")");
}

ApiError yaml_error(const YAML::Mark& mark) {
    return not_well_formed("YAML", mark.line + 1, mark.column + 1);
}

ApiError not_a_map() {
    return template_error(
        "Template format error: the template must be a JSON object or a YAML map");
}

// Tags whose long form is "Fn::<Name>".
bool is_function_tag(std::string_view name) {
    static constexpr std::array<std::string_view, 14> kNames = {
        "Sub", "Join", "Select",    "Split",  "If",     "Equals",      "And",
        "Or",  "Not",  "FindInMap", "Base64", "GetAZs", "ImportValue", "Cidr"};
    for (auto n : kNames)
        if (n == name) return true;
    return false;
}

Result<json::value> convert(const YAML::Node& node);

Result<json::value> convert_map(const YAML::Node& node) {
    json::object out;
    std::set<std::string> seen;
    for (const auto& pair : node) {
        // Copies: yaml-cpp's iterators hand out temporaries (a reference to it->first dangles).
        const YAML::Node key = pair.first;
        const YAML::Node value_node = pair.second;
        if (!key.IsScalar() && !key.IsNull()) return yaml_error(key.Mark());
        std::string name = key.IsScalar() ? key.Scalar() : "";
        if (!seen.insert(name).second) return yaml_error(key.Mark());
        FRESHET_TRY(value, convert(value_node));
        out[name] = std::move(value);
    }
    return json::value(std::move(out));
}

Result<json::value> convert_untagged(const YAML::Node& node, bool tagged) {
    switch (node.Type()) {
        case YAML::NodeType::Map:
            return convert_map(node);
        case YAML::NodeType::Sequence: {
            json::array out;
            for (const auto& item : node) {
                FRESHET_TRY(value, convert(item));
                out.push_back(std::move(value));
            }
            return json::value(std::move(out));
        }
        case YAML::NodeType::Scalar:
            // "!" is a quoted (or explicitly non-specific) scalar; "?" a plain one.
            if (tagged || node.Tag() == "!" || node.Tag() == "tag:yaml.org,2002:str")
                return json::value(json::string(node.Scalar()));
            return resolve_plain_scalar(node.Scalar());
        default:
            return tagged ? json::value(json::string()) : json::value(nullptr);
    }
}

Result<json::value> convert(const YAML::Node& node) {
    const std::string& tag = node.Tag();
    if (tag.empty() || tag == "?" || tag == "!" || tag.rfind("tag:yaml.org,2002:", 0) == 0)
        return convert_untagged(node, false);
    if (tag[0] != '!') return yaml_error(node.Mark());
    std::string name = tag.substr(1);
    FRESHET_TRY(inner, convert_untagged(node, true));
    json::object out;
    if (name == "Ref") {
        out["Ref"] = std::move(inner);
    } else if (name == "Condition") {
        out["Condition"] = std::move(inner);
    } else if (name == "GetAtt") {
        if (inner.is_string()) {
            std::string s(inner.get_string());
            auto dot = s.find('.');
            if (dot == std::string::npos)
                out["Fn::GetAtt"] = json::array{json::string(s)};
            else
                out["Fn::GetAtt"] =
                    json::array{json::string(s.substr(0, dot)), json::string(s.substr(dot + 1))};
        } else {
            out["Fn::GetAtt"] = std::move(inner);
        }
    } else if (is_function_tag(name)) {
        out["Fn::" + name] = std::move(inner);
    } else {
        return yaml_error(node.Mark());
    }
    return json::value(std::move(out));
}

Result<json::object> parse_yaml(std::string_view body) {
    YAML::Node root;
    try {
        root = YAML::Load(std::string(body));
        if (!root.IsMap()) return not_a_map();
        FRESHET_TRY(value, convert(root));
        return std::move(value.as_object());
    } catch (const YAML::Exception& e) {
        return yaml_error(e.mark);
    }
}

Result<json::object> parse_json(std::string_view body) {
    // Boost.JSON stops at depth 32 by default; templates (inline state machines, policies)
    // go deeper. yaml-cpp's own guard is at 2000.
    json::parse_options options;
    options.max_depth = 1000;
    json::parser parser({}, options);
    boost::system::error_code ec;
    size_t used = parser.write(body.data(), body.size(), ec);
    if (ec) {
        int line = 1, column = 1;
        for (size_t i = 0; i < used && i < body.size(); ++i) {
            if (body[i] == '\n') {
                ++line;
                column = 1;
            } else {
                ++column;
            }
        }
        return not_well_formed("JSON", line, column);
    }
    json::value v = parser.release();
    if (!v.is_object()) return not_a_map();
    return std::move(v.as_object());
}

}  // namespace

Result<json::object> parse_template(std::string_view body) {
    size_t first = body.find_first_not_of(" \t\r\n");
    if (first != std::string_view::npos && body[first] == '{') return parse_json(body);
    return parse_yaml(body);
}

}  // namespace freshet::stacks
