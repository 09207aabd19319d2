#!/usr/bin/env python3
"""Generates C++ shapes from a botocore service model (service-2.json).

For the operations a module implements (one name per line in its operations file), this
writes <out>.gen.h and <out>.gen.cc with:
  - the service's shape and operation tables (freshet::shape::ServiceModel), which the
    validator, the protocol codecs and the router read;
  - a C++ struct per structure shape reachable from those operations, with from_json/to_json
    between the struct and the protocol-neutral JSON form (AWS member names, blobs base64,
    timestamps as epoch seconds).
Recursive shapes (DynamoDB's AttributeValue) stay raw JSON (boost::json::value): the module
that owns them keeps its own typed model.

Usage: gen_model.py MODEL_JSON OPERATIONS_FILE NAMESPACE OUT_BASE
"""
import gzip
import json
import os
import sys

SCALARS = {
    "string": "std::string",
    "integer": "int64_t",
    "long": "int64_t",
    "boolean": "bool",
    "double": "double",
    "float": "double",
    "blob": "std::string",
    "timestamp": "::freshet::TimePoint",
}
TYPE_ENUM = {
    "structure": "Structure", "list": "List", "map": "Map", "string": "String",
    "integer": "Integer", "long": "Long", "boolean": "Boolean", "double": "Double",
    "float": "Float", "blob": "Blob", "timestamp": "Timestamp",
}
PROTOCOLS = {"json": "Json", "rest-json": "RestJson", "query": "Query", "rest-xml": "RestXml"}


def cstr(s):
    if s is None:
        return '""'
    return json.dumps(s, ensure_ascii=True)


class Generator:
    def __init__(self, model, operations, namespace):
        self.model = model
        self.shapes = model["shapes"]
        self.ops = sorted(operations)
        self.ns = namespace
        missing = [o for o in self.ops if o not in model["operations"]]
        if missing:
            sys.exit("gen_model: operations not in the model: " + ", ".join(missing))
        self.reachable = self._reachable()
        self.index = {name: i for i, name in enumerate(self.reachable)}
        self.documents = self._recursive_shapes()

    def _reachable(self):
        seen, order = set(), []

        def visit(name):
            if name in seen:
                return
            seen.add(name)
            order.append(name)
            s = self.shapes[name]
            for m in s.get("members", {}).values():
                visit(m["shape"])
            for k in ("member", "key", "value"):
                if k in s:
                    visit(s[k]["shape"])

        for op in self.ops:
            o = self.model["operations"][op]
            for k in ("input", "output"):
                if k in o:
                    visit(o[k]["shape"])
            for e in o.get("errors", []):
                visit(e["shape"])
        return sorted(order)

    def _children(self, name):
        s = self.shapes[name]
        out = [m["shape"] for m in s.get("members", {}).values()]
        out += [s[k]["shape"] for k in ("member", "key", "value") if k in s]
        return out

    def _recursive_shapes(self):
        """Shapes that can reach themselves: kept as raw JSON."""
        docs = set()
        for start in self.reachable:
            stack, seen = list(self._children(start)), set()
            while stack:
                n = stack.pop()
                if n == start:
                    docs.add(start)
                    break
                if n in seen:
                    continue
                seen.add(n)
                stack.extend(self._children(n))
        return docs

    # ---- C++ types -------------------------------------------------------------------

    def cpp_type(self, name):
        s = self.shapes[name]
        t = s["type"]
        if name in self.documents:
            return "::boost::json::value"
        if t in SCALARS:
            return SCALARS[t]
        if t == "list":
            return "std::vector<%s>" % self.cpp_type(s["member"]["shape"])
        if t == "map":
            return "std::map<std::string, %s>" % self.cpp_type(s["value"]["shape"])
        return "::freshet::%s::model::%s" % (self.ns, name)

    def structs_in_order(self):
        """Structure shapes (not documents) ordered so that every member type is complete."""
        done, order = set(), []

        def deps(name):
            out = []
            for c in self._children(name):
                cs = self.shapes[c]
                if c in self.documents:
                    continue
                if cs["type"] == "structure":
                    out.append(c)
                elif cs["type"] in ("list", "map"):
                    out.extend(deps(c))
            return out

        def visit(name):
            if name in done:
                return
            done.add(name)
            for d in deps(name):
                visit(d)
            order.append(name)

        for n in self.reachable:
            if self.shapes[n]["type"] == "structure" and n not in self.documents:
                visit(n)
        return order

    # ---- tables ----------------------------------------------------------------------

    def shape_table(self, out):
        for i, name in enumerate(self.reachable):
            s = self.shapes[name]
            if "enum" in s:
                vals = ", ".join(cstr(v) for v in s["enum"])
                out.append("const char* const kEnum%d[] = {%s};" % (i, vals))
            if s["type"] == "structure" and s.get("members"):
                req = set(s.get("required", []))
                rows = []
                for mname, m in s["members"].items():
                    ms = self.shapes[m["shape"]]
                    flattened = m.get("flattened", ms.get("flattened", False))
                    rows.append("    {%s, %d, %s, %s, %s, %s, %s, %s, %s}," % (
                        cstr(mname), self.index[m["shape"]], cstr(m.get("location", "")),
                        cstr(m.get("locationName", "")), "true" if mname in req else "false",
                        "true" if flattened else "false",
                        "true" if m.get("idempotencyToken") else "false",
                        "true" if m.get("jsonvalue") else "false",
                        cstr(m.get("timestampFormat", ""))))
                out.append("const Member kMembers%d[] = {\n%s\n};" % (i, "\n".join(rows)))
        rows = []
        for i, name in enumerate(self.reachable):
            rows.append(self.shape_row(i, name))
        out.append("const Shape kShapes[] = {\n%s\n};" % "\n".join(rows))

    def shape_row(self, i, name):
        s = self.shapes[name]
        t = s["type"]
        err = s.get("error", {})
        member = key = "kNone"
        member_name, key_name, value_name = "member", "key", "value"
        if t == "list":
            member = str(self.index[s["member"]["shape"]])
            member_name = s["member"].get("locationName", "member")
        if t == "map":
            member = str(self.index[s["value"]["shape"]])
            key = str(self.index[s["key"]["shape"]])
            key_name = s["key"].get("locationName", "key")
            value_name = s["value"].get("locationName", "value")
        has_min, has_max = "min" in s, "max" in s
        enums = ("kEnum%d, %d" % (i, len(s["enum"]))) if "enum" in s else "nullptr, 0"
        members = ("kMembers%d, %d" % (i, len(s["members"]))
                   if t == "structure" and s.get("members") else "nullptr, 0")
        pattern = cstr(s["pattern"]) if "pattern" in s else "nullptr"
        return ("    {%s, Type::%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, "
                "%s, %d, %s, %s, %s, %s, %s}," % (
                    cstr(name), TYPE_ENUM[t], "true" if has_min else "false",
                    "true" if has_max else "false", repr(float(s.get("min", 0))),
                    repr(float(s.get("max", 0))), pattern, enums, members, member, key,
                    cstr(member_name), cstr(key_name), cstr(value_name),
                    "true" if s.get("flattened") else "false", cstr(s.get("payload", "")),
                    "true" if s.get("exception") else "false", err.get("httpStatusCode", 400),
                    cstr(err.get("code", "")), "false" if err.get("senderFault") is False else "true",
                    cstr(s.get("timestampFormat", "")),
                    "true" if name in self.documents else "false",
                    "true" if s.get("sensitive") else "false"))

    def op_table(self, out):
        rows = []
        for op in self.ops:
            o = self.model["operations"][op]
            http = o.get("http", {})
            inp = str(self.index[o["input"]["shape"]]) if "input" in o else "kNone"
            outp = str(self.index[o["output"]["shape"]]) if "output" in o else "kNone"
            rows.append("    {%s, %s, %s, %d, %s, %s, %s}," % (
                cstr(op), cstr(http.get("method", "POST")), cstr(http.get("requestUri", "/")),
                http.get("responseCode", 200), inp, outp,
                cstr(o.get("output", {}).get("resultWrapper", ""))))
        out.append("const Operation kOperations[] = {\n%s\n};" % "\n".join(rows))

    # ---- conversions -----------------------------------------------------------------

    def from_expr(self, name, src):
        """Expression converting neutral JSON `src` into the C++ type of shape `name`."""
        s = self.shapes[name]
        t = s["type"]
        if name in self.documents:
            return src
        if t in ("string",):
            return "std::string(%s.as_string())" % src
        if t in ("integer", "long"):
            return "::freshet::shape::json_int(%s)" % src
        if t == "boolean":
            return "%s.as_bool()" % src
        if t in ("double", "float"):
            return "::freshet::shape::json_double(%s)" % src
        if t == "blob":
            return "::freshet::shape::json_blob(%s)" % src
        if t == "timestamp":
            return "::freshet::shape::json_time(%s)" % src
        if t == "list":
            inner = self.from_expr(s["member"]["shape"], "e")
            return ("[&](const ::boost::json::value& l) { %s r; for (const auto& e : "
                    "l.as_array()) r.push_back(%s); return r; }(%s)" % (self.cpp_type(name), inner, src))
        if t == "map":
            inner = self.from_expr(s["value"]["shape"], "kv.value()")
            return ("[&](const ::boost::json::value& m) { %s r; for (const auto& kv : "
                    "m.as_object()) r.emplace(std::string(kv.key()), %s); return r; }(%s)" % (
                        self.cpp_type(name), inner, src))
        return "[&](const ::boost::json::value& o) { %s r; from_json(o, r); return r; }(%s)" % (
            self.cpp_type(name), src)

    def to_expr(self, name, src):
        s = self.shapes[name]
        t = s["type"]
        if name in self.documents:
            return src
        if t in ("string", "boolean", "double", "float"):
            return "::boost::json::value(%s)" % src
        if t in ("integer", "long"):
            return "::boost::json::value(static_cast<int64_t>(%s))" % src
        if t == "blob":
            return "::boost::json::value(::freshet::base64_encode(%s))" % src
        if t == "timestamp":
            return "::boost::json::value(::freshet::epoch_seconds(%s))" % src
        if t == "list":
            inner = self.to_expr(s["member"]["shape"], "e")
            return ("[&](const auto& l) { ::boost::json::array a; a.reserve(l.size()); for (const "
                    "auto& e : l) a.push_back(%s); return ::boost::json::value(std::move(a)); }(%s)"
                    % (inner, src))
        if t == "map":
            inner = self.to_expr(s["value"]["shape"], "kv.second")
            return ("[&](const auto& m) { ::boost::json::object o; for (const auto& kv : m) "
                    "o[kv.first] = %s; return ::boost::json::value(std::move(o)); }(%s)" % (inner, src))
        return "to_json(%s)" % src

    def struct_decl(self, name, out):
        s = self.shapes[name]
        req = set(s.get("required", []))
        out.append("struct %s {" % name)
        for mname, m in s.get("members", {}).items():
            ctype = self.cpp_type(m["shape"])
            if mname in req:
                out.append("    %s %s{};" % (ctype, mname))
            else:
                out.append("    std::optional<%s> %s;" % (ctype, mname))
        out.append("};")
        out.append("void from_json(const ::boost::json::value& v, %s& out);" % name)
        out.append("::boost::json::value to_json(const %s& in);" % name)

    def struct_impl(self, name, out):
        s = self.shapes[name]
        req = set(s.get("required", []))
        members = s.get("members", {})
        out.append("void from_json(const ::boost::json::value& v, %s& out) {" % name)
        if members:
            out.append("    const auto& o = v.as_object();")
        else:
            out.append("    (void)v; (void)out;")
        for mname, m in members.items():
            out.append("    if (auto* p = o.if_contains(%s); p && !p->is_null()) out.%s = %s;" % (
                cstr(mname), mname, self.from_expr(m["shape"], "(*p)")))
        out.append("}")
        out.append("::boost::json::value to_json(const %s& in) {" % name)
        out.append("    ::boost::json::object o;")
        if not members:
            out.append("    (void)in;")
        for mname, m in members.items():
            if mname in req:
                out.append("    o[%s] = %s;" % (cstr(mname), self.to_expr(m["shape"], "in." + mname)))
            else:
                out.append("    if (in.%s) o[%s] = %s;" % (mname, cstr(mname),
                                                        self.to_expr(m["shape"], "*in." + mname)))
        out.append("    return ::boost::json::value(std::move(o));")
        out.append("}")

    # ---- files -----------------------------------------------------------------------

    def header(self):
        out = ["// Generated by tools/gen_model.py from botocore's %s model. Do not edit." %
               self.model["metadata"]["serviceId"],
               "#pragma once", "", '#include "core/shape/generated_support.h"', "",
               "namespace freshet::%s::model {" % self.ns, "",
               "const ::freshet::shape::ServiceModel& service_model();", ""]
        for i, name in enumerate(self.reachable):
            out.append("inline constexpr uint16_t kShape%s = %d;" % (name, i))
        out.append("")
        structs = self.structs_in_order()
        for name in structs:
            out.append("struct %s;" % name)
        out.append("")
        for name in structs:
            self.struct_decl(name, out)
            out.append("")
        out.append("}  // namespace freshet::%s::model" % self.ns)
        return "\n".join(out) + "\n"

    def source(self, header_name):
        md = self.model["metadata"]
        out = ["// Generated by tools/gen_model.py. Do not edit.",
               '#include "%s"' % header_name, "",
               "namespace freshet::%s::model {" % self.ns, "namespace {",
               "using ::freshet::shape::Member;", "using ::freshet::shape::Operation;",
               "using ::freshet::shape::Shape;", "using ::freshet::shape::Type;",
               "using ::freshet::shape::kNone;", ""]
        self.shape_table(out)
        self.op_table(out)
        out.append("}  // namespace")
        out.append("")
        out.append("const ::freshet::shape::ServiceModel& service_model() {")
        out.append("    static const ::freshet::shape::ServiceModel model{%s, %s, %s, "
                   "::freshet::shape::Protocol::%s, %s, %s, %s, %s, kShapes, %d, kOperations, %d};" % (
                       cstr(md.get("serviceId")), cstr(md.get("signingName", md["endpointPrefix"])),
                       cstr(md["endpointPrefix"]), PROTOCOLS[md["protocol"]],
                       cstr(md.get("targetPrefix", "")), cstr(md.get("jsonVersion", "")),
                       cstr(md.get("xmlNamespace", {}).get("uri", "") if isinstance(
                           md.get("xmlNamespace"), dict) else md.get("xmlNamespace", "")),
                       cstr(md["apiVersion"]), len(self.reachable), len(self.ops)))
        out.append("    return model;")
        out.append("}")
        out.append("")
        for name in self.structs_in_order():
            self.struct_impl(name, out)
            out.append("")
        out.append("}  // namespace freshet::%s::model" % self.ns)
        return "\n".join(out) + "\n"


def main():
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    model_path, ops_path, namespace, out_base = sys.argv[1:]
    opener = gzip.open if model_path.endswith(".gz") else open
    with opener(model_path, "rt") as f:
        model = json.load(f)
    with open(ops_path) as f:
        ops = [line.strip() for line in f if line.strip() and not line.startswith("#")]
    gen = Generator(model, ops, namespace)
    os.makedirs(os.path.dirname(out_base), exist_ok=True)
    header_name = os.path.relpath(out_base + ".gen.h", os.path.join(out_base, "..", ".."))
    for path, text in ((out_base + ".gen.h", gen.header()),
                       (out_base + ".gen.cc", gen.source(header_name))):
        old = open(path).read() if os.path.exists(path) else None
        if old != text:
            with open(path, "w") as f:
                f.write(text)


if __name__ == "__main__":
    main()
