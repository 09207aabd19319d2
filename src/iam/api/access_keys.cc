// Access keys of IAM users. The secret is returned once, by CreateAccessKey, and stored
// sealed; a key made Inactive or deleted is refused by the very next request (IamStore reads
// it from storage on every request).
#include <fmt/format.h>

#include "core/ids.h"
#include "iam/api/handlers.h"

namespace freshet::iam::api {
namespace {

// AWS's quota: two access keys per user.
constexpr size_t kKeysPerUser = 2;

ApiError key_not_found(std::string_view id) {
    return no_such_entity(fmt::format("The Access Key with id {} cannot be found.", id));
}

// The user the request is about: UserName, or the calling user.
Result<std::string> target_user(const RequestContext& ctx, const std::optional<std::string>& name) {
    if (name) return *name;
    if (auto caller = caller_user(ctx)) return *caller;
    return ApiError{"ValidationError",
                    "Must specify userName when calling with non-User credentials", 400};
}

}  // namespace

Result<m::CreateAccessKeyResponse> create_access_key(IamService& svc, RequestContext& ctx,
                                                     const m::CreateAccessKeyRequest& in) {
    FRESHET_TRY(user_name, target_user(ctx, in.UserName));
    store::AccessKey key;
    key.id = ids::access_key_id(false);
    std::string secret = ids::secret_access_key();
    key.secret_sealed = svc.store().seal(secret);
    key.created = ctx.clock->now();
    auto r = svc.store().write([&](store::Tx& tx) -> Result<void> {
        auto user = tx.entity(Kind::User, user_name);
        if (!user) return entity_not_found(Kind::User, user_name);
        if (tx.access_keys(user->name).size() >= kKeysPerUser)
            return limit_exceeded("Cannot exceed quota for AccessKeysPerUser: 2");
        key.user = user->name;
        tx.put(key);
        return Ok{};
    });
    if (!r.ok()) return std::move(r).take_error();
    m::CreateAccessKeyResponse out;
    out.AccessKey = m::AccessKey{key.user, key.id, "Active", std::move(secret), key.created};
    return out;
}

Result<m::ListAccessKeysResponse> list_access_keys(IamService& svc, RequestContext& ctx,
                                                   const m::ListAccessKeysRequest& in) {
    FRESHET_TRY(user_name, target_user(ctx, in.UserName));
    auto user = svc.store().entity(Kind::User, user_name);
    if (!user) return entity_not_found(Kind::User, user_name);
    std::vector<m::AccessKeyMetadata> keys;
    for (const auto& k : svc.store().access_keys(user->name)) {
        keys.push_back({k.user, k.id, k.active ? "Active" : "Inactive", k.created});
    }
    m::ListAccessKeysResponse out;
    out.AccessKeyMetadata =
        page(std::move(keys), in.Marker, in.MaxItems, out.IsTruncated, out.Marker);
    return out;
}

Result<NoOutput> update_access_key(IamService& svc, RequestContext& ctx,
                                   const m::UpdateAccessKeyRequest& in) {
    FRESHET_TRY(user_name, target_user(ctx, in.UserName));
    return no_output(svc.store().write([&](store::Tx& tx) -> Result<void> {
        auto user = tx.entity(Kind::User, user_name);
        if (!user) return entity_not_found(Kind::User, user_name);
        auto key = tx.access_key(in.AccessKeyId);
        if (!key || key->user != user->name) return key_not_found(in.AccessKeyId);
        key->active = in.Status == "Active";
        tx.put(*key);
        return Ok{};
    }));
}

Result<NoOutput> delete_access_key(IamService& svc, RequestContext& ctx,
                                   const m::DeleteAccessKeyRequest& in) {
    FRESHET_TRY(user_name, target_user(ctx, in.UserName));
    return no_output(svc.store().write([&](store::Tx& tx) -> Result<void> {
        auto user = tx.entity(Kind::User, user_name);
        if (!user) return entity_not_found(Kind::User, user_name);
        auto key = tx.access_key(in.AccessKeyId);
        if (!key || key->user != user->name) return key_not_found(in.AccessKeyId);
        tx.erase_key(key->id);
        return Ok{};
    }));
}

Result<m::GetAccessKeyLastUsedResponse> get_access_key_last_used(
    IamService& svc, RequestContext&, const m::GetAccessKeyLastUsedRequest& in) {
    auto key = svc.store().access_key(in.AccessKeyId);
    if (!key) return key_not_found(in.AccessKeyId);
    m::GetAccessKeyLastUsedResponse out;
    out.UserName = key->user;
    m::AccessKeyLastUsed used;
    // AWS answers "N/A" for the service and region of a key never used.
    used.ServiceName = key->last_used ? key->last_service : "N/A";
    used.Region = key->last_used ? key->last_region : "N/A";
    if (key->last_used) used.LastUsedDate = *key->last_used;
    out.AccessKeyLastUsed = used;
    return out;
}

}  // namespace freshet::iam::api
