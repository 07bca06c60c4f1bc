//! The samples menu: every manifest in the seed walkthroughs (`shared/seeds/`), in seed order,
//! then the Kubernetes docs' StatefulSet Basics manifest (the seeds' only StatefulSet has no
//! selector, so without it the menu would offer no StatefulSet that runs), a few docs pods, and
//! the docs' fluentd-elasticsearch DaemonSet.
//!
//! Manifests the seed prints with its indentation intact are verbatim. Seeds 000 and 002 lost
//! their indentation when they were copied from the web; those are re-indented the way the
//! tutorial means them (comments and values unchanged), and say so in their note. Some samples
//! are rejected by a v1.33 API server exactly as they would be by a real one (removed API
//! versions, a missing selector, placeholder values): the inline errors are part of the lesson.

/// One entry of the samples menu.
pub struct Sample {
    /// Menu label.
    pub title: &'static str,
    /// Where it comes from, and what to expect.
    pub note: &'static str,
    pub yaml: &'static str,
}

/// The manifest a fresh session applies (seed 003, the Kubernetes Deployment tutorial).
pub const NGINX_DEPLOYMENT: &str = SAMPLES[6].yaml;

pub const SAMPLES: &[Sample] = &[
    Sample {
        title: "000 · ReplicaSet nginx-ds",
        note: "seed 000 (zh), re-indented",
        yaml: "\
apiVersion: apps/v1  # api版本
kind: ReplicaSet # 资源类型
metadata: # 元数据定义
  name: nginx-ds # ReplicaSet 名称
spec:
  replicas: 2 # Pod 副本数量,默认1
  selector: # 标签选择器
    matchLabels:
      app: nginx
  template: # Pod 定义模板
    metadata: # Pod 元数据定义
      labels:
        app: nginx # Pod 标签
    spec:
      containers: # 容器定义
      - name: nginx
        image: nginx
",
    },
    Sample {
        title: "000 · Deployment nginx-deploy (maxSurge 1, maxUnavailable 1)",
        note: "seed 000 (zh), re-indented",
        yaml: "\
apiVersion: apps/v1
kind: Deployment # 对象类型,固定为 Deployment
metadata:
  name: nginx-deploy # Deployment 名称
  namespace: default # 命名空间,默认为 default
  labels:
    app: nginx # 标签
spec:
  replicas: 4 # Pod 副本数,默认1
  strategy:
    rollingUpdate: # 升级策略为滚动升级,由于replicas为4,则整个升级过程pod个数在3-5个之间
      maxSurge: 1 # 滚动升级时超过 replicas 的最大 pod 数,也可以为百分比(replicas的百分比),默认为1
      maxUnavailable: 1 # 滚动升级时不可用的最大 pod 数,也可为百分比(replicas的百分比),默认为1
  selector: # 标签选择器,通过标签选择该 Deployment 管理的 Pod
    matchLabels:
      app: nginx
  template: # Pod 定义模板
    metadata:
      labels:
        app: nginx # Pod 标签
    spec: # 定义容器模板,可以包含多个容器
      containers:
      - name: nginx
        image: nginx:latest
        ports:
        - containerPort: 80
",
    },
    Sample {
        title: "001 · Deployment serve-deployment (imagePullPolicy: Never)",
        note: "seed 001 (zh), verbatim",
        yaml: "\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: serve-deployment
  labels: 
    app: auto-serve
spec:
  replicas: 2
  selector:
    matchLabels:
      app: auto-serve
  template:
    metadata:
      labels:
        app: auto-serve
    spec:
      containers:
        - name: auto-serve
          image: auto-serve:latest
          imagePullPolicy: Never
          ports:
            - containerPort: 8082
",
    },
    Sample {
        title: "002 · Pod field reference (rejected: placeholders)",
        note: "seed 002 (zh), re-indented; a field-by-field reference with placeholder values, \
               which the API server rejects",
        yaml: "\
apiVersion: v1 # 必选,API的版本号
kind: Pod # 必选,类型Pod
metadata: # 必选,元数据
  name: nginx # 必选,符合RFC 1035规范的Pod名称
  namespace: web-testing # 可选,不指定默认为default,Pod所在的命名空间
  labels: # 可选,标签选择器,一般用于Selector
    - app: nginx
  annotations: # 可选,注释列表
    - app: nginx
spec: # 必选,用于定义容器的详细信息
  containers: # 必选,容器列表
  - name: nginx # 必选,符合RFC 1035规范的容器名称
    image: nginx: v1 # 必选,容器所用的镜像的地址
    imagePullPolicy: Always # 可选,镜像拉取策略
    command:
    - nginx # 可选,容器启动执行的命令
    - -g
    - \"daemon off;\"
    workingDir: /usr/share/nginx/html # 可选,容器的工作目录
    volumeMounts: # 可选,存储卷配置
    - name: webroot # 存储卷名称
      mountPath: /usr/share/nginx/html # 挂载目录
      readOnly: true # 只读
    ports: # 可选,容器需要暴露的端口号列表
    - name: http # 端口名称
      containerPort: 80 # 端口号
      protocol: TCP # 端口协议,默认TCP
    env: # 可选,环境变量配置
    - name: TZ # 变量名
      value: Asia/Shanghai
    - name: LANG
      value: en_US.utf8
    resources: # 可选,资源限制和资源请求限制
      limits: # 最大限制设置
        cpu: 1000m
        memory: 1024MiB
      requests: # 启动所需的资源
        cpu: 100m
        memory: 512MiB
    readinessProbe: # 可选,容器状态检查
      httpGet: # 检测方式
        path: / # 检查路径
        port: 80 # 监控端口
      timeoutSeconds: 2 # 超时时间
      initialDelaySeconds: 60 # 初始化时间
    livenessProbe: # 可选,监控状态检查
      exec: # 检测方式
        command:
        - cat
        - /health
      httpGet: # 检测方式
        path: /_health
        port: 8080
        httpHeaders:
        - name: end-user
          value: jason
      tcpSocket: # 检测方式
        port: 80
      initialDelaySeconds: 60 # 初始化时间
      timeoutSeconds: 2 # 超时时间
      periodSeconds: 5 # 检测间隔
      successThreshold: 2 # 检查成功为2次表示就绪
      failureThreshold: 1 # 检测失败1次表示未就绪
    securityContext: # 可选,限制容器不可信的行为
      provoleged: false
  restartPolicy: Always # 可选,默认为Always
  nodeSelector: # 可选,指定Node节点
    region: subnet7
  imagePullSecrets: # 可选,拉取镜像使用的secret
  - name: default-dockercfg-86258
  hostNetwork: false # 可选,是否为主机模式,如是,会占用主机端口
  volumes: # 共享存储卷列表
  - name: webroot # 名称,与上述对应
    emptyDir: {} # 共享卷类型,空
    hostPath: # 共享卷类型,本机目录
      path: /etc/hosts
    secret: # 共享卷类型,secret模式,一般用于密码
      secretName: default-token-tf2jp # 名称
      defaultMode: 420 # 权限
    configMap: # 一般用于配置文件
      name: nginx-conf
      defaultMode: 420
",
    },
    Sample {
        title: "002 · Deployment nginx-deployment (nginx:1.7.9)",
        note: "seed 002 (zh), re-indented",
        yaml: "\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: nginx-deployment
  labels:
    app: nginx
spec:
  replicas: 3
  selector:
    matchLabels:
      app: nginx
  template:
    metadata:
      labels:
        app: nginx
    spec:
      containers:
      - name: nginx
        image: nginx:1.7.9
        ports:
        - containerPort: 80
",
    },
    Sample {
        title: "002 · Service nginx + StatefulSet web (rejected: no selector)",
        note: "seed 002 (zh), re-indented; apps/v1 requires spec.selector, so the StatefulSet \
               is rejected as written",
        yaml: "\
apiVersion: v1
kind: Service
metadata:
  name: nginx
  labels:
    app: nginx
spec:
  ports:
  - port: 80
    name: web
  clusterIP: None
  selector:
    app: nginx
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  serviceName: \"nginx\"
  replicas: 2
  template:
    metadata:
      labels:
        app: nginx
    spec:
      containers:
      - name: nginx
        image: nginx
        ports:
        - containerPort: 80
          name: web
",
    },
    Sample {
        title: "003 · Deployment nginx-deployment (nginx:1.14.2)",
        note: "seed 003 (uk), verbatim — the Kubernetes Deployment tutorial",
        yaml: "\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: nginx-deployment
  labels:
    app: nginx
spec:
  replicas: 3
  selector:
    matchLabels:
      app: nginx
  template:
    metadata:
      labels:
        app: nginx
    spec:
      containers:
      - name: nginx
        image: nginx:1.14.2
        ports:
        - containerPort: 80
",
    },
    Sample {
        title: "003 · RollingUpdate maxUnavailable: 1",
        note: "seed 003 (uk), verbatim",
        yaml: "\
apiVersion: apps/v1
kind: Deployment
metadata:
 name: nginx-deployment
 labels:
   app: nginx
spec:
 replicas: 3
 selector:
   matchLabels:
     app: nginx
 template:
   metadata:
     labels:
       app: nginx
   spec:
     containers:
     - name: nginx
       image: nginx:1.14.2
       ports:
       - containerPort: 80
 strategy:
   type: RollingUpdate
   rollingUpdate:
     maxUnavailable: 1
",
    },
    Sample {
        title: "003 · RollingUpdate maxSurge: 1",
        note: "seed 003 (uk), verbatim",
        yaml: "\
apiVersion: apps/v1
kind: Deployment
metadata:
 name: nginx-deployment
 labels:
   app: nginx
spec:
 replicas: 3
 selector:
   matchLabels:
     app: nginx
 template:
   metadata:
     labels:
       app: nginx
   spec:
     containers:
     - name: nginx
       image: nginx:1.14.2
       ports:
       - containerPort: 80
 strategy:
   type: RollingUpdate
   rollingUpdate:
     maxSurge: 1
",
    },
    Sample {
        title: "003 · RollingUpdate maxSurge: 1, maxUnavailable: 1",
        note: "seed 003 (uk), verbatim",
        yaml: "\
apiVersion: apps/v1
kind: Deployment
metadata:
 name: nginx-deployment
 labels:
   app: nginx
spec:
 replicas: 3
 selector:
   matchLabels:
     app: nginx
 template:
   metadata:
     labels:
       app: nginx
   spec:
     containers:
     - name: nginx
       image: nginx:1.14.2
       ports:
       - containerPort: 80
 strategy:
   type: RollingUpdate
   rollingUpdate:
     maxSurge: 1
     maxUnavailable: 1
",
    },
    Sample {
        title: "004 · extensions/v1beta1 Deployment (rejected: removed API)",
        note: "seed 004 (zh), verbatim; extensions/v1beta1 Deployments were removed in v1.16",
        yaml: "\
apiVersion: extensions/v1beta1
kind: Deployment
metadata:
  name: nginx-deployment
spec:
  replicas: 3
  template:
    metadata:
      labels:
        app: nginx
    spec:
      containers:
      - name: nginx
        image: nginx:1.7.9
        ports:
        - containerPort: 80
",
    },
    Sample {
        title: "004 · apps/v1beta1 nginx-deploy (rejected: removed API)",
        note: "seed 004 (zh), verbatim; apps/v1beta1 was removed in v1.16",
        yaml: "\
apiVersion: apps/v1beta1
kind: Deployment
metadata:
  name: nginx-deploy
  labels:
    k8s-app: nginx-demo
spec:
  replicas: 3
  template:
    metadata:
      labels:
        app: nginx
    spec:
      containers:
      - name: nginx
        image: nginx:1.7.9
        ports:
        - containerPort: 80
",
    },
    Sample {
        title: "docs · Service nginx + StatefulSet web (StatefulSet Basics)",
        note: "kubernetes.io, tutorials/stateful-application/basic-stateful-set (web.yaml): a \
               headless Service and two ordered pods, each with its own volume claim",
        yaml: "\
apiVersion: v1
kind: Service
metadata:
  name: nginx
  labels:
    app: nginx
spec:
  ports:
  - port: 80
    name: web
  clusterIP: None
  selector:
    app: nginx
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  serviceName: \"nginx\"
  replicas: 2
  selector:
    matchLabels:
      app: nginx
  template:
    metadata:
      labels:
        app: nginx
    spec:
      containers:
      - name: nginx
        image: registry.k8s.io/nginx-slim:0.21
        ports:
        - containerPort: 80
          name: web
        volumeMounts:
        - name: www
          mountPath: /usr/share/nginx/html
  volumeClaimTemplates:
  - metadata:
      name: www
    spec:
      accessModes: [ \"ReadWriteOnce\" ]
      resources:
        requests:
          storage: 1Gi
",
    },
    Sample {
        title: "docs · Pod myapp-pod with two init containers (Init Containers)",
        note: "kubernetes.io, concepts/workloads/pods/init-containers: the pod waits in Init:0/2 \
               until Services myservice and mydb exist (kubectl create service clusterip \
               myservice --tcp=80:9376, then mydb)",
        yaml: "\
apiVersion: v1
kind: Pod
metadata:
  name: myapp-pod
  labels:
    app.kubernetes.io/name: MyApp
spec:
  containers:
  - name: myapp-container
    image: busybox:1.28
    command: ['sh', '-c', 'echo The app is running! && sleep 3600']
  initContainers:
  - name: init-myservice
    image: busybox:1.28
    command: ['sh', '-c', \"until nslookup myservice.$(cat /var/run/secrets/kubernetes.io/serviceaccount/namespace).svc.cluster.local; do echo waiting for myservice; sleep 2; done\"]
  - name: init-mydb
    image: busybox:1.28
    command: ['sh', '-c', \"until nslookup mydb.$(cat /var/run/secrets/kubernetes.io/serviceaccount/namespace).svc.cluster.local; do echo waiting for mydb; sleep 2; done\"]
",
    },
    Sample {
        title: "docs · Pod counter (Logging Architecture)",
        note: "kubernetes.io, concepts/cluster-administration/logging: a busybox loop that writes \
               a line a second; read it with kubectl logs counter",
        yaml: "\
apiVersion: v1
kind: Pod
metadata:
  name: counter
spec:
  containers:
  - name: count
    image: busybox:1.28
    args: [/bin/sh, -c,
            'i=0; while true; do echo \"$i: $(date)\"; i=$((i+1)); sleep 1; done']
",
    },
    Sample {
        title: "docs · DaemonSet fluentd-elasticsearch (DaemonSet)",
        note: "kubernetes.io, concepts/workloads/controllers/daemonset (controllers/daemonset.yaml): \
               one pod per node in kube-system, the control plane included (its taint is \
               tolerated)",
        yaml: include_str!("../../core/src/kubectl/urls/controllers/daemonset.yaml"),
    },
];

#[cfg(test)]
mod tests {
    use super::*;
    use kubeplay_core::{Cluster, ClusterConfig};

    /// What each sample does on a fresh v1.33 cluster: applied, or rejected with the error kind.
    #[test]
    fn every_sample_decodes_as_the_seed_intends() {
        let mut report = Vec::new();
        for s in SAMPLES {
            let mut c = Cluster::new(ClusterConfig {
                seed: 1,
                workers: 3,
            });
            let out = c.exec("kubectl apply -f -", Some(s.yaml), &|p| {
                Err(format!("no file {p}"))
            });
            let rejected = s.title.contains("rejected");
            if s.title.contains("StatefulSet") {
                // Each document on its own, as kubectl applies them: the Service is created.
                assert!(
                    out.stdout().contains("service/nginx created"),
                    "{}",
                    out.combined()
                );
            }
            assert_eq!(
                out.exit_code != 0,
                rejected,
                "{}: {}",
                s.title,
                out.combined()
            );
            report.push(format!("{}: {}", s.title, out.combined().trim_end()));
        }
        assert_eq!(report.len(), 16);
    }

    /// The docs StatefulSet runs: two ordered pods, each Bound to its own claim.
    #[test]
    fn the_statefulset_basics_sample_runs() {
        let sample = SAMPLES
            .iter()
            .find(|s| s.title.contains("StatefulSet Basics"))
            .expect("samples");
        let mut c = Cluster::new(ClusterConfig {
            seed: 1,
            workers: 3,
        });
        let out = c.exec("kubectl apply -f -", Some(sample.yaml), &|p| {
            Err(format!("no file {p}"))
        });
        assert_eq!(
            out.stdout(),
            "service/nginx created\nstatefulset.apps/web created\n"
        );
        c.run("sim settle");
        let pods = c.run(
            "kubectl get pods -o custom-columns=N:.metadata.name,S:.status.phase --no-headers",
        );
        assert_eq!(pods.stdout(), "web-0   Running\nweb-1   Running\n");
        let pvcs = c
            .run("kubectl get pvc -o custom-columns=N:.metadata.name,S:.status.phase --no-headers");
        assert_eq!(pvcs.stdout(), "www-web-0   Bound\nwww-web-1   Bound\n");
    }

    /// The docs DaemonSet runs a pod on every node, the tainted control plane included.
    #[test]
    fn the_daemonset_sample_runs_on_every_node() {
        let sample = SAMPLES
            .iter()
            .find(|s| s.title.contains("DaemonSet"))
            .expect("samples");
        let mut c = Cluster::new(ClusterConfig {
            seed: 1,
            workers: 3,
        });
        let out = c.exec("kubectl apply -f -", Some(sample.yaml), &|p| {
            Err(format!("no file {p}"))
        });
        assert_eq!(
            out.stdout(),
            "daemonset.apps/fluentd-elasticsearch created\n"
        );
        c.run("sim settle");
        let ds = kubeplay_core::view::daemonsets(&c);
        assert_eq!((ds[0].desired, ds[0].ready), (4, 4));
        let nodes: Vec<_> = ds[0]
            .pods
            .iter()
            .filter_map(|p| p.node.as_deref())
            .collect();
        assert_eq!(nodes, vec!["control-plane", "node-1", "node-2", "node-3"]);
    }

    /// The docs' init-container pod waits for its Services, then runs; the counter counts.
    #[test]
    fn the_docs_pod_samples_run() {
        let sample = |t: &str| SAMPLES.iter().find(|s| s.title.contains(t)).expect(t).yaml;
        let mut c = Cluster::new(ClusterConfig {
            seed: 1,
            workers: 3,
        });
        for t in ["Init Containers", "Logging Architecture"] {
            c.exec("kubectl apply -f -", Some(sample(t)), &|p| {
                Err(format!("no file {p}"))
            });
        }
        c.run("sim advance 10s");
        let status = |c: &mut Cluster| {
            c.run("kubectl get pod myapp-pod -o custom-columns=S:.status.phase --no-headers")
                .stdout()
                .to_string()
        };
        assert_eq!(status(&mut c), "Pending\n");
        c.run("kubectl create service clusterip myservice --tcp=80:9376");
        c.run("kubectl create service clusterip mydb --tcp=80:9377");
        c.run("sim advance 10s");
        assert_eq!(status(&mut c), "Running\n");
        // started at 4 s (a 3 s pull, a 1 s start), a line a second since
        let log = c.run("kubectl logs counter --tail=1");
        assert_eq!(log.stdout(), "16: Wed Jan  1 00:00:20 UTC 2025\n");
    }

    #[test]
    fn the_default_manifest_is_the_tutorial_one() {
        assert!(NGINX_DEPLOYMENT.contains("image: nginx:1.14.2"));
        assert!(NGINX_DEPLOYMENT.contains("name: nginx-deployment"));
    }
}
