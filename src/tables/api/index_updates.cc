#include "tables/api/index_updates.h"

#include <set>

#include "storage/txn.h"
#include "tables/api/index_schema.h"
#include "tables/errors.h"
#include "tables/store/index_store.h"

namespace freshet::tables {

namespace {

constexpr std::string_view kInvalid = "One or more parameter values were invalid: ";

ApiError invalid(const std::string& message) {
    return validation_error(std::string(kInvalid) + message);
}

ApiError one_online_index() {
    return dynamo_error(
        "LimitExceededException",
        "Subscriber limit exceeded: Only 1 online index can be created or deleted simultaneously "
        "per table");
}

// DynamoDB's wording for an index that does not exist was not found in a source good enough to
// be sure of it; this is ResourceNotFoundException's usual form naming the resource.
ApiError no_such_index(const std::string& name) {
    return resource_not_found("Requested resource not found: Index: " + name + " not found");
}

const std::string& name_of(const m::GlobalSecondaryIndexUpdate& u) {
    if (u.Create) return u.Create->IndexName;
    if (u.Delete) return u.Delete->IndexName;
    return u.Update->IndexName;
}

Result<IndexDef*> global_index(TableMeta& t, const std::string& name, std::string_view verb) {
    for (auto& i : t.indexes) {
        if (i.name != name) continue;
        if (!i.global) {
            return validation_error("Cannot " + std::string(verb) +
                                    " an index that is not a GlobalSecondaryIndex: " + name);
        }
        return &i;
    }
    return no_such_index(name);
}

Result<void> update_throughput(TableMeta& t, const m::UpdateGlobalSecondaryIndexAction& u) {
    FRESHET_TRY(index, global_index(t, u.IndexName, "update"));
    if (!u.ProvisionedThroughput) return Ok{};
    if (t.billing_mode == "PAY_PER_REQUEST") {
        return invalid("ProvisionedThroughput should not be specified for index: " + u.IndexName +
                       " when BillingMode is PAY_PER_REQUEST");
    }
    index->read_capacity = u.ProvisionedThroughput->ReadCapacityUnits;
    index->write_capacity = u.ProvisionedThroughput->WriteCapacityUnits;
    return Ok{};
}

void merge_definitions(TableMeta& t, const m::UpdateTableInput& in) {
    if (!in.AttributeDefinitions) return;
    for (const auto& d : *in.AttributeDefinitions) {
        bool known = false;
        for (const auto& [name, type] : t.attribute_definitions) known |= name == d.AttributeName;
        if (!known) t.attribute_definitions.emplace_back(d.AttributeName, d.AttributeType);
    }
}

void drop_unused_definitions(TableMeta& t) {
    std::set<std::string> used{t.hash.name};
    if (t.range) used.insert(t.range->name);
    for (const auto& i : t.indexes) {
        used.insert(i.hash.name);
        if (i.range) used.insert(i.range->name);
    }
    std::erase_if(t.attribute_definitions, [&](const auto& d) { return !used.count(d.first); });
}

}  // namespace

Result<void> check_index_updates(const m::UpdateTableInput& in) {
    if (!in.GlobalSecondaryIndexUpdates) return Ok{};
    const auto& updates = *in.GlobalSecondaryIndexUpdates;
    if (updates.empty()) return invalid("List of GlobalSecondaryIndexUpdates is empty");
    std::set<std::string> names;
    int online = 0;
    for (const auto& u : updates) {
        const int actions = u.Create.has_value() + u.Delete.has_value() + u.Update.has_value();
        if (actions == 0) {
            return invalid(
                "One of GlobalSecondaryIndexUpdate.Update, GlobalSecondaryIndexUpdate.Create, "
                "GlobalSecondaryIndexUpdate.Delete must not be null");
        }
        if (actions > 1) {
            return invalid(
                "Only one global secondary index action is allowed per GlobalSecondaryIndexUpdate "
                "object");
        }
        if (!names.insert(name_of(u)).second) {
            return invalid(
                "Only one global secondary index update per index is allowed simultaneously. "
                "Index: " +
                name_of(u));
        }
        online += u.Create || u.Delete ? 1 : 0;
    }
    if (online > 1) return one_online_index();
    return Ok{};
}

Result<IndexChange> apply_index_updates(storage::Txn& txn, TableMeta& t,
                                        const m::UpdateTableInput& in) {
    IndexChange change;
    if (!in.GlobalSecondaryIndexUpdates) return change;
    for (const auto& u : *in.GlobalSecondaryIndexUpdates) {
        if (!u.Create && !u.Delete) continue;
        for (const auto& i : t.indexes) {
            if (i.status == "CREATING") return one_online_index();
        }
    }
    merge_definitions(t, in);
    for (const auto& u : *in.GlobalSecondaryIndexUpdates) {
        if (u.Update) FRESHET_CHECK(update_throughput(t, *u.Update));
        if (u.Delete) {
            FRESHET_TRY(index, global_index(t, u.Delete->IndexName, "delete"));
            delete_entries(txn, index->id);
            change.deleted = *index;
            change.deleted->status = "DELETING";
            std::erase_if(t.indexes,
                          [&](const IndexDef& i) { return i.name == u.Delete->IndexName; });
        }
        if (u.Create) {
            if (!in.AttributeDefinitions) {
                return invalid("AttributeDefinitions is not specified for index: " +
                               u.Create->IndexName);
            }
            FRESHET_TRY(index, plan_created_index(t, *u.Create));
            index.id = allocate_id(txn);
            change.created = index.id;
            t.indexes.push_back(std::move(index));
        }
    }
    drop_unused_definitions(t);
    return change;
}

}  // namespace freshet::tables
