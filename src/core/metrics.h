// MetricsWriter: builds the Prometheus text exposition format (version 0.0.4). Services add
// their metrics through Service::write_metrics; app/ serves the result at GET /metrics.
// Names follow Prometheus conventions: freshet_<module>_<what>[_total|_seconds|...], base
// units (seconds, bytes), counters end in _total.
//
// Histogram and CounterTable are what services count with between two scrapes.
//
// Thread safety: MetricsWriter: one writer per response, not shared. Histogram and
// CounterTable: every method from any thread.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace freshet {

// A histogram many threads observe into: one atomic count per bucket and an atomic sum, so
// observe() takes no lock. A snapshot taken while observations go on may miss the ones in
// flight; each bucket's count is exact on its own.
class Histogram {
  public:
    // `bounds`: the buckets' upper bounds (inclusive, as Prometheus's `le`), ascending; the
    // +Inf bucket is implied.
    explicit Histogram(std::vector<double> bounds);
    void observe(double value);

    struct Snapshot {
        std::vector<uint64_t> counts;  // per bucket, not cumulative; the last one is +Inf
        double sum = 0;
        uint64_t count() const;
    };
    Snapshot snapshot() const;
    const std::vector<double>& bounds() const { return bounds_; }

  private:
    std::vector<double> bounds_;
    std::unique_ptr<std::atomic<uint64_t>[]> counts_;  // bounds_.size() + 1
    std::atomic<double> sum_{0};
};

class MetricsWriter {
  public:
    using Labels = std::vector<std::pair<std::string, std::string>>;

    // Starts a metric family: "counter", "gauge" or "histogram". Each family is written once;
    // its samples follow. `help` is escaped as the format requires.
    void family(std::string_view name, std::string_view type, std::string_view help);
    // One sample; NaN and infinities are written as the format spells them.
    void sample(std::string_view name, const Labels& labels, double value);
    // One series of a histogram family: name_bucket{labels...,le="<bound>"} (cumulative,
    // ending with le="+Inf"), name_sum and name_count. `counts` has one entry per bound plus
    // one for values above every bound, not cumulative.
    void histogram(std::string_view name, const Labels& labels, const std::vector<double>& bounds,
                   const std::vector<uint64_t>& counts, double sum);
    void histogram(std::string_view name, const Labels& labels, const Histogram& h);
    const std::string& text() const { return out_; }

  private:
    void labels(const Labels& labels, std::string_view le);
    void value(double v);

    std::string out_;
};

// Counters per resource (a stream's, a table's), by the resource's id. The common path, a
// resource counted before, takes the shared lock and adds to atomics; a resource's first count
// takes the exclusive lock once. Ids must not be reused for another resource (streams' and
// tables' ids never are).
template <size_t N>
class CounterTable {
  public:
    using Values = std::array<uint64_t, N>;

    void add(uint64_t id, const Values& deltas) {
        {
            std::shared_lock lock(mu_);
            auto it = rows_.find(id);
            if (it != rows_.end()) return add_to(*it->second, deltas);
        }
        std::unique_lock lock(mu_);
        auto& row = rows_[id];
        if (!row) row = std::make_unique<Row>();
        add_to(*row, deltas);
    }
    // Zeros for a resource never counted.
    Values get(uint64_t id) const {
        Values out{};
        std::shared_lock lock(mu_);
        auto it = rows_.find(id);
        if (it == rows_.end()) return out;
        for (size_t i = 0; i < N; ++i) out[i] = (*it->second)[i].load(std::memory_order_relaxed);
        return out;
    }
    // Forgets a deleted resource.
    void erase(uint64_t id) {
        std::unique_lock lock(mu_);
        rows_.erase(id);
    }

  private:
    using Row = std::array<std::atomic<uint64_t>, N>;
    static void add_to(Row& row, const Values& deltas) {
        for (size_t i = 0; i < N; ++i) {
            if (deltas[i]) row[i].fetch_add(deltas[i], std::memory_order_relaxed);
        }
    }

    mutable std::shared_mutex mu_;
    std::unordered_map<uint64_t, std::unique_ptr<Row>> rows_;  // guarded by mu_
};

}  // namespace freshet
