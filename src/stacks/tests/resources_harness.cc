#include "stacks/tests/resources_harness.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <random>

namespace freshet::stacks::test {

Harness::Harness() {
    std::random_device rd;
    dir_ = std::filesystem::temp_directory_path() /
           ("freshet-stacks-test-" + std::to_string(::getpid()) + "-" + std::to_string(rd()));
    app::ServeOptions o;
    o.port = 0;
    o.data_dir = dir_.string();
    o.durable = false;
    o.log_level = "warn";
    o.threads = 2;
    app_ = std::make_unique<app::ServerApp>(o);
    auto started = app_->start();
    if (!started.ok()) throw std::runtime_error("server start: " + started.error().message);
}

Harness::~Harness() {
    app_->stop();
    app_.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
}

ResourceContext Harness::context(const std::string& logical_id, const std::string& type) const {
    ResourceContext c;
    c.client = &app_->client();
    c.caller = app_->root_principal();
    c.account_id = c.caller.account_id;
    c.stack_name = "teststack";
    c.stack_id = "arn:aws:cloudformation:us-east-1:" + c.account_id +
                 ":stack/teststack/6a5e4c2e-0000-4000-8000-000000000001";
    c.logical_id = logical_id;
    c.resource_type = type;
    return c;
}

boost::json::value Harness::call(std::string_view service, std::string_view operation,
                                 boost::json::value input) {
    auto r = call_sync(app_->client(), service, operation, std::move(input), root());
    EXPECT_TRUE(r.ok()) << operation << ": "
                        << (r.ok() ? "" : r.error().code + " " + r.error().message);
    return r.ok() ? std::move(r).value() : boost::json::value();
}

std::string Harness::error_of(std::string_view service, std::string_view operation,
                              boost::json::value input) {
    auto r = call_sync(app_->client(), service, operation, std::move(input), root());
    return r.ok() ? std::string() : r.error().code;
}

}  // namespace freshet::stacks::test
