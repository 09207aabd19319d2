#include "console/sessions.h"

#include <gtest/gtest.h>

namespace freshet::console {
namespace {

using std::chrono::hours;
using std::chrono::minutes;

TEST(Sessions, EndAfterAnHourIdleOrTwelveHoursInAll) {
    ManualClock clock(from_epoch_millis(1'700'000'000'000));
    Sessions sessions(clock);
    Session s = sessions.create("AKIAEXAMPLE");
    EXPECT_EQ(s.token.size(), 64u);
    EXPECT_NE(s.token, s.csrf_token);
    clock.advance(minutes(59));
    ASSERT_TRUE(sessions.touch(s.token));
    // Kept alive by use, it still ends 12 hours after sign-in.
    for (int i = 0; i < 11; ++i) {
        clock.advance(minutes(59));
        ASSERT_TRUE(sessions.touch(s.token)) << i;
    }
    clock.advance(minutes(50));
    EXPECT_FALSE(sessions.touch(s.token));
    EXPECT_EQ(sessions.size(), 0u);

    Session idle = sessions.create("AKIAEXAMPLE");
    clock.advance(hours(1));
    EXPECT_FALSE(sessions.touch(idle.token));
}

TEST(Sessions, RemoveSignsOut) {
    Sessions sessions;
    Session s = sessions.create("AKIAEXAMPLE");
    sessions.remove(s.token);
    EXPECT_FALSE(sessions.touch(s.token));
    EXPECT_FALSE(sessions.touch(""));
}

TEST(Sessions, ALinkWorksOnceAndExpires) {
    ManualClock clock(from_epoch_millis(1'700'000'000'000));
    Sessions sessions(clock);
    std::string link = sessions.issue_link("AKIAROOT");
    EXPECT_EQ(sessions.redeem_link(link), "AKIAROOT");
    EXPECT_FALSE(sessions.redeem_link(link));
    std::string in_time = sessions.issue_link("AKIAROOT");
    std::string late = sessions.issue_link("AKIAROOT");
    clock.advance(std::chrono::minutes(14));
    EXPECT_EQ(sessions.redeem_link(in_time), "AKIAROOT");
    clock.advance(std::chrono::minutes(1));
    EXPECT_FALSE(sessions.redeem_link(late));  // 15 minutes: gone
    EXPECT_FALSE(sessions.redeem_link("nonsense"));
}

}  // namespace
}  // namespace freshet::console
