#include <signal.h>
#include <spdlog/spdlog.h>

#include <cstdio>

#include "app/server_app.h"
#include "cli/commands.h"

namespace freshet::cli {

int serve(const app::ServeOptions& options) {
    // Block the stop signals before any thread starts, so that every thread inherits the
    // mask and only this one receives them, through sigwait.
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

    app::ServerApp server(options);
    auto started = server.start();
    if (!started.ok()) {
        std::fprintf(stderr, "freshet: %s\n", started.error().message.c_str());
        return 1;
    }
    int sig = 0;
    sigwait(&stop_signals, &sig);
    spdlog::info("{} received: stopping (in-flight requests finish first)",
                 sig == SIGINT ? "SIGINT" : "SIGTERM");
    server.stop();
    spdlog::info("stopped cleanly");
    return 0;
}

}  // namespace freshet::cli
