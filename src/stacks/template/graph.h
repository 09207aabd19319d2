// The dependency graph of a template's resources and the order to create them in.
//
// resource_dependencies: for each resource, the resources it depends on: DependsOn (a
// string or a list) and every Ref, Fn::GetAtt and Fn::Sub ${X} / ${X.Attr} naming another
// resource anywhere in the resource (Properties, Metadata, ...), both branches of Fn::If
// included, as CloudFormation orders them. Names that are not resources (parameters, pseudo
// parameters, Fn::Sub's own variables) are left out.
// creation_waves: waves of resources whose dependencies are all in earlier waves, sorted by
// logical id within a wave; deleting runs the waves in reverse. Dependencies on names that
// are not keys of `deps` are ignored. A cycle is CloudFormation's "Circular dependency
// between resources: [A, B, C]", naming every resource that cannot be ordered (the cycle and
// what depends on it), sorted.
// references: the logical names a value refers to through Ref, Fn::GetAtt and Fn::Sub
// (pseudo parameters and Fn::Sub's own variables left out); the caller tells resources from
// parameters (used for Outputs).
// Thread-safety: pure functions.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/result.h"

namespace freshet::stacks {

std::map<std::string, std::set<std::string>> resource_dependencies(
    const boost::json::object& resources);

Result<std::vector<std::vector<std::string>>> creation_waves(
    const std::map<std::string, std::set<std::string>>& deps);

std::set<std::string> references(const boost::json::value& v);

}  // namespace freshet::stacks
