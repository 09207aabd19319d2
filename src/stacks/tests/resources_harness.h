// An in-process Freshet server for the providers' tests: the real services behind the
// in-process client, on a temporary data directory, and a ResourceContext that acts as root.
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "app/server_app.h"
#include "stacks/resources/provider.h"

namespace freshet::stacks::test {

class Harness {
  public:
    Harness();
    ~Harness();

    // A context for one resource of the stack "teststack" (as root, in us-east-1).
    ResourceContext context(const std::string& logical_id, const std::string& type) const;
    ServiceClient& client() { return app_->client(); }
    Principal root() const { return app_->root_principal(); }
    // A call as root that must succeed (fails the test otherwise).
    boost::json::value call(std::string_view service, std::string_view operation,
                            boost::json::value input);
    // A call as root whose error code is returned ("" on success).
    std::string error_of(std::string_view service, std::string_view operation,
                         boost::json::value input);

  private:
    std::filesystem::path dir_;
    std::unique_ptr<app::ServerApp> app_;
};

}  // namespace freshet::stacks::test
