#include "functions/store/function_store.h"

#include <boost/json.hpp>

#include "storage/db.h"

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

std::string encode(const FunctionRecord& f) {
    json::object env;
    for (const auto& [k, v] : f.environment) env[k] = v;
    json::object o{{"name", f.name},
                   {"runtime", f.runtime},
                   {"role", f.role},
                   {"handler", f.handler},
                   {"description", f.description},
                   {"timeout", f.timeout},
                   {"memory_size", f.memory_size},
                   {"environment", std::move(env)},
                   {"code_sha256", f.code_sha256},
                   {"code_size", f.code_size},
                   {"last_modified", f.last_modified},
                   {"revision_id", f.revision_id}};
    return json::serialize(o);
}

FunctionRecord decode(const std::string& text) {
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
    for (const auto& kv : o.at("environment").as_object())
        f.environment[std::string(kv.key())] = std::string(kv.value().as_string());
    f.code_sha256 = str("code_sha256");
    f.code_size = o.at("code_size").to_number<int64_t>();
    f.last_modified = str("last_modified");
    f.revision_id = str("revision_id");
    return f;
}

}  // namespace

std::optional<FunctionRecord> FunctionStore::get(const std::string& name) const {
    auto v = db_.get(Cf::Functions, fn_key(name));
    if (!v) return std::nullopt;
    return decode(*v);
}

std::vector<FunctionRecord> FunctionStore::list(const std::string& marker, size_t limit) const {
    std::vector<FunctionRecord> out;
    auto it = db_.iterate(Cf::Functions, "fn/", "fn0");  // '0' follows '/'
    it.seek(marker.empty() ? "fn/" : fn_key(marker) + '\0');
    for (; it.valid() && out.size() < limit; it.next())
        out.push_back(decode(std::string(it.value())));
    return out;
}

std::optional<std::string> FunctionStore::code(const std::string& sha256) const {
    return db_.get(Cf::Functions, code_key(sha256));
}

Result<void> FunctionStore::create(const FunctionRecord& f, const std::string& zip,
                                   ApiError conflict) {
    return db_.committer().commit_sync([&](storage::Txn& txn) -> Result<void> {
        if (txn.get(Cf::Functions, fn_key(f.name))) return conflict;
        txn.put(Cf::Functions, fn_key(f.name), encode(f));
        txn.put(Cf::Functions, code_key(f.code_sha256), zip);
        return Ok{};
    });
}

Result<void> FunctionStore::update(const FunctionRecord& f, const std::string& expected_revision,
                                   const std::string* zip, ApiError stale) {
    return db_.committer().commit_sync([&](storage::Txn& txn) -> Result<void> {
        auto current = txn.get(Cf::Functions, fn_key(f.name));
        if (!current || decode(*current).revision_id != expected_revision) return stale;
        txn.put(Cf::Functions, fn_key(f.name), encode(f));
        if (zip) txn.put(Cf::Functions, code_key(f.code_sha256), *zip);
        return Ok{};
    });
}

Result<void> FunctionStore::remove(const std::string& name) {
    return db_.committer().commit_sync([&](storage::Txn& txn) -> Result<void> {
        txn.del(Cf::Functions, fn_key(name));
        return Ok{};
    });
}

}  // namespace freshet::functions::store
