#include "core/shape/validate.h"

#include <fmt/format.h>

#include <boost/json.hpp>
#include <cmath>
#include <vector>

#include "core/encoding.h"
#include "core/shape/pattern.h"

namespace freshet::shape {
namespace {

namespace json = boost::json;

constexpr size_t kMaxErrors = 10;

const char* java_name(Type t) {
    switch (t) {
        case Type::Integer:
            return "Integer";
        case Type::Long:
            return "Long";
        case Type::Double:
            return "Double";
        case Type::Float:
            return "Float";
        case Type::Timestamp:
            return "Date";
        default:
            return "String";
    }
}

std::string upper(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(toupper(static_cast<unsigned char>(c)));
    return out;
}

// Base64 as AWS's JSON services check it: length a multiple of 4, alphabet, canonical end.
std::optional<std::string> blob_error(std::string_view s) {
    // The prefix quotes the whole value: built only for an error (records are up to 1 MiB).
    auto prefix = [&] { return fmt::format("'{}' can not be converted to a Blob: ", s); };
    if (s.size() % 4) {
        return prefix() +
               fmt::format("Base64 encoded length is expected a multiple of 4 bytes but found: {}",
                           s.size());
    }
    // The alphabet by table; only the tail from the first other character (the padding, or
    // the fault) is looked at one by one.
    for (size_t i = base64_alphabet_prefix(s); i < s.size(); ++i) {
        char c = s[i];
        bool alpha = isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '/';
        bool pad = c == '=' && (i + 1 == s.size() || s[i + 1] == '=') && i + 2 >= s.size();
        if (!alpha && !pad) return prefix() + fmt::format("Invalid Base64 character: '{}'", c);
    }
    if (!base64_canonical_end(s)) {
        return prefix() + "Invalid last non-pad Base64 character dectected";
    }
    return std::nullopt;
}

std::optional<std::string> structural_mismatch(const json::value& v) {
    if (v.is_array()) return std::string("Start of list found where not expected");
    if (v.is_object()) return std::string("Start of structure or map found where not expected.");
    return std::nullopt;
}

std::optional<std::string> check(const ServiceModel& m, uint16_t index, const json::value& v);

std::optional<std::string> check_scalar(const Shape& s, const json::value& v) {
    if (auto e = structural_mismatch(v)) return e;
    switch (s.type) {
        case Type::Boolean:
            if (v.is_number())
                return std::string("class java.math.BigDecimal can not be converted to an Boolean");
            if (v.is_string())
                return fmt::format("'{}' can not be converted to an Boolean",
                                   upper(v.get_string()));
            return std::nullopt;
        case Type::Integer:
        case Type::Long:
        case Type::Double:
        case Type::Float:
            if (v.is_bool())
                return fmt::format("class java.lang.Boolean can not be converted to an {}",
                                   java_name(s.type));
            if (v.is_string())
                return fmt::format("class java.lang.String can not be converted to an {}",
                                   java_name(s.type));
            return std::nullopt;
        case Type::Timestamp:
            if (v.is_bool())
                return std::string("class java.lang.Boolean can not be converted to an Date");
            return std::nullopt;
        case Type::String:
            if (v.is_bool())
                return std::string("class java.lang.Boolean can not be converted to an String");
            if (v.is_number())
                return std::string("class java.math.BigDecimal can not be converted to an String");
            return std::nullopt;
        case Type::Blob:
            if (v.is_bool())
                return std::string("class java.lang.Boolean can not be converted to a Blob");
            if (v.is_number())
                return std::string("class java.math.BigDecimal can not be converted to a Blob");
            return blob_error(v.get_string());
        default:
            return std::nullopt;
    }
}

std::optional<std::string> check(const ServiceModel& m, uint16_t index, const json::value& v) {
    const Shape& s = m.shape(index);
    if (v.is_null() || s.document) return std::nullopt;
    switch (s.type) {
        case Type::Structure: {
            if (v.is_array()) return std::string("Start of list found where not expected");
            if (!v.is_object()) return std::string("Expected null");
            const auto& o = v.get_object();
            for (uint16_t i = 0; i < s.member_count; ++i) {
                if (auto* p = o.if_contains(s.members[i].name)) {
                    if (auto e = check(m, s.members[i].shape, *p)) return e;
                }
            }
            return std::nullopt;
        }
        case Type::List:
            if (v.is_object())
                return std::string("Start of structure or map found where not expected.");
            if (!v.is_array()) return std::string("Expected list or null");
            for (const auto& e : v.get_array()) {
                if (auto err = check(m, s.member, e)) return err;
            }
            return std::nullopt;
        case Type::Map:
            if (v.is_array()) return std::string("Start of list found where not expected");
            if (!v.is_object()) return std::string("Expected map or null");
            for (const auto& kv : v.get_object()) {
                if (auto err = check(m, s.member, kv.value())) return err;
            }
            return std::nullopt;
        default:
            return check_scalar(s, v);
    }
}

// ---- constraints ----------------------------------------------------------------------

std::string lower_first(std::string_view s) {
    std::string out(s);
    if (!out.empty()) out[0] = static_cast<char>(tolower(static_cast<unsigned char>(out[0])));
    return out;
}

std::string number_text(const json::value& v) {
    if (v.is_int64()) return std::to_string(v.get_int64());
    if (v.is_uint64()) return std::to_string(v.get_uint64());
    return fmt::format("{}", v.get_double());
}

// How AWS prints a value in "Value '...' at '...'".
std::string value_text(const ServiceModel& m, const Shape& s, const json::value& v) {
    if (v.is_string()) {
        if (s.type == Type::Blob) {
            size_t n = base64_decoded_size(v.get_string());
            return fmt::format("java.nio.HeapByteBuffer[pos=0 lim={} cap={}]", n, n);
        }
        return std::string(v.get_string());
    }
    if (v.is_number()) return number_text(v);
    if (v.is_bool()) return v.get_bool() ? "true" : "false";
    if (v.is_array()) {
        std::string out = "[";
        const Shape& item = m.shape(s.member);
        for (size_t i = 0; i < v.get_array().size(); ++i) {
            if (i) out += ", ";
            out += value_text(m, item, v.get_array()[i]);
        }
        return out + "]";
    }
    if (v.is_object() && s.type == Type::Map) {
        std::string out = "{";
        bool first = true;
        for (const auto& kv : v.get_object()) {
            if (!first) out += ", ";
            first = false;
            out += fmt::format("{}={}", std::string_view(kv.key()),
                               value_text(m, m.shape(s.member), kv.value()));
        }
        return out + "}";
    }
    return json::serialize(v);
}

double length_of(const Shape& s, const json::value& v) {
    if (v.is_string()) {
        if (s.type == Type::Blob) return static_cast<double>(base64_decoded_size(v.get_string()));
        return static_cast<double>(utf8_length(v.get_string()));
    }
    if (v.is_array()) return static_cast<double>(v.get_array().size());
    if (v.is_object()) return static_cast<double>(v.get_object().size());
    return 0;
}

std::string format_bound(double d) {
    if (d == std::floor(d) && std::fabs(d) < 1e18) return std::to_string(static_cast<int64_t>(d));
    return fmt::format("{}", d);
}

class Validator {
  public:
    explicit Validator(const ServiceModel& m) : m_(m) {}

    void member(std::string path, const Member& mem, const json::value* v) {
        if (full()) return;
        if (mem.required && (!v || v->is_null())) {
            add(fmt::format(
                "Value null at '{}' failed to satisfy constraint: Member must not be null", path));
            return;
        }
        if (v && !v->is_null()) value(path, mem.shape, *v);
    }

    void value(const std::string& path, uint16_t index, const json::value& v) {
        const Shape& s = m_.shape(index);
        if (s.document) return;
        constraints(path, s, v);
        if (s.type == Type::Structure && v.is_object()) {
            for (uint16_t i = 0; i < s.member_count; ++i) {
                const Member& mem = s.members[i];
                std::string child =
                    path.empty() ? lower_first(mem.name) : path + "." + lower_first(mem.name);
                member(child, mem, v.get_object().if_contains(mem.name));
            }
        } else if (s.type == Type::List && v.is_array()) {
            for (size_t i = 0; i < v.get_array().size() && !full(); ++i) {
                const auto& e = v.get_array()[i];
                if (!e.is_null()) value(fmt::format("{}.{}.member", path, i + 1), s.member, e);
            }
        } else if (s.type == Type::Map && v.is_object()) {
            for (const auto& kv : v.get_object()) {
                if (full()) break;
                if (!kv.value().is_null()) {
                    value(fmt::format("{}.{}.member", path, std::string_view(kv.key())), s.member,
                          kv.value());
                }
            }
        }
    }

    std::vector<std::string> errors;

  private:
    bool full() const { return errors.size() >= kMaxErrors; }
    void add(std::string e) {
        if (!full()) errors.push_back(std::move(e));
    }

    void fail(const std::string& path, const Shape& s, const json::value& v, std::string what) {
        add(fmt::format("Value '{}' at '{}' failed to satisfy constraint: {}", value_text(m_, s, v),
                        path, what));
    }

    void constraints(const std::string& path, const Shape& s, const json::value& v) {
        if (s.enum_count && v.is_string()) {
            bool found = false;
            for (uint16_t i = 0; i < s.enum_count && !found; ++i)
                found = v.get_string() == s.enums[i];
            if (!found) {
                std::string set;
                for (uint16_t i = 0; i < s.enum_count; ++i)
                    set += (i ? ", " : "") + std::string(s.enums[i]);
                fail(path, s, v, "Member must satisfy enum value set: [" + set + "]");
            }
        }
        if (s.pattern && s.type == Type::String && v.is_string() &&
            !matches_pattern(s.pattern, v.get_string())) {
            fail(path, s, v,
                 std::string("Member must satisfy regular expression pattern: ") + s.pattern);
        }
        bool sized = s.type == Type::String || s.type == Type::Blob || s.type == Type::List ||
                     s.type == Type::Map;
        if (sized) {
            double len = length_of(s, v);
            if (s.has_min && len < s.min)
                fail(path, s, v,
                     "Member must have length greater than or equal to " + format_bound(s.min));
            if (s.has_max && len > s.max)
                fail(path, s, v,
                     "Member must have length less than or equal to " + format_bound(s.max));
        } else if (v.is_number()) {
            double x = v.to_number<double>();
            if (s.has_min && x < s.min)
                fail(path, s, v,
                     "Member must have value greater than or equal to " + format_bound(s.min));
            if (s.has_max && x > s.max)
                fail(path, s, v,
                     "Member must have value less than or equal to " + format_bound(s.max));
        }
    }

    const ServiceModel& m_;
};

}  // namespace

std::optional<std::string> check_types(const ServiceModel& model, uint16_t shape,
                                       const json::value& input) {
    return check(model, shape, input);
}

std::optional<std::string> validate(const ServiceModel& model, uint16_t shape,
                                    const json::value& input) {
    Validator v(model);
    v.value("", shape, input);
    if (v.errors.empty()) return std::nullopt;
    std::string out = fmt::format("{} validation error{} detected: ", v.errors.size(),
                                  v.errors.size() > 1 ? "s" : "");
    for (size_t i = 0; i < v.errors.size(); ++i) {
        if (i) out += "; ";
        out += v.errors[i];
    }
    return out;
}

}  // namespace freshet::shape
