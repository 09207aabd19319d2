// Helpers shared by the fuzz targets.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace freshet::fuzz {

// Splits the input at the first `n - 1` newlines into `n` parts (missing parts are empty), so
// one input can carry several fields (method, path, query, body...).
inline std::vector<std::string_view> split_fields(const uint8_t* data, size_t size, size_t n) {
    std::string_view in(reinterpret_cast<const char*>(data), size);
    std::vector<std::string_view> out;
    while (out.size() + 1 < n) {
        size_t nl = in.find('\n');
        if (nl == std::string_view::npos) break;
        out.push_back(in.substr(0, nl));
        in.remove_prefix(nl + 1);
    }
    out.push_back(in);
    while (out.size() < n) out.emplace_back();
    return out;
}

}  // namespace freshet::fuzz
