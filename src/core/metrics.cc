#include "core/metrics.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace freshet {

namespace {

void escape(std::string& out, std::string_view v, bool quotes) {
    for (char c : v) {
        if (c == '\\') {
            out += "\\\\";
        } else if (c == '"' && quotes) {
            out += "\\\"";
        } else if (c == '\n') {
            out += "\\n";
        } else {
            out += c;
        }
    }
}

// Go's float formatting, which Prometheus parses: "+Inf", "-Inf", "NaN"; integers without a
// fraction.
std::string format_number(double v) {
    if (std::isnan(v)) return "NaN";
    if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
    if (std::floor(v) == v && std::fabs(v) < 1e15) return fmt::format("{}", int64_t(v));
    return fmt::format("{}", v);
}

}  // namespace

Histogram::Histogram(std::vector<double> bounds)
    : bounds_(std::move(bounds)), counts_(new std::atomic<uint64_t>[bounds_.size() + 1]) {
    for (size_t i = 0; i <= bounds_.size(); ++i) counts_[i].store(0, std::memory_order_relaxed);
}

void Histogram::observe(double value) {
    // The first bucket whose bound is >= value; NaN lands in +Inf.
    size_t i =
        std::isnan(value)
            ? bounds_.size()
            : size_t(std::lower_bound(bounds_.begin(), bounds_.end(), value) - bounds_.begin());
    counts_[i].fetch_add(1, std::memory_order_relaxed);
    sum_.fetch_add(value, std::memory_order_relaxed);
}

Histogram::Snapshot Histogram::snapshot() const {
    Snapshot s;
    s.counts.reserve(bounds_.size() + 1);
    for (size_t i = 0; i <= bounds_.size(); ++i)
        s.counts.push_back(counts_[i].load(std::memory_order_relaxed));
    s.sum = sum_.load(std::memory_order_relaxed);
    return s;
}

uint64_t Histogram::Snapshot::count() const {
    uint64_t n = 0;
    for (uint64_t c : counts) n += c;
    return n;
}

void MetricsWriter::family(std::string_view name, std::string_view type, std::string_view help) {
    out_ += "# HELP ";
    out_ += name;
    out_ += ' ';
    escape(out_, help, false);
    out_ += fmt::format("\n# TYPE {} {}\n", name, type);
}

void MetricsWriter::labels(const Labels& labels, std::string_view le) {
    if (labels.empty() && le.empty()) return;
    out_ += '{';
    bool first = true;
    auto one = [&](std::string_view k, std::string_view v) {
        if (!first) out_ += ',';
        first = false;
        out_ += k;
        out_ += "=\"";
        escape(out_, v, true);
        out_ += '"';
    };
    for (const auto& [k, v] : labels) one(k, v);
    if (!le.empty()) one("le", le);
    out_ += '}';
}

void MetricsWriter::value(double v) {
    out_ += ' ';
    out_ += format_number(v);
    out_ += '\n';
}

void MetricsWriter::sample(std::string_view name, const Labels& l, double v) {
    out_ += name;
    labels(l, {});
    value(v);
}

void MetricsWriter::histogram(std::string_view name, const Labels& l,
                              const std::vector<double>& bounds,
                              const std::vector<uint64_t>& counts, double sum) {
    const std::string bucket = std::string(name) + "_bucket";
    uint64_t total = 0;
    for (size_t i = 0; i <= bounds.size(); ++i) {
        total += i < counts.size() ? counts[i] : 0;
        out_ += bucket;
        labels(l, i < bounds.size() ? format_number(bounds[i]) : "+Inf");
        value(double(total));
    }
    out_ += name;
    out_ += "_sum";
    labels(l, {});
    value(sum);
    out_ += name;
    out_ += "_count";
    labels(l, {});
    value(double(total));
}

void MetricsWriter::histogram(std::string_view name, const Labels& l, const Histogram& h) {
    auto s = h.snapshot();
    histogram(name, l, h.bounds(), s.counts, s.sum);
}

}  // namespace freshet
