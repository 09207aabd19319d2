#include "objects/api/list_common.h"

#include "core/encoding.h"

namespace freshet::objects {

Result<listing::Request> list_request(const std::optional<std::string>& prefix,
                                      const std::optional<std::string>& delimiter,
                                      const std::optional<int64_t>& max_keys,
                                      std::string_view argument) {
    listing::Request req;
    req.prefix = prefix.value_or("");
    req.delimiter = delimiter.value_or("");
    req.max_keys = std::min(max_keys.value_or(kMaxListKeys), kMaxListKeys);
    if (req.max_keys < 0) {
        return errors::invalid_argument(
            "Argument " + std::string(argument) + " must be an integer between 0 and 2147483647",
            std::string(argument), std::to_string(req.max_keys));
    }
    return req;
}

ListedPage list_bucket(const storage::Db& db, std::string_view bucket,
                       const listing::Request& request) {
    ListedPage out;
    store::KeyCursor cursor(db, bucket);
    listing::Page page = listing::list_page(cursor, request, [&](store::KeyCursor& c) {
        store::ObjectRecord r = c.record();
        m::Object o;
        o.Key = r.key;
        o.LastModified = from_epoch_millis(r.modified_ms);
        o.ETag = r.etag;
        o.Size = r.size;
        o.StorageClass = "STANDARD";
        out.contents.push_back(std::move(o));
    });
    out.common_prefixes = std::move(page.common_prefixes);
    out.truncated = page.truncated;
    out.last = std::move(page.last);
    return out;
}

std::string maybe_encode(const std::optional<std::string>& encoding, std::string_view s) {
    if (encoding && *encoding == "url") return uri_encode(s, true);
    return std::string(s);
}

}  // namespace freshet::objects
