// DeleteTable: removes the metadata and every item in one write, so a crash never leaves half
// a table. (The items of a very large table make one large batch; tables of Freshet's size
// are fine. Ids are never reused, so leftovers could not resurface anyway.)
#include "storage/key_codec.h"
#include "tables/api/common.h"
#include "tables/errors.h"
#include "tables/store/index_store.h"
#include "tables/store/item_codec.h"
#include "tables/store/stream_log.h"

namespace freshet::tables {

void delete_table(TablesService& s, RequestContext&, m::DeleteTableInput in,
                  Reply<m::DeleteTableOutput> reply) {
    auto meta = std::make_shared<std::optional<TableMeta>>();
    s.db().committer().submit(
        [meta, name = in.TableName](storage::Txn& txn) -> Result<void> {
            *meta = load_table(txn, name);
            if (!*meta) {
                return resource_not_found("Requested resource not found: Table: " + name +
                                          " not found");
            }
            std::vector<std::string> keys;
            std::string prefix = table_prefix((*meta)->id);
            auto it =
                txn.iterate(storage::Cf::TableItems, prefix, storage::prefix_successor(prefix));
            for (it.seek_to_first(); it.valid(); it.next()) keys.emplace_back(it.key());
            for (const auto& k : keys) txn.del(storage::Cf::TableItems, k);
            for (const auto& i : (*meta)->indexes) delete_entries(txn, i.id);
            for (const auto& stream : (*meta)->streams) drop_stream_data(txn, stream.id);
            txn.del(storage::Cf::TableMeta, meta_key(name));
            return Ok{};
        },
        [&s, meta, reply = std::move(reply)](Result<void> r) {
            if (!r.ok()) return reply(std::move(r).take_error());
            s.forget_table((*meta)->id);
            m::DeleteTableOutput out;
            out.TableDescription = describe(s, **meta, false);
            out.TableDescription->TableStatus = "DELETING";
            reply(std::move(out));
        });
}

}  // namespace freshet::tables
