// What generated model code (tools/gen_model.py) includes: the containers it uses and the
// conversions from the protocol-neutral JSON form. Inputs reach from_json only after the
// validator has checked their types, so these conversions do not fail on well-typed input.
#pragma once

#include <boost/json.hpp>
#include <cmath>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/encoding.h"
#include "core/shape/model.h"

namespace freshet::shape {

inline int64_t json_int(const boost::json::value& v) {
    if (v.is_int64()) return v.get_int64();
    if (v.is_uint64()) return static_cast<int64_t>(v.get_uint64());
    // AWS's JSON services accept 1.0 for an integer and truncate toward negative infinity.
    return static_cast<int64_t>(std::floor(v.to_number<double>()));
}

inline double json_double(const boost::json::value& v) {
    return v.to_number<double>();
}

inline std::string json_blob(const boost::json::value& v) {
    auto decoded = base64_decode(v.as_string());
    return decoded ? std::move(*decoded) : std::string();
}

inline TimePoint json_time(const boost::json::value& v) {
    if (v.is_string()) {
        auto t = parse_iso8601(v.get_string());
        return t ? *t : TimePoint{};
    }
    return from_epoch_millis(static_cast<int64_t>(std::llround(v.to_number<double>() * 1000.0)));
}

}  // namespace freshet::shape
