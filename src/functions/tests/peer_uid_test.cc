#include "functions/runtime/peer_uid.h"

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace freshet::functions {
namespace {

// Two sockets of /proc/net/tcp's format: a listener on 127.0.0.1:8080 (uid 0) and a client
// 127.0.0.1:40000 -> :8080 owned by uid 200001; plus one from another host.
constexpr std::string_view kTable =
    "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout "
    "inode\n"
    "   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 "
    "1\n"
    "   1: 0100007F:9C40 0100007F:1F90 01 00000000:00000000 00:00000000 00000000 200001        0 2 "
    "1\n"
    "   2: 0A00000B:9C41 0100007F:1F90 01 00000000:00000000 00:00000000 00000000   7        0 3 "
    "1\n";

TEST(PeerUid, FindsTheClientSocketsOwner) {
    EXPECT_EQ(find_peer_uid(kTable, 40000, 8080), std::optional<uid_t>(200001));
    EXPECT_EQ(find_peer_uid(kTable, 40001, 8080), std::nullopt);  // not a loopback address
    EXPECT_EQ(find_peer_uid(kTable, 40000, 8081), std::nullopt);
    EXPECT_EQ(find_peer_uid("garbage\nnot a table\n", 1, 2), std::nullopt);
}

TEST(PeerUid, ReadsTheKernelsTable) {
    int server = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ASSERT_EQ(bind(server, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
    ASSERT_EQ(listen(server, 1), 0);
    socklen_t len = sizeof addr;
    getsockname(server, reinterpret_cast<sockaddr*>(&addr), &len);
    const uint16_t port = ntohs(addr.sin_port);
    int client = socket(AF_INET, SOCK_STREAM, 0);
    ASSERT_EQ(connect(client, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
    sockaddr_in mine{};
    len = sizeof mine;
    getsockname(client, reinterpret_cast<sockaddr*>(&mine), &len);
    EXPECT_EQ(loopback_peer_uid(ntohs(mine.sin_port), port), std::optional<uid_t>(getuid()));
    // The kernel's own lookup finds the client's socket by its address, and nothing for a
    // port pair no socket has.
    EXPECT_EQ(diag_peer_uid(ntohs(mine.sin_port), port), std::optional<uid_t>(getuid()));
    EXPECT_EQ(diag_peer_uid(ntohs(mine.sin_port), static_cast<uint16_t>(port + 1)), std::nullopt);
    close(client);
    close(server);
}

}  // namespace
}  // namespace freshet::functions
