#include "functions/runtime/peer_uid.h"

#include <fstream>
#include <sstream>
#include <string>

namespace freshet::functions {

namespace {

// "0100007F:1F90" (IPv4, address in host byte order as hex) or the 32-hex-digit IPv6 form:
// the port after the colon, and whether the address is loopback.
bool parse_endpoint(std::string_view text, uint16_t& port, bool& loopback) {
    size_t colon = text.find(':');
    if (colon == std::string_view::npos) return false;
    std::string_view address = text.substr(0, colon);
    try {
        port = static_cast<uint16_t>(std::stoul(std::string(text.substr(colon + 1)), nullptr, 16));
    } catch (const std::exception&) {
        return false;
    }
    // 127.0.0.1 as the kernel prints it on little-endian machines, ::1, and ::ffff:127.0.0.1.
    loopback = address == "0100007F" || address == "00000000000000000000000001000000" ||
               address == "0000000000000000FFFF00000100007F";
    return true;
}

}  // namespace

std::optional<uid_t> find_peer_uid(std::string_view table, uint16_t peer_port,
                                   uint16_t local_port) {
    std::istringstream lines{std::string(table)};
    std::string line;
    std::getline(lines, line);  // the header
    while (std::getline(lines, line)) {
        std::istringstream fields(line);
        std::string slot, local, remote, state, queues, timer, retransmits, uid;
        if (!(fields >> slot >> local >> remote >> state >> queues >> timer >> retransmits >> uid))
            continue;
        uint16_t lport = 0, rport = 0;
        bool lloop = false, rloop = false;
        if (!parse_endpoint(local, lport, lloop) || !parse_endpoint(remote, rport, rloop)) continue;
        if (lport != peer_port || rport != local_port || !lloop || !rloop) continue;
        try {
            return static_cast<uid_t>(std::stoul(uid));
        } catch (const std::exception&) {
            return std::nullopt;
        }
    }
    return std::nullopt;
}

std::optional<uid_t> loopback_peer_uid(uint16_t peer_port, uint16_t local_port) {
    for (const char* path : {"/proc/net/tcp", "/proc/net/tcp6"}) {
        std::ifstream in(path);
        if (!in) continue;
        std::stringstream text;
        text << in.rdbuf();
        if (auto uid = find_peer_uid(text.str(), peer_port, local_port)) return uid;
    }
    return std::nullopt;
}

}  // namespace freshet::functions
