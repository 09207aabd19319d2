#include "http/server.h"

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <optional>
#include <thread>
#include <vector>

#include <boost/asio/executor_work_guard.hpp>

#include "http/connection.h"

namespace freshet::http {

using detail::Connection;
using detail::Core;
using detail::tcp;
namespace asio = detail::asio;

// --- Core ---------------------------------------------------------------------------------

Core::Core(ServerOptions o, Handler h) : options(std::move(o)), handler(std::move(h)) {
    unsigned n = options.threads ? options.threads : std::thread::hardware_concurrency();
    for (unsigned i = 0; i < std::max(1u, n); ++i) {
        contexts.push_back(std::make_unique<asio::io_context>(1));
    }
}

asio::io_context& Core::next_context() {
    return *contexts[next_context_index.fetch_add(1, std::memory_order_relaxed) % contexts.size()];
}

bool Core::add(uint64_t id, std::weak_ptr<Connection> connection) {
    std::lock_guard lock(mu);
    if (stopping) return false;  // checked under mu so stop()'s snapshot cannot miss one
    connections.emplace(id, std::move(connection));
    ++connection_count;
    return true;
}

void Core::remove(uint64_t id) {
    std::lock_guard lock(mu);
    if (connections.erase(id) > 0) --connection_count;
}

void Core::request_started() {
    std::lock_guard lock(mu);
    ++in_flight;
}

void Core::request_finished() {
    std::lock_guard lock(mu);
    if (--in_flight == 0) idle_cv.notify_all();
}

// --- Server -------------------------------------------------------------------------------

struct Server::Impl {
    Impl(ServerOptions o, Handler h)
        : core(std::make_shared<Core>(std::move(o), std::move(h))),
          acceptor(*core->contexts.front()),
          retry_timer(acceptor.get_executor()) {}

    Result<void> bind();
    void accept();
    void on_accept(boost::system::error_code ec, tcp::socket socket);
    std::vector<std::shared_ptr<Connection>> snapshot();
    bool on_io_thread() const;

    std::shared_ptr<Core> core;      // declared first: the acceptor below uses its io_context
    tcp::acceptor acceptor;          // on the first io_context (one thread: no strand needed)
    asio::steady_timer retry_timer;  // backs off when accept fails (e.g. out of descriptors)
    std::vector<asio::executor_work_guard<asio::io_context::executor_type>> work;
    std::vector<std::thread> threads;
    std::atomic<uint16_t> port{0};
    std::mutex lifecycle_mu;  // serializes start() and stop()
    bool started = false;     // guarded by lifecycle_mu
    bool stopped = false;     // guarded by lifecycle_mu
};

Result<void> Server::Impl::bind() {
    const auto& o = core->options;
    const std::string where = o.host + ":" + std::to_string(o.port);
    boost::system::error_code ec;
    auto address = asio::ip::make_address(o.host, ec);
    if (ec) {
        tcp::resolver resolver(*core->contexts.front());
        auto results = resolver.resolve(o.host, "", ec);
        if (ec || results.empty()) {
            return ApiError::internal("Cannot resolve host " + o.host + ": " + ec.message());
        }
        address = results.begin()->endpoint().address();
    }
    const tcp::endpoint endpoint(address, o.port);
    if (acceptor.open(endpoint.protocol(), ec); ec) {
        return ApiError::internal(ec.message() + ": " + where);
    }
    // Lets a restarted server bind while old connections sit in TIME_WAIT; on Linux it does
    // not let two listeners share the port.
    acceptor.set_option(asio::socket_base::reuse_address(true), ec);
    if (acceptor.bind(endpoint, ec); ec) return ApiError::internal(ec.message() + ": " + where);
    if (acceptor.listen(asio::socket_base::max_listen_connections, ec); ec) {
        return ApiError::internal(ec.message() + ": " + where);
    }
    port = acceptor.local_endpoint(ec).port();
    return Ok{};
}

void Server::Impl::accept() {
    acceptor.async_accept(core->next_context(),
                          [this](boost::system::error_code ec, tcp::socket socket) {
                              on_accept(ec, std::move(socket));
                          });
}

void Server::Impl::on_accept(boost::system::error_code ec, tcp::socket socket) {
    if (!acceptor.is_open()) return;  // stop() closed it
    if (ec) {
        retry_timer.expires_after(std::chrono::milliseconds(50));
        retry_timer.async_wait([this](boost::system::error_code e) {
            if (!e && acceptor.is_open()) accept();
        });
        return;
    }
    if (core->options.accept_peer) {
        boost::system::error_code e1, e2;
        const auto peer = socket.remote_endpoint(e1);
        const auto local = socket.local_endpoint(e2);
        if (e1 || e2 || !core->options.accept_peer(peer.port(), local.port())) {
            socket.close(e1);
            accept();
            return;
        }
    }
    if (core->connection_count < core->options.max_connections) {
        const uint64_t id = ++core->next_id;
        auto connection = std::make_shared<Connection>(core, std::move(socket), id);
        if (core->add(id, connection)) connection->start();
    }  // else the socket closes as it goes out of scope
    accept();
}

std::vector<std::shared_ptr<Connection>> Server::Impl::snapshot() {
    std::vector<std::shared_ptr<Connection>> out;
    std::lock_guard lock(core->mu);
    for (auto& [id, weak] : core->connections) {
        if (auto c = weak.lock()) out.push_back(std::move(c));
    }
    return out;
}

bool Server::Impl::on_io_thread() const {
    for (const auto& t : threads) {
        if (t.get_id() == std::this_thread::get_id()) return true;
    }
    return false;
}

Server::Server(ServerOptions options, Handler handler)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(handler))) {}

Server::~Server() {
    stop();
}

Result<void> Server::start() {
    std::lock_guard lock(impl_->lifecycle_mu);
    if (impl_->started || impl_->stopped) {
        return ApiError::internal("The HTTP server was already started.");
    }
    // Writing to a socket the peer has closed must be an error, not process death.
    std::signal(SIGPIPE, SIG_IGN);
    FRESHET_CHECK(impl_->bind());
    impl_->started = true;
    {
        std::lock_guard core_lock(impl_->core->mu);
        impl_->core->running = true;
    }
    for (auto& context : impl_->core->contexts) {
        impl_->work.push_back(asio::make_work_guard(*context));
    }
    impl_->accept();
    for (auto& context : impl_->core->contexts) {
        impl_->threads.emplace_back([core = impl_->core, ioc = context.get()] {
            for (;;) {
                try {
                    ioc->run();
                    return;
                } catch (const std::exception& e) {
                    std::fprintf(stderr, "freshet http: exception on IO thread: %s\n", e.what());
                }
            }
        });
    }
    return Ok{};
}

uint16_t Server::port() const {
    return impl_->port;
}

void Server::stop(std::chrono::milliseconds grace) {
    std::lock_guard lock(impl_->lifecycle_mu);
    if (impl_->stopped || !impl_->started) {
        impl_->stopped = true;
        return;
    }
    if (impl_->on_io_thread()) throw std::logic_error("Server::stop() called on an IO thread");
    impl_->stopped = true;
    const auto deadline = std::chrono::steady_clock::now() + grace;
    auto& core = *impl_->core;
    {
        std::lock_guard core_lock(core.mu);
        core.stopping = true;
    }
    asio::post(impl_->acceptor.get_executor(), [impl = impl_.get()] {
        boost::system::error_code ec;
        impl->acceptor.close(ec);
        impl->retry_timer.cancel();
    });
    for (auto& c : impl_->snapshot()) c->shutdown_gracefully();
    {
        std::unique_lock core_lock(core.mu);
        core.idle_cv.wait_until(core_lock, deadline, [&] { return core.in_flight == 0; });
    }
    for (auto& c : impl_->snapshot()) c->force_close();
    {
        // From here on Respond calls and post() are dropped, so the io_context runs out of
        // work once the closed sockets' completions have run, and run() returns.
        std::lock_guard core_lock(core.mu);
        core.running = false;
    }
    impl_->work.clear();
    for (auto& t : impl_->threads) t.join();
    impl_->threads.clear();
}

void Server::post(std::function<void()> fn) {
    impl_->core->post_if_running(impl_->core->next_context().get_executor(), [fn = std::move(fn)] {
        try {
            fn();
        } catch (const std::exception& e) {
            std::fprintf(stderr, "freshet http: exception in posted function: %s\n", e.what());
        }
    });
}

size_t Server::active_connections() const {
    return impl_->core->connection_count;
}

size_t Server::in_flight_requests() const {
    std::lock_guard lock(impl_->core->mu);
    return impl_->core->in_flight;
}

}  // namespace freshet::http
