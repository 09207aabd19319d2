// AWS::Logs::LogGroup: CreateLogGroup (name generated as "<stack>-<LogicalId>-<suffix>" when
// LogGroupName is absent), then RetentionInDays (PutRetentionPolicy). Replacement:
// LogGroupName, LogGroupClass. In place: RetentionInDays (PutRetentionPolicy, or
// DeleteRetentionPolicy when removed). Tags and KmsKeyId go to CreateLogGroup, which accepts
// and does not keep them (see docs/compatibility/logs.md); a change of them alone does nothing.
// Refused: DataProtectionPolicy, FieldIndexPolicies. Ref is the name; GetAtt Arn is
// "arn:aws:logs:<region>:<account>:log-group:<name>:*" as CloudFormation gives it.
#include <boost/json.hpp>

#include "stacks/resources/factories.h"
#include "stacks/resources/properties.h"
#include "stacks/resources/service_common.h"

namespace freshet::stacks {

namespace {

namespace json = boost::json;

Result<void> set_retention(const ResourceContext& ctx, const std::string& name,
                           const json::object& p, bool creating) {
    FRESHET_TRY(days, get_int(ctx, p, "RetentionInDays"));
    if (days) {
        FRESHET_CHECK(svc::call_service(ctx, "logs", "PutRetentionPolicy",
                                        {{"logGroupName", name}, {"retentionInDays", *days}}));
        return Ok{};
    }
    if (creating) return Ok{};
    auto r = svc::call_service(ctx, "logs", "DeleteRetentionPolicy", {{"logGroupName", name}});
    if (!r.ok()) return std::move(r).take_error();
    return Ok{};
}

ResourceState state_of(const ResourceContext& ctx, const std::string& name) {
    ResourceState st;
    st.physical_id = name;
    st.attributes["Arn"] = "arn:" + ctx.partition + ":logs:" + ctx.region + ":" + ctx.account_id +
                           ":log-group:" + name + ":*";
    return st;
}

class LogsLogGroup final : public Provider {
  public:
    std::vector<std::string> attributes() const override { return {"Arn"}; }

    bool needs_replacement(const json::object& before, const json::object& after) const override {
        return changed(before, after, {"LogGroupName", "LogGroupClass"});
    }

    Result<ResourceState> create(const ResourceContext& ctx, const json::object& p) override {
        FRESHET_CHECK(svc::refuse(ctx, p, {"DataProtectionPolicy", "FieldIndexPolicies"}));
        FRESHET_TRY(name_prop, get_string(ctx, p, "LogGroupName"));
        FRESHET_TRY(tags, tags_as_map(ctx, p));
        std::string name = name_prop ? *name_prop : physical_name(ctx, 512);
        json::object in{{"logGroupName", name}};
        if (!tags.empty()) in["tags"] = tags;
        if (p.contains("KmsKeyId")) in["kmsKeyId"] = p.at("KmsKeyId");
        if (p.contains("LogGroupClass")) in["logGroupClass"] = p.at("LogGroupClass");
        if (!name_prop) reserve_physical_id(ctx, name);
        FRESHET_CHECK(svc::call_service(ctx, "logs", "CreateLogGroup", std::move(in)));
        claim_physical_id(ctx, name);
        FRESHET_CHECK(set_retention(ctx, name, p, true));
        return state_of(ctx, name);
    }

    Result<ResourceState> update(const ResourceContext& ctx, const ResourceState& current,
                                 const json::object& before, const json::object& after) override {
        FRESHET_CHECK(svc::refuse(ctx, after, {"DataProtectionPolicy", "FieldIndexPolicies"}));
        if (changed(before, after, {"RetentionInDays"}))
            FRESHET_CHECK(set_retention(ctx, current.physical_id, after, false));
        return state_of(ctx, current.physical_id);
    }

    Result<void> remove(const ResourceContext& ctx, const ResourceState& current,
                        const json::object&) override {
        auto r = svc::call_service(ctx, "logs", "DeleteLogGroup",
                                   {{"logGroupName", current.physical_id}});
        if (!r.ok() && !svc::is_not_found(r.error())) return std::move(r).take_error();
        return Ok{};
    }
};

}  // namespace

std::unique_ptr<Provider> make_logs_log_group_provider() {
    return std::make_unique<LogsLogGroup>();
}

}  // namespace freshet::stacks
