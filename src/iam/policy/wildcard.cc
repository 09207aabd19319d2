#include "iam/policy/wildcard.h"

#include <cctype>
#include <vector>

namespace freshet::iam::policy {
namespace {

// Iterative glob with single-star backtracking: linear in practice, no recursion depth.
template <class Eq>
bool match(std::string_view p, std::string_view t, Eq eq) {
    size_t pi = 0, ti = 0, star = std::string_view::npos, mark = 0;
    while (ti < t.size()) {
        if (pi < p.size() && (p[pi] == '?' || (p[pi] != '*' && eq(p[pi], t[ti])))) {
            ++pi;
            ++ti;
        } else if (pi < p.size() && p[pi] == '*') {
            star = pi++;
            mark = ti;
        } else if (star != std::string_view::npos) {
            pi = star + 1;
            ti = ++mark;
        } else {
            return false;
        }
    }
    while (pi < p.size() && p[pi] == '*') ++pi;
    return pi == p.size();
}

// The first five colon-separated fields, and the rest (which may hold colons).
std::vector<std::string_view> arn_fields(std::string_view s) {
    std::vector<std::string_view> out;
    while (out.size() < 5) {
        size_t colon = s.find(':');
        if (colon == std::string_view::npos) break;
        out.push_back(s.substr(0, colon));
        s.remove_prefix(colon + 1);
    }
    out.push_back(s);
    return out;
}

}  // namespace

bool glob_match(std::string_view pattern, std::string_view text) {
    return match(pattern, text, [](char a, char b) { return a == b; });
}

bool glob_match_ci(std::string_view pattern, std::string_view text) {
    return match(pattern, text, [](char a, char b) {
        return std::tolower(static_cast<unsigned char>(a)) ==
               std::tolower(static_cast<unsigned char>(b));
    });
}

bool arn_match(std::string_view pattern, std::string_view arn) {
    if (pattern == "*") return true;
    auto p = arn_fields(pattern);
    auto a = arn_fields(arn);
    // Not an ARN on the request side: plain glob. A pattern with fewer fields than an ARN
    // cannot match one field by field.
    if (a.size() != 6) return glob_match(pattern, arn);
    if (p.size() != 6) return false;
    for (size_t i = 0; i < 6; ++i) {
        if (!glob_match(p[i], a[i])) return false;
    }
    return true;
}

}  // namespace freshet::iam::policy
