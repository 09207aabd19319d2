// UpdateTimeToLive: turns the expiry of items on or off, with DynamoDB's checks in its order
// (the attribute first, then the state). The change takes effect at once: there is no
// ENABLING/DISABLING phase, and DynamoDB's limit of one change per table and hour ("Time to
// live has been modified multiple times within a fixed interval") is not enforced, so that
// scripts and tests that toggle it do not wait. Expired items are deleted by the sweeper
// (ttl_sweeper.h).
#include "tables/api/common.h"
#include "tables/errors.h"

namespace freshet::tables {

namespace {

Result<void> apply(TableMeta& t, const m::TimeToLiveSpecification& spec, double now) {
    const std::string& name = spec.AttributeName;
    // A different attribute while enabled, on enable and on disable alike.
    if (t.ttl_enabled && t.ttl_attribute != name) {
        return validation_error(
            "TimeToLive is active on a different AttributeName: current AttributeName is " +
            t.ttl_attribute);
    }
    if (spec.Enabled && t.ttl_enabled) return validation_error("TimeToLive is already enabled");
    if (!spec.Enabled && !t.ttl_enabled) {
        return validation_error("TimeToLive is already disabled");
    }
    t.ttl_enabled = spec.Enabled;
    t.ttl_attribute = name;
    t.ttl_changed = now;
    return Ok{};
}

}  // namespace

void update_time_to_live(TablesService& s, RequestContext& ctx, m::UpdateTimeToLiveInput in,
                         Reply<m::UpdateTimeToLiveOutput> reply) {
    auto input = std::make_shared<m::UpdateTimeToLiveInput>(std::move(in));
    s.db().committer().submit(
        [input, now = epoch_seconds(ctx.clock->now())](storage::Txn& txn) -> Result<void> {
            auto t = load_table(txn, input->TableName);
            if (!t) {
                return resource_not_found(
                    "Requested resource not found: Table: " + input->TableName + " not found");
            }
            FRESHET_CHECK(apply(*t, input->TimeToLiveSpecification, now));
            txn.put(storage::Cf::TableMeta, meta_key(t->name), encode_meta(*t));
            return Ok{};
        },
        [input, reply = std::move(reply)](Result<void> r) {
            if (!r.ok()) return reply(std::move(r).take_error());
            m::UpdateTimeToLiveOutput out;
            out.TimeToLiveSpecification = input->TimeToLiveSpecification;
            reply(std::move(out));
        });
}

}  // namespace freshet::tables
