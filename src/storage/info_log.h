// Private to src/storage: RocksDB's info LOG, written by Freshet rather than by RocksDB.
//
// RocksDB's own logger stops the process on a full disk (the Debian build keeps its
// assertions, and it asserts that a file whose append failed is never appended to again), so
// a full disk would kill the server on RocksDB's second log line. This one drops the lines it
// cannot write and writes again once space returns. Same place and size bound as before:
// `<db>/LOG`, rolled to `LOG.old.1` .. `LOG.old.<keep-1>` at `max_bytes`.
#pragma once

#include <cstddef>
#include <memory>
#include <string>

namespace rocksdb {
class Logger;
}  // namespace rocksdb

namespace freshet::storage::detail {

std::shared_ptr<rocksdb::Logger> make_info_log(const std::string& dir, size_t max_bytes,
                                               size_t keep);

}  // namespace freshet::storage::detail
