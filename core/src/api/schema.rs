//! Strict decoding as the API server does it with `fieldValidation=Strict` (kubectl 1.33's
//! default): the JSON body is decoded into the Go types; the first type mismatch wins (Go's
//! encoding/json wording, naming the innermost Go struct and the dotted JSON field path without
//! indices), else every unknown field is listed (`strict decoding error: unknown field "a.b[0].c"`).
//! The schema is a compact table of the real v1.33 types; rarely used sub-objects are opaque.

use serde_json::Value;

/// Field kinds. Names are the Go type names that appear in `… of type <T>` messages.
#[derive(Clone, Copy)]
pub enum T {
    /// string, or a named string type (`v1.RestartPolicy`); "" = `string`.
    S(&'static str),
    I32,
    I64,
    B,
    /// intstr.IntOrString
    Ios,
    /// resource.Quantity
    Q,
    /// metav1.Time
    Time,
    /// map[string]string
    MapS,
    /// v1.ResourceList (map of quantities)
    MapQ,
    /// map[string][]byte: JSON strings decoded as base64 (Go's `[]byte` encoding)
    MapB,
    /// anything (RawExtension-like)
    Any,
    /// an object whose fields are not checked (Go type name)
    O(&'static str),
    Obj(&'static St),
    /// []Struct
    LObj(&'static St),
    /// []string or []NamedString
    LS(&'static str),
    /// []OpaqueStruct (Go element type name)
    LO(&'static str),
    /// []int32
    LI32,
}

/// A Go struct: its type name and its JSON fields.
pub struct St {
    pub name: &'static str,
    pub fields: &'static [(&'static str, T)],
}

use T::*;

macro_rules! st {
    ($id:ident, $name:literal, [$(($f:literal, $t:expr)),* $(,)?]) => {
        pub static $id: St = St { name: $name, fields: &[$(($f, $t)),*] };
    };
}

st!(
    OWNER_REF,
    "OwnerReference",
    [
        ("apiVersion", S("")),
        ("blockOwnerDeletion", B),
        ("controller", B),
        ("kind", S("")),
        ("name", S("")),
        ("uid", S("types.UID"))
    ]
);
st!(
    OBJECT_META,
    "ObjectMeta",
    [
        ("annotations", MapS),
        ("creationTimestamp", Time),
        ("deletionGracePeriodSeconds", I64),
        ("deletionTimestamp", Time),
        ("finalizers", LS("string")),
        ("generateName", S("")),
        ("generation", I64),
        ("labels", MapS),
        ("managedFields", LO("v1.ManagedFieldsEntry")),
        ("name", S("")),
        ("namespace", S("")),
        ("ownerReferences", LObj(&OWNER_REF)),
        ("resourceVersion", S("")),
        ("selfLink", S("")),
        ("uid", S("types.UID")),
    ]
);
st!(
    LS_REQ,
    "LabelSelectorRequirement",
    [
        ("key", S("")),
        ("operator", S("v1.LabelSelectorOperator")),
        ("values", LS("string"))
    ]
);
st!(
    LABEL_SELECTOR,
    "LabelSelector",
    [("matchExpressions", LObj(&LS_REQ)), ("matchLabels", MapS)]
);

// --- core/v1 PodSpec and friends
st!(
    CONTAINER_PORT,
    "ContainerPort",
    [
        ("containerPort", I32),
        ("hostIP", S("")),
        ("hostPort", I32),
        ("name", S("")),
        ("protocol", S("v1.Protocol"))
    ]
);
st!(
    ENV_VAR,
    "EnvVar",
    [
        ("name", S("")),
        ("value", S("")),
        ("valueFrom", O("v1.EnvVarSource"))
    ]
);
st!(
    ENV_FROM,
    "EnvFromSource",
    [
        ("configMapRef", O("v1.ConfigMapEnvSource")),
        ("prefix", S("")),
        ("secretRef", O("v1.SecretEnvSource"))
    ]
);
st!(
    RESOURCES,
    "ResourceRequirements",
    [
        ("claims", LO("v1.ResourceClaim")),
        ("limits", MapQ),
        ("requests", MapQ)
    ]
);
st!(
    VOLUME_MOUNT,
    "VolumeMount",
    [
        ("mountPath", S("")),
        ("mountPropagation", S("v1.MountPropagationMode")),
        ("name", S("")),
        ("readOnly", B),
        ("recursiveReadOnly", S("v1.RecursiveReadOnlyMode")),
        ("subPath", S("")),
        ("subPathExpr", S("")),
    ]
);
st!(EXEC, "ExecAction", [("command", LS("string"))]);
st!(
    HTTP_HEADER,
    "HTTPHeader",
    [("name", S("")), ("value", S(""))]
);
st!(
    HTTP_GET,
    "HTTPGetAction",
    [
        ("host", S("")),
        ("httpHeaders", LObj(&HTTP_HEADER)),
        ("path", S("")),
        ("port", Ios),
        ("scheme", S("v1.URIScheme"))
    ]
);
st!(
    TCP_SOCKET,
    "TCPSocketAction",
    [("host", S("")), ("port", Ios)]
);
st!(GRPC, "GRPCAction", [("port", I32), ("service", S(""))]);
st!(
    PROBE,
    "Probe",
    [
        ("exec", Obj(&EXEC)),
        ("failureThreshold", I32),
        ("grpc", Obj(&GRPC)),
        ("httpGet", Obj(&HTTP_GET)),
        ("initialDelaySeconds", I32),
        ("periodSeconds", I32),
        ("successThreshold", I32),
        ("tcpSocket", Obj(&TCP_SOCKET)),
        ("terminationGracePeriodSeconds", I64),
        ("timeoutSeconds", I32),
    ]
);
st!(
    CONTAINER,
    "Container",
    [
        ("args", LS("string")),
        ("command", LS("string")),
        ("env", LObj(&ENV_VAR)),
        ("envFrom", LObj(&ENV_FROM)),
        ("image", S("")),
        ("imagePullPolicy", S("v1.PullPolicy")),
        ("lifecycle", O("v1.Lifecycle")),
        ("livenessProbe", Obj(&PROBE)),
        ("name", S("")),
        ("ports", LObj(&CONTAINER_PORT)),
        ("readinessProbe", Obj(&PROBE)),
        ("resizePolicy", LO("v1.ContainerResizePolicy")),
        ("resources", Obj(&RESOURCES)),
        ("restartPolicy", S("v1.ContainerRestartPolicy")),
        ("securityContext", Obj(&SECURITY_CONTEXT)),
        ("startupProbe", Obj(&PROBE)),
        ("stdin", B),
        ("stdinOnce", B),
        ("terminationMessagePath", S("")),
        ("terminationMessagePolicy", S("v1.TerminationMessagePolicy")),
        ("tty", B),
        ("volumeDevices", LO("v1.VolumeDevice")),
        ("volumeMounts", LObj(&VOLUME_MOUNT)),
        ("workingDir", S("")),
    ]
);
st!(
    KEY_TO_PATH,
    "KeyToPath",
    [("key", S("")), ("mode", I32), ("path", S(""))]
);
st!(
    EMPTY_DIR,
    "EmptyDirVolumeSource",
    [("medium", S("v1.StorageMedium")), ("sizeLimit", Q)]
);
st!(
    CONFIG_MAP_VOL,
    "ConfigMapVolumeSource",
    [
        ("defaultMode", I32),
        ("items", LObj(&KEY_TO_PATH)),
        ("name", S("")),
        ("optional", B)
    ]
);
st!(
    SECRET_VOL,
    "SecretVolumeSource",
    [
        ("defaultMode", I32),
        ("items", LObj(&KEY_TO_PATH)),
        ("optional", B),
        ("secretName", S(""))
    ]
);
st!(
    PVC_VOL,
    "PersistentVolumeClaimVolumeSource",
    [("claimName", S("")), ("readOnly", B)]
);
st!(
    HOST_PATH,
    "HostPathVolumeSource",
    [("path", S("")), ("type", S("v1.HostPathType"))]
);
st!(
    VOLUME,
    "Volume",
    [
        (
            "awsElasticBlockStore",
            O("v1.AWSElasticBlockStoreVolumeSource")
        ),
        ("azureDisk", O("v1.AzureDiskVolumeSource")),
        ("azureFile", O("v1.AzureFileVolumeSource")),
        ("cephfs", O("v1.CephFSVolumeSource")),
        ("cinder", O("v1.CinderVolumeSource")),
        ("configMap", Obj(&CONFIG_MAP_VOL)),
        ("csi", O("v1.CSIVolumeSource")),
        ("downwardAPI", O("v1.DownwardAPIVolumeSource")),
        ("emptyDir", Obj(&EMPTY_DIR)),
        ("ephemeral", O("v1.EphemeralVolumeSource")),
        ("fc", O("v1.FCVolumeSource")),
        ("flexVolume", O("v1.FlexVolumeSource")),
        ("flocker", O("v1.FlockerVolumeSource")),
        ("gcePersistentDisk", O("v1.GCEPersistentDiskVolumeSource")),
        ("gitRepo", O("v1.GitRepoVolumeSource")),
        ("glusterfs", O("v1.GlusterfsVolumeSource")),
        ("hostPath", Obj(&HOST_PATH)),
        ("image", O("v1.ImageVolumeSource")),
        ("iscsi", O("v1.ISCSIVolumeSource")),
        ("name", S("")),
        ("nfs", O("v1.NFSVolumeSource")),
        ("persistentVolumeClaim", Obj(&PVC_VOL)),
        (
            "photonPersistentDisk",
            O("v1.PhotonPersistentDiskVolumeSource")
        ),
        ("portworxVolume", O("v1.PortworxVolumeSource")),
        ("projected", O("v1.ProjectedVolumeSource")),
        ("quobyte", O("v1.QuobyteVolumeSource")),
        ("rbd", O("v1.RBDVolumeSource")),
        ("scaleIO", O("v1.ScaleIOVolumeSource")),
        ("secret", Obj(&SECRET_VOL)),
        ("storageos", O("v1.StorageOSVolumeSource")),
        ("vsphereVolume", O("v1.VsphereVirtualDiskVolumeSource")),
    ]
);
st!(
    TOLERATION,
    "Toleration",
    [
        ("effect", S("v1.TaintEffect")),
        ("key", S("")),
        ("operator", S("v1.TolerationOperator")),
        ("tolerationSeconds", I64),
        ("value", S(""))
    ]
);
st!(
    SECURITY_CONTEXT,
    "SecurityContext",
    [
        ("allowPrivilegeEscalation", B),
        ("appArmorProfile", O("v1.AppArmorProfile")),
        ("capabilities", O("v1.Capabilities")),
        ("privileged", B),
        ("procMount", S("v1.ProcMountType")),
        ("readOnlyRootFilesystem", B),
        ("runAsGroup", I64),
        ("runAsNonRoot", B),
        ("runAsUser", I64),
        ("seLinuxOptions", O("v1.SELinuxOptions")),
        ("seccompProfile", O("v1.SeccompProfile")),
        ("windowsOptions", O("v1.WindowsSecurityContextOptions")),
    ]
);
st!(
    POD_SECURITY_CONTEXT,
    "PodSecurityContext",
    [
        ("appArmorProfile", O("v1.AppArmorProfile")),
        ("fsGroup", I64),
        ("fsGroupChangePolicy", S("v1.PodFSGroupChangePolicy")),
        ("runAsGroup", I64),
        ("runAsNonRoot", B),
        ("runAsUser", I64),
        ("seLinuxChangePolicy", S("v1.PodSELinuxChangePolicy")),
        ("seLinuxOptions", O("v1.SELinuxOptions")),
        ("seccompProfile", O("v1.SeccompProfile")),
        ("supplementalGroups", Any),
        ("supplementalGroupsPolicy", S("v1.SupplementalGroupsPolicy")),
        ("sysctls", LO("v1.Sysctl")),
        ("windowsOptions", O("v1.WindowsSecurityContextOptions")),
    ]
);
st!(LOCAL_OBJ_REF, "LocalObjectReference", [("name", S(""))]);
st!(
    POD_SPEC,
    "PodSpec",
    [
        ("activeDeadlineSeconds", I64),
        ("affinity", O("v1.Affinity")),
        ("automountServiceAccountToken", B),
        ("containers", LObj(&CONTAINER)),
        ("dnsConfig", O("v1.PodDNSConfig")),
        ("dnsPolicy", S("v1.DNSPolicy")),
        ("enableServiceLinks", B),
        ("ephemeralContainers", LO("v1.EphemeralContainer")),
        ("hostAliases", LO("v1.HostAlias")),
        ("hostIPC", B),
        ("hostNetwork", B),
        ("hostPID", B),
        ("hostUsers", B),
        ("hostname", S("")),
        ("imagePullSecrets", LObj(&LOCAL_OBJ_REF)),
        ("initContainers", LObj(&CONTAINER)),
        ("nodeName", S("")),
        ("nodeSelector", MapS),
        ("os", O("v1.PodOS")),
        ("overhead", MapQ),
        ("preemptionPolicy", S("v1.PreemptionPolicy")),
        ("priority", I32),
        ("priorityClassName", S("")),
        ("readinessGates", LO("v1.PodReadinessGate")),
        ("resourceClaims", LO("v1.PodResourceClaim")),
        ("resources", Obj(&RESOURCES)),
        ("restartPolicy", S("v1.RestartPolicy")),
        ("runtimeClassName", S("")),
        ("schedulerName", S("")),
        ("schedulingGates", LO("v1.PodSchedulingGate")),
        ("securityContext", Obj(&POD_SECURITY_CONTEXT)),
        ("serviceAccount", S("")),
        ("serviceAccountName", S("")),
        ("setHostnameAsFQDN", B),
        ("shareProcessNamespace", B),
        ("subdomain", S("")),
        ("terminationGracePeriodSeconds", I64),
        ("tolerations", LObj(&TOLERATION)),
        (
            "topologySpreadConstraints",
            LO("v1.TopologySpreadConstraint")
        ),
        ("volumes", LObj(&VOLUME)),
    ]
);
st!(
    POD_TEMPLATE,
    "PodTemplateSpec",
    [("metadata", Obj(&OBJECT_META)), ("spec", Obj(&POD_SPEC))]
);

// --- PVC
st!(
    VOL_RESOURCES,
    "VolumeResourceRequirements",
    [("limits", MapQ), ("requests", MapQ)]
);
st!(
    PVC_SPEC,
    "PersistentVolumeClaimSpec",
    [
        ("accessModes", LS("v1.PersistentVolumeAccessMode")),
        ("dataSource", O("v1.TypedLocalObjectReference")),
        ("dataSourceRef", O("v1.TypedObjectReference")),
        ("resources", Obj(&VOL_RESOURCES)),
        ("selector", Obj(&LABEL_SELECTOR)),
        ("storageClassName", S("")),
        ("volumeAttributesClassName", S("")),
        ("volumeMode", S("v1.PersistentVolumeMode")),
        ("volumeName", S("")),
    ]
);
st!(
    PVC,
    "PersistentVolumeClaim",
    [
        ("apiVersion", S("")),
        ("kind", S("")),
        ("metadata", Obj(&OBJECT_META)),
        ("spec", Obj(&PVC_SPEC)),
        ("status", O("v1.PersistentVolumeClaimStatus"))
    ]
);

// --- PersistentVolume (core/v1 PersistentVolumeSpec: the inline PersistentVolumeSource
// pointers, all but hostPath opaque)
st!(
    PV_SPEC,
    "PersistentVolumeSpec",
    [
        ("accessModes", LS("v1.PersistentVolumeAccessMode")),
        (
            "awsElasticBlockStore",
            O("v1.AWSElasticBlockStoreVolumeSource")
        ),
        ("azureDisk", O("v1.AzureDiskVolumeSource")),
        ("azureFile", O("v1.AzureFilePersistentVolumeSource")),
        ("capacity", MapQ),
        ("cephfs", O("v1.CephFSPersistentVolumeSource")),
        ("cinder", O("v1.CinderPersistentVolumeSource")),
        ("claimRef", O("v1.ObjectReference")),
        ("csi", O("v1.CSIPersistentVolumeSource")),
        ("fc", O("v1.FCVolumeSource")),
        ("flexVolume", O("v1.FlexPersistentVolumeSource")),
        ("flocker", O("v1.FlockerVolumeSource")),
        ("gcePersistentDisk", O("v1.GCEPersistentDiskVolumeSource")),
        ("glusterfs", O("v1.GlusterfsPersistentVolumeSource")),
        ("hostPath", Obj(&HOST_PATH)),
        ("iscsi", O("v1.ISCSIPersistentVolumeSource")),
        ("local", O("v1.LocalVolumeSource")),
        ("mountOptions", LS("string")),
        ("nfs", O("v1.NFSVolumeSource")),
        ("nodeAffinity", O("v1.VolumeNodeAffinity")),
        (
            "persistentVolumeReclaimPolicy",
            S("v1.PersistentVolumeReclaimPolicy")
        ),
        (
            "photonPersistentDisk",
            O("v1.PhotonPersistentDiskVolumeSource")
        ),
        ("portworxVolume", O("v1.PortworxVolumeSource")),
        ("quobyte", O("v1.QuobyteVolumeSource")),
        ("rbd", O("v1.RBDPersistentVolumeSource")),
        ("scaleIO", O("v1.ScaleIOPersistentVolumeSource")),
        ("storageClassName", S("")),
        ("storageos", O("v1.StorageOSPersistentVolumeSource")),
        ("volumeAttributesClassName", S("")),
        ("volumeMode", S("v1.PersistentVolumeMode")),
        ("vsphereVolume", O("v1.VsphereVirtualDiskVolumeSource")),
    ]
);
st!(
    PV,
    "PersistentVolume",
    [
        ("apiVersion", S("")),
        ("kind", S("")),
        ("metadata", Obj(&OBJECT_META)),
        ("spec", Obj(&PV_SPEC)),
        ("status", O("v1.PersistentVolumeStatus"))
    ]
);

// --- apps/v1
st!(
    RU_DEPLOY,
    "RollingUpdateDeployment",
    [("maxSurge", Ios), ("maxUnavailable", Ios)]
);
st!(
    DEPLOY_STRATEGY,
    "DeploymentStrategy",
    [
        ("rollingUpdate", Obj(&RU_DEPLOY)),
        ("type", S("v1.DeploymentStrategyType"))
    ]
);
st!(
    DEPLOY_SPEC,
    "DeploymentSpec",
    [
        ("minReadySeconds", I32),
        ("paused", B),
        ("progressDeadlineSeconds", I32),
        ("replicas", I32),
        ("revisionHistoryLimit", I32),
        ("selector", Obj(&LABEL_SELECTOR)),
        ("strategy", Obj(&DEPLOY_STRATEGY)),
        ("template", Obj(&POD_TEMPLATE)),
    ]
);
st!(
    DEPLOYMENT,
    "Deployment",
    [
        ("apiVersion", S("")),
        ("kind", S("")),
        ("metadata", Obj(&OBJECT_META)),
        ("spec", Obj(&DEPLOY_SPEC)),
        ("status", O("v1.DeploymentStatus"))
    ]
);
st!(
    RS_SPEC,
    "ReplicaSetSpec",
    [
        ("minReadySeconds", I32),
        ("replicas", I32),
        ("selector", Obj(&LABEL_SELECTOR)),
        ("template", Obj(&POD_TEMPLATE))
    ]
);
st!(
    REPLICA_SET,
    "ReplicaSet",
    [
        ("apiVersion", S("")),
        ("kind", S("")),
        ("metadata", Obj(&OBJECT_META)),
        ("spec", Obj(&RS_SPEC)),
        ("status", O("v1.ReplicaSetStatus"))
    ]
);
st!(
    RU_STS,
    "RollingUpdateStatefulSetStrategy",
    [("maxUnavailable", Ios), ("partition", I32)]
);
st!(
    STS_STRATEGY,
    "StatefulSetUpdateStrategy",
    [
        ("rollingUpdate", Obj(&RU_STS)),
        ("type", S("v1.StatefulSetUpdateStrategyType"))
    ]
);
st!(
    STS_RETENTION,
    "StatefulSetPersistentVolumeClaimRetentionPolicy",
    [
        (
            "whenDeleted",
            S("v1.PersistentVolumeClaimRetentionPolicyType")
        ),
        (
            "whenScaled",
            S("v1.PersistentVolumeClaimRetentionPolicyType")
        ),
    ]
);
st!(STS_ORDINALS, "StatefulSetOrdinals", [("start", I32)]);
st!(
    STS_SPEC,
    "StatefulSetSpec",
    [
        ("minReadySeconds", I32),
        ("ordinals", Obj(&STS_ORDINALS)),
        ("persistentVolumeClaimRetentionPolicy", Obj(&STS_RETENTION)),
        ("podManagementPolicy", S("v1.PodManagementPolicyType")),
        ("replicas", I32),
        ("revisionHistoryLimit", I32),
        ("selector", Obj(&LABEL_SELECTOR)),
        ("serviceName", S("")),
        ("template", Obj(&POD_TEMPLATE)),
        ("updateStrategy", Obj(&STS_STRATEGY)),
        ("volumeClaimTemplates", LObj(&PVC)),
    ]
);
st!(
    STATEFUL_SET,
    "StatefulSet",
    [
        ("apiVersion", S("")),
        ("kind", S("")),
        ("metadata", Obj(&OBJECT_META)),
        ("spec", Obj(&STS_SPEC)),
        ("status", O("v1.StatefulSetStatus"))
    ]
);

st!(
    RU_DS,
    "RollingUpdateDaemonSet",
    [("maxSurge", Ios), ("maxUnavailable", Ios)]
);
st!(
    DS_STRATEGY,
    "DaemonSetUpdateStrategy",
    [
        ("rollingUpdate", Obj(&RU_DS)),
        ("type", S("v1.DaemonSetUpdateStrategyType"))
    ]
);
st!(
    DS_SPEC,
    "DaemonSetSpec",
    [
        ("minReadySeconds", I32),
        ("revisionHistoryLimit", I32),
        ("selector", Obj(&LABEL_SELECTOR)),
        ("template", Obj(&POD_TEMPLATE)),
        ("updateStrategy", Obj(&DS_STRATEGY)),
    ]
);
st!(
    DAEMON_SET,
    "DaemonSet",
    [
        ("apiVersion", S("")),
        ("kind", S("")),
        ("metadata", Obj(&OBJECT_META)),
        ("spec", Obj(&DS_SPEC)),
        ("status", O("v1.DaemonSetStatus"))
    ]
);

st!(
    POD_FAILURE_POLICY_ON_EXIT_CODES,
    "PodFailurePolicyOnExitCodesRequirement",
    [
        ("containerName", S("")),
        ("operator", S("v1.PodFailurePolicyOnExitCodesOperator")),
        ("values", LI32),
    ]
);
st!(
    POD_FAILURE_POLICY_ON_POD_CONDITIONS,
    "PodFailurePolicyOnPodConditionsPattern",
    [
        ("status", S("v1.ConditionStatus")),
        ("type", S("v1.PodConditionType")),
    ]
);
st!(
    POD_FAILURE_POLICY_RULE,
    "PodFailurePolicyRule",
    [
        ("action", S("v1.PodFailurePolicyAction")),
        ("onExitCodes", Obj(&POD_FAILURE_POLICY_ON_EXIT_CODES)),
        (
            "onPodConditions",
            LObj(&POD_FAILURE_POLICY_ON_POD_CONDITIONS)
        ),
    ]
);
st!(
    POD_FAILURE_POLICY,
    "PodFailurePolicy",
    [("rules", LObj(&POD_FAILURE_POLICY_RULE))]
);
st!(
    SUCCESS_POLICY_RULE,
    "SuccessPolicyRule",
    [("succeededCount", I32), ("succeededIndexes", S(""))]
);
st!(
    SUCCESS_POLICY,
    "SuccessPolicy",
    [("rules", LObj(&SUCCESS_POLICY_RULE))]
);
st!(
    JOB_SPEC,
    "JobSpec",
    [
        ("activeDeadlineSeconds", I64),
        ("backoffLimit", I32),
        ("backoffLimitPerIndex", I32),
        ("completionMode", S("v1.CompletionMode")),
        ("completions", I32),
        ("managedBy", S("")),
        ("manualSelector", B),
        ("maxFailedIndexes", I32),
        ("parallelism", I32),
        ("podFailurePolicy", Obj(&POD_FAILURE_POLICY)),
        ("podReplacementPolicy", S("v1.PodReplacementPolicy")),
        ("selector", Obj(&LABEL_SELECTOR)),
        ("successPolicy", Obj(&SUCCESS_POLICY)),
        ("suspend", B),
        ("template", Obj(&POD_TEMPLATE)),
        ("ttlSecondsAfterFinished", I32),
    ]
);
st!(
    JOB_TEMPLATE,
    "JobTemplateSpec",
    [("metadata", Obj(&OBJECT_META)), ("spec", Obj(&JOB_SPEC))]
);
st!(
    CRON_JOB_SPEC,
    "CronJobSpec",
    [
        ("concurrencyPolicy", S("v1.ConcurrencyPolicy")),
        ("failedJobsHistoryLimit", I32),
        ("jobTemplate", Obj(&JOB_TEMPLATE)),
        ("schedule", S("")),
        ("startingDeadlineSeconds", I64),
        ("successfulJobsHistoryLimit", I32),
        ("suspend", B),
        ("timeZone", S("")),
    ]
);
st!(
    CRON_JOB,
    "CronJob",
    [
        ("apiVersion", S("")),
        ("kind", S("")),
        ("metadata", Obj(&OBJECT_META)),
        ("spec", Obj(&CRON_JOB_SPEC)),
        ("status", O("v1.CronJobStatus"))
    ]
);
st!(
    JOB,
    "Job",
    [
        ("apiVersion", S("")),
        ("kind", S("")),
        ("metadata", Obj(&OBJECT_META)),
        ("spec", Obj(&JOB_SPEC)),
        ("status", O("v1.JobStatus"))
    ]
);

// --- Pod, Service, Namespace
st!(
    POD,
    "Pod",
    [
        ("apiVersion", S("")),
        ("kind", S("")),
        ("metadata", Obj(&OBJECT_META)),
        ("spec", Obj(&POD_SPEC)),
        ("status", O("v1.PodStatus"))
    ]
);
st!(
    SERVICE_PORT,
    "ServicePort",
    [
        ("appProtocol", S("")),
        ("name", S("")),
        ("nodePort", I32),
        ("port", I32),
        ("protocol", S("v1.Protocol")),
        ("targetPort", Ios)
    ]
);
st!(
    SERVICE_SPEC,
    "ServiceSpec",
    [
        ("allocateLoadBalancerNodePorts", B),
        ("clusterIP", S("")),
        ("clusterIPs", LS("string")),
        ("externalIPs", LS("string")),
        ("externalName", S("")),
        (
            "externalTrafficPolicy",
            S("v1.ServiceExternalTrafficPolicy")
        ),
        ("healthCheckNodePort", I32),
        (
            "internalTrafficPolicy",
            S("v1.ServiceInternalTrafficPolicy")
        ),
        ("ipFamilies", LS("v1.IPFamily")),
        ("ipFamilyPolicy", S("v1.IPFamilyPolicy")),
        ("loadBalancerClass", S("")),
        ("loadBalancerIP", S("")),
        ("loadBalancerSourceRanges", LS("string")),
        ("ports", LObj(&SERVICE_PORT)),
        ("publishNotReadyAddresses", B),
        ("selector", MapS),
        ("sessionAffinity", S("v1.ServiceAffinity")),
        ("sessionAffinityConfig", O("v1.SessionAffinityConfig")),
        ("trafficDistribution", S("")),
        ("type", S("v1.ServiceType")),
    ]
);
st!(
    SERVICE,
    "Service",
    [
        ("apiVersion", S("")),
        ("kind", S("")),
        ("metadata", Obj(&OBJECT_META)),
        ("spec", Obj(&SERVICE_SPEC)),
        ("status", O("v1.ServiceStatus"))
    ]
);
st!(
    NAMESPACE_SPEC,
    "NamespaceSpec",
    [("finalizers", LS("v1.FinalizerName"))]
);
st!(
    NAMESPACE,
    "Namespace",
    [
        ("apiVersion", S("")),
        ("kind", S("")),
        ("metadata", Obj(&OBJECT_META)),
        ("spec", Obj(&NAMESPACE_SPEC)),
        ("status", O("v1.NamespaceStatus"))
    ]
);

st!(
    CONFIG_MAP,
    "ConfigMap",
    [
        ("apiVersion", S("")),
        ("binaryData", MapB),
        ("data", MapS),
        ("immutable", B),
        ("kind", S("")),
        ("metadata", Obj(&OBJECT_META))
    ]
);
st!(
    SECRET,
    "Secret",
    [
        ("apiVersion", S("")),
        ("data", MapB),
        ("immutable", B),
        ("kind", S("")),
        ("metadata", Obj(&OBJECT_META)),
        ("stringData", MapS),
        ("type", S("v1.SecretType"))
    ]
);

// --- autoscaling/v2 and autoscaling/v1 HorizontalPodAutoscaler
st!(
    CROSS_VERSION_REF,
    "CrossVersionObjectReference",
    [("apiVersion", S("")), ("kind", S("")), ("name", S(""))]
);
st!(
    METRIC_TARGET,
    "MetricTarget",
    [
        ("averageUtilization", I32),
        ("averageValue", Q),
        ("type", S("v2.MetricTargetType")),
        ("value", Q)
    ]
);
st!(
    RESOURCE_METRIC_SOURCE,
    "ResourceMetricSource",
    [
        ("name", S("v1.ResourceName")),
        ("target", Obj(&METRIC_TARGET))
    ]
);
st!(
    CONTAINER_RESOURCE_METRIC_SOURCE,
    "ContainerResourceMetricSource",
    [
        ("container", S("")),
        ("name", S("v1.ResourceName")),
        ("target", Obj(&METRIC_TARGET))
    ]
);
st!(
    METRIC_SPEC,
    "MetricSpec",
    [
        ("containerResource", Obj(&CONTAINER_RESOURCE_METRIC_SOURCE)),
        ("external", O("v2.ExternalMetricSource")),
        ("object", O("v2.ObjectMetricSource")),
        ("pods", O("v2.PodsMetricSource")),
        ("resource", Obj(&RESOURCE_METRIC_SOURCE)),
        ("type", S("v2.MetricSourceType"))
    ]
);
st!(
    HPA_V2_SPEC,
    "HorizontalPodAutoscalerSpec",
    [
        ("behavior", O("v2.HorizontalPodAutoscalerBehavior")),
        ("maxReplicas", I32),
        ("metrics", LObj(&METRIC_SPEC)),
        ("minReplicas", I32),
        ("scaleTargetRef", Obj(&CROSS_VERSION_REF))
    ]
);
st!(
    HPA_V2,
    "HorizontalPodAutoscaler",
    [
        ("apiVersion", S("")),
        ("kind", S("")),
        ("metadata", Obj(&OBJECT_META)),
        ("spec", Obj(&HPA_V2_SPEC)),
        ("status", O("v2.HorizontalPodAutoscalerStatus"))
    ]
);
st!(
    HPA_V1_SPEC,
    "HorizontalPodAutoscalerSpec",
    [
        ("maxReplicas", I32),
        ("minReplicas", I32),
        ("scaleTargetRef", Obj(&CROSS_VERSION_REF)),
        ("targetCPUUtilizationPercentage", I32)
    ]
);
st!(
    HPA_V1,
    "HorizontalPodAutoscaler",
    [
        ("apiVersion", S("")),
        ("kind", S("")),
        ("metadata", Obj(&OBJECT_META)),
        ("spec", Obj(&HPA_V1_SPEC)),
        ("status", O("v1.HorizontalPodAutoscalerStatus"))
    ]
);

// --- policy/v1 PodDisruptionBudget
st!(
    PDB_SPEC,
    "PodDisruptionBudgetSpec",
    [
        ("maxUnavailable", Ios),
        ("minAvailable", Ios),
        ("selector", Obj(&LABEL_SELECTOR)),
        (
            "unhealthyPodEvictionPolicy",
            S("v1.UnhealthyPodEvictionPolicyType")
        )
    ]
);
st!(
    PDB,
    "PodDisruptionBudget",
    [
        ("apiVersion", S("")),
        ("kind", S("")),
        ("metadata", Obj(&OBJECT_META)),
        ("spec", Obj(&PDB_SPEC)),
        ("status", O("v1.PodDisruptionBudgetStatus"))
    ]
);

// --- core/v1 ResourceQuota and LimitRange
st!(
    SCOPED_REQ,
    "ScopedResourceSelectorRequirement",
    [
        ("operator", S("v1.ScopeSelectorOperator")),
        ("scopeName", S("v1.ResourceQuotaScope")),
        ("values", LS("string"))
    ]
);
st!(
    SCOPE_SELECTOR,
    "ScopeSelector",
    [("matchExpressions", LObj(&SCOPED_REQ))]
);
st!(
    QUOTA_SPEC,
    "ResourceQuotaSpec",
    [
        ("hard", MapQ),
        ("scopeSelector", Obj(&SCOPE_SELECTOR)),
        ("scopes", LS("v1.ResourceQuotaScope"))
    ]
);
st!(
    QUOTA,
    "ResourceQuota",
    [
        ("apiVersion", S("")),
        ("kind", S("")),
        ("metadata", Obj(&OBJECT_META)),
        ("spec", Obj(&QUOTA_SPEC)),
        ("status", O("v1.ResourceQuotaStatus"))
    ]
);
st!(
    LIMIT_ITEM,
    "LimitRangeItem",
    [
        ("default", MapQ),
        ("defaultRequest", MapQ),
        ("max", MapQ),
        ("maxLimitRequestRatio", MapQ),
        ("min", MapQ),
        ("type", S("v1.LimitType"))
    ]
);
st!(
    LIMIT_SPEC,
    "LimitRangeSpec",
    [("limits", LObj(&LIMIT_ITEM))]
);
st!(
    LIMIT_RANGE,
    "LimitRange",
    [
        ("apiVersion", S("")),
        ("kind", S("")),
        ("metadata", Obj(&OBJECT_META)),
        ("spec", Obj(&LIMIT_SPEC))
    ]
);

/// Strict decoding of a kind served in several versions (autoscaling/v2 and v1), with the
/// version in the message: `HorizontalPodAutoscaler in version "v2" cannot be handled as a …`.
pub fn check_strict_version(kind: &str, version: &str, obj: &Value) -> Result<(), String> {
    let st = match (kind, version) {
        ("HorizontalPodAutoscaler", "v1") => &HPA_V1,
        ("HorizontalPodAutoscaler", _) => &HPA_V2,
        _ => return check_strict(kind, obj),
    };
    strict_detail_st(st, obj).map_err(|e| {
        format!(
            "{kind} in version {} cannot be handled as a {kind}: {e}",
            super::yaml::go_quote(version)
        )
    })
}

/// The top-level schema of a kind, if kubeplay knows it.
pub fn schema_for(kind: &str) -> Option<&'static St> {
    Some(match kind {
        "Deployment" => &DEPLOYMENT,
        "ReplicaSet" => &REPLICA_SET,
        "StatefulSet" => &STATEFUL_SET,
        "DaemonSet" => &DAEMON_SET,
        "Job" => &JOB,
        "CronJob" => &CRON_JOB,
        "Pod" => &POD,
        "Service" => &SERVICE,
        "Namespace" => &NAMESPACE,
        "ConfigMap" => &CONFIG_MAP,
        "Secret" => &SECRET,
        "PersistentVolumeClaim" => &PVC,
        "PersistentVolume" => &PV,
        "PodDisruptionBudget" => &PDB,
        "ResourceQuota" => &QUOTA,
        "LimitRange" => &LIMIT_RANGE,
        _ => return None,
    })
}

/// Strict decoding of `obj` as `kind`, with the API server's full message on failure:
/// `Deployment in version "v1" cannot be handled as a Deployment: <detail>` (see [`strict_detail`]).
/// Unknown kinds pass.
pub fn check_strict(kind: &str, obj: &Value) -> Result<(), String> {
    strict_detail(kind, obj)
        .map_err(|e| format!("{kind} in version \"v1\" cannot be handled as a {kind}: {e}"))
}

/// The decoder's own error: `json: cannot unmarshal …`, a quantity/int-or-string error, or
/// `strict decoding error: unknown field "…", unknown field "…"`.
pub fn strict_detail(kind: &str, obj: &Value) -> Result<(), String> {
    let Some(st) = schema_for(kind) else {
        return Ok(());
    };
    strict_detail_st(st, obj)
}

fn strict_detail_st(st: &'static St, obj: &Value) -> Result<(), String> {
    let mut d = Dec {
        saved: None,
        unknown: Vec::new(),
        stack: Vec::new(),
        path: String::new(),
        strukt: st.name,
        client: false,
    };
    d.obj(obj, st)?;
    if let Some(e) = d.saved {
        return Err(e);
    }
    if d.unknown.is_empty() {
        return Ok(());
    }
    let list: Vec<String> = d
        .unknown
        .iter()
        .map(|p| format!("unknown field {}", super::yaml::go_quote(p)))
        .collect();
    Err(format!("strict decoding error: {}", list.join(", ")))
}

/// kubectl's own decode of a document's metadata (encoding/json into `metadataOnlyObject`), which
/// runs before the request is sent: `unable to decode "<source>": <error>` on a type mismatch in
/// `metadata` (unknown fields are ignored there).
pub fn metadata_decode_error(obj: &Value, source: &str) -> Option<String> {
    static META_ONLY: St = St {
        name: "metadataOnlyObject",
        fields: &[
            ("apiVersion", S("")),
            ("kind", S("")),
            ("metadata", Obj(&OBJECT_META)),
        ],
    };
    let m = serde_json::json!({"metadata": obj.get("metadata").cloned().unwrap_or(Value::Null)});
    let mut d = Dec {
        saved: None,
        unknown: Vec::new(),
        stack: Vec::new(),
        path: String::new(),
        strukt: META_ONLY.name,
        client: true,
    };
    let e = d.obj(&m, &META_ONLY).err().or(d.saved)?;
    Some(format!(
        "unable to decode {}: {e}",
        super::yaml::go_quote(source)
    ))
}

struct Dec {
    /// kubectl-side encoding/json (lenient on unknown fields, adds field context to errors
    /// from custom unmarshalers) rather than the API server's sigs.k8s.io/json
    client: bool,
    /// first type error (Go keeps decoding after it, but reports it)
    saved: Option<String>,
    unknown: Vec<String>,
    /// Go's errorContext.FieldStack (JSON names, no indices)
    stack: Vec<&'static str>,
    /// path with indices, for unknown fields
    path: String,
    /// Go's errorContext.Struct
    strukt: &'static str,
}

fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::String(_) => "string",
        Value::Bool(_) => "bool",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
        Value::Number(_) => "number",
        Value::Null => "null",
    }
}

fn number_lit(v: &Value) -> String {
    match v {
        Value::Number(n) => format!("number {}", super::yaml::go_number(n)),
        _ => json_kind(v).to_string(),
    }
}

/// Go's `json: cannot unmarshal X into Go value of type T` (errors from inside custom
/// unmarshalers: intstr.IntOrString, metav1.Time).
fn value_err(v: &Value, ty: &str) -> String {
    format!(
        "json: cannot unmarshal {} into Go value of type {ty}",
        if ty == "int32" {
            number_lit(v)
        } else {
            json_kind(v).to_string()
        }
    )
}

fn type_name(t: T) -> String {
    match t {
        S(n) | O(n) => {
            if n.is_empty() {
                "string".into()
            } else {
                n.into()
            }
        }
        I32 => "int32".into(),
        I64 => "int64".into(),
        B => "bool".into(),
        Ios => "intstr.IntOrString".into(),
        Q => "resource.Quantity".into(),
        Time => "v1.Time".into(),
        MapS => "map[string]string".into(),
        MapQ => "v1.ResourceList".into(),
        MapB => "map[string][]uint8".into(),
        Any => "interface {}".into(),
        Obj(s) => format!("v1.{}", s.name),
        LObj(s) => format!("[]v1.{}", s.name),
        LS(n) | LO(n) => format!("[]{n}"),
        LI32 => "[]int32".into(),
    }
}

impl Dec {
    fn mismatch(&mut self, what: String, ty: &str) {
        if self.saved.is_none() {
            self.saved = Some(format!(
                "json: cannot unmarshal {what} into Go struct field {}.{} of type {ty}",
                self.strukt,
                self.stack.join(".")
            ));
        }
    }

    fn obj(&mut self, v: &Value, st: &'static St) -> Result<(), String> {
        let Value::Object(m) = v else { return Ok(()) };
        for (k, x) in m {
            let plen = self.path.len();
            if !self.path.is_empty() {
                self.path.push('.');
            }
            self.path.push_str(k);
            match st.fields.binary_search_by(|f| f.0.cmp(k.as_str())) {
                Ok(i) => {
                    let (name, t) = st.fields[i];
                    let saved_struct = self.strukt;
                    self.strukt = st.name;
                    self.stack.push(name);
                    let r = self.val(x, t);
                    self.stack.pop();
                    self.strukt = saved_struct;
                    r?;
                }
                Err(_) if !self.client => self.unknown.push(self.path.clone()),
                Err(_) => {}
            }
            self.path.truncate(plen);
        }
        Ok(())
    }

    /// Decodes `v` as `t`. `Err` aborts decoding (errors from custom unmarshalers).
    fn val(&mut self, v: &Value, t: T) -> Result<(), String> {
        if v.is_null() {
            return Ok(());
        }
        let ty = || type_name(t);
        match t {
            S(_) => {
                if !v.is_string() {
                    self.mismatch(json_kind(v).into(), &ty())
                }
            }
            I32 | I64 => {
                let ok = match v {
                    Value::Number(n) => match t {
                        I32 => n.as_i64().is_some_and(|i| i32::try_from(i).is_ok()),
                        _ => n.as_i64().is_some(),
                    },
                    _ => false,
                };
                if !ok {
                    self.mismatch(number_lit(v), &ty())
                }
            }
            B => {
                if !v.is_boolean() {
                    self.mismatch(json_kind(v).into(), "bool")
                }
            }
            Ios => match v {
                Value::String(_) => {}
                Value::Number(n) if n.as_i64().is_some_and(|i| i32::try_from(i).is_ok()) => {}
                _ => return Err(value_err(v, "int32")),
            },
            Q => {
                let s = match v {
                    Value::String(s) => s.trim().to_string(),
                    Value::Number(n) => super::yaml::go_number(n),
                    other => other.to_string(),
                };
                parse_quantity(&s).map_err(str::to_string)?;
            }
            Time => match v {
                Value::String(t) => parse_rfc3339(t)?,
                _ if self.client => {
                    self.saved = None;
                    self.mismatch(json_kind(v).into(), "string");
                    return Err(self.saved.take().unwrap_or_default());
                }
                _ => return Err(value_err(v, "string")),
            },
            MapS | MapQ => match v {
                Value::Object(m) => {
                    for x in m.values() {
                        self.val(x, if matches!(t, MapS) { S("") } else { Q })?;
                    }
                }
                _ => self.mismatch(json_kind(v).into(), &ty()),
            },
            MapB => match v {
                Value::Object(m) => {
                    for x in m.values() {
                        match x {
                            Value::String(b) => {
                                if let Err(at) = super::config::base64_decode(b) {
                                    if self.saved.is_none() {
                                        self.saved =
                                            Some(format!("illegal base64 data at input byte {at}"));
                                    }
                                }
                            }
                            Value::Null => {}
                            other => self.mismatch(json_kind(other).into(), "[]uint8"),
                        }
                    }
                }
                _ => self.mismatch(json_kind(v).into(), &ty()),
            },
            Any => {}
            O(_) => {
                if !v.is_object() {
                    self.mismatch(json_kind(v).into(), &ty())
                }
            }
            Obj(st) => {
                if v.is_object() {
                    self.obj(v, st)?
                } else {
                    self.mismatch(json_kind(v).into(), &ty())
                }
            }
            LObj(_) | LS(_) | LO(_) | LI32 => match v {
                Value::Array(a) => {
                    let elem = match t {
                        LObj(s) => Obj(s),
                        LS(n) => S(n),
                        LO(n) => O(n),
                        LI32 => I32,
                        _ => Any,
                    };
                    for (i, x) in a.iter().enumerate() {
                        let plen = self.path.len();
                        self.path.push_str(&format!("[{i}]"));
                        let r = self.val(x, elem);
                        self.path.truncate(plen);
                        r?;
                    }
                }
                _ => self.mismatch(json_kind(v).into(), &ty()),
            },
        }
        Ok(())
    }
}

/// time.Parse(time.RFC3339, s)'s accept/reject decision, with Go's error texts.
pub fn parse_rfc3339(v: &str) -> Result<(), String> {
    const LAYOUT: &str = "2006-01-02T15:04:05Z07:00";
    let cannot = |rest: &str, elem: &str| {
        Err(format!(
            "parsing time {} as \"{LAYOUT}\": cannot parse {} as \"{elem}\"",
            super::yaml::go_quote(v),
            super::yaml::go_quote(rest)
        ))
    };
    let range = |what: &str| {
        Err(format!(
            "parsing time {}: {what} out of range",
            super::yaml::go_quote(v)
        ))
    };
    let mut rest = v;
    let mut nums = [0u32; 6];
    let elems = [
        ("2006", 4),
        ("-", 0),
        ("01", 2),
        ("-", 0),
        ("02", 2),
        ("T", 0),
        ("15", 2),
        (":", 0),
        ("04", 2),
        (":", 0),
        ("05", 2),
    ];
    let mut k = 0;
    for (elem, digits) in elems {
        if digits == 0 {
            match rest.strip_prefix(elem) {
                Some(r) => rest = r,
                None => return cannot(rest, elem),
            }
            continue;
        }
        let d = rest.as_bytes();
        if d.len() < digits || !d[..digits].iter().all(u8::is_ascii_digit) {
            return cannot(rest, elem);
        }
        nums[k] = rest[..digits].parse().unwrap_or(0);
        k += 1;
        rest = &rest[digits..];
        match elem {
            "01" if !(1..=12).contains(&nums[1]) => return range("month"),
            "15" if nums[3] > 23 => return range("hour"),
            "04" if nums[4] > 59 => return range("minute"),
            "05" if nums[5] > 59 => return range("second"),
            _ => {}
        }
    }
    if let Some(r) = rest.strip_prefix(['.', ',']) {
        if r.starts_with(|c: char| c.is_ascii_digit()) {
            rest = r.trim_start_matches(|c: char| c.is_ascii_digit());
        }
    }
    if let Some(r) = rest.strip_prefix('Z') {
        rest = r;
    } else {
        let b = rest.as_bytes();
        let ok = b.len() >= 6
            && (b[0] == b'+' || b[0] == b'-')
            && b[1..3].iter().all(u8::is_ascii_digit)
            && b[3] == b':'
            && b[4..6].iter().all(u8::is_ascii_digit);
        if !ok {
            return cannot(rest, "Z07:00");
        }
        rest = &rest[6..];
    }
    if !rest.is_empty() {
        return Err(format!(
            "parsing time {}: extra text: {}",
            super::yaml::go_quote(v),
            super::yaml::go_quote(rest)
        ));
    }
    let leap = nums[0] % 4 == 0 && (nums[0] % 100 != 0 || nums[0] % 400 == 0);
    let dim = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ][(nums[1] as usize).clamp(1, 12) - 1];
    if nums[2] < 1 || nums[2] > dim {
        return range("day");
    }
    Ok(())
}

const QTY_FORMAT: &str =
    "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

/// resource.ParseQuantity's accept/reject decision with its error texts.
pub fn parse_quantity(s: &str) -> Result<(), &'static str> {
    let b = s.as_bytes();
    if b.is_empty() {
        return Err(QTY_FORMAT);
    }
    let mut i = 0;
    if matches!(b[0], b'+' | b'-') {
        i += 1;
    }
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
    }
    if i < b.len() && b[i] == b'.' {
        i += 1;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
    }
    let suf_start = i;
    while i < b.len() && b"eEinumkKMGTP".contains(&b[i]) {
        i += 1;
    }
    if i < b.len() && matches!(b[i], b'+' | b'-') {
        i += 1;
    }
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
    }
    if i < b.len() {
        return Err(QTY_FORMAT);
    }
    let suf = &s[suf_start..];
    let ok = matches!(
        suf,
        "" | "n"
            | "u"
            | "m"
            | "k"
            | "M"
            | "G"
            | "T"
            | "P"
            | "E"
            | "Ki"
            | "Mi"
            | "Gi"
            | "Ti"
            | "Pi"
            | "Ei"
    ) || (suf.len() > 1 && suf.starts_with(['e', 'E']) && suf[1..].parse::<i32>().is_ok());
    if ok {
        Ok(())
    } else {
        Err("unable to parse quantity's suffix")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn deploy(spec_extra: Value) -> Value {
        let mut d = json!({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "x"},
            "spec": {"selector": {"matchLabels": {"app": "a"}}, "template": {"metadata": {"labels": {"app": "a"}},
            "spec": {"containers": [{"name": "c", "image": "nginx"}]}}}});
        if let (Some(s), Value::Object(extra)) = (d["spec"].as_object_mut(), spec_extra) {
            s.extend(extra);
        }
        d
    }

    fn err(v: &Value) -> String {
        check_strict(v["kind"].as_str().unwrap(), v).unwrap_err()
    }

    const P: &str = "Deployment in version \"v1\" cannot be handled as a Deployment: ";

    #[test]
    fn tables_are_sorted() {
        // binary search needs sorted field tables
        for st in [
            &OWNER_REF,
            &OBJECT_META,
            &LS_REQ,
            &LABEL_SELECTOR,
            &CONTAINER_PORT,
            &ENV_VAR,
            &ENV_FROM,
            &RESOURCES,
            &VOLUME_MOUNT,
            &EXEC,
            &HTTP_HEADER,
            &HTTP_GET,
            &TCP_SOCKET,
            &GRPC,
            &PROBE,
            &CONTAINER,
            &KEY_TO_PATH,
            &EMPTY_DIR,
            &CONFIG_MAP_VOL,
            &SECRET_VOL,
            &PVC_VOL,
            &HOST_PATH,
            &VOLUME,
            &TOLERATION,
            &SECURITY_CONTEXT,
            &POD_SECURITY_CONTEXT,
            &LOCAL_OBJ_REF,
            &POD_SPEC,
            &POD_TEMPLATE,
            &VOL_RESOURCES,
            &PVC_SPEC,
            &PVC,
            &RU_DEPLOY,
            &DEPLOY_STRATEGY,
            &DEPLOY_SPEC,
            &DEPLOYMENT,
            &RS_SPEC,
            &REPLICA_SET,
            &RU_STS,
            &STS_STRATEGY,
            &STS_RETENTION,
            &STS_ORDINALS,
            &STS_SPEC,
            &STATEFUL_SET,
            &POD,
            &SERVICE_PORT,
            &SERVICE_SPEC,
            &SERVICE,
            &NAMESPACE_SPEC,
            &NAMESPACE,
            &CONFIG_MAP,
            &SECRET,
        ] {
            assert!(
                st.fields.windows(2).all(|w| w[0].0 < w[1].0),
                "{} not sorted",
                st.name
            );
        }
    }

    #[test]
    fn valid_objects_pass() {
        assert_eq!(
            check_strict(
                "Deployment",
                &deploy(
                    json!({"replicas": 3, "strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": "25%", "maxUnavailable": 1}}})
                )
            ),
            Ok(())
        );
        assert_eq!(check_strict("Ingress", &json!({"data": 5})), Ok(()));
        assert_eq!(
            check_strict("ConfigMap", &json!({"data": 5})),
            Err("ConfigMap in version \"v1\" cannot be handled as a ConfigMap: json: cannot unmarshal number into Go struct field ConfigMap.data of type map[string]string".into())
        );
        assert_eq!(
            check_strict("Secret", &json!({"data": {"a": "abc"}})),
            Err("Secret in version \"v1\" cannot be handled as a Secret: illegal base64 data at input byte 0".into())
        );
        let sts = json!({"apiVersion": "apps/v1", "kind": "StatefulSet", "metadata": {"name": "web"}, "spec": {"serviceName": "nginx",
            "replicas": 2, "selector": {"matchLabels": {"app": "nginx"}}, "template": {"metadata": {"labels": {"app": "nginx"}},
            "spec": {"containers": [{"name": "nginx", "image": "nginx", "ports": [{"containerPort": 80, "name": "web"}],
            "volumeMounts": [{"name": "www", "mountPath": "/usr/share/nginx/html"}]}]}},
            "volumeClaimTemplates": [{"metadata": {"name": "www"}, "spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}}}}],
            "updateStrategy": {"type": "RollingUpdate", "rollingUpdate": {"partition": 0}}, "persistentVolumeClaimRetentionPolicy": {"whenDeleted": "Retain", "whenScaled": "Delete"},
            "ordinals": {"start": 0}, "podManagementPolicy": "Parallel"}});
        assert_eq!(check_strict("StatefulSet", &sts), Ok(()));
        let svc = json!({"apiVersion": "v1", "kind": "Service", "metadata": {"name": "nginx", "labels": {"app": "nginx"}},
            "spec": {"ports": [{"port": 80, "name": "web", "targetPort": "web"}], "clusterIP": "None", "selector": {"app": "nginx"}}});
        assert_eq!(check_strict("Service", &svc), Ok(()));
    }

    #[test]
    fn unknown_fields() {
        let mut d = deploy(json!({}));
        d["spec"]["template"]["spec"]["containers"][0]["imagee"] = json!("x");
        assert_eq!(err(&d), format!("{P}strict decoding error: unknown field \"spec.template.spec.containers[0].imagee\""));
        d["spec"]["template"]["metadata"]["containers"] = json!([]);
        d["spec"]["template"]["metadata"]["volumes"] = json!([]);
        d["zzz"] = json!(1);
        d["metadata"]["Labels"] = json!({});
        assert_eq!(
            err(&d),
            format!("{P}strict decoding error: unknown field \"metadata.Labels\", unknown field \"spec.template.metadata.containers\", unknown field \"spec.template.metadata.volumes\", unknown field \"spec.template.spec.containers[0].imagee\", unknown field \"zzz\"")
        );
        let mut d = deploy(json!({}));
        d["spec"]["template"]["spec"]["initContainers"] = json!([{"name": "i", "image": "busybox"}, {"name": "j", "image": "b", "volumeMounts": [{"name": "v", "mountPath": "/x", "hostPath": "/y"}]}]);
        assert_eq!(err(&d), format!("{P}strict decoding error: unknown field \"spec.template.spec.initContainers[1].volumeMounts[0].hostPath\""));
    }

    #[test]
    fn type_errors() {
        let cases: &[(Value, &str)] = &[
            (json!({"replicas": "3"}), "json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32"),
            (json!({"replicas": 1000000000000i64}), "json: cannot unmarshal number 1000000000000 into Go struct field DeploymentSpec.spec.replicas of type int32"),
            (json!({"replicas": 1.5}), "json: cannot unmarshal number 1.5 into Go struct field DeploymentSpec.spec.replicas of type int32"),
            (json!({"replicas": 2147483648i64}), "json: cannot unmarshal number 2147483648 into Go struct field DeploymentSpec.spec.replicas of type int32"),
            (json!({"paused": "yes"}), "json: cannot unmarshal string into Go struct field DeploymentSpec.spec.paused of type bool"),
            (json!({"strategy": "Recreate"}), "json: cannot unmarshal string into Go struct field DeploymentSpec.spec.strategy of type v1.DeploymentStrategy"),
            (json!({"strategy": {"type": 1}}), "json: cannot unmarshal number into Go struct field DeploymentStrategy.spec.strategy.type of type v1.DeploymentStrategyType"),
            (json!({"selector": {"matchLabels": {"app": 1}}}), "json: cannot unmarshal number into Go struct field LabelSelector.spec.selector.matchLabels of type string"),
            (json!({"selector": {"matchLabels": ["a"]}}), "json: cannot unmarshal array into Go struct field LabelSelector.spec.selector.matchLabels of type map[string]string"),
            (json!({"strategy": {"rollingUpdate": {"maxSurge": true}}}), "json: cannot unmarshal bool into Go value of type int32"),
            (json!({"strategy": {"rollingUpdate": {"maxSurge": 1.5}}}), "json: cannot unmarshal number 1.5 into Go value of type int32"),
        ];
        for (extra, want) in cases {
            assert_eq!(err(&deploy(extra.clone())), format!("{P}{want}"), "{extra}");
        }
        let mut d = deploy(json!({}));
        d["spec"]["template"]["spec"]["containers"][0]["env"] =
            json!([{"name": "A", "value": 8080}]);
        assert_eq!(err(&d), format!("{P}json: cannot unmarshal number into Go struct field EnvVar.spec.template.spec.containers.env.value of type string"));
        d["spec"]["template"]["spec"]["containers"][0]["env"] =
            json!([{"name": "A", "value": true}]);
        assert_eq!(err(&d), format!("{P}json: cannot unmarshal bool into Go struct field EnvVar.spec.template.spec.containers.env.value of type string"));
        d["spec"]["template"]["spec"]["containers"][0]["env"] =
            json!([{"name": "A", "value": {"x": 1}}]);
        assert_eq!(err(&d), format!("{P}json: cannot unmarshal object into Go struct field EnvVar.spec.template.spec.containers.env.value of type string"));
        let mut d = deploy(json!({}));
        d["spec"]["template"]["spec"]["containers"] = json!({"name": "c"});
        assert_eq!(err(&d), format!("{P}json: cannot unmarshal object into Go struct field PodSpec.spec.template.spec.containers of type []v1.Container"));
        d["spec"]["template"]["spec"]["containers"] = json!(["nginx"]);
        assert_eq!(err(&d), format!("{P}json: cannot unmarshal string into Go struct field PodSpec.spec.template.spec.containers of type v1.Container"));
        let mut d = deploy(json!({}));
        d["spec"]["template"]["spec"]["containers"][0]["ports"] = json!([{"containerPort": "80"}]);
        assert_eq!(err(&d), format!("{P}json: cannot unmarshal string into Go struct field ContainerPort.spec.template.spec.containers.ports.containerPort of type int32"));
        let mut d = deploy(json!({}));
        d["metadata"]["labels"] = json!({"version": 1.0});
        assert_eq!(err(&d), format!("{P}json: cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type string"));
        // a type error wins over unknown fields
        d["bogus"] = json!(1);
        assert!(err(&d).contains("cannot unmarshal number"));
    }

    #[test]
    fn quantities() {
        for ok in [
            "1", "500m", "1Gi", "1.5", "512Mi", "1e3", "1E3", "+1", "-1", ".5", "1.", "0", "100k",
            "1Ei", "2e-3",
        ] {
            assert_eq!(parse_quantity(ok), Ok(()), "{ok}");
        }
        for (bad, e) in [
            ("1024MiB", QTY_FORMAT),
            ("192i", "unable to parse quantity's suffix"),
            ("abc", QTY_FORMAT),
            ("", QTY_FORMAT),
            ("1K", "unable to parse quantity's suffix"),
            ("1.2.3", QTY_FORMAT),
            ("1 Gi", QTY_FORMAT),
            ("e", "unable to parse quantity's suffix"),
            ("1e", "unable to parse quantity's suffix"),
            ("25%", QTY_FORMAT),
        ] {
            assert_eq!(parse_quantity(bad), Err(e), "{bad}");
        }
        let mut d = deploy(json!({}));
        d["spec"]["template"]["spec"]["containers"][0]["resources"] =
            json!({"limits": {"cpu": "1000m", "memory": "192i"}});
        assert_eq!(err(&d), format!("{P}unable to parse quantity's suffix"));
        d["spec"]["template"]["spec"]["containers"][0]["resources"] =
            json!({"limits": {"cpu": "x"}});
        assert_eq!(err(&d), format!("{P}quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"));
        d["spec"]["template"]["spec"]["containers"][0]["resources"] =
            json!({"limits": {"cpu": 2, "memory": 0.5}});
        assert_eq!(check_strict("Deployment", &d), Ok(()));
    }

    #[test]
    fn times_and_client_metadata_decode() {
        assert_eq!(parse_rfc3339("2024-05-01T10:00:00Z"), Ok(()));
        assert_eq!(parse_rfc3339("2024-05-01T10:00:00.123+02:00"), Ok(()));
        // verified with kubectl.1.33 create --dry-run=client
        assert_eq!(parse_rfc3339("abc").unwrap_err(), "parsing time \"abc\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \"abc\" as \"2006\"");
        assert_eq!(
            parse_rfc3339("2024-13-01T00:00:00Z").unwrap_err(),
            "parsing time \"2024-13-01T00:00:00Z\": month out of range"
        );
        assert_eq!(
            parse_rfc3339("2024-02-30T00:00:00Z").unwrap_err(),
            "parsing time \"2024-02-30T00:00:00Z\": day out of range"
        );
        assert_eq!(
            parse_rfc3339("2024-05-01T10:00:00Zjunk").unwrap_err(),
            "parsing time \"2024-05-01T10:00:00Zjunk\": extra text: \"junk\""
        );
        assert_eq!(
            parse_rfc3339("2024-05-01T25:00:00Z").unwrap_err(),
            "parsing time \"2024-05-01T25:00:00Z\": hour out of range"
        );
        assert_eq!(parse_rfc3339("2024-05-01T10:00:00+0200").unwrap_err(), "parsing time \"2024-05-01T10:00:00+0200\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \"+0200\" as \"Z07:00\"");
        assert_eq!(parse_rfc3339("2024-05-01").unwrap_err(), "parsing time \"2024-05-01\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \"\" as \"T\"");
        let m = |meta: Value| {
            metadata_decode_error(
                &json!({"apiVersion": "v1", "kind": "Namespace", "metadata": meta}),
                "t.yaml",
            )
        };
        assert_eq!(m(json!({"name": "x", "foo": 1})), None);
        assert_eq!(m(json!({"name": 5})).unwrap(), "unable to decode \"t.yaml\": json: cannot unmarshal number into Go struct field ObjectMeta.metadata.name of type string");
        assert_eq!(m(json!({"name": "x", "creationTimestamp": 5})).unwrap(), "unable to decode \"t.yaml\": json: cannot unmarshal number into Go struct field ObjectMeta.metadata.creationTimestamp of type string");
        assert_eq!(m(json!({"name": "x", "creationTimestamp": "abc"})).unwrap(), "unable to decode \"t.yaml\": parsing time \"abc\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \"abc\" as \"2006\"");
        assert_eq!(m(json!({"name": "x", "generation": "abc"})).unwrap(), "unable to decode \"t.yaml\": json: cannot unmarshal string into Go struct field ObjectMeta.metadata.generation of type int64");
        assert_eq!(m(json!(5)).unwrap(), "unable to decode \"t.yaml\": json: cannot unmarshal number into Go struct field metadataOnlyObject.metadata of type v1.ObjectMeta");
        assert_eq!(m(json!({"name": "x", "labels": {"a": 1}, "annotations": []})).unwrap(), "unable to decode \"t.yaml\": json: cannot unmarshal array into Go struct field ObjectMeta.metadata.annotations of type map[string]string");
    }

    #[test]
    fn no_panic_on_odd_shapes() {
        for v in [
            json!(null),
            json!([]),
            json!("x"),
            json!({"spec": []}),
            json!({"spec": {"template": {"spec": {"containers": [null, 1, [], {"ports": [null]}]}}}}),
        ] {
            for k in [
                "Deployment",
                "ReplicaSet",
                "StatefulSet",
                "Pod",
                "Service",
                "Namespace",
                "PersistentVolumeClaim",
            ] {
                let _ = check_strict(k, &v);
            }
        }
    }
}
