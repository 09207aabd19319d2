// IamStore as a CredentialStore: IAM users' long-term keys and STS sessions.
#include <fmt/format.h>

#include "core/crypto.h"
#include "core/encoding.h"
#include "core/ids.h"
#include "iam/store/iam_store.h"
#include "storage/db.h"

namespace freshet::iam::store {

Principal IamStore::user_principal(const Entity& user, std::string access_key_id) const {
    Principal p;
    p.type = PrincipalType::User;
    p.account_id = account_id_;
    p.arn = user.arn;
    p.user_id = user.id;
    p.name = user.name;
    p.access_key_id = std::move(access_key_id);
    return p;
}

std::optional<Credential> IamStore::find(std::string_view access_key_id) const {
    if (access_key_id.substr(0, 4) == "ASIA") return find_session(access_key_id);
    auto key = access_key(access_key_id);
    if (!key) return std::nullopt;
    auto user = entity(Kind::User, key->user);
    if (!user) return std::nullopt;
    auto secret = open_secret(key->secret_sealed);
    if (!secret) return std::nullopt;
    Credential c;
    c.secret_access_key = std::move(*secret);
    c.principal = user_principal(*user, key->id);
    c.active = key->active;
    return c;
}

std::optional<Credential> IamStore::find_session(std::string_view id) const {
    auto v = db_.get(storage::Cf::Iam, record_key(Kind::Session, id));
    if (!v) return std::nullopt;
    auto s = decode_session(*v);
    if (!s) return std::nullopt;
    auto secret = open_secret(s->secret_sealed);
    if (!secret) return std::nullopt;
    Credential c;
    c.secret_access_key = std::move(*secret);
    c.session_token = s->token;
    c.principal = s->principal;
    return c;
}

Result<Session> IamStore::create_session(Principal principal) {
    Session s;
    s.id = ids::access_key_id(true);
    std::string secret = ids::secret_access_key();
    // AWS's session tokens are long opaque base64 strings; 192 random bytes give the same
    // shape (clients pass them back verbatim in X-Amz-Security-Token).
    s.token = base64_encode(crypto::random_bytes(192));
    s.secret_sealed = seal(secret);
    principal.access_key_id = s.id;
    s.principal = std::move(principal);
    const Session& stored = s;
    auto written = write([&](Tx& tx) -> Result<void> {
        tx.put(stored);
        return Ok{};
    });
    if (!written.ok()) return std::move(written).take_error();
    s.secret_sealed = std::move(secret);
    return s;
}

}  // namespace freshet::iam::store
