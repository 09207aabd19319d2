// UpdateItem: the old item (or just the key) goes through the update expression inside the
// write function, so the condition, the update and the write are atomic.
#include "tables/api/common.h"
#include "tables/api/index_capacity.h"
#include "tables/api/item_write.h"
#include "tables/api/legacy.h"
#include "tables/errors.h"
#include "tables/expr/evaluate.h"

namespace freshet::tables {

namespace {

struct UpdatePlan {
    ItemWrite write;
    std::string return_values;
    uint64_t table_id = 0;                // filled by the write function
    std::vector<IndexUnits> index_units;  // filled by the write function
};

Result<std::shared_ptr<UpdatePlan>> plan(const m::UpdateItemInput& in) {
    FRESHET_CHECK(check_not_mixed({{"AttributeUpdates", in.AttributeUpdates.has_value()},
                                   {"Expected", in.Expected.has_value()},
                                   {"ConditionalOperator", in.ConditionalOperator.has_value()}},
                                  {{"UpdateExpression", in.UpdateExpression.has_value()},
                                   {"ConditionExpression", in.ConditionExpression.has_value()}}));
    auto p = std::make_shared<UpdatePlan>();
    p->write.kind = WriteKind::Update;
    p->write.table = in.TableName;
    p->return_values = in.ReturnValues.value_or("NONE");
    FRESHET_TRY(key, decode_item(in.Key));
    p->write.item = std::move(key);
    FRESHET_TRY(ex, write_expressions(in, &in.UpdateExpression));
    p->write.expressions = std::move(ex);
    FRESHET_TRY(updates, legacy_updates(in.AttributeUpdates));
    if (updates) p->write.expressions.update = std::move(updates);
    return p;
}

std::optional<std::map<std::string, boost::json::value>> returned(const UpdatePlan& p) {
    // UPDATED_*: the values at the paths the actions updated, nested structure kept.
    const ItemWrite& w = p.write;
    auto only_touched = [&](const Item& item) {
        return expr::project(item, expr::Projection{w.touched});
    };
    const std::string& rv = p.return_values;
    if (rv == "ALL_NEW") return encode_item(*w.now);
    if (rv == "UPDATED_NEW") return encode_item(only_touched(*w.now));
    if (!w.old) return std::nullopt;
    if (rv == "ALL_OLD") return encode_item(*w.old);
    if (rv == "UPDATED_OLD") return encode_item(only_touched(*w.old));
    return std::nullopt;
}

}  // namespace

void update_item(TablesService& s, RequestContext& ctx, m::UpdateItemInput in,
                 Reply<m::UpdateItemOutput> reply) {
    auto planned = plan(in);
    if (!planned.ok()) return reply(std::move(planned).take_error());
    auto p = std::move(planned).value();
    s.db().committer().submit(
        [p, origin = s.change_origin(ctx)](storage::Txn& txn) {
            return run_table_write(txn, p->write, origin, p->table_id, p->index_units);
        },
        [&s, p, capacity = in.ReturnConsumedCapacity, reply = std::move(reply)](Result<void> r) {
            if (!r.ok()) return reply(std::move(r).take_error());
            s.count_writes(p->table_id, 1);
            m::UpdateItemOutput out;
            if (auto attrs = returned(*p); attrs && !attrs->empty())
                out.Attributes = std::move(attrs);
            out.ConsumedCapacity = consumed_write(
                capacity, p->write.table, write_units(charged_bytes(p->write)), p->index_units);
            reply(std::move(out));
        });
}

}  // namespace freshet::tables
