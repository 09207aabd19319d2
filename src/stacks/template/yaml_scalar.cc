#include "stacks/template/yaml_scalar.h"

#include <cmath>
#include <cstdlib>
#include <regex>
#include <string>

namespace freshet::stacks {
namespace {

// The YAML 1.1 type repository's patterns, as SnakeYAML's Resolver writes them. y/Y/n/N are
// not booleans there (nor in PyYAML), only the words.
const std::regex kBool(
    "yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF");
const std::regex kInt(
    "[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|"
    "[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+");
const std::regex kFloat(
    "[-+]?(?:\\.[0-9]+|[0-9_]+(?:\\.[0-9_]*)?)(?:[eE][-+]?[0-9]+)?|"
    "[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\\.[0-9_]*");

std::string without_underscores(std::string_view s) {
    std::string out;
    for (char c : s)
        if (c != '_') out += c;
    return out;
}

// Base-60 "1:30" = 90, "1:30.5" = 90.5.
double sexagesimal(const std::string& s) {
    double value = 0;
    size_t start = 0;
    while (true) {
        size_t colon = s.find(':', start);
        std::string part =
            s.substr(start, colon == std::string::npos ? std::string::npos : colon - start);
        value = value * 60 + std::strtod(part.c_str(), nullptr);
        if (colon == std::string::npos) break;
        start = colon + 1;
    }
    return value;
}

boost::json::value to_int(std::string_view text) {
    std::string s = without_underscores(text);
    bool negative = false;
    if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
        negative = s[0] == '-';
        s.erase(0, 1);
    }
    if (s.find(':') != std::string::npos) {
        double v = sexagesimal(s);
        return static_cast<int64_t>(negative ? -v : v);
    }
    int base = 10;
    if (s.rfind("0b", 0) == 0) {
        base = 2;
        s.erase(0, 2);
    } else if (s.rfind("0x", 0) == 0) {
        base = 16;
        s.erase(0, 2);
    } else if (s.size() > 1 && s[0] == '0') {
        base = 8;
    }
    errno = 0;
    unsigned long long v = std::strtoull(s.c_str(), nullptr, base);
    if (errno == ERANGE || v > static_cast<unsigned long long>(INT64_MAX)) {
        // Java's BigInteger; JSON keeps the magnitude as a double.
        double d = std::strtod(s.c_str(), nullptr);
        return negative ? -d : d;
    }
    int64_t i = static_cast<int64_t>(v);
    return negative ? -i : i;
}

}  // namespace

boost::json::value resolve_plain_scalar(std::string_view text) {
    if (text.empty() || text == "~" || text == "null" || text == "Null" || text == "NULL")
        return nullptr;
    std::string s(text);
    if (std::regex_match(s, kBool)) {
        char c = s[0];
        return c == 'y' || c == 'Y' || c == 't' || c == 'T' || s == "on" || s == "On" || s == "ON";
    }
    bool has_digit = s.find_first_of("0123456789") != std::string::npos;
    if (!has_digit) return boost::json::string(s);
    if (std::regex_match(s, kInt)) return to_int(s);
    if (std::regex_match(s, kFloat)) {
        std::string clean = without_underscores(s);
        if (clean.find(':') != std::string::npos) {
            bool negative = clean[0] == '-';
            if (clean[0] == '-' || clean[0] == '+') clean.erase(0, 1);
            double v = sexagesimal(clean);
            return negative ? -v : v;
        }
        double d = std::strtod(clean.c_str(), nullptr);
        if (std::isinf(d)) return boost::json::string(s);
        return d;
    }
    return boost::json::string(s);
}

}  // namespace freshet::stacks
