// MetricsWriter: builds the Prometheus text exposition format (version 0.0.4). Services add
// their metrics through Service::write_metrics; app/ serves the result at GET /metrics.
// Names follow Prometheus conventions: freshet_<module>_<what>[_total|_seconds|...].
//
// Thread safety: one writer per response; not shared.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace freshet {

class MetricsWriter {
  public:
    using Labels = std::vector<std::pair<std::string, std::string>>;

    // Starts a metric family: "counter" or "gauge". Each family is written once; its samples
    // follow.
    void family(std::string_view name, std::string_view type, std::string_view help);
    void sample(std::string_view name, const Labels& labels, double value);
    const std::string& text() const { return out_; }

  private:
    std::string out_;
};

}  // namespace freshet
