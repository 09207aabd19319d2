// The listing walk shared by ListObjects and ListObjectsV2: keys in order from a cursor, the
// ones under `prefix` after `after`, keys that contain the delimiter after the prefix rolled up
// into one common prefix each, `max_keys` entries (keys and prefixes together) at most.
//
// Resuming: `after` is the last entry of the previous page (a key, or a common prefix, which
// skips every key under it), or StartAfter/Marker given by the client.
//
// Pure over the Cursor concept: seek(string_view) to the first key >= it, valid(), key(),
// next(). Header-only so tests can drive it with an in-memory cursor.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace freshet::objects::listing {

struct Request {
    std::string prefix;
    std::string delimiter;
    std::string after;
    int64_t max_keys = 1000;
};

struct Page {
    std::vector<std::string> common_prefixes;
    bool truncated = false;
    std::string last;  // the last entry returned (key or common prefix); "" when none
};

// The smallest string greater than every string starting with `s`; "" when none exists.
inline std::string successor(std::string s) {
    while (!s.empty() && static_cast<unsigned char>(s.back()) == 0xFF) s.pop_back();
    if (!s.empty()) s.back() = static_cast<char>(static_cast<unsigned char>(s.back()) + 1);
    return s;
}

// Calls on_key(cursor) for every key entry, in order.
template <class Cursor, class OnKey>
Page list_page(Cursor& c, const Request& r, OnKey on_key) {
    Page page;
    int64_t count = 0;
    c.seek(r.after > r.prefix ? std::string_view(r.after) : std::string_view(r.prefix));
    while (c.valid()) {
        std::string key(c.key());
        if (key.compare(0, r.prefix.size(), r.prefix) != 0) break;
        if (!r.after.empty() && key <= r.after) {
            c.next();
            continue;
        }
        if (!r.delimiter.empty()) {
            size_t pos = key.find(r.delimiter, r.prefix.size());
            if (pos != std::string::npos) {
                std::string cp = key.substr(0, pos + r.delimiter.size());
                std::string next = successor(cp);
                if (cp > r.after || r.after.empty()) {
                    if (count == r.max_keys) {
                        page.truncated = true;
                        break;
                    }
                    page.common_prefixes.push_back(cp);
                    page.last = cp;
                    ++count;
                }
                if (next.empty()) break;
                c.seek(next);
                continue;
            }
        }
        if (count == r.max_keys) {
            page.truncated = true;
            break;
        }
        on_key(c);
        page.last = key;
        ++count;
        c.next();
    }
    return page;
}

}  // namespace freshet::objects::listing
