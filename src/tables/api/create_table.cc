// CreateTable: validates the key schema as DynamoDB does, then creates the table in one write
// (id allocation and metadata together). The table is ACTIVE at once.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <boost/json.hpp>

#include "core/ids.h"
#include "storage/key_codec.h"
#include "tables/api/common.h"
#include "tables/api/index_schema.h"
#include "tables/api/stream_spec.h"
#include "tables/errors.h"

namespace freshet::tables {

namespace {

constexpr std::string_view kInvalid = "One or more parameter values were invalid: ";

Result<void> check_billing(const m::CreateTableInput& in) {
    if (in.BillingMode.value_or("PROVISIONED") == "PAY_PER_REQUEST") {
        if (in.ProvisionedThroughput) {
            return validation_error(std::string(kInvalid) +
                                    "Neither ReadCapacityUnits nor WriteCapacityUnits can be "
                                    "specified when BillingMode is PAY_PER_REQUEST");
        }
        return Ok{};
    }
    const auto& pt = in.ProvisionedThroughput;
    if (!pt || pt->ReadCapacityUnits == 0 || pt->WriteCapacityUnits == 0) {
        return validation_error(std::string(kInvalid) +
                                "ReadCapacityUnits and WriteCapacityUnits must both be specified "
                                "when BillingMode is PROVISIONED");
    }
    constexpr int64_t kMax = 1'000'000'000'000;
    if (pt->ReadCapacityUnits > kMax) {
        return validation_error("Given value " + std::to_string(pt->ReadCapacityUnits) +
                                " for ReadCapacityUnits is out of bounds");
    }
    if (pt->WriteCapacityUnits > kMax) {
        return validation_error("Given value " + std::to_string(pt->WriteCapacityUnits) +
                                " for WriteCapacityUnits is out of bounds");
    }
    return Ok{};
}

Result<void> check_keys(const m::CreateTableInput& in) {
    std::vector<std::string> defs, keys;
    for (const auto& d : *in.AttributeDefinitions) defs.push_back(d.AttributeName);
    for (const auto& k : *in.KeySchema) keys.push_back(k.AttributeName);
    auto join = [](const std::vector<std::string>& v) {
        std::string s;
        for (const auto& x : v) s += (s.empty() ? "" : ", ") + x;
        return s;
    };
    if (keys.size() > defs.size()) {
        return validation_error("Invalid KeySchema: Some index key attribute have no definition");
    }
    for (const auto& k : keys) {
        if (std::find(defs.begin(), defs.end(), k) == defs.end()) {
            return validation_error(std::string(kInvalid) +
                                    "Some index key attributes are not defined in "
                                    "AttributeDefinitions. Keys: [" +
                                    join(keys) + "], AttributeDefinitions: [" + join(defs) + "]");
        }
    }
    if (keys.size() == 2 && keys[0] == keys[1]) {
        return validation_error(
            "Both the Hash Key and the Range Key element in the KeySchema have the same name");
    }
    if ((*in.KeySchema)[0].KeyType != "HASH") {
        return validation_error(
            "Invalid KeySchema: The first KeySchemaElement is not a HASH key type");
    }
    if (in.KeySchema->size() == 2 && (*in.KeySchema)[1].KeyType != "RANGE") {
        return validation_error(
            "Invalid KeySchema: The second KeySchemaElement is not a RANGE key type");
    }
    if (!in.LocalSecondaryIndexes && !in.GlobalSecondaryIndexes && keys.size() != defs.size()) {
        return validation_error(std::string(kInvalid) +
                                "Number of attributes in KeySchema does not exactly match number "
                                "of attributes defined in AttributeDefinitions");
    }
    return Ok{};
}

// The newest models made both optional (on-demand warm throughput came with the change), but
// a table still needs them: the answer is the one AWS gave when the model required them.
Result<void> check_required(const m::CreateTableInput& in) {
    std::vector<std::string> errors;
    for (auto [present, name] :
         {std::pair{in.AttributeDefinitions.has_value(), "attributeDefinitions"},
          std::pair{in.KeySchema.has_value(), "keySchema"}}) {
        if (!present) {
            errors.push_back(fmt::format(
                "Value null at '{}' failed to satisfy constraint: Member must not be null", name));
        }
    }
    if (errors.empty()) return Ok{};
    return validation_error(fmt::format("{} validation error{} detected: {}", errors.size(),
                                        errors.size() == 1 ? "" : "s", fmt::join(errors, "; ")));
}

Result<TableMeta> plan(const RequestContext& ctx, const m::CreateTableInput& in) {
    FRESHET_CHECK(check_required(in));
    FRESHET_CHECK(check_billing(in));
    FRESHET_CHECK(check_keys(in));
    FRESHET_TRY(indexes, plan_indexes(in));
    TableMeta t;
    t.indexes = std::move(indexes);
    t.name = in.TableName;
    t.arn = table_arn(ctx, in.TableName);
    t.uuid = ids::uuid4();
    for (const auto& d : *in.AttributeDefinitions) {
        t.attribute_definitions.emplace_back(d.AttributeName, d.AttributeType);
    }
    auto key_def = [&](const std::string& name) {
        KeyDef k{name, Type::S};
        for (const auto& d : *in.AttributeDefinitions) {
            if (d.AttributeName == name) type_from_name(d.AttributeType, k.type);
        }
        return k;
    };
    t.hash = key_def((*in.KeySchema)[0].AttributeName);
    if (in.KeySchema->size() == 2) t.range = key_def((*in.KeySchema)[1].AttributeName);
    t.billing_mode = in.BillingMode.value_or("PROVISIONED");
    if (in.ProvisionedThroughput) {
        t.read_capacity = in.ProvisionedThroughput->ReadCapacityUnits;
        t.write_capacity = in.ProvisionedThroughput->WriteCapacityUnits;
    }
    t.created = epoch_seconds(ctx.clock->now());
    t.billing_changed = t.created;
    FRESHET_CHECK(plan_stream(t, in.StreamSpecification, t.created));
    if (in.Tags) {
        for (const auto& tag : *in.Tags) t.tags.emplace_back(tag.Key, tag.Value);
    }
    return t;
}

}  // namespace

void create_table(TablesService& s, RequestContext& ctx, m::CreateTableInput in,
                  Reply<m::CreateTableOutput> reply) {
    auto planned = plan(ctx, in);
    if (!planned.ok()) return reply(std::move(planned).take_error());
    auto meta = std::make_shared<TableMeta>(std::move(planned).value());
    s.db().committer().submit(
        [meta](storage::Txn& txn) -> Result<void> {
            if (txn.get(storage::Cf::TableMeta, meta_key(meta->name))) {
                return dynamo_error("ResourceInUseException",
                                    "Table already exists: " + meta->name);
            }
            meta->id = allocate_id(txn);
            for (auto& i : meta->indexes) i.id = allocate_id(txn);
            assign_stream_ids(txn, *meta);
            txn.put(storage::Cf::TableMeta, meta_key(meta->name), encode_meta(*meta));
            return Ok{};
        },
        [&s, meta, reply = std::move(reply)](Result<void> r) {
            if (!r.ok()) return reply(std::move(r).take_error());
            m::CreateTableOutput out;
            out.TableDescription = describe(s, *meta, false);
            reply(std::move(out));
        });
}

}  // namespace freshet::tables
