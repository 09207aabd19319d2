#include "console/assets.h"

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "core/crypto.h"

namespace freshet::console {

namespace {

std::string etag_of(std::string_view body) {
    return "\"" + crypto::sha256_hex(body).substr(0, 32) + "\"";
}

std::optional<std::string> read_override(std::string_view name) {
    const char* dir = std::getenv("FRESHET_CONSOLE_ASSETS");
    if (!dir || !*dir) return std::nullopt;
    std::ifstream in(std::string(dir) + "/" + std::string(name), std::ios::binary);
    if (!in) return std::nullopt;
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

std::string content_type(std::string_view name) {
    if (name.ends_with(".html")) return "text/html; charset=utf-8";
    if (name.ends_with(".js")) return "text/javascript; charset=utf-8";
    if (name.ends_with(".css")) return "text/css; charset=utf-8";
    if (name.ends_with(".svg")) return "image/svg+xml";
    return "application/octet-stream";
}

}  // namespace

std::optional<AssetBody> find_asset(std::string_view name) {
    for (const EmbeddedFile& a : embedded_assets()) {
        if (a.name != name) continue;
        AssetBody out{content_type(name), std::string(a.data), ""};
        if (auto local = read_override(name)) out.body = std::move(*local);
        out.etag = etag_of(out.body);
        return out;
    }
    return std::nullopt;
}

}  // namespace freshet::console
