// A file embedded into the binary at build time (tools/embed_files.cmake): the console's page,
// the example `freshet demo` deploys.
#pragma once

#include <string_view>

namespace freshet {

struct EmbeddedFile {
    std::string_view name;  // its path relative to the folder it came from
    std::string_view data;
};

}  // namespace freshet
