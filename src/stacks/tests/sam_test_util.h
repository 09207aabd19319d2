// What the SAM transform tests share: run the transform expecting success or SAM's error.
#pragma once

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <string>
#include <string_view>

#include "stacks/sam/transform.h"

namespace freshet::stacks {

inline boost::json::object transform_ok(std::string_view text, const SamContext& ctx = {}) {
    auto r = sam_transform(boost::json::parse(text).as_object(), ctx);
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
    return r.ok() ? r.value() : boost::json::object{};
}

// The message of the transform's error, which must be a ValidationError (400).
inline std::string transform_error(std::string_view text) {
    auto r = sam_transform(boost::json::parse(text).as_object(), SamContext{});
    EXPECT_FALSE(r.ok());
    if (r.ok()) return "";
    EXPECT_EQ(r.error().code, "ValidationError");
    EXPECT_EQ(r.error().status, 400);
    return r.error().message;
}

inline const std::string kPrefix =
    "Transform AWS::Serverless-2016-10-31 failed with: Invalid Serverless Application "
    "Specification document. Number of errors found: 1. ";

}  // namespace freshet::stacks
