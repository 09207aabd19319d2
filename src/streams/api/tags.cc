#include "streams/api/tags.h"

#include <cctype>
#include <string>

#include "streams/errors.h"

namespace freshet::streams {

bool valid_tag_text(std::string_view s) {
    static const std::string_view kPunctuation = "_./=+-%@";
    for (unsigned char ch : s) {
        if (ch >= 0x80 || std::isalnum(ch) || std::isspace(ch)) continue;
        if (kPunctuation.find(static_cast<char>(ch)) == std::string_view::npos) return false;
    }
    return true;
}

ApiError invalid_tag_characters() {
    return errors::invalid_argument(
        "Some tags contain invalid characters. Valid characters: Unicode letters, digits, white "
        "space, _ . / = + - % @.");
}

}  // namespace freshet::streams
