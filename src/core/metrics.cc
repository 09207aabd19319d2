#include "core/metrics.h"

#include <fmt/format.h>

#include <cmath>

namespace freshet {

namespace {

void escape_label(std::string& out, std::string_view v) {
    for (char c : v) {
        if (c == '\\') {
            out += "\\\\";
        } else if (c == '"') {
            out += "\\\"";
        } else if (c == '\n') {
            out += "\\n";
        } else {
            out += c;
        }
    }
}

}  // namespace

void MetricsWriter::family(std::string_view name, std::string_view type, std::string_view help) {
    out_ += fmt::format("# HELP {} {}\n# TYPE {} {}\n", name, help, name, type);
}

void MetricsWriter::sample(std::string_view name, const Labels& labels, double value) {
    out_ += name;
    if (!labels.empty()) {
        out_ += '{';
        for (size_t i = 0; i < labels.size(); ++i) {
            if (i) out_ += ',';
            out_ += labels[i].first;
            out_ += "=\"";
            escape_label(out_, labels[i].second);
            out_ += '"';
        }
        out_ += '}';
    }
    if (std::floor(value) == value && std::fabs(value) < 1e15) {
        out_ += fmt::format(" {}\n", static_cast<int64_t>(value));
    } else {
        out_ += fmt::format(" {}\n", value);
    }
}

}  // namespace freshet
