// DecodeCache: remembers the decoded form of stored bytes that are read far more often than
// they change (a stream's or a table's metadata, read by every request on it).
//
// Contract: a lookup hits only when the bytes just read equal the bytes the cached value was
// decoded from, so the cache can never return a stale value: whoever reads the bytes (from the
// database or from a write batch) still decides what is current; the cache only skips the
// decode. Bounded: past `max_entries` keys it starts over. Thread-safe.
#pragma once

#include <cstddef>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

namespace freshet {

template <class T>
class DecodeCache {
  public:
    explicit DecodeCache(size_t max_entries = 4096) : max_entries_(max_entries) {}

    // The value decoded from `bytes` under `key`: the cached copy when `bytes` are the ones it
    // came from, else decode(bytes), remembered when it yields a value. `decode` returns
    // std::optional<T> (nullopt: the bytes do not decode; nothing is remembered).
    template <class Decode>
    std::optional<T> get(std::string_view key, std::string_view bytes, Decode&& decode) {
        {
            std::lock_guard lock(mu_);
            auto it = entries_.find(key);  // no copy of the key: the map's lookup is transparent
            if (it != entries_.end() && it->second.first == bytes) return it->second.second;
        }
        std::optional<T> value = decode(bytes);
        if (value) {
            std::lock_guard lock(mu_);
            if (entries_.size() >= max_entries_) entries_.clear();
            entries_.insert_or_assign(std::string(key), std::make_pair(std::string(bytes), *value));
        }
        return value;
    }

  private:
    struct Hash {
        using is_transparent = void;
        size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
    };

    const size_t max_entries_;
    std::mutex mu_;
    // key → (bytes, value)
    std::unordered_map<std::string, std::pair<std::string, T>, Hash, std::equal_to<>> entries_;
};

}  // namespace freshet
