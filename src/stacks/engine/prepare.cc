#include "stacks/engine/prepare.h"

#include <fmt/format.h>

#include <algorithm>
#include <boost/json.hpp>

#include "stacks/resources/provider.h"
#include "stacks/sam/transform.h"
#include "stacks/template/parse.h"
#include "stacks/template/validate.h"

namespace freshet::stacks {

namespace json = boost::json;

namespace {

std::optional<std::vector<std::string>> attributes_of(std::string_view type) {
    Provider* p = find_provider(type);
    if (!p) return std::nullopt;
    return p->attributes();
}

// A non-SAM transform (another macro, AWS::Include, AWS::LanguageExtensions) is refused.
Result<void> check_transform(const json::object& tmpl) {
    const json::value* t = tmpl.if_contains("Transform");
    if (!t) return Ok{};
    std::vector<std::string> names;
    if (t->is_string()) names.emplace_back(t->get_string());
    if (t->is_array()) {
        for (const auto& e : t->get_array())
            names.push_back(e.is_string() ? std::string(e.get_string()) : json::serialize(e));
    }
    if (t->is_object()) names.push_back(json::serialize(*t));
    for (const auto& n : names) {
        if (n != "AWS::Serverless-2016-10-31")
            return ApiError{"ValidationError",
                            fmt::format("Template format error: Transform {} is not supported by "
                                        "Freshet (only AWS::Serverless-2016-10-31 is)",
                                        n),
                            400};
    }
    return Ok{};
}

bool has_name(const json::object& def, std::string_view key) {
    const json::value* p = def.if_contains("Properties");
    return p && p->is_object() && p->get_object().if_contains(key);
}

std::vector<std::string> needed_capabilities(const json::object& original,
                                             const json::object& processed) {
    bool iam = false, named = false;
    if (const json::value* r = processed.if_contains("Resources"); r && r->is_object()) {
        for (const auto& [id, v] : r->get_object()) {
            if (!v.is_object()) continue;
            const json::value* type = v.get_object().if_contains("Type");
            if (!type || !type->is_string()) continue;
            std::string_view t = type->get_string();
            if (t.substr(0, 10) != "AWS::IAM::") continue;
            iam = true;
            const auto& def = v.get_object();
            if ((t == "AWS::IAM::Role" && has_name(def, "RoleName")) ||
                (t == "AWS::IAM::User" && has_name(def, "UserName")) ||
                (t == "AWS::IAM::Group" && has_name(def, "GroupName")) ||
                (t == "AWS::IAM::ManagedPolicy" && has_name(def, "ManagedPolicyName")))
                named = true;
        }
    }
    std::vector<std::string> out;
    if (named) {
        out.push_back("CAPABILITY_NAMED_IAM");
    } else if (iam) {
        out.push_back("CAPABILITY_IAM");
    }
    if (original.if_contains("Transform")) out.push_back("CAPABILITY_AUTO_EXPAND");
    return out;
}

}  // namespace

Result<Prepared> prepare(const std::string& body, const std::map<std::string, std::string>& given,
                         const Pseudo& pseudo) {
    Prepared p;
    FRESHET_TRY(original, parse_template(body));
    p.original = std::move(original);
    FRESHET_CHECK(check_transform(p.original));
    FRESHET_TRY(parameters, resolve_parameters(p.original, given));
    p.parameters = std::move(parameters);
    if (uses_sam(p.original)) {
        SamContext sam;
        sam.region = pseudo.region;
        sam.account_id = pseudo.account_id;
        sam.partition = pseudo.partition;
        sam.stack_name = pseudo.stack_name;
        sam.parameter_values = p.parameters.values;
        FRESHET_TRY(processed, sam_transform(p.original, sam));
        p.processed = std::move(processed);
    } else {
        p.processed = p.original;
    }
    FRESHET_CHECK(validate_template(p.processed, attributes_of));
    EvalContext ctx;
    if (const json::value* m = p.processed.if_contains("Mappings"); m && m->is_object())
        ctx.mappings = &m->get_object();
    ctx.parameters = &p.parameters;
    ctx.pseudo = pseudo;
    FRESHET_TRY(conditions, evaluate_conditions(p.processed, ctx));
    p.conditions = std::move(conditions);
    FRESHET_CHECK(check_conditional_references(p.processed, p.conditions));
    p.capabilities = needed_capabilities(p.original, p.processed);
    return p;
}

Result<void> check_capabilities(const Prepared& p, const std::vector<std::string>& acknowledged,
                                bool for_change_set) {
    auto has = [&](std::string_view c) {
        return std::find(acknowledged.begin(), acknowledged.end(), c) != acknowledged.end();
    };
    std::vector<std::string> missing;
    for (const auto& c : p.capabilities) {
        if (c == "CAPABILITY_AUTO_EXPAND" && for_change_set) continue;
        if (c == "CAPABILITY_IAM" && has("CAPABILITY_NAMED_IAM")) continue;
        if (!has(c)) missing.push_back(c);
    }
    if (missing.empty()) return Ok{};
    return ApiError{"InsufficientCapabilitiesException",
                    fmt::format("Requires capabilities : [{}]", fmt::join(missing, ", ")), 400};
}

std::vector<std::string> active_resources(const json::object& processed,
                                          const std::map<std::string, bool>& conditions) {
    std::vector<std::string> out;
    const json::value* r = processed.if_contains("Resources");
    if (!r || !r->is_object()) return out;
    for (const auto& [id, v] : r->get_object()) {
        const json::value* c = v.is_object() ? v.get_object().if_contains("Condition") : nullptr;
        if (c && c->is_string()) {
            auto it = conditions.find(std::string(c->get_string()));
            if (it == conditions.end() || !it->second) continue;
        }
        out.emplace_back(id);
    }
    return out;
}

std::vector<std::string> active_resources(const Prepared& p) {
    return active_resources(p.processed, p.conditions);
}

}  // namespace freshet::stacks
