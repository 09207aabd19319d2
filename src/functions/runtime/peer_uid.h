// Who is at the other end of a loopback TCP connection: the owner (uid) of the socket, asked of
// the kernel by address (sock_diag), else read from its socket tables (/proc/net/tcp, tcp6). A
// Runtime API listener uses it to serve only its function's processes when functions run as users
// of their own.
//
// Thread safety: pure functions (they ask the kernel).
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <string_view>

namespace freshet::functions {

// The uid owning the socket whose local port is `peer_port` and remote port `local_port` (the
// client's end of a connection to our listener on `local_port`), among loopback sockets; nullopt
// when there is none (the client is gone, or not on this host's loopback).
std::optional<uid_t> loopback_peer_uid(uint16_t peer_port, uint16_t local_port);

// The first step of that lookup alone (sock_diag, IPv4 loopback): for tests.
std::optional<uid_t> diag_peer_uid(uint16_t peer_port, uint16_t local_port);

// The same lookup in one socket table's text (the format of /proc/net/tcp): for tests.
std::optional<uid_t> find_peer_uid(std::string_view table, uint16_t peer_port, uint16_t local_port);

}  // namespace freshet::functions
