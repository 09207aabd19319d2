#include "iam/store/records.h"

#include <boost/json.hpp>
#include <cctype>

#include "storage/key_codec.h"

namespace freshet::iam::store {
namespace json = boost::json;
namespace {

std::string str(const json::object& o, std::string_view k) {
    const auto* v = o.if_contains(k);
    return v && v->is_string() ? std::string(v->get_string()) : std::string();
}
int64_t num(const json::object& o, std::string_view k, int64_t dflt) {
    const auto* v = o.if_contains(k);
    return v && v->is_int64() ? v->get_int64() : dflt;
}
TimePoint when(const json::object& o, std::string_view k) {
    return from_epoch_millis(num(o, k, 0));
}
std::vector<std::string> strings(const json::object& o, std::string_view k) {
    std::vector<std::string> out;
    if (const auto* v = o.if_contains(k); v && v->is_array()) {
        for (const auto& e : v->get_array()) out.emplace_back(e.as_string());
    }
    return out;
}
json::array to_array(const std::vector<std::string>& v) {
    json::array a;
    for (const auto& s : v) a.emplace_back(s);
    return a;
}
json::array tags_json(const std::vector<Tag>& tags) {
    json::array a;
    for (const auto& t : tags) a.push_back(json::array{json::string(t.key), json::string(t.value)});
    return a;
}
std::vector<Tag> tags_of(const json::object& o) {
    std::vector<Tag> out;
    if (const auto* v = o.if_contains("tags"); v && v->is_array()) {
        for (const auto& t : v->get_array()) {
            const auto& pair = t.as_array();
            out.push_back(
                {std::string(pair.at(0).as_string()), std::string(pair.at(1).as_string())});
        }
    }
    return out;
}
std::optional<json::object> parse_object(std::string_view text) {
    boost::system::error_code ec;
    json::value v = json::parse(text, ec);
    if (ec || !v.is_object()) return std::nullopt;
    return std::move(v.get_object());
}

}  // namespace

const PolicyVersion* ManagedPolicy::find_version(std::string_view vid) const {
    for (const auto& v : versions) {
        if (v.id == vid) return &v;
    }
    return nullptr;
}

std::string encode(const Entity& e) {
    json::object inl;
    for (const auto& [k, v] : e.inline_policies) inl[k] = v;
    json::object o{{"kind", static_cast<int>(e.kind)},
                   {"name", e.name},
                   {"path", e.path},
                   {"id", e.id},
                   {"arn", e.arn},
                   {"created", epoch_millis(e.created)},
                   {"tags", tags_json(e.tags)},
                   {"inline", std::move(inl)},
                   {"attached", to_array(e.attached)},
                   {"groups", to_array(e.groups)},
                   {"trust", e.trust_policy},
                   {"description", e.description},
                   {"max_session", e.max_session_duration}};
    return json::serialize(o);
}

std::optional<Entity> decode_entity(std::string_view text) {
    auto o = parse_object(text);
    if (!o) return std::nullopt;
    Entity e;
    e.kind = static_cast<Kind>(num(*o, "kind", 1));
    e.name = str(*o, "name");
    e.path = str(*o, "path");
    e.id = str(*o, "id");
    e.arn = str(*o, "arn");
    e.created = when(*o, "created");
    e.tags = tags_of(*o);
    if (const auto* inl = o->if_contains("inline"); inl && inl->is_object()) {
        for (const auto& [k, v] : inl->get_object())
            e.inline_policies[std::string(k)] = std::string(v.as_string());
    }
    e.attached = strings(*o, "attached");
    e.groups = strings(*o, "groups");
    e.trust_policy = str(*o, "trust");
    e.description = str(*o, "description");
    e.max_session_duration = num(*o, "max_session", 3600);
    return e;
}

std::string encode(const ManagedPolicy& p) {
    json::array versions;
    for (const auto& v : p.versions) {
        versions.push_back(json::object{
            {"id", v.id}, {"document", v.document}, {"created", epoch_millis(v.created)}});
    }
    json::object o{{"name", p.name},
                   {"path", p.path},
                   {"id", p.id},
                   {"arn", p.arn},
                   {"description", p.description},
                   {"created", epoch_millis(p.created)},
                   {"updated", epoch_millis(p.updated)},
                   {"default", p.default_version},
                   {"next", p.next_version},
                   {"versions", std::move(versions)},
                   {"tags", tags_json(p.tags)}};
    return json::serialize(o);
}

std::optional<ManagedPolicy> decode_policy(std::string_view text) {
    auto o = parse_object(text);
    if (!o) return std::nullopt;
    ManagedPolicy p;
    p.name = str(*o, "name");
    p.path = str(*o, "path");
    p.id = str(*o, "id");
    p.arn = str(*o, "arn");
    p.description = str(*o, "description");
    p.created = when(*o, "created");
    p.updated = when(*o, "updated");
    p.default_version = str(*o, "default");
    p.next_version = num(*o, "next", 2);
    if (const auto* vs = o->if_contains("versions"); vs && vs->is_array()) {
        for (const auto& v : vs->get_array()) {
            const auto& vo = v.as_object();
            p.versions.push_back({str(vo, "id"), str(vo, "document"), when(vo, "created")});
        }
    }
    p.tags = tags_of(*o);
    return p;
}

std::string encode(const AccessKey& k) {
    json::object o{{"id", k.id},
                   {"user", k.user},
                   {"active", k.active},
                   {"secret", k.secret_sealed},
                   {"created", epoch_millis(k.created)},
                   {"service", k.last_service},
                   {"region", k.last_region}};
    if (k.last_used) o["last_used"] = epoch_millis(*k.last_used);
    return json::serialize(o);
}

std::optional<AccessKey> decode_key(std::string_view text) {
    auto o = parse_object(text);
    if (!o) return std::nullopt;
    AccessKey k;
    k.id = str(*o, "id");
    k.user = str(*o, "user");
    const auto* active = o->if_contains("active");
    k.active = !active || !active->is_bool() || active->get_bool();
    k.secret_sealed = str(*o, "secret");
    k.created = when(*o, "created");
    if (o->contains("last_used")) k.last_used = when(*o, "last_used");
    k.last_service = str(*o, "service");
    k.last_region = str(*o, "region");
    return k;
}

std::string encode(const Session& s) {
    const Principal& p = s.principal;
    json::object o{{"id", s.id},
                   {"secret", s.secret_sealed},
                   {"token", s.token},
                   {"type", static_cast<int>(p.type)},
                   {"account", p.account_id},
                   {"arn", p.arn},
                   {"user_id", p.user_id},
                   {"name", p.name},
                   {"role_arn", p.role_arn},
                   {"session", p.session_name},
                   {"expires", epoch_millis(p.expires)}};
    return json::serialize(o);
}

std::optional<Session> decode_session(std::string_view text) {
    auto o = parse_object(text);
    if (!o) return std::nullopt;
    Session s;
    s.id = str(*o, "id");
    s.secret_sealed = str(*o, "secret");
    s.token = str(*o, "token");
    Principal& p = s.principal;
    p.type = static_cast<PrincipalType>(num(*o, "type", 1));
    p.account_id = str(*o, "account");
    p.arn = str(*o, "arn");
    p.user_id = str(*o, "user_id");
    p.name = str(*o, "name");
    p.role_arn = str(*o, "role_arn");
    p.session_name = str(*o, "session");
    p.access_key_id = s.id;
    p.expires = when(*o, "expires");
    return s;
}

std::string record_key(Kind kind, std::string_view name) {
    std::string n(name);
    if (kind != Kind::AccessKey && kind != Kind::Session) {
        for (auto& c : n) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return storage::KeyBuilder().u8(static_cast<uint8_t>(kind)).string(n).str();
}

std::pair<std::string, std::string> kind_range(Kind kind) {
    auto lower = storage::KeyBuilder().u8(static_cast<uint8_t>(kind)).str();
    auto upper = storage::KeyBuilder().u8(static_cast<uint8_t>(kind) + 1).str();
    return {lower, upper};
}

}  // namespace freshet::iam::store
