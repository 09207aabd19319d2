// AWS::Lambda::EventSourceMapping: CreateEventSourceMapping with every setting Freshet's
// mappings support (Kinesis sources), then waits until the mapping is Enabled or Disabled.
// Replacement, as CloudFormation documents: EventSourceArn, StartingPosition,
// StartingPositionTimestamp (and the source kinds Freshet refuses anyway). In place, through
// UpdateEventSourceMapping: FunctionName, Enabled and the batching, retry and filter
// settings; a removed setting goes back to Lambda's default. Ref is the UUID; GetAtt Id (the
// UUID) and EventSourceMappingArn. Tags are accepted and not kept (mappings have none here).
// Refused: Queues, Topics, SourceAccessConfigurations, SelfManagedEventSource, the Kafka and
// DocumentDB configurations, ScalingConfig, KmsKeyArn, MetricsConfig, ProvisionedPollerConfig.
#include <boost/json.hpp>
#include <cstdlib>

#include "stacks/resources/factories.h"
#include "stacks/resources/properties.h"
#include "stacks/resources/service_common.h"

namespace freshet::stacks {

namespace {

namespace json = boost::json;

// The settings Update may change and Lambda's value for each when it is not set.
const std::vector<std::pair<std::string_view, json::value>>& setting_defaults() {
    static const std::vector<std::pair<std::string_view, json::value>> d = {
        {"BatchSize", 100},
        {"MaximumBatchingWindowInSeconds", 0},
        {"ParallelizationFactor", 1},
        {"MaximumRecordAgeInSeconds", -1},
        {"MaximumRetryAttempts", -1},
        {"TumblingWindowInSeconds", 0},
        {"BisectBatchOnFunctionError", false},
        {"Enabled", true},
        {"FunctionResponseTypes", json::array{}},
        {"DestinationConfig", json::object{{"OnFailure", json::object{}}}},
        {"FilterCriteria", json::object{{"Filters", json::array{}}}},
    };
    return d;
}

bool is_int_setting(std::string_view k) {
    return k != "BisectBatchOnFunctionError" && k != "Enabled" && k != "FunctionResponseTypes" &&
           k != "DestinationConfig" && k != "FilterCriteria";
}

json::object settings_of(const json::object& p) {
    json::object in;
    for (const auto& [key, def] : setting_defaults()) {
        if (key == "BisectBatchOnFunctionError" || key == "Enabled")
            svc::copy_bool(p, in, key);
        else if (is_int_setting(key))
            svc::copy_int(p, in, key);
        else
            svc::copy_value(p, in, key);
    }
    return in;
}

Result<json::object> get_mapping(const ResourceContext& ctx, const std::string& uuid) {
    FRESHET_TRY(out, svc::call_service(ctx, "lambda", "GetEventSourceMapping", {{"UUID", uuid}}));
    return std::move(out.as_object());
}

Result<void> wait_settled(const ResourceContext& ctx, const std::string& uuid) {
    return svc::wait_until(ctx, "Event source mapping " + uuid, [&]() -> Result<bool> {
        FRESHET_TRY(m, get_mapping(ctx, uuid));
        std::string state = svc::string_of(m, "State");
        return state == "Enabled" || state == "Disabled";
    });
}

ResourceState state_of(const json::object& m) {
    ResourceState st;
    st.physical_id = svc::string_of(m, "UUID");
    st.attributes["Id"] = st.physical_id;
    if (m.contains("EventSourceMappingArn"))
        st.attributes["EventSourceMappingArn"] = m.at("EventSourceMappingArn");
    return st;
}

class LambdaEventSourceMapping final : public Provider {
  public:
    std::vector<std::string> attributes() const override { return {"Id", "EventSourceMappingArn"}; }

    bool needs_replacement(const json::object& before, const json::object& after) const override {
        return changed(
            before, after,
            {"EventSourceArn", "StartingPosition", "StartingPositionTimestamp",
             "SelfManagedEventSource", "Queues", "Topics", "AmazonManagedKafkaEventSourceConfig",
             "SelfManagedKafkaEventSourceConfig"});
    }

    Result<ResourceState> create(const ResourceContext& ctx, const json::object& p) override {
        FRESHET_CHECK(
            svc::refuse(ctx, p,
                        {"Queues", "Topics", "SourceAccessConfigurations", "SelfManagedEventSource",
                         "AmazonManagedKafkaEventSourceConfig", "SelfManagedKafkaEventSourceConfig",
                         "DocumentDBEventSourceConfig", "ScalingConfig", "KmsKeyArn",
                         "MetricsConfig", "ProvisionedPollerConfig"}));
        FRESHET_TRY(function, require_string(ctx, p, "FunctionName"));
        json::object in = settings_of(p);
        in["FunctionName"] = function;
        svc::copy_value(p, in, "EventSourceArn");
        svc::copy_value(p, in, "StartingPosition");
        if (const json::value* t = p.if_contains("StartingPositionTimestamp"); t && !t->is_null())
            in["StartingPositionTimestamp"] =
                t->is_string() ? json::value(std::strtod(t->get_string().c_str(), nullptr)) : *t;
        FRESHET_TRY(created,
                    svc::call_service(ctx, "lambda", "CreateEventSourceMapping", std::move(in)));
        std::string uuid = svc::string_of(created.as_object(), "UUID");
        FRESHET_CHECK(wait_settled(ctx, uuid));
        FRESHET_TRY(m, get_mapping(ctx, uuid));
        return state_of(m);
    }

    Result<ResourceState> update(const ResourceContext& ctx, const ResourceState& current,
                                 const json::object& before, const json::object& after) override {
        json::object in = settings_of(after);
        for (const auto& [key, value] : setting_defaults())
            if (!in.contains(key)) in[key] = value;
        in["UUID"] = current.physical_id;
        if (changed(before, after, {"FunctionName"})) {
            FRESHET_TRY(function, require_string(ctx, after, "FunctionName"));
            in["FunctionName"] = function;
        }
        FRESHET_CHECK(svc::call_service(ctx, "lambda", "UpdateEventSourceMapping", std::move(in)));
        FRESHET_CHECK(wait_settled(ctx, current.physical_id));
        FRESHET_TRY(m, get_mapping(ctx, current.physical_id));
        return state_of(m);
    }

    Result<void> remove(const ResourceContext& ctx, const ResourceState& current,
                        const json::object&) override {
        const std::string& uuid = current.physical_id;
        // Lambda answers "Deleting" and removes the mapping once its poller has stopped.
        return svc::delete_and_wait(ctx, "lambda", "DeleteEventSourceMapping", {{"UUID", uuid}},
                                    "event source mapping " + uuid,
                                    [&] { return get_mapping(ctx, uuid); });
    }
};

}  // namespace

std::unique_ptr<Provider> make_lambda_event_source_mapping_provider() {
    return std::make_unique<LambdaEventSourceMapping>();
}

}  // namespace freshet::stacks
