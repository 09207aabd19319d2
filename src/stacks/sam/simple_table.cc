// AWS::Serverless::SimpleTable (sam_resources.py SamSimpleTable): a DynamoDB table with a
// single hash key, on-demand unless ProvisionedThroughput is given. SAM accepts exactly
// PrimaryKey, ProvisionedThroughput, TableName, Tags and SSESpecification; anything else (for
// example PointInTimeRecoverySpecification) is SAM's "property ... not defined" error.
#include "stacks/sam/internal.h"

namespace freshet::stacks::sam {

namespace {

bool map_of_strings(const json::value& v) {
    if (!v.is_object()) return false;
    for (const auto& kv : v.get_object())
        if (!kv.value().is_string()) return false;
    return true;
}

bool map_of_int_or_map(const json::value& v) {
    if (!v.is_object()) return false;
    for (const auto& kv : v.get_object())
        if (!kv.value().is_int64() && !kv.value().is_uint64() && !kv.value().is_object())
            return false;
    return true;
}

bool str_or_map(const json::value& v) {
    return v.is_string() || v.is_object();
}

const std::vector<PropertySpec>& table_specs() {
    static const std::vector<PropertySpec> s = {
        {"PrimaryKey", Check::Other, map_of_strings},
        {"ProvisionedThroughput", Check::Other, map_of_int_or_map},
        {"TableName", Check::Other, str_or_map},
        {"Tags", Check::Map},
        {"SSESpecification", Check::Map},
    };
    return s;
}

Result<json::object> primary_key(const std::string& id, const json::object& props) {
    const json::value* pk = get(props, "PrimaryKey");
    if (!pk || pk->get_object().empty())
        return json::object{{"AttributeName", "id"}, {"AttributeType", "S"}};
    const json::value* name = get(pk->get_object(), "Name");
    if (!name) return invalid_resource(id, "Property 'PrimaryKey.Name' is required.");
    const json::value* type = get(pk->get_object(), "Type");
    if (!type) return invalid_resource(id, "Property 'PrimaryKey.Type' is required.");
    std::string_view t = type->is_string() ? std::string_view(type->get_string()) : "";
    std::string code = t == "String" ? "S" : t == "Number" ? "N" : t == "Binary" ? "B" : "";
    if (code.empty()) return invalid_resource(id, "Invalid 'Type' \"" + std::string(t) + "\".");
    return json::object{{"AttributeName", *name}, {"AttributeType", code}};
}

}  // namespace

Result<Generated> translate_simple_table(const std::string& id, const json::object& resource) {
    json::object props;
    if (const json::value* p = resource.if_contains("Properties")) {
        if (!p->is_object())
            return invalid_resource(id, "Properties of a resource must be an object.");
        props = p->get_object();
    }
    FRESHET_CHECK(check_properties(id, "AWS::Serverless::SimpleTable", props, table_specs()));
    FRESHET_TRY(key, primary_key(id, props));

    json::object t;
    t["AttributeDefinitions"] = json::array{key};
    t["KeySchema"] =
        json::array{json::object{{"AttributeName", key.at("AttributeName")}, {"KeyType", "HASH"}}};
    const json::value* throughput = get(props, "ProvisionedThroughput");
    if (throughput && !(throughput->is_object() && throughput->get_object().empty()))
        t["ProvisionedThroughput"] = *throughput;
    else
        t["BillingMode"] = "PAY_PER_REQUEST";
    if (const json::value* sse = get(props, "SSESpecification");
        sse && !(sse->is_object() && sse->get_object().empty()))
        t["SSESpecification"] = *sse;
    if (const json::value* name = get(props, "TableName");
        name && !(name->is_string() && name->get_string().empty()))
        t["TableName"] = *name;
    if (const json::value* tags = get(props, "Tags");
        tags && tags->is_object() && !tags->get_object().empty())
        t["Tags"] = tag_list(tags->get_object());
    Generated out;
    out.emplace_back(
        id, make_resource("AWS::DynamoDB::Table", main_attributes(resource), std::move(t)));
    return out;
}

}  // namespace freshet::stacks::sam
