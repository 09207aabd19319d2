// Functions and their code, durable in the Functions column family:
//   "fn/<name>"     the function's configuration (JSON, the stored fields below)
//   "code/<sha256>" a code zip, shared by every function created from the same bytes
// Keys are persisted: append only, never rename.
//
// Thread-safety: every method from any thread; writes go through the group committer and
// block until durable (functions change rarely; invocations never write here).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"

namespace freshet::storage {
class Db;
}

namespace freshet::functions::store {

struct FunctionRecord {
    std::string name;
    std::string runtime;
    std::string role;
    std::string handler;
    std::string description;
    int64_t timeout = 3;
    int64_t memory_size = 128;
    std::map<std::string, std::string> environment;
    std::string code_sha256;  // Lambda's CodeSha256 (base64); also the code's storage key
    int64_t code_size = 0;
    std::string last_modified;  // "2026-11-26T14:52:39.123+0000", as Lambda formats it
    std::string revision_id;
};

class FunctionStore {
  public:
    explicit FunctionStore(storage::Db& db) : db_(db) {}

    std::optional<FunctionRecord> get(const std::string& name) const;
    // Names in order, from after `marker` (exclusive), at most `limit`.
    std::vector<FunctionRecord> list(const std::string& marker, size_t limit) const;
    std::optional<std::string> code(const std::string& sha256) const;

    // Creates the function and stores its code. Fails with `conflict` if it already exists.
    Result<void> create(const FunctionRecord& f, const std::string& zip, ApiError conflict);
    // Replaces the record (and stores `zip` when given) only if the stored revision is
    // `expected_revision`; otherwise fails with `stale`.
    Result<void> update(const FunctionRecord& f, const std::string& expected_revision,
                        const std::string* zip, ApiError stale);
    Result<void> remove(const std::string& name);

  private:
    storage::Db& db_;
};

}  // namespace freshet::functions::store
