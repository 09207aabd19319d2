#include "functions/runtime/peer_uid.h"

#include <arpa/inet.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>
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

// Asks the kernel for the one TCP socket 127.0.0.1:peer_port -> 127.0.0.1:local_port (a
// sock_diag lookup by address, what `ss` uses): a few microseconds, where reading
// /proc/net/tcp whole costs in proportion to every socket on the host (it was half of the
// server's CPU when a function connected for each request). nullopt: no such socket, or
// sock_diag is not available.
}  // namespace

std::optional<uid_t> diag_peer_uid(uint16_t peer_port, uint16_t local_port) {
    int fd = ::socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
    if (fd < 0) return std::nullopt;
    struct {
        nlmsghdr header;
        inet_diag_req_v2 request;
    } query{};
    query.header.nlmsg_len = sizeof query;
    query.header.nlmsg_type = SOCK_DIAG_BY_FAMILY;
    query.header.nlmsg_flags = NLM_F_REQUEST;
    query.request.sdiag_family = AF_INET;
    query.request.sdiag_protocol = IPPROTO_TCP;
    query.request.idiag_states = ~0U;
    query.request.id.idiag_sport = htons(peer_port);
    query.request.id.idiag_dport = htons(local_port);
    query.request.id.idiag_src[0] = htonl(INADDR_LOOPBACK);
    query.request.id.idiag_dst[0] = htonl(INADDR_LOOPBACK);
    query.request.id.idiag_cookie[0] = INET_DIAG_NOCOOKIE;
    query.request.id.idiag_cookie[1] = INET_DIAG_NOCOOKIE;
    sockaddr_nl kernel{};
    kernel.nl_family = AF_NETLINK;
    std::optional<uid_t> uid;
    if (::sendto(fd, &query, sizeof query, 0, reinterpret_cast<sockaddr*>(&kernel),
                 sizeof kernel) == static_cast<ssize_t>(sizeof query)) {
        alignas(nlmsghdr) char answer[1024];
        ssize_t n = ::recv(fd, answer, sizeof answer, 0);
        auto* h = reinterpret_cast<nlmsghdr*>(answer);
        if (n >= static_cast<ssize_t>(sizeof(nlmsghdr)) && NLMSG_OK(h, static_cast<unsigned>(n)) &&
            h->nlmsg_type == SOCK_DIAG_BY_FAMILY &&
            h->nlmsg_len >= NLMSG_LENGTH(sizeof(inet_diag_msg))) {
            auto* msg = static_cast<inet_diag_msg*>(NLMSG_DATA(h));
            uid = static_cast<uid_t>(msg->idiag_uid);
        }
    }
    ::close(fd);
    return uid;
}

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
    if (auto uid = diag_peer_uid(peer_port, local_port)) return uid;
    // No answer: the socket is gone (then the tables below do not have it either), or the
    // kernel has no sock_diag for TCP, or the client's address is another loopback one.
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
