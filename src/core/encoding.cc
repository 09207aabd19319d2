#include "core/encoding.h"

#include <array>
#include <cstdint>

namespace freshet {
namespace {

constexpr char kHex[] = "0123456789abcdef";
constexpr char kHexUpper[] = "0123456789ABCDEF";
constexpr char kB64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr char kB64Url[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

std::array<int8_t, 256> reverse_table(const char* alphabet) {
    std::array<int8_t, 256> t{};
    t.fill(-1);
    for (int i = 0; i < 64; ++i)
        t[static_cast<unsigned char>(alphabet[i])] = static_cast<int8_t>(i);
    return t;
}

std::string b64_encode(std::string_view in, const char* alphabet, bool pad) {
    const size_t full = in.size() / 3, rest = in.size() % 3;
    std::string out(full * 4 + (rest ? (pad ? 4 : rest + 1) : 0), '=');
    char* o = out.data();
    auto byte = [&](size_t k) { return static_cast<uint32_t>(static_cast<unsigned char>(in[k])); };
    size_t i = 0;
    for (; i + 3 <= in.size(); i += 3) {
        uint32_t v = byte(i) << 16 | byte(i + 1) << 8 | byte(i + 2);
        *o++ = alphabet[v >> 18 & 63];
        *o++ = alphabet[v >> 12 & 63];
        *o++ = alphabet[v >> 6 & 63];
        *o++ = alphabet[v & 63];
    }
    if (rest) {
        uint32_t v = byte(i) << 16 | (rest == 2 ? byte(i + 1) << 8 : 0);
        *o++ = alphabet[v >> 18 & 63];
        *o++ = alphabet[v >> 12 & 63];
        if (rest == 2) *o++ = alphabet[v >> 6 & 63];
    }
    return out;
}

// Four characters at a time into a buffer sized up front (no per-byte append): records and
// items arrive base64-encoded, so this is on the write path of every put.
std::optional<std::string> b64_decode(std::string_view in, const std::array<int8_t, 256>& table) {
    while (!in.empty() && in.back() == '=') in.remove_suffix(1);
    const size_t rest = in.size() % 4;
    if (rest == 1) return std::nullopt;
    const size_t full = in.size() / 4;
    std::string out(full * 3 + (rest ? rest - 1 : 0), '\0');
    const auto* p = reinterpret_cast<const unsigned char*>(in.data());
    char* o = out.data();
    auto at = [&](size_t k) { return static_cast<int32_t>(table[p[k]]); };
    for (size_t i = 0; i < full; ++i, p += 4) {
        int32_t a = at(0), b = at(1), c = at(2), d = at(3);
        if ((a | b | c | d) < 0) return std::nullopt;
        uint32_t v = static_cast<uint32_t>(a << 18 | b << 12 | c << 6 | d);
        *o++ = static_cast<char>(v >> 16);
        *o++ = static_cast<char>(v >> 8 & 0xff);
        *o++ = static_cast<char>(v & 0xff);
    }
    if (rest) {
        int32_t a = at(0), b = at(1), c = rest == 3 ? at(2) : 0;
        if ((a | b | c) < 0) return std::nullopt;
        uint32_t v = static_cast<uint32_t>(a << 18 | b << 12 | c << 6);
        *o++ = static_cast<char>(v >> 16);
        if (rest == 3) *o++ = static_cast<char>(v >> 8 & 0xff);
    }
    return out;
}

}  // namespace

std::string hex_encode(std::string_view bytes) {
    std::string out;
    out.reserve(bytes.size() * 2);
    for (unsigned char c : bytes) {
        out += kHex[c >> 4];
        out += kHex[c & 15];
    }
    return out;
}

std::optional<std::string> hex_decode(std::string_view hex) {
    if (hex.size() % 2) return std::nullopt;
    std::string out;
    out.reserve(hex.size() / 2);
    for (size_t i = 0; i < hex.size(); i += 2) {
        int hi = hex_value(hex[i]), lo = hex_value(hex[i + 1]);
        if (hi < 0 || lo < 0) return std::nullopt;
        out += static_cast<char>(hi << 4 | lo);
    }
    return out;
}

std::string base64_encode(std::string_view bytes) {
    return b64_encode(bytes, kB64, true);
}
std::string base64url_encode(std::string_view bytes) {
    return b64_encode(bytes, kB64Url, false);
}

std::optional<std::string> base64_decode(std::string_view text) {
    static const auto table = reverse_table(kB64);
    return b64_decode(text, table);
}
size_t base64_decoded_size(std::string_view text) {
    while (!text.empty() && text.back() == '=') text.remove_suffix(1);
    size_t rest = text.size() % 4;
    return text.size() / 4 * 3 + (rest > 1 ? rest - 1 : 0);
}

size_t base64_alphabet_prefix(std::string_view text) {
    static const auto table = reverse_table(kB64);
    size_t i = 0;
    while (i < text.size() && table[static_cast<unsigned char>(text[i])] >= 0) ++i;
    return i;
}

bool base64_canonical_end(std::string_view text) {
    static const auto table = reverse_table(kB64);
    size_t pads = 0;
    while (!text.empty() && text.back() == '=') {
        text.remove_suffix(1);
        ++pads;
    }
    if (pads == 0 || text.empty()) return true;
    int v = table[static_cast<unsigned char>(text.back())];
    if (v < 0) return false;
    return (v & (pads == 2 ? 15 : 3)) == 0;
}

std::optional<std::string> base64url_decode(std::string_view text) {
    static const auto table = reverse_table(kB64Url);
    return b64_decode(text, table);
}

std::string uri_encode(std::string_view s, bool keep_slash) {
    std::string out;
    out.reserve(s.size());
    for (unsigned char c : s) {
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
            c == '-' || c == '_' || c == '.' || c == '~' || (keep_slash && c == '/')) {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += kHexUpper[c >> 4];
            out += kHexUpper[c & 15];
        }
    }
    return out;
}

std::optional<std::string> percent_decode(std::string_view s, bool plus_is_space) {
    std::string out;
    out.reserve(s.size());
    for (size_t i = 0; i < s.size(); ++i) {
        char c = s[i];
        if (c == '%') {
            if (i + 2 >= s.size()) return std::nullopt;
            int hi = hex_value(s[i + 1]), lo = hex_value(s[i + 2]);
            if (hi < 0 || lo < 0) return std::nullopt;
            out += static_cast<char>(hi << 4 | lo);
            i += 2;
        } else if (c == '+' && plus_is_space) {
            out += ' ';
        } else {
            out += c;
        }
    }
    return out;
}

bool ascii_iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; };
    for (size_t i = 0; i < a.size(); ++i) {
        if (lower(a[i]) != lower(b[i])) return false;
    }
    return true;
}

bool valid_utf8(std::string_view s) {
    size_t i = 0;
    const size_t n = s.size();
    while (i < n) {
        unsigned char c = static_cast<unsigned char>(s[i]);
        if (c < 0x80) {
            ++i;
            continue;
        }
        int len;
        uint32_t cp;
        if ((c & 0xE0) == 0xC0) {
            len = 2;
            cp = c & 0x1F;
        } else if ((c & 0xF0) == 0xE0) {
            len = 3;
            cp = c & 0x0F;
        } else if ((c & 0xF8) == 0xF0) {
            len = 4;
            cp = c & 0x07;
        } else {
            return false;
        }
        if (i + len > n) return false;
        for (int k = 1; k < len; ++k) {
            unsigned char cc = static_cast<unsigned char>(s[i + k]);
            if ((cc & 0xC0) != 0x80) return false;
            cp = cp << 6 | (cc & 0x3F);
        }
        if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
            cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
            return false;
        }
        i += len;
    }
    return true;
}

size_t utf8_length(std::string_view s) {
    size_t n = 0;
    for (unsigned char c : s) n += (c & 0xC0) != 0x80;
    return n;
}

}  // namespace freshet
