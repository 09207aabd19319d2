// UpdateItem: the old item (or just the key) goes through the update expression inside the
// write function, so the condition, the update and the write are atomic.
#include "tables/api/common.h"
#include "tables/api/index_capacity.h"
#include "tables/api/legacy.h"
#include "tables/errors.h"
#include "tables/expr/evaluate.h"
#include "tables/expr/update.h"
#include "tables/store/item_codec.h"
#include "tables/store/item_writer.h"

namespace freshet::tables {

namespace {

constexpr size_t kMaxItemBytes = 400 * 1024;

struct UpdatePlan {
    std::string table;
    Item key;
    Expressions expressions;
    std::string return_values;
    std::optional<Item> old;
    Item updated;
    std::vector<expr::Path> touched;
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
    p->table = in.TableName;
    p->return_values = in.ReturnValues.value_or("NONE");
    FRESHET_TRY(key, decode_item(in.Key));
    p->key = std::move(key);
    FRESHET_TRY(ex, write_expressions(in, &in.UpdateExpression));
    p->expressions = std::move(ex);
    FRESHET_TRY(updates, legacy_updates(in.AttributeUpdates));
    if (updates) p->expressions.update = std::move(updates);
    return p;
}

Result<void> check_key_untouched(const TableMeta& t, const expr::Update& u) {
    for (const auto& a : u.actions) {
        const std::string& top = a.path.parts[0].name;
        if (top == t.hash.name || (t.range && top == t.range->name)) {
            return validation_error(
                "One or more parameter values were invalid: Cannot update "
                "attribute " +
                top + ". This attribute is part of the key");
        }
    }
    return Ok{};
}

Result<void> run(UpdatePlan& p, storage::Txn& txn, const ChangeOrigin& origin) {
    auto t = load_table(txn, p.table);
    if (!t) return resource_not_found();
    p.table_id = t->id;
    FRESHET_CHECK(check_key(*t, p.key));
    if (p.expressions.update) FRESHET_CHECK(check_key_untouched(*t, *p.expressions.update));
    const std::string k = item_key(*t, p.key);
    if (auto bytes = txn.get(storage::Cf::TableItems, k)) p.old = decode_stored_item(*bytes);
    FRESHET_CHECK(check_condition(p.expressions, p.old));
    p.updated = p.old.value_or(p.key);
    if (p.expressions.update) {
        FRESHET_CHECK(expr::apply(*p.expressions.update, p.updated, p.touched));
    }
    if (item_size(p.updated) > kMaxItemBytes) {
        return validation_error("Item size to update has exceeded the maximum allowed size");
    }
    p.index_units = index_write_units(*t, p.old, p.updated);
    return write_change(txn, *t, k, p.old, p.updated, origin);
}

std::optional<std::map<std::string, boost::json::value>> returned(const UpdatePlan& p) {
    // UPDATED_*: the values at the paths the actions updated, nested structure kept.
    auto only_touched = [&](const Item& item) {
        return expr::project(item, expr::Projection{p.touched});
    };
    const std::string& rv = p.return_values;
    if (rv == "ALL_NEW") return encode_item(p.updated);
    if (rv == "UPDATED_NEW") return encode_item(only_touched(p.updated));
    if (!p.old) return std::nullopt;
    if (rv == "ALL_OLD") return encode_item(*p.old);
    if (rv == "UPDATED_OLD") return encode_item(only_touched(*p.old));
    return std::nullopt;
}

}  // namespace

void update_item(TablesService& s, RequestContext& ctx, m::UpdateItemInput in,
                 Reply<m::UpdateItemOutput> reply) {
    auto planned = plan(in);
    if (!planned.ok()) return reply(std::move(planned).take_error());
    auto p = std::move(planned).value();
    s.db().committer().submit(
        [p, origin = s.change_origin(ctx)](storage::Txn& txn) { return run(*p, txn, origin); },
        [&s, p, capacity = in.ReturnConsumedCapacity, reply = std::move(reply)](Result<void> r) {
            if (!r.ok()) return reply(std::move(r).take_error());
            s.count_writes(p->table_id, 1);
            m::UpdateItemOutput out;
            if (auto attrs = returned(*p); attrs && !attrs->empty())
                out.Attributes = std::move(attrs);
            size_t bytes = std::max(item_size(p->updated), p->old ? item_size(*p->old) : 0);
            out.ConsumedCapacity =
                consumed_write(capacity, p->table, write_units(bytes), p->index_units);
            reply(std::move(out));
        });
}

}  // namespace freshet::tables
