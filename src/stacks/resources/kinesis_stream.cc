// AWS::Kinesis::Stream: CreateStream (ShardCount, default 1 for a provisioned stream, or
// StreamModeDetails), then RetentionPeriodHours and Tags; in-place updates of ShardCount
// (UpdateShardCount, UNIFORM_SCALING), RetentionPeriodHours and Tags. Name: replacement.
// Ref is the stream name, GetAtt Arn its ARN. Freshet's streams have no UpdateStreamMode and
// no encryption: changing StreamModeDetails or giving StreamEncryption is refused.
// DesiredShardLevelMetrics (enhanced monitoring) is accepted and has no effect.
#include <boost/json.hpp>

#include "stacks/resources/factories.h"
#include "stacks/resources/properties.h"
#include "stacks/resources/service_common.h"

namespace freshet::stacks {

namespace {

namespace json = boost::json;

constexpr int64_t kDefaultRetention = 24;

Result<json::object> summary(const ResourceContext& ctx, const std::string& name) {
    FRESHET_TRY(out,
                svc::call_service(ctx, "kinesis", "DescribeStreamSummary", {{"StreamName", name}}));
    return out.as_object().at("StreamDescriptionSummary").as_object();
}

Result<void> wait_active(const ResourceContext& ctx, const std::string& name) {
    return svc::wait_until(ctx, "Stream " + name, [&]() -> Result<bool> {
        FRESHET_TRY(s, summary(ctx, name));
        return s.at("StreamStatus").as_string() == "ACTIVE";
    });
}

Result<void> set_retention(const ResourceContext& ctx, const std::string& name, int64_t current,
                           int64_t wanted) {
    if (wanted == current) return Ok{};
    FRESHET_CHECK(svc::call_service(
        ctx, "kinesis",
        wanted > current ? "IncreaseStreamRetentionPeriod" : "DecreaseStreamRetentionPeriod",
        {{"StreamName", name}, {"RetentionPeriodHours", wanted}}));
    return wait_active(ctx, name);
}

Result<void> set_tags(const ResourceContext& ctx, const std::string& name,
                      const json::object& before, const json::object& after) {
    svc::TagChanges c = svc::tag_changes(before, after);
    if (!c.removed.empty()) {
        json::array keys;
        for (const auto& k : c.removed) keys.emplace_back(k);
        FRESHET_CHECK(svc::call_service(ctx, "kinesis", "RemoveTagsFromStream",
                                        {{"StreamName", name}, {"TagKeys", std::move(keys)}}));
    }
    if (!c.set.empty()) {
        FRESHET_CHECK(svc::call_service(ctx, "kinesis", "AddTagsToStream",
                                        {{"StreamName", name}, {"Tags", std::move(c.set)}}));
    }
    return Ok{};
}

std::string mode_of(const json::object& p) {
    const json::value* m = p.if_contains("StreamModeDetails");
    if (!m || !m->is_object()) return "PROVISIONED";
    std::string mode = svc::string_of(m->get_object(), "StreamMode");
    return mode.empty() ? "PROVISIONED" : mode;
}

Result<ResourceState> state_of(const ResourceContext& ctx, const std::string& name) {
    FRESHET_TRY(s, summary(ctx, name));
    ResourceState st;
    st.physical_id = name;
    st.attributes["Arn"] = s.at("StreamARN");
    return st;
}

class KinesisStream final : public Provider {
  public:
    std::vector<std::string> attributes() const override { return {"Arn"}; }

    bool needs_replacement(const json::object& before, const json::object& after) const override {
        return changed(before, after, {"Name"});
    }

    Result<ResourceState> create(const ResourceContext& ctx, const json::object& p) override {
        FRESHET_CHECK(svc::refuse(ctx, p, {"StreamEncryption"}));
        FRESHET_TRY(name_prop, get_string(ctx, p, "Name"));
        FRESHET_TRY(shards, get_int(ctx, p, "ShardCount"));
        FRESHET_TRY(retention, get_int(ctx, p, "RetentionPeriodHours"));
        FRESHET_TRY(tags, tags_as_map(ctx, p));
        std::string name = name_prop ? *name_prop : physical_name(ctx, 128);
        json::object in{{"StreamName", name}};
        if (p.contains("StreamModeDetails")) svc::copy_value(p, in, "StreamModeDetails");
        if (mode_of(p) == "PROVISIONED")
            in["ShardCount"] = shards.value_or(1);
        else if (shards)
            in["ShardCount"] = *shards;
        if (!name_prop) reserve_physical_id(ctx, name);
        FRESHET_CHECK(svc::call_service(ctx, "kinesis", "CreateStream", std::move(in)));
        claim_physical_id(ctx, name);
        FRESHET_CHECK(wait_active(ctx, name));
        FRESHET_CHECK(
            set_retention(ctx, name, kDefaultRetention, retention.value_or(kDefaultRetention)));
        FRESHET_CHECK(set_tags(ctx, name, {}, tags));
        return state_of(ctx, name);
    }

    Result<ResourceState> update(const ResourceContext& ctx, const ResourceState& current,
                                 const json::object& before, const json::object& after) override {
        FRESHET_CHECK(svc::refuse(ctx, after, {"StreamEncryption"}));
        const std::string& name = current.physical_id;
        if (mode_of(before) != mode_of(after)) {
            return property_error(
                ctx.logical_id,
                "#/StreamModeDetails: changing the stream mode (UpdateStreamMode) "
                "is not supported by Freshet");
        }
        FRESHET_TRY(shards, get_int(ctx, after, "ShardCount"));
        FRESHET_TRY(retention, get_int(ctx, after, "RetentionPeriodHours"));
        FRESHET_TRY(old_tags, tags_as_map(ctx, before));
        FRESHET_TRY(new_tags, tags_as_map(ctx, after));
        FRESHET_TRY(s, summary(ctx, name));
        if (mode_of(after) == "PROVISIONED" &&
            shards.value_or(1) != s.at("OpenShardCount").to_number<int64_t>()) {
            FRESHET_CHECK(svc::call_service(ctx, "kinesis", "UpdateShardCount",
                                            {{"StreamName", name},
                                             {"TargetShardCount", shards.value_or(1)},
                                             {"ScalingType", "UNIFORM_SCALING"}}));
            FRESHET_CHECK(wait_active(ctx, name));
        }
        FRESHET_CHECK(set_retention(ctx, name, s.at("RetentionPeriodHours").to_number<int64_t>(),
                                    retention.value_or(kDefaultRetention)));
        FRESHET_CHECK(set_tags(ctx, name, old_tags, new_tags));
        return state_of(ctx, name);
    }

    Result<void> remove(const ResourceContext& ctx, const ResourceState& current,
                        const json::object&) override {
        const std::string& name = current.physical_id;
        return svc::delete_and_wait(ctx, "kinesis", "DeleteStream",
                                    {{"StreamName", name}, {"EnforceConsumerDeletion", true}},
                                    "stream " + name, [&] { return summary(ctx, name); });
    }
};

}  // namespace

std::unique_ptr<Provider> make_kinesis_stream_provider() {
    return std::make_unique<KinesisStream>();
}

}  // namespace freshet::stacks
