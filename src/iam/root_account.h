// The account and its root user: created on first start and persisted, so every later start
// answers with the same account id and keys.
//
// The root secret is kept sealed (AES-256-GCM) under the server's key file, like every IAM
// secret, so a copy of the database without that file does not reveal it. Scripted setups
// can choose the root key pair with FRESHET_ROOT_ACCESS_KEY_ID and
// FRESHET_ROOT_SECRET_ACCESS_KEY: when set, they replace the stored pair.
//
// Thread-safety: after open(), every method is const and safe from any thread.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "core/principal.h"
#include "core/result.h"
#include "iam/credentials.h"

namespace freshet::storage {
class Db;
}

namespace freshet::iam {

class RootAccount final : public CredentialStore {
  public:
    struct KeyPair {
        std::string access_key_id;
        std::string secret_access_key;
    };

    // Loads the account, creating it on first start. `seal_key` is the server's 32-byte key.
    // `preset` (from the environment) replaces the stored root key pair when given.
    static Result<std::unique_ptr<RootAccount>> open(storage::Db& db, std::string seal_key,
                                                     std::optional<KeyPair> preset);

    const std::string& account_id() const { return account_id_; }
    const KeyPair& root_keys() const { return keys_; }
    Principal root_principal() const;

    std::optional<Credential> find(std::string_view access_key_id) const override;

  private:
    RootAccount() = default;
    std::string account_id_;
    KeyPair keys_;
};

}  // namespace freshet::iam
