#include "logs/model/filter_pattern.h"

#include "logs/errors.h"

namespace freshet::logs {

namespace {

bool space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

ApiError unsupported(std::string_view what) {
    return errors::invalid_parameter(std::string("Freshet does not support ") + std::string(what) +
                                     " filter patterns (terms, \"phrases\", -term and ?term "
                                     "only).");
}

// Reads a quoted phrase starting at text[i] == '"'; leaves i after the closing quote.
Result<std::string> read_phrase(std::string_view text, size_t& i) {
    std::string out;
    for (++i; i < text.size(); ++i) {
        char c = text[i];
        if (c == '\\' && i + 1 < text.size()) {
            out += text[++i];
        } else if (c == '"') {
            ++i;
            return out;
        } else {
            out += c;
        }
    }
    return errors::invalid_parameter("Invalid filter pattern: unterminated quoted phrase.");
}

}  // namespace

Result<FilterPattern> FilterPattern::parse(std::string_view text) {
    FilterPattern p;
    size_t i = 0;
    while (i < text.size() && space(text[i])) ++i;
    if (i < text.size() && text[i] == '{') return unsupported("JSON");
    if (i < text.size() && text[i] == '[') return unsupported("space-delimited");
    if (i < text.size() && text[i] == '%') return unsupported("regular-expression");
    while (i < text.size()) {
        if (space(text[i])) {
            ++i;
            continue;
        }
        std::vector<std::string>* into = &p.all_of;
        if (text[i] == '-' || text[i] == '?') {
            into = text[i] == '-' ? &p.none_of : &p.any_of;
            ++i;
            if (i >= text.size() || space(text[i]))
                return errors::invalid_parameter("Invalid filter pattern: empty term.");
        }
        if (text[i] == '"') {
            FRESHET_TRY(phrase, read_phrase(text, i));
            if (!phrase.empty()) into->push_back(std::move(phrase));
            continue;
        }
        size_t start = i;
        while (i < text.size() && !space(text[i])) ++i;
        into->emplace_back(text.substr(start, i - start));
    }
    return p;
}

bool FilterPattern::matches(std::string_view message) const {
    for (const auto& t : all_of) {
        if (message.find(t) == std::string_view::npos) return false;
    }
    for (const auto& t : none_of) {
        if (message.find(t) != std::string_view::npos) return false;
    }
    if (any_of.empty()) return true;
    for (const auto& t : any_of) {
        if (message.find(t) != std::string_view::npos) return true;
    }
    return false;
}

}  // namespace freshet::logs
