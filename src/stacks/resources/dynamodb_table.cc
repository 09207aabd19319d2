// AWS::DynamoDB::Table: CreateTable with the template's AttributeDefinitions, KeySchema,
// BillingMode, ProvisionedThroughput, indexes, StreamSpecification (CloudFormation's
// {StreamViewType} becomes the API's {StreamEnabled, StreamViewType}), SSESpecification,
// TableClass and Tags; then TimeToLiveSpecification (UpdateTimeToLive). What the table
// service refuses (secondary indexes, streams, TTL today) fails the resource with the
// service's own error. Replacement: TableName, KeySchema, LocalSecondaryIndexes,
// ImportSourceSpecification. In place: BillingMode and ProvisionedThroughput (UpdateTable),
// GlobalSecondaryIndexes, StreamSpecification, TimeToLiveSpecification, Tags.
// Accepted without effect (documented): SSESpecification (Freshet's storage is not
// KMS-encrypted), PointInTimeRecoverySpecification (no restore), ContributorInsights.
// Refused: DeletionProtectionEnabled true, KinesisStreamSpecification, ImportSourceSpecification,
// ResourcePolicy.
// Ref is the table name; GetAtt Arn, and StreamArn when the table has a stream.
#include <boost/json.hpp>

#include "stacks/resources/factories.h"
#include "stacks/resources/properties.h"
#include "stacks/resources/service_common.h"

namespace freshet::stacks {

namespace {

namespace json = boost::json;

// ProvisionedThroughput with its numbers coerced ("5" -> 5).
json::value throughput(const json::value& v) {
    if (!v.is_object()) return v;
    json::object out = v.get_object();
    for (auto key : {"ReadCapacityUnits", "WriteCapacityUnits"})
        svc::copy_int(v.get_object(), out, key);
    return out;
}

json::value indexes(const json::value& v) {
    if (!v.is_array()) return v;
    json::array out;
    for (const json::value& ix : v.get_array()) {
        if (ix.is_object() && ix.get_object().contains("ProvisionedThroughput")) {
            json::object o = ix.get_object();
            o["ProvisionedThroughput"] = throughput(o["ProvisionedThroughput"]);
            out.push_back(std::move(o));
        } else {
            out.push_back(ix);
        }
    }
    return out;
}

// CloudFormation's StreamSpecification ({StreamViewType}) as the API's.
json::object stream_spec(const json::object& p) {
    const json::value* s = p.if_contains("StreamSpecification");
    if (!s || !s->is_object()) return {{"StreamEnabled", false}};
    return {{"StreamEnabled", true},
            {"StreamViewType", svc::string_of(s->get_object(), "StreamViewType")}};
}

Result<json::object> describe(const ResourceContext& ctx, const std::string& name) {
    FRESHET_TRY(out, svc::call_service(ctx, "dynamodb", "DescribeTable", {{"TableName", name}}));
    return out.as_object().at("Table").as_object();
}

Result<void> wait_active(const ResourceContext& ctx, const std::string& name) {
    return svc::wait_until(ctx, "Table " + name, [&]() -> Result<bool> {
        FRESHET_TRY(t, describe(ctx, name));
        return t.at("TableStatus").as_string() == "ACTIVE";
    });
}

Result<ResourceState> state_of(const ResourceContext& ctx, const std::string& name) {
    FRESHET_TRY(t, describe(ctx, name));
    ResourceState st;
    st.physical_id = name;
    st.attributes["Arn"] = t.at("TableArn");
    if (const json::value* s = t.if_contains("LatestStreamArn"); s && s->is_string())
        st.attributes["StreamArn"] = *s;
    return st;
}

Result<void> check_unsupported(const ResourceContext& ctx, const json::object& p) {
    FRESHET_CHECK(svc::refuse(
        ctx, p, {"KinesisStreamSpecification", "ImportSourceSpecification", "ResourcePolicy"}));
    FRESHET_TRY(protect, get_bool(ctx, p, "DeletionProtectionEnabled"));
    if (protect.value_or(false)) {
        return property_error(ctx.logical_id,
                              "#/DeletionProtectionEnabled: deletion protection is not supported "
                              "by Freshet");
    }
    return Ok{};
}

// TimeToLiveSpecification as {AttributeName, Enabled}; Enabled false when absent.
Result<json::object> ttl_of(const ResourceContext& ctx, const json::object& p) {
    json::object spec{{"AttributeName", ""}, {"Enabled", false}};
    const json::value* ttl = p.if_contains("TimeToLiveSpecification");
    if (!ttl || !ttl->is_object()) return spec;
    spec["AttributeName"] = svc::string_of(ttl->get_object(), "AttributeName");
    FRESHET_TRY(on, get_bool(ctx, ttl->get_object(), "Enabled"));
    spec["Enabled"] = on.value_or(false);
    return spec;
}

// UpdateTimeToLive when TTL is turned on, moved to another attribute, or turned off (naming
// the attribute it was on); nothing when it stays off.
Result<void> set_ttl(const ResourceContext& ctx, const std::string& name,
                     const json::object& before, const json::object& after) {
    FRESHET_TRY(old_spec, ttl_of(ctx, before));
    FRESHET_TRY(new_spec, ttl_of(ctx, after));
    if (old_spec == new_spec || (!old_spec["Enabled"].as_bool() && !new_spec["Enabled"].as_bool()))
        return Ok{};
    json::object spec = new_spec["Enabled"].as_bool() ? new_spec : old_spec;
    spec["Enabled"] = new_spec["Enabled"];
    FRESHET_CHECK(svc::call_service(ctx, "dynamodb", "UpdateTimeToLive",
                                    {{"TableName", name}, {"TimeToLiveSpecification", spec}}));
    return Ok{};
}

Result<void> set_tags(const ResourceContext& ctx, const std::string& arn,
                      const json::object& before, const json::object& after) {
    svc::TagChanges c = svc::tag_changes(before, after);
    if (!c.removed.empty()) {
        json::array keys;
        for (const auto& k : c.removed) keys.emplace_back(k);
        FRESHET_CHECK(svc::call_service(ctx, "dynamodb", "UntagResource",
                                        {{"ResourceArn", arn}, {"TagKeys", std::move(keys)}}));
    }
    if (!c.set.empty()) {
        FRESHET_CHECK(svc::call_service(ctx, "dynamodb", "TagResource",
                                        {{"ResourceArn", arn}, {"Tags", svc::tag_list(c.set)}}));
    }
    return Ok{};
}

// UpdateTable's GlobalSecondaryIndexUpdates from the old and new index lists.
json::array index_updates(const json::object& before, const json::object& after) {
    auto by_name = [](const json::object& p) {
        json::object m;
        if (const json::value* v = p.if_contains("GlobalSecondaryIndexes"); v && v->is_array())
            for (const json::value& ix : v->get_array())
                if (ix.is_object()) m[svc::string_of(ix.get_object(), "IndexName")] = ix;
        return m;
    };
    json::object old_ix = by_name(before), new_ix = by_name(after);
    json::array updates;
    for (const auto& [name, ix] : old_ix)
        if (!new_ix.contains(name))
            updates.push_back(json::object{{"Delete", json::object{{"IndexName", name}}}});
    for (const auto& [name, ix] : new_ix) {
        const json::value* old = old_ix.if_contains(name);
        if (!old) {
            json::array one = indexes(json::array{ix}).as_array();
            updates.push_back(json::object{{"Create", one[0]}});
        } else if (*old != ix && ix.as_object().contains("ProvisionedThroughput")) {
            json::object update{
                {"IndexName", name},
                {"ProvisionedThroughput", throughput(ix.as_object().at("ProvisionedThroughput"))}};
            updates.push_back(json::object{{"Update", std::move(update)}});
        }
    }
    return updates;
}

class DynamoDbTable final : public Provider {
  public:
    std::vector<std::string> attributes() const override { return {"Arn", "StreamArn"}; }

    bool needs_replacement(const json::object& before, const json::object& after) const override {
        return changed(
            before, after,
            {"TableName", "KeySchema", "LocalSecondaryIndexes", "ImportSourceSpecification"});
    }

    Result<ResourceState> create(const ResourceContext& ctx, const json::object& p) override {
        FRESHET_CHECK(check_unsupported(ctx, p));
        FRESHET_TRY(name_prop, get_string(ctx, p, "TableName"));
        FRESHET_TRY(tags, tags_as_map(ctx, p));
        std::string name = name_prop ? *name_prop : physical_name(ctx, 255, true);
        json::object in{{"TableName", name}};
        for (auto key :
             {"AttributeDefinitions", "KeySchema", "BillingMode", "SSESpecification", "TableClass"})
            svc::copy_value(p, in, key);
        if (p.contains("ProvisionedThroughput"))
            in["ProvisionedThroughput"] = throughput(p.at("ProvisionedThroughput"));
        for (auto key : {"GlobalSecondaryIndexes", "LocalSecondaryIndexes"})
            if (p.contains(key)) in[key] = indexes(p.at(key));
        if (p.contains("StreamSpecification")) in["StreamSpecification"] = stream_spec(p);
        if (!tags.empty()) in["Tags"] = svc::tag_list(tags);
        if (!name_prop) reserve_physical_id(ctx, name);
        FRESHET_CHECK(svc::call_service(ctx, "dynamodb", "CreateTable", std::move(in)));
        claim_physical_id(ctx, name);
        FRESHET_CHECK(wait_active(ctx, name));
        FRESHET_CHECK(set_ttl(ctx, name, json::object{}, p));
        return state_of(ctx, name);
    }

    Result<ResourceState> update(const ResourceContext& ctx, const ResourceState& current,
                                 const json::object& before, const json::object& after) override {
        FRESHET_CHECK(check_unsupported(ctx, after));
        const std::string& name = current.physical_id;
        if (changed(before, after, {"BillingMode", "ProvisionedThroughput"})) {
            json::object in{{"TableName", name}};
            std::string mode = svc::string_of(after, "BillingMode");
            in["BillingMode"] = mode.empty() ? "PROVISIONED" : mode;
            if (after.contains("ProvisionedThroughput") && mode != "PAY_PER_REQUEST")
                in["ProvisionedThroughput"] = throughput(after.at("ProvisionedThroughput"));
            FRESHET_CHECK(svc::call_service(ctx, "dynamodb", "UpdateTable", std::move(in)));
            FRESHET_CHECK(wait_active(ctx, name));
        }
        if (changed(before, after, {"GlobalSecondaryIndexes"})) {
            json::object in{{"TableName", name},
                            {"GlobalSecondaryIndexUpdates", index_updates(before, after)}};
            svc::copy_value(after, in, "AttributeDefinitions");
            FRESHET_CHECK(svc::call_service(ctx, "dynamodb", "UpdateTable", std::move(in)));
            FRESHET_CHECK(wait_active(ctx, name));
        }
        if (changed(before, after, {"StreamSpecification"})) {
            FRESHET_CHECK(svc::call_service(
                ctx, "dynamodb", "UpdateTable",
                {{"TableName", name}, {"StreamSpecification", stream_spec(after)}}));
            FRESHET_CHECK(wait_active(ctx, name));
        }
        if (changed(before, after, {"TimeToLiveSpecification"}))
            FRESHET_CHECK(set_ttl(ctx, name, before, after));
        FRESHET_TRY(old_tags, tags_as_map(ctx, before));
        FRESHET_TRY(new_tags, tags_as_map(ctx, after));
        FRESHET_TRY(st, state_of(ctx, name));
        FRESHET_CHECK(
            set_tags(ctx, std::string(st.attributes.at("Arn").as_string()), old_tags, new_tags));
        return st;
    }

    Result<void> remove(const ResourceContext& ctx, const ResourceState& current,
                        const json::object&) override {
        const std::string& name = current.physical_id;
        return svc::delete_and_wait(ctx, "dynamodb", "DeleteTable", {{"TableName", name}},
                                    "table " + name, [&] { return describe(ctx, name); });
    }
};

}  // namespace

std::unique_ptr<Provider> make_dynamodb_table_provider() {
    return std::make_unique<DynamoDbTable>();
}

}  // namespace freshet::stacks
