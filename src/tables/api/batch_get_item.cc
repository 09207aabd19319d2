// BatchGetItem: up to 100 keys over one or more tables. Keys whose items would take the
// response past DynamoDB's 16 MB go back in UnprocessedKeys, as DynamoDB does.
#include <set>

#include "tables/api/common.h"
#include "tables/errors.h"
#include "tables/expr/evaluate.h"
#include "tables/store/item_codec.h"

namespace freshet::tables {

namespace {

constexpr size_t kMaxKeys = 100;
constexpr size_t kMaxResponseBytes = size_t{16} << 20;

struct TableRead {
    TableMeta table;
    std::vector<Item> keys;
    Expressions expressions;
};

Result<std::vector<TableRead>> plan(TablesService& s, const m::BatchGetItemInput& in) {
    std::vector<TableRead> reads;
    size_t total = 0;
    for (const auto& [name, ka] : in.RequestItems) {
        TableRead r;
        ExpressionInputs ei;
        ei.projection = &ka.ProjectionExpression;
        ei.names = &ka.ExpressionAttributeNames;
        FRESHET_TRY(ex, compile_expressions(ei));
        FRESHET_TRY(legacy, attributes_to_get(ka.AttributesToGet));
        if (legacy) ex.projection = std::move(legacy);
        r.expressions = std::move(ex);
        std::set<std::string> seen;
        for (const auto& wire : ka.Keys) {
            FRESHET_TRY(key, decode_item(wire));
            r.keys.push_back(std::move(key));
            if (++total > kMaxKeys) {
                return validation_error("Too many items requested for the BatchGetItem call");
            }
        }
        FRESHET_TRY(t, require_table(s, name));
        for (const auto& key : r.keys) {
            FRESHET_CHECK(check_key(t, key));
            if (!seen.insert(item_key(t, key)).second) {
                return validation_error("Provided list of item keys contains duplicates");
            }
        }
        r.table = std::move(t);
        reads.push_back(std::move(r));
    }
    return reads;
}

}  // namespace

Result<m::BatchGetItemOutput> batch_get_item(TablesService& s, RequestContext&,
                                             const m::BatchGetItemInput& in) {
    FRESHET_TRY(reads, plan(s, in));
    m::BatchGetItemOutput out;
    out.Responses.emplace();
    out.UnprocessedKeys.emplace();
    size_t response_bytes = 0;
    for (const auto& r : reads) {
        const m::KeysAndAttributes& request = in.RequestItems.at(r.table.name);
        auto& items = (*out.Responses)[r.table.name];
        double units = 0;
        for (size_t i = 0; i < r.keys.size(); ++i) {
            auto stored = s.db().get(storage::Cf::TableItems, item_key(r.table, r.keys[i]));
            if (!stored) continue;
            Item item = decode_stored_item(*stored);
            size_t bytes = item_size(item);
            if (response_bytes + bytes > kMaxResponseBytes) {
                m::KeysAndAttributes& left = (*out.UnprocessedKeys)[r.table.name];
                left = request;
                left.Keys.assign(request.Keys.begin() + static_cast<ptrdiff_t>(i),
                                 request.Keys.end());
                break;
            }
            response_bytes += bytes;
            units += read_units(bytes, request.ConsistentRead.value_or(false));
            items.push_back(encode_item(
                r.expressions.projection ? expr::project(item, *r.expressions.projection) : item));
        }
        s.count_reads(r.table.id, items.size());
        if (auto c = consumed(in.ReturnConsumedCapacity, r.table.name, units, false)) {
            if (!out.ConsumedCapacity) out.ConsumedCapacity.emplace();
            out.ConsumedCapacity->push_back(std::move(*c));
        }
    }
    return out;
}

}  // namespace freshet::tables
