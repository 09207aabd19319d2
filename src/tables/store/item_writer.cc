#include "tables/store/item_writer.h"

#include "storage/txn.h"
#include "tables/store/index_store.h"
#include "tables/store/item_codec.h"
#include "tables/store/stream_log.h"

namespace freshet::tables {

Result<void> write_change(storage::Txn& txn, const TableMeta& t, std::string_view key,
                          const std::optional<Item>& old, const std::optional<Item>& now,
                          const ChangeOrigin& origin) {
    FRESHET_CHECK(write_index_entries(txn, t, old, now));
    if (t.enabled_stream()) append_stream_record(txn, t, old, now, origin);
    if (now) {
        txn.put(storage::Cf::TableItems, key, encode_stored_item(*now));
    } else if (old) {
        txn.del(storage::Cf::TableItems, key);
    }
    return Ok{};
}

}  // namespace freshet::tables
