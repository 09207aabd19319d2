// Scan: the whole table in key order, or one segment of a parallel scan. An item belongs to
// segment hash(partition key) mod TotalSegments, so segments are disjoint and together cover
// the table, and every item of one partition is in the same segment (as in DynamoDB).
#include "storage/key_codec.h"
#include "tables/api/index_capacity.h"
#include "tables/api/index_read.h"
#include "tables/api/legacy.h"
#include "tables/api/read_common.h"
#include "tables/errors.h"
#include "tables/store/item_codec.h"

namespace freshet::tables {

namespace {

uint64_t fnv1a(std::string_view bytes) {
    uint64_t h = 1469598103934665603ULL;
    for (unsigned char c : bytes) {
        h ^= c;
        h *= 1099511628211ULL;
    }
    return h;
}

Result<void> check_segments(const m::ScanInput& in) {
    if (in.Segment && !in.TotalSegments) {
        return validation_error(
            "The TotalSegments parameter is required but was not present in "
            "the request when Segment parameter is present");
    }
    if (in.TotalSegments && !in.Segment) {
        return validation_error(
            "The Segment parameter is required but was not present in the "
            "request when parameter TotalSegments is present");
    }
    if (in.Segment && *in.Segment >= *in.TotalSegments) {
        return validation_error(
            "The Segment parameter is zero-based and must be less than "
            "parameter TotalSegments: Segment: " +
            std::to_string(*in.Segment) +
            " is not less than TotalSegments: " + std::to_string(*in.TotalSegments));
    }
    return Ok{};
}

}  // namespace

Result<m::ScanOutput> scan(TablesService& s, RequestContext&, const m::ScanInput& in) {
    FRESHET_CHECK(check_not_mixed({{"AttributesToGet", in.AttributesToGet.has_value()},
                                   {"ScanFilter", in.ScanFilter.has_value()},
                                   {"ConditionalOperator", in.ConditionalOperator.has_value()}},
                                  {{"ProjectionExpression", in.ProjectionExpression.has_value()},
                                   {"FilterExpression", in.FilterExpression.has_value()}}));
    FRESHET_CHECK(check_segments(in));
    ExpressionInputs ei;
    ei.filter = &in.FilterExpression;
    ei.projection = &in.ProjectionExpression;
    ei.names = &in.ExpressionAttributeNames;
    ei.values = &in.ExpressionAttributeValues;
    FRESHET_TRY(ex, compile_expressions(ei));
    FRESHET_TRY(legacy, attributes_to_get(in.AttributesToGet));
    if (legacy) ex.projection = std::move(legacy);
    FRESHET_TRY(filter, legacy_conditions(in.ScanFilter, in.ConditionalOperator));
    if (filter) ex.filter = std::move(filter);
    FRESHET_TRY(t, require_table(s, in.TableName));
    const bool consistent = in.ConsistentRead.value_or(false);
    FRESHET_TRY(index,
                resolve_index(t, in.IndexName, consistent, in.ExclusiveStartKey.has_value()));
    FRESHET_TRY(select, select_plan(in.Select, ex.projection.has_value(), index));
    const bool count = select.count_only;

    PageRequest r;
    r.table = &t;
    r.index = index;
    r.lower = table_prefix(index ? index->id : t.id);
    r.upper = storage::prefix_successor(r.lower);
    if (in.ExclusiveStartKey) {
        FRESHET_TRY(start, start_storage_key(t, index, *in.ExclusiveStartKey));
        r.lower = start + '\0';
    }
    r.limit = in.Limit;
    r.filter = ex.filter ? &*ex.filter : nullptr;
    r.projection = ex.projection ? &*ex.projection : nullptr;
    r.count_only = count;
    r.fetch = index && needs_table_items(t, *index, select.all_attributes, r.projection, r.filter);
    r.all_attributes = select.all_attributes;
    if (in.TotalSegments) {
        const uint64_t total = static_cast<uint64_t>(*in.TotalSegments);
        const uint64_t segment = static_cast<uint64_t>(*in.Segment);
        const std::string hash_name = index ? index->hash.name : t.hash.name;
        r.in_segment = [=](const Item& key) {
            return fnv1a(key_part(key.at(hash_name))) % total == segment;
        };
    }
    Page page = read_page(s.db(), r);
    s.count_reads(t.id, static_cast<uint64_t>(page.count));
    m::ScanOutput out;
    if (!count) out.Items = std::move(page.items);
    out.Count = page.count;
    out.ScannedCount = page.scanned;
    if (page.last_key) out.LastEvaluatedKey = encode_item(*page.last_key);
    out.ConsumedCapacity = consumed_read(in.ReturnConsumedCapacity, t, index, page, consistent);
    return out;
}

}  // namespace freshet::tables
