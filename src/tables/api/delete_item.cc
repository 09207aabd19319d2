#include "tables/api/common.h"
#include "tables/api/index_capacity.h"
#include "tables/api/item_write.h"
#include "tables/api/legacy.h"
#include "tables/errors.h"

namespace freshet::tables {

namespace {

struct DeletePlan {
    ItemWrite write;
    bool return_old = false;
    uint64_t table_id = 0;                // filled by the write function
    std::vector<IndexUnits> index_units;  // filled by the write function
};

Result<std::shared_ptr<DeletePlan>> plan(const m::DeleteItemInput& in) {
    FRESHET_CHECK(check_not_mixed({{"Expected", in.Expected.has_value()},
                                   {"ConditionalOperator", in.ConditionalOperator.has_value()}},
                                  {{"ConditionExpression", in.ConditionExpression.has_value()}}));
    const std::string rv = in.ReturnValues.value_or("NONE");
    if (rv != "NONE" && rv != "ALL_OLD") {
        return validation_error("ReturnValues can only be ALL_OLD or NONE");
    }
    auto p = std::make_shared<DeletePlan>();
    p->write.kind = WriteKind::Delete;
    p->write.table = in.TableName;
    p->return_old = rv == "ALL_OLD";
    FRESHET_TRY(key, decode_item(in.Key));
    p->write.item = std::move(key);
    FRESHET_TRY(ex, write_expressions(in));
    p->write.expressions = std::move(ex);
    return p;
}

}  // namespace

void delete_item(TablesService& s, RequestContext& ctx, m::DeleteItemInput in,
                 Reply<m::DeleteItemOutput> reply) {
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
            m::DeleteItemOutput out;
            if (p->return_old && p->write.old) out.Attributes = encode_item(*p->write.old);
            out.ConsumedCapacity = consumed_write(
                capacity, p->write.table, write_units(charged_bytes(p->write)), p->index_units);
            reply(std::move(out));
        });
}

}  // namespace freshet::tables
