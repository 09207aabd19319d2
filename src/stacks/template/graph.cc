// Confirmed: "Circular dependency between resources: [A, B]" (many ValidateTemplate and
// CreateStack answers); CloudFormation's lists include resources that merely depend on the
// cycle (alarms, dashboards). The order of names in AWS's list is not confirmed: Freshet sorts.
#include "stacks/template/graph.h"

#include "stacks/template/common.h"

namespace freshet::stacks {
namespace {

namespace json = boost::json;

void collect(const json::value& v, std::set<std::string>& out);

void collect_sub(const json::value& arg, std::set<std::string>& out) {
    const json::value* text = &arg;
    std::set<std::string> locals;
    if (arg.is_array() && !arg.as_array().empty()) {
        const json::array& a = arg.as_array();
        text = &a[0];
        if (a.size() > 1) {
            if (a[1].is_object())
                for (const auto& kv : a[1].as_object()) locals.insert(std::string(kv.key()));
            collect(a[1], out);
        }
    }
    if (!text->is_string()) return collect(*text, out);
    for (const auto& part : split_sub(text->get_string())) {
        if (!part.variable || locals.count(part.text) || is_pseudo_parameter(part.text)) continue;
        out.insert(part.text.substr(0, part.text.find('.')));
    }
}

void collect(const json::value& v, std::set<std::string>& out) {
    if (v.is_array()) {
        for (const auto& item : v.as_array()) collect(item, out);
        return;
    }
    if (!v.is_object()) return;
    const json::object& o = v.as_object();
    if (o.size() == 1) {
        const auto& key = o.begin()->key();
        const json::value& arg = o.begin()->value();
        if (key == "Ref") {
            if (arg.is_string() && !is_pseudo_parameter(arg.get_string()))
                out.insert(std::string(arg.get_string()));
            return;
        }
        if (key == "Fn::GetAtt") {
            if (arg.is_string()) {
                std::string s(arg.get_string());
                out.insert(s.substr(0, s.find('.')));
            } else if (arg.is_array() && !arg.as_array().empty()) {
                if (arg.as_array()[0].is_string())
                    out.insert(std::string(arg.as_array()[0].get_string()));
                collect(arg, out);
            }
            return;
        }
        if (key == "Fn::Sub") return collect_sub(arg, out);
    }
    for (const auto& kv : o) collect(kv.value(), out);
}

}  // namespace

std::set<std::string> references(const json::value& v) {
    std::set<std::string> out;
    collect(v, out);
    return out;
}

std::map<std::string, std::set<std::string>> resource_dependencies(const json::object& resources) {
    std::map<std::string, std::set<std::string>> deps;
    for (const auto& kv : resources) {
        std::string name(kv.key());
        std::set<std::string>& mine = deps[name];
        if (!kv.value().is_object()) continue;
        const json::object& r = kv.value().as_object();
        for (const auto& attr : r) {
            if (attr.key() == "DependsOn") {
                const json::value& d = attr.value();
                if (d.is_string()) mine.insert(std::string(d.get_string()));
                if (d.is_array())
                    for (const auto& item : d.as_array())
                        if (item.is_string()) mine.insert(std::string(item.get_string()));
                continue;
            }
            collect(attr.value(), mine);
        }
        for (auto it = mine.begin(); it != mine.end();)
            it = resources.contains(*it) ? std::next(it) : mine.erase(it);
    }
    return deps;
}

Result<std::vector<std::vector<std::string>>> creation_waves(
    const std::map<std::string, std::set<std::string>>& deps) {
    std::vector<std::vector<std::string>> waves;
    std::set<std::string> done;
    std::set<std::string> pending;
    for (const auto& [name, _] : deps) pending.insert(name);
    while (!pending.empty()) {
        std::vector<std::string> wave;
        for (const auto& name : pending) {
            bool ready = true;
            for (const auto& d : deps.at(name))
                if (deps.count(d) && !done.count(d)) ready = false;
            if (ready) wave.push_back(name);
        }
        if (wave.empty()) {
            return template_error("Circular dependency between resources: " +
                                  bracket_list({pending.begin(), pending.end()}));
        }
        for (const auto& name : wave) {
            pending.erase(name);
            done.insert(name);
        }
        waves.push_back(std::move(wave));
    }
    return waves;
}

}  // namespace freshet::stacks
