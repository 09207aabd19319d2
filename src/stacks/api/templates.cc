// GetTemplate, GetTemplateSummary and ValidateTemplate.
#include <fmt/format.h>

#include <boost/json.hpp>

#include "stacks/api/handlers.h"
#include "stacks/resources/provider.h"
#include "stacks/sam/transform.h"
#include "stacks/template/parse.h"
#include "stacks/template/validate.h"

namespace freshet::stacks::api {

namespace json = boost::json;

namespace {

struct Checked {
    json::object original;
    json::object processed;
};

std::optional<std::vector<std::string>> attributes_of(std::string_view type) {
    Provider* p = find_provider(type);
    if (!p) return std::nullopt;
    return p->attributes();
}

std::string scalar(const json::value& v) {
    return v.is_string() ? std::string(v.get_string()) : json::serialize(v);
}

// Parses and validates a template without parameter values (defaults stand in for SAM).
Result<Checked> check(const StacksService& svc, const std::string& body) {
    Checked c;
    FRESHET_TRY(original, parse_template(body));
    c.original = std::move(original);
    c.processed = c.original;
    if (uses_sam(c.original)) {
        SamContext sam;
        sam.region = svc.options().region;
        sam.account_id = svc.options().account_id;
        if (const json::value* ps = c.original.if_contains("Parameters"); ps && ps->is_object()) {
            for (const auto& [k, v] : ps->get_object()) {
                const json::value* d =
                    v.is_object() ? v.get_object().if_contains("Default") : nullptr;
                sam.parameter_values[k] = d ? json::value(scalar(*d)) : json::value("");
            }
        }
        FRESHET_TRY(processed, sam_transform(c.original, sam));
        c.processed = std::move(processed);
    }
    FRESHET_CHECK(stacks::validate_template(c.processed, attributes_of));
    return c;
}

std::vector<std::string> declared_transforms(const json::object& tmpl) {
    std::vector<std::string> out;
    const json::value* t = tmpl.if_contains("Transform");
    if (t && t->is_string()) out.emplace_back(t->get_string());
    if (t && t->is_array())
        for (const auto& e : t->get_array())
            if (e.is_string()) out.emplace_back(e.get_string());
    return out;
}

// CAPABILITY_IAM or CAPABILITY_NAMED_IAM, and the reason CloudFormation gives for it.
void capabilities(const json::object& processed, std::optional<std::vector<std::string>>& caps,
                  std::optional<std::string>& reason) {
    std::vector<std::string> ids;
    bool named = false;
    for (const auto& [id, v] : processed.at("Resources").as_object()) {
        const json::value* t = v.is_object() ? v.get_object().if_contains("Type") : nullptr;
        if (!t || !t->is_string() || !t->get_string().starts_with("AWS::IAM::")) continue;
        ids.emplace_back(id);
        const json::value* props = v.get_object().if_contains("Properties");
        if (!props || !props->is_object()) continue;
        for (const char* k : {"RoleName", "UserName", "GroupName", "ManagedPolicyName"})
            if (props->get_object().if_contains(k)) named = true;
    }
    if (ids.empty()) return;
    caps = std::vector<std::string>{named ? "CAPABILITY_NAMED_IAM" : "CAPABILITY_IAM"};
    reason =
        fmt::format("The following resource(s) require capabilities: [{}]", fmt::join(ids, ", "));
}

}  // namespace

Result<m::GetTemplateOutput> get_template(StacksService& svc, RequestContext&,
                                          const m::GetTemplateInput& in) {
    std::string body;
    json::object processed;
    if (in.ChangeSetName) {
        auto c = svc.store().change_set(*in.ChangeSetName);
        if (!c && in.StackName) {
            for (auto& x : svc.store().change_sets(
                     svc.store().find(*in.StackName) ? svc.store().find(*in.StackName)->id : ""))
                if (x.name == *in.ChangeSetName) c = x;
        }
        if (!c)
            return ApiError{"ChangeSetNotFound",
                            fmt::format("ChangeSet [{}] does not exist", *in.ChangeSetName), 404};
        body = c->template_body;
        processed = c->processed;
    } else {
        if (!in.StackName) return stack_not_found("null");
        FRESHET_TRY(s, find_stack(svc, *in.StackName));
        body = s.template_body;
        processed = s.processed;
    }
    m::GetTemplateOutput out;
    out.TemplateBody =
        in.TemplateStage.value_or("Original") == "Processed" ? json::serialize(processed) : body;
    out.StagesAvailable = std::vector<std::string>{"Original", "Processed"};
    return out;
}

Result<m::ValidateTemplateOutput> validate_template(StacksService& svc, RequestContext&,
                                                    const m::ValidateTemplateInput& in) {
    FRESHET_TRY(body, template_body(in.TemplateBody, in.TemplateURL, false, nullptr));
    FRESHET_TRY(c, check(svc, body));
    m::ValidateTemplateOutput out;
    std::vector<m::TemplateParameter> params;
    if (const json::value* ps = c.original.if_contains("Parameters"); ps && ps->is_object()) {
        for (const auto& [k, v] : ps->get_object()) {
            const json::object& o = v.as_object();
            m::TemplateParameter p;
            p.ParameterKey = std::string(k);
            if (auto* d = o.if_contains("Default")) p.DefaultValue = scalar(*d);
            auto* ne = o.if_contains("NoEcho");
            p.NoEcho = ne && ((ne->is_bool() && ne->get_bool()) ||
                              (ne->is_string() && ne->get_string() == "true"));
            if (auto* d = o.if_contains("Description"); d && d->is_string())
                p.Description = std::string(d->get_string());
            params.push_back(std::move(p));
        }
    }
    out.Parameters = std::move(params);
    std::string d = template_description(c.original);
    if (!d.empty()) out.Description = d;
    capabilities(c.processed, out.Capabilities, out.CapabilitiesReason);
    auto transforms = declared_transforms(c.original);
    if (!transforms.empty()) out.DeclaredTransforms = transforms;
    return out;
}

Result<m::GetTemplateSummaryOutput> get_template_summary(StacksService& svc, RequestContext&,
                                                         const m::GetTemplateSummaryInput& in) {
    std::string body;
    if (in.StackName) {
        FRESHET_TRY(s, find_stack(svc, *in.StackName));
        body = s.template_body;
    } else {
        FRESHET_TRY(b, template_body(in.TemplateBody, in.TemplateURL, false, nullptr));
        body = std::move(b);
    }
    FRESHET_TRY(c, check(svc, body));
    m::GetTemplateSummaryOutput out;
    std::vector<m::ParameterDeclaration> params;
    if (const json::value* ps = c.original.if_contains("Parameters"); ps && ps->is_object()) {
        for (const auto& [k, v] : ps->get_object()) {
            const json::object& o = v.as_object();
            m::ParameterDeclaration p;
            p.ParameterKey = std::string(k);
            if (auto* d = o.if_contains("Default")) p.DefaultValue = scalar(*d);
            if (auto* t = o.if_contains("Type")) p.ParameterType = scalar(*t);
            auto* ne = o.if_contains("NoEcho");
            p.NoEcho = ne && ne->is_bool() && ne->get_bool();
            if (auto* d = o.if_contains("Description"); d && d->is_string())
                p.Description = std::string(d->get_string());
            if (auto* a = o.if_contains("AllowedValues"); a && a->is_array()) {
                std::vector<std::string> values;
                for (const auto& x : a->get_array()) values.push_back(scalar(x));
                p.ParameterConstraints = m::ParameterConstraints{values};
            }
            params.push_back(std::move(p));
        }
    }
    out.Parameters = std::move(params);
    std::string d = template_description(c.original);
    if (!d.empty()) out.Description = d;
    capabilities(c.processed, out.Capabilities, out.CapabilitiesReason);
    std::set<std::string> types;
    for (const auto& [id, v] : c.processed.at("Resources").as_object())
        types.insert(scalar(v.as_object().at("Type")));
    out.ResourceTypes = std::vector<std::string>(types.begin(), types.end());
    if (auto* v = c.original.if_contains("AWSTemplateFormatVersion")) out.Version = scalar(*v);
    auto transforms = declared_transforms(c.original);
    if (!transforms.empty()) out.DeclaredTransforms = transforms;
    return out;
}

}  // namespace freshet::stacks::api
