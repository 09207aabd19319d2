#include "core/metrics.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <thread>
#include <vector>

namespace freshet {
namespace {

TEST(MetricsWriter, WritesFamiliesAndEscapedLabels) {
    MetricsWriter w;
    w.family("freshet_x_total", "counter", "Things\\counted,\nfor a test.");
    w.sample("freshet_x_total", {}, 3);
    w.sample("freshet_x_total", {{"name", "a\"b\\c\nd"}, {"kind", "k"}}, 0.25);
    EXPECT_EQ(w.text(),
              "# HELP freshet_x_total Things\\\\counted,\\nfor a test.\n"
              "# TYPE freshet_x_total counter\n"
              "freshet_x_total 3\n"
              "freshet_x_total{name=\"a\\\"b\\\\c\\nd\",kind=\"k\"} 0.25\n");
}

TEST(MetricsWriter, SpellsSpecialValuesAsPrometheusDoes) {
    MetricsWriter w;
    w.sample("g", {}, std::numeric_limits<double>::infinity());
    w.sample("g", {}, -std::numeric_limits<double>::infinity());
    w.sample("g", {}, std::nan(""));
    w.sample("g", {}, 1e20);
    EXPECT_EQ(w.text(), "g +Inf\ng -Inf\ng NaN\ng 1e+20\n");
}

TEST(MetricsWriter, WritesHistogramBucketsCumulatively) {
    MetricsWriter w;
    w.family("freshet_d_seconds", "histogram", "A test histogram.");
    w.histogram("freshet_d_seconds", {{"function", "f"}}, {0.005, 0.5, 2.5}, {1, 0, 2, 3}, 12.5);
    EXPECT_EQ(w.text(),
              "# HELP freshet_d_seconds A test histogram.\n"
              "# TYPE freshet_d_seconds histogram\n"
              "freshet_d_seconds_bucket{function=\"f\",le=\"0.005\"} 1\n"
              "freshet_d_seconds_bucket{function=\"f\",le=\"0.5\"} 1\n"
              "freshet_d_seconds_bucket{function=\"f\",le=\"2.5\"} 3\n"
              "freshet_d_seconds_bucket{function=\"f\",le=\"+Inf\"} 6\n"
              "freshet_d_seconds_sum{function=\"f\"} 12.5\n"
              "freshet_d_seconds_count{function=\"f\"} 6\n");
}

TEST(MetricsWriter, HistogramWithoutLabelsHasOnlyLe) {
    MetricsWriter w;
    w.histogram("h", {}, {1}, {0, 0}, 0);
    EXPECT_EQ(w.text(), "h_bucket{le=\"1\"} 0\nh_bucket{le=\"+Inf\"} 0\nh_sum 0\nh_count 0\n");
}

TEST(Histogram, ObservesIntoTheFirstBucketThatHoldsTheValue) {
    Histogram h({0.01, 0.1, 1});
    for (double v : {0.001, 0.01, 0.05, 1.0, 7.0, 60.0}) h.observe(v);
    auto s = h.snapshot();
    EXPECT_EQ(s.counts, (std::vector<uint64_t>{2, 1, 1, 2}));  // le is inclusive
    EXPECT_EQ(s.count(), 6u);
    EXPECT_DOUBLE_EQ(s.sum, 68.061);
    MetricsWriter w;
    w.histogram("h", {}, h);
    EXPECT_NE(w.text().find("h_bucket{le=\"1\"} 4\n"), std::string::npos);
    EXPECT_NE(w.text().find("h_count 6\n"), std::string::npos);
}

TEST(Histogram, CountsEveryObservationFromManyThreads) {
    Histogram h({1, 2});
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&h] {
            for (int i = 0; i < 10000; ++i) h.observe(i % 3);
        });
    }
    for (auto& t : threads) t.join();
    auto s = h.snapshot();
    EXPECT_EQ(s.count(), 40000u);
    EXPECT_DOUBLE_EQ(s.sum, 4 * (3333 * 1 + 3333 * 2));
}

TEST(CounterTable, AddsPerIdAndForgetsErasedOnes) {
    CounterTable<2> t;
    EXPECT_EQ(t.get(7), (CounterTable<2>::Values{0, 0}));
    t.add(7, {1, 10});
    t.add(7, {2, 0});
    t.add(8, {0, 5});
    EXPECT_EQ(t.get(7), (CounterTable<2>::Values{3, 10}));
    EXPECT_EQ(t.get(8), (CounterTable<2>::Values{0, 5}));
    t.erase(7);
    EXPECT_EQ(t.get(7), (CounterTable<2>::Values{0, 0}));
    EXPECT_EQ(t.get(8), (CounterTable<2>::Values{0, 5}));
}

TEST(CounterTable, ConcurrentAddsAreAllCounted) {
    CounterTable<1> t;
    std::vector<std::thread> threads;
    for (int n = 0; n < 4; ++n) {
        threads.emplace_back([&t] {
            for (uint64_t i = 0; i < 5000; ++i) t.add(i % 16, {1});
        });
    }
    for (auto& th : threads) th.join();
    uint64_t total = 0;
    for (uint64_t id = 0; id < 16; ++id) total += t.get(id)[0];
    EXPECT_EQ(total, 20000u);
}

}  // namespace
}  // namespace freshet
