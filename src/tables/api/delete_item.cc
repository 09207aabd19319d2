#include "tables/api/common.h"
#include "tables/api/index_capacity.h"
#include "tables/api/legacy.h"
#include "tables/errors.h"
#include "tables/store/item_codec.h"
#include "tables/store/item_writer.h"

namespace freshet::tables {

namespace {

struct DeletePlan {
    std::string table;
    Item key;
    Expressions expressions;
    std::optional<Item> old;
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
    p->table = in.TableName;
    p->return_old = rv == "ALL_OLD";
    FRESHET_TRY(key, decode_item(in.Key));
    p->key = std::move(key);
    FRESHET_TRY(ex, write_expressions(in));
    p->expressions = std::move(ex);
    return p;
}

}  // namespace

void delete_item(TablesService& s, RequestContext& ctx, m::DeleteItemInput in,
                 Reply<m::DeleteItemOutput> reply) {
    auto planned = plan(in);
    if (!planned.ok()) return reply(std::move(planned).take_error());
    auto p = std::move(planned).value();
    s.db().committer().submit(
        [p, origin = s.change_origin(ctx)](storage::Txn& txn) -> Result<void> {
            auto t = load_table(txn, p->table);
            if (!t) return resource_not_found();
            p->table_id = t->id;
            FRESHET_CHECK(check_key(*t, p->key));
            const std::string k = item_key(*t, p->key);
            if (auto bytes = txn.get(storage::Cf::TableItems, k))
                p->old = decode_stored_item(*bytes);
            FRESHET_CHECK(check_condition(p->expressions, p->old));
            p->index_units = index_write_units(*t, p->old, std::nullopt);
            return write_change(txn, *t, k, p->old, std::nullopt, origin);
        },
        [&s, p, capacity = in.ReturnConsumedCapacity, reply = std::move(reply)](Result<void> r) {
            if (!r.ok()) return reply(std::move(r).take_error());
            s.count_writes(p->table_id, 1);
            m::DeleteItemOutput out;
            if (p->return_old && p->old) out.Attributes = encode_item(*p->old);
            out.ConsumedCapacity = consumed_write(
                capacity, p->table, write_units(p->old ? item_size(*p->old) : 0), p->index_units);
            reply(std::move(out));
        });
}

}  // namespace freshet::tables
