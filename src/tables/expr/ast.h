// The syntax trees of DynamoDB's expression languages (condition, key condition, filter,
// projection and update expressions). The parser fills names and value references as written
// ("#n", ":v", "a"); resolve() replaces them by attribute names and typed values, so that
// evaluation never sees placeholders or wire JSON.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "tables/model/attribute_value.h"

namespace freshet::tables::expr {

// One step of a document path: a map key (or top-level attribute name), or a list index.
struct PathPart {
    std::string name;  // as written before resolve ("#n" or "a"), the attribute name after
    bool is_index = false;
    size_t index = 0;
};

struct Path {
    std::vector<PathPart> parts;
};

// "[a, b, [2]]"-style text of a path, as DynamoDB prints paths in its messages: "[a, b, [2]]".
std::string path_text(const Path& p);

struct Operand {
    enum class Kind { Path, Value, Function, Plus, Minus };
    Kind kind = Kind::Path;
    Path path;                  // Path
    std::string value_ref;      // Value: ":v"
    AttributeValue value;       // Value, after resolve
    std::string function;       // Function: "size", "if_not_exists", "list_append", ...
    std::vector<Operand> args;  // Function arguments; Plus/Minus: two operands
};

struct Condition {
    enum class Kind { Compare, Between, In, Function, And, Or, Not };
    Kind kind = Kind::Compare;
    std::string op;                   // Compare: "=", "<>", "<", "<=", ">", ">="; Function: name
    std::vector<Operand> operands;    // Compare: 2; Between: 3; In: 1 + list; Function: args
    std::vector<Condition> children;  // And/Or: 2; Not: 1
};

struct UpdateAction {
    enum class Kind { Set, Remove, Add, Delete };
    Kind kind = Kind::Set;
    Path path;
    Operand value;  // Set: the new value; Add/Delete: the value; Remove: unused
};

struct Update {
    std::vector<UpdateAction> actions;
};

struct Projection {
    std::vector<Path> paths;
};

}  // namespace freshet::tables::expr
