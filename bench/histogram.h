// A small HDR-like latency histogram: log-linear buckets (32 linear sub-buckets per power of
// two, so any recorded value is reported within ~3%), constant memory, mergeable across
// threads. Values are nanoseconds. Not thread-safe: one per thread, merged at the end.
#pragma once

#include <array>
#include <bit>
#include <cstdint>

namespace freshet::bench {

class Histogram {
  public:
    void record(uint64_t ns) {
        ++counts_[index_of(ns)];
        ++total_;
        if (ns > max_) max_ = ns;
    }

    void merge(const Histogram& other) {
        for (size_t i = 0; i < kBuckets; ++i) counts_[i] += other.counts_[i];
        total_ += other.total_;
        if (other.max_ > max_) max_ = other.max_;
    }

    uint64_t count() const { return total_; }
    uint64_t max() const { return max_; }

    // Upper edge of the bucket holding the q-quantile (q in [0, 1]); 0 when empty.
    uint64_t quantile(double q) const {
        if (total_ == 0) return 0;
        auto rank = static_cast<uint64_t>(q * static_cast<double>(total_ - 1)) + 1;
        uint64_t seen = 0;
        for (size_t i = 0; i < kBuckets; ++i) {
            seen += counts_[i];
            if (seen >= rank) return std::min(upper_edge(i), max_);
        }
        return max_;
    }

  private:
    static constexpr int kSubBits = 5;  // 32 sub-buckets per doubling
    static constexpr uint64_t kSub = 1u << kSubBits;
    static constexpr size_t kBuckets = 2 * kSub + 64 * kSub;

    static size_t index_of(uint64_t v) {
        if (v < 2 * kSub) return static_cast<size_t>(v);  // exact below 64 ns
        int shift = std::bit_width(v) - 1 - kSubBits;     // keeps the top 6 bits of v
        return 2 * kSub + (shift - 1) * kSub + ((v >> shift) - kSub);
    }

    static uint64_t upper_edge(size_t i) {
        if (i < 2 * kSub) return i;
        size_t shift = (i - 2 * kSub) / kSub + 1;
        uint64_t top = (i - 2 * kSub) % kSub + kSub;
        return ((top + 1) << shift) - 1;
    }

    std::array<uint64_t, kBuckets> counts_{};
    uint64_t total_ = 0;
    uint64_t max_ = 0;
};

}  // namespace freshet::bench
