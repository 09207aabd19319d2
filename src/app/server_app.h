// A running Freshet server: the wiring of every module, built in dependency order on start()
// and torn down in reverse on stop().
//
//   data directory (lock, key) -> storage -> root account -> services -> dispatcher -> HTTP
//
// Thread-safety: start() and stop() from one controlling thread.
#pragma once

#include <memory>

#include "app/options.h"
#include "core/client.h"
#include "core/principal.h"
#include "core/result.h"

namespace freshet::app {

class ServerApp {
  public:
    explicit ServerApp(ServeOptions options);
    ~ServerApp();

    // Starts everything; prints where the credentials are and then the line "Ready." on
    // stdout once requests are accepted.
    Result<void> start();
    // Graceful: in-flight requests finish, services stop, storage closes cleanly. Idempotent.
    void stop();

    uint16_t port() const;
    // For in-process tests (after start()): the in-process client and the account's root.
    ServiceClient& client();
    Principal root_principal() const;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace freshet::app
