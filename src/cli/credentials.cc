#include <fmt/format.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "app/data_dir.h"
#include "cli/aws_client.h"
#include "cli/commands.h"

namespace freshet::cli {
namespace {

// Replaces the section `[name]` of an INI text (or appends it), leaving every other line as
// it was.
std::string replace_section(const std::string& text, const std::string& name,
                            const std::string& body) {
    std::istringstream in(text);
    std::string line, out;
    bool skipping = false;
    while (std::getline(in, line)) {
        std::string t = line;
        t.erase(0, t.find_first_not_of(" \t"));
        if (!t.empty() && t[0] == '[') skipping = t.rfind("[" + name + "]", 0) == 0;
        if (!skipping) out += line + "\n";
    }
    if (!out.empty() && out.substr(out.size() - 2) != "\n\n") out += "\n";
    return out + "[" + name + "]\n" + body;
}

bool merge_into(const std::string& path, const std::string& section, const std::string& body) {
    std::ifstream in(path);
    std::stringstream old;
    old << in.rdbuf();
    std::filesystem::create_directories(std::filesystem::path(path).parent_path());
    auto written = app::write_file_atomic(path, replace_section(old.str(), section, body), 0600);
    if (!written.ok()) std::fprintf(stderr, "freshet: %s\n", written.error().message.c_str());
    return written.ok();
}

}  // namespace

int credentials(const std::string& data_dir, bool install_profile) {
    IniFile creds = read_ini(data_dir + "/credentials");
    IniFile config = read_ini(data_dir + "/config");
    auto it = creds.find("freshet");
    if (it == creds.end()) {
        std::fprintf(stderr,
                     "freshet: no credentials in %s: start the server once with "
                     "`freshet serve --data-dir %s`\n",
                     data_dir.c_str(), data_dir.c_str());
        return 1;
    }
    auto& c = it->second;
    auto& p = config["profile freshet"];
    if (!install_profile) {
        std::printf(
            "aws_access_key_id = %s\naws_secret_access_key = %s\nregion = %s\n"
            "endpoint_url = %s\n",
            c["aws_access_key_id"].c_str(), c["aws_secret_access_key"].c_str(), p["region"].c_str(),
            p["endpoint_url"].c_str());
        return 0;
    }
    const char* home = std::getenv("HOME");
    std::string cred_path = std::getenv("AWS_SHARED_CREDENTIALS_FILE")
                                ? std::getenv("AWS_SHARED_CREDENTIALS_FILE")
                                : std::string(home ? home : ".") + "/.aws/credentials";
    std::string config_path = std::getenv("AWS_CONFIG_FILE")
                                  ? std::getenv("AWS_CONFIG_FILE")
                                  : std::string(home ? home : ".") + "/.aws/config";
    bool ok = merge_into(cred_path, "freshet",
                         fmt::format("aws_access_key_id = {}\naws_secret_access_key = {}\n",
                                     c["aws_access_key_id"], c["aws_secret_access_key"])) &&
              merge_into(config_path, "profile freshet", fmt::format("region = {}\n", p["region"]));
    if (!ok) return 1;
    std::printf(
        "Added the profile \"freshet\" to %s and %s.\nTry: aws --profile freshet "
        "--endpoint-url %s sts get-caller-identity\n",
        cred_path.c_str(), config_path.c_str(), p["endpoint_url"].c_str());
    return 0;
}

}  // namespace freshet::cli
