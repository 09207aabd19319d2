// IamStore: IAM's durable state (users, roles, groups, managed policies, access keys, STS
// sessions) in the Iam column family, and the CredentialStore for IAM users' access keys and
// STS temporary credentials.
//
// Reads go to RocksDB on every call, with no cache: a key disabled, deleted or a policy
// changed is seen by the very next request. Writes run through the group committer with
// commit_sync (IAM writes are rare; the IAM handlers are synchronous).
//
// Secrets (access keys' and sessions') are sealed with crypto::seal under the server key, so a
// copy of the data directory without server.key does not reveal them; they are never logged.
//
// Thread safety: every method may be called from any thread; write functions run on the
// commit thread (see storage/committer.h) and must not call back into commit_sync.
#pragma once

#include <chrono>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "iam/credentials.h"
#include "iam/store/records.h"

namespace freshet::storage {
class Db;
class Txn;
}  // namespace freshet::storage

namespace freshet::iam::store {

// Typed access to IAM records inside one write function (read-your-writes, atomic).
class Tx {
  public:
    explicit Tx(storage::Txn& txn) : txn_(txn) {}
    std::optional<Entity> entity(Kind kind, std::string_view name) const;
    std::vector<Entity> entities(Kind kind) const;
    void put(const Entity& e);
    void erase(Kind kind, std::string_view name);
    // Customer managed policies, by name (unique per account, whatever the case).
    std::optional<ManagedPolicy> policy(std::string_view name) const;
    void put(const ManagedPolicy& p);
    std::optional<AccessKey> access_key(std::string_view id) const;
    std::vector<AccessKey> access_keys(std::string_view user) const;
    void put(const AccessKey& k);
    void put(const Session& s);
    void erase_key(std::string_view id);

  private:
    storage::Txn& txn_;
};

// A document and a name for the decision's reason.
struct PolicyText {
    std::string name;
    std::string document;
};

class IamStore final : public CredentialStore {
  public:
    IamStore(storage::Db& db, std::string seal_key, std::string account_id);

    const std::string& account_id() const { return account_id_; }

    // Committed reads.
    std::optional<Entity> entity(Kind kind, std::string_view name) const;
    std::vector<Entity> entities(Kind kind) const;
    // A customer managed policy or a built-in AWS managed one, by ARN.
    std::optional<ManagedPolicy> policy(std::string_view arn) const;
    std::vector<ManagedPolicy> customer_policies() const;
    std::optional<AccessKey> access_key(std::string_view id) const;
    std::vector<AccessKey> access_keys(std::string_view user) const;

    // Runs `fn` atomically on the commit thread and waits until it is durable. Its error
    // rolls its writes back and is returned.
    Result<void> write(std::function<Result<void>(Tx&)> fn);

    // Seals a secret for a record (base64 of crypto::seal), and opens one; nullopt when it was
    // sealed under another server key.
    std::string seal(std::string_view secret) const;
    std::optional<std::string> open_secret(std::string_view sealed) const;

    // Mints temporary credentials for `principal` (whose expires is set by the caller) and
    // stores them. Returns the session with the plaintext secret in secret_sealed's place.
    Result<Session> create_session(Principal principal);

    // The identity-based policies of a principal: a user's inline, attached, and its groups'
    // inline and attached policies; an assumed role's inline and attached policies. Empty for
    // a principal that no longer exists.
    std::vector<PolicyText> identity_policies(const Principal& who) const;

    // Records GetAccessKeyLastUsed's data, at most once a minute per key (a write per request
    // would put IAM on every request's commit path).
    void note_key_use(const std::string& access_key_id, std::string service, std::string region,
                      TimePoint now);

    // CredentialStore: IAM users' access keys (AKIA) and STS sessions (ASIA).
    std::optional<Credential> find(std::string_view access_key_id) const override;

    Principal user_principal(const Entity& user, std::string access_key_id) const;

  private:
    std::optional<Credential> find_session(std::string_view id) const;
    storage::Db& db_;
    const std::string seal_key_;
    const std::string account_id_;
    std::mutex usage_mu_;
    std::unordered_map<std::string, TimePoint> usage_written_;
};

// A user, role or group name from an ARN's last path segment.
std::string name_from_arn(std::string_view arn);

}  // namespace freshet::iam::store
