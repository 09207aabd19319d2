#include "tables/store/request_tokens.h"

#include <boost/json.hpp>
#include <cmath>
#include <optional>
#include <vector>

#include "storage/key_codec.h"
#include "storage/txn.h"
#include "tables/errors.h"

namespace freshet::tables {

namespace json = boost::json;

namespace {

// Expired tokens removed per transaction: bounded so that a burst of expiries never makes one
// write function long; the next transactions remove the rest.
constexpr size_t kPurgePerWrite = 64;

struct Stored {
    std::string digest;
    double at = 0;
};

std::string token_key(std::string_view token) {
    return storage::KeyBuilder().string("txtoken").string(token).str();
}

std::string expiry_prefix() {
    return storage::KeyBuilder().string("txtoken_at").str();
}

std::string expiry_key(double at, std::string_view token) {
    auto ms = static_cast<uint64_t>(std::llround(at * 1000));
    return storage::KeyBuilder().string("txtoken_at").u64(ms).string(token).str();
}

std::optional<Stored> load(const storage::Txn& txn, std::string_view token) {
    auto bytes = txn.get(storage::Cf::TableMeta, token_key(token));
    if (!bytes) return std::nullopt;
    json::value v = json::parse(*bytes);
    return Stored{std::string(v.at("digest").as_string()), v.at("at").to_number<double>()};
}

void purge_expired(storage::Txn& txn, double now) {
    const std::string lower = expiry_prefix();
    const std::string upper = expiry_key(now - kTokenSeconds, "");
    std::vector<std::string> expired;
    {
        auto it = txn.iterate(storage::Cf::TableMeta, lower, upper);
        for (it.seek_to_first(); it.valid() && expired.size() < kPurgePerWrite; it.next())
            expired.emplace_back(it.key());
    }
    for (const auto& k : expired) {
        storage::KeyReader r(k);
        std::string tag, token;
        uint64_t ms = 0;
        if (r.string(tag) && r.u64(ms) && r.string(token)) {
            // A token re-used after it expired has a newer expiry entry: keep its record.
            auto s = load(txn, token);
            if (s && expiry_key(s->at, token) == k)
                txn.del(storage::Cf::TableMeta, token_key(token));
        }
        txn.del(storage::Cf::TableMeta, k);
    }
}

}  // namespace

Result<bool> token_seen(const storage::Txn& txn, std::string_view token, std::string_view digest,
                        double now) {
    auto s = load(txn, token);
    if (!s || now - s->at >= kTokenSeconds) return false;
    if (s->digest != digest) {
        // The wording AWS services use for a client token re-used with other parameters; no
        // capture of DynamoDB's own text was found.
        return dynamo_error("IdempotentParameterMismatchException",
                            "The request uses the same client token as a previous, but "
                            "non-identical request.");
    }
    return true;
}

void remember_token(storage::Txn& txn, std::string_view token, std::string_view digest,
                    double now) {
    if (auto old = load(txn, token)) txn.del(storage::Cf::TableMeta, expiry_key(old->at, token));
    txn.put(storage::Cf::TableMeta, token_key(token),
            json::serialize(json::object{{"digest", digest}, {"at", now}}));
    txn.put(storage::Cf::TableMeta, expiry_key(now, token), "");
    purge_expired(txn, now);
}

}  // namespace freshet::tables
