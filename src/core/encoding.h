// Text encodings used on the wire: hex, base64, URI (RFC 3986) and form (x-www-form-urlencoded).
// Pure functions, thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace freshet {

std::string hex_encode(std::string_view bytes);  // lowercase
std::optional<std::string> hex_decode(std::string_view hex);

std::string base64_encode(std::string_view bytes);
// Strict standard base64 (RFC 4648 §4, '=' padding required when the length is not a multiple
// of 4 is tolerated as AWS's JSON services do). Returns nullopt for characters outside the
// alphabet or impossible lengths.
std::optional<std::string> base64_decode(std::string_view text);
// What a base64 text decodes to, by length alone ('=' padding discounted); for text that
// base64_decode accepts it equals base64_decode(text)->size().
size_t base64_decoded_size(std::string_view text);
// Whether the last character before the padding has its unused low bits zero, so that the
// text is the one base64_encode would write (AWS refuses the others).
bool base64_canonical_end(std::string_view text);
// The index of the first character outside the standard base64 alphabet ('=' included), or
// text.size(): a table lookup per character, for validating records before decoding them.
size_t base64_alphabet_prefix(std::string_view text);
std::string base64url_encode(std::string_view bytes);  // no padding
std::optional<std::string> base64url_decode(std::string_view text);

// RFC 3986 percent-encoding: unreserved characters (A-Z a-z 0-9 - _ . ~) are kept, everything
// else becomes %XX (uppercase hex). `keep_slash` leaves '/' alone (URI paths).
std::string uri_encode(std::string_view s, bool keep_slash = false);
// Decodes %XX escapes; with `plus_is_space` also '+' (form bodies and query strings). Returns
// nullopt for a malformed escape.
std::optional<std::string> percent_decode(std::string_view s, bool plus_is_space);

// ASCII case-insensitive equality (header names, IAM action names, keywords).
bool ascii_iequals(std::string_view a, std::string_view b);

// True when `s` is well-formed UTF-8 (no overlongs, no surrogates, at most U+10FFFF).
bool valid_utf8(std::string_view s);
// Number of Unicode code points in well-formed UTF-8 (AWS's "length" of a string).
size_t utf8_length(std::string_view s);

}  // namespace freshet
