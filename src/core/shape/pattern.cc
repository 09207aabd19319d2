#include "core/shape/pattern.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

namespace freshet::shape {
namespace {

// Java writes code points as \uXXXX (exactly four hex digits: "\u10000" is U+1000 then '0');
// PCRE2 wants \x{XXXX}.
std::string to_pcre2(std::string_view java) {
    std::string out;
    out.reserve(java.size() + 8);
    for (size_t i = 0; i < java.size(); ++i) {
        if (java[i] == '\\' && i + 6 <= java.size() && java[i + 1] == 'u') {
            std::string_view hex = java.substr(i + 2, 4);
            bool ok = hex.size() == 4;
            for (char c : hex) ok = ok && isxdigit(static_cast<unsigned char>(c));
            if (ok) {
                out += "\\x{";
                out += hex;
                out += '}';
                i += 5;
                continue;
            }
        }
        if (java[i] == '\\' && i + 1 < java.size()) {
            out += java[i];
            out += java[++i];
            continue;
        }
        out += java[i];
    }
    return out;
}

struct CodeDeleter {
    void operator()(pcre2_code* c) const { pcre2_code_free(c); }
};
using Code = std::unique_ptr<pcre2_code, CodeDeleter>;

struct MatchDataDeleter {
    void operator()(pcre2_match_data* m) const { pcre2_match_data_free(m); }
};

class Cache {
  public:
    const pcre2_code* get(const char* pattern) {
        std::lock_guard<std::mutex> lock(mu_);
        auto it = codes_.find(pattern);
        if (it != codes_.end()) return it->second.get();
        std::string translated = "(?:" + to_pcre2(pattern) + ")";
        int err = 0;
        PCRE2_SIZE offset = 0;
        pcre2_code* code =
            pcre2_compile(reinterpret_cast<PCRE2_SPTR>(translated.data()), translated.size(),
                          PCRE2_UTF | PCRE2_ANCHORED | PCRE2_ENDANCHORED | PCRE2_MATCH_INVALID_UTF,
                          &err, &offset, nullptr);
        if (code) pcre2_jit_compile(code, PCRE2_JIT_COMPLETE);
        return codes_.emplace(pattern, Code(code)).first->second.get();
    }

  private:
    std::mutex mu_;
    // Keyed by the pattern's address: patterns are static strings in generated tables.
    std::unordered_map<const char*, Code> codes_;
};

}  // namespace

bool matches_pattern(const char* pattern, std::string_view value) {
    static Cache cache;
    const pcre2_code* code = cache.get(pattern);
    if (!code) return true;
    thread_local std::unique_ptr<pcre2_match_data, MatchDataDeleter> data(
        pcre2_match_data_create(4, nullptr));
    int rc = pcre2_match(code, reinterpret_cast<PCRE2_SPTR>(value.data()), value.size(), 0, 0,
                         data.get(), nullptr);
    return rc >= 0;
}

}  // namespace freshet::shape
