// Query: one partition, in sort key order (ScanIndexForward false: descending), as a range
// scan of the storage keys.
#include "tables/api/index_capacity.h"
#include "tables/api/index_read.h"
#include "tables/api/key_condition.h"
#include "tables/api/legacy.h"
#include "tables/api/read_common.h"
#include "tables/errors.h"
#include "tables/store/item_codec.h"

namespace freshet::tables {

Result<m::QueryOutput> query(TablesService& s, RequestContext&, const m::QueryInput& in) {
    // KeyConditions may go with expressions (DynamoDB's exception to the rule).
    FRESHET_CHECK(check_not_mixed(
        {{"AttributesToGet", in.AttributesToGet.has_value()},
         {"QueryFilter", in.QueryFilter.has_value()},
         {"ConditionalOperator", in.ConditionalOperator.has_value()},
         {"KeyConditions", in.KeyConditions.has_value() && in.KeyConditionExpression.has_value()}},
        {{"ProjectionExpression", in.ProjectionExpression.has_value()},
         {"FilterExpression", in.FilterExpression.has_value()},
         {"KeyConditionExpression", in.KeyConditionExpression.has_value()}}));
    if (!in.KeyConditionExpression && !in.KeyConditions) {
        return validation_error(
            "Either the KeyConditions or KeyConditionExpression parameter "
            "must be specified in the request.");
    }
    ExpressionInputs ei;
    ei.key_condition = &in.KeyConditionExpression;
    ei.filter = &in.FilterExpression;
    ei.projection = &in.ProjectionExpression;
    ei.names = &in.ExpressionAttributeNames;
    ei.values = &in.ExpressionAttributeValues;
    FRESHET_TRY(ex, compile_expressions(ei));
    FRESHET_TRY(legacy, attributes_to_get(in.AttributesToGet));
    if (legacy) ex.projection = std::move(legacy);
    FRESHET_TRY(filter, legacy_conditions(in.QueryFilter, in.ConditionalOperator));
    if (filter) ex.filter = std::move(filter);
    FRESHET_TRY(key_conditions, legacy_conditions(in.KeyConditions, std::nullopt));
    if (key_conditions) ex.key_condition = std::move(key_conditions);
    FRESHET_TRY(t, require_table(s, in.TableName));
    const bool consistent = in.ConsistentRead.value_or(false);
    FRESHET_TRY(index,
                resolve_index(t, in.IndexName, consistent, in.ExclusiveStartKey.has_value()));
    FRESHET_TRY(select, select_plan(in.Select, ex.projection.has_value(), index));
    const bool count = select.count_only;
    FRESHET_TRY(range, key_range(read_keys(t, index), *ex.key_condition));

    PageRequest r;
    r.table = &t;
    r.index = index;
    r.lower = std::move(range.lower);
    r.upper = std::move(range.upper);
    r.forward = in.ScanIndexForward.value_or(true);
    if (in.ExclusiveStartKey) {
        FRESHET_TRY(k, start_storage_key(t, index, *in.ExclusiveStartKey));
        if (r.forward) {
            r.lower = std::max(r.lower, k + '\0');
        } else {
            r.upper = r.upper.empty() ? k : std::min(r.upper, k);
        }
    }
    r.limit = in.Limit;
    r.key_condition = &*ex.key_condition;
    r.filter = ex.filter ? &*ex.filter : nullptr;
    r.projection = ex.projection ? &*ex.projection : nullptr;
    r.count_only = count;
    r.fetch = index && needs_table_items(t, *index, select.all_attributes, r.projection, r.filter);
    r.all_attributes = select.all_attributes;
    m::QueryOutput out;
    if (r.upper.empty() || r.lower < r.upper) {
        Page page = read_page(s.db(), r);
        s.count_reads(t.id, static_cast<uint64_t>(page.count));
        if (!count) out.Items = std::move(page.items);
        out.Count = page.count;
        out.ScannedCount = page.scanned;
        if (page.last_key) out.LastEvaluatedKey = encode_item(*page.last_key);
        out.ConsumedCapacity = consumed_read(in.ReturnConsumedCapacity, t, index, page, consistent);
    } else {
        if (!count) out.Items.emplace();
        out.Count = 0;
        out.ScannedCount = 0;
        out.ConsumedCapacity = consumed_read(in.ReturnConsumedCapacity, t, index, Page{}, false);
    }
    return out;
}

}  // namespace freshet::tables
