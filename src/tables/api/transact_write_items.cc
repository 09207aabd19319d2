// TransactWriteItems: up to 100 Put, Update, Delete and ConditionCheck actions over one or more
// tables, all or nothing. Every action is validated first (malformed actions, keys that do not
// match their table, two actions on one item: ValidationException, nothing written); then ONE
// write function checks every condition against the items as they are, and either writes every
// change (each through write_change, so indexes and streams follow) or none, answering
// TransactionCanceledException with one reason per action. The committer runs write functions
// one at a time, so a transaction is isolated from every other write.
#include <boost/json.hpp>

#include "core/crypto.h"
#include "core/encoding.h"
#include "tables/api/common.h"
#include "tables/api/item_write.h"
#include "tables/api/transact_common.h"
#include "tables/errors.h"
#include "tables/store/request_tokens.h"

namespace freshet::tables {

namespace {

namespace json = boost::json;

struct TransactPlan {
    std::vector<ItemWrite> writes;
    std::optional<std::string> token;
    std::string digest;  // of the request without its token
    // Filled by the write function.
    bool replayed = false;
    std::map<std::string, double> units;   // by table name
    std::map<uint64_t, uint64_t> written;  // items written, by table id
};

Result<Expressions> expressions_of(const std::optional<std::string>& condition,
                                   const std::optional<std::string>* update,
                                   const std::optional<std::map<std::string, std::string>>& names,
                                   const std::optional<std::map<std::string, json::value>>& values,
                                   const std::optional<std::string>& on_failure) {
    ExpressionInputs ei;
    ei.update = update;
    ei.condition = &condition;
    ei.names = &names;
    ei.values = &values;
    FRESHET_TRY(ex, compile_expressions(ei));
    ex.old_on_failure = on_failure.value_or("NONE") == "ALL_OLD";
    return ex;
}

// One operation: its item (Put) or key, and its expressions. ConditionCheck's condition and
// Update's update expression are required members (plain strings) in the model.
template <class Op>
Result<ItemWrite> plan_operation(WriteKind kind, const Op& op) {
    ItemWrite w;
    w.kind = kind;
    w.table = op.TableName;
    if constexpr (requires { op.Item; }) {
        FRESHET_TRY(item, decode_item(op.Item));
        FRESHET_CHECK(check_item_size(item));
        w.item = std::move(item);
    } else {
        FRESHET_TRY(key, decode_item(op.Key));
        w.item = std::move(key);
    }
    const std::optional<std::string> condition = op.ConditionExpression;
    std::optional<std::string> update;
    if constexpr (requires { op.UpdateExpression; }) update = op.UpdateExpression;
    FRESHET_TRY(ex, expressions_of(condition, kind == WriteKind::Update ? &update : nullptr,
                                   op.ExpressionAttributeNames, op.ExpressionAttributeValues,
                                   op.ReturnValuesOnConditionCheckFailure));
    w.expressions = std::move(ex);
    return w;
}

Result<ItemWrite> plan_action(const m::TransactWriteItem& a) {
    const int operations = a.ConditionCheck.has_value() + a.Put.has_value() + a.Delete.has_value() +
                           a.Update.has_value();
    if (operations != 1) {
        return validation_error(
            "TransactItems can only contain one of Check, Put, Update or Delete");
    }
    if (a.Put) return plan_operation(WriteKind::Put, *a.Put);
    if (a.Update) return plan_operation(WriteKind::Update, *a.Update);
    if (a.Delete) return plan_operation(WriteKind::Delete, *a.Delete);
    return plan_operation(WriteKind::Check, *a.ConditionCheck);
}

// The same request whatever the order of its JSON members: objects with sorted keys.
json::value canonical(const json::value& v) {
    if (v.is_array()) {
        json::array a;
        for (const auto& e : v.as_array()) a.push_back(canonical(e));
        return a;
    }
    if (!v.is_object()) return v;
    std::map<std::string, json::value> sorted;
    for (const auto& [k, e] : v.as_object()) sorted.emplace(std::string(k), canonical(e));
    json::object o;
    for (auto& [k, e] : sorted) o.emplace(k, std::move(e));
    return o;
}

Result<std::shared_ptr<TransactPlan>> plan(const m::TransactWriteItemsInput& in) {
    auto p = std::make_shared<TransactPlan>();
    for (const auto& a : in.TransactItems) {
        FRESHET_TRY(w, plan_action(a));
        p->writes.push_back(std::move(w));
    }
    if (in.ClientRequestToken) {
        p->token = in.ClientRequestToken;
        m::TransactWriteItemsInput rest = in;
        rest.ClientRequestToken.reset();
        p->digest = crypto::sha256_hex(json::serialize(canonical(to_json(rest))));
    }
    return p;
}

m::CancellationReason reason_of(const ItemWrite& w, const Result<void>& r) {
    m::CancellationReason reason;
    if (r.ok()) {
        reason.Code = "None";
    } else if (r.error().code.ends_with("#ConditionalCheckFailedException")) {
        reason.Code = "ConditionalCheckFailed";
        reason.Message = r.error().message;
        if (w.expressions.old_on_failure && w.old) reason.Item = encode_item(*w.old);
    } else {
        reason.Code = "ValidationError";
        reason.Message = r.error().message;
    }
    return reason;
}

ApiError cancelled(const std::vector<m::CancellationReason>& reasons) {
    std::string codes;
    json::array list;
    for (const auto& r : reasons) {
        codes += (codes.empty() ? "" : ", ") + r.Code.value_or("None");
        list.push_back(to_json(r));
    }
    ApiError e = dynamo_error("TransactionCanceledException",
                              "Transaction cancelled, please refer cancellation reasons for "
                              "specific reasons [" +
                                  codes + "]");
    e.capital_message_key = true;
    e.json_members = json::serialize(json::object{{"CancellationReasons", std::move(list)}});
    return e;
}

// Checks every condition, then writes every change or none.
Result<void> check_and_write(TransactPlan& p, TransactTables& tables, storage::Txn& txn,
                             const ChangeOrigin& origin) {
    std::vector<m::CancellationReason> reasons;
    bool failed = false;
    for (auto& w : p.writes) {
        read_old(txn, w);
        auto r = decide(w);
        failed |= !r.ok();
        reasons.push_back(reason_of(w, r));
    }
    if (failed) return cancelled(reasons);
    for (size_t i = 0; i < p.writes.size(); ++i) {
        const ItemWrite& w = p.writes[i];
        FRESHET_TRY(t, tables.get(w.table));
        // A change the table refuses (an index key of the wrong type) cancels the whole
        // transaction; the write function's failure rolls back what was written before it.
        if (auto r = write(txn, *t, w, origin); !r.ok()) {
            reasons[i] = reason_of(w, r);
            return cancelled(reasons);
        }
        // DynamoDB charges two units per KB of each item in a transaction (prepare, commit).
        p.units[w.table] += 2 * write_units(charged_bytes(w));
        if (w.kind != WriteKind::Check) ++p.written[t->id];
    }
    return Ok{};
}

Result<void> run(TransactPlan& p, storage::Txn& txn, const ChangeOrigin& origin) {
    const double now = origin.now;
    TransactTables tables(txn);
    for (auto& w : p.writes) {
        FRESHET_TRY(t, tables.get(w.table));
        FRESHET_CHECK(locate(*t, w));
        FRESHET_CHECK(tables.claim(w.key));
    }
    if (p.token) {
        FRESHET_TRY(seen, token_seen(txn, *p.token, p.digest, now));
        if (seen) {
            // A repeat writes nothing and is charged the reads of the items, as on DynamoDB.
            p.replayed = true;
            for (auto& w : p.writes) {
                read_old(txn, w);
                p.units[w.table] += read_units(w.old ? item_size(*w.old) : 0, true);
            }
            return Ok{};
        }
    }
    FRESHET_CHECK(check_and_write(p, tables, txn, origin));
    if (p.token) remember_token(txn, *p.token, p.digest, now);
    return Ok{};
}

}  // namespace

void transact_write_items(TablesService& s, RequestContext& ctx, m::TransactWriteItemsInput in,
                          Reply<m::TransactWriteItemsOutput> reply) {
    auto planned = plan(in);
    if (!planned.ok()) return reply(std::move(planned).take_error());
    auto p = std::move(planned).value();
    s.db().committer().submit(
        [p, origin = s.change_origin(ctx)](storage::Txn& txn) { return run(*p, txn, origin); },
        [&s, p, capacity = in.ReturnConsumedCapacity, reply = std::move(reply)](Result<void> r) {
            if (!r.ok()) return reply(std::move(r).take_error());
            for (const auto& [id, n] : p->written) s.count_writes(id, n);
            m::TransactWriteItemsOutput out;
            out.ConsumedCapacity = consumed_per_table(capacity, p->units, !p->replayed);
            reply(std::move(out));
        });
}

}  // namespace freshet::tables
