#include "stacks/resources/service_common.h"

#include <boost/json.hpp>
#include <chrono>
#include <map>
#include <thread>

#include "core/client.h"
#include "stacks/resources/properties.h"

namespace freshet::stacks::svc {

namespace json = boost::json;

namespace {

constexpr auto kPollInterval = std::chrono::milliseconds(50);
constexpr auto kMaxWait = std::chrono::seconds(60);

}  // namespace

Result<json::value> call_service(const ResourceContext& ctx, std::string_view service,
                                 std::string_view operation, json::object input) {
    return call_sync(*ctx.client, service, operation, json::value(std::move(input)), ctx.caller);
}

bool is_not_found(const ApiError& e) {
    // DynamoDB's codes carry their namespace ("com.amazonaws.dynamodb.v20120810#...").
    std::string_view code = e.code;
    if (auto hash = code.rfind('#'); hash != std::string_view::npos) code = code.substr(hash + 1);
    return code == "ResourceNotFoundException" || code == "NoSuchBucket" || code == "NoSuchEntity";
}

Result<void> wait_until(const ResourceContext& ctx, std::string_view what,
                        const std::function<Result<bool>()>& ready) {
    // Real time, not ctx.clock: the services settle on their own threads.
    const auto deadline = std::chrono::steady_clock::now() + kMaxWait;
    while (true) {
        FRESHET_TRY(done, ready());
        if (done) return Ok{};
        if (std::chrono::steady_clock::now() >= deadline) {
            return ApiError{"NotStabilized",
                            std::string(what) + " did not stabilize within " +
                                std::to_string(kMaxWait.count()) + " seconds",
                            400};
        }
        std::this_thread::sleep_for(kPollInterval);
    }
}

json::array tag_list(const json::object& map) {
    std::map<std::string, json::value> sorted;
    for (const auto& [k, v] : map) sorted.emplace(std::string(k), v);
    json::array out;
    for (const auto& [k, v] : sorted) out.push_back(json::object{{"Key", k}, {"Value", v}});
    return out;
}

TagChanges tag_changes(const json::object& before, const json::object& after) {
    TagChanges c;
    for (const auto& [k, v] : before)
        if (!after.contains(k)) c.removed.emplace_back(k);
    for (const auto& [k, v] : after) {
        const json::value* old = before.if_contains(k);
        if (!old || *old != v) c.set[k] = v;
    }
    return c;
}

void copy_value(const json::object& p, json::object& out, std::string_view key) {
    if (const json::value* v = p.if_contains(key); v && !v->is_null()) out[key] = *v;
}

void copy_int(const json::object& p, json::object& out, std::string_view key) {
    if (const json::value* v = p.if_contains(key); v && !v->is_null()) out[key] = coerce_int(*v);
}

void copy_bool(const json::object& p, json::object& out, std::string_view key) {
    if (const json::value* v = p.if_contains(key); v && !v->is_null()) out[key] = coerce_bool(*v);
}

Result<void> refuse(const ResourceContext& ctx, const json::object& p,
                    std::initializer_list<std::string_view> keys) {
    for (std::string_view k : keys) {
        if (const json::value* v = p.if_contains(k); v && !v->is_null()) {
            return property_error(ctx.logical_id, "#/" + std::string(k) + ": " + std::string(k) +
                                                      " is not supported by Freshet (" +
                                                      ctx.resource_type + ")");
        }
    }
    return Ok{};
}

std::string string_of(const json::object& p, std::string_view key) {
    const json::value* v = p.if_contains(key);
    return v && v->is_string() ? std::string(v->get_string()) : std::string();
}

Result<void> delete_and_wait(const ResourceContext& ctx, std::string_view service,
                             std::string_view operation, boost::json::object input,
                             std::string_view what,
                             const std::function<Result<boost::json::object>()>& lookup) {
    auto r = call_service(ctx, service, operation, std::move(input));
    if (!r.ok() && !is_not_found(r.error())) return std::move(r).take_error();
    return wait_until(ctx, "Deletion of " + std::string(what), [&]() -> Result<bool> {
        auto found = lookup();
        if (found.ok()) return false;
        if (is_not_found(found.error())) return true;
        return std::move(found).take_error();
    });
}

}  // namespace freshet::stacks::svc
