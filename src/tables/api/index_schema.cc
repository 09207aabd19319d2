#include "tables/api/index_schema.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <set>

#include "storage/key_codec.h"
#include "tables/errors.h"
#include "tables/store/item_codec.h"

namespace freshet::tables {

namespace {

constexpr std::string_view kInvalid = "One or more parameter values were invalid: ";
constexpr size_t kMaxGlobal = 20;
constexpr size_t kMaxLocal = 5;
constexpr size_t kMaxProjected = 100;

ApiError invalid(const std::string& message) {
    return validation_error(std::string(kInvalid) + message);
}

// What CreateTable's two index lists and UpdateTable's Create have in common.
struct IndexInput {
    const std::string& name;
    const std::vector<m::KeySchemaElement>& keys;
    const m::Projection& projection;
    const std::optional<m::ProvisionedThroughput>& throughput;
    bool global;
};

const std::optional<m::ProvisionedThroughput> kNoThroughput;

IndexInput input_of(const m::GlobalSecondaryIndex& i) {
    return {i.IndexName, i.KeySchema, i.Projection, i.ProvisionedThroughput, true};
}
IndexInput input_of(const m::LocalSecondaryIndex& i) {
    return {i.IndexName, i.KeySchema, i.Projection, kNoThroughput, false};
}

std::vector<std::string> names_of(const std::vector<std::pair<std::string, std::string>>& defs) {
    std::vector<std::string> out;
    for (const auto& d : defs) out.push_back(d.first);
    return out;
}

// One index's key schema and projection, in DynamoDB's order of checks (as recorded by the
// CreateTable validation tests of test_tables_indexes.py).
Result<void> check_index(const IndexInput& in, const std::vector<std::string>& defs,
                         const std::string& table_hash) {
    std::vector<std::string> keys;
    for (const auto& k : in.keys) keys.push_back(k.AttributeName);
    for (const auto& k : keys) {
        if (std::find(defs.begin(), defs.end(), k) == defs.end()) {
            return invalid(fmt::format(
                "Some index key attributes are not defined in AttributeDefinitions. Keys: [{}], "
                "AttributeDefinitions: [{}]",
                fmt::join(keys, ", "), fmt::join(defs, ", ")));
        }
    }
    if (keys.size() == 2 && keys[0] == keys[1]) {
        return validation_error(
            "Both the Hash Key and the Range Key element in the KeySchema have the same name");
    }
    if (in.keys[0].KeyType != "HASH") {
        return validation_error(
            "Invalid KeySchema: The first KeySchemaElement is not a HASH key type");
    }
    if (in.keys.size() == 2 && in.keys[1].KeyType != "RANGE") {
        return validation_error(
            "Invalid KeySchema: The second KeySchemaElement is not a RANGE key type");
    }
    if (!in.global) {
        if (keys.size() != 2) {
            return invalid("Index KeySchema does not have a range key for index: " + in.name);
        }
        if (keys[0] != table_hash) {
            return invalid(
                "Index KeySchema does not have the same leading hash key as table KeySchema for "
                "index: " +
                in.name + ". index hash key: " + keys[0] + ", table hash key: " + table_hash);
        }
    }
    const auto& p = in.projection;
    if (!p.ProjectionType) return invalid("Unknown ProjectionType: null");
    if (p.NonKeyAttributes && *p.ProjectionType != "INCLUDE") {
        return invalid("ProjectionType is " + *p.ProjectionType +
                       ", but NonKeyAttributes is specified");
    }
    if (!p.NonKeyAttributes && *p.ProjectionType == "INCLUDE") {
        return invalid("ProjectionType is INCLUDE, but NonKeyAttributes is not specified");
    }
    if (p.NonKeyAttributes) {
        std::set<std::string> seen;
        for (const auto& a : *p.NonKeyAttributes) {
            if (!seen.insert(a).second)
                return invalid("Duplicate element in NonKeyAttributes: " + a);
        }
    }
    return Ok{};
}

IndexDef make_index(const IndexInput& in,
                    const std::vector<std::pair<std::string, std::string>>& defs) {
    auto key_def = [&](const std::string& name) {
        KeyDef k{name, Type::S};
        for (const auto& [n, type] : defs) {
            if (n == name) type_from_name(type, k.type);
        }
        return k;
    };
    IndexDef i;
    i.name = in.name;
    i.global = in.global;
    i.hash = key_def(in.keys[0].AttributeName);
    if (in.keys.size() == 2) i.range = key_def(in.keys[1].AttributeName);
    i.projection = in.projection.ProjectionType.value_or("ALL");
    if (in.projection.NonKeyAttributes) i.non_key_attributes = *in.projection.NonKeyAttributes;
    if (in.throughput) {
        i.read_capacity = in.throughput->ReadCapacityUnits;
        i.write_capacity = in.throughput->WriteCapacityUnits;
    }
    return i;
}

// GSIs of PROVISIONED tables need their own throughput; those of PAY_PER_REQUEST tables must not
// have one. (The PROVISIONED message is the one DynamoDB gives when UpdateTable switches a table
// with such indexes to PROVISIONED; we assume CreateTable words it the same way.)
Result<void> check_throughput(const std::vector<IndexInput>& indexes, bool pay_per_request) {
    std::vector<std::string> missing;
    for (const auto& i : indexes) {
        if (!i.global) continue;
        if (pay_per_request && i.throughput) {
            return invalid("ProvisionedThroughput should not be specified for index: " + i.name +
                           " when BillingMode is PAY_PER_REQUEST");
        }
        if (!pay_per_request && !i.throughput) missing.push_back(i.name);
    }
    if (!missing.empty()) {
        return invalid(fmt::format("ProvisionedThroughput must be specified for index: {}",
                                   fmt::join(missing, ",")));
    }
    return Ok{};
}

// Every attribute definition must be a key of the table or of an index.
Result<void> check_all_used(const m::CreateTableInput& in, const std::vector<IndexInput>& indexes) {
    std::vector<std::string> used;
    auto use = [&](const std::vector<m::KeySchemaElement>& keys) {
        for (const auto& k : keys) {
            if (std::find(used.begin(), used.end(), k.AttributeName) == used.end())
                used.push_back(k.AttributeName);
        }
    };
    use(*in.KeySchema);
    for (const auto& i : indexes) use(i.keys);
    std::vector<std::string> defs;
    for (const auto& d : *in.AttributeDefinitions) defs.push_back(d.AttributeName);
    for (const auto& d : defs) {
        if (std::find(used.begin(), used.end(), d) == used.end()) {
            return invalid(
                fmt::format("Some AttributeDefinitions are not used. AttributeDefinitions: [{}], "
                            "keys used: [{}]",
                            fmt::join(defs, ", "), fmt::join(used, ", ")));
        }
    }
    return Ok{};
}

template <class List>
Result<void> check_list(const List& list, std::string_view what,
                        const std::vector<std::string>& defs, const std::string& table_hash,
                        std::set<std::string>& names, std::vector<IndexInput>& out) {
    if (list.empty()) return invalid("List of " + std::string(what) + " is empty");
    for (const auto& i : list) {
        IndexInput in = input_of(i);
        FRESHET_CHECK(check_index(in, defs, table_hash));
        if (!names.insert(in.name).second) return invalid("Duplicate index name: " + in.name);
        out.push_back(in);
    }
    return Ok{};
}

}  // namespace

Result<std::vector<IndexDef>> plan_indexes(const m::CreateTableInput& in) {
    if (!in.LocalSecondaryIndexes && !in.GlobalSecondaryIndexes) return std::vector<IndexDef>{};
    std::vector<std::string> defs;
    for (const auto& d : *in.AttributeDefinitions) defs.push_back(d.AttributeName);
    const std::string& hash = (*in.KeySchema)[0].AttributeName;
    std::set<std::string> names;
    std::vector<IndexInput> inputs;
    if (in.LocalSecondaryIndexes) {
        if (!in.LocalSecondaryIndexes->empty() && in.KeySchema->size() != 2) {
            return invalid(
                "Table KeySchema does not have a range key, which is required when specifying a "
                "LocalSecondaryIndex");
        }
        FRESHET_CHECK(check_list(*in.LocalSecondaryIndexes, "LocalSecondaryIndexes", defs, hash,
                                 names, inputs));
        if (in.LocalSecondaryIndexes->size() > kMaxLocal) {
            return invalid("Number of LocalSecondaryIndexes exceeds per-table limit of 5");
        }
    }
    if (in.GlobalSecondaryIndexes) {
        FRESHET_CHECK(check_list(*in.GlobalSecondaryIndexes, "GlobalSecondaryIndexes", defs, hash,
                                 names, inputs));
        if (in.GlobalSecondaryIndexes->size() > kMaxGlobal) {
            return invalid("GlobalSecondaryIndex count exceeds the per-table limit of 20");
        }
    }
    FRESHET_CHECK(check_throughput(inputs, in.BillingMode.value_or("") == "PAY_PER_REQUEST"));
    size_t projected = 0;
    for (const auto& i : inputs) {
        if (i.projection.NonKeyAttributes) projected += i.projection.NonKeyAttributes->size();
    }
    // DynamoDB's limit; its exact message for it was not found, this one says what it is.
    if (projected > kMaxProjected) {
        return invalid(fmt::format(
            "Number of projected attributes in all indexes exceeds the limit of 100: {}",
            projected));
    }
    FRESHET_CHECK(check_all_used(in, inputs));
    std::vector<std::pair<std::string, std::string>> typed;
    for (const auto& d : *in.AttributeDefinitions)
        typed.emplace_back(d.AttributeName, d.AttributeType);
    std::vector<IndexDef> out;
    for (const auto& i : inputs) out.push_back(make_index(i, typed));
    return out;
}

Result<IndexDef> plan_created_index(const TableMeta& t,
                                    const m::CreateGlobalSecondaryIndexAction& a) {
    IndexInput in{a.IndexName, a.KeySchema, a.Projection, a.ProvisionedThroughput, true};
    if (t.find_index(a.IndexName)) {
        return validation_error("Attempting to create an index which already exists");
    }
    FRESHET_CHECK(check_index(in, names_of(t.attribute_definitions), t.hash.name));
    FRESHET_CHECK(check_throughput({in}, t.billing_mode == "PAY_PER_REQUEST"));
    size_t globals = 0,
           projected = in.projection.NonKeyAttributes ? in.projection.NonKeyAttributes->size() : 0;
    for (const auto& i : t.indexes) {
        globals += i.global ? 1 : 0;
        projected += i.non_key_attributes.size();
    }
    if (globals >= kMaxGlobal) {
        return dynamo_error("LimitExceededException",
                            "GlobalSecondaryIndex count exceeds the per-table limit of 20");
    }
    if (projected > kMaxProjected) {
        return invalid(fmt::format(
            "Number of projected attributes in all indexes exceeds the limit of 100: {}",
            projected));
    }
    IndexDef i = make_index(in, t.attribute_definitions);
    i.status = "CREATING";
    return i;
}

void describe_indexes(TablesService& s, const TableMeta& t, bool counts, m::TableDescription& d) {
    for (const auto& i : t.indexes) {
        std::vector<m::KeySchemaElement> keys{m::KeySchemaElement{i.hash.name, "HASH"}};
        if (i.range) keys.push_back(m::KeySchemaElement{i.range->name, "RANGE"});
        m::Projection p;
        p.ProjectionType = i.projection;
        if (!i.non_key_attributes.empty()) p.NonKeyAttributes = i.non_key_attributes;
        int64_t items = 0, bytes = 0;
        if (counts) {
            const std::string prefix = table_prefix(i.id);
            auto it =
                s.db().iterate(storage::Cf::TableItems, prefix, storage::prefix_successor(prefix));
            for (it.seek_to_first(); it.valid(); it.next()) {
                ++items;
                bytes += static_cast<int64_t>(item_size(decode_stored_item(it.value())));
            }
        }
        const std::string arn = t.arn + "/index/" + i.name;
        if (i.global) {
            m::GlobalSecondaryIndexDescription g;
            g.IndexName = i.name;
            g.KeySchema = std::move(keys);
            g.Projection = std::move(p);
            g.IndexStatus = i.status;
            if (i.status == "CREATING") g.Backfilling = true;
            m::ProvisionedThroughputDescription pt;
            pt.NumberOfDecreasesToday = 0;
            pt.ReadCapacityUnits = i.read_capacity;
            pt.WriteCapacityUnits = i.write_capacity;
            g.ProvisionedThroughput = pt;
            g.IndexSizeBytes = bytes;
            g.ItemCount = items;
            g.IndexArn = arn;
            if (!d.GlobalSecondaryIndexes) d.GlobalSecondaryIndexes.emplace();
            d.GlobalSecondaryIndexes->push_back(std::move(g));
        } else {
            m::LocalSecondaryIndexDescription l;
            l.IndexName = i.name;
            l.KeySchema = std::move(keys);
            l.Projection = std::move(p);
            l.IndexSizeBytes = bytes;
            l.ItemCount = items;
            l.IndexArn = arn;
            if (!d.LocalSecondaryIndexes) d.LocalSecondaryIndexes.emplace();
            d.LocalSecondaryIndexes->push_back(std::move(l));
        }
    }
}

}  // namespace freshet::tables
