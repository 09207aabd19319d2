#include "core/client.h"

#include <future>

namespace freshet {

Result<boost::json::value> call_sync(ServiceClient& client, std::string_view service,
                                     std::string_view operation, boost::json::value input,
                                     const Principal& as) {
    std::promise<Result<boost::json::value>> promise;
    auto future = promise.get_future();
    client.call(service, operation, std::move(input), as,
                [&promise](Result<boost::json::value> r) { promise.set_value(std::move(r)); });
    return future.get();
}

}  // namespace freshet
