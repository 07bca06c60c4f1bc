//! Fuzz test of the command surface: kubectl, `curl` through `kubectl proxy`, the shell, `sim`.
//!
//! Fixed seeds generate sessions: a small cluster (a Deployment, a StatefulSet, a Service, a
//! ConfigMap, a Secret, a bare pod, a DaemonSet `agent`, a Job `pi`, a CronJob `tick`) and then
//! command lines drawn from a grammar of real usage
//! — get/describe with every `-o`, create/run/expose/scale/autoscale/set/rollout/label/taint/
//! patch/edit/wait/events/logs/exec, `create job|cronjob` (bad schedules too), DaemonSet
//! rollouts, Job/CronJob patches, waits and deletes, `sim advance` for the controllers, manifests piped to `apply -f -`, REST calls through the
//! proxy, compound shell lines — mutated at random (dropped, duplicated or mangled flags, odd
//! numbers, unicode, unbalanced quotes, broken JSON and YAML). Properties:
//! 1. no command panics (the browser build dies on a panic);
//! 2. a simple command that fails leaves the cluster as it was: the whole store, the clock and
//!    the timers (commands that wait on the clock, and kubectl's multi-object commands that may
//!    apply some objects and fail others, are not checked; see [`checkable`]).
//!
//! A failing session is shrunk (steps dropped while the same failure shows) and printed as a
//! kubeplay script. `KUBEPLAY_FUZZ_ITERS=N` runs N sessions instead of the committed few,
//! `KUBEPLAY_FUZZ_SEED=S` starts at seed S, `KUBEPLAY_FUZZ_STEPS=K` makes sessions K steps long.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::panic::{catch_unwind, AssertUnwindSafe};

use kubeplay_core::{Cluster, ClusterConfig, CommandOutput};

// ------------------------------------------------------------------------------- the RNG

/// SplitMix64: small, seedable, the same on every platform.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
    /// True with probability `percent`%.
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

// ------------------------------------------------------------------------------- vocabulary

const KINDS: &[&str] = &[
    "pods",
    "pod",
    "po",
    "deploy",
    "deployment",
    "deployments.apps",
    "deployment.v1.apps",
    "rs",
    "replicaset",
    "sts",
    "statefulset",
    "svc",
    "service",
    "cm",
    "configmap",
    "secret",
    "secrets",
    "ns",
    "namespace",
    "nodes",
    "no",
    "hpa",
    "pvc",
    "pv",
    "ep",
    "endpoints",
    "events",
    "ev",
    "all",
    "deploy,svc",
    "pods,rs",
    "all,pvc,cm",
    "controllerrevisions",
    "sc",
    "storageclass",
    "Deployment",
    "foo",
    "pods.",
    ",",
    "",
    "deploy/web",
    "pod/p1",
    "ds",
    "daemonset",
    "daemonsets",
    "daemonsets.apps",
    "job",
    "jobs",
    "jobs.batch",
    "cj",
    "cronjob",
    "cronjobs",
    "cronjobs.batch",
    "ds,jobs,cronjobs",
    "ds/agent",
    "job/pi",
    "cj/tick",
    "pdb",
    "poddisruptionbudgets.policy",
    "pdb/web",
    "quota",
    "resourcequotas",
    "quota/q",
    "limits",
    "limitrange/lr",
];

const NAMES: &[&str] = &[
    "web",
    "web",
    "web",
    "db",
    "db",
    "p1",
    "p1",
    "svc1",
    "cfg",
    "sec",
    "web-0",
    "db-0",
    "db-1",
    "node-1",
    "node-2",
    "control-plane",
    "kubernetes",
    "x",
    "nosuch",
    "Web",
    "web_1",
    "a.b",
    "-x",
    "''",
    "\"\"",
    "名前",
    "web/",
    "web,db",
    "$(echo web)",
    "web db",
    "agent",
    "agent",
    "pi",
    "pi",
    "tick",
    "tick",
    "x",
];

const IMAGES: &[&str] = &[
    "nginx",
    "nginx:1.14.2",
    "nginx:1.16.1",
    "nginx:1.161",
    "busybox",
    "busybox:1.36",
    "httpd:2.4",
    "registry.k8s.io/nginx-slim:0.8",
    "gcr.io/google-samples/kubernetes-bootcamp:v1",
    "",
    "NGINX",
    "nginx:",
    ":latest",
    "nginx@sha256:abc",
    "a/b/c/d:e",
    "ünïcode",
];

const NUMBERS: &[&str] = &[
    "0",
    "1",
    "2",
    "3",
    "5",
    "-1",
    "-5",
    "1e12",
    "1e3",
    "99999999999999999999",
    "2147483647",
    "2147483648",
    "-2147483649",
    "9223372036854775807",
    "-9223372036854775808",
    "1.5",
    "",
    "abc",
    "0x10",
    "+3",
    "010",
    " 3",
    "3 ",
    "50%",
    "150x",
    "%",
    "NaN",
    "inf",
    "٣",
];

const DURATIONS: &[&str] = &[
    "0",
    "1s",
    "5s",
    "30s",
    "1m",
    "-1s",
    "1h",
    "999999h",
    "9999999999999h",
    "1e9s",
    "abc",
    "5",
    "0.5s",
    "",
    "1h2m3s4ms5us6ns",
    "-0",
    ".s",
    "1d",
];

const JSONPATHS: &[&str] = &[
    "{.items[*].metadata.name}",
    "{.items[0]}",
    "{range .items[*]}{.metadata.name}{\"\\n\"}{end}",
    "{.spec.replicas}",
    "{.items[-1:]}",
    "{.items[?(@.status.phase==\"Running\")].metadata.name}",
    "{..image}",
    "{",
    "}",
    "{.items[99999999999999999999]}",
    "{.items[1:0:-1]}",
    "{.items[::0]}",
    "{.items[::-1]}",
    "{.items[-99]}",
    "{range}",
    "{end}",
    "{.a.b[}",
    "{$}",
    "{@}",
    "{.metadata.labels.app\\.kubernetes\\.io/name}",
    "{.items[*]['metadata.name']}",
    "{\"\\u\"}",
    "{.items[?(@.spec.replicas>1)]}",
    "{.items[?(@.x)]}",
    "{.items[?(]}",
    "{range .items[*]}{range .spec.containers[*]}{.image}{end}{end}",
    "{.status.conditions[?(@.type==\"Ready\")].status}",
    "{.items[0].metadata.name}{.items[1].metadata.name}",
    "{.items.length}",
    "{.spec.template.spec.containers[0].image}",
    ".metadata.name",
    "",
    "{{}}",
    "{.items[*].metadata.labels}",
    "{.data}",
    "{.items[0:1:2:3]}",
    "{.items[?(@.metadata.name=~\"w.*\")]}",
];

const TEMPLATES: &[&str] = &[
    "{{.metadata.name}}",
    "{{range .items}}{{.metadata.name}}{{\"\\n\"}}{{end}}",
    "{{index .metadata.labels \"app\"}}",
    "{{len .items}}",
    "{{",
    "{{end}}",
    "{{printf \"%d\" .spec.replicas}}",
    "{{.x.y.z}}",
    "{{range $i, $e := .items}}{{$i}}{{end}}",
    "{{if eq .kind \"List\"}}y{{else}}n{{end}}",
    "{{template \"x\"}}",
    "{{define \"x\"}}{{end}}",
    "{{.spec.replicas | printf \"%v\"}}",
    "{{base64decode .data.x}}",
    "{{slice .metadata.name 1 0}}",
    "{{index .items 99}}",
    "{{index .items -1}}",
    "{{printf \"%*d\" 99999999 1}}",
    "{{printf \"%.*f\" -1 1.5}}",
    "{{range .items}}{{range .spec.containers}}{{.image}} {{end}}{{end}}",
    "{{with .spec}}{{.replicas}}{{end}}",
    "{{$x := 1}}{{$x}}",
    "{{$x}}",
    "{{.}}",
    "{{/* c */}}",
    "{{- .kind -}}",
    "{{print 1 2 3}}",
    "{{html \"<a>\"}}{{js \"'\"}}{{urlquery \"a b\"}}",
    "{{not 1}}{{and 1 0}}{{or 0 \"\"}}",
    "{{lt 1 \"a\"}}",
    "{{call .x}}",
    "{{range 5}}{{.}}{{end}}",
    "{{break}}",
    "{{exists . \"metadata\"}}",
];

const COLUMNS: &[&str] = &[
    "NAME:.metadata.name,R:.spec.replicas",
    "NAME:.metadata.name",
    "NAME",
    ":",
    "A:.a[",
    ",",
    "A:{.metadata.name}",
    "X:.items[*]",
    "IMG:.spec.containers[*].image",
    "A:.metadata.name,A:.metadata.name",
    "A:.metadata.labels.app,B:.status.phase",
    "A:..name",
    "",
    "名前:.metadata.name",
];

const SELECTORS: &[&str] = &[
    "app=web",
    "app=db",
    "app in (web,db)",
    "!app",
    "app!=x",
    "=",
    "app in (",
    "app==web",
    ",",
    "a=b,c",
    "app notin ()",
    "app in ()",
    "x=",
    "a b",
    "app=we b",
    "tier",
    "app=web,app=db",
    "app.kubernetes.io/name=x",
    "-a=b",
    "a=b=c",
    "",
];

const FIELD_SELECTORS: &[&str] = &[
    "status.phase=Running",
    "metadata.name=web",
    "metadata.namespace!=default",
    "foo=bar",
    "",
    "spec.nodeName=node-1",
    "=",
    "metadata.name==x",
    "involvedObject.kind=Pod",
    "type=Warning",
];

const WEIRD: &[&str] = &[
    "",
    "''",
    "\"\"",
    "'",
    "\"",
    "=",
    "==",
    "--",
    "-",
    "-o",
    "--=",
    "-=x",
    "日本語",
    "🚀",
    "\u{202e}x",
    "a\\ b",
    "$(echo)",
    "`echo`",
    "${X}",
    "$",
    "\\",
    "%",
    "%%",
    "\t",
    "\"a b\"",
    "'a b'",
    ";",
    "&&",
    "|",
    "#",
    "{",
    "}",
    "[",
    "*",
    "?",
    "~",
    "..",
    "/",
    "//",
    "default/web",
];

const FLAGS: &[&str] = &[
    "-n default",
    "-n kube-system",
    "-n nosuch",
    "-n ''",
    "--namespace=",
    "-A",
    "--all-namespaces",
    "--all",
    "-o json",
    "-o yaml",
    "-o wide",
    "-o name",
    "--dry-run=client",
    "--dry-run=server",
    "--dry-run",
    "--dry-run=none",
    "--dry-run=x",
    "--show-labels",
    "-L app",
    "--sort-by=.metadata.name",
    "--sort-by={.spec.replicas}",
    "--sort-by=.x[",
    "--no-headers",
    "--watch",
    "--record",
    "--overwrite",
    "--force",
    "--grace-period=0",
    "--grace-period=-1",
    "--now",
    "--wait=false",
    "--cascade=orphan",
    "--cascade=foreground",
    "--cascade=x",
    "--timeout=1s",
    "--request-timeout=1s",
    "-h",
    "--help",
    "--context=nope",
    "--v=9",
    "--server=http://x",
    "--recursive",
    "--field-manager=x",
    "--server-side",
    "--force-conflicts",
    "--prune",
    "--validate=false",
    "--validate=strict",
    "--subresource=status",
    "--subresource=scale",
    "--local",
    "--selector=app=web",
    "--chunk-size=0",
    "--ignore-not-found",
    "--output-watch-events",
    "--watch-only",
    "--allow-missing-template-keys=false",
    "--show-managed-fields",
    "--raw=/api",
    "--template={{.kind}}",
    "--containers=web",
    "-c web",
    "--all-containers",
    "--previous",
    "--tail=-2",
    "--since=1s",
    "--limit-bytes=0",
    "--to-revision=1",
    "--revision=99",
    "--replicas=2",
    "--current-replicas=1",
    "--resource-version=1",
    "--port=80",
    "--target-port=http",
    "--type=NodePort",
    "--image=nginx",
    "--unknown-flag",
    "-Z",
    "-nn",
    "--=x",
];

// ------------------------------------------------------------------------------- helpers

/// Single-quotes `s` for the shell unless it is a plain word.
fn q(s: &str) -> String {
    if !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./:=,@%+".contains(c))
    {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', "'\\''"))
    }
}

fn name(r: &mut Rng) -> String {
    if r.chance(3) {
        return "a".repeat([63, 64, 254, 300, 5000][r.below(5)]);
    }
    r.pick(NAMES).to_string()
}

fn number(r: &mut Rng) -> String {
    if r.chance(40) {
        return r.below(6).to_string();
    }
    r.pick(NUMBERS).to_string()
}

fn output(r: &mut Rng) -> String {
    match r.below(16) {
        0 => "-o json".into(),
        1 => "-o yaml".into(),
        2 => "-o wide".into(),
        3 => "-o name".into(),
        4 | 5 => format!("-o jsonpath={}", q(r.pick(JSONPATHS))),
        6 => format!("-o=jsonpath-as-json={}", q(r.pick(JSONPATHS))),
        7 => format!("-o custom-columns={}", q(r.pick(COLUMNS))),
        8 | 9 => format!("-o go-template={}", q(r.pick(TEMPLATES))),
        10 => format!("-o go-template --template={}", q(r.pick(TEMPLATES))),
        11 => format!("-o template={}", q(r.pick(TEMPLATES))),
        12 => r
            .pick(&[
                "-ojson",
                "--output=yaml",
                "-o=json",
                "-o",
                "-o ''",
                "-o xml",
                "-o jsonpath",
                "-o custom-columns",
                "-o go-template-file=/x",
                "-o jsonpath-file=/x",
                "-o custom-columns-file=/x",
                "-o JSON",
                "-o yaml,json",
            ])
            .into(),
        13 => format!("-o jsonpath=\"{}\"", r.pick(JSONPATHS).replace('"', "\\\"")),
        14 => "-o kyaml".into(),
        _ => "-o wide --show-labels".into(),
    }
}

fn selector(r: &mut Rng) -> String {
    match r.below(4) {
        0 => format!("--selector={}", q(r.pick(SELECTORS))),
        1 => format!("--field-selector={}", q(r.pick(FIELD_SELECTORS))),
        _ => format!("-l {}", q(r.pick(SELECTORS))),
    }
}

fn kind_name(r: &mut Rng) -> String {
    match r.below(8) {
        0 => format!("{} {}", r.pick(KINDS), name(r)),
        1 => format!("{}/{}", r.pick(KINDS), name(r)),
        2 => format!("{} {} {}", r.pick(KINDS), name(r), name(r)),
        3 => r.pick(KINDS).to_string(),
        4 => format!("deploy/{} svc/{}", name(r), name(r)),
        _ => {
            let (k, n) = r
                .pick(&[
                    "deploy web",
                    "deployment/web",
                    "sts/db",
                    "statefulset db",
                    "pod p1",
                    "pods/p1",
                    "svc svc1",
                    "cm cfg",
                    "secret sec",
                    "rs",
                    "node node-1",
                    "ns default",
                    "hpa web",
                    "pvc data-db-0",
                ])
                .split_once(' ')
                .unwrap_or(("deploy/web", ""));
            format!("{k} {n}")
        }
    }
}

fn flags(r: &mut Rng, n: usize) -> String {
    let mut v = Vec::new();
    for _ in 0..r.below(n + 1) {
        v.push(match r.below(6) {
            0 => output(r),
            1 => selector(r),
            _ => r.pick(FLAGS).to_string(),
        });
    }
    v.join(" ")
}

// ------------------------------------------------------------------------------- manifests

const DEPLOYMENT: &str = "apiVersion: apps/v1
kind: Deployment
metadata:
  name: NAME
  labels:
    app: NAME
spec:
  replicas: 2
  revisionHistoryLimit: 3
  progressDeadlineSeconds: 60
  minReadySeconds: 0
  strategy:
    type: RollingUpdate
    rollingUpdate:
      maxSurge: 25%
      maxUnavailable: 1
  selector:
    matchLabels:
      app: NAME
  template:
    metadata:
      labels:
        app: NAME
    spec:
      terminationGracePeriodSeconds: 5
      containers:
      - name: NAME
        image: nginx:1.14.2
        ports:
        - containerPort: 80
          protocol: TCP
        env:
        - name: A
          value: b
        resources:
          requests:
            cpu: 100m
            memory: 64Mi
          limits:
            cpu: 200m
            memory: 128Mi
        readinessProbe:
          httpGet:
            path: /
            port: 80
          initialDelaySeconds: 1
          periodSeconds: 5
";

const STATEFULSET: &str = "apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: NAME
spec:
  serviceName: NAME
  replicas: 2
  podManagementPolicy: OrderedReady
  updateStrategy:
    type: RollingUpdate
    rollingUpdate:
      partition: 0
  selector:
    matchLabels:
      app: NAME
  template:
    metadata:
      labels:
        app: NAME
    spec:
      containers:
      - name: NAME
        image: registry.k8s.io/nginx-slim:0.8
        volumeMounts:
        - name: data
          mountPath: /usr/share/nginx/html
  volumeClaimTemplates:
  - metadata:
      name: data
    spec:
      accessModes: [ReadWriteOnce]
      resources:
        requests:
          storage: 1Gi
";

const SERVICE: &str = "apiVersion: v1
kind: Service
metadata:
  name: NAME
spec:
  type: NodePort
  selector:
    app: web
  ports:
  - name: http
    port: 80
    targetPort: 80
    nodePort: 30080
    protocol: TCP
";

const POD: &str = "apiVersion: v1
kind: Pod
metadata:
  name: NAME
  labels:
    app: NAME
  annotations:
    note: hi
spec:
  restartPolicy: Always
  nodeSelector:
    kubernetes.io/os: linux
  tolerations:
  - key: k
    operator: Exists
    effect: NoSchedule
  containers:
  - name: c
    image: busybox:1.36
    command: [sh, -c, 'echo hello; sleep 3600']
    env:
    - name: FROM_CM
      valueFrom:
        configMapKeyRef:
          name: cfg
          key: color
  volumes:
  - name: v
    configMap:
      name: cfg
";

const CONFIGMAP: &str = "apiVersion: v1
kind: ConfigMap
metadata:
  name: NAME
data:
  color: blue
  game.properties: |
    lives=3
    enemies=aliens
binaryData:
  b: aGVsbG8=
";

const SECRET: &str = "apiVersion: v1
kind: Secret
metadata:
  name: NAME
type: Opaque
data:
  password: cGFzc3dvcmQ=
stringData:
  user: admin
";

const HPA: &str = "apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: NAME
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: web
  minReplicas: 1
  maxReplicas: 5
  metrics:
  - type: Resource
    resource:
      name: cpu
      target:
        type: Utilization
        averageUtilization: 50
";

const PVC: &str = "apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: NAME
spec:
  accessModes:
  - ReadWriteOnce
  storageClassName: standard
  resources:
    requests:
      storage: 1Gi
";

const NAMESPACE: &str = "apiVersion: v1
kind: Namespace
metadata:
  name: NAME
";

const DAEMONSET: &str = "apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: NAME
spec:
  revisionHistoryLimit: 3
  minReadySeconds: 0
  updateStrategy:
    type: RollingUpdate
    rollingUpdate:
      maxUnavailable: 1
      maxSurge: 0
  selector:
    matchLabels:
      app: NAME
  template:
    metadata:
      labels:
        app: NAME
    spec:
      nodeSelector:
        kubernetes.io/os: linux
      tolerations:
      - key: node-role.kubernetes.io/control-plane
        operator: Exists
        effect: NoSchedule
      containers:
      - name: c
        image: busybox:1.36
        command: [sh, -c, 'echo agent; sleep 3600']
";

const JOB: &str = "apiVersion: batch/v1
kind: Job
metadata:
  name: NAME
spec:
  completions: 3
  parallelism: 2
  completionMode: NonIndexed
  backoffLimit: 4
  activeDeadlineSeconds: 600
  ttlSecondsAfterFinished: 3600
  suspend: false
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: c
        image: busybox
        command: [sh, -c, 'echo pi; sleep 5']
";

const CRONJOB: &str = "apiVersion: batch/v1
kind: CronJob
metadata:
  name: NAME
spec:
  schedule: '0 * * * *'
  timeZone: Etc/UTC
  concurrencyPolicy: Allow
  startingDeadlineSeconds: 100
  suspend: false
  successfulJobsHistoryLimit: 3
  failedJobsHistoryLimit: 1
  jobTemplate:
    spec:
      backoffLimit: 1
      completions: 1
      parallelism: 1
      template:
        spec:
          restartPolicy: OnFailure
          containers:
          - name: c
            image: busybox
            command: [sh, -c, 'date; echo tick']
";

const PDB: &str = "apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: web
spec:
  minAvailable: 2
  selector:
    matchLabels:
      app: web
";

const QUOTA: &str = "apiVersion: v1
kind: ResourceQuota
metadata:
  name: q
spec:
  hard:
    pods: \"3\"
    requests.cpu: 500m
    count/deployments.apps: \"2\"
";

const LIMITS: &str = "apiVersion: v1
kind: LimitRange
metadata:
  name: lr
spec:
  limits:
  - type: Container
    default:
      cpu: 200m
      memory: 128Mi
    max:
      memory: 1Gi
    maxLimitRequestRatio:
      cpu: \"4\"
  - type: Pod
    max:
      cpu: \"2\"
";

const MANIFESTS: &[&str] = &[
    DEPLOYMENT,
    DEPLOYMENT,
    STATEFULSET,
    SERVICE,
    POD,
    CONFIGMAP,
    SECRET,
    HPA,
    PVC,
    NAMESPACE,
    DAEMONSET,
    DAEMONSET,
    JOB,
    JOB,
    CRONJOB,
    CRONJOB,
    PDB,
    QUOTA,
    LIMITS,
];

const VALUES: &[&str] = &[
    "-1",
    "0",
    "1e12",
    "99999999999999999999",
    "2147483648",
    "-2147483649",
    "1.5",
    "150x",
    "150%",
    "-10%",
    "\"\"",
    "''",
    "null",
    "~",
    "true",
    "[]",
    "{}",
    "[1, 2]",
    "{a: b}",
    "\"3\"",
    "'3'",
    "0x1F",
    "0o17",
    ".inf",
    "-.inf",
    ".nan",
    "&a x",
    "*a",
    "*nosuch",
    "!!binary aGk=",
    "!!str 3",
    "!!int x",
    "\"\\u0000\"",
    "\"\\xff\"",
    "|",
    ">-",
    "日本語",
    "a: b: c",
    "- x",
    "[",
    "{",
    "'",
    "\"",
    "@",
    "`",
    "%YAML",
    "web",
    "Never",
    "nginx:1.16.1",
    "100Mi",
    "1Ei",
    "99999999999999999999Gi",
    "-1Gi",
    "1.5m",
    "abc",
    "TCP",
    "UDP",
    "65536",
    "30000",
    "32768",
    "2147483647",
    "-2147483648",
    "150%",
    "100%",
    "0%",
    "Indexed",
    "OnDelete",
    "Replace",
    "Forbid",
    "OnFailure",
    "Europe/Berlin",
    "Nowhere/City",
    "UTC",
    "Local",
    "'61 * * * *'",
    "'@hourly'",
    "'*/0 * * * *'",
    "'x-y * * * *'",
    "'0 0 * * 7'",
    "'* * *'",
];

/// Replaces the value of one `key: value` line, or mangles a line.
fn mutate_yaml(r: &mut Rng, doc: &str) -> String {
    let mut lines: Vec<String> = doc.lines().map(str::to_string).collect();
    for _ in 0..1 + r.below(3) {
        if lines.is_empty() {
            break;
        }
        let i = r.below(lines.len());
        match r.below(12) {
            0..=4 => {
                if let Some((k, _)) = lines[i].split_once(": ") {
                    lines[i] = format!("{k}: {}", r.pick(VALUES));
                } else if let Some(k) = lines[i].strip_suffix(':') {
                    lines[i] = format!("{k}: {}", r.pick(VALUES));
                }
            }
            5 => {
                lines.remove(i);
            }
            6 => {
                let l = lines[i].clone();
                lines.insert(i, l);
            }
            7 => lines[i] = lines[i].replacen("  ", "\t", 1),
            8 => lines[i] = format!(" {}", lines[i]),
            9 => {
                let indent = lines[i].len() - lines[i].trim_start().len();
                let mut deep = String::new();
                let n = [5, 50, 200][r.below(3)];
                for d in 0..n {
                    let _ = writeln!(deep, "{}k{d}:", " ".repeat(indent + 2 * d));
                }
                let _ = write!(deep, "{}v: 1", " ".repeat(indent + 2 * n));
                lines.insert(i, format!("{}deep:\n{deep}", " ".repeat(indent)));
            }
            10 => {
                let k = lines[i].trim_start().trim_start_matches("- ").to_string();
                if let Some((key, _)) = k.split_once(':') {
                    let indent = lines[i].len() - lines[i].trim_start().len();
                    lines.insert(
                        i + 1,
                        format!("{}{key}: {}", " ".repeat(indent), r.pick(VALUES)),
                    );
                }
            }
            _ => lines[i] = format!("{}x", lines[i]),
        }
    }
    lines.join("\n") + "\n"
}

/// Odd values for the batch and DaemonSet fields: `(key, values)`, the key matched at the start
/// of a manifest line (after its indent).
const ODD_FIELDS: &[(&str, &[&str])] = &[
    (
        "parallelism:",
        &["-1", "0", "2147483647", "2147483648", "100000", "1000"],
    ),
    (
        "completions:",
        &["-1", "0", "2147483647", "null", "100000", "1"],
    ),
    ("completionMode:", &["Indexed", "indexed", "X", "''"]),
    ("backoffLimit:", &["0", "-1", "2147483647"]),
    (
        "activeDeadlineSeconds:",
        &["0", "-1", "1", "9223372036854775807", "2147483647"],
    ),
    ("ttlSecondsAfterFinished:", &["0", "-1", "2147483647"]),
    ("suspend:", &["true", "\"true\"", "null"]),
    (
        "maxUnavailable:",
        &["0", "150%", "100%", "0%", "-1", "2147483647", "\"1\"", "x%"],
    ),
    (
        "maxSurge:",
        &["0", "1", "150%", "50%", "2147483647", "-1", "%"],
    ),
    ("type: RollingUpdate", &["OnDelete", "Recreate", "''"]),
    ("kubernetes.io/os:", &["windows", "nosuch", "''"]),
    ("revisionHistoryLimit:", &["0", "-1", "2147483647"]),
    ("minReadySeconds:", &["2147483647", "-1", "30"]),
    (
        "schedule:",
        &[
            "'*/5 * * * *'",
            "'@hourly'",
            "'61 * * * *'",
            "'* * *'",
            "'0 0 * * 7'",
            "'*/0 * * * *'",
            "'x-y * * * *'",
            "'* * * * *'",
            "'@every 1m'",
            "'0 0 31 2 *'",
            "'TZ=UTC * * * * *'",
            "''",
            "'59 23 31 12 *'",
            "'0-59/1 * * * *'",
            "'1-0 * * * *'",
        ],
    ),
    (
        "timeZone:",
        &[
            "UTC",
            "Europe/Berlin",
            "Nowhere/City",
            "''",
            "Local",
            "America/New_York",
            "+01:00",
        ],
    ),
    (
        "concurrencyPolicy:",
        &["Forbid", "Replace", "Allow", "Sometimes", "''"],
    ),
    (
        "startingDeadlineSeconds:",
        &["0", "-1", "1", "9223372036854775807", "2147483647"],
    ),
    ("successfulJobsHistoryLimit:", &["0", "-1", "2147483647"]),
    ("failedJobsHistoryLimit:", &["0", "-1", "2147483647"]),
    ("restartPolicy:", &["Always", "Never", "OnFailure", "x"]),
];

/// Sets one of [`ODD_FIELDS`] in `doc` to an odd value, or drops the line.
fn odd_field(r: &mut Rng, doc: &str) -> String {
    let mut lines: Vec<String> = doc.lines().map(str::to_string).collect();
    for _ in 0..1 + r.below(3) {
        let (key, vals) = ODD_FIELDS[r.below(ODD_FIELDS.len())];
        let Some(i) = lines.iter().position(|l| l.trim_start().starts_with(key)) else {
            continue;
        };
        let indent = lines[i].len() - lines[i].trim_start().len();
        if r.chance(15) {
            lines.remove(i);
            continue;
        }
        let k = key.split(':').next().unwrap_or(key);
        let k = if key.starts_with("type") { "type" } else { k };
        lines[i] = format!("{}{k}: {}", " ".repeat(indent), r.pick(vals));
    }
    lines.join("\n") + "\n"
}

fn manifest(r: &mut Rng) -> String {
    let n = if r.chance(80) { 1 } else { 2 + r.below(3) };
    let mut docs = Vec::new();
    for _ in 0..n {
        let tmpl = MANIFESTS[r.below(MANIFESTS.len())];
        let nm = if r.chance(85) {
            r.pick(&[
                "web", "db", "svc1", "p1", "cfg", "sec", "new1", "new2", "agent", "pi", "tick",
            ])
            .to_string()
        } else {
            name(r)
        };
        let mut doc = tmpl.replace("NAME", &nm);
        let batch = [DAEMONSET, JOB, CRONJOB].contains(&tmpl);
        if batch && r.chance(70) {
            doc = odd_field(r, &doc);
        }
        if r.chance(if batch { 25 } else { 60 }) {
            doc = mutate_yaml(r, &doc);
        }
        docs.push(doc);
    }
    let mut s = match r.below(10) {
        0 => docs.join("---\n---\n"),
        1 => format!("---\n{}...\n", docs.join("---\n")),
        2 => {
            // a List
            let items: Vec<String> = docs
                .iter()
                .map(|d| {
                    let mut it = String::new();
                    for (i, l) in d.lines().enumerate() {
                        let _ = writeln!(it, "{}{l}", if i == 0 { "- " } else { "  " });
                    }
                    it
                })
                .collect();
            format!("apiVersion: v1\nkind: List\nitems:\n{}", items.concat())
        }
        3 => docs
            .iter()
            .map(|d| yamlish_to_json(d))
            .collect::<Vec<_>>()
            .join("\n"),
        _ => docs.join("---\n"),
    };
    if r.chance(5) {
        let cut = r.below(s.len());
        let mut cut = cut;
        while !s.is_char_boundary(cut) {
            cut -= 1;
        }
        s.truncate(cut);
    }
    if r.chance(3) {
        s = format!("a: &x [*x]\n{s}");
    }
    s
}

/// A crude JSON rendering of a template manifest's first lines (its identity), with an odd
/// body: kubectl accepts JSON documents one after another on stdin.
fn yamlish_to_json(doc: &str) -> String {
    let mut kind = "Pod";
    let mut api = "v1";
    let mut name = "x";
    for l in doc.lines() {
        if let Some(v) = l.strip_prefix("kind: ") {
            kind = v;
        } else if let Some(v) = l.strip_prefix("apiVersion: ") {
            api = v;
        } else if let Some(v) = l.strip_prefix("  name: ") {
            if name == "x" {
                name = v;
            }
        }
    }
    format!(
        "{{\"apiVersion\":\"{api}\",\"kind\":\"{kind}\",\"metadata\":{{\"name\":\"{name}\",\"labels\":{{\"a\":1}}}},\"spec\":{{\"replicas\":\"2\",\"selector\":null}}}}"
    )
}

// ------------------------------------------------------------------------------- commands

const PATCHES: &[&str] = &[
    r#"{"spec":{"replicas":3}}"#,
    r#"{"spec":{"replicas":-1}}"#,
    r#"{"spec":{"replicas":1e12}}"#,
    r#"{"spec":{"replicas":99999999999999999999}}"#,
    r#"{"spec":{"replicas":"3"}}"#,
    r#"{"spec":{"replicas":null}}"#,
    r#"{"spec":null}"#,
    r#"{"metadata":{"labels":{"a":"b"}}}"#,
    r#"{"metadata":{"labels":{"a":null}}}"#,
    r#"{"metadata":{"labels":{"a":1}}}"#,
    r#"{"metadata":{"name":"other"}}"#,
    r#"{"metadata":{"namespace":"kube-system"}}"#,
    r#"{"metadata":{"finalizers":["x/y"]}}"#,
    r#"{"spec":{"template":{"spec":{"containers":[{"name":"web","image":"nginx:1.16.1"}]}}}}"#,
    r#"{"spec":{"template":{"spec":{"containers":[{"name":"new","image":"busybox"}]}}}}"#,
    r#"{"spec":{"template":{"spec":{"containers":[{"$patch":"delete","name":"web"}]}}}}"#,
    r#"{"spec":{"template":{"spec":{"containers":[{"name":"web","$patch":"replace"}]}}}}"#,
    r#"{"spec":{"template":{"spec":{"containers":null}}}}"#,
    r#"{"spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"x"}]}}}}"#,
    r#"{"spec":{"strategy":{"rollingUpdate":{"maxSurge":"150x"}}}}"#,
    r#"{"spec":{"strategy":{"type":"Recreate"}}}"#,
    r#"{"spec":{"selector":{"matchLabels":{"app":"other"}}}}"#,
    r#"{"spec":{"paused":true}}"#,
    r#"{"spec":{"unschedulable":true}}"#,
    r#"{"spec":{"taints":[{"key":"k","effect":"NoExecute"}]}}"#,
    r#"{"spec":{"type":"NodePort"}}"#,
    r#"{"spec":{"ports":[{"port":99999}]}}"#,
    r#"{"data":{"color":"red"}}"#,
    r#"{"data":{"k":"!!!"}}"#,
    r#"{"stringData":{"k":"v"}}"#,
    r#"{"status":{"replicas":9}}"#,
    r#"[{"op":"replace","path":"/spec/replicas","value":4}]"#,
    r#"[{"op":"add","path":"/metadata/labels/x","value":"y"}]"#,
    r#"[{"op":"remove","path":"/spec/template"}]"#,
    r#"[{"op":"remove","path":"/nope"}]"#,
    r#"[{"op":"test","path":"/spec/replicas","value":99}]"#,
    r#"[{"op":"move","from":"/metadata/labels","path":"/metadata/annotations"}]"#,
    r#"[{"op":"copy","from":"/spec","path":"/spec/x"}]"#,
    r#"[{"op":"add","path":"/spec/template/spec/containers/-","value":{"name":"s","image":"busybox"}}]"#,
    r#"[{"op":"add","path":"/spec/template/spec/containers/99","value":{}}]"#,
    r#"[{"op":"replace","path":"/spec/template/spec/containers/0/image","value":"nginx:1.16.1"}]"#,
    r#"[{"op":"replace","path":"/spec/template/spec/containers/-1/image","value":"x"}]"#,
    r#"[{"op":"replace","path":"/metadata/labels/a~1b","value":"x"}]"#,
    r#"[{"op":"replace","path":"/metadata/labels/a~2b","value":"x"}]"#,
    r#"[{"op":"bogus","path":"/"}]"#,
    r#"[{"op":"replace","path":"","value":{}}]"#,
    r#"[{}]"#,
    r#"[]"#,
    r#"{}"#,
    r#"{"#,
    r#"}"#,
    r#"[1]"#,
    r#""x""#,
    r#"null"#,
    r#"3"#,
    r#""#,
    r#"{"a":1,"a":2}"#,
    r#"{"spec":{"replicas":3}} trailing"#,
    "spec:\n  replicas: 2",
    "{spec: {replicas: 2}}",
    r#"{"metadata":{"resourceVersion":"1"},"spec":{"replicas":2}}"#,
    r#"{"metadata":{"uid":"x"}}"#,
    r#"{"metadata":{"creationTimestamp":"bad"}}"#,
    r#"{"kind":"Pod"}"#,
    r#"{"apiVersion":"v2"}"#,
    r#"{"spec":{"template":{"metadata":{"labels":{"app":"x"}}}}}"#,
];

const CONTAINER_CMDS: &[&str] = &[
    "ls /",
    "cat /etc/hostname",
    "env",
    "printenv A",
    "sh -c 'echo hi > /tmp/x; cat /tmp/x'",
    "sh -c 'exit 3'",
    "nginx -v",
    "curl -s localhost",
    "wget -qO- http://svc1",
    "nslookup svc1",
    "date",
    "sleep 1",
    "hostname",
    "cat /usr/share/nginx/html/index.html",
    "sh -c 'echo $((1/0))'",
    "sh -c 'for i in 1 2 3; do echo $i; done'",
    "nosuchbinary",
    "",
    "sh -c",
    "ls -la /nonexistent",
    "df -h",
    "ps aux",
    "cat /etc/resolv.conf",
    "sh -c 'while true; do echo x; done'",
    "yes",
    "cat",
    "top",
];

fn pod_ref(r: &mut Rng) -> String {
    match r.below(6) {
        0 => "p1".into(),
        1 => "db-0".into(),
        2 => "deploy/web".into(),
        3 => "$(kubectl get pods -l app=web -o name | head -1)".into(),
        4 => "$(kubectl get pods -o jsonpath='{.items[0].metadata.name}')".into(),
        _ => name(r),
    }
}

fn kubectl_line(r: &mut Rng) -> (String, Option<String>) {
    let mut stdin = None;
    let line = match r.below(50) {
        0..=3 => format!("kubectl get {} {}", kind_name(r), flags(r, 3)),
        4 => format!(
            "kubectl get {} {} {}",
            r.pick(KINDS),
            output(r),
            selector(r)
        ),
        5 => format!("kubectl describe {} {}", kind_name(r), flags(r, 1)),
        6 => format!(
            "kubectl create deployment {} --image={} {}",
            name(r),
            q(r.pick(IMAGES)),
            r.pick(&[
                "",
                "--replicas=N",
                "--port=N",
                "-- sleep 3600",
                "--image=busybox",
                "-o yaml --dry-run=client",
                "--dry-run=server",
            ])
            .replace('N', &number(r))
        ),
        7 => format!(
            "kubectl create service {} {} --tcp={}:{} {}",
            r.pick(&[
                "clusterip",
                "nodeport",
                "loadbalancer",
                "externalname",
                "headless",
                ""
            ]),
            name(r),
            number(r),
            number(r),
            r.pick(&[
                "",
                "--node-port=30001",
                "--node-port=99999",
                "--node-port=-1",
                "--clusterip=None",
                "--clusterip=10.96.0.1",
                "--clusterip=bad",
                "--external-name=example.com",
                "--tcp=80",
                "--tcp=a:b",
                "--tcp=",
            ])
        ),
        8 => format!(
            "kubectl create configmap {} {} {}",
            name(r),
            r.pick(&[
                "--from-literal=k=v",
                "--from-literal==v",
                "--from-literal=k=",
                "--from-literal=k",
                "--from-literal=k=v --from-literal=k=w",
                "--from-literal=名=v",
                "--from-file=x",
                "--from-file=k=x",
                "--from-env-file=x",
                "",
            ]),
            r.pick(&[
                "",
                "--append-hash",
                "-o yaml --dry-run=client",
                "--dry-run=server"
            ])
        ),
        9 => format!(
            "kubectl create secret {} {} {}",
            r.pick(&["generic", "tls", "docker-registry", "", "bogus"]),
            name(r),
            r.pick(&[
                "--from-literal=password=s3cr3t",
                "--from-literal=a=b --type=kubernetes.io/tls",
                "--type=",
                "--cert=x --key=y",
                "--docker-username=u --docker-password=p",
                "--from-literal=.=x",
                "--from-literal=a/b=x",
                "",
            ])
        ),
        10 => format!(
            "kubectl create {} {}",
            r.pick(&[
                "namespace",
                "ns",
                "job",
                "cronjob",
                "ingress",
                "role",
                "quota",
                "quota q --hard=pods=2,requests.cpu=1",
                "quota q --hard=count/deployments.apps=1,configmaps=2 --scopes=NotBestEffort",
                "quota q --hard=pods=1.5,cpu=-1",
                "quota q --hard=pods=4 --scopes=BestEffort,NotBestEffort",
                "pdb",
                "pdb --selector=app=web --min-available=2",
                "pdb --selector=app=web --max-unavailable=50%",
                "pdb --selector=app=agent --max-unavailable=1",
                "pdb --selector=run=p1 --min-available=101%",
                "token default",
                ""
            ]),
            name(r)
        ),
        11 => format!(
            "kubectl run {} --image={} {} {}",
            name(r),
            q(r.pick(IMAGES)),
            r.pick(&[
                "",
                "--restart=Never",
                "--restart=OnFailure",
                "--restart=Always",
                "--restart=x",
                "--port=N",
                "--labels=a=b,c=d",
                "--labels=a",
                "--env=A=B",
                "--env=A",
                "--expose --port=80",
                "--expose",
                "--dry-run=client -o yaml",
                "--command -- sh -c 'echo hi; sleep 5'",
                "-- echo hi",
                "--overrides='{\"spec\":{}}'",
                "--rm -it --restart=Never -- echo hi",
                "--image-pull-policy=Never",
                "--image-pull-policy=x",
                "--annotations=a=b",
            ])
            .replace('N', &number(r)),
            flags(r, 1)
        ),
        12 => format!(
            "kubectl expose {} --port={} {} {}",
            r.pick(&[
                "deployment web",
                "deploy/db",
                "pod p1",
                "svc svc1",
                "sts db",
                "rs",
                "deploy nosuch",
                "node node-1"
            ]),
            number(r),
            r.pick(&[
                "",
                "--target-port=8080",
                "--target-port=-1",
                "--target-port=http",
                "--type=NodePort",
                "--type=LoadBalancer",
                "--type=x",
                "--name=exp",
                "--name=",
                "--selector=app=web",
                "--protocol=SCTP",
                "--protocol=x",
                "--cluster-ip=None",
                "--external-ip=1.2.3.4",
            ]),
            flags(r, 1)
        ),
        13 | 14 => format!(
            "kubectl scale {} --replicas={} {}",
            r.pick(&[
                "deployment/web",
                "deploy web",
                "sts/db",
                "statefulset db",
                "rs",
                "deploy",
                "deployment/nosuch",
                "pod/p1",
                "deploy/web sts/db",
                "-f -"
            ]),
            number(r),
            flags(r, 1)
        ),
        15 => format!(
            "kubectl autoscale {} --min={} --max={} --cpu-percent={} {}",
            r.pick(&[
                "deployment web",
                "deploy/db",
                "sts db",
                "deploy nosuch",
                "pod p1"
            ]),
            number(r),
            number(r),
            number(r),
            flags(r, 1)
        ),
        16 | 17 => format!(
            "kubectl set image {} {}={} {}",
            r.pick(&[
                "deployment/web",
                "deploy web",
                "sts/db",
                "pod/p1",
                "deploy",
                "deploy/nosuch",
                "rs",
                "deploy --all"
            ]),
            r.pick(&["web", "db", "c", "*", "", "nosuch", "web,db"]),
            q(r.pick(IMAGES)),
            flags(r, 1)
        ),
        18 => format!(
            "kubectl set resources {} {} {}",
            r.pick(&["deployment/web", "sts/db", "pod/p1", "deploy/nosuch"]),
            r.pick(&[
                "--limits=cpu=200m,memory=512Mi",
                "--requests=cpu=100m",
                "--limits=cpu=-1",
                "--limits=cpu=1e12",
                "--limits=cpu=99999999999999999999",
                "--limits=memory=abc",
                "--limits=cpu",
                "--limits=",
                "--requests=cpu=300m --limits=cpu=200m",
                "--limits=gpu=1",
                "-c web --limits=cpu=1",
                "-c nosuch --limits=cpu=1",
            ]),
            flags(r, 1)
        ),
        19 => format!(
            "kubectl set env {} {} {}",
            r.pick(&[
                "deployment/web",
                "sts/db",
                "pod/p1",
                "deploy/nosuch",
                "deploy --all"
            ]),
            r.pick(&[
                "A=B",
                "A-",
                "A=",
                "=B",
                "1A=B",
                "A=B A=C",
                "--list",
                "--from=configmap/cfg",
                "--from=secret/sec",
                "--from=configmap/nosuch",
                "--from=x",
                "--prefix=P_ --from=configmap/cfg",
                "-c nosuch A=B",
                "--keys=color --from=configmap/cfg",
                "-e A=B",
                "--overwrite=false A=Z",
            ]),
            flags(r, 1)
        ),
        20 | 21 => format!(
            "kubectl rollout {} {} {}",
            r.pick(&["status", "history", "undo", "pause", "resume", "restart", "bogus", ""]),
            r.pick(&[
                "deployment/web",
                "deploy web",
                "sts/db",
                "deploy/nosuch",
                "pod/p1",
                "deploy",
                "deploy -l app=web",
                "deployment/web deployment/web"
            ]),
            r.pick(&[
                "",
                "--to-revision=0",
                "--to-revision=1",
                "--to-revision=2",
                "--to-revision=-1",
                "--to-revision=99",
                "--revision=1",
                "--revision=abc",
                "--timeout=5s",
                "--timeout=0",
                "--watch=false",
                "-o yaml",
                "--dry-run=server",
                "--dry-run=client",
            ])
        ),
        22 => format!(
            "kubectl label {} {} {}",
            kind_name(r),
            r.pick(&[
                "a=b",
                "a-",
                "a=c --overwrite",
                "a=",
                "=b",
                "a=b=c",
                "app=other",
                "a.b/c=d",
                "-a=b",
                "a=b a=c",
                "x/y/z=w",
                "kubernetes.io/x=y",
                "a=日本",
                "a=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
                "--list",
                "",
            ]),
            flags(r, 1)
        ),
        23 => format!(
            "kubectl annotate {} {} {}",
            kind_name(r),
            r.pick(&[
                "a=b",
                "a-",
                "a=c --overwrite",
                "kubernetes.io/change-cause='x y'",
                "=",
                ""
            ]),
            flags(r, 1)
        ),
        24 => format!(
            "kubectl taint {} {} {}",
            r.pick(&[
                "nodes node-1",
                "node node-2",
                "nodes --all",
                "nodes nosuch",
                "no -l x=y",
                "nodes control-plane"
            ]),
            r.pick(&[
                "k=v:NoSchedule",
                "k=v:NoExecute",
                "k:NoSchedule",
                "k:PreferNoSchedule-",
                "k-",
                "k:NoSchedule-",
                "k=v:Bogus",
                "k=v",
                "=v:NoSchedule",
                "k=v:NoSchedule --overwrite",
                "k=v:NoSchedule k=w:NoSchedule",
                "node-role.kubernetes.io/control-plane:NoSchedule-",
                "",
            ]),
            flags(r, 1)
        ),
        25 | 26 => format!(
            "kubectl delete {} {}",
            kind_name(r),
            r.pick(&[
                "",
                "",
                "--grace-period=0 --force",
                "--grace-period=-1",
                "--grace-period=abc",
                "--cascade=orphan",
                "--cascade=foreground",
                "--cascade=x",
                "--now",
                "--wait=false",
                "--all",
                "-l app=web",
                "--ignore-not-found",
                "--dry-run=client",
                "--dry-run=server",
                "--timeout=1s",
                "-o name",
                "--force",
            ])
        ),
        27 | 28 => {
            let p = if r.chance(80) {
                r.pick(PATCHES).to_string()
            } else {
                let s = r.pick(PATCHES);
                let cut = r.below(s.len() + 1);
                s[..cut].to_string()
            };
            format!(
                "kubectl patch {} {} -p {} {}",
                r.pick(&[
                    "deployment web",
                    "deploy/web",
                    "sts db",
                    "pod p1",
                    "svc svc1",
                    "cm cfg",
                    "secret sec",
                    "node node-1",
                    "deploy nosuch",
                    "rs",
                    "hpa web",
                    "ns default"
                ]),
                r.pick(&[
                    "",
                    "",
                    "--type=json",
                    "--type=merge",
                    "--type=strategic",
                    "--type=x",
                    "--type=",
                    "--subresource=scale",
                    "--subresource=status",
                    "--dry-run=server",
                    "-o yaml",
                    "--local"
                ]),
                q(&p),
                flags(r, 1)
            )
        }
        29..=31 => {
            stdin = Some(manifest(r));
            format!(
                "kubectl {} -f - {}",
                r.pick(&[
                    "apply",
                    "apply",
                    "apply",
                    "create",
                    "replace",
                    "replace --force",
                    "apply --server-side",
                    "apply --dry-run=server",
                    "apply --dry-run=client -o yaml",
                    "delete",
                    "get",
                    "diff",
                    "apply -o name",
                    "create --save-config"
                ]),
                flags(r, 1)
            )
        }
        32 => {
            let sed = r.pick(&[
                "sed -i s/nginx:1.14.2/nginx:1.16.1/",
                "sed -i s/replicas:.2/replicas:.3/",
                "sed -i 's/replicas: [0-9]*/replicas: -1/'",
                "sed -i 's/replicas: [0-9]*/replicas: 99999999999999999999/'",
                "sed -i s/name:.web/name:.other/",
                "sed -i s/kind:.Deployment/kind:.Pod/",
                "sed -i 1d",
                "sed -i s/apiVersion/x/",
                "sed -i '$d'",
                "sed -i 's/^/  /'",
                "sed -i 's/: /:\\t/'",
                "sed -i 's/.*//'",
                "true",
                "false",
                "nano",
                "sed -i",
                "sed -i 's/a",
                "sed -i s/resourceVersion:.*/resourceVersion:.\"1\"/",
                "sed -i s/uid:.*/uid:.x/",
            ]);
            format!(
                "KUBE_EDITOR={} kubectl edit {} {}",
                q(sed),
                r.pick(&[
                    "deployment/web",
                    "deploy web",
                    "sts/db",
                    "pod/p1",
                    "svc/svc1",
                    "cm/cfg",
                    "deploy/nosuch",
                    "deploy",
                    "node/node-1",
                    "deploy/web sts/db"
                ]),
                r.pick(&[
                    "",
                    "",
                    "-o json",
                    "--output-patch",
                    "--save-config",
                    "--validate=false",
                    "--subresource=status"
                ])
            )
        }
        33 => format!(
            "kubectl wait {} --for={} --timeout={}",
            r.pick(&[
                "deployment/web",
                "pod/p1",
                "pods --all",
                "sts/db",
                "pod -l app=web",
                "deploy/nosuch",
                "pods p1 nosuch"
            ]),
            q(r.pick(&[
                "condition=Available",
                "condition=Ready",
                "condition=Ready=false",
                "condition=",
                "delete",
                "create",
                "jsonpath={.status.phase}=Running",
                "jsonpath={.status.readyReplicas}=2",
                "jsonpath='{.status.phase}'",
                "jsonpath={",
                "bogus",
                "",
            ])),
            r.pick(DURATIONS)
        ),
        34 => format!(
            "kubectl events {} {}",
            r.pick(&[
                "",
                "--for pod/p1",
                "--for deploy/web",
                "--for x",
                "--types=Warning",
                "--types=Bogus",
                "-A",
                "-w --request-timeout=2s",
                "-o json",
                "-o yaml",
                "-o wide"
            ]),
            flags(r, 1)
        ),
        35 => format!(
            "kubectl get {} -w --request-timeout={} {}",
            r.pick(&[
                "pods",
                "deploy",
                "rs",
                "pods -l app=web",
                "sts",
                "events",
                "pod p1",
                "all"
            ]),
            r.pick(DURATIONS),
            r.pick(&[
                "",
                "-o wide",
                "-o json",
                "--output-watch-events",
                "--watch-only",
                "-o name",
                "-o jsonpath={.metadata.name}"
            ])
        ),
        36 => format!(
            "kubectl logs {} {}",
            pod_ref(r),
            r.pick(&[
                "",
                "-c c",
                "-c nosuch",
                "--tail=N",
                "--since=D",
                "--previous",
                "--timestamps",
                "--all-containers",
                "-l app=web",
                "--limit-bytes=N",
                "--since-time=2025-01-01T00:00:00Z",
                "--since-time=bad",
                "--prefix",
                "--max-log-requests=N",
            ])
            .replace('N', &number(r))
            .replace('D', r.pick(DURATIONS))
        ),
        37 => format!(
            "kubectl exec {} {} -- {}",
            pod_ref(r),
            r.pick(&["", "-c c", "-c nosuch", "-i", "-t"]),
            r.pick(CONTAINER_CMDS)
        ),
        38 => format!(
            "kubectl {} {}",
            r.pick(&["cordon", "uncordon", "drain"]),
            r.pick(&[
                "node-1",
                "node-2",
                "nosuch",
                "control-plane",
                "node-1 --ignore-daemonsets",
                "node-1 --force --delete-emptydir-data",
                "--all",
                "-l x=y",
                "node-1 --dry-run=server",
                ""
            ])
        ),
        39 => format!(
            "kubectl {}",
            r.pick(&[
                "api-resources",
                "api-resources --namespaced=false -o wide",
                "api-versions",
                "version",
                "version -o json",
                "version --client",
                "cluster-info",
                "cluster-info dump",
                "top pods",
                "top nodes",
                "explain deployment.spec.strategy",
                "explain pods --recursive",
                "explain nosuch",
                "explain deploy.spec.x.y",
                "config view",
                "config get-contexts",
                "config current-context",
                "config set-context --current --namespace=kube-system",
                "config set-context --current --namespace=default",
                "config set-context --current --namespace=",
                "config use-context nope",
                "config view -o jsonpath='{.contexts[*].name}'",
                "options",
                "",
                "bogus",
                "get",
                "create",
                "set",
                "rollout",
                "-n",
                "--namespace",
                "proxy --port=8080",
                "port-forward svc/svc1 9090:80",
                "port-forward pod/p1 99999:80",
                "port-forward deploy/web :80",
                "port-forward nosuch 1:1",
                "attach p1",
                "attach p1 -c nosuch",
                "auth can-i get pods",
            ])
        ),
        40 => format!(
            "kubectl {} {}",
            r.pick(&[
                "get",
                "describe",
                "delete",
                "label",
                "scale",
                "rollout status",
                "logs",
                "exec",
                "edit",
                "wait",
                "set image",
                "create",
                "run",
                "expose",
                "patch"
            ]),
            (0..1 + r.below(4))
                .map(|_| r.pick(WEIRD).to_string())
                .collect::<Vec<_>>()
                .join(" ")
        ),
        42..=49 => batch_line(r, &mut stdin),
        _ => format!(
            "kubectl get {} {} {}",
            r.pick(KINDS),
            output(r),
            flags(r, 2)
        ),
    };
    (line, stdin)
}

const SCHEDULES: &[&str] = &[
    "*/5 * * * *",
    "*/5 * * * *",
    "* * * * *",
    "@hourly",
    "@daily",
    "61 * * * *",
    "* * *",
    "0 0 * * 7",
    "*/0 * * * *",
    "x-y * * * *",
    "0 0 31 2 *",
    "@every 1m",
    "TZ=UTC */2 * * * *",
    "CRON_TZ=Nowhere/City * * * * *",
    "1-0 * * * *",
    "*/2147483647 * * * *",
    "0-4294967296 * * * *",
    "1-59/4294967295 * * * *",
    "",
];

/// DaemonSet, Job and CronJob command lines.
fn batch_line(r: &mut Rng, stdin: &mut Option<String>) -> String {
    match r.below(16) {
        0 | 1 => format!(
            "kubectl create job {} --image={} {} {}",
            name(r),
            q(r.pick(IMAGES)),
            r.pick(&[
                "",
                "-- echo hi",
                "-- sh -c 'echo hi; sleep 30'",
                "-- sh -c 'exit 1'",
                "--dry-run=client -o yaml",
                "--dry-run=server",
                "-o name",
                "--from=cronjob/tick",
                "--save-config",
            ]),
            flags(r, 1)
        ),
        2 => format!(
            "kubectl create job {} --from={} {}",
            r.pick(&["x", "y", "pi", "tick-manual", ""]),
            r.pick(&[
                "cronjob/tick",
                "cronjob/tick",
                "cj/tick",
                "cronjobs.batch/tick",
                "cronjob/nosuch",
                "job/pi",
                "deploy/web",
                "cronjob/",
                "tick",
            ]),
            r.pick(&["", "", "--dry-run=client -o yaml", "--dry-run=server", "-o json"])
        ),
        3 | 4 => format!(
            "kubectl create cronjob {} --image={} --schedule={} {} {}",
            name(r),
            q(r.pick(&["busybox", "busybox", "nginx", "", "nosuch:1"])),
            q(r.pick(SCHEDULES)),
            r.pick(&[
                "",
                "--restart=Never",
                "--restart=OnFailure",
                "--restart=Always",
                "--restart=x",
                "-- date",
                "-- sh -c 'date; sleep 400'",
                "--dry-run=client -o yaml",
                "--dry-run=server",
            ]),
            flags(r, 1)
        ),
        5 | 6 => format!(
            "kubectl rollout {} {} {}",
            r.pick(&["status", "history", "undo", "restart", "pause", "resume", "history"]),
            r.pick(&[
                "ds/agent",
                "daemonset agent",
                "daemonsets.apps/agent",
                "ds/nosuch",
                "ds",
                "job/pi",
                "cj/tick",
            ]),
            r.pick(&[
                "",
                "",
                "--to-revision=0",
                "--to-revision=1",
                "--to-revision=2",
                "--to-revision=-1",
                "--to-revision=99",
                "--to-revision=2147483648",
                "--revision=1",
                "--revision=2",
                "--timeout=5s",
                "--timeout=1m",
                "--watch=false",
                "-o yaml",
                "--dry-run=server",
                "--dry-run=client",
            ])
        ),
        7 => format!(
            "kubectl set image {} {}={} {}",
            r.pick(&[
                "ds/agent",
                "daemonset agent",
                "ds/nosuch",
                "job/pi",
                "cj/tick",
                "cronjob/tick"
            ]),
            r.pick(&["c", "c", "*", "", "nosuch"]),
            q(r.pick(IMAGES)),
            flags(r, 1)
        ),
        8 | 9 => format!(
            "kubectl patch {} -p {} {}",
            r.pick(&[
                "job pi",
                "job/pi",
                "cronjob tick",
                "cj/tick",
                "ds agent",
                "job nosuch"
            ]),
            q(r.pick(&[
                r#"{"spec":{"suspend":true}}"#,
                r#"{"spec":{"suspend":false}}"#,
                r#"{"spec":{"suspend":"yes"}}"#,
                r#"{"spec":{"concurrencyPolicy":"Replace"}}"#,
                r#"{"spec":{"concurrencyPolicy":"Forbid"}}"#,
                r#"{"spec":{"concurrencyPolicy":"x"}}"#,
                r#"{"spec":{"schedule":"* * * * *"}}"#,
                r#"{"spec":{"schedule":"61 * * * *"}}"#,
                r#"{"spec":{"schedule":"*/0 * * * *"}}"#,
                r#"{"spec":{"timeZone":"Nowhere/City"}}"#,
                r#"{"spec":{"timeZone":"Europe/Berlin"}}"#,
                r#"{"spec":{"startingDeadlineSeconds":0}}"#,
                r#"{"spec":{"startingDeadlineSeconds":9223372036854775807}}"#,
                r#"{"spec":{"successfulJobsHistoryLimit":0}}"#,
                r#"{"spec":{"parallelism":2147483647}}"#,
                r#"{"spec":{"parallelism":0}}"#,
                r#"{"spec":{"parallelism":-1}}"#,
                r#"{"spec":{"parallelism":100000}}"#,
                r#"{"spec":{"completions":5}}"#,
                r#"{"spec":{"completions":2147483647}}"#,
                r#"{"spec":{"activeDeadlineSeconds":1}}"#,
                r#"{"spec":{"activeDeadlineSeconds":0}}"#,
                r#"{"spec":{"activeDeadlineSeconds":9223372036854775807}}"#,
                r#"{"spec":{"backoffLimit":0}}"#,
                r#"{"spec":{"backoffLimit":2147483647}}"#,
                r#"{"spec":{"ttlSecondsAfterFinished":0}}"#,
                r#"{"spec":{"ttlSecondsAfterFinished":2147483647}}"#,
                r#"{"spec":{"completionMode":"Indexed"}}"#,
                r#"{"spec":{"selector":{"matchLabels":{"a":"b"}}}}"#,
                r#"{"spec":{"template":{"spec":{"containers":[{"name":"c","image":"nginx"}]}}}}"#,
                r#"{"spec":{"template":{"spec":{"restartPolicy":"Always"}}}}"#,
                r#"{"spec":{"jobTemplate":{"spec":{"parallelism":2147483647}}}}"#,
                r#"{"spec":{"updateStrategy":{"type":"OnDelete"}}}"#,
                r#"{"spec":{"updateStrategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":"150%","maxUnavailable":0}}}}"#,
                r#"{"spec":{"updateStrategy":{"rollingUpdate":{"maxSurge":1,"maxUnavailable":1}}}}"#,
                r#"{"spec":{"updateStrategy":{"rollingUpdate":{"maxSurge":0,"maxUnavailable":0}}}}"#,
                r#"{"spec":{"updateStrategy":{"rollingUpdate":{"maxUnavailable":"150%"}}}}"#,
                r#"{"spec":{"template":{"spec":{"nodeSelector":{"x":"y"}}}}}"#,
                r#"{"spec":{"minReadySeconds":2147483647}}"#,
                r#"{"spec":{"revisionHistoryLimit":0}}"#,
                r#"{"status":{"succeeded":9}}"#,
                r#"[{"op":"replace","path":"/spec/parallelism","value":2147483647}]"#,
            ])),
            r.pick(&["", "", "--type=merge", "--type=json", "--dry-run=server", "-o yaml"])
        ),
        10 => format!(
            "kubectl logs {} {}",
            r.pick(&["job/pi", "job/nosuch", "ds/agent", "daemonset/agent", "cj/tick"]),
            r.pick(&["", "--all-containers", "--tail=1", "-c c", "--prefix"])
        ),
        11 => format!(
            "kubectl wait --for={} {} --timeout={}",
            q(r.pick(&[
                "condition=complete",
                "condition=Complete",
                "condition=failed",
                "condition=Suspended",
                "condition=complete=false",
                "jsonpath={.status.succeeded}=3",
                "jsonpath={.status.numberReady}=2",
                "delete",
            ])),
            r.pick(&["job/pi", "jobs --all", "job/nosuch", "ds/agent", "cj/tick"]),
            r.pick(&["1s", "30s", "2m", "10m", "0", "1h"])
        ),
        12 => {
            let (k, n) = *[
                ("job", "pi"),
                ("jobs", "pi"),
                ("ds", "agent"),
                ("daemonset", "agent"),
                ("cj", "tick"),
                ("cronjob", "tick"),
                ("job", "nosuch"),
            ]
            .get(r.below(7))
            .unwrap_or(&("job", "pi"));
            format!(
                "kubectl delete {k} {n} {}",
                r.pick(&[
                    "",
                    "",
                    "--cascade=orphan",
                    "--cascade=foreground",
                    "--cascade=background",
                    "--cascade=x",
                    "--wait=false",
                    "--dry-run=server",
                    "--grace-period=0 --force",
                    "-o name",
                ])
            )
        }
        13 => format!(
            "kubectl {} {} {}",
            r.pick(&["get", "get", "describe", "get"]),
            r.pick(&[
                "ds,jobs,cronjobs",
                "ds",
                "jobs",
                "cronjobs",
                "cj tick",
                "job pi",
                "ds agent",
                "jobs.batch",
                "daemonsets.apps agent",
                "cronjobs.batch/tick",
                "controllerrevisions",
                "pods -l job-name=pi",
                "all",
            ]),
            r.pick(&["", "-o wide", "-o yaml", "-o json", "-o name", "--show-labels"])
        ),
        14 => format!(
            "kubectl explain {}",
            r.pick(&[
                "ds",
                "daemonset.spec.updateStrategy",
                "job",
                "job.spec.completionMode",
                "cronjob",
                "cronjob.spec.jobTemplate.spec",
                "cj.spec.timeZone",
                "jobs --recursive",
                "ds.spec.x",
            ])
        ),
        _ => {
            let tmpl = [DAEMONSET, JOB, CRONJOB][r.below(3)];
            *stdin = Some(manifest_of(r, tmpl));
            format!(
                "kubectl {} -f -",
                r.pick(&[
                    "apply",
                    "apply",
                    "create",
                    "replace",
                    "apply --dry-run=server",
                ])
            )
        }
    }
}

/// One DaemonSet, Job or CronJob document with odd fields.
fn manifest_of(r: &mut Rng, tmpl: &str) -> String {
    let nm = r.pick(&["agent", "pi", "tick", "new1", "new2"]);
    let mut doc = tmpl.replace("NAME", nm);
    if r.chance(85) {
        doc = odd_field(r, &doc);
    }
    if r.chance(15) {
        doc = mutate_yaml(r, &doc);
    }
    doc
}

fn curl_line(r: &mut Rng) -> String {
    let path = r.pick(&[
        "/api/v1/namespaces/default/pods",
        "/api/v1/namespaces/default/pods/p1",
        "/api/v1/namespaces/default/pods/nosuch",
        "/apis/apps/v1/namespaces/default/deployments",
        "/apis/apps/v1/namespaces/default/deployments/web",
        "/apis/apps/v1/namespaces/default/replicasets",
        "/apis/apps/v1/namespaces/default/statefulsets/db",
        "/api/v1/pods",
        "/api/v1/nodes",
        "/api/v1/nodes/node-1",
        "/api/v1/namespaces",
        "/api/v1/namespaces/default",
        "/api/v1/namespaces/default/services/svc1",
        "/api/v1/namespaces/default/services/svc1/proxy/",
        "/api/v1/namespaces/default/pods/p1/log",
        "/api/v1/namespaces/default/configmaps/cfg",
        "/api/v1/namespaces/default/secrets",
        "/api",
        "/apis",
        "/",
        "",
        "/version",
        "/healthz",
        "/openapi/v2",
        "/api/v1/namespaces//pods",
        "/api/v1/namespaces/default/pods/",
        "/api/v1/namespaces/default/pods/p1/",
        "//api//v1",
        "/api/v1/namespaces/default/pods/%2e%2e",
        "/api/v1/namespaces/default/pods/%zz",
        "/api/v1/namespaces/default/pods/名前",
        "/apis/apps/v1/namespaces/default/deployments/web/scale",
        "/apis/apps/v1/namespaces/default/deployments/web/status",
        "/apis/apps/v2/deployments",
        "/api/v2",
        "/api/v1/foo",
        "/apis/autoscaling/v1/namespaces/default/horizontalpodautoscalers",
        "/apis/autoscaling/v2/namespaces/default/horizontalpodautoscalers/web",
    ]);
    let query = r.pick(&[
        "",
        "",
        "?labelSelector=app%3Dweb",
        "?labelSelector=",
        "?labelSelector=app in (",
        "?labelSelector=%",
        "?fieldSelector=metadata.name%3Dweb",
        "?fieldSelector=x",
        "?pretty=true",
        "?pretty=",
        "?pretty=x",
        "?limit=1",
        "?limit=-1",
        "?limit=99999999999999999999",
        "?continue=x",
        "?watch=true",
        "?resourceVersion=0",
        "?&&=&",
        "?a=b&a=c",
        "#frag",
        "?propagationPolicy=Orphan",
        "?dryRun=All",
        "?gracePeriodSeconds=-1",
    ]);
    let host = r.pick(&[
        "localhost:8080",
        "localhost:8080",
        "127.0.0.1:8080",
        "http://localhost:8080",
        "localhost:8081",
        "localhost:9090",
        "localhost:99999",
        "localhost:",
        "https://localhost:8080",
        "",
    ]);
    let method = r.pick(&[
        "",
        "",
        "-X GET",
        "-X DELETE",
        "-X DELETE",
        "-X POST",
        "-X PUT",
        "-X PATCH",
        "-XDELETE",
        "-X",
        "-X delete",
        "--request DELETE",
    ]);
    let body = r.pick(&[
        "",
        "",
        "-d '{\"kind\":\"DeleteOptions\",\"apiVersion\":\"v1\",\"propagationPolicy\":\"Foreground\"}'",
        "-d '{\"kind\":\"DeleteOptions\",\"apiVersion\":\"v1\",\"propagationPolicy\":\"Orphan\"}'",
        "-d '{\"propagationPolicy\":\"Background\"}'",
        "-d '{\"propagationPolicy\":\"orphan\"}'",
        "-d '{\"propagationPolicy\":1}'",
        "-d '{\"gracePeriodSeconds\":-1}'",
        "-d '{\"gracePeriodSeconds\":99999999999999999999}'",
        "-d '{\"gracePeriodSeconds\":0}'",
        "-d '{\"dryRun\":[\"All\"]}'",
        "-d '{\"dryRun\":[\"x\"]}'",
        "-d '{\"preconditions\":{\"uid\":\"x\"}}'",
        "-d '{\"preconditions\":{\"resourceVersion\":\"1\"}}'",
        "-d '{\"orphanDependents\":true,\"propagationPolicy\":\"Foreground\"}'",
        "-d '{\"kind\":\"Pod\"}'",
        "-d '{'",
        "-d ''",
        "-d '[]'",
        "-d 'null'",
        "-d",
        "--data '{}'",
        "-d @file",
    ]);
    let header = r.pick(&[
        "",
        "-H 'Content-Type: application/json'",
        "-H \"Content-Type: application/json\"",
        "-H 'Content-Type: text/plain'",
        "-H 'Content-Type:'",
        "-H",
        "-A kubectl",
        "-s",
        "-v",
        "-i",
        "-sS -f",
        "-H 'Accept: application/yaml'",
    ]);
    let mut parts = vec![
        "curl".to_string(),
        method.to_string(),
        q(&format!("{host}{path}{query}")),
        body.to_string(),
        header.to_string(),
    ];
    if r.chance(30) {
        let i = r.below(parts.len());
        let j = r.below(parts.len());
        parts.swap(i, j);
    }
    parts.retain(|p| !p.is_empty());
    parts.join(" ")
}

fn sim_line(r: &mut Rng) -> String {
    match r.below(8) {
        0 | 1 => format!("sim advance {}", r.pick(DURATIONS)),
        2 => format!("sim advance {}", r.pick(&["1m", "10m", "2h", "5m", "30s"])),
        3 => "sim settle".into(),
        4 => format!(
            "sim node {} {}",
            r.pick(&["fail", "recover", "bogus"]),
            r.pick(&["node-1", "node-2", "node-3", "control-plane", "nosuch", ""])
        ),
        5 => format!("sim nodes {}", number(r)),
        6 => "sim time".into(),
        _ => format!(
            "sim registry {} {}",
            r.pick(&["add", "remove"]),
            r.pick(IMAGES)
        ),
    }
}

/// Mutates a command line's words: drop, duplicate, swap, mangle, split `--x=y`.
fn mutate_line(r: &mut Rng, line: &str) -> String {
    let mut words: Vec<String> = line.split(' ').map(str::to_string).collect();
    for _ in 0..1 + r.below(2) {
        if words.len() < 2 {
            break;
        }
        let i = 1 + r.below(words.len() - 1);
        match r.below(10) {
            0 => {
                words.remove(i);
            }
            1 => {
                let w = words[i].clone();
                words.insert(i, w);
            }
            2 => words[i] = r.pick(WEIRD).to_string(),
            3 => {
                if let Some((k, _)) = words[i].clone().split_once('=') {
                    words[i] = format!("{k}={}", q(r.pick(NUMBERS)));
                }
            }
            4 => {
                if let Some((k, v)) = words[i].clone().split_once('=') {
                    words[i] = k.to_string();
                    words.insert(i + 1, v.to_string());
                }
            }
            5 => words.insert(i, r.pick(FLAGS).to_string()),
            6 => words.insert(i, output(r)),
            7 => {
                let j = 1 + r.below(words.len() - 1);
                words.swap(i, j);
            }
            8 => words[i] = format!("{}{}", words[i], r.pick(WEIRD)),
            _ => {
                let mut s = words.join(" ");
                let mut cut = r.below(s.len() + 1);
                while !s.is_char_boundary(cut) {
                    cut -= 1;
                }
                s.truncate(cut);
                return s;
            }
        }
    }
    words.join(" ")
}

/// One step of a session: a command line, its stdin, and whether it is a simple command a
/// failure of which must change nothing.
struct Step {
    line: String,
    stdin: Option<String>,
}

fn gen_step(r: &mut Rng) -> Step {
    let (mut line, stdin) = match r.below(20) {
        0..=11 => kubectl_line(r),
        12 | 13 => (curl_line(r), None),
        14 | 15 => (sim_line(r), None),
        16 => (
            r.pick(&["kubectl proxy --port=8080 &", "kubectl proxy --port=8080", "kubectl proxy &", "kubectl proxy --port=0 &", "kubectl proxy --port=99999 &", "kubectl proxy --port=8081 --address=0.0.0.0 &"])
                .to_string(),
            None,
        ),
        17 => {
            let (a, sa) = kubectl_line(r);
            let (b, _) = kubectl_line(r);
            let l = match r.below(9) {
                0 => format!("{a}; {b}"),
                1 => format!("{a} && {b}"),
                2 => format!("{a} || {b}"),
                3 => format!("{a} | grep -c web"),
                4 => format!("{a} | head -{}", r.below(4)),
                5 => format!("echo $({a})"),
                6 => format!("for i in 1 2; do {a}; done"),
                7 => format!("export X={}; {a} $X", q(r.pick(WEIRD))),
                _ => format!("N=$({a} | wc -l); echo $N"),
            };
            (l, sa)
        }
        18 => (
            r.pick(&[
                "export KUBE_EDITOR='sed -i s/1.14.2/1.16.1/'",
                "unset KUBE_EDITOR",
                "export X",
                "export =",
                "export 1X=2",
                "X=$((1/0))",
                "echo ${X:?unset}",
                "echo $((99999999999999999999))",
                "for i in $(seq 1 3); do kubectl get pod p1 -o name; done",
                "for x in; do echo; done",
                "for",
                "kubectl get pods -o name | while read p; do echo $p; done",
                "kubectl get pods -o name | xargs -n1 echo",
                "kubectl get deploy web -o yaml | sed 's/replicas: 2/replicas: 3/' | kubectl apply -f -",
                "kubectl get deploy web -o json | kubectl replace -f -",
                "kubectl get pod p1 -o yaml | kubectl delete -f -",
                "kubectl create deployment t --image=nginx --dry-run=client -o yaml | kubectl apply -f -",
                "echo '{}' | kubectl apply -f -",
                "cat <<EOF | kubectl apply -f -",
                "kubectl exec -it p1 -- sh",
                "kubectl exec -ti db-0 -- bash",
                "exit",
                "ls",
                "cd /tmp",
                "echo hi > /dev/null",
                "sleep 1",
                "true && false || true",
                "( kubectl get pods )",
                "{ kubectl get pods; }",
                "kubectl get pods &",
                "wait",
                "jobs",
                "kill %1",
                "echo $(kubectl get pods -o jsonpath='{.items[*].metadata.name}')",
                "POD=$(kubectl get pods -l app=web -o jsonpath='{.items[0].metadata.name}'); kubectl exec $POD -- env",
                "\\",
                "'",
                "\"",
                "$(",
                "`",
                "echo \"$(echo \"$(echo x)\")\"",
                "a=b kubectl get pods",
                "kubectl get pods 2>&1 | tail -1",
                "kubectl get pods > /tmp/x; cat /tmp/x",
                "watch kubectl get pods",
            ])
            .to_string(),
            None,
        ),
        _ => kubectl_line(r),
    };
    if r.chance(25) {
        line = mutate_line(r, &line);
    }
    Step { line, stdin }
}

// ------------------------------------------------------------------------------- sessions

const SETUP: &[&str] = &[
    "kubectl create deployment web --image=nginx:1.14.2 --replicas=2",
    "kubectl create service nodeport svc1 --tcp=80:80",
    "kubectl create configmap cfg --from-literal=color=blue",
    "kubectl create secret generic sec --from-literal=password=s3cr3t",
    "kubectl run p1 --image=busybox:1.36 --labels=app=p1 -- sh -c 'echo hello; sleep 3600'",
    "kubectl proxy --port=8080 &",
];

fn new_cluster(seed: u64) -> Cluster {
    let mut c = Cluster::new(ClusterConfig { seed, workers: 2 });
    for l in SETUP {
        let out = c.run(l);
        assert_eq!(out.exit_code, 0, "setup `{l}`: {}", out.combined());
    }
    let out = c.exec(
        "kubectl apply -f -",
        Some(&STATEFULSET.replace("NAME", "db")),
        &no_files,
    );
    assert_eq!(out.exit_code, 0, "setup statefulset: {}", out.combined());
    for (tmpl, nm) in [(DAEMONSET, "agent"), (JOB, "pi"), (CRONJOB, "tick")] {
        let out = c.exec(
            "kubectl apply -f -",
            Some(&tmpl.replace("NAME", nm)),
            &no_files,
        );
        assert_eq!(out.exit_code, 0, "setup {nm}: {}", out.combined());
    }
    c.run("sim advance 20s");
    c
}

fn no_files(p: &str) -> Result<String, String> {
    match p {
        "x" | "/x" => Ok("k=v\n# c\nbad line\n=x\n".into()),
        _ => Err(format!("error: the path \"{p}\" does not exist")),
    }
}

/// Whether a failed `line` must have changed nothing. Not checked: compound lines (an earlier
/// part may have succeeded), commands that follow the clock (`wait`, `rollout status`,
/// watches, `sim`, `delete`'s wait, `exec`/`logs` whose exit is the process's), kubectl's
/// multi-object commands (each object its own request: `apply -f` of several documents,
/// several names, `--all`, selectors), and lines typed into an interactive shell.
fn checkable(c: &Cluster, line: &str, stdin: Option<&str>) -> bool {
    if c.prompt().is_some() {
        return false;
    }
    if ["&", ";", "|", "$(", "`", "for ", "\n"]
        .iter()
        .any(|op| line.contains(op))
    {
        return false;
    }
    let words: Vec<&str> = line.split_whitespace().collect();
    let Some(&first) = words.first() else {
        return true;
    };
    if first == "sim" || first == "curl" {
        return first == "curl";
    }
    let has = |w: &str| {
        words
            .iter()
            .any(|x| *x == w || x.starts_with(&format!("{w}=")))
    };
    let waits = [
        "wait",
        "status",
        "-w",
        "--watch",
        "--watch-only",
        "exec",
        "logs",
        "attach",
        "run",
        "drain",
        "port-forward",
        "proxy",
    ];
    if waits.iter().any(|w| has(w)) {
        return false;
    }
    // several objects: kubectl sends one request per object and reports each
    if has("--all") || has("-l") || has("--selector") || has("-A") || has("--all-namespaces") {
        return false;
    }
    if stdin.is_some_and(|s| {
        s.contains("---") || s.contains("kind: List") || s.matches("apiVersion").count() > 1
    }) {
        return false;
    }
    // `set image --record` with a container that does not exist: upstream still sends the
    // patch (the change-cause annotation, and any container found) and then reports the
    // missing one, so the command fails after a change
    if words.get(1) == Some(&"set") && has("--record") {
        return false;
    }
    // `replace --force` deletes, then creates: the create may fail after the delete
    if words.get(1) == Some(&"replace") && has("--force") {
        return false;
    }
    // delete writes, then waits: a `--timeout` may end the wait with an error
    if words.get(1) == Some(&"delete") && has("--timeout") {
        return false;
    }
    // label/annotate patch, then build the printer (upstream's RunLabel): a bad `-o` fails
    // after the change
    if matches!(words.get(1), Some(&"label" | &"annotate")) && line.contains("-o") {
        return false;
    }
    // TYPE NAME NAME… or TYPE/NAME TYPE/NAME…, a comma-separated list of types (`-` is a name)
    let args: Vec<&&str> = words
        .iter()
        .skip(2)
        .filter(|w| (**w == "-" || !w.starts_with('-')) && !w.contains('='))
        .collect();
    if args.iter().filter(|w| w.contains('/')).count() > 1 || args.len() > 2 {
        return false;
    }
    if args.first().is_some_and(|w| w.contains(',')) {
        return false;
    }
    true
}

/// Everything a failed command must not change: compact (`pretty` false, what the check
/// compares: pretty-printing the whole store after every failed command was most of the test's
/// time) or one field a line (for the report).
fn snapshot(c: &Cluster, pretty: bool) -> String {
    let head = format!(
        "now={} timers={} next={:?}\n",
        c.now(),
        c.pending_timers().count(),
        c.next_timer_at()
    );
    if pretty {
        format!("{head}{:#?}", c.store())
    } else {
        format!("{head}{:?}", c.store())
    }
}

fn first_difference(before: &str, after: &str) -> String {
    let a: Vec<&str> = before.lines().collect();
    let b: Vec<&str> = after.lines().collect();
    let Some(i) = (0..a.len().max(b.len())).find(|&i| a.get(i) != b.get(i)) else {
        return String::new();
    };
    let lo = i.saturating_sub(4);
    let mut s = String::new();
    for (mark, lines) in [("-", &a), ("+", &b)] {
        for l in lines.iter().skip(lo).take(i - lo + 3) {
            let _ = writeln!(s, "{mark} {l}");
        }
    }
    s
}

thread_local! {
    /// Where the last panic on this thread happened (set by the panic hook).
    static PANIC_AT: RefCell<Option<String>> = const { RefCell::new(None) };
}

fn install_hook() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let prev = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let at = info
                .location()
                .map(|l| format!("{}:{}", l.file(), l.line()))
                .unwrap_or_default();
            let msg = info
                .payload()
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| info.payload().downcast_ref::<String>().cloned())
                .unwrap_or_default();
            let fuzzing = PANIC_AT.with(|p| {
                let mut p = p.borrow_mut();
                let was = p.is_some();
                *p = Some(format!("{at}: {msg}"));
                was
            });
            if !fuzzing {
                prev(info);
            }
        }));
    });
}

/// A failure: its kind and place (what shrinking keeps constant), and the message.
#[derive(Clone, Debug)]
struct Failure {
    key: String,
    message: String,
    step: usize,
}

/// Runs `steps` on a fresh cluster; the first failure.
fn run_session(seed: u64, steps: &[Step]) -> Option<Failure> {
    let mut c = new_cluster(seed);
    for (i, s) in steps.iter().enumerate() {
        let check = checkable(&c, &s.line, s.stdin.as_deref());
        let before = check.then(|| c.clone());
        if std::env::var_os("KUBEPLAY_FUZZ_TRACE").is_some() {
            eprintln!("seed {seed} step {i}: {}", s.line);
        }
        // Some(..) marks "a fuzz run is in progress": the hook stays quiet
        PANIC_AT.with(|p| *p.borrow_mut() = Some(String::new()));
        let res = catch_unwind(AssertUnwindSafe(|| {
            c.exec(&s.line, s.stdin.as_deref(), &no_files)
        }));
        let at = PANIC_AT.with(|p| p.borrow_mut().take()).unwrap_or_default();
        if std::env::var_os("KUBEPLAY_FUZZ_SHOW").is_some() {
            if let Ok(out) = &res {
                let text = out.combined();
                let cut = text.char_indices().nth(600).map_or(text.len(), |(i, _)| i);
                eprintln!("$ {} [exit {}]\n{}", s.line, out.exit_code, &text[..cut]);
            }
        }
        let out: CommandOutput = match res {
            Ok(out) => out,
            Err(_) => {
                let place = at.split(": ").next().unwrap_or("").to_string();
                return Some(Failure {
                    key: format!("panic {place}"),
                    message: format!("`{}` panicked at {at}", s.line),
                    step: i,
                });
            }
        };
        // a template or JSONPath that parses but fails on the object fails when kubectl prints
        // the result, after the write (upstream builds the printer first, runs it last)
        let printing = out.combined().contains("error executing ");
        if out.exit_code != 0 && !printing {
            if let Some(before) = before {
                if snapshot(&before, false) != snapshot(&c, false) {
                    let (a, b) = (snapshot(&before, true), snapshot(&c, true));
                    let head: String = s
                        .line
                        .split_whitespace()
                        .take(2)
                        .collect::<Vec<_>>()
                        .join(" ");
                    return Some(Failure {
                        key: format!("changed {head}"),
                        message: format!(
                            "`{}` failed (exit {}):\n{}but changed state:\n{}",
                            s.line,
                            out.exit_code,
                            out.combined(),
                            first_difference(&a, &b)
                        ),
                        step: i,
                    });
                }
            }
        }
    }
    None
}

fn gen_session(seed: u64, len: usize) -> Vec<Step> {
    let mut r = Rng(seed.wrapping_mul(0x2545_f491_4f6c_dd1d) ^ 0x6675_7a7a);
    (0..len).map(|_| gen_step(&mut r)).collect()
}

/// Drops steps while a failure with the same key still shows.
fn shrink(seed: u64, steps: Vec<Step>, key: &str) -> Vec<Step> {
    let mut cur: Vec<Step> = steps;
    let mut i = cur.len();
    while i > 0 {
        i -= 1;
        let mut cand: Vec<Step> = cur
            .iter()
            .map(|s| Step {
                line: s.line.clone(),
                stdin: s.stdin.clone(),
            })
            .collect();
        cand.remove(i);
        if let Some(f) = run_session(seed, &cand) {
            if f.key == key {
                cand.truncate(f.step + 1);
                cur = cand;
                i = i.min(cur.len());
            }
        }
    }
    cur
}

fn as_kp(seed: u64, steps: &[Step]) -> String {
    let mut s = format!("# seed {seed}, after the setup in command_fuzz.rs\n");
    for st in steps {
        match &st.stdin {
            Some(text) => {
                let _ = write!(s, "{} <<EOF\n{text}EOF\n", st.line);
            }
            None => {
                let _ = writeln!(s, "{}", st.line);
            }
        }
    }
    s
}

fn env_num(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Sessions run by `cargo test` (fixed seeds: the test is deterministic).
const SESSIONS: u64 = 40;
const STEPS: u64 = 40;

#[test]
fn command_fuzz() {
    install_hook();
    let iters = env_num("KUBEPLAY_FUZZ_ITERS", SESSIONS);
    let first = env_num("KUBEPLAY_FUZZ_SEED", 1);
    let len = env_num("KUBEPLAY_FUZZ_STEPS", STEPS) as usize;
    let mut found: BTreeMap<String, String> = BTreeMap::new();
    for seed in first..first + iters {
        let steps = gen_session(seed, len);
        let Some(f) = run_session(seed, &steps) else {
            continue;
        };
        if found.contains_key(&f.key) {
            continue;
        }
        let small = shrink(seed, steps, &f.key);
        let again = run_session(seed, &small)
            .filter(|g| g.key == f.key)
            .map_or(f.message.clone(), |g| g.message);
        let report = format!(
            "{}\n{again}\nminimal script:\n{}",
            f.key,
            as_kp(seed, &small)
        );
        eprintln!("FOUND {report}");
        found.insert(f.key, report);
    }
    assert!(
        found.is_empty(),
        "{} failures:\n{}",
        found.len(),
        found.values().cloned().collect::<Vec<_>>().join("\n")
    );
}

/// Found by the fuzz test: a watch or wait with an enormous timeout stepped years of a
/// restarting container's timers (minutes of wall time, a frozen page). One command follows at
/// most a week of virtual time.
#[test]
fn a_huge_timeout_follows_at_most_a_week() {
    let mut c = Cluster::new(ClusterConfig {
        seed: 1,
        workers: 2,
    });
    c.run("kubectl run p1 --image=busybox:1.36 -- sh -c 'echo hello; sleep 3600'");
    for line in [
        "kubectl get pod p1 -w --request-timeout=999999h -o name",
        "kubectl wait --for=jsonpath={.status.phase}=Failed pod/p1 --timeout=99999h",
        "kubectl events -w --request-timeout=99999h",
    ] {
        let t0 = c.now();
        catch_unwind(AssertUnwindSafe(|| c.run(line))).expect(line);
        assert_eq!(c.now() - t0, 168 * 3_600_000, "{line}");
    }
}
