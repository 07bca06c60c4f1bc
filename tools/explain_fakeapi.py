"""A copy of /work/shared/tools/fakeapi.py that also serves /openapi/v3 (OPENAPI_DIR, written by
`tools/explain_schema.py --openapi DIR`), pv/endpoints and autoscaling/v2+v1, for real `kubectl
explain` (tools/explain_expected.sh).

A tiny read-only Kubernetes API stand-in, to ask the real kubectl how it prints a given state.

Serves discovery for core/v1 and apps/v1 and GET/LIST of the objects in a JSON fixture
({"items": [objects...]}) with labelSelector/fieldSelector filtering good enough for describe.
Usage: python3 fakeapi.py FIXTURE.json PORT   then   kubectl.1.33 --server http://127.0.0.1:PORT ...
Use: dump kubeplay's objects as JSON (`kubectl get deploy,rs,events -o json` gives the list), serve them,
and compare real kubectl's `describe`, `rollout history [--revision]`, `rollout undo --dry-run=client`
and error messages with kubeplay's. `get` tables come from the API server's printers (spec §9.2), which
this stand-in does not implement, so real kubectl shows only NAME and AGE there.
"""
import json
import re
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlparse, parse_qs

RES = {  # plural -> (group, version, kind, namespaced, short names)
    "pods": ("", "v1", "Pod", True, ["po"]),
    "events": ("", "v1", "Event", True, ["ev"]),
    "services": ("", "v1", "Service", True, ["svc"]),
    "nodes": ("", "v1", "Node", False, ["no"]),
    "namespaces": ("", "v1", "Namespace", False, ["ns"]),
    "persistentvolumeclaims": ("", "v1", "PersistentVolumeClaim", True, ["pvc"]),
    "deployments": ("apps", "v1", "Deployment", True, ["deploy"]),
    "replicasets": ("apps", "v1", "ReplicaSet", True, ["rs"]),
    "statefulsets": ("apps", "v1", "StatefulSet", True, ["sts"]),
    "controllerrevisions": ("apps", "v1", "ControllerRevision", True, []),
    "daemonsets": ("apps", "v1", "DaemonSet", True, ["ds"]),
    "persistentvolumes": ("", "v1", "PersistentVolume", False, ["pv"]),
    "endpoints": ("", "v1", "Endpoints", True, ["ep"]),
    "horizontalpodautoscalers": ("autoscaling", "v2", "HorizontalPodAutoscaler", True, ["hpa"]),
    "poddisruptionbudgets": ("policy", "v1", "PodDisruptionBudget", True, ["pdb"]),
    "resourcequotas": ("", "v1", "ResourceQuota", True, ["quota"]),
    "limitranges": ("", "v1", "LimitRange", True, ["limits"]),
}
import os
OADIR = os.environ.get("OPENAPI_DIR", "/tmp/explain-openapi")
OBJS = json.load(open(sys.argv[1]))["items"]


def kind_of(plural):
    return RES[plural][2]


def resource_list(group, version):
    rs = []
    for plural, (g, v, kind, nsd, short) in RES.items():
        if g == group and v == version:
            rs.append({"name": plural, "singularName": kind.lower(), "namespaced": nsd, "kind": kind,
                       "verbs": ["get", "list", "watch", "create", "update", "patch", "delete"],
                       "shortNames": short})
    gv = f"{group}/{version}" if group else version
    return {"kind": "APIResourceList", "apiVersion": "v1", "groupVersion": gv, "resources": rs}


def match_labels(obj, sel):
    labels = obj.get("metadata", {}).get("labels") or {}
    for term in [t for t in sel.split(",") if t]:
        if "!=" in term:
            k, v = term.split("!=")
            if labels.get(k) == v:
                return False
        elif "=" in term:
            k, v = term.split("=", 1)
            v = v.lstrip("=")
            if labels.get(k) != v:
                return False
        elif labels.get(term) is None:
            return False
    return True


def field(obj, path):
    cur = obj
    for p in path.split("."):
        cur = (cur or {}).get(p) if isinstance(cur, dict) else None
    return "" if cur is None else str(cur)


def match_fields(obj, sel):
    for term in [t for t in sel.split(",") if t]:
        k, v = term.split("=", 1)
        if field(obj, k) != v.lstrip("="):
            return False
    return True


class H(BaseHTTPRequestHandler):
    def log_message(self, *a):
        pass

    def send(self, code, body):
        data = json.dumps(body).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        u = urlparse(self.path)
        q = {k: v[0] for k, v in parse_qs(u.query).items()}
        p = u.path.rstrip("/")
        if p == "/api":
            return self.send(200, {"kind": "APIVersions", "versions": ["v1"]})
        if p == "/apis":
            return self.send(200, {"kind": "APIGroupList", "apiVersion": "v1", "groups": [
                {"name": "apps", "versions": [{"groupVersion": "apps/v1", "version": "v1"}],
                 "preferredVersion": {"groupVersion": "apps/v1", "version": "v1"}},
                {"name": "autoscaling", "versions": [{"groupVersion": "autoscaling/v2", "version": "v2"},
                                                     {"groupVersion": "autoscaling/v1", "version": "v1"}],
                 "preferredVersion": {"groupVersion": "autoscaling/v2", "version": "v2"}},
                {"name": "policy", "versions": [{"groupVersion": "policy/v1", "version": "v1"}],
                 "preferredVersion": {"groupVersion": "policy/v1", "version": "v1"}}]})
        if p == "/openapi/v3":
            idx = {}
            for f in sorted(os.listdir(OADIR)):
                gv = f[:-5].replace("__", "/")
                idx[gv] = {"serverRelativeURL": "/openapi/v3/" + gv + "?hash=0123456789ABCDEF"}
            return self.send(200, {"paths": idx})
        if p.startswith("/openapi/v3/"):
            f = os.path.join(OADIR, p[len("/openapi/v3/"):].replace("/", "__") + ".json")
            if os.path.exists(f):
                return self.send(200, json.load(open(f)))
        if p == "/apis/autoscaling/v2":
            return self.send(200, resource_list("autoscaling", "v2"))
        if p == "/apis/autoscaling/v1":
            r = resource_list("autoscaling", "v2"); r["groupVersion"] = "autoscaling/v1"
            return self.send(200, r)
        if p == "/api/v1":
            return self.send(200, resource_list("", "v1"))
        if p == "/apis/apps/v1":
            return self.send(200, resource_list("apps", "v1"))
        if p == "/apis/policy/v1":
            return self.send(200, resource_list("policy", "v1"))
        if p == "/version":
            return self.send(200, {"major": "1", "minor": "33", "gitVersion": "v1.33.0"})
        m = re.fullmatch(r"/(?:api/v1|apis/apps/v1)(?:/namespaces/([^/]+))?/([a-z]+)(?:/([^/]+))?", p)
        if not m:
            return self.send(404, {"kind": "Status", "apiVersion": "v1", "status": "Failure", "reason": "NotFound",
                                   "code": 404, "message": "the server could not find the requested resource"})
        ns, plural, name = m.groups()
        if plural not in RES:
            return self.send(404, {"kind": "Status", "apiVersion": "v1", "status": "Failure", "reason": "NotFound", "code": 404})
        kind = kind_of(plural)
        objs = [o for o in OBJS if o["kind"] == kind and (ns is None or o["metadata"].get("namespace", "default") == ns)]
        if name:
            hit = [o for o in objs if o["metadata"]["name"] == name]
            if not hit:
                g = RES[plural][0]
                return self.send(404, {"kind": "Status", "apiVersion": "v1", "status": "Failure", "reason": "NotFound",
                                       "code": 404, "details": {"name": name, "group": g, "kind": plural},
                                       "message": f'{plural}{"." + g if g else ""} "{name}" not found'})
            return self.send(200, hit[0])
        if "labelSelector" in q:
            objs = [o for o in objs if match_labels(o, q["labelSelector"])]
        if "fieldSelector" in q:
            objs = [o for o in objs if match_fields(o, q["fieldSelector"])]
        g, v = RES[plural][0], RES[plural][1]
        return self.send(200, {"kind": kind + "List", "apiVersion": f"{g}/{v}" if g else v,
                               "metadata": {"resourceVersion": "1"}, "items": objs})


if __name__ == "__main__":
    ThreadingHTTPServer(("127.0.0.1", int(sys.argv[2])), H).serve_forever()
