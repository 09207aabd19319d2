// Full-string matching of the Java-style regular expressions in AWS's models, with PCRE2 in
// UTF mode. Compiled patterns are cached per pattern text. Thread-safe.
#pragma once

#include <string_view>

namespace freshet::shape {

// True when the whole of `value` matches `pattern`. A pattern PCRE2 cannot compile (a few
// models carry patterns that are invalid outside Java) matches everything: we then check
// less than AWS does, never more.
bool matches_pattern(const char* pattern, std::string_view value);

}  // namespace freshet::shape
