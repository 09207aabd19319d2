// Shared by the IAM handlers: AWS's error shapes and messages, ARNs, conversions from store
// records to the model's shapes, and Marker/MaxItems paging.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/service.h"
#include "iam/iam.gen.h"
#include "iam/iam_service.h"
#include "iam/store/iam_store.h"

namespace freshet::iam::api {

namespace m = ::freshet::iam::model;
using store::Entity;
using store::Kind;

ApiError no_such_entity(std::string message);
ApiError already_exists(std::string message);
ApiError delete_conflict(std::string message);
ApiError limit_exceeded(std::string message);
ApiError invalid_input(std::string message);

// "user", "role", "group": as in ARNs and AWS's messages.
const char* kind_word(Kind kind);
// "User", "Role", "Group".
const char* kind_title(Kind kind);
// AWS: "The user with name X cannot be found."
ApiError entity_not_found(Kind kind, std::string_view name);
// arn:aws:iam::<acct>:<kind>/<path without its leading slash><name>
std::string entity_arn(std::string_view account, Kind kind, std::string_view path,
                       std::string_view name);
// The ARN IAM authorizes an action on this entity against (path unknown from the input).
std::string resource_arn(const RequestContext& ctx, Kind kind, std::string_view name);

m::User to_user(const Entity& e, bool with_tags);
m::Role to_role(const Entity& e, bool with_details);
m::Group to_group(const Entity& e);
m::Policy to_policy(const store::ManagedPolicy& p, int64_t attachments);
std::vector<m::Tag> to_tags(const std::vector<store::Tag>& tags);
std::vector<store::Tag> from_tags(const std::vector<m::Tag>& tags);
// Adds or replaces tags by key (TagUser/TagRole).
void merge_tags(std::vector<store::Tag>& into, const std::vector<m::Tag>& tags);
// Policy documents are returned URL-encoded, as AWS does (botocore decodes them).
std::string encode_document(std::string_view document);
// How many users, roles and groups have this managed policy attached.
int64_t attachment_count(const store::IamStore& s, std::string_view arn);

// One page of `items` from Marker (an offset this server issued) and MaxItems (default 100).
template <class T>
std::vector<T> page(std::vector<T> items, const std::optional<std::string>& marker,
                    const std::optional<int64_t>& max_items, std::optional<bool>& truncated,
                    std::optional<std::string>& next_marker) {
    size_t start = 0;
    if (marker) start = std::min(items.size(), static_cast<size_t>(std::stoull("0" + *marker)));
    size_t n = static_cast<size_t>(max_items.value_or(100));
    size_t end = std::min(items.size(), start + n);
    truncated = end < items.size();
    if (end < items.size()) next_marker = std::to_string(end);
    return std::vector<T>(std::make_move_iterator(items.begin() + start),
                          std::make_move_iterator(items.begin() + end));
}

// Validates a document for an identity policy (inline or managed) or a trust policy.
Result<void> check_document(std::string_view text, bool trust, bool managed);

// Permissions boundaries are not evaluated: refusing them beats granting more than asked.
Result<void> refuse_boundary(const std::optional<std::string>& boundary);

// The caller's own user name, for actions whose UserName defaults to the caller
// (GetUser, CreateAccessKey...). Root and roles have none: AWS then acts on the root user or
// refuses.
std::optional<std::string> caller_user(const RequestContext& ctx);

}  // namespace freshet::iam::api

namespace freshet::iam::api {
// For actions that answer with nothing but their request id.
inline Result<NoOutput> no_output(Result<void> r) {
    if (!r.ok()) return std::move(r).take_error();
    return NoOutput{};
}
}  // namespace freshet::iam::api
