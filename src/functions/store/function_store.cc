#include "functions/store/function_store.h"

#include <fmt/format.h>

#include <boost/json.hpp>

#include "storage/db.h"
#include "storage/txn.h"

namespace freshet::functions::store {
namespace {

namespace json = boost::json;
using storage::Cf;

std::string fn_key(const std::string& name) {
    return "fn/" + name;
}
std::string code_key(const std::string& sha) {
    return "code/" + sha;
}
std::string version_prefix(const std::string& name) {
    return "ver/" + name + "/";
}
std::string version_key(const std::string& name, int64_t n) {
    return fmt::format("ver/{}/{:010d}", name, n);
}
std::string alias_prefix(const std::string& name) {
    return "alias/" + name + "/";
}
std::string policy_prefix(const std::string& name) {
    return "policy/" + name + "/";
}
// The end of a "<kind>/<name>/" range: '0' follows '/', and names hold no '/'.
std::string range_end(std::string prefix) {
    prefix.back() = '0';
    return prefix;
}

json::object string_map(const std::map<std::string, std::string>& m) {
    json::object o;
    for (const auto& [k, v] : m) o[k] = v;
    return o;
}

std::map<std::string, std::string> string_map(const json::object& o, const char* key) {
    std::map<std::string, std::string> m;
    if (const auto* v = o.if_contains(key))
        for (const auto& kv : v->as_object())
            m[std::string(kv.key())] = std::string(kv.value().as_string());
    return m;
}

std::string encode(const FunctionRecord& f) {
    json::object o{{"name", f.name},
                   {"runtime", f.runtime},
                   {"role", f.role},
                   {"handler", f.handler},
                   {"description", f.description},
                   {"timeout", f.timeout},
                   {"memory_size", f.memory_size},
                   {"environment", string_map(f.environment)},
                   {"code_sha256", f.code_sha256},
                   {"code_size", f.code_size},
                   {"last_modified", f.last_modified},
                   {"revision_id", f.revision_id},
                   {"version", f.version},
                   {"internal_revision", f.internal_revision},
                   {"next_version", f.next_version},
                   {"tags", string_map(f.tags)}};
    if (f.reserved_concurrency) o["reserved_concurrency"] = *f.reserved_concurrency;
    return json::serialize(o);
}

FunctionRecord decode(std::string_view text) {
    json::object o = json::parse(text).as_object();
    auto str = [&](const char* k) { return std::string(o.at(k).as_string()); };
    FunctionRecord f;
    f.name = str("name");
    f.runtime = str("runtime");
    f.role = str("role");
    f.handler = str("handler");
    f.description = str("description");
    f.timeout = o.at("timeout").to_number<int64_t>();
    f.memory_size = o.at("memory_size").to_number<int64_t>();
    f.environment = string_map(o, "environment");
    f.code_sha256 = str("code_sha256");
    f.code_size = o.at("code_size").to_number<int64_t>();
    f.last_modified = str("last_modified");
    f.revision_id = str("revision_id");
    // Records written before versions existed lack the fields below.
    if (o.contains("version")) f.version = str("version");
    f.internal_revision =
        o.contains("internal_revision") ? str("internal_revision") : f.revision_id;
    if (o.contains("next_version")) f.next_version = o.at("next_version").to_number<int64_t>();
    f.tags = string_map(o, "tags");
    if (const auto* r = o.if_contains("reserved_concurrency"))
        f.reserved_concurrency = r->to_number<int64_t>();
    return f;
}

std::string encode(const AliasRecord& a) {
    json::object weights;
    for (const auto& [k, v] : a.additional_version_weights) weights[k] = v;
    json::object o{{"name", a.name},
                   {"function_version", a.function_version},
                   {"description", a.description},
                   {"additional_version_weights", std::move(weights)},
                   {"revision_id", a.revision_id}};
    return json::serialize(o);
}

AliasRecord decode_alias(std::string_view text) {
    json::object o = json::parse(text).as_object();
    auto str = [&](const char* k) { return std::string(o.at(k).as_string()); };
    AliasRecord a;
    a.name = str("name");
    a.function_version = str("function_version");
    a.description = str("description");
    for (const auto& kv : o.at("additional_version_weights").as_object())
        a.additional_version_weights[std::string(kv.key())] = kv.value().to_number<double>();
    a.revision_id = str("revision_id");
    return a;
}

// Reads shared by the store (committed data) and a Tx (committed data and the commit's writes):
// both have get(cf, key) and iterate(cf, lower, upper).
template <class Source>
std::optional<FunctionRecord> read_function(const Source& src, const std::string& key) {
    auto v = src.get(Cf::Functions, key);
    if (!v) return std::nullopt;
    return decode(*v);
}

template <class Source>
std::vector<AliasRecord> read_aliases(const Source& src, const std::string& name) {
    std::vector<AliasRecord> out;
    auto it = src.iterate(Cf::Functions, alias_prefix(name), range_end(alias_prefix(name)));
    for (it.seek_to_first(); it.valid(); it.next()) out.push_back(decode_alias(it.value()));
    return out;
}

template <class Source>
std::vector<std::string> keys_in(const Source& src, const std::string& prefix) {
    std::vector<std::string> out;
    auto it = src.iterate(Cf::Functions, prefix, range_end(prefix));
    for (it.seek_to_first(); it.valid(); it.next()) out.emplace_back(it.key());
    return out;
}

// The function's OS user number, given now if it has none (inside a commit).
int64_t assign_os_user(storage::Txn& txn, const std::string& name) {
    std::string key = "osuser/" + name;
    if (auto v = txn.get(Cf::Functions, key)) return std::stoll(*v);
    auto next = txn.get(Cf::Functions, "osuser-next");
    int64_t n = next ? std::stoll(*next) : 0;
    txn.put(Cf::Functions, "osuser-next", std::to_string(n + 1));
    txn.put(Cf::Functions, key, std::to_string(n));
    return n;
}

}  // namespace

// --- Tx ---

std::optional<FunctionRecord> FunctionStore::Tx::function(const std::string& name) const {
    return read_function(txn_, fn_key(name));
}
void FunctionStore::Tx::put_function(const FunctionRecord& f) {
    txn_.put(Cf::Functions, fn_key(f.name), encode(f));
}
std::optional<FunctionRecord> FunctionStore::Tx::version(const std::string& name, int64_t n) const {
    return read_function(txn_, version_key(name, n));
}
void FunctionStore::Tx::put_version(const FunctionRecord& v) {
    txn_.put(Cf::Functions, version_key(v.name, std::stoll(v.version)), encode(v));
}
void FunctionStore::Tx::remove_version(const std::string& name, int64_t n) {
    txn_.del(Cf::Functions, version_key(name, n));
}
std::optional<AliasRecord> FunctionStore::Tx::alias(const std::string& name,
                                                    const std::string& alias) const {
    auto v = txn_.get(Cf::Functions, alias_prefix(name) + alias);
    if (!v) return std::nullopt;
    return decode_alias(*v);
}
std::vector<AliasRecord> FunctionStore::Tx::aliases(const std::string& name) const {
    return read_aliases(txn_, name);
}
void FunctionStore::Tx::put_alias(const std::string& name, const AliasRecord& a) {
    txn_.put(Cf::Functions, alias_prefix(name) + a.name, encode(a));
}
void FunctionStore::Tx::remove_alias(const std::string& name, const std::string& alias) {
    txn_.del(Cf::Functions, alias_prefix(name) + alias);
}
std::optional<std::string> FunctionStore::Tx::policy(const std::string& name,
                                                     const std::string& qualifier) const {
    return txn_.get(Cf::Functions, policy_prefix(name) + qualifier);
}
void FunctionStore::Tx::put_policy(const std::string& name, const std::string& qualifier,
                                   const std::string& document) {
    txn_.put(Cf::Functions, policy_prefix(name) + qualifier, document);
}
void FunctionStore::Tx::remove_policy(const std::string& name, const std::string& qualifier) {
    txn_.del(Cf::Functions, policy_prefix(name) + qualifier);
}
void FunctionStore::Tx::assign_os_user(const std::string& name) {
    store::assign_os_user(txn_, name);
}
void FunctionStore::Tx::put_code(const std::string& sha256, const std::string& zip) {
    txn_.put(Cf::Functions, code_key(sha256), zip);
}
void FunctionStore::Tx::remove_all(const std::string& name) {
    std::vector<std::string> keys;
    for (const auto& prefix : {version_prefix(name), alias_prefix(name), policy_prefix(name)}) {
        auto more = keys_in(txn_, prefix);
        keys.insert(keys.end(), more.begin(), more.end());
    }
    for (const auto& k : keys) txn_.del(Cf::Functions, k);
    txn_.del(Cf::Functions, fn_key(name));
    txn_.del(Cf::Functions, "osuser/" + name);
}

// --- FunctionStore ---

std::optional<FunctionRecord> FunctionStore::get(const std::string& name) const {
    return read_function(db_, fn_key(name));
}

std::vector<FunctionRecord> FunctionStore::list(const std::string& marker, size_t limit) const {
    std::vector<FunctionRecord> out;
    auto it = db_.iterate(Cf::Functions, "fn/", "fn0");  // '0' follows '/'
    it.seek(marker.empty() ? "fn/" : fn_key(marker) + '\0');
    for (; it.valid() && out.size() < limit; it.next()) out.push_back(decode(it.value()));
    return out;
}

std::optional<std::string> FunctionStore::code(const std::string& sha256) const {
    return db_.get(Cf::Functions, code_key(sha256));
}

std::optional<FunctionRecord> FunctionStore::version(const std::string& name, int64_t n) const {
    return read_function(db_, version_key(name, n));
}

std::vector<FunctionRecord> FunctionStore::versions(const std::string& name, int64_t after,
                                                    size_t limit) const {
    std::vector<FunctionRecord> out;
    auto it = db_.iterate(Cf::Functions, version_prefix(name), range_end(version_prefix(name)));
    it.seek(version_key(name, after) + '\0');
    for (; it.valid() && out.size() < limit; it.next()) out.push_back(decode(it.value()));
    return out;
}

std::optional<AliasRecord> FunctionStore::alias(const std::string& name,
                                                const std::string& alias) const {
    auto v = db_.get(Cf::Functions, alias_prefix(name) + alias);
    if (!v) return std::nullopt;
    return decode_alias(*v);
}

std::vector<AliasRecord> FunctionStore::aliases(const std::string& name) const {
    return read_aliases(db_, name);
}

std::optional<std::string> FunctionStore::policy(const std::string& name,
                                                 const std::string& qualifier) const {
    return db_.get(Cf::Functions, policy_prefix(name) + qualifier);
}

Result<void> FunctionStore::create(const FunctionRecord& f, const std::string& zip,
                                   ApiError conflict) {
    return transact([&](Tx& tx) -> Result<void> {
        if (tx.function(f.name)) return conflict;
        tx.put_function(f);
        tx.put_code(f.code_sha256, zip);
        tx.assign_os_user(f.name);  // now rather than in the first invocation's path
        return Ok{};
    });
}

Result<void> FunctionStore::update(const FunctionRecord& f, const std::string& expected_revision,
                                   const std::string* zip, ApiError stale) {
    return transact([&](Tx& tx) -> Result<void> {
        auto current = tx.function(f.name);
        if (!current || current->revision_id != expected_revision) return stale;
        // Only code and configuration change here; tags, concurrency and version numbering
        // are kept as stored.
        FunctionRecord merged = f;
        merged.tags = current->tags;
        merged.reserved_concurrency = current->reserved_concurrency;
        merged.next_version = current->next_version;
        tx.put_function(merged);
        if (zip) tx.put_code(f.code_sha256, *zip);
        return Ok{};
    });
}

Result<void> FunctionStore::remove(const std::string& name) {
    return transact([&](Tx& tx) -> Result<void> {
        tx.remove_all(name);
        return Ok{};
    });
}

std::optional<int64_t> FunctionStore::known_os_user(const std::string& name) const {
    if (auto v = db_.get(Cf::Functions, "osuser/" + name)) return std::stoll(*v);
    return std::nullopt;
}

Result<int64_t> FunctionStore::os_user(const std::string& name) {
    if (auto known = known_os_user(name)) return *known;
    int64_t n = 0;  // functions created before numbers were given get theirs on first use
    FRESHET_CHECK(db_.committer().commit_sync([&](storage::Txn& txn) -> Result<void> {
        n = assign_os_user(txn, name);
        return Ok{};
    }));
    return n;
}

Result<void> FunctionStore::transact(const std::function<Result<void>(Tx&)>& change) {
    return db_.committer().commit_sync([&](storage::Txn& txn) -> Result<void> {
        Tx tx(txn);
        return change(tx);
    });
}

}  // namespace freshet::functions::store
