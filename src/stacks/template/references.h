// Internal to the template library: every reference a template value makes, as validation
// needs them (graph.h's references() keeps only the names). Pure, thread-safe.
#pragma once

#include <boost/json/value.hpp>
#include <map>
#include <string>
#include <vector>

namespace freshet::stacks::detail {

struct Reference {
    enum class Kind { Ref, GetAtt, Sub, SubAttribute, If, Condition, UnknownFunction };
    Kind kind;
    std::string name;       // the logical name, condition name, or function name
    std::string attribute;  // GetAtt / SubAttribute; empty when computed by a function
};

// Refs to pseudo parameters and Fn::Sub's own variables are left out. With `conditions`,
// only the branch of an Fn::If its (known) condition chooses is looked into.
std::vector<Reference> find_references(const boost::json::value& v,
                                       const std::map<std::string, bool>* conditions = nullptr);

}  // namespace freshet::stacks::detail
