// BatchWriteItem: up to 25 puts and deletes over one or more tables, validated first (as
// DynamoDB does: nothing is written when any request is invalid) and then written in ONE write
// function, so they are acknowledged together. UnprocessedItems is always empty: Freshet has
// no throughput limit that could leave requests unprocessed.
#include <set>
#include <tuple>

#include "tables/api/common.h"
#include "tables/errors.h"
#include "tables/store/item_codec.h"
#include "tables/store/item_writer.h"

namespace freshet::tables {

namespace {

constexpr size_t kMaxRequests = 25;

struct Write {
    bool put = false;
    Item item;  // the item (put) or the key (delete)
};

struct BatchPlan {
    std::map<std::string, std::vector<Write>> tables;
    std::map<std::string, double> units;  // filled by the write function
    std::map<std::string, uint64_t> ids;  // table ids, filled by the write function
};

Result<std::shared_ptr<BatchPlan>> plan(const m::BatchWriteItemInput& in) {
    auto p = std::make_shared<BatchPlan>();
    size_t total = 0;
    for (const auto& [table, requests] : in.RequestItems) {
        auto& writes = p->tables[table];
        for (const auto& r : requests) {
            if (r.PutRequest.has_value() == r.DeleteRequest.has_value()) {
                return validation_error(
                    "Supplied AttributeValue has more than one datatypes set, "
                    "must contain exactly one of the supported datatypes");
            }
            Write w;
            w.put = r.PutRequest.has_value();
            FRESHET_TRY(item, decode_item(w.put ? r.PutRequest->Item : r.DeleteRequest->Key));
            if (w.put) FRESHET_CHECK(check_item_size(item));
            w.item = std::move(item);
            writes.push_back(std::move(w));
        }
        total += requests.size();
    }
    if (total > kMaxRequests) {
        return validation_error("Too many items requested for the BatchWriteItem call");
    }
    return p;
}

// Checks every request of one table against its schema, without writing.
Result<std::vector<std::string>> keys_of(const TableMeta& t, const std::vector<Write>& writes) {
    std::vector<std::string> keys;
    std::set<std::string> seen;
    for (const auto& w : writes) {
        Item key;
        if (w.put) {
            auto k = key_of_item(t, w.item);
            // BatchWriteItem words every key problem of a put this way.
            if (!k.ok()) {
                const std::string& msg = k.error().message;
                if (msg.find("Missing the key") != std::string::npos ||
                    msg.find("Type mismatch for key") != std::string::npos) {
                    return validation_error("The provided key element does not match the schema");
                }
                return std::move(k).take_error();
            }
            key = std::move(k).value();
        } else {
            FRESHET_CHECK(check_key(t, w.item));
            key = w.item;
        }
        std::string storage_key = item_key(t, key);
        if (!seen.insert(storage_key).second) {
            return validation_error("Provided list of item keys contains duplicates");
        }
        keys.push_back(std::move(storage_key));
    }
    return keys;
}

Result<void> run(BatchPlan& p, storage::Txn& txn, double now) {
    std::vector<std::tuple<const std::vector<Write>*, std::vector<std::string>, TableMeta>> checked;
    for (const auto& [name, writes] : p.tables) {
        auto t = load_table(txn, name);
        if (!t) return resource_not_found();
        p.ids[name] = t->id;
        FRESHET_TRY(keys, keys_of(*t, writes));
        checked.emplace_back(&writes, std::move(keys), std::move(*t));
    }
    auto table = p.tables.begin();
    for (const auto& [writes, keys, meta] : checked) {
        double units = 0;
        for (size_t i = 0; i < writes->size(); ++i) {
            const Write& w = (*writes)[i];
            std::optional<Item> old;
            if (auto bytes = txn.get(storage::Cf::TableItems, keys[i]))
                old = decode_stored_item(*bytes);
            size_t bytes = old ? item_size(*old) : 0;
            if (w.put) bytes = std::max(bytes, item_size(w.item));
            FRESHET_CHECK(write_change(txn, meta, keys[i], old,
                                       w.put ? std::optional<Item>(w.item) : std::nullopt,
                                       ChangeOrigin{false, now}));
            units += write_units(bytes);
        }
        p.units[table->first] = units;
        ++table;
    }
    return Ok{};
}

}  // namespace

void batch_write_item(TablesService& s, RequestContext& ctx, m::BatchWriteItemInput in,
                      Reply<m::BatchWriteItemOutput> reply) {
    auto planned = plan(in);
    if (!planned.ok()) return reply(std::move(planned).take_error());
    auto p = std::move(planned).value();
    s.db().committer().submit(
        [p, now = epoch_seconds(ctx.clock->now())](storage::Txn& txn) { return run(*p, txn, now); },
        [&s, p, capacity = in.ReturnConsumedCapacity, reply = std::move(reply)](Result<void> r) {
            if (!r.ok()) return reply(std::move(r).take_error());
            for (const auto& [table, writes] : p->tables)
                s.count_writes(p->ids[table], writes.size());
            m::BatchWriteItemOutput out;
            out.UnprocessedItems.emplace();
            out.ConsumedCapacity = consumed_per_table(capacity, p->units, true);
            reply(std::move(out));
        });
}

}  // namespace freshet::tables
