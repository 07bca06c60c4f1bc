#!/usr/bin/env python3
"""Generate core/src/kubectl/printers/go_order_table.rs: the JSON field order of the Go types
(k8s.io/api v0.33, k8s.io/apimachinery) that kubeplay's kinds are made of.

Go's encoding/json writes a struct's fields in declaration order (embedded structs without a
JSON name inlined at their position), a map's keys sorted. kubectl prints typed objects that way,
and so does the API server. The order is read from the type descriptors the Go linker keeps for
reflection in a kubectl v1.33 binary (which vendors exactly those API types), so the table is what
that kubectl encodes, field additions and all:

  abi.Type (amd64): size 0, ptrdata 8, hash 16, tflag 20, align 21, fieldAlign 22, kind 23,
  equal 24, gcdata 32, str nameOff 40, ptrToThis 44; StructType: pkgPath 48, fields 56 (ptr, len,
  cap); structField: name 0, typ 8, offset 16; PtrType/SliceType/ArrayType elem 48; MapType key 48,
  elem 56; UncommonType (tflag & 1) after the kind's type: pkgPath nameOff 0.
  abi.Name: flags (1 exported, 2 has tag, 8 embedded), uvarint length, bytes, [uvarint length, tag].

Usage: python3 tools/go_field_order.py [KUBECTL]   (default /usr/lib/google-cloud-sdk/bin/kubectl.1.33)
       rewrites core/src/kubectl/printers/go_order_table.rs (then rustfmt)
"""
import os
import re
import struct
import subprocess
import sys

KUBECTL = sys.argv[1] if len(sys.argv) > 1 else "/usr/lib/google-cloud-sdk/bin/kubectl.1.33"
OUT = os.path.join(os.path.dirname(__file__), "..", "core", "src", "kubectl", "printers", "go_order_table.rs")

# (Go package path, type name, apiVersion, kind): the objects whose JSON is reordered from the root.
ROOTS = [
    ("k8s.io/api/apps/v1", "Deployment", "apps/v1", "Deployment"),
    ("k8s.io/api/apps/v1", "ReplicaSet", "apps/v1", "ReplicaSet"),
    ("k8s.io/api/apps/v1", "StatefulSet", "apps/v1", "StatefulSet"),
    ("k8s.io/api/apps/v1", "ControllerRevision", "apps/v1", "ControllerRevision"),
    ("k8s.io/api/apps/v1", "DeploymentList", "apps/v1", "DeploymentList"),
    ("k8s.io/api/apps/v1", "ReplicaSetList", "apps/v1", "ReplicaSetList"),
    ("k8s.io/api/apps/v1", "StatefulSetList", "apps/v1", "StatefulSetList"),
    ("k8s.io/api/apps/v1", "ControllerRevisionList", "apps/v1", "ControllerRevisionList"),
    ("k8s.io/api/core/v1", "Pod", "v1", "Pod"),
    ("k8s.io/api/core/v1", "Node", "v1", "Node"),
    ("k8s.io/api/core/v1", "Event", "v1", "Event"),
    ("k8s.io/api/core/v1", "Service", "v1", "Service"),
    ("k8s.io/api/core/v1", "Namespace", "v1", "Namespace"),
    ("k8s.io/api/core/v1", "PersistentVolumeClaim", "v1", "PersistentVolumeClaim"),
    ("k8s.io/api/core/v1", "PersistentVolume", "v1", "PersistentVolume"),
    ("k8s.io/api/core/v1", "Endpoints", "v1", "Endpoints"),
    ("k8s.io/api/core/v1", "ConfigMap", "v1", "ConfigMap"),
    ("k8s.io/api/core/v1", "Secret", "v1", "Secret"),
    ("k8s.io/api/core/v1", "PodList", "v1", "PodList"),
    ("k8s.io/api/core/v1", "NodeList", "v1", "NodeList"),
    ("k8s.io/api/core/v1", "EventList", "v1", "EventList"),
    ("k8s.io/api/core/v1", "ServiceList", "v1", "ServiceList"),
    ("k8s.io/api/core/v1", "NamespaceList", "v1", "NamespaceList"),
    ("k8s.io/api/core/v1", "PersistentVolumeClaimList", "v1", "PersistentVolumeClaimList"),
    ("k8s.io/api/core/v1", "PersistentVolumeList", "v1", "PersistentVolumeList"),
    ("k8s.io/api/core/v1", "EndpointsList", "v1", "EndpointsList"),
    ("k8s.io/api/core/v1", "ConfigMapList", "v1", "ConfigMapList"),
    ("k8s.io/api/core/v1", "SecretList", "v1", "SecretList"),
    ("k8s.io/api/autoscaling/v2", "HorizontalPodAutoscaler", "autoscaling/v2", "HorizontalPodAutoscaler"),
    ("k8s.io/api/autoscaling/v2", "HorizontalPodAutoscalerList", "autoscaling/v2", "HorizontalPodAutoscalerList"),
    ("k8s.io/api/autoscaling/v1", "HorizontalPodAutoscaler", "autoscaling/v1", "HorizontalPodAutoscaler"),
    ("k8s.io/api/autoscaling/v1", "HorizontalPodAutoscalerList", "autoscaling/v1", "HorizontalPodAutoscalerList"),
    ("k8s.io/api/events/v1", "Event", "events.k8s.io/v1", "Event"),
    ("k8s.io/api/events/v1", "EventList", "events.k8s.io/v1", "EventList"),
    ("k8s.io/apimachinery/pkg/apis/meta/v1", "Status", "v1", "Status"),
    ("k8s.io/api/policy/v1", "PodDisruptionBudget", "policy/v1", "PodDisruptionBudget"),
    ("k8s.io/api/policy/v1", "PodDisruptionBudgetList", "policy/v1", "PodDisruptionBudgetList"),
    ("k8s.io/api/core/v1", "ResourceQuota", "v1", "ResourceQuota"),
    ("k8s.io/api/core/v1", "ResourceQuotaList", "v1", "ResourceQuotaList"),
    ("k8s.io/api/core/v1", "LimitRange", "v1", "LimitRange"),
    ("k8s.io/api/core/v1", "LimitRangeList", "v1", "LimitRangeList"),
]

# Types with their own MarshalJSON (a string, a number or raw bytes): leaves.
LEAVES = {
    "k8s.io/apimachinery/pkg/apis/meta/v1.Time",
    "k8s.io/apimachinery/pkg/apis/meta/v1.MicroTime",
    "k8s.io/apimachinery/pkg/apis/meta/v1.Duration",
    "k8s.io/apimachinery/pkg/apis/meta/v1.FieldsV1",
    "k8s.io/apimachinery/pkg/util/intstr.IntOrString",
    "k8s.io/apimachinery/pkg/api/resource.Quantity",
    "k8s.io/apimachinery/pkg/runtime.RawExtension",
}

KIND_ARRAY, KIND_MAP, KIND_PTR, KIND_SLICE, KIND_STRUCT = 17, 21, 22, 23, 25

B = open(KUBECTL, "rb").read()
shoff = struct.unpack_from("<Q", B, 0x28)[0]
shentsize, shnum, shstrndx = struct.unpack_from("<HHH", B, 0x3A)
SECS = []
for i in range(shnum):
    name, _typ, _flags, addr, off, size = struct.unpack_from("<IIQQQQ", B, shoff + i * shentsize)
    SECS.append((name, addr, off, size))
STRTAB = SECS[shstrndx][2]


def secname(o):
    return B[STRTAB + o:B.index(b"\0", STRTAB + o)].decode()


BY_NAME = {secname(s[0]): s for s in SECS}
_, RO_A, RO_O, RO_N = BY_NAME[".rodata"]
TYPES_BASE = RO_A  # moduledata.types: the type data opens .rodata


def rd(addr, n):
    for _, a, o, size in SECS[1:]:
        if a <= addr < a + size and o:
            return B[o + addr - a:o + addr - a + n]
    raise ValueError(hex(addr))


def u64(addr):
    return struct.unpack("<Q", rd(addr, 8))[0]


def uvarint(addr):
    v = shift = 0
    while True:
        b = rd(addr, 1)[0]
        addr += 1
        v |= (b & 0x7F) << shift
        shift += 7
        if b < 0x80:
            return v, addr


def name_at(addr):
    flags = rd(addr, 1)[0]
    n, a = uvarint(addr + 1)
    name = rd(a, n).decode("latin1")
    a += n
    tag = ""
    if flags & 2:
        tn, a = uvarint(a)
        tag = rd(a, tn).decode("latin1")
    return flags, name, tag


def kind(t):
    return rd(t + 23, 1)[0] & 0x1F


def short_name(t):
    tflag = rd(t + 20, 1)[0]
    off = struct.unpack("<i", rd(t + 40, 4))[0]
    n = name_at(TYPES_BASE + off)[1]
    return n[1:] if tflag & 2 else n


def pkg_path(t):
    """The UncommonType's package path of a named type ('' when it has none)."""
    if not rd(t + 20, 1)[0] & 1:
        return ""
    size = {KIND_STRUCT: 80, KIND_PTR: 56, KIND_SLICE: 56, KIND_ARRAY: 72, KIND_MAP: 88}.get(kind(t), 48)
    off = struct.unpack("<i", rd(t + size, 4))[0]
    return name_at(TYPES_BASE + off)[1] if off else ""


def full_name(t):
    short = short_name(t)
    p = pkg_path(t)
    return f"{p}.{short.split('.', 1)[-1]}" if p else short


def fields(t):
    fp, n, _ = struct.unpack("<QQQ", rd(t + 56, 24))
    out = []
    for i in range(n):
        np_, tp, _off = struct.unpack("<QQQ", rd(fp + 24 * i, 24))
        flags, name, tag = name_at(np_)
        out.append((name, tag, tp, bool(flags & 8)))
    return out


def json_name(tag):
    m = re.search(r'json:"([^"]*)"', tag)
    return m.group(1).split(",")[0] if m else None


def struct_descriptors(wanted):
    """Scans .rodata once for the struct type descriptors named in `wanted` ({(pkg, name)})."""
    names = {n for _, n in wanted}
    hits = {}
    for a in range(RO_A, RO_A + RO_N - 88, 8):
        o = RO_O + a - RO_A
        if B[o + 23] & 0x1F != KIND_STRUCT:
            continue
        fp, fl, fc = struct.unpack_from("<QQQ", B, o + 56)
        if not (RO_A <= fp < RO_A + RO_N and 0 < fl < 300 and fl == fc):
            continue
        try:
            short = short_name(a).split(".", 1)[-1]
            if short in names and (pkg_path(a), short) in wanted:
                hits.setdefault((pkg_path(a), short), []).append(a)
        except (ValueError, UnicodeDecodeError, IndexError):
            continue
    for w in wanted:
        if len(hits.get(w, [])) != 1:
            sys.exit(f"{w}: {len(hits.get(w, []))} type descriptors")
    return {w: a[0] for w, a in hits.items()}


STRUCTS = {}  # address -> index
ORDER = []  # [(full name, [(json name, child)])]


def child_of(t):
    """What a field's value is: None (a leaf: a scalar, a map of scalars, or a type with its own
    MarshalJSON) or ('s', i) a struct; pointers, slices and arrays are transparent."""
    while True:
        k = kind(t)
        if k in (KIND_PTR, KIND_SLICE, KIND_ARRAY):
            t = u64(t + 48)
            continue
        if full_name(t) in LEAVES:
            return None
        if k == KIND_STRUCT:
            return ("s", struct_index(t))
        if k == KIND_MAP and child_of(u64(t + 56)) is not None:
            # none of the served types has one; the table would need a map-of-structs entry
            sys.exit(f"{full_name(t)}: a map of structs")
        return None


def flatten(t):
    """A struct's JSON fields in encoding/json's order: embedded structs without a JSON name
    inlined where they are declared."""
    out = []
    for name, tag, tp, embedded in fields(t):
        j = json_name(tag)
        if j == "-":
            continue
        if embedded and not j:
            inner = tp
            while kind(inner) == KIND_PTR:
                inner = u64(inner + 48)
            if kind(inner) == KIND_STRUCT and full_name(inner) not in LEAVES:
                out.extend(flatten(inner))
                continue
        out.append((j or name, tp))
    return out


def struct_index(t):
    if t in STRUCTS:
        return STRUCTS[t]
    i = len(ORDER)
    STRUCTS[t] = i
    ORDER.append([full_name(t), None])
    ORDER[i][1] = [(j, child_of(tp)) for j, tp in flatten(t)]
    return i


def main():
    found = struct_descriptors({(pkg, name) for pkg, name, _, _ in ROOTS})
    roots = []
    for pkg, name, api_version, kind_name in ROOTS:
        roots.append((api_version, kind_name, struct_index(found[(pkg, name)])))
    lines = [
        "//! Generated by `tools/go_field_order.py` from the type descriptors of kubectl v1.33 (the",
        "//! k8s.io/api v0.33 and apimachinery types it encodes); do not edit. Each struct lists its JSON",
        "//! fields in Go declaration order (embedded structs inlined), each with what its value holds.",
        "",
        "use super::go_order::{GoStruct, Holds::*};",
        "",
        "/// `(apiVersion, kind)` of an object and its Go struct.",
        "pub(super) static KINDS: &[(&str, &str, u16)] = &[",
    ]
    for api_version, kind_name, i in roots:
        lines.append(f'    ("{api_version}", "{kind_name}", {i}),')
    lines.append("];")
    lines.append("")
    lines.append("pub(super) static STRUCTS: &[GoStruct] = &[")
    for name, flds in ORDER:
        lines.append(f"    // {name}")
        lines.append("    GoStruct(&[")
        for j, c in flds:
            holds = "Leaf" if c is None else f"Struct({c[1]})"
            lines.append(f'        ("{j}", {holds}),')
        lines.append("    ]),")
    lines.append("];")
    with open(OUT, "w") as f:
        f.write("\n".join(lines) + "\n")
    subprocess.run(["rustfmt", "--edition", "2021", OUT], check=True)
    print(f"{len(ORDER)} structs, {sum(len(f) for _, f in ORDER)} fields -> {OUT}", file=sys.stderr)


main()
