#include "functions/metrics.h"

#include <cstdint>
#include <mutex>

#include "functions/service.h"

namespace freshet::functions {

const std::vector<double>& InvocationMetrics::duration_bounds() {
    static const std::vector<double> bounds{.001, .0025, .005, .01, .025, .05, .1, .25,
                                            .5,   1,     2.5,  5,   10,   30,  60};
    return bounds;
}

void InvocationMetrics::record(const std::string& function, double seconds, bool error) {
    auto add = [&](Entry& e) {
        e.duration.observe(seconds);
        if (error) e.errors.fetch_add(1, std::memory_order_relaxed);
    };
    {
        std::shared_lock lock(mu_);
        auto it = entries_.find(function);
        if (it != entries_.end()) return add(*it->second);
    }
    std::unique_lock lock(mu_);
    auto& e = entries_[function];
    if (!e) e = std::make_unique<Entry>();
    add(*e);
}

void InvocationMetrics::forget(const std::string& function) {
    std::unique_lock lock(mu_);
    entries_.erase(function);
}

InvocationMetrics::Stats InvocationMetrics::get(const std::string& function) const {
    Stats s;
    std::shared_lock lock(mu_);
    auto it = entries_.find(function);
    if (it == entries_.end()) {
        s.duration.counts.assign(duration_bounds().size() + 1, 0);
        return s;
    }
    s.errors = it->second->errors.load(std::memory_order_relaxed);
    s.duration = it->second->duration.snapshot();
    return s;
}

// One series per function of the store, labelled by name (versions and aliases are summed
// into their function, as Lambda's per-function metrics are).
void FunctionsService::write_metrics(MetricsWriter& w) const {
    struct Row {
        MetricsWriter::Labels labels;
        InvocationMetrics::Stats stats;
        int64_t running = 0;
    };
    std::vector<Row> rows;
    for (const auto& f : store_.list("", SIZE_MAX)) {
        rows.push_back({{{"function", f.name}},
                        invocation_metrics_.get(f.name),
                        concurrency_.in_flight(f.name)});
    }
    w.family("freshet_function_invocations_total", "counter",
             "Invocations of a function that ran or were meant to run (throttled ones and "
             "DryRun excluded).");
    for (const auto& r : rows)
        w.sample("freshet_function_invocations_total", r.labels, double(r.stats.duration.count()));
    w.family("freshet_function_errors_total", "counter",
             "Invocations that ended in a function error (unhandled error, timeout, crash) or "
             "could not run.");
    for (const auto& r : rows)
        w.sample("freshet_function_errors_total", r.labels, double(r.stats.errors));
    w.family("freshet_function_duration_seconds", "histogram",
             "How long invocations of a function ran, in seconds.");
    for (const auto& r : rows) {
        w.histogram("freshet_function_duration_seconds", r.labels,
                    InvocationMetrics::duration_bounds(), r.stats.duration.counts,
                    r.stats.duration.sum);
    }
    w.family("freshet_function_concurrent_executions", "gauge",
             "Invocations of a function in progress now.");
    for (const auto& r : rows)
        w.sample("freshet_function_concurrent_executions", r.labels, double(r.running));
}

}  // namespace freshet::functions
