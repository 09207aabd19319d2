// The files of examples/refarch that `freshet demo` deploys, embedded in the binary at build
// time (tools/embed_files.cmake writes demo_assets.cc).
#pragma once

#include <span>

#include "core/embedded_file.h"

namespace freshet::cli {

// template-local.yaml and each file under consumer/, named relative to examples/refarch.
std::span<const EmbeddedFile> demo_files();

}  // namespace freshet::cli
