// Helpers shared by the storage tests.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <memory>
#include <string>

#include "storage/db.h"

namespace freshet::storage::testing {

// A fresh directory under the system temp directory, removed at the end of the test.
class TempDir {
  public:
    TempDir() {
        static std::atomic<int> counter{0};
        path_ = std::filesystem::temp_directory_path() /
                ("freshet-storage-" + std::to_string(::getpid()) + "-" +
                 std::to_string(counter.fetch_add(1)));
        std::filesystem::remove_all(path_);
        std::filesystem::create_directories(path_);
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    std::string path() const { return path_.string(); }
    std::string sub(const std::string& name) const { return (path_ / name).string(); }

  private:
    std::filesystem::path path_;
};

inline std::unique_ptr<Db> open_db(const std::string& path, bool sync = true) {
    auto db = Db::open(Db::Options{.path = path, .sync = sync});
    if (!db.ok()) ADD_FAILURE() << db.error().message;
    return db.ok() ? std::move(db).value() : nullptr;
}

// Commits puts synchronously and checks the acknowledgement.
inline void put_sync(Db& db, Cf cf, const std::string& key, const std::string& value) {
    auto r = db.committer().commit_sync([&](Txn& txn) -> Result<void> {
        txn.put(cf, key, value);
        return Ok{};
    });
    ASSERT_TRUE(r.ok()) << r.error().message;
}

}  // namespace freshet::storage::testing
