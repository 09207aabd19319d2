#include "tables/api/read_common.h"

#include "tables/api/index_read.h"
#include "tables/errors.h"
#include "tables/expr/evaluate.h"
#include "tables/store/item_codec.h"

namespace freshet::tables {

namespace {

constexpr size_t kMaxPageBytes = size_t{1} << 20;  // DynamoDB's 1 MB of data read per page

// The table's item of a local index entry, as the table has it now.
std::optional<Item> fetch_item(storage::Db& db, const TableMeta& t, const Item& entry, Page& page) {
    auto bytes = db.get(storage::Cf::TableItems, item_key(t, project_key(t, entry)));
    if (!bytes) return std::nullopt;
    Item item = decode_stored_item(*bytes);
    page.fetched_bytes += item_size(item);
    return item;
}

}  // namespace

Page read_page(storage::Db& db, const PageRequest& r) {
    Page page;
    auto it = db.iterate(storage::Cf::TableItems, r.lower, r.upper);
    if (r.forward) {
        it.seek_to_first();
    } else {
        it.seek_to_last();
    }
    bool stopped = false;  // by Limit or by the page size: DynamoDB then sets LastEvaluatedKey
    for (; it.valid(); r.forward ? it.next() : it.prev()) {
        Item item = decode_stored_item(it.value());
        if (r.key_condition && !expr::evaluate(*r.key_condition, item)) continue;
        Item key = page_key(*r.table, r.index, item);
        if (r.in_segment && !r.in_segment(key)) continue;
        ++page.scanned;
        page.scanned_bytes += item_size(item);
        page.last_key = std::move(key);
        std::optional<Item> full;
        if (r.fetch) full = fetch_item(db, *r.table, item, page);
        const Item& seen = full ? *full : item;
        // An item deleted since its entry was read is not returned.
        if ((!r.fetch || full) && (!r.filter || expr::evaluate(*r.filter, seen))) {
            ++page.count;
            if (!r.count_only) {
                const Item& out = r.projection || r.all_attributes ? seen : item;
                page.items.push_back(
                    encode_item(r.projection ? expr::project(out, *r.projection) : out));
            }
        }
        if ((r.limit && page.scanned >= *r.limit) || page.scanned_bytes >= kMaxPageBytes) {
            stopped = true;
            break;
        }
    }
    if (!stopped) page.last_key.reset();
    return page;
}

Result<Item> decode_start_key(const std::map<std::string, boost::json::value>& wire) {
    auto key = decode_item(wire);
    if (!key.ok()) {
        const std::string& msg = key.error().message;
        // DynamoDB prefixes some of these messages and not others (dynalite recorded which).
        bool bare = msg.find("contains duplicates") != std::string::npos ||
                    msg.find("number set") != std::string::npos ||
                    msg.find("numeric value") != std::string::npos ||
                    msg.find("significant digits") != std::string::npos ||
                    msg.find("number with magnitude") != std::string::npos;
        if (bare) return std::move(key).take_error();
        return validation_error("The provided starting key is invalid: " + msg);
    }
    return std::move(key).value();
}

Result<Item> start_key(const TableMeta& t, const std::map<std::string, boost::json::value>& wire) {
    FRESHET_TRY(key, decode_start_key(wire));
    if (key.size() != (t.range ? 2u : 1u)) {
        return validation_error("The provided starting key is invalid");
    }
    auto checked = check_key(t, key);
    if (!checked.ok()) {
        return validation_error("The provided starting key is invalid: " + checked.error().message);
    }
    return key;
}

Result<SelectPlan> select_plan(const std::optional<std::string>& select, bool has_projection,
                               const IndexDef* index) {
    const std::string s =
        select.value_or(has_projection ? "SPECIFIC_ATTRIBUTES"
                                       : (index ? "ALL_PROJECTED_ATTRIBUTES" : "ALL_ATTRIBUTES"));
    if (s == "ALL_PROJECTED_ATTRIBUTES" && !index) {
        return validation_error(
            "ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName");
    }
    if (has_projection && s != "SPECIFIC_ATTRIBUTES") {
        return validation_error(
            "One or more parameter values were invalid: Cannot specify the "
            "AttributesToGet or ProjectionExpression when choosing to get " +
            s);
    }
    if (s == "ALL_ATTRIBUTES" && index && index->global && index->projection != "ALL") {
        return validation_error(
            "One or more parameter values were invalid: Select type ALL_ATTRIBUTES is not "
            "supported for global secondary index " +
            index->name + " because its projection type is not ALL");
    }
    return SelectPlan{s == "COUNT", s == "ALL_ATTRIBUTES"};
}

}  // namespace freshet::tables
