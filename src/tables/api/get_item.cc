#include "tables/api/common.h"
#include "tables/errors.h"
#include "tables/expr/evaluate.h"
#include "tables/store/item_codec.h"

namespace freshet::tables {

// Reads see acknowledged writes only, so every read is strongly consistent; ConsistentRead
// changes only the capacity reported.
Result<m::GetItemOutput> get_item(TablesService& s, RequestContext&, const m::GetItemInput& in) {
    if (in.AttributesToGet && in.ProjectionExpression) {
        return validation_error(
            "Can not use both expression and non-expression parameters in the same request: "
            "Non-expression parameters: {AttributesToGet} Expression parameters: "
            "{ProjectionExpression}");
    }
    FRESHET_TRY(key, decode_item(in.Key));
    ExpressionInputs ei;
    ei.projection = &in.ProjectionExpression;
    ei.names = &in.ExpressionAttributeNames;
    FRESHET_TRY(ex, compile_expressions(ei));
    FRESHET_TRY(legacy, attributes_to_get(in.AttributesToGet));
    if (legacy) ex.projection = std::move(legacy);
    FRESHET_TRY(t, require_table(s, in.TableName));
    FRESHET_CHECK(check_key(t, key));
    m::GetItemOutput out;
    size_t bytes = 0;
    if (auto stored = s.db().get(storage::Cf::TableItems, item_key(t, key))) {
        Item item = decode_stored_item(*stored);
        bytes = item_size(item);
        out.Item = encode_item(ex.projection ? expr::project(item, *ex.projection) : item);
        s.count_reads(t.id, 1);
    }
    out.ConsumedCapacity = consumed(in.ReturnConsumedCapacity, t.name,
                                    read_units(bytes, in.ConsistentRead.value_or(false)), false);
    return out;
}

}  // namespace freshet::tables
