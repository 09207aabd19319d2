#include "core/clock.h"

#include <gtest/gtest.h>

namespace freshet {
namespace {

TEST(Clock, FormatsAndParsesAmzDate) {
    TimePoint t = parse_amz_date("20150830T123600Z").value();
    EXPECT_EQ(amz_date(t), "20150830T123600Z");
    EXPECT_EQ(iso8601(t), "2015-08-30T12:36:00Z");
    EXPECT_EQ(http_date(t), "Sun, 30 Aug 2015 12:36:00 GMT");
    EXPECT_EQ(epoch_millis(t), 1440938160000);
    EXPECT_FALSE(parse_amz_date("20150830T123600").has_value());
    EXPECT_FALSE(parse_amz_date("2015-08-30T12:36:00Z").has_value());
    EXPECT_FALSE(parse_amz_date("20151330T123600Z").has_value());
}

TEST(Clock, ParsesIso8601Forms) {
    EXPECT_EQ(epoch_millis(parse_iso8601("2015-08-30T12:36:00Z").value()), 1440938160000);
    EXPECT_EQ(epoch_millis(parse_iso8601("2015-08-30T12:36:00.250Z").value()), 1440938160250);
    EXPECT_EQ(epoch_millis(parse_iso8601("2015-08-30T14:36:00+02:00").value()), 1440938160000);
    EXPECT_EQ(iso8601(from_epoch_millis(1440938160250), true), "2015-08-30T12:36:00.250Z");
    EXPECT_FALSE(parse_iso8601("2015-08-30X").has_value());
    EXPECT_FALSE(parse_iso8601("yesterday").has_value());
}

TEST(Clock, ManualClockMoves) {
    ManualClock c(from_epoch_millis(1000));
    c.advance(std::chrono::milliseconds(500));
    EXPECT_EQ(epoch_millis(c.now()), 1500);
}

}  // namespace
}  // namespace freshet
