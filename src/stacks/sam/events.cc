// Function event sources (samtranslator/model/eventsources/pull.py). Kinesis and DynamoDB
// become AWS::Lambda::EventSourceMapping <Function><Event>; every other SAM event type is
// refused by name, never skipped.
#include <algorithm>

#include "stacks/sam/internal.h"

namespace freshet::stacks::sam {

namespace {

// Every event type SAM's function accepts; the ones Freshet does not translate are refused
// with a message that names them.
constexpr std::string_view kSamEventTypes[] = {"S3",
                                               "SNS",
                                               "Kinesis",
                                               "DynamoDB",
                                               "SQS",
                                               "MSK",
                                               "MQ",
                                               "SelfManagedKafka",
                                               "DocumentDB",
                                               "Api",
                                               "HttpApi",
                                               "Schedule",
                                               "ScheduleV2",
                                               "CloudWatchEvent",
                                               "EventBridgeRule",
                                               "CloudWatchLogs",
                                               "IoTRule",
                                               "AlexaSkill",
                                               "Cognito"};

bool is_int(const json::value& v) {
    return v.is_int64() || v.is_uint64();
}

// PullEventSource's properties with Stream and StartingPosition required (Kinesis, DynamoDB),
// in SAM's validation order.
const std::vector<PropertySpec>& pull_specs() {
    static const std::vector<PropertySpec> s = {
        {"BatchSize", Check::Other, is_int},
        {"StartingPosition", Check::Any},
        {"StartingPositionTimestamp", Check::Any},
        {"Enabled", Check::Bool},
        {"MaximumBatchingWindowInSeconds", Check::Other, is_int},
        {"MaximumRetryAttempts", Check::Other, is_int},
        {"BisectBatchOnFunctionError", Check::Bool},
        {"MaximumRecordAgeInSeconds", Check::Other, is_int},
        {"DestinationConfig", Check::Map},
        {"ParallelizationFactor", Check::Other, is_int},
        {"Topics", Check::Other, [](const json::value& v) { return v.is_array(); }},
        {"Queues", Check::Other, [](const json::value& v) { return v.is_array(); }},
        {"SourceAccessConfigurations", Check::Other,
         [](const json::value& v) { return v.is_array(); }},
        {"SecretsManagerKmsKeyId", Check::String},
        {"TumblingWindowInSeconds", Check::Other, is_int},
        {"FunctionResponseTypes", Check::Other, [](const json::value& v) { return v.is_array(); }},
        {"KafkaBootstrapServers", Check::Other, [](const json::value& v) { return v.is_array(); }},
        {"FilterCriteria", Check::Map},
        {"ConsumerGroupId", Check::String},
        {"ScalingConfig", Check::Map},
        {"Stream", Check::Any},
    };
    return s;
}

Result<PullEvent> parse_event(const std::string& id, const std::string& name,
                              const json::value& event) {
    const json::value* type = event.is_object() ? get(event.get_object(), "Type") : nullptr;
    std::string type_name = type && type->is_string() ? std::string(type->get_string()) : "None";
    bool known = type && type->is_string() &&
                 std::find(std::begin(kSamEventTypes), std::end(kSamEventTypes), type_name) !=
                     std::end(kSamEventTypes);
    if (!known)
        return invalid_resource(
            id, invalid_event(name,
                              "Resource dict has missing or invalid value for key Type. "
                              "Event Type is: " +
                                  type_name + "."));
    if (type_name != "Kinesis" && type_name != "DynamoDB")
        return invalid_resource(
            id, invalid_event(name, not_supported("Event type '" + type_name + "'") +
                                        " Supported event types: Kinesis, DynamoDB."));
    const std::string event_id = id + name;
    const json::value* props = event.get_object().if_contains("Properties");
    if (props && !props->is_object())
        return invalid_resource(event_id, "Properties of a resource must be an object.");
    PullEvent out{name, type_name, props ? props->get_object() : json::object{}};
    FRESHET_CHECK(check_properties(event_id, type_name, out.properties, pull_specs()));
    for (const char* required : {"StartingPosition", "Stream"})
        if (!get(out.properties, required))
            return invalid_resource(event_id,
                                    "Missing required property '" + std::string(required) + "'.");
    return out;
}

// FilterCriteria holds nothing but Filters (or nothing).
Result<void> check_filter_criteria(const std::string& id, const PullEvent& e) {
    const json::value* f = get(e.properties, "FilterCriteria");
    if (!f || is_intrinsic(*f) || f->get_object().empty()) return {};
    if (f->get_object().size() == 1 && f->get_object().contains("Filters")) return {};
    return invalid_resource(id, invalid_event(e.name, "FilterCriteria field has a wrong format"));
}

// DestinationConfig.OnFailure.Type (SQS | SNS) is SAM's: removed from the mapping and turned
// into a policy on the generated role.
Result<std::optional<json::object>> destination_policy(const std::string& id,
                                                       const std::string& event_id,
                                                       json::object& destination) {
    json::value* on_failure = destination.if_contains("OnFailure");
    if (!on_failure || !on_failure->is_object())
        return invalid_resource(
            id, invalid_event(event_id, "Property 'DestinationConfig.OnFailure' should be a map."));
    json::object& of = on_failure->get_object();
    const json::value* type = get(of, "Type");
    if (!type || (type->is_string() && type->get_string().empty()))
        return std::optional<json::object>();
    json::value kind = *type;
    of.erase("Type");
    if (kind != "SQS" && kind != "SNS")
        return invalid_resource(
            id, invalid_event(event_id, "The only valid values for 'Type' are 'SQS' and 'SNS'"));
    json::value target = of.contains("Destination") ? of.at("Destination") : json::value();
    bool sqs = kind == "SQS";
    json::object statement{{"Action", sqs ? "sqs:SendMessage" : "sns:publish"},
                           {"Effect", "Allow"},
                           {"Resource", target}};
    json::object policy{
        {"PolicyName", event_id + (sqs ? "SQSPolicy" : "SNSPolicy")},
        {"PolicyDocument", json::object{{"Statement", json::array{std::move(statement)}}}}};
    return std::optional<json::object>(std::move(policy));
}

void link_role(json::object& role, const std::string& policy_arn,
               const std::optional<json::object>& policy) {
    json::object& p = role.at("Properties").get_object();
    json::array& managed = p["ManagedPolicyArns"].as_array();
    if (std::find(managed.begin(), managed.end(), json::value(policy_arn)) == managed.end())
        managed.push_back(json::value(policy_arn));
    if (!policy) return;
    if (!p.contains("Policies")) p["Policies"] = json::array{};
    json::array& docs = p["Policies"].as_array();
    for (const auto& d : docs)
        if (d.is_object() && d.get_object().if_contains("PolicyDocument") &&
            d.get_object().at("PolicyDocument") == policy->at("PolicyDocument"))
            return;
    docs.push_back(*policy);
}

}  // namespace

Result<std::vector<PullEvent>> parse_events(const std::string& id, const json::object& props) {
    std::vector<PullEvent> out;
    const json::value* events = get(props, "Events");
    if (!events) return out;
    for (const auto& kv : events->get_object()) {
        FRESHET_TRY(e, parse_event(id, std::string(kv.key()), kv.value()));
        out.push_back(std::move(e));
    }
    // SAM generates event resources sorted by event id (pull events have no Path).
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
    return out;
}

Result<Generated> event_mappings(const std::string& id, const std::vector<PullEvent>& events,
                                 const json::value& function_ref, const json::object& attributes,
                                 json::object* role, std::string_view partition) {
    static const char* kCopied[] = {"StartingPosition",
                                    "StartingPositionTimestamp",
                                    "BatchSize",
                                    "Enabled",
                                    "MaximumBatchingWindowInSeconds",
                                    "MaximumRetryAttempts",
                                    "BisectBatchOnFunctionError",
                                    "MaximumRecordAgeInSeconds",
                                    "ParallelizationFactor",
                                    "Topics",
                                    "Queues",
                                    "SourceAccessConfigurations",
                                    "TumblingWindowInSeconds",
                                    "FunctionResponseTypes",
                                    "FilterCriteria",
                                    "ScalingConfig"};
    Generated out;
    for (const auto& e : events) {
        const std::string event_id = id + e.name;
        FRESHET_CHECK(check_filter_criteria(id, e));
        if (get(e.properties, "ConsumerGroupId"))
            return invalid_resource(
                id, invalid_event(event_id,
                                  "Property ConsumerGroupId not defined for resource "
                                  "of type " +
                                      e.type + "."));
        json::object p{{"FunctionName", function_ref},
                       {"EventSourceArn", e.properties.at("Stream")}};
        for (const char* key : kCopied)
            if (const json::value* v = get(e.properties, key)) p[key] = *v;
        if (const json::value* servers = get(e.properties, "KafkaBootstrapServers"))
            p["SelfManagedEventSource"] =
                json::object{{"Endpoints", json::object{{"KafkaBootstrapServers", *servers}}}};
        std::optional<json::object> policy;
        if (const json::value* d = get(e.properties, "DestinationConfig");
            d && !d->get_object().empty()) {
            json::object destination = d->get_object();
            FRESHET_TRY(pol, destination_policy(id, event_id, destination));
            policy = std::move(pol);
            p["DestinationConfig"] = std::move(destination);
        }
        if (role) {
            std::string name = e.type == "Kinesis" ? "AWSLambdaKinesisExecutionRole"
                                                   : "AWSLambdaDynamoDBExecutionRole";
            link_role(*role, *aws_managed_policy_arn(name, partition), policy);
        }
        out.emplace_back(
            event_id, make_resource("AWS::Lambda::EventSourceMapping", attributes, std::move(p)));
    }
    return out;
}

}  // namespace freshet::stacks::sam
