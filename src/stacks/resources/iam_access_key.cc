// AWS::IAM::AccessKey: CreateAccessKey for UserName. Ref (and the physical id) is the
// AccessKeyId, GetAtt SecretAccessKey the secret, which IAM returns only then. UserName and
// Serial are "Update requires: Replacement" (a new Serial is how a template rotates a key);
// Status (Active, Inactive) changes in place with UpdateAccessKey.
#include <boost/json.hpp>

#include "stacks/resources/factories.h"
#include "stacks/resources/iam_support.h"
#include "stacks/resources/properties.h"

namespace freshet::stacks {

namespace json = boost::json;

namespace {

Result<std::string> read_status(const ResourceContext& ctx, const json::object& p) {
    FRESHET_TRY(status, get_string(ctx, p, "Status"));
    std::string s = status.value_or("Active");
    if (s != "Active" && s != "Inactive")
        return property_error(ctx.logical_id, "#/Status: " + s + " is not a valid enum value");
    return s;
}

class AccessKeyProvider : public Provider {
  public:
    std::vector<std::string> attributes() const override { return {"SecretAccessKey"}; }

    bool needs_replacement(const json::object& before, const json::object& after) const override {
        return changed(before, after, {"UserName", "Serial"});
    }

    Result<ResourceState> create(const ResourceContext& ctx, const json::object& p) override {
        FRESHET_TRY(user, require_string(ctx, p, "UserName"));
        FRESHET_TRY(status, read_status(ctx, p));
        FRESHET_CHECK(get_int(ctx, p, "Serial"));
        FRESHET_TRY(out, iam_call(ctx, "CreateAccessKey", {{"UserName", user}}));
        const json::object& key = out.as_object().at("AccessKey").as_object();
        std::string id(key.at("AccessKeyId").as_string());
        if (status != "Active") {
            auto r = iam_call(ctx, "UpdateAccessKey",
                              {{"UserName", user}, {"AccessKeyId", id}, {"Status", status}});
            if (!r.ok()) {
                (void)iam_call(ctx, "DeleteAccessKey", {{"UserName", user}, {"AccessKeyId", id}});
                return std::move(r).take_error();
            }
        }
        ResourceState s;
        s.physical_id = id;
        s.attributes["SecretAccessKey"] = key.at("SecretAccessKey");
        return s;
    }

    Result<ResourceState> update(const ResourceContext& ctx, const ResourceState& current,
                                 const json::object& before, const json::object& after) override {
        FRESHET_TRY(old_status, read_status(ctx, before));
        FRESHET_TRY(new_status, read_status(ctx, after));
        if (old_status != new_status) {
            FRESHET_TRY(user, require_string(ctx, after, "UserName"));
            FRESHET_CHECK(iam_call(ctx, "UpdateAccessKey",
                                   {{"UserName", user},
                                    {"AccessKeyId", current.physical_id},
                                    {"Status", new_status}}));
        }
        return current;
    }

    Result<void> remove(const ResourceContext& ctx, const ResourceState& current,
                        const json::object& p) override {
        FRESHET_TRY(user, require_string(ctx, p, "UserName"));
        auto r = iam_call(ctx, "DeleteAccessKey",
                          {{"UserName", user}, {"AccessKeyId", current.physical_id}});
        if (!r.ok() && !iam_not_found(r.error())) return std::move(r).take_error();
        return Ok{};
    }
};

}  // namespace

std::unique_ptr<Provider> make_iam_access_key_provider() {
    return std::make_unique<AccessKeyProvider>();
}

}  // namespace freshet::stacks
