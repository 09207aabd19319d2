#include "iam/store/iam_store.h"

#include <cctype>

#include "core/crypto.h"
#include "core/encoding.h"
#include "iam/aws_managed.h"
#include "storage/db.h"

namespace freshet::iam::store {
namespace {

using storage::Cf;

template <class It, class T, class Decode>
void collect(It& it, std::vector<T>& out, Decode decode) {
    for (it.seek_to_first(); it.valid(); it.next()) {
        if (auto v = decode(it.value())) out.push_back(std::move(*v));
    }
}

std::string lower(std::string_view s) {
    std::string out(s);
    for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

}  // namespace

std::string name_from_arn(std::string_view arn) {
    size_t slash = arn.rfind('/');
    return std::string(slash == std::string_view::npos ? arn : arn.substr(slash + 1));
}

// --- Tx ---

std::optional<Entity> Tx::entity(Kind kind, std::string_view name) const {
    auto v = txn_.get(Cf::Iam, record_key(kind, name));
    return v ? decode_entity(*v) : std::nullopt;
}

std::vector<Entity> Tx::entities(Kind kind) const {
    auto [lo, hi] = kind_range(kind);
    auto it = txn_.iterate(Cf::Iam, lo, hi);
    std::vector<Entity> out;
    collect(it, out, [](std::string_view v) { return decode_entity(v); });
    return out;
}

void Tx::put(const Entity& e) {
    txn_.put(Cf::Iam, record_key(e.kind, e.name), encode(e));
}

void Tx::erase(Kind kind, std::string_view name) {
    txn_.del(Cf::Iam, record_key(kind, name));
}

std::optional<ManagedPolicy> Tx::policy(std::string_view name) const {
    auto v = txn_.get(Cf::Iam, record_key(Kind::Policy, name));
    return v ? decode_policy(*v) : std::nullopt;
}

void Tx::put(const ManagedPolicy& p) {
    txn_.put(Cf::Iam, record_key(Kind::Policy, p.name), encode(p));
}

std::optional<AccessKey> Tx::access_key(std::string_view id) const {
    auto v = txn_.get(Cf::Iam, record_key(Kind::AccessKey, id));
    return v ? decode_key(*v) : std::nullopt;
}

std::vector<AccessKey> Tx::access_keys(std::string_view user) const {
    auto [lo, hi] = kind_range(Kind::AccessKey);
    auto it = txn_.iterate(Cf::Iam, lo, hi);
    std::vector<AccessKey> all, out;
    collect(it, all, [](std::string_view v) { return decode_key(v); });
    for (auto& k : all) {
        if (lower(k.user) == lower(user)) out.push_back(std::move(k));
    }
    return out;
}

void Tx::put(const AccessKey& k) {
    txn_.put(Cf::Iam, record_key(Kind::AccessKey, k.id), encode(k));
}

void Tx::put(const Session& s) {
    txn_.put(Cf::Iam, record_key(Kind::Session, s.id), encode(s));
}

void Tx::erase_key(std::string_view id) {
    txn_.del(Cf::Iam, record_key(Kind::AccessKey, id));
}

// --- IamStore: reads ---

IamStore::IamStore(storage::Db& db, std::string seal_key, std::string account_id)
    : db_(db), seal_key_(std::move(seal_key)), account_id_(std::move(account_id)) {}

std::optional<Entity> IamStore::entity(Kind kind, std::string_view name) const {
    auto v = db_.get(Cf::Iam, record_key(kind, name));
    return v ? decode_entity(*v) : std::nullopt;
}

std::vector<Entity> IamStore::entities(Kind kind) const {
    auto [lo, hi] = kind_range(kind);
    auto it = db_.iterate(Cf::Iam, lo, hi);
    std::vector<Entity> out;
    collect(it, out, [](std::string_view v) { return decode_entity(v); });
    return out;
}

std::optional<ManagedPolicy> IamStore::policy(std::string_view arn) const {
    if (const auto* builtin = find_aws_managed(arn)) return *builtin;
    auto v = db_.get(Cf::Iam, record_key(Kind::Policy, name_from_arn(arn)));
    if (!v) return std::nullopt;
    auto p = decode_policy(*v);
    if (!p || p->arn != arn) return std::nullopt;
    return p;
}

std::vector<ManagedPolicy> IamStore::customer_policies() const {
    auto [lo, hi] = kind_range(Kind::Policy);
    auto it = db_.iterate(Cf::Iam, lo, hi);
    std::vector<ManagedPolicy> out;
    collect(it, out, [](std::string_view v) { return decode_policy(v); });
    return out;
}

std::optional<AccessKey> IamStore::access_key(std::string_view id) const {
    auto v = db_.get(Cf::Iam, record_key(Kind::AccessKey, id));
    return v ? decode_key(*v) : std::nullopt;
}

std::vector<AccessKey> IamStore::access_keys(std::string_view user) const {
    auto [lo, hi] = kind_range(Kind::AccessKey);
    auto it = db_.iterate(Cf::Iam, lo, hi);
    std::vector<AccessKey> all, out;
    collect(it, all, [](std::string_view v) { return decode_key(v); });
    for (auto& k : all) {
        if (lower(k.user) == lower(user)) out.push_back(std::move(k));
    }
    return out;
}

Result<void> IamStore::write(std::function<Result<void>(Tx&)> fn) {
    return db_.committer().commit_sync([&](storage::Txn& txn) {
        Tx tx(txn);
        return fn(tx);
    });
}

std::string IamStore::seal(std::string_view secret) const {
    // Base64: records are JSON text, and sealed bytes are not UTF-8.
    return base64_encode(crypto::seal(seal_key_, secret));
}

std::optional<std::string> IamStore::open_secret(std::string_view sealed) const {
    auto bytes = base64_decode(sealed);
    std::string plain;
    if (!bytes || !crypto::open(seal_key_, *bytes, plain)) return std::nullopt;
    return plain;
}

std::vector<PolicyText> IamStore::identity_policies(const Principal& who) const {
    std::vector<PolicyText> out;
    auto add_entity = [&](const Entity& e, const char* what) {
        for (const auto& [name, doc] : e.inline_policies)
            out.push_back({std::string(what) + " inline policy " + name, doc});
        for (const auto& arn : e.attached) {
            if (auto p = policy(arn)) out.push_back({arn, p->default_document().document});
        }
    };
    if (who.type == PrincipalType::User) {
        auto user = entity(Kind::User, who.name);
        if (!user || user->arn != who.arn) return out;
        add_entity(*user, "user");
        for (const auto& g : user->groups) {
            if (auto group = entity(Kind::Group, g)) add_entity(*group, "group");
        }
    } else if (who.type == PrincipalType::AssumedRole) {
        auto role = entity(Kind::Role, name_from_arn(who.role_arn));
        if (!role || role->arn != who.role_arn) return out;
        add_entity(*role, "role");
    }
    return out;
}

void IamStore::note_key_use(const std::string& id, std::string service, std::string region,
                            TimePoint now) {
    {
        std::lock_guard lock(usage_mu_);
        auto& last = usage_written_[id];
        if (now - last < std::chrono::minutes(1)) return;
        last = now;
    }
    // Fire and forget: a lost usage note is harmless, and the request must not wait for it.
    db_.committer().submit(
        [id, service = std::move(service), region = std::move(region), now](storage::Txn& txn) {
            Tx tx(txn);
            auto key = tx.access_key(id);
            if (!key) return Result<void>(Ok{});
            key->last_used = now;
            key->last_service = service;
            key->last_region = region;
            tx.put(*key);
            return Result<void>(Ok{});
        },
        [](Result<void>) {});
}

}  // namespace freshet::iam::store
