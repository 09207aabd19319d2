// What ListObjects and ListObjectsV2 share: one page of entries from the store.
#pragma once

#include "objects/api/common.h"
#include "objects/model/listing.h"

namespace freshet::objects {

struct ListedPage {
    std::vector<m::Object> contents;
    std::vector<std::string> common_prefixes;
    bool truncated = false;
    std::string last;
};

// S3 caps a page at 1,000 keys whatever max-keys asks.
inline constexpr int64_t kMaxListKeys = 1000;

// The listing request both versions (and ListMultipartUploads) start from: prefix, delimiter
// and max-keys (S3's InvalidArgument for a negative one, naming `argument`).
Result<listing::Request> list_request(const std::optional<std::string>& prefix,
                                      const std::optional<std::string>& delimiter,
                                      const std::optional<int64_t>& max_keys,
                                      std::string_view argument = "maxKeys");

ListedPage list_bucket(const storage::Db& db, std::string_view bucket,
                       const listing::Request& request);

// EncodingType=url: keys and prefixes URL-encoded in the reply (botocore decodes them).
std::string maybe_encode(const std::optional<std::string>& encoding, std::string_view s);

// The CommonPrefixes of a listing answer, URL-encoded when asked.
template <class Output>
void set_common_prefixes(Output& out, const std::vector<std::string>& prefixes,
                         const std::optional<std::string>& enc) {
    if (prefixes.empty()) return;
    out.CommonPrefixes.emplace();
    for (const auto& p : prefixes) {
        m::CommonPrefix cp;
        cp.Prefix = maybe_encode(enc, p);
        out.CommonPrefixes->push_back(std::move(cp));
    }
}

// Contents and CommonPrefixes of either version's answer, URL-encoded when asked.
template <class Output>
void set_entries(Output& out, ListedPage page, const std::optional<std::string>& enc) {
    for (auto& o : page.contents) o.Key = maybe_encode(enc, *o.Key);
    if (!page.contents.empty()) out.Contents = std::move(page.contents);
    set_common_prefixes(out, page.common_prefixes, enc);
}

}  // namespace freshet::objects
