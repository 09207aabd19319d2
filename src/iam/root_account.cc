#include "iam/root_account.h"

#include <fmt/format.h>

#include "core/crypto.h"
#include "core/ids.h"
#include "storage/db.h"

namespace freshet::iam {
namespace {

// Keys in the System column family. Persisted: never rename.
constexpr std::string_view kAccountIdKey = "account/id";
constexpr std::string_view kRootKeyIdKey = "account/root/access_key_id";
constexpr std::string_view kRootSecretKey = "account/root/secret_sealed";

bool valid_preset(const RootAccount::KeyPair& k) {
    return k.access_key_id.size() >= 16 && k.access_key_id.size() <= 128 &&
           k.secret_access_key.size() >= 16;
}

}  // namespace

Result<std::unique_ptr<RootAccount>> RootAccount::open(storage::Db& db, std::string seal_key,
                                                       std::optional<KeyPair> preset) {
    using storage::Cf;
    if (preset && !valid_preset(*preset)) {
        return ApiError{"InvalidParameterValue",
                        "FRESHET_ROOT_ACCESS_KEY_ID must have 16 to 128 characters and "
                        "FRESHET_ROOT_SECRET_ACCESS_KEY at least 16",
                        400};
    }
    std::unique_ptr<RootAccount> account(new RootAccount());
    auto id = db.get(Cf::System, kAccountIdKey);
    auto key_id = db.get(Cf::System, kRootKeyIdKey);
    auto sealed = db.get(Cf::System, kRootSecretKey);
    std::string secret;
    bool have_keys = key_id && sealed && crypto::open(seal_key, *sealed, secret);
    if (key_id && sealed && !have_keys) {
        return ApiError::internal(
            "the stored root secret cannot be opened with this data directory's server.key "
            "(was the key file replaced?)");
    }
    account->account_id_ = id ? *id : ids::account_id();
    if (preset) {
        account->keys_ = *preset;
    } else if (have_keys) {
        account->keys_ = {*key_id, secret};
    } else {
        account->keys_ = {ids::access_key_id(false), ids::secret_access_key()};
    }
    bool changed = !id || !have_keys || account->keys_.access_key_id != *key_id ||
                   account->keys_.secret_access_key != secret;
    if (changed) {
        std::string new_sealed = crypto::seal(seal_key, account->keys_.secret_access_key);
        const RootAccount& a = *account;
        auto written = db.committer().commit_sync([&](storage::Txn& txn) -> Result<void> {
            txn.put(Cf::System, kAccountIdKey, a.account_id_);
            txn.put(Cf::System, kRootKeyIdKey, a.keys_.access_key_id);
            txn.put(Cf::System, kRootSecretKey, new_sealed);
            return Ok{};
        });
        if (!written.ok()) return std::move(written).take_error();
    }
    return account;
}

Principal RootAccount::root_principal() const {
    Principal p;
    p.type = PrincipalType::Root;
    p.account_id = account_id_;
    p.arn = fmt::format("arn:aws:iam::{}:root", account_id_);
    p.user_id = account_id_;
    p.access_key_id = keys_.access_key_id;
    return p;
}

std::optional<Credential> RootAccount::find(std::string_view access_key_id) const {
    if (access_key_id != keys_.access_key_id) return std::nullopt;
    Credential c;
    c.secret_access_key = keys_.secret_access_key;
    c.principal = root_principal();
    return c;
}

}  // namespace freshet::iam
