// Internal to the template library: the recursive evaluator behind evaluate() and
// evaluate_conditions(). One Evaluator per call; not shared between threads.
#pragma once

#include <boost/json/value.hpp>
#include <optional>
#include <string>
#include <vector>

#include "stacks/template/intrinsics.h"

namespace freshet::stacks::detail {

// A value, or nullopt for AWS::NoValue (the holder drops it).
using Maybe = std::optional<boost::json::value>;

class Evaluator {
  public:
    explicit Evaluator(const EvalContext& ctx) : ctx_(ctx) {}

    Result<Maybe> eval(const boost::json::value& v);
    // eval, with AWS::NoValue read as null (function arguments).
    Result<boost::json::value> value(const boost::json::value& v);
    // A condition operand: {"Condition": name}, or a value that is a boolean (true/false or
    // "true"/"false"); nullopt when the value is not a boolean.
    Result<std::optional<bool>> condition_operand(const boost::json::value& v,
                                                  const char* function);
    // The value of a named condition, as ctx.conditions holds it.
    Result<bool> named_condition(const std::string& name, const char* function);

  private:
    Result<Maybe> call(const std::string& function, const boost::json::value& arg);
    Result<Maybe> ref(const boost::json::value& arg);
    Result<boost::json::value> get_att(const boost::json::value& arg);
    Result<boost::json::value> sub(const boost::json::value& arg);
    Result<std::string> sub_variable(const std::string& name);
    Result<boost::json::value> import_value(const boost::json::value& arg);
    // functions.cc
    Result<boost::json::value> join(const boost::json::value& arg);
    Result<boost::json::value> select(const boost::json::value& arg);
    Result<boost::json::value> split(const boost::json::value& arg);
    Result<boost::json::value> find_in_map(const boost::json::value& arg);
    Result<boost::json::value> base64(const boost::json::value& arg);
    Result<boost::json::value> get_azs(const boost::json::value& arg);
    Result<boost::json::value> cidr(const boost::json::value& arg);
    // conditions.cc
    Result<Maybe> if_(const boost::json::value& arg);
    Result<boost::json::value> equals(const boost::json::value& arg);
    Result<boost::json::value> and_or(const boost::json::value& arg, bool is_and);
    Result<boost::json::value> not_(const boost::json::value& arg);

    const EvalContext& ctx_;
};

// The Conditions section's names, each after the conditions it refers to. Errors: a
// reference to an undeclared condition, a cycle.
Result<std::vector<std::string>> condition_order(const boost::json::object& section);

// Whether `o` is a call of an intrinsic function evaluate() knows ("Ref", "Fn::Join", ...).
bool is_intrinsic_call(const boost::json::object& o);

// "Template format error: Unresolved dependencies [X]. Cannot reference resources in the
// Conditions block of the template".
ApiError conditions_reference_error(const std::string& name);

}  // namespace freshet::stacks::detail
