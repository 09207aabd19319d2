// Function code packages: the zip a function is created from, identified as Lambda identifies
// it (CodeSha256: base64 of its SHA-256), unpacked into a folder of its own.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.h"

namespace freshet::functions {

std::string code_sha256(std::string_view zip);

// Unpacks `zip` into `dir` (created; must not exist yet), keeping executable bits. Refuses,
// with Lambda's InvalidParameterValueException "Could not unzip uploaded file. Please check
// your file, then try to upload again.", a zip that does not open, and any entry that would
// land outside `dir` (absolute paths, "..") or is a symbolic link; nothing is left behind then.
// A package that unpacks to `max_bytes` or more (Lambda's 250 MB by default; declared sizes
// and the bytes actually written are both counted) gets "Unzipped size must be smaller than
// <max_bytes> bytes".
inline constexpr uint64_t kMaxUnzippedBytes = 262'144'000;
Result<void> unpack_zip(std::string_view zip, const std::string& dir,
                        uint64_t max_bytes = kMaxUnzippedBytes);

}  // namespace freshet::functions
