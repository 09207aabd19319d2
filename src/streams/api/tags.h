// Tag rules shared by AddTagsToStream and RemoveTagsFromStream.
#pragma once

#include <cstddef>
#include <string_view>

#include "core/result.h"

namespace freshet::streams {

inline constexpr size_t kMaxTagsPerStream = 50;

// AWS's tag alphabet: Unicode letters, digits, white space, and _ . / = + - % @. Bytes of
// multi-byte UTF-8 sequences are accepted as letters (we do not classify Unicode).
bool valid_tag_text(std::string_view s);
// InvalidArgumentException "Some tags contain invalid characters. Valid characters: Unicode
// letters, digits, white space, _ . / = + - % @."
ApiError invalid_tag_characters();

}  // namespace freshet::streams
