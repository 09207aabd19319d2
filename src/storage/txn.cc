#include "storage/txn.h"

#include <rocksdb/db.h>
#include <rocksdb/utilities/write_batch_with_index.h>

#include "storage/engine.h"

namespace freshet::storage {
namespace {

rocksdb::Slice slice(std::string_view s) {
    return {s.data(), s.size()};
}

// A batch write fails only on programming errors (an unknown column family, a batch past its
// byte limit), never because of the disk: that is a bug, hence an exception.
void check_write(const rocksdb::Status& status, std::string_view what) {
    if (!status.ok()) {
        throw std::logic_error("storage txn " + std::string(what) + ": " + status.ToString());
    }
}

}  // namespace

std::optional<std::string> Txn::get(Cf cf, std::string_view key) const {
    std::string value;
    auto status = batch_.GetFromBatchAndDB(engine_.db, rocksdb::ReadOptions(), engine_.cf(cf),
                                           slice(key), &value);
    if (status.IsNotFound()) return std::nullopt;
    if (!status.ok()) detail::throw_read_error("txn get", status.ToString());
    return value;
}

void Txn::put(Cf cf, std::string_view key, std::string_view value) {
    check_write(batch_.Put(engine_.cf(cf), slice(key), slice(value)), "put");
}

void Txn::del(Cf cf, std::string_view key) {
    check_write(batch_.Delete(engine_.cf(cf), slice(key)), "del");
}

Iterator Txn::iterate(Cf cf, std::string lower, std::string upper) const {
    return detail::make_iterator(engine_, cf, std::move(lower), std::move(upper), &batch_);
}

}  // namespace freshet::storage
