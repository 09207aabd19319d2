// DynamoDB's reserved words (case-insensitive).
#pragma once

#include <string_view>

namespace freshet::tables::expr {

bool is_reserved_word(std::string_view name);

}  // namespace freshet::tables::expr
