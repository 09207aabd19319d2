// CloudFormation's messages used here.
// Confirmed (seen in AWS's answers):
//   "Template format error: Unresolved resource dependencies [X] in the Resources block of the
//    template"                                   (serverless #4745, lambda-chat #25, ...)
//   "Template format error: Unrecognized resource types: [A]"        (Sceptre #677)
//   "Template error: resource X does not support attribute type Y in Fn::GetAtt"
//                                                 (serverless logs; moto's copy of it)
//   "Template error: instance of Fn::GetAtt references undefined resource X" (moto tests)
//   "Unresolved resource dependencies [X] in the Outputs block of the template" (moto's test,
//    several deploy logs: no "Template format error: " prefix there)
//   "Template format error: At least one Resources member must be defined." (also LocalStack)
//   "Template format error: [/Resources/X] Every Resources object must contain a Type member."
//                                                 (validate-template output in a tutorial)
//   "Template error: unresolved condition dependency X in Fn::If"
//   "Circular dependency between resources: [A, B]" (graph.cc)
// Seen in AWS-compatible implementations (LocalStack, Eucalyptus; tested against AWS):
//   "Template format error: Every Outputs member must contain a Value object"
//   "Invalid template resource property 'X'"
//   "Template format error: Unrecognized DeletionPolicy X for resource Y"
//   "Template format error: unsupported value for AWSTemplateFormatVersion."
//   "Template format error: Every Description member must be a string."
//   "Template format error: Every Parameters member must be a JSON Object." (each section)
//   "Template error: instance of Fn::Sub references invalid resource attribute X.Y"
// Not confirmed (CloudFormation's style):
//   "Template format error: Invalid template property or properties [X, Y]" (Eucalyptus writes
//    it without the "Template format error: " prefix)
//   "Template format error: Unrecognized UpdateReplacePolicy X for resource Y"
//   "Template format error: Every DependsOn member must be a string or a list of strings."
//   "Template format error: Unresolved condition dependency X in the Resources block of the
//    template" (and "... in the Outputs block ...")
//   "Template format error: Encountered unsupported function: Fn::X Supported functions are:
//    [...]"
#include "stacks/template/validate.h"

#include <algorithm>
#include <array>
#include <set>

#include "stacks/template/common.h"
#include "stacks/template/evaluator.h"
#include "stacks/template/graph.h"
#include "stacks/template/parameters.h"
#include "stacks/template/references.h"

namespace freshet::stacks {
namespace {

namespace json = boost::json;
using detail::Reference;
using Kind = Reference::Kind;

const json::object kEmpty;

const json::object& section(const json::object& tmpl, std::string_view name) {
    auto it = tmpl.find(name);
    return it != tmpl.end() && it->value().is_object() ? it->value().as_object() : kEmpty;
}

bool one_of(std::string_view v, std::initializer_list<std::string_view> options) {
    return std::find(options.begin(), options.end(), v) != options.end();
}

Result<void> check_sections(const json::object& tmpl) {
    std::vector<std::string> unknown;
    for (const auto& kv : tmpl)
        if (!one_of(kv.key(),
                    {"AWSTemplateFormatVersion", "Description", "Metadata", "Parameters", "Rules",
                     "Mappings", "Conditions", "Transform", "Resources", "Outputs", "Hooks"}))
            unknown.push_back(std::string(kv.key()));
    std::sort(unknown.begin(), unknown.end());
    if (!unknown.empty())
        return template_error("Template format error: Invalid template property or properties " +
                              bracket_list(unknown));
    if (auto* v = tmpl.if_contains("AWSTemplateFormatVersion");
        v && !(v->is_string() && v->get_string() == "2010-09-09"))
        return template_error(
            "Template format error: unsupported value for AWSTemplateFormatVersion.");
    if (auto* v = tmpl.if_contains("Description"); v && !v->is_string())
        return template_error("Template format error: Every Description member must be a string.");
    for (const char* name : {"Metadata", "Parameters", "Rules", "Mappings", "Conditions",
                             "Resources", "Outputs", "Hooks"})
        if (auto* v = tmpl.if_contains(name); v && !v->is_object())
            return template_error(std::string("Template format error: Every ") + name +
                                  " member must be a JSON Object.");
    for (const auto& kv : section(tmpl, "Parameters"))
        FRESHET_CHECK(check_parameter_declaration(std::string(kv.key()), kv.value()));
    return Ok{};
}

Result<void> check_resource(const std::string& name, const json::value& v) {
    if (!v.is_object() || !v.as_object().contains("Type") || !v.as_object().at("Type").is_string())
        return template_error("Template format error: [/Resources/" + name +
                              "] Every Resources object must contain a Type member.");
    for (const auto& kv : v.as_object()) {
        std::string key(kv.key());
        if (!one_of(key, {"Type", "Properties", "DependsOn", "Condition", "DeletionPolicy",
                          "UpdateReplacePolicy", "Metadata", "CreationPolicy", "UpdatePolicy"}))
            return template_error("Invalid template resource property '" + key + "'");
        const json::value& a = kv.value();
        if (key == "DeletionPolicy" &&
            !(a.is_string() &&
              one_of(a.get_string(), {"Delete", "Retain", "Snapshot", "RetainExceptOnCreate"})))
            return template_error("Template format error: Unrecognized DeletionPolicy " +
                                  scalar_string(a).value_or("") + " for resource " + name);
        if (key == "UpdateReplacePolicy" &&
            !(a.is_string() && one_of(a.get_string(), {"Delete", "Retain", "Snapshot"})))
            return template_error("Template format error: Unrecognized UpdateReplacePolicy " +
                                  scalar_string(a).value_or("") + " for resource " + name);
        bool depends_ok = a.is_string();
        if (a.is_array())
            depends_ok = std::all_of(a.as_array().begin(), a.as_array().end(),
                                     [](const json::value& d) { return d.is_string(); });
        if (key == "DependsOn" && !depends_ok)
            return template_error(
                "Template format error: Every DependsOn member must be a string or a list of "
                "strings.");
    }
    return Ok{};
}

Result<void> check_structure(const json::object& tmpl) {
    FRESHET_CHECK(check_sections(tmpl));
    const json::object& resources = section(tmpl, "Resources");
    if (resources.empty())
        return template_error(
            "Template format error: At least one Resources member must be defined.");
    for (const auto& kv : resources)
        FRESHET_CHECK(check_resource(std::string(kv.key()), kv.value()));
    for (const auto& kv : section(tmpl, "Outputs"))
        if (!kv.value().is_object() || !kv.value().as_object().contains("Value"))
            return template_error(
                "Template format error: Every Outputs member must contain a Value object");
    return Ok{};
}

// The Conditions block refers only to parameters, pseudo parameters and other conditions.
Result<void> check_conditions_block(const json::object& tmpl) {
    const json::object& conditions = section(tmpl, "Conditions");
    const json::object& parameters = section(tmpl, "Parameters");
    std::set<std::string> bad;
    for (const auto& kv : conditions)
        for (const auto& r : detail::find_references(kv.value()))
            if ((r.kind == Kind::Ref || r.kind == Kind::Sub) && !parameters.contains(r.name))
                bad.insert(r.name);
            else if (r.kind == Kind::GetAtt || r.kind == Kind::SubAttribute)
                bad.insert(r.name);
    if (!bad.empty())
        return template_error(
            "Template format error: Unresolved dependencies " +
            bracket_list({bad.begin(), bad.end()}) +
            ". Cannot reference resources in the Conditions block of the template");
    FRESHET_TRY(order, detail::condition_order(conditions));
    (void)order;
    return Ok{};
}

ApiError unresolved_error(const char* block, const std::set<std::string>& names) {
    // AWS prefixes "Template format error: " in the Resources block only (moto's test of
    // the Outputs case compares the whole message).
    std::string prefix = std::string(block) == "Resources" ? "Template format error: " : "";
    return template_error(prefix + "Unresolved resource dependencies " +
                          bracket_list({names.begin(), names.end()}) + " in the " + block +
                          " block of the template");
}

bool exists(const json::value& item, const std::map<std::string, bool>& conditions) {
    const json::value* c = item.is_object() ? item.as_object().if_contains("Condition") : nullptr;
    if (!c || !c->is_string()) return true;
    auto it = conditions.find(std::string(c->get_string()));
    return it == conditions.end() || it->second;
}

std::string supported_functions() {
    return "[Fn::Base64, Fn::GetAtt, Fn::GetAZs, Fn::ImportValue, Fn::Join, Fn::Split, "
           "Fn::FindInMap, Fn::Select, Ref, Fn::Equals, Fn::If, Fn::Not, Condition, Fn::And, "
           "Fn::Or, Fn::Sub, Fn::Cidr]";
}

// References from one block (Resources or Outputs): names, attributes, conditions.
Result<void> check_block_references(const json::object& tmpl, const char* block) {
    const json::object& resources = section(tmpl, "Resources");
    const json::object& parameters = section(tmpl, "Parameters");
    const json::object& conditions = section(tmpl, "Conditions");
    std::set<std::string> unresolved;
    std::vector<Reference> refs;
    for (const auto& kv : section(tmpl, block)) {
        const json::value& item = kv.value();
        auto found = detail::find_references(item);
        refs.insert(refs.end(), found.begin(), found.end());
        if (!item.is_object()) continue;
        if (auto* c = item.as_object().if_contains("Condition"); c) {
            if (!c->is_string() || !conditions.contains(c->get_string()))
                return template_error("Template format error: Unresolved condition dependency " +
                                      scalar_string(*c).value_or("") + " in the " + block +
                                      " block of the template");
        }
        if (auto* d = item.as_object().if_contains("DependsOn");
            d && std::string(block) == "Resources") {
            std::vector<json::value> names =
                d->is_array() ? std::vector<json::value>(d->as_array().begin(), d->as_array().end())
                              : std::vector<json::value>{*d};
            for (const auto& n : names)
                if (n.is_string() && !resources.contains(n.get_string()))
                    unresolved.insert(std::string(n.get_string()));
        }
    }
    for (const auto& r : refs) {
        if (r.kind == Kind::UnknownFunction)
            return template_error("Template format error: Encountered unsupported function: " +
                                  r.name + " Supported functions are: " + supported_functions());
        if ((r.kind == Kind::Ref || r.kind == Kind::Sub) && !resources.contains(r.name) &&
            !parameters.contains(r.name))
            unresolved.insert(r.name);
    }
    if (!unresolved.empty()) return unresolved_error(block, unresolved);
    for (const auto& r : refs) {
        if (r.kind == Kind::GetAtt && !resources.contains(r.name))
            return template_error(
                "Template error: instance of Fn::GetAtt references undefined resource " + r.name);
        if (r.kind == Kind::SubAttribute && !resources.contains(r.name))
            return template_error(
                "Template error: instance of Fn::Sub references invalid resource attribute " +
                r.name + "." + r.attribute);
        if (r.kind == Kind::If && !conditions.contains(r.name))
            return template_error("Template error: unresolved condition dependency " + r.name +
                                  " in Fn::If");
    }
    return Ok{};
}

Result<void> check_types_and_attributes(const json::object& tmpl,
                                        const AttributesOf& attributes_of) {
    const json::object& resources = section(tmpl, "Resources");
    std::map<std::string, std::vector<std::string>> supported;  // by logical id
    std::set<std::string> unknown;
    for (const auto& kv : resources) {
        std::string type(kv.value().as_object().at("Type").get_string());
        auto attributes = attributes_of(type);
        if (!attributes)
            unknown.insert(type);
        else
            supported[std::string(kv.key())] = std::move(*attributes);
    }
    if (!unknown.empty())
        return template_error("Template format error: Unrecognized resource types: " +
                              bracket_list({unknown.begin(), unknown.end()}));
    for (const char* block : {"Resources", "Outputs"})
        for (const auto& kv : section(tmpl, block))
            for (const auto& r : detail::find_references(kv.value())) {
                if ((r.kind != Kind::GetAtt && r.kind != Kind::SubAttribute) || r.attribute.empty())
                    continue;
                const auto& names = supported[r.name];
                bool ok = std::any_of(names.begin(), names.end(), [&](const std::string& n) {
                    return n == "*" || n == r.attribute;
                });
                if (!ok)
                    return template_error("Template error: resource " + r.name +
                                          " does not support attribute type " + r.attribute +
                                          " in Fn::GetAtt");
            }
    return Ok{};
}

}  // namespace

Result<void> check_conditional_references(const json::object& tmpl,
                                          const std::map<std::string, bool>& conditions) {
    std::set<std::string> absent;
    for (const auto& kv : section(tmpl, "Resources"))
        if (!exists(kv.value(), conditions)) absent.insert(std::string(kv.key()));
    for (const char* block : {"Resources", "Outputs"}) {
        std::set<std::string> bad;
        for (const auto& kv : section(tmpl, block)) {
            if (!exists(kv.value(), conditions)) continue;
            for (const auto& r : detail::find_references(kv.value(), &conditions))
                if (r.kind != Kind::If && r.kind != Kind::Condition &&
                    r.kind != Kind::UnknownFunction && absent.count(r.name))
                    bad.insert(r.name);
            const json::value* d =
                kv.value().is_object() ? kv.value().as_object().if_contains("DependsOn") : nullptr;
            if (d && d->is_string() && absent.count(std::string(d->get_string())))
                bad.insert(std::string(d->get_string()));
            if (d && d->is_array())
                for (const auto& n : d->as_array())
                    if (n.is_string() && absent.count(std::string(n.get_string())))
                        bad.insert(std::string(n.get_string()));
        }
        if (!bad.empty()) return unresolved_error(block, bad);
    }
    return Ok{};
}

Result<void> validate_template(const json::object& tmpl, const AttributesOf& attributes_of) {
    FRESHET_CHECK(check_structure(tmpl));
    FRESHET_CHECK(check_conditions_block(tmpl));
    FRESHET_CHECK(check_block_references(tmpl, "Resources"));
    FRESHET_CHECK(check_block_references(tmpl, "Outputs"));
    FRESHET_CHECK(check_types_and_attributes(tmpl, attributes_of));
    FRESHET_TRY(waves, creation_waves(resource_dependencies(section(tmpl, "Resources"))));
    (void)waves;
    return Ok{};
}

}  // namespace freshet::stacks
