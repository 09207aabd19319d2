// The listing walk over an in-memory cursor: prefixes, delimiters, pages and resumption.
#include <gtest/gtest.h>

#include <set>

#include "objects/model/listing.h"

namespace freshet::objects::listing {
namespace {

struct SetCursor {
    const std::set<std::string>& keys;
    std::set<std::string>::const_iterator it;
    explicit SetCursor(const std::set<std::string>& k) : keys(k), it(k.begin()) {}
    void seek(std::string_view from) { it = keys.lower_bound(std::string(from)); }
    bool valid() const { return it != keys.end(); }
    std::string_view key() const { return *it; }
    void next() { ++it; }
};

struct Listed {
    std::vector<std::string> keys;
    Page page;
};

Listed run(const std::set<std::string>& keys, Request r) {
    SetCursor c(keys);
    Listed out;
    out.page = list_page(c, r, [&](SetCursor& cur) { out.keys.emplace_back(cur.key()); });
    return out;
}

const std::set<std::string> kKeys = {"a", "b/1", "b/2", "b/c/3", "c", "d/4", "e"};

TEST(Listing, AllKeys) {
    auto l = run(kKeys, {});
    EXPECT_EQ(l.keys.size(), kKeys.size());
    EXPECT_FALSE(l.page.truncated);
}

TEST(Listing, Delimiter) {
    auto l = run(kKeys, {"", "/", "", 1000});
    EXPECT_EQ(l.keys, (std::vector<std::string>{"a", "c", "e"}));
    EXPECT_EQ(l.page.common_prefixes, (std::vector<std::string>{"b/", "d/"}));
}

TEST(Listing, PrefixAndDelimiter) {
    auto l = run(kKeys, {"b/", "/", "", 1000});
    EXPECT_EQ(l.keys, (std::vector<std::string>{"b/1", "b/2"}));
    EXPECT_EQ(l.page.common_prefixes, (std::vector<std::string>{"b/c/"}));
}

TEST(Listing, PagesResumeAfterTheLastEntry) {
    std::vector<std::string> keys, prefixes;
    Request r{"", "/", "", 2};
    for (int pages = 0; pages < 10; ++pages) {
        auto l = run(kKeys, r);
        keys.insert(keys.end(), l.keys.begin(), l.keys.end());
        prefixes.insert(prefixes.end(), l.page.common_prefixes.begin(),
                        l.page.common_prefixes.end());
        if (!l.page.truncated) break;
        r.after = l.page.last;
    }
    EXPECT_EQ(keys, (std::vector<std::string>{"a", "c", "e"}));
    EXPECT_EQ(prefixes, (std::vector<std::string>{"b/", "d/"}));
}

TEST(Listing, StartAfter) {
    auto l = run(kKeys, {"", "", "b/2", 1000});
    EXPECT_EQ(l.keys, (std::vector<std::string>{"b/c/3", "c", "d/4", "e"}));
}

TEST(Listing, TruncatedOnlyWhenMoreExist) {
    auto l = run(kKeys, {"", "", "", 7});
    EXPECT_FALSE(l.page.truncated);
    l = run(kKeys, {"", "", "", 6});
    EXPECT_TRUE(l.page.truncated);
    EXPECT_EQ(l.page.last, "d/4");
}

}  // namespace
}  // namespace freshet::objects::listing
