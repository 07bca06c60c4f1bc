#!/usr/bin/env python3
"""Generate core/src/kubectl/explain/schema.txt, the schemas `kubectl explain` prints.

kubectl v1.33 `explain` reads the API server's OpenAPI v3 documents (/openapi/v3/<group-version>)
and renders them with staging/src/k8s.io/kubectl/pkg/explain/v2/templates/plaintext.tmpl. kubeplay
embeds only the kinds it serves and the types they reference, in a compact line format with
deduplicated descriptions (the wasm bundle has a size budget).

Source: the v1.33 definitions of kubernetes-json-schema (`_definitions.json`, `$defs` with
`#/$defs/...` refs). That data adds `enum: [<apiVersion>]`/`[<Kind>]` to apiVersion/kind and
`null` to every type; both are undone here, as the API server's documents have neither.

Usage:
  python3 tools/explain_schema.py DEFINITIONS.json                 # rewrites schema.txt
  python3 tools/explain_schema.py DEFINITIONS.json --openapi DIR   # also writes the OpenAPI v3
      documents a fake API server serves to real kubectl (see tools/explain_fakeapi.py), to
      capture the expected outputs of tests/transcripts/explain/.

Format of schema.txt (one record a line, `|`-separated):
  S <n>            then n lines: the strings (descriptions), `\\` and newline escaped as `\\\\`, `\\n`
  T name|type|desc|gvk|required     a type: short name (last segment), JSON type (empty: none),
                                    string index or empty, `group/version/Kind` or empty,
                                    required fields comma-separated
  F name|node|desc                  a property of the last T; node: `r<i>` ref to the i-th T,
                                    `[<node>` array of, `{<node>` map of, or a JSON type name
"""
import json
import os
import sys

ROOTS = [  # definition, resource plural, namespaced
    ("io.k8s.api.apps.v1.Deployment", "deployments", True),
    ("io.k8s.api.apps.v1.ReplicaSet", "replicasets", True),
    ("io.k8s.api.apps.v1.StatefulSet", "statefulsets", True),
    ("io.k8s.api.apps.v1.ControllerRevision", "controllerrevisions", True),
    ("io.k8s.api.apps.v1.DaemonSet", "daemonsets", True),
    ("io.k8s.api.core.v1.Pod", "pods", True),
    ("io.k8s.api.core.v1.Service", "services", True),
    ("io.k8s.api.core.v1.Namespace", "namespaces", False),
    ("io.k8s.api.core.v1.PersistentVolumeClaim", "persistentvolumeclaims", True),
    ("io.k8s.api.core.v1.PersistentVolume", "persistentvolumes", False),
    ("io.k8s.api.core.v1.Event", "events", True),
    ("io.k8s.api.core.v1.Endpoints", "endpoints", True),
    ("io.k8s.api.core.v1.Node", "nodes", False),
    ("io.k8s.api.autoscaling.v2.HorizontalPodAutoscaler", "horizontalpodautoscalers", True),
    ("io.k8s.api.autoscaling.v1.HorizontalPodAutoscaler", "horizontalpodautoscalers", True),
    ("io.k8s.api.batch.v1.Job", "jobs", True),
    ("io.k8s.api.batch.v1.CronJob", "cronjobs", True),
    ("io.k8s.api.policy.v1.PodDisruptionBudget", "poddisruptionbudgets", True),
    ("io.k8s.api.core.v1.ResourceQuota", "resourcequotas", True),
    ("io.k8s.api.core.v1.LimitRange", "limitranges", True),
]
REF = "#/$defs/"


def jtype(s):
    t = s.get("type")
    if isinstance(t, list):
        t = [x for x in t if x != "null"]
        t = t[0] if t else None
    return t


def refname(s):
    r = s.get("$ref")
    return r[len(REF):] if r else None


def closure(defs):
    seen, todo = [], [r[0] for r in ROOTS]
    while todo:
        n = todo.pop(0)
        if n in seen:
            continue
        seen.append(n)

        def walk(s):
            if isinstance(s, dict):
                if refname(s):
                    todo.append(refname(s))
                for v in s.values():
                    walk(v)
            elif isinstance(s, list):
                for v in s:
                    walk(v)

        walk(defs[n])
    return seen


def v3(s, top=False):
    """A definition or property as the API server's OpenAPI v3 document has it."""
    out = {}
    if refname(s):
        ref = {"$ref": "#/components/schemas/" + refname(s)}
        if "description" not in s:
            return ref
        out["allOf"] = [ref]
    for k in ("description", "required", "x-kubernetes-group-version-kind"):
        if k in s:
            out[k] = s[k]
    t = jtype(s)
    if t:
        out["type"] = t
    if "format" in s:
        out["format"] = s["format"]
    if "oneOf" in s:
        out["oneOf"] = [{"type": jtype(x)} for x in s["oneOf"]]
    if "items" in s:
        out["items"] = v3(s["items"])
    if isinstance(s.get("additionalProperties"), dict):
        out["additionalProperties"] = v3(s["additionalProperties"])
    if "properties" in s:
        out["properties"] = {k: v3(v) for k, v in s["properties"].items()}
    return out


def main():
    defs = json.load(open(sys.argv[1]))["$defs"]
    names = closure(defs)
    index = {n: i for i, n in enumerate(names)}
    strings, sidx = [], {}

    def st(d):
        if d is None:
            return ""
        if d not in sidx:
            sidx[d] = len(strings)
            strings.append(d)
        return str(sidx[d])

    def node(s):
        if refname(s):
            return "r%d" % index[refname(s)]
        if "items" in s:
            assert "description" not in s["items"], s
            return "[" + node(s["items"])
        if isinstance(s.get("additionalProperties"), dict):
            assert "description" not in s["additionalProperties"], s
            return "{" + node(s["additionalProperties"])
        return jtype(s) or ""

    lines = []
    for n in names:
        d = defs[n]
        gvk = d.get("x-kubernetes-group-version-kind") or []
        assert len(gvk) <= 1, n
        g = "%s/%s/%s" % (gvk[0]["group"], gvk[0]["version"], gvk[0]["kind"]) if gvk else ""
        t = jtype(d) or ""
        lines.append("T %s|%s|%s|%s|%s" % (n.split(".")[-1], t, st(d.get("description")), g,
                                           ",".join(d.get("required", []))))
        for k in sorted(d.get("properties", {})):
            p = d["properties"][k]
            lines.append("F %s|%s|%s" % (k, node(p), st(p.get("description"))))
    esc = [s.replace("\\", "\\\\").replace("\n", "\\n") for s in strings]
    text = "S %d\n%s\n%s\n" % (len(esc), "\n".join(esc), "\n".join(lines))
    here = os.path.dirname(os.path.abspath(__file__))
    path = os.path.join(here, "..", "core", "src", "kubectl", "explain", "schema.txt")
    with open(path, "w") as f:
        f.write(text)
    print("wrote %s: %d types, %d strings, %d bytes" % (path, len(names), len(strings), len(text)))

    if "--openapi" in sys.argv:
        outdir = sys.argv[sys.argv.index("--openapi") + 1]
        os.makedirs(outdir, exist_ok=True)
        schemas = {n: v3(defs[n], top=True) for n in names}
        docs = {}
        for n, plural, namespaced in ROOTS:
            gvk = defs[n]["x-kubernetes-group-version-kind"][0]
            gv = ("apis/%s/%s" % (gvk["group"], gvk["version"])) if gvk["group"] else "api/v1"
            doc = docs.setdefault(gv, {"openapi": "3.0.0", "info": {"title": "Kubernetes",
                                                                      "version": "v1.33.0"},
                                       "paths": {}, "components": {"schemas": schemas}})
            p = "/%s/%s" % (gv, plural) if not namespaced else \
                "/%s/namespaces/{namespace}/%s" % (gv, plural)
            doc["paths"][p] = {"get": {"x-kubernetes-group-version-kind": gvk,
                                       "responses": {"200": {"description": "OK"}}}}
        for gv, doc in docs.items():
            fn = os.path.join(outdir, gv.replace("/", "__") + ".json")
            json.dump(doc, open(fn, "w"))
        print("wrote", sorted(docs))


if __name__ == "__main__":
    main()
