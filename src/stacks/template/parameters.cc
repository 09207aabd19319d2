// CloudFormation's messages used here.
// Confirmed (seen in AWS's answers):
//   "Parameters: [A, B] must have values"               (openedx configuration #1993, sat-api #25)
//   "Parameters: [X] do not exist in the template"      (several deploy logs)
//   "Parameter 'X' must be one of AllowedValues"        (hyp3 notes, CFN console reports)
//   "Parameter 'X' must match pattern P"                (aws-connected-device-framework #183)
//   "Parameter X failed to satisfy constraint: <ConstraintDescription>" (aws-cli #7750)
//   "Parameter 'X' must contain at least N characters"  (cloudformation-coverage-roadmap #930)
//   "Template format error: Every Parameters object must contain a Type member."
//                                                       (bridgecrewio/checkov #2965)
// Seen in AWS-compatible implementations (Eucalyptus), not in AWS's own answers:
//   "Parameter 'X' must contain at most N characters"
//   "Parameter 'X' must be a number"
//   "Parameter 'X' must be a number not less than N" / "... not greater than N"
//   "Template format error: Unrecognized parameter type: T"
//   "Template format error: Every AllowedValues value must be a string."
// Not confirmed (Freshet's own, in the same style):
//   "Template format error: Parameter 'X' has type T: Freshet does not support SSM parameter
//    types (AWS::SSM::Parameter::Value<...>)"
#include "stacks/template/parameters.h"

#include <boost/json/value.hpp>
#include <cstdlib>
#include <regex>
#include <vector>

#include "core/encoding.h"
#include "core/shape/pattern.h"
#include "stacks/template/common.h"

namespace freshet::stacks {
namespace {

namespace json = boost::json;

enum class Kind { String, Number, StringList, NumberList };

struct Declaration {
    Kind kind = Kind::String;
    std::string type;
    std::optional<std::string> default_value;
    std::vector<std::string> allowed_values;
    bool has_allowed_values = false;
    std::optional<std::string> pattern, constraint;
    std::optional<std::string> min_length, max_length, min_value, max_value;
    bool no_echo = false;
};

const char* kAwsTypes[] = {"AWS::EC2::AvailabilityZone::Name",
                           "AWS::EC2::Image::Id",
                           "AWS::EC2::Instance::Id",
                           "AWS::EC2::KeyPair::KeyName",
                           "AWS::EC2::SecurityGroup::GroupName",
                           "AWS::EC2::SecurityGroup::Id",
                           "AWS::EC2::Subnet::Id",
                           "AWS::EC2::Volume::Id",
                           "AWS::EC2::VPC::Id",
                           "AWS::Route53::HostedZone::Id"};

bool is_aws_type(std::string_view t) {
    for (auto n : kAwsTypes)
        if (t == n) return true;
    return false;
}

Result<Kind> kind_of(const std::string& name, const std::string& type) {
    if (type == "String" || is_aws_type(type)) return Kind::String;
    if (type == "Number") return Kind::Number;
    if (type == "CommaDelimitedList") return Kind::StringList;
    if (type == "List<Number>") return Kind::NumberList;
    if (type.rfind("List<", 0) == 0 && type.back() == '>' &&
        is_aws_type(std::string_view(type).substr(5, type.size() - 6)))
        return Kind::StringList;
    if (type.rfind("AWS::SSM::Parameter::", 0) == 0)
        return template_error("Template format error: Parameter '" + name + "' has type " + type +
                              ": Freshet does not support SSM parameter types "
                              "(AWS::SSM::Parameter::Value<...>)");
    return template_error("Template format error: Unrecognized parameter type: " + type);
}

// A scalar attribute of the declaration as a string (CloudFormation reads them as strings:
// MinLength: 3 and MinLength: "3" are the same).
Result<std::optional<std::string>> attribute(const json::object& decl, std::string_view key) {
    auto it = decl.find(key);
    if (it == decl.end()) return std::optional<std::string>();
    auto s = scalar_string(it->value());
    if (!s)
        return template_error("Template format error: Every " + std::string(key) +
                              " member must be a string.");
    return s;
}

Result<Declaration> read_declaration(const std::string& name, const json::value& v) {
    if (!v.is_object() || !v.as_object().contains("Type"))
        return template_error(
            "Template format error: Every Parameters object must contain a Type member.");
    const json::object& o = v.as_object();
    Declaration d;
    FRESHET_TRY(type, attribute(o, "Type"));
    d.type = *type;
    FRESHET_TRY(kind, kind_of(name, d.type));
    d.kind = kind;
    FRESHET_TRY(def, attribute(o, "Default"));
    d.default_value = def;
    if (auto it = o.find("Default"); it != o.end() && it->value().is_array()) {
        // Tolerated: a list default for a list type, as the comma-separated text.
        std::string joined;
        for (const auto& m : it->value().as_array()) {
            auto s = scalar_string(m);
            if (!s)
                return template_error(
                    "Template format error: Every Default member must be a string.");
            joined += (joined.empty() ? "" : ",") + *s;
        }
        d.default_value = joined;
    }
    if (auto it = o.find("AllowedValues"); it != o.end()) {
        if (!it->value().is_array())
            return template_error(
                "Template format error: Every AllowedValues member must be a list.");
        d.has_allowed_values = true;
        for (const auto& m : it->value().as_array()) {
            auto s = scalar_string(m);
            if (!s)
                return template_error(
                    "Template format error: Every AllowedValues value must be a string.");
            d.allowed_values.push_back(*s);
        }
    }
    FRESHET_TRY(pattern, attribute(o, "AllowedPattern"));
    d.pattern = pattern;
    FRESHET_TRY(constraint, attribute(o, "ConstraintDescription"));
    d.constraint = constraint;
    FRESHET_TRY(min_length, attribute(o, "MinLength"));
    d.min_length = min_length;
    FRESHET_TRY(max_length, attribute(o, "MaxLength"));
    d.max_length = max_length;
    FRESHET_TRY(min_value, attribute(o, "MinValue"));
    d.min_value = min_value;
    FRESHET_TRY(max_value, attribute(o, "MaxValue"));
    d.max_value = max_value;
    FRESHET_TRY(no_echo, attribute(o, "NoEcho"));
    d.no_echo = no_echo && ascii_iequals(*no_echo, "true");
    return d;
}

bool is_number(const std::string& s) {
    static const std::regex kNumber("[-+]?(?:[0-9]+\\.?[0-9]*|\\.[0-9]+)(?:[eE][-+]?[0-9]+)?");
    return std::regex_match(s, kNumber);
}

std::string trim(std::string s) {
    size_t b = s.find_first_not_of(" \t\r\n");
    size_t e = s.find_last_not_of(" \t\r\n");
    return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
}

// Checks one value (one member of a list type) against the declaration's constraints.
Result<void> check_value(const std::string& name, const Declaration& d, const std::string& value,
                         bool numeric) {
    auto fail = [&](std::string reason) -> ApiError {
        if (d.constraint)
            return template_error("Parameter " + name +
                                  " failed to satisfy constraint: " + *d.constraint);
        return template_error("Parameter '" + name + "' " + reason);
    };
    if (d.has_allowed_values) {
        bool found = false;
        for (const auto& a : d.allowed_values) found = found || a == value;
        if (!found) return fail("must be one of AllowedValues");
    }
    if (numeric) {
        if (!is_number(value)) return fail("must be a number");
        double v = std::strtod(value.c_str(), nullptr);
        if (d.min_value && v < std::strtod(d.min_value->c_str(), nullptr))
            return fail("must be a number not less than " + *d.min_value);
        if (d.max_value && v > std::strtod(d.max_value->c_str(), nullptr))
            return fail("must be a number not greater than " + *d.max_value);
        return Ok{};
    }
    if (d.min_length && utf8_length(value) < std::strtoull(d.min_length->c_str(), nullptr, 10))
        return fail("must contain at least " + *d.min_length + " characters");
    if (d.max_length && utf8_length(value) > std::strtoull(d.max_length->c_str(), nullptr, 10))
        return fail("must contain at most " + *d.max_length + " characters");
    if (d.pattern && !shape::matches_pattern(d.pattern->c_str(), value))
        return fail("must match pattern " + *d.pattern);
    return Ok{};
}

// The Ref value of a parameter whose value passed its checks.
Result<json::value> resolve_one(const std::string& name, const Declaration& d,
                                const std::string& value) {
    bool numeric = d.kind == Kind::Number || d.kind == Kind::NumberList;
    if (d.kind == Kind::String || d.kind == Kind::Number) {
        FRESHET_CHECK(check_value(name, d, value, numeric));
        return json::value(json::string(value));
    }
    json::array members;
    size_t start = 0;
    while (true) {
        size_t comma = value.find(',', start);
        std::string member = trim(
            value.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
        FRESHET_CHECK(check_value(name, d, member, numeric));
        members.push_back(json::string(member));
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
    return json::value(std::move(members));
}

}  // namespace

Result<void> check_parameter_declaration(const std::string& name, const json::value& decl) {
    FRESHET_TRY(d, read_declaration(name, decl));
    (void)d;
    return Ok{};
}

Result<Parameters> resolve_parameters(const json::object& tmpl,
                                      const std::map<std::string, std::string>& given) {
    static const json::object kEmpty;
    const json::object* section = &kEmpty;
    if (auto it = tmpl.find("Parameters"); it != tmpl.end() && it->value().is_object())
        section = &it->value().as_object();
    Parameters out;
    std::vector<std::string> missing;
    std::vector<std::pair<std::string, Declaration>> declared;
    for (const auto& kv : *section) {
        std::string name(kv.key());
        FRESHET_TRY(d, read_declaration(name, kv.value()));
        auto g = given.find(name);
        std::optional<std::string> value =
            g != given.end() ? std::optional(g->second) : d.default_value;
        if (!value) {
            missing.push_back(name);
            continue;
        }
        out.raw[name] = *value;
        if (d.no_echo) out.no_echo.insert(name);
        declared.emplace_back(name, std::move(d));
    }
    if (!missing.empty())
        return template_error("Parameters: " + bracket_list(missing) + " must have values");
    std::vector<std::string> unknown;
    for (const auto& [name, value] : given)
        if (!section->contains(name)) unknown.push_back(name);
    if (!unknown.empty())
        return template_error("Parameters: " + bracket_list(unknown) +
                              " do not exist in the template");

    for (const auto& [name, d] : declared) {
        FRESHET_TRY(value, resolve_one(name, d, out.raw[name]));
        out.values[name] = std::move(value);
    }
    return out;
}

}  // namespace freshet::stacks
