// The console's files: index.html and the bundle esbuild made at build time (console.cmake),
// embedded into the binary by tools/embed_files.cmake. FRESHET_CONSOLE_ASSETS=<folder> serves the
// files of that folder instead, for working on the page without rebuilding the server.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/embedded_file.h"

namespace freshet::console {

// index.html, favicon.svg, app.js and app.css (generated: console_assets.cc).
std::span<const EmbeddedFile> embedded_assets();

struct AssetBody {
    std::string content_type;
    std::string body;
    std::string etag;
};

// The asset called `name`, from the override folder when set, else the embedded copy.
std::optional<AssetBody> find_asset(std::string_view name);

}  // namespace freshet::console
