#include "cli/tweets.h"

#include <fmt/format.h>

#include <algorithm>
#include <boost/json.hpp>
#include <cctype>
#include <cmath>
#include <ctime>
#include <deque>
#include <random>
#include <string_view>

namespace freshet::cli {

namespace json = boost::json;

namespace {

using Words = std::vector<std::string_view>;

// Twitter's snowflake epoch (2010-11-04T01:42:54.657Z), in milliseconds.
constexpr int64_t kSnowflakeEpochMs = 1288834974657;
constexpr int kUserPool = 150;
constexpr size_t kRecent = 50;

struct Group {
    Words firsts, lasts;
    std::string_view location, lang;
    Words phrases;
};

const Group kGroups[] = {
    {{"Camille", "Léa", "Mathéo", "Chloé", "Raphaël", "Inès", "Jérôme", "Zoé"},
     {"Dupré", "Lefèvre", "Moreau", "Girard", "Bénard", "Fournier"},
     "Lyon, France",
     "fr",
     {"Enfin un pipeline qui tient la charge !", "Qui d'autre relit la doc à 23h ?",
      "Déploiement réussi, on fête ça", "Les événements arrivent déjà dans la table",
      "Café, croissant et flux Kinesis"}},
    {{"José", "Lucía", "Martín", "Sofía", "Iñaki", "Begoña"},
     {"García", "Muñoz", "Pérez", "Ibáñez", "Núñez"},
     "Bilbao",
     "es",
     {"¿Alguien más probando funciones sin servidor?", "¡Por fin funciona el despliegue!",
      "Mañana presento la demo en la oficina", "Cien mil eventos y ni un error"}},
    {{"Jürgen", "Lena", "Björn", "Anneliese", "Maximilian"},
     {"Müller", "Schröder", "Weiß", "Groß", "Köhler"},
     "München",
     "de",
     {"Endlich läuft die Pipeline stabil", "Größer, schneller, günstiger – so soll's sein",
      "Wer braucht schon Server? Ich nicht.", "Übrigens: die Latenz ist großartig"}},
    {{"Yuki", "Haruto", "Sakura", "Ren"},
     {"Tanaka", "Sato", "Suzuki", "Takahashi"},
     "東京",
     "ja",
     {"今日のデプロイは成功しました", "ストリーム処理の勉強中です", "東京は雨ですが、コードは晴れ",
      "ラムダ関数が速すぎる"}},
    {{"Olivia", "Liam", "Ava", "Noah", "Emma", "Ethan", "Grace", "Dev"},
     {"Smith", "O'Connor", "Nguyen", "Patel", "Johnson", "Okafor"},
     "Seattle, WA",
     "en",
     {"Just shipped a new stream processor", "Who else is debugging shard iterators today?",
      "Latency down from 1.2 s to 8 ms", "Reading about exactly-once delivery again",
      "Coffee first, then the postmortem", "This dashboard finally makes sense",
      "Hot take: batch size 25 is plenty", "The table filled up faster than I could scroll"}},
    {{"Łukasz", "Zofia", "Michał", "Agnieszka"},
     {"Wójcik", "Kowalczyk", "Lewandowski"},
     "Kraków",
     "pl",
     {"Wreszcie działa! Żadnych błędów", "Zaczynam przygodę z przetwarzaniem strumieni"}},
    {{"João", "Beatriz", "Gonçalo"},
     {"Conceição", "Magalhães", "Simões"},
     "Lisboa",
     "pt",
     {"Ação! O pipeline está no ar", "Não acredito que funcionou à primeira"}},
};

const Words kBios = {"Data engineer. Opinions are my own.",
                     "Café, vélo et streaming de données ☕🚴",
                     "Serverless all the things ⚡",
                     "Ingeniera de datos · Bilbao",
                     "Kaffee & Kubernetes",
                     "クラウドとラーメンが好き🍜",
                     "Building pipelines that do not page me at 3am",
                     "Runner 🏃‍♀️ | SRE | she/her",
                     ""};
const Words kHashtags = {"serverless",      "AWS",      "Kinesis",      "Lambda", "DynamoDB",
                         "DataEngineering", "IoT",      "streaming",    "café",   "東京",
                         "Fußball",         "réinvent", "NodeJS",       "Python", "CloudNative",
                         "ÉtéIndien",       "año2024",  "100DaysOfCode"};
// (expanded URL, display URL) prefixes of links.
const std::pair<std::string_view, std::string_view> kSites[] = {
    {"https://example.com/blog/", "example.com/blog/"},
    {"https://docs.example.org/guide/", "docs.example.org/guide/"},
    {"https://news.example.net/articles/", "news.example.net/articles/"}};
const Words kSlugs = {"pipelines", "latency", "kinesis", "dynamo", "notes"};
const Words kEmoji = {"🚀", "🎉", "☕", "🔥", "✅", "📈", "🙌", "😅", "⚡", "🌧️", "🇫🇷"};
const Words kSources = {
    R"(<a href="http://twitter.com/download/iphone" rel="nofollow">Twitter for iPhone</a>)",
    R"(<a href="http://twitter.com/download/android" rel="nofollow">Twitter for Android</a>)",
    R"(<a href="https://mobile.twitter.com" rel="nofollow">Twitter Web App</a>)"};
const int kHashtagCounts[] = {0, 1, 1, 2, 3};
const char kAlphanumerics[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

// ASCII spellings of the letters in the names above, for screen names.
const std::pair<std::string_view, std::string_view> kAscii[] = {
    {"é", "e"}, {"è", "e"}, {"ë", "e"}, {"ô", "o"}, {"ç", "c"}, {"í", "i"},
    {"ñ", "n"}, {"á", "a"}, {"ú", "u"}, {"ü", "u"}, {"ö", "o"}, {"ß", "ss"},
    {"Ł", "L"}, {"ł", "l"}, {"ó", "o"}, {"ã", "a"}, {"õ", "o"}};

struct User {
    uint64_t id = 0;
    std::string name, screen_name, lang;
    json::object json;
};

struct Recent {
    uint64_t id = 0;
    size_t user = 0;
};

// "Łukasz Müller" -> "LukaszMuller": what people type when a handle must be ASCII.
std::string ascii(std::string_view s) {
    std::string out;
    for (size_t i = 0; i < s.size();) {
        unsigned char c = static_cast<unsigned char>(s[i]);
        if (c < 0x80) {
            if (std::isalnum(c) || c == '_') out += static_cast<char>(c);
            ++i;
            continue;
        }
        size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
        for (const auto& [from, to] : kAscii) {
            if (s.substr(i, len) == from) out += to;
        }
        i += len;
    }
    return out;
}

int64_t code_points(std::string_view s) {
    int64_t n = 0;
    for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    return n;
}

// A tweet's text and its entities, with offsets in code points as Twitter counted them.
struct Text {
    std::string text;
    int64_t length = 0;
    json::array hashtags, mentions, urls;

    json::array add(std::string_view piece) {
        if (!text.empty() && text.back() != ' ') {
            text += ' ';
            ++length;
        }
        int64_t start = length;
        text += piece;
        length += code_points(piece);
        return json::array{start, length};
    }
    void mention(const User& u) {
        mentions.push_back(json::object{{"screen_name", u.screen_name},
                                        {"name", u.name},
                                        {"id", u.id},
                                        {"id_str", std::to_string(u.id)},
                                        {"indices", add("@" + u.screen_name)}});
    }
};

}  // namespace

std::string format_created_at(int64_t unix_ms) {
    static const char* const days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static const char* const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    time_t t = static_cast<time_t>(unix_ms / 1000);
    struct tm tm {};
    gmtime_r(&t, &tm);
    return fmt::format("{} {} {:02} {:02}:{:02}:{:02} +0000 {}", days[tm.tm_wday],
                       months[tm.tm_mon], tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                       tm.tm_year + 1900);
}

struct TweetGenerator::Impl {
    std::mt19937_64 rng;  // its sequence is fixed by the standard, unlike the distributions
    std::vector<User> users;
    std::vector<std::string> taken;  // screen names
    std::deque<Recent> recent;       // the last tweets, which replies answer
    int64_t worker = 0, last_ms = 0, sequence = 0;

    explicit Impl(uint64_t seed) : rng(seed) {}

    double uniform() { return static_cast<double>(rng() >> 11) * 0x1.0p-53; }
    bool chance(double p) { return uniform() < p; }
    int64_t between(int64_t lo, int64_t hi) {
        return lo + static_cast<int64_t>(rng() % static_cast<uint64_t>(hi - lo + 1));
    }
    template <class V>
    const auto& pick(const V& v) {
        return v[static_cast<size_t>(between(0, static_cast<int64_t>(std::size(v)) - 1))];
    }

    std::string screen_name(std::string_view first, std::string_view last) {
        std::string base =
            ascii(std::string(first) + (chance(1.0 / 3) ? "_" : "") + std::string(last));
        if (chance(0.6)) {
            for (char& c : base) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        }
        while (true) {
            std::string name =
                chance(0.7) ? (base.substr(0, 11) + std::to_string(between(1, 9999))) : base;
            name = name.substr(0, 15);
            if (!name.empty() && std::find(taken.begin(), taken.end(), name) == taken.end()) {
                taken.push_back(name);
                return name;
            }
        }
    }

    User make_user() {
        const Group& g = pick(kGroups);
        std::string_view first = pick(g.firsts), last = pick(g.lasts);
        User u;
        u.name = fmt::format("{} {}", first, last);
        u.screen_name = screen_name(first, last);
        u.lang = std::string(g.lang);
        u.id = static_cast<uint64_t>(between(1000000, int64_t{1} << 53));
        // Joined between 2008 and 2023.
        int64_t joined_ms = (1199145600 + between(0, int64_t{15} * 365 * 86400)) * 1000;
        auto followers = static_cast<int64_t>(40 / std::pow(1 - uniform(), 1 / 1.2));
        u.json =
            json::object{{"id", u.id},
                         {"id_str", std::to_string(u.id)},
                         {"name", u.name},
                         {"screen_name", u.screen_name},
                         {"location", g.location},
                         {"url", nullptr},
                         {"description", pick(kBios)},
                         {"protected", false},
                         {"verified", chance(0.05)},
                         {"followers_count", followers},
                         {"friends_count", between(0, 2000)},
                         {"listed_count", between(0, 40)},
                         {"favourites_count", between(0, 50000)},
                         {"statuses_count", between(1, 90000)},
                         {"created_at", format_created_at(joined_ms)},
                         {"utc_offset", nullptr},
                         {"time_zone", nullptr},
                         {"geo_enabled", chance(0.2)},
                         {"lang", nullptr},
                         {"profile_image_url_https",
                          fmt::format("https://pbs.twimg.com/profile_images/{}/avatar_normal.jpg",
                                      between(100000000000000000, 999999999999999999))},
                         {"default_profile", chance(0.3)},
                         {"default_profile_image", false}};
        return u;
    }

    void url(Text& t) {
        std::string shortened = "https://t.co/";
        for (int i = 0; i < 10; ++i) shortened += kAlphanumerics[between(0, 61)];
        const auto& [expanded, display] = pick(kSites);
        std::string slug = fmt::format("{}-{}", pick(kSlugs), between(1, 999));
        t.urls.push_back(json::object{{"url", shortened},
                                      {"expanded_url", std::string(expanded) + slug},
                                      {"display_url", std::string(display) + slug},
                                      {"indices", t.add(shortened)}});
    }

    Text text_for(const User& author, const Recent* reply_to) {
        Text t;
        if (reply_to) {
            t.mention(users[reply_to->user]);  // a reply starts with its author's handle
        } else if (chance(0.3)) {
            t.mention(pick(users));
        }
        for (const Group& g : kGroups) {
            if (g.lang == author.lang) t.add(pick(g.phrases));
        }
        if (chance(0.5)) t.add(pick(kEmoji));
        std::vector<size_t> tags(std::size(kHashtags));
        for (size_t i = 0; i < tags.size(); ++i) tags[i] = i;
        int n = pick(kHashtagCounts);
        for (int i = 0; i < n; ++i) {  // distinct tags: a partial shuffle
            std::swap(tags[i],
                      tags[static_cast<size_t>(between(i, static_cast<int64_t>(tags.size()) - 1))]);
            std::string_view tag = kHashtags[tags[i]];
            t.hashtags.push_back(
                json::object{{"text", tag}, {"indices", t.add("#" + std::string(tag))}});
        }
        if (chance(0.4)) url(t);
        if (chance(0.1)) t.mention(pick(users));
        return t;
    }
};

TweetGenerator::TweetGenerator(uint64_t seed) : impl_(std::make_unique<Impl>(seed)) {
    for (int i = 0; i < kUserPool; ++i) impl_->users.push_back(impl_->make_user());
    impl_->worker = impl_->between(0, 1023);
}

TweetGenerator::~TweetGenerator() = default;

Tweet TweetGenerator::next(int64_t unix_ms) {
    Impl& g = *impl_;
    int64_t ms = std::max(unix_ms, g.last_ms);
    g.sequence = ms == g.last_ms ? g.sequence + 1 : 0;
    if (g.sequence > 0xFFF) {  // the sequence has 12 bits: move on to the next millisecond
        ++ms;
        g.sequence = 0;
    }
    g.last_ms = ms;
    uint64_t id =
        static_cast<uint64_t>(((ms - kSnowflakeEpochMs) << 22) | (g.worker << 12) | g.sequence);
    size_t author = static_cast<size_t>(g.between(0, kUserPool - 1));
    const User& user = g.users[author];
    const Recent* reply_to = !g.recent.empty() && g.chance(0.15) ? &g.pick(g.recent) : nullptr;
    Text text = g.text_for(user, reply_to);
    auto reply = [&](auto value) -> json::value {
        return reply_to ? json::value(value) : json::value(nullptr);
    };
    bool has_urls = !text.urls.empty();
    json::object tweet{
        {"created_at", format_created_at(ms)},
        {"id", id},
        {"id_str", std::to_string(id)},
        {"text", text.text},
        {"source", g.pick(kSources)},
        {"truncated", false},
        {"in_reply_to_status_id", reply(reply_to ? reply_to->id : 0)},
        {"in_reply_to_status_id_str", reply(std::to_string(reply_to ? reply_to->id : 0))},
        {"in_reply_to_user_id", reply(reply_to ? g.users[reply_to->user].id : 0)},
        {"in_reply_to_user_id_str",
         reply(std::to_string(reply_to ? g.users[reply_to->user].id : 0))},
        {"in_reply_to_screen_name", reply(reply_to ? g.users[reply_to->user].screen_name : "")},
        {"user", user.json},
        {"geo", nullptr},
        {"coordinates", nullptr},
        {"place", nullptr},
        {"contributors", nullptr},
        {"is_quote_status", false},
        {"quote_count", 0},
        {"reply_count", 0},
        {"retweet_count", 0},
        {"favorite_count", 0},
        {"entities", json::object{{"hashtags", std::move(text.hashtags)},
                                  {"symbols", json::array{}},
                                  {"user_mentions", std::move(text.mentions)},
                                  {"urls", std::move(text.urls)}}},
        {"favorited", false},
        {"retweeted", false},
        {"possibly_sensitive", has_urls ? json::value(false) : json::value(nullptr)},
        {"filter_level", "low"},
        {"lang", user.lang},
        {"timestamp_ms", std::to_string(ms)}};
    g.recent.push_back({id, author});
    if (g.recent.size() > kRecent) g.recent.pop_front();
    return Tweet{json::serialize(tweet), user.name, user.screen_name, std::to_string(id)};
}

}  // namespace freshet::cli
