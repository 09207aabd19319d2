// How many connections the server can hold without running out of file descriptors.
#pragma once

#include <cstddef>

namespace freshet::app {

struct ConnectionCap {
    size_t connections;  // what http::ServerOptions::max_connections should be
    size_t fd_limit;     // the process's RLIMIT_NOFILE soft limit after raising it
    size_t reserved;     // descriptors kept for storage, functions and logs
};

// Raises the soft RLIMIT_NOFILE towards the hard limit, as far as `wanted` connections plus
// a reserve need, and returns how many connections fit: `wanted`, or fewer if the limit is
// lower. A server that let connections take every descriptor would leave further clients
// waiting unaccepted in the listen backlog, and storage (new table files), functions (pipes,
// their Runtime API) and accept itself failing; under the cap, a connection past it is
// accepted and closed at once. The reserve is a quarter of the limit, between 64 and 1,024.
// Process-wide; call once at start.
ConnectionCap cap_connections(size_t wanted);

}  // namespace freshet::app
