// Bucket names, ETags, ranges and conditional headers.
#include <gtest/gtest.h>

#include "objects/model/rules.h"

namespace freshet::objects::rules {
namespace {

TEST(BucketName, FollowsS3Rules) {
    for (const char* ok : {"abc", "my-bucket", "my.bucket.1", "a1b"})
        EXPECT_TRUE(valid_bucket_name(ok)) << ok;
    EXPECT_TRUE(valid_bucket_name(std::string(63, 'a')));
    for (const char* bad : {"ab", "Abc", "my_bucket", "-abc", "abc-", "a..b", "192.168.5.4",
                            "xn--abc", "sthree-abc", "abc-s3alias", "abc--ol-s3", ".abc", "ab c"})
        EXPECT_FALSE(valid_bucket_name(bad)) << bad;
    EXPECT_FALSE(valid_bucket_name(std::string(64, 'a')));
}

TEST(ETag, SinglePartIsQuotedMd5) {
    EXPECT_EQ(etag_of(""), "\"d41d8cd98f00b204e9800998ecf8427e\"");
    EXPECT_EQ(etag_of("hello"), "\"5d41402abc4b2a76b9719d911017c592\"");
}

TEST(ETag, MultipartIsMd5OfPartDigestsWithCount) {
    // md5(md5("a") || md5("b")) computed independently with Python's hashlib.
    auto e = multipart_etag({etag_of("a"), "92eb5ffee6ae2fec3ad71c777531578f"});
    ASSERT_TRUE(e);
    EXPECT_EQ(*e, "\"96e024ba2074fe77e8e965ba43a704be-2\"");
    EXPECT_FALSE(multipart_etag({"\"nothex\""}));
}

TEST(Range, Forms) {
    auto r = resolve_range("bytes=0-9", 100);
    ASSERT_TRUE(r.ok() && r.value());
    EXPECT_EQ(r.value()->first, 0);
    EXPECT_EQ(r.value()->last, 9);
    r = resolve_range("bytes=90-", 100);
    EXPECT_EQ(r.value()->first, 90);
    EXPECT_EQ(r.value()->last, 99);
    r = resolve_range("bytes=-10", 100);  // suffix: the last 10 bytes
    EXPECT_EQ(r.value()->first, 90);
    EXPECT_EQ(r.value()->length(), 10);
    r = resolve_range("bytes=-500", 100);  // a suffix longer than the object is all of it
    EXPECT_EQ(r.value()->first, 0);
    r = resolve_range("bytes=50-500", 100);  // the end is clamped
    EXPECT_EQ(r.value()->last, 99);
}

TEST(Range, IgnoredForms) {
    for (const char* h : {"items=0-1", "bytes=0-1,5-6", "bytes=abc", "bytes=5-1"}) {
        auto r = resolve_range(h, 100);
        ASSERT_TRUE(r.ok()) << h;
        EXPECT_FALSE(r.value()) << h;
    }
}

TEST(Range, Unsatisfiable) {
    auto r = resolve_range("bytes=100-", 100);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, "InvalidRange");
    EXPECT_EQ(r.error().status, 416);
    EXPECT_FALSE(resolve_range("bytes=-0", 100).ok());
}

TEST(Conditions, Order) {
    const std::string etag = "\"abc\"";
    const TimePoint mod = from_epoch_millis(1'700'000'000'000);
    const TimePoint before = mod - std::chrono::hours(1), after = mod + std::chrono::hours(1);
    auto code = [&](Conditions c) {
        auto r = check_conditions(c, etag, mod);
        return r.ok() ? std::string("ok") : r.error().code;
    };
    EXPECT_EQ(code({"\"abc\"", {}, {}, {}}), "ok");
    EXPECT_EQ(code({"*", {}, {}, {}}), "ok");
    EXPECT_EQ(code({"\"x\"", {}, {}, {}}), "PreconditionFailed");
    EXPECT_EQ(code({{}, {}, {}, before}), "PreconditionFailed");
    EXPECT_EQ(code({"\"abc\"", {}, {}, before}), "ok");  // If-Match wins
    EXPECT_EQ(code({{}, "\"abc\"", {}, {}}), "NotModified");
    EXPECT_EQ(code({{}, "\"x\", \"abc\"", {}, {}}), "NotModified");
    EXPECT_EQ(code({{}, {}, after, {}}), "NotModified");
    EXPECT_EQ(code({{}, {}, before, {}}), "ok");
    EXPECT_EQ(code({{}, "\"x\"", after, {}}), "ok");  // If-None-Match wins
}

}  // namespace
}  // namespace freshet::objects::rules
