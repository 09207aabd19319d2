// The tweets of `freshet demo`: JSON in Twitter's v1.1 shape that the refarch consumer reads
// (user.name, id_str, created_at, text), unique keys, and entities that point into the text.
#include "cli/tweets.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <set>

namespace freshet::cli {
namespace {

namespace json = boost::json;

constexpr int64_t kStart = 1715675400000;  // 2024-05-14T08:30:00Z

std::u32string code_points(std::string_view s) {
    std::u32string out;
    for (size_t i = 0; i < s.size();) {
        auto c = static_cast<unsigned char>(s[i]);
        size_t len = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
        char32_t cp = len == 1 ? c : c & (0x3F >> (len - 1));
        for (size_t j = 1; j < len; ++j)
            cp = (cp << 6) | (static_cast<unsigned char>(s[i + j]) & 0x3F);
        out.push_back(cp);
        i += len;
    }
    return out;
}

std::string utf8(std::u32string_view s) {
    std::string out;
    for (char32_t c : s) {
        if (c < 0x80) {
            out += static_cast<char>(c);
        } else if (c < 0x800) {
            out += static_cast<char>(0xC0 | (c >> 6));
            out += static_cast<char>(0x80 | (c & 0x3F));
        } else if (c < 0x10000) {
            out += static_cast<char>(0xE0 | (c >> 12));
            out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (c & 0x3F));
        } else {
            out += static_cast<char>(0xF0 | (c >> 18));
            out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
            out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (c & 0x3F));
        }
    }
    return out;
}

// The text an entity's indices cover.
std::string covered(const std::u32string& text, const json::value& entity) {
    const auto& at = entity.at("indices").as_array();
    auto b = static_cast<size_t>(at[0].as_int64()), e = static_cast<size_t>(at[1].as_int64());
    EXPECT_LE(b, e);
    EXPECT_LE(e, text.size());
    return utf8(std::u32string_view(text).substr(b, e - b));
}

TEST(Tweets, CreatedAtIsTwittersFormat) {
    EXPECT_EQ(format_created_at(1539202764000), "Wed Oct 10 20:19:24 +0000 2018");
    EXPECT_EQ(format_created_at(kStart + 999), "Tue May 14 08:30:00 +0000 2024");
}

TEST(Tweets, StatusesHaveTheFieldsTheConsumerReads) {
    TweetGenerator g(7);
    bool non_ascii = false;
    for (int i = 0; i < 300; ++i) {
        Tweet t = g.next(kStart + i * 700);
        json::value v = json::parse(t.json);
        EXPECT_EQ(v.at("user").at("name").as_string(), t.user_name);
        EXPECT_EQ(v.at("user").at("screen_name").as_string(), t.screen_name);
        EXPECT_EQ(v.at("id_str").as_string(), t.id_str);
        EXPECT_EQ(std::to_string(v.at("id").to_number<uint64_t>()), t.id_str);
        EXPECT_EQ(v.at("created_at").as_string(), format_created_at(kStart + i * 700));
        EXPECT_LE(t.screen_name.size(), 15u);
        for (char c : t.screen_name)
            EXPECT_TRUE(std::isalnum(static_cast<unsigned char>(c)) || c == '_');
        std::string text(v.at("text").as_string());
        auto cps = code_points(text);
        EXPECT_LE(cps.size(), 280u);
        non_ascii = non_ascii || cps.size() != text.size();
        const auto& entities = v.at("entities");
        for (const auto& h : entities.at("hashtags").as_array())
            EXPECT_EQ(covered(cps, h), "#" + std::string(h.at("text").as_string()));
        for (const auto& m : entities.at("user_mentions").as_array())
            EXPECT_EQ(covered(cps, m), "@" + std::string(m.at("screen_name").as_string()));
        for (const auto& u : entities.at("urls").as_array())
            EXPECT_EQ(covered(cps, u), std::string(u.at("url").as_string()));
    }
    EXPECT_TRUE(non_ascii);
}

TEST(Tweets, KeysAreUniqueAndIdsIncreaseEvenWhenTimeStandsStill) {
    TweetGenerator g(1);
    std::set<std::pair<std::string, std::string>> keys;
    uint64_t last = 0;
    for (int i = 0; i < 5000; ++i) {
        Tweet t = g.next(kStart);  // the same millisecond: the sequence, then the next ms
        uint64_t id = std::stoull(t.id_str);
        EXPECT_GT(id, last);
        last = id;
        EXPECT_TRUE(keys.insert({t.user_name, t.id_str}).second);
    }
}

TEST(Tweets, TheSameSeedAndTimesGiveTheSameTweets) {
    TweetGenerator a(42), b(42), c(43);
    bool differs = false;
    for (int i = 0; i < 50; ++i) {
        Tweet ta = a.next(kStart + i), tb = b.next(kStart + i), tc = c.next(kStart + i);
        EXPECT_EQ(ta.json, tb.json);
        differs = differs || ta.json != tc.json;
    }
    EXPECT_TRUE(differs);
}

}  // namespace
}  // namespace freshet::cli
