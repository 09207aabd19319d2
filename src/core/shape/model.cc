#include "core/shape/model.h"

#include <algorithm>

namespace freshet::shape {

const Operation* ServiceModel::find_operation(std::string_view name) const {
    const Operation* end = operations + operation_count;
    const Operation* it = std::lower_bound(
        operations, end, name, [](const Operation& op, std::string_view n) { return op.name < n; });
    return it != end && it->name == name ? it : nullptr;
}

uint16_t ServiceModel::find_shape(std::string_view name) const {
    for (size_t i = 0; i < shape_count; ++i) {
        if (shapes[i].name == name) return static_cast<uint16_t>(i);
    }
    return kNone;
}

}  // namespace freshet::shape
