// YAML 1.1 resolution of plain (unquoted, untagged) scalars, as SnakeYAML (the Java parser
// behind CloudFormation) does it: null, booleans, integers (decimal, 0octal, 0x, 0b,
// sexagesimal, '_' separators) and floats. Everything else is a string. Pure, thread-safe.
#pragma once

#include <boost/json/value.hpp>
#include <string_view>

namespace freshet::stacks {

boost::json::value resolve_plain_scalar(std::string_view text);

}  // namespace freshet::stacks
