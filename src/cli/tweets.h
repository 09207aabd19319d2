// Made-up tweets in the shape of Twitter's v1.1 status JSON, for `freshet demo`.
//
// What comes out looks like what the streaming API used to send: `created_at` in Twitter's own
// format ("Wed Oct 10 20:19:24 +0000 2018"), snowflake ids of that time, a `user` object, and
// `entities` (hashtags, user_mentions, urls) whose `indices` count code points into `text`.
// Texts mix languages, accents, CJK and emoji, so that every hop keeps UTF-8 intact.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace freshet::cli {

struct Tweet {
    std::string json;         // the status, one line of UTF-8 JSON
    std::string user_name;    // user.name: the table's hash key (Username)
    std::string screen_name;  // user.screen_name: the record's partition key
    std::string id_str;       // the table's range key (Id)
};

// Twitter's `created_at` of a time in Unix milliseconds: "Wed Oct 10 20:19:24 +0000 2018"
// (always UTC, English names).
std::string format_created_at(int64_t unix_ms);

// A generator of tweets. The same seed and the same times give the same tweets. Ids are
// snowflakes (time, worker, sequence) that always increase, so within one generator every
// (user.name, id_str) is unique; generators that run at different times, or whose workers
// (chosen by the seed) differ, do not collide either. Not thread-safe.
class TweetGenerator {
  public:
    explicit TweetGenerator(uint64_t seed);

    // The next tweet, created at `unix_ms`; a time before the previous tweet's is moved up to
    // it (ids never go back).
    Tweet next(int64_t unix_ms);

    ~TweetGenerator();
    TweetGenerator(const TweetGenerator&) = delete;
    TweetGenerator& operator=(const TweetGenerator&) = delete;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace freshet::cli
