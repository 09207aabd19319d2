#include "iam/api/common.h"

#include <fmt/format.h>

#include <algorithm>

#include "core/encoding.h"
#include "iam/policy/document.h"

namespace freshet::iam::api {

ApiError no_such_entity(std::string message) {
    return ApiError{"NoSuchEntity", std::move(message), 404};
}
ApiError already_exists(std::string message) {
    return ApiError{"EntityAlreadyExists", std::move(message), 409};
}
ApiError delete_conflict(std::string message) {
    return ApiError{"DeleteConflict", std::move(message), 409};
}
ApiError limit_exceeded(std::string message) {
    return ApiError{"LimitExceeded", std::move(message), 409};
}
ApiError invalid_input(std::string message) {
    return ApiError{"InvalidInput", std::move(message), 400};
}

const char* kind_word(Kind kind) {
    switch (kind) {
        case Kind::Role:
            return "role";
        case Kind::Group:
            return "group";
        default:
            return "user";
    }
}

const char* kind_title(Kind kind) {
    switch (kind) {
        case Kind::Role:
            return "Role";
        case Kind::Group:
            return "Group";
        default:
            return "User";
    }
}

ApiError entity_not_found(Kind kind, std::string_view name) {
    return no_such_entity(
        fmt::format("The {} with name {} cannot be found.", kind_word(kind), name));
}

std::string entity_arn(std::string_view account, Kind kind, std::string_view path,
                       std::string_view name) {
    std::string_view p = path.empty() ? "/" : path;
    return fmt::format("arn:aws:iam::{}:{}{}{}", account, kind_word(kind), p, name);
}

std::string resource_arn(const RequestContext& ctx, Kind kind, std::string_view name) {
    return entity_arn(ctx.principal.account_id, kind, "/", name);
}

std::vector<m::Tag> to_tags(const std::vector<store::Tag>& tags) {
    std::vector<m::Tag> out;
    for (const auto& t : tags) out.push_back({t.key, t.value});
    return out;
}

std::vector<store::Tag> from_tags(const std::vector<m::Tag>& tags) {
    std::vector<store::Tag> out;
    merge_tags(out, tags);
    return out;
}

void merge_tags(std::vector<store::Tag>& into, const std::vector<m::Tag>& tags) {
    for (const auto& t : tags) {
        auto it =
            std::find_if(into.begin(), into.end(), [&](const auto& x) { return x.key == t.Key; });
        if (it != into.end()) {
            it->value = t.Value;
        } else {
            into.push_back({t.Key, t.Value});
        }
    }
}

m::User to_user(const Entity& e, bool with_tags) {
    m::User u;
    u.Path = e.path;
    u.UserName = e.name;
    u.UserId = e.id;
    u.Arn = e.arn;
    u.CreateDate = e.created;
    if (with_tags && !e.tags.empty()) u.Tags = to_tags(e.tags);
    return u;
}

m::Role to_role(const Entity& e, bool with_details) {
    m::Role r;
    r.Path = e.path;
    r.RoleName = e.name;
    r.RoleId = e.id;
    r.Arn = e.arn;
    r.CreateDate = e.created;
    r.AssumeRolePolicyDocument = encode_document(e.trust_policy);
    if (!e.description.empty()) r.Description = e.description;
    r.MaxSessionDuration = e.max_session_duration;
    if (with_details) {
        if (!e.tags.empty()) r.Tags = to_tags(e.tags);
        r.RoleLastUsed = m::RoleLastUsed{};
    }
    return r;
}

m::Group to_group(const Entity& e) {
    return m::Group{e.path, e.name, e.id, e.arn, e.created};
}

m::Policy to_policy(const store::ManagedPolicy& p, int64_t attachments) {
    m::Policy out;
    out.PolicyName = p.name;
    out.PolicyId = p.id;
    out.Arn = p.arn;
    out.Path = p.path;
    out.DefaultVersionId = p.default_version;
    out.AttachmentCount = attachments;
    out.PermissionsBoundaryUsageCount = 0;
    out.IsAttachable = true;
    if (!p.description.empty()) out.Description = p.description;
    out.CreateDate = p.created;
    out.UpdateDate = p.updated;
    if (!p.tags.empty()) out.Tags = to_tags(p.tags);
    return out;
}

std::string encode_document(std::string_view document) {
    return uri_encode(document);
}

int64_t attachment_count(const store::IamStore& s, std::string_view arn) {
    int64_t n = 0;
    for (Kind k : {Kind::User, Kind::Role, Kind::Group}) {
        for (const auto& e : s.entities(k)) {
            n += std::count(e.attached.begin(), e.attached.end(), arn);
        }
    }
    return n;
}

Result<void> check_document(std::string_view text, bool trust, bool managed) {
    policy::ParseOptions o;
    o.kind = trust ? policy::PolicyKind::Trust : policy::PolicyKind::Identity;
    o.require_current_version = managed;
    auto r = policy::parse_policy(text, o);
    if (!r.ok()) return std::move(r).take_error();
    return Ok{};
}

Result<void> refuse_boundary(const std::optional<std::string>& boundary) {
    if (!boundary) return Ok{};
    return ApiError{"ValidationError", "Freshet does not support permissions boundaries", 400};
}

std::optional<std::string> caller_user(const RequestContext& ctx) {
    if (ctx.principal.type != PrincipalType::User) return std::nullopt;
    return ctx.principal.name;
}

}  // namespace freshet::iam::api
