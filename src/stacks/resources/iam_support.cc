#include "stacks/resources/iam_support.h"

#include <algorithm>
#include <boost/json.hpp>

#include "core/client.h"
#include "stacks/resources/properties.h"

namespace freshet::stacks {

namespace json = boost::json;

namespace {

const char* title(IamEntity kind) {
    switch (kind) {
        case IamEntity::Role:
            return "Role";
        case IamEntity::Group:
            return "Group";
        default:
            return "User";
    }
}

// The member naming the entity: UserName, RoleName, GroupName.
std::string name_key(IamEntity kind) {
    return std::string(title(kind)) + "Name";
}

json::object about(IamEntity kind, const std::string& name) {
    return json::object{{name_key(kind), name}};
}

bool contains(const std::vector<std::string>& v, const std::string& s) {
    return std::find(v.begin(), v.end(), s) != v.end();
}

}  // namespace

Result<json::value> iam_call(const ResourceContext& ctx, std::string_view operation,
                             json::object input) {
    return call_sync(*ctx.client, "iam", operation, std::move(input), ctx.caller);
}

bool iam_not_found(const ApiError& e) {
    return e.code == "NoSuchEntity";
}

Result<std::string> policy_document(const ResourceContext& ctx, const json::object& p,
                                    std::string_view key) {
    const json::value* v = p.if_contains(key);
    if (!v || v->is_null())
        return property_error(ctx.logical_id,
                              "#: required key [" + std::string(key) + "] not found");
    if (v->is_string()) return std::string(v->get_string());
    return json::serialize(*v);
}

Result<std::map<std::string, std::string>> inline_policies(const ResourceContext& ctx,
                                                           const json::object& p) {
    std::map<std::string, std::string> out;
    const json::value* v = p.if_contains("Policies");
    if (!v || v->is_null()) return out;
    if (!v->is_array())
        return property_error(ctx.logical_id,
                              "#/Policies: expected type: JSONArray, found: " +
                                  std::string(v->is_object() ? "JSONObject" : "String"));
    size_t i = 0;
    for (const json::value& e : v->get_array()) {
        std::string at = "#/Policies/" + std::to_string(i++);
        const json::object* o = e.if_object();
        if (!o) return property_error(ctx.logical_id, at + ": expected type: JSONObject");
        const json::value* name = o->if_contains("PolicyName");
        if (!name || !name->is_string())
            return property_error(ctx.logical_id, at + ": required key [PolicyName] not found");
        if (!o->if_contains("PolicyDocument"))
            return property_error(ctx.logical_id, at + ": required key [PolicyDocument] not found");
        FRESHET_TRY(document, policy_document(ctx, *o, "PolicyDocument"));
        out[std::string(name->get_string())] = std::move(document);
    }
    return out;
}

Result<std::vector<std::string>> string_list(const ResourceContext& ctx, const json::object& p,
                                             std::string_view key) {
    FRESHET_TRY(v, get_strings(ctx, p, key));
    return v ? std::move(*v) : std::vector<std::string>();
}

Result<void> sync_inline_policies(const ResourceContext& ctx, IamEntity kind,
                                  const std::string& name,
                                  const std::map<std::string, std::string>& before,
                                  const std::map<std::string, std::string>& after) {
    std::string t = title(kind);
    for (const auto& [policy, document] : after) {
        auto old = before.find(policy);
        if (old != before.end() && old->second == document) continue;
        json::object in = about(kind, name);
        in["PolicyName"] = policy;
        in["PolicyDocument"] = document;
        FRESHET_CHECK(iam_call(ctx, "Put" + t + "Policy", std::move(in)));
    }
    for (const auto& [policy, document] : before) {
        if (after.count(policy)) continue;
        json::object in = about(kind, name);
        in["PolicyName"] = policy;
        auto r = iam_call(ctx, "Delete" + t + "Policy", std::move(in));
        if (!r.ok() && !iam_not_found(r.error())) return std::move(r).take_error();
    }
    return Ok{};
}

Result<void> sync_managed_policies(const ResourceContext& ctx, IamEntity kind,
                                   const std::string& name, const std::vector<std::string>& before,
                                   const std::vector<std::string>& after) {
    std::string t = title(kind);
    for (const auto& arn : after) {
        if (contains(before, arn)) continue;
        json::object in = about(kind, name);
        in["PolicyArn"] = arn;
        FRESHET_CHECK(iam_call(ctx, "Attach" + t + "Policy", std::move(in)));
    }
    for (const auto& arn : before) {
        if (contains(after, arn)) continue;
        json::object in = about(kind, name);
        in["PolicyArn"] = arn;
        auto r = iam_call(ctx, "Detach" + t + "Policy", std::move(in));
        if (!r.ok() && !iam_not_found(r.error())) return std::move(r).take_error();
    }
    return Ok{};
}

json::array iam_tag_list(const json::object& tags) {
    json::array out;
    for (const auto& [k, v] : tags) out.push_back(json::object{{"Key", k}, {"Value", v}});
    return out;
}

Result<void> sync_tags(const ResourceContext& ctx, IamEntity kind, const std::string& name,
                       const json::object& before, const json::object& after) {
    std::string t = title(kind);
    json::object added;
    for (const auto& [k, v] : after) {
        const json::value* old = before.if_contains(k);
        if (!old || *old != v) added[k] = v;
    }
    json::array removed;
    for (const auto& [k, v] : before) {
        if (!after.if_contains(k)) removed.push_back(json::string(k));
    }
    if (!removed.empty()) {
        json::object in = about(kind, name);
        in["TagKeys"] = std::move(removed);
        FRESHET_CHECK(iam_call(ctx, "Untag" + t, std::move(in)));
    }
    if (!added.empty()) {
        json::object in = about(kind, name);
        in["Tags"] = iam_tag_list(added);
        FRESHET_CHECK(iam_call(ctx, "Tag" + t, std::move(in)));
    }
    return Ok{};
}

Result<void> strip_policies(const ResourceContext& ctx, IamEntity kind, const std::string& name) {
    std::string t = title(kind);
    json::object list = about(kind, name);
    list["MaxItems"] = 1000;
    auto attached = iam_call(ctx, "ListAttached" + t + "Policies", list);
    if (!attached.ok()) {
        if (iam_not_found(attached.error())) return Ok{};
        return std::move(attached).take_error();
    }
    std::vector<std::string> arns;
    if (const json::value* a = attached->as_object().if_contains("AttachedPolicies")) {
        for (const json::value& e : a->as_array())
            arns.emplace_back(e.as_object().at("PolicyArn").as_string());
    }
    FRESHET_CHECK(sync_managed_policies(ctx, kind, name, arns, {}));
    FRESHET_TRY(names, iam_call(ctx, "List" + t + "Policies", list));
    std::map<std::string, std::string> inline_now;
    if (const json::value* n = names.as_object().if_contains("PolicyNames")) {
        for (const json::value& e : n->as_array()) inline_now[std::string(e.as_string())] = "";
    }
    return sync_inline_policies(ctx, kind, name, inline_now, {});
}

const char* iam_list_key(IamEntity kind) {
    switch (kind) {
        case IamEntity::Role:
            return "Roles";
        case IamEntity::Group:
            return "Groups";
        default:
            return "Users";
    }
}

}  // namespace freshet::stacks
