// Functions, their versions, aliases, policies and code, durable in the Functions column family:
//   "fn/<name>"                  the function's $LATEST configuration, tags and reserved
//                                concurrency (JSON, the FunctionRecord fields below)
//   "code/<sha256>"              a code zip, shared by every function created from the same bytes
//   "ver/<name>/<10-digit N>"    published version N: an immutable snapshot of $LATEST
//   "alias/<name>/<alias>"       an alias (AliasRecord)
//   "policy/<name>/<qualifier>"  the resource-based policy of $LATEST, a version or an alias
//                                (the policy document as GetPolicy returns it)
//   "osuser/<name>"              the number of the OS user the function runs as when the
//                                server runs as root (decimal)
//   "osuser-next"                the next such number: numbers are never given twice
// Keys and JSON field names are persisted: append only, never rename or reorder.
//
// Thread-safety: every method from any thread; writes go through the group committer and
// block until durable (functions change rarely; invocations never write here).
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"

namespace freshet::storage {
class Db;
class Txn;
}  // namespace freshet::storage

namespace freshet::functions::store {

struct FunctionRecord {
    std::string name;
    std::string version = "$LATEST";  // "$LATEST", or "N" for a published version
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
    std::string revision_id;    // Lambda's RevisionId: changes on every change Lambda reports
    // Changes only when code or configuration change (not on tags, policies or publishing):
    // what PublishVersion compares to find that nothing changed since the last version.
    std::string internal_revision;
    // $LATEST only:
    int64_t next_version = 1;
    std::map<std::string, std::string> tags;
    std::optional<int64_t> reserved_concurrency;
};

struct AliasRecord {
    std::string name;
    std::string function_version;
    std::string description;
    std::map<std::string, double> additional_version_weights;  // RoutingConfig
    std::string revision_id;
};

class FunctionStore {
  public:
    // A read-check-write inside one commit: reads see committed data and this commit's writes.
    class Tx {
      public:
        explicit Tx(storage::Txn& txn) : txn_(txn) {}
        std::optional<FunctionRecord> function(const std::string& name) const;
        void put_function(const FunctionRecord& f);
        std::optional<FunctionRecord> version(const std::string& name, int64_t n) const;
        void put_version(const FunctionRecord& v);  // v.version is "N"
        void remove_version(const std::string& name, int64_t n);
        std::optional<AliasRecord> alias(const std::string& name, const std::string& alias) const;
        std::vector<AliasRecord> aliases(const std::string& name) const;
        void put_alias(const std::string& name, const AliasRecord& a);
        void remove_alias(const std::string& name, const std::string& alias);
        std::optional<std::string> policy(const std::string& name,
                                          const std::string& qualifier) const;
        void put_policy(const std::string& name, const std::string& qualifier,
                        const std::string& document);
        void remove_policy(const std::string& name, const std::string& qualifier);
        void put_code(const std::string& sha256, const std::string& zip);
        // Gives the function its OS user number (os_user()) if it has none.
        void assign_os_user(const std::string& name);
        // The function and everything that belongs to it (not its code, which is shared).
        void remove_all(const std::string& name);

      private:
        storage::Txn& txn_;
    };

    explicit FunctionStore(storage::Db& db) : db_(db) {}

    std::optional<FunctionRecord> get(const std::string& name) const;
    // Names in order, from after `marker` (exclusive), at most `limit`.
    std::vector<FunctionRecord> list(const std::string& marker, size_t limit) const;
    std::optional<std::string> code(const std::string& sha256) const;
    std::optional<FunctionRecord> version(const std::string& name, int64_t n) const;
    // Published versions in ascending order, from after version `after`, at most `limit`.
    std::vector<FunctionRecord> versions(const std::string& name, int64_t after,
                                         size_t limit) const;
    std::optional<AliasRecord> alias(const std::string& name, const std::string& alias) const;
    std::vector<AliasRecord> aliases(const std::string& name) const;
    std::optional<std::string> policy(const std::string& name, const std::string& qualifier) const;

    // Creates the function and stores its code. Fails with `conflict` if it already exists.
    Result<void> create(const FunctionRecord& f, const std::string& zip, ApiError conflict);
    // Replaces the record (and stores `zip` when given) only if the stored revision is
    // `expected_revision`; otherwise fails with `stale`.
    Result<void> update(const FunctionRecord& f, const std::string& expected_revision,
                        const std::string* zip, ApiError stale);
    Result<void> remove(const std::string& name);
    // The number of the OS user the function's processes run as when the server runs as root:
    // given on first use, never given to another function, forgotten with the function.
    Result<int64_t> os_user(const std::string& name);
    std::optional<int64_t> known_os_user(const std::string& name) const;
    // Runs `change` in one commit; an error from it rolls its writes back.
    Result<void> transact(const std::function<Result<void>(Tx&)>& change);

  private:
    storage::Db& db_;
};

}  // namespace freshet::functions::store
