#include <fmt/format.h>

#include <boost/json.hpp>

#include "core/ids.h"
#include "stacks/api/handlers.h"

namespace freshet::stacks::api {

namespace json = boost::json;

ApiError stack_not_found(const std::string& name) {
    return ApiError{"ValidationError", fmt::format("Stack with id {} does not exist", name), 400};
}

Result<StackRecord> find_stack(StacksService& svc, const std::string& name_or_id) {
    auto s = svc.store().find(name_or_id);
    if (!s) return stack_not_found(name_or_id);
    return std::move(*s);
}

std::string new_stack_id(const StacksService& svc, const std::string& name) {
    return fmt::format("arn:aws:cloudformation:{}:{}:stack/{}/{}", svc.options().region,
                       svc.options().account_id, name, ids::uuid4());
}

Pseudo pseudo_of(const StacksService& svc, const StackRecord& s) {
    Pseudo p;
    p.stack_name = s.name;
    p.stack_id = s.id;
    p.region = svc.options().region;
    p.account_id = svc.options().account_id;
    return p;
}

Result<std::string> template_body(const std::optional<std::string>& body,
                                  const std::optional<std::string>& url, bool use_previous,
                                  const StackRecord* previous) {
    int given = (body ? 1 : 0) + (url ? 1 : 0) + (use_previous ? 1 : 0);
    if (given > 1)
        return ApiError{"ValidationError",
                        "Specify exactly one of TemplateBody, TemplateURL and UsePreviousTemplate",
                        400};
    if (use_previous) {
        if (!previous) return ApiError{"ValidationError", "No previous template to use", 400};
        return previous->template_body;
    }
    if (url)
        return ApiError{"ValidationError",
                        "TemplateURL is not supported by Freshet: pass the template in "
                        "TemplateBody",
                        400};
    if (!body)
        return ApiError{"ValidationError",
                        "Either Template URL or Template Body must be specified.", 400};
    return *body;
}

Result<std::map<std::string, std::string>> given_parameters(
    const std::optional<std::vector<m::Parameter>>& in, const StackRecord* previous) {
    std::map<std::string, std::string> out;
    if (!in) return out;
    for (const auto& p : *in) {
        if (!p.ParameterKey) continue;
        const std::string& key = *p.ParameterKey;
        if (p.UsePreviousValue.value_or(false)) {
            if (!previous || !previous->parameters.count(key))
                return ApiError{"ValidationError",
                                fmt::format("Invalid input for parameter key {}. Cannot specify "
                                            "usePreviousValue as true for a parameter key not in "
                                            "the previous template",
                                            key),
                                400};
            out[key] = previous->parameters.at(key);
        } else {
            out[key] = p.ParameterValue.value_or("");
        }
    }
    return out;
}

std::string template_description(const json::object& tmpl) {
    const json::value* d = tmpl.if_contains("Description");
    return d && d->is_string() ? std::string(d->get_string()) : std::string();
}

std::vector<m::Parameter> parameters_of(const std::map<std::string, std::string>& values,
                                        const std::set<std::string>& no_echo) {
    std::vector<m::Parameter> out;
    for (const auto& [k, v] : values) {
        m::Parameter p;
        p.ParameterKey = k;
        p.ParameterValue = no_echo.count(k) ? "****" : v;
        out.push_back(std::move(p));
    }
    return out;
}

std::vector<m::Tag> tags_of(const std::vector<std::pair<std::string, std::string>>& tags) {
    std::vector<m::Tag> out;
    for (const auto& [k, v] : tags) out.push_back(m::Tag{k, v});
    return out;
}

std::vector<std::pair<std::string, std::string>> tag_pairs(
    const std::optional<std::vector<m::Tag>>& tags) {
    std::vector<std::pair<std::string, std::string>> out;
    if (tags)
        for (const auto& t : *tags) out.emplace_back(t.Key, t.Value);
    return out;
}

TimePoint time_of(int64_t ms) {
    return from_epoch_millis(ms);
}

int64_t now_ms(const RequestContext& ctx) {
    return epoch_millis(ctx.clock->now());
}

}  // namespace freshet::stacks::api
