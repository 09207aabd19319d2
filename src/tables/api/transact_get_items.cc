// TransactGetItems: up to 100 Gets over one or more tables, read from one consistent point.
// The reads run inside a write function that writes nothing: the committer runs write
// functions one at a time, so no write can land between two of the reads. Responses are in
// request order; an absent item answers an empty entry.
#include "tables/api/common.h"
#include "tables/api/transact_common.h"
#include "tables/errors.h"
#include "tables/expr/evaluate.h"
#include "tables/store/item_codec.h"

namespace freshet::tables {

namespace {

struct Read {
    std::string table;
    Item key;
    std::optional<expr::Projection> projection;
    std::optional<Item> item;  // filled by the write function
};

struct GetPlan {
    std::vector<Read> reads;
    // Filled by the write function.
    std::map<std::string, double> units;  // by table name
    std::map<uint64_t, uint64_t> found;   // items returned, by table id
};

Result<std::shared_ptr<GetPlan>> plan(const m::TransactGetItemsInput& in) {
    auto p = std::make_shared<GetPlan>();
    for (const auto& a : in.TransactItems) {
        const m::Get& get = a.Get;
        Read r;
        r.table = get.TableName;
        FRESHET_TRY(key, decode_item(get.Key));
        r.key = std::move(key);
        ExpressionInputs ei;
        ei.projection = &get.ProjectionExpression;
        ei.names = &get.ExpressionAttributeNames;
        FRESHET_TRY(ex, compile_expressions(ei));
        r.projection = std::move(ex.projection);
        p->reads.push_back(std::move(r));
    }
    return p;
}

Result<void> run(GetPlan& p, storage::Txn& txn) {
    TransactTables tables(txn);
    std::vector<std::string> keys;
    for (const auto& r : p.reads) {
        FRESHET_TRY(t, tables.get(r.table));
        FRESHET_CHECK(check_key(*t, r.key));
        keys.push_back(item_key(*t, r.key));
        FRESHET_CHECK(tables.claim(keys.back()));
    }
    for (size_t i = 0; i < p.reads.size(); ++i) {
        Read& r = p.reads[i];
        size_t bytes = 0;
        if (auto stored = txn.get(storage::Cf::TableItems, keys[i])) {
            r.item = decode_stored_item(*stored);
            bytes = item_size(*r.item);
            FRESHET_TRY(t, tables.get(r.table));
            ++p.found[t->id];
        }
        // DynamoDB charges two strongly consistent reads per 4 KB of each item in a
        // transaction (prepare, commit).
        p.units[r.table] += 2 * read_units(bytes, true);
    }
    return Ok{};
}

}  // namespace

void transact_get_items(TablesService& s, RequestContext&, m::TransactGetItemsInput in,
                        Reply<m::TransactGetItemsOutput> reply) {
    auto planned = plan(in);
    if (!planned.ok()) return reply(std::move(planned).take_error());
    auto p = std::move(planned).value();
    s.db().committer().submit(
        [p](storage::Txn& txn) { return run(*p, txn); },
        [&s, p, capacity = in.ReturnConsumedCapacity, reply = std::move(reply)](Result<void> r) {
            if (!r.ok()) return reply(std::move(r).take_error());
            for (const auto& [id, n] : p->found) s.count_reads(id, n);
            m::TransactGetItemsOutput out;
            out.Responses.emplace();
            for (const auto& read : p->reads) {
                m::ItemResponse response;
                if (read.item) {
                    response.Item = encode_item(
                        read.projection ? expr::project(*read.item, *read.projection) : *read.item);
                }
                out.Responses->push_back(std::move(response));
            }
            out.ConsumedCapacity = consumed_per_table(capacity, p->units, false);
            reply(std::move(out));
        });
}

}  // namespace freshet::tables
