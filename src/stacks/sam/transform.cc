// The transform's driver (SAM's translator.py and parser): Transform section, Globals,
// one translation per AWS::Serverless::* resource with every failure collected as a cause,
// and SAM's duplicate logical id check.
#include "stacks/sam/transform.h"

#include <set>

#include "stacks/sam/internal.h"

namespace freshet::stacks {

namespace json = boost::json;
using namespace sam;

namespace {

constexpr std::string_view kServerlessPrefix = "AWS::Serverless::";

// The names in the Transform section: a string, a list, or {"Name": ...} entries.
std::vector<std::string> transform_names(const json::object& tmpl) {
    std::vector<std::string> names;
    const json::value* t = tmpl.if_contains("Transform");
    if (!t) return names;
    auto add = [&](const json::value& v) {
        if (v.is_string()) {
            names.emplace_back(v.get_string());
        } else if (v.is_object() && v.get_object().contains("Name") &&
                   v.get_object().at("Name").is_string()) {
            names.emplace_back(v.get_object().at("Name").get_string());
        } else {
            names.push_back(json::serialize(v));
        }
    };
    if (t->is_array())
        for (const auto& v : t->get_array()) add(v);
    else
        add(*t);
    return names;
}

// Parameter values SAM resolves with: the given values, then template defaults, then the
// pseudo parameters SAM adds (AWS::Region, AWS::Partition).
json::object parameter_values(const json::object& tmpl, const SamContext& ctx) {
    json::object values = ctx.parameter_values;
    if (const json::value* params = tmpl.if_contains("Parameters"); params && params->is_object())
        for (const auto& kv : params->get_object())
            if (kv.value().is_object() && kv.value().get_object().contains("Default") &&
                !values.contains(kv.key()))
                values[kv.key()] = kv.value().get_object().at("Default");
    if (!values.contains("AWS::Region")) values["AWS::Region"] = ctx.region;
    if (!values.contains("AWS::Partition")) values["AWS::Partition"] = ctx.partition;
    return values;
}

bool alphanumeric(std::string_view id) {
    if (id.empty()) return false;
    for (char c : id)
        if (!std::isalnum(static_cast<unsigned char>(c))) return false;
    return true;
}

// The Globals that apply to a resource after its IgnoreGlobals attribute ("*" or a list of
// property names), with SAM's errors for an invalid attribute.
Result<json::value> applicable_globals(const std::string& id, const json::object& resource,
                                       const json::value& section) {
    const json::value* ignore = get(resource, "IgnoreGlobals");
    if (!ignore) return section;
    if (*ignore == "*") return json::value(json::object{});
    if (!ignore->is_array())
        return invalid_resource(
            id, "Resource " + id + " has invalid resource attribute 'IgnoreGlobals'.");
    json::object kept = section.get_object();
    for (const auto& key : ignore->get_array()) {
        if (!key.is_string() || !kept.contains(key.get_string()))
            return invalid_resource(
                id, "Resource " + id +
                        " has invalid resource attribute 'IgnoreGlobals' on "
                        "item '" +
                        (key.is_string() ? std::string(key.get_string()) : json::serialize(key)) +
                        "'.");
        kept.erase(key.get_string());
    }
    return json::value(std::move(kept));
}

Result<Generated> translate(const std::string& id, json::object resource,
                            const json::object& globals, const Inputs& in) {
    std::string type(resource.at("Type").get_string());
    if (!alphanumeric(id)) return invalid_resource(id, "Logical ids must be alphanumeric.");
    if (const json::value* g = globals.if_contains(type)) {
        FRESHET_TRY(section, applicable_globals(id, resource, *g));
        json::value local = resource.contains("Properties") ? resource.at("Properties")
                                                            : json::value(json::object{});
        resource["Properties"] = merge_globals(section, local);
    }
    if (type == "AWS::Serverless::Function") return translate_function(id, resource, in);
    if (type == "AWS::Serverless::SimpleTable") return translate_simple_table(id, resource);
    return invalid_resource(id, not_supported("Resource type " + type) +
                                    " Supported: AWS::Serverless::Function, "
                                    "AWS::Serverless::SimpleTable.");
}

bool is_sam_resource(const json::value& r) {
    if (!r.is_object()) return false;
    const json::value* type = r.get_object().if_contains("Type");
    return type && type->is_string() && type->get_string().starts_with(kServerlessPrefix);
}

}  // namespace

bool uses_sam(const json::object& tmpl) {
    for (const auto& name : transform_names(tmpl))
        if (name == kSamTransform) return true;
    return false;
}

Result<json::object> sam_transform(const json::object& tmpl, const SamContext& ctx) {
    for (const auto& name : transform_names(tmpl))
        if (name != kSamTransform)
            return ApiError{"ValidationError",
                            "Transform " + name + " is not supported: Freshet implements only " +
                                kSamTransform + ".",
                            400};
    if (!uses_sam(tmpl)) return tmpl;

    const json::value* resources = tmpl.if_contains("Resources");
    if (!resources || !resources->is_object() || resources->get_object().empty())
        return transform_failed(
            {"Structure of the SAM template is invalid. 'Resources' section is required"});
    json::object globals;
    if (const json::value* g = tmpl.if_contains("Globals")) {
        auto parsed = parse_globals(*g);
        if (!parsed) return transform_failed({parsed.error().message});
        globals = std::move(parsed.value());
    }
    const json::object params = parameter_values(tmpl, ctx);
    const Inputs in{ctx, params};

    std::vector<std::string> causes;
    json::object out_resources;
    std::set<std::string> taken;
    for (const auto& kv : resources->get_object()) taken.insert(std::string(kv.key()));
    for (const auto& kv : resources->get_object()) {
        std::string id(kv.key());
        if (!is_sam_resource(kv.value())) {
            out_resources[id] = kv.value();
            continue;
        }
        auto generated = translate(id, kv.value().get_object(), globals, in);
        if (!generated) {
            causes.push_back(generated.error().message);
            continue;
        }
        for (auto& [gid, res] : generated.value()) {
            if (gid != id && !taken.insert(gid).second) {
                causes.push_back("Transforming resource with id [" + id +
                                 "] attempts to create a new resource with id [" + gid +
                                 "] and type \"" + std::string(res.at("Type").get_string()) +
                                 "\". A resource with that id already exists within this "
                                 "template. Please use a different id for that resource.");
                continue;
            }
            out_resources[gid] = std::move(res);
        }
    }
    if (!causes.empty()) return transform_failed(causes);

    json::object out = tmpl;
    out.erase("Transform");
    out.erase("Globals");
    out["Resources"] = std::move(out_resources);
    return out;
}

}  // namespace freshet::stacks
