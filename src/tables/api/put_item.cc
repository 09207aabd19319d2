// PutItem: validate, then read-check-write in one write function so that the condition and
// the write are atomic.
#include "tables/api/common.h"
#include "tables/api/index_capacity.h"
#include "tables/api/legacy.h"
#include "tables/errors.h"
#include "tables/store/item_codec.h"
#include "tables/store/item_writer.h"

namespace freshet::tables {

namespace {

struct PutPlan {
    std::string table;
    Item item;
    Expressions expressions;
    std::optional<Item> old;  // filled by the write function
    bool return_old = false;
    size_t written_bytes = 0;
    uint64_t table_id = 0;                // filled by the write function
    std::vector<IndexUnits> index_units;  // filled by the write function
};

Result<std::shared_ptr<PutPlan>> plan(const m::PutItemInput& in) {
    FRESHET_CHECK(check_not_mixed({{"Expected", in.Expected.has_value()},
                                   {"ConditionalOperator", in.ConditionalOperator.has_value()}},
                                  {{"ConditionExpression", in.ConditionExpression.has_value()}}));
    const std::string rv = in.ReturnValues.value_or("NONE");
    if (rv != "NONE" && rv != "ALL_OLD") {
        return validation_error("ReturnValues can only be ALL_OLD or NONE");
    }
    auto p = std::make_shared<PutPlan>();
    p->table = in.TableName;
    p->return_old = rv == "ALL_OLD";
    FRESHET_TRY(item, decode_item(in.Item));
    FRESHET_CHECK(check_item_size(item));
    p->item = std::move(item);
    FRESHET_TRY(ex, write_expressions(in));
    p->expressions = std::move(ex);
    return p;
}

}  // namespace

void put_item(TablesService& s, RequestContext& ctx, m::PutItemInput in,
              Reply<m::PutItemOutput> reply) {
    auto planned = plan(in);
    if (!planned.ok()) return reply(std::move(planned).take_error());
    auto p = std::move(planned).value();
    s.db().committer().submit(
        [p, origin = s.change_origin(ctx)](storage::Txn& txn) -> Result<void> {
            auto t = load_table(txn, p->table);
            if (!t) return resource_not_found();
            p->table_id = t->id;
            FRESHET_TRY(key, key_of_item(*t, p->item));
            const std::string k = item_key(*t, key);
            if (auto bytes = txn.get(storage::Cf::TableItems, k))
                p->old = decode_stored_item(*bytes);
            FRESHET_CHECK(check_condition(p->expressions, p->old));
            p->written_bytes = std::max(item_size(p->item), p->old ? item_size(*p->old) : 0);
            p->index_units = index_write_units(*t, p->old, p->item);
            return write_change(txn, *t, k, p->old, p->item, origin);
        },
        [&s, p, capacity = in.ReturnConsumedCapacity, reply = std::move(reply)](Result<void> r) {
            if (!r.ok()) return reply(std::move(r).take_error());
            s.count_writes(p->table_id, 1);
            m::PutItemOutput out;
            if (p->return_old && p->old) out.Attributes = encode_item(*p->old);
            out.ConsumedCapacity =
                consumed_write(capacity, p->table, write_units(p->written_bytes), p->index_units);
            reply(std::move(out));
        });
}

}  // namespace freshet::tables
