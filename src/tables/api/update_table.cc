// UpdateTable: billing mode, provisioned throughput, global secondary indexes (created,
// deleted, throughput updated: index_updates.h) and the table's stream (stream_spec.h).
// Encryption, replica and table class changes are refused as not supported yet.
#include "tables/api/common.h"
#include "tables/api/index_updates.h"
#include "tables/api/stream_spec.h"
#include "tables/errors.h"
#include "tables/store/index_backfill.h"

namespace freshet::tables {

namespace {

constexpr std::string_view kInvalid = "One or more parameter values were invalid: ";

Result<void> check_input(const m::UpdateTableInput& in) {
    if (in.ReplicaUpdates) return unsupported("ReplicaUpdates");
    if (in.SSESpecification) return unsupported("SSESpecification");
    if (!in.ProvisionedThroughput && !in.BillingMode && !in.TableClass &&
        !in.GlobalSecondaryIndexUpdates && !in.StreamSpecification) {
        return validation_error(
            "At least one of ProvisionedThroughput, BillingMode, UpdateStreamEnabled, "
            "GlobalSecondaryIndexUpdates or SSESpecification or ReplicaUpdates is required");
    }
    if (in.BillingMode == "PROVISIONED" && !in.ProvisionedThroughput) {
        return validation_error(std::string(kInvalid) +
                                "ProvisionedThroughput must be specified when BillingMode is "
                                "PROVISIONED");
    }
    return Ok{};
}

// Applies the change to the table as it is now (inside the write function).
Result<void> apply(TableMeta& t, const m::UpdateTableInput& in, double now) {
    const std::string mode = in.BillingMode.value_or(t.billing_mode);
    if (mode == "PAY_PER_REQUEST") {
        if (in.ProvisionedThroughput) {
            return validation_error(std::string(kInvalid) +
                                    "Neither ReadCapacityUnits nor WriteCapacityUnits can be "
                                    "specified when BillingMode is PAY_PER_REQUEST");
        }
        if (t.billing_mode != mode) t.billing_changed = now;
        t.billing_mode = mode;
        t.read_capacity = t.write_capacity = 0;
        return Ok{};
    }
    if (in.ProvisionedThroughput) {
        const auto& pt = *in.ProvisionedThroughput;
        if (t.billing_mode == mode && pt.ReadCapacityUnits == t.read_capacity &&
            pt.WriteCapacityUnits == t.write_capacity) {
            auto n = [](int64_t v) { return std::to_string(v); };
            return validation_error(
                "The provisioned throughput for the table will not change. The requested value "
                "equals the current value. Current ReadCapacityUnits provisioned for the table: " +
                n(t.read_capacity) + ". Requested ReadCapacityUnits: " + n(pt.ReadCapacityUnits) +
                ". Current WriteCapacityUnits provisioned for the table: " + n(t.write_capacity) +
                ". Requested WriteCapacityUnits: " + n(pt.WriteCapacityUnits) +
                ". Refer to the Amazon DynamoDB Developer Guide for current limits and how to "
                "request higher limits.");
        }
        t.read_capacity = pt.ReadCapacityUnits;
        t.write_capacity = pt.WriteCapacityUnits;
    }
    t.billing_mode = mode;
    return Ok{};
}

}  // namespace

void update_table(TablesService& s, RequestContext& ctx, m::UpdateTableInput in,
                  Reply<m::UpdateTableOutput> reply) {
    if (auto r = check_input(in); !r.ok()) return reply(std::move(r).take_error());
    if (auto r = check_index_updates(in); !r.ok()) return reply(std::move(r).take_error());
    auto meta = std::make_shared<TableMeta>();
    auto change = std::make_shared<IndexChange>();
    const double now = epoch_seconds(ctx.clock->now());
    auto input = std::make_shared<m::UpdateTableInput>(std::move(in));
    s.db().committer().submit(
        [meta, change, input, now](storage::Txn& txn) -> Result<void> {
            auto t = load_table(txn, input->TableName);
            if (!t) return resource_not_found();
            FRESHET_TRY(indexes, apply_index_updates(txn, *t, *input));
            *change = std::move(indexes);
            FRESHET_CHECK(apply(*t, *input, now));
            if (input->StreamSpecification) {
                FRESHET_CHECK(update_stream(txn, *t, *input->StreamSpecification, now));
            }
            txn.put(storage::Cf::TableMeta, meta_key(t->name), encode_meta(*t));
            *meta = std::move(*t);
            return Ok{};
        },
        [&s, meta, change, reply = std::move(reply)](Result<void> r) {
            if (!r.ok()) return reply(std::move(r).take_error());
            if (change->created) start_backfill(s.db(), meta->name, meta->id, change->created);
            if (change->deleted) meta->indexes.push_back(*change->deleted);  // shown DELETING
            m::UpdateTableOutput out;
            out.TableDescription = describe(s, *meta, false);
            if (change->created || change->deleted) out.TableDescription->TableStatus = "UPDATING";
            reply(std::move(out));
        });
}

}  // namespace freshet::tables
