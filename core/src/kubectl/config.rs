//! `kubectl config` (kubectl 1.33, `pkg/cmd/config`) over the session's kubeconfig: one
//! cluster (`kubeplay`, the API server at https://127.0.0.1:6443), one user
//! (`kubeplay-admin`) and the contexts the learner makes. The current context's namespace is
//! the default namespace of every other command (`kubectl config set-context --current
//! --namespace=dev`); a context whose cluster or user is not kubeplay's cannot reach the API
//! server, and commands fail as kubectl does then. The file lives at
//! `/root/.kube/config` as far as messages go.

use super::args::{self, boolean, flag, short};
use super::printers::TabWriter;
use crate::output::CommandOutput;
use crate::sim::Cluster;
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;

pub const CLUSTER: &str = "kubeplay";
pub const USER: &str = "kubeplay-admin";
const SERVER: &str = "https://127.0.0.1:6443";
const PATH: &str = "/root/.kube/config";
/// `-----BEGIN CERTIFICATE-----` … as base64: what `config view --raw` shows for the data.
const CERT_DATA: &str = "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCi0tLS0tRU5EIENFUlRJRklDQVRFLS0tLS0K";
const KEY_DATA: &str =
    "LS0tLS1CRUdJTiBSU0EgUFJJVkFURSBLRVktLS0tLQotLS0tLUVORCBSU0EgUFJJVkFURSBLRVktLS0tLQo=";

/// One context entry.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Context {
    pub cluster: String,
    pub user: String,
    pub namespace: String,
}

impl Context {
    /// The namespace commands default to in this context, if it sets one.
    pub fn namespace(&self) -> Option<&str> {
        Some(self.namespace.as_str()).filter(|n| !n.is_empty())
    }
}

/// The kubeconfig: contexts by name and the current one (empty when unset).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Kubeconfig {
    pub current: String,
    pub contexts: BTreeMap<String, Context>,
}

impl Default for Kubeconfig {
    fn default() -> Self {
        let mut contexts = BTreeMap::new();
        contexts.insert(
            CLUSTER.to_string(),
            Context {
                cluster: CLUSTER.into(),
                user: USER.into(),
                namespace: String::new(),
            },
        );
        Kubeconfig {
            current: CLUSTER.into(),
            contexts,
        }
    }
}

impl Kubeconfig {
    /// The context a command uses: `--context`, else the current one. `Err` holds the name
    /// of a `--context` the kubeconfig does not have (see [`missing_context`]).
    pub fn context<'a>(&self, name: Option<&'a str>) -> Result<Option<&Context>, &'a str> {
        match name.filter(|n| !n.is_empty()) {
            Some(n) => self.contexts.get(n).map(Some).ok_or(n),
            None => Ok(self.contexts.get(&self.current)),
        }
    }
}

/// kubectl's error for a `--context` the kubeconfig lacks. client-go words it by what the
/// command asks the kubeconfig first: a command that starts by reading the namespace fails in
/// `ConfirmUsable` ("Error in configuration", as cmdutil.CheckErr prints an invalid
/// configuration), unless `-n` answers that without the context; any other command fails in
/// `ClientConfig`'s context lookup.
pub fn missing_context(command: &str, namespace_given: bool, context: &str) -> String {
    const NAMESPACE_FIRST: &[&str] = &[
        "get", "describe", "delete", "scale", "rollout", "set", "edit", "label", "annotate",
        "logs", "exec", "patch", "events", "top pod", "taint",
    ];
    if NAMESPACE_FIRST.contains(&command) && !namespace_given {
        format!("Error in configuration: context was not found for specified context: {context}")
    } else {
        format!(
            "error: context {} does not exist",
            crate::api::yaml::go_quote(context)
        )
    }
}

/// Why a command cannot reach the API server through `context`, in kubectl's words.
pub fn unreachable(context: Option<&Context>) -> Option<&'static str> {
    match context {
        Some(c) if c.cluster == CLUSTER && c.user == USER => None,
        // client-go asks for basic-auth credentials it has no terminal to read
        Some(c) if c.cluster == CLUSTER => Some("Please enter Username: error: EOF"),
        _ => Some(
            "The connection to the server localhost:8080 was refused - did you specify the right host or port?",
        ),
    }
}

const HELP: &str = "Modify kubeconfig files using subcommands like \"kubectl config set current-context my-context\".\n\n The loading order follows these rules:\n\n  1.  If the --kubeconfig flag is set, then only that file is loaded. The flag may only be set once and no merging takes place.\n  2.  If $KUBECONFIG environment variable is set, then it is used as a list of paths (normal path delimiting rules for your system). These paths are merged. When a value is modified, it is modified in the file that defines the stanza. When a value is created, it is created in the first file that exists. If no files in the chain exist, then it creates the last file in the list.\n  3.  Otherwise, ${HOME}/.kube/config is used and no merging takes place.\n\nAvailable Commands:\n  current-context   Display the current-context\n  delete-cluster    Delete the specified cluster from the kubeconfig\n  delete-context    Delete the specified context from the kubeconfig\n  delete-user       Delete the specified user from the kubeconfig\n  get-clusters      Display clusters defined in the kubeconfig\n  get-contexts      Describe one or many contexts\n  get-users         Display users defined in the kubeconfig\n  rename-context    Rename a context from the kubeconfig file\n  set               Set an individual value in a kubeconfig file\n  set-cluster       Set a cluster entry in kubeconfig\n  set-context       Set a context entry in kubeconfig\n  set-credentials   Set a user entry in kubeconfig\n  unset             Unset an individual value in a kubeconfig file\n  use-context       Set the current-context in a kubeconfig file\n  view              Display merged kubeconfig settings or a specified kubeconfig file\n\nUsage:\n  kubectl config SUBCOMMAND [options]\n\nUse \"kubectl config <command> --help\" for more information about a given command.\nUse \"kubectl options\" for a list of global command-line options (applies to all commands).\n";

const USE_CONTEXT_HELP: &str = "Set the current-context in a kubeconfig file.\n\nAliases:\nuse-context, use\n\nExamples:\n  # Use the context for the minikube cluster\n  kubectl config use-context minikube\n\nUsage:\n  kubectl config use-context CONTEXT_NAME [options]\n\nUse \"kubectl options\" for a list of global command-line options (applies to all commands).\n";

const SET_CONTEXT_HELP: &str = "Set a context entry in kubeconfig.\n\n Specifying a name that already exists will merge new fields on top of existing values for those fields.\n\nExamples:\n  # Set the user field on the gce context entry without touching other values\n  kubectl config set-context gce --user=cluster-admin\n\nOptions:\n    --cluster='':\n\tcluster for the context entry in kubeconfig\n\n    --current=false:\n\tModify the current context\n\n    --namespace='':\n\tnamespace for the context entry in kubeconfig\n\n    --user='':\n\tuser for the context entry in kubeconfig\n\nUsage:\n  kubectl config set-context [NAME | --current] [--cluster=cluster_nickname] [--user=user_nickname] [--namespace=namespace] [options]\n\nUse \"kubectl options\" for a list of global command-line options (applies to all commands).\n";

/// `kubectl config SUBCOMMAND -h`.
fn sub_help(sub: &str) -> Option<&'static str> {
    Some(match sub {
        "view" => "Display merged kubeconfig settings or a specified kubeconfig file.\n\n You can use --output jsonpath={...} to extract specific values using a jsonpath expression.\n\nExamples:\n  # Show merged kubeconfig settings\n  kubectl config view\n  \n  # Show merged kubeconfig settings, raw certificate data, and exposed secrets\n  kubectl config view --raw\n  \n  # Get the password for the e2e user\n  kubectl config view -o jsonpath='{.users[?(@.name == \"e2e\")].user.password}'\n\nOptions:\n    --allow-missing-template-keys=true:\n\tIf true, ignore any errors in templates when a field or map key is missing in the template. Only applies to golang and jsonpath output formats.\n\n    --flatten=false:\n\tFlatten the resulting kubeconfig file into self-contained output (useful for creating portable kubeconfig files)\n\n    --merge=true:\n\tMerge the full hierarchy of kubeconfig files\n\n    --minify=false:\n\tRemove all information not used by current-context from the output\n\n    -o, --output='yaml':\n\tOutput format. One of: (json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file).\n\n    --raw=false:\n\tDisplay raw byte data and sensitive data\n\n    --show-managed-fields=false:\n\tIf true, keep the managedFields when printing objects in JSON or YAML format.\n\n    --template='':\n\tTemplate string or path to template file to use when -o=go-template, -o=go-template-file. The template format is golang templates [http://golang.org/pkg/text/template/#pkg-overview].\n\nUsage:\n  kubectl config view [flags] [options]\n\nUse \"kubectl options\" for a list of global command-line options (applies to all commands).\n",
        "current-context" => "Display the current-context.\n\nExamples:\n  # Display the current-context\n  kubectl config current-context\n\nUsage:\n  kubectl config current-context [flags] [options]\n\nUse \"kubectl options\" for a list of global command-line options (applies to all commands).\n",
        "get-contexts" => "Display one or many contexts from the kubeconfig file.\n\nExamples:\n  # List all the contexts in your kubeconfig file\n  kubectl config get-contexts\n  \n  # Describe one context in your kubeconfig file\n  kubectl config get-contexts my-context\n\nOptions:\n    --no-headers=false:\n\tWhen using the default or custom-column output format, don't print headers (default print headers).\n\n    -o, --output='':\n\tOutput format. One of: (name).\n\nUsage:\n  kubectl config get-contexts [(-o|--output=)name)] [options]\n\nUse \"kubectl options\" for a list of global command-line options (applies to all commands).\n",
        "get-clusters" => "Display clusters defined in the kubeconfig.\n\nExamples:\n  # List the clusters that kubectl knows about\n  kubectl config get-clusters\n\nUsage:\n  kubectl config get-clusters [flags] [options]\n\nUse \"kubectl options\" for a list of global command-line options (applies to all commands).\n",
        "get-users" => "Display users defined in the kubeconfig.\n\nExamples:\n  # List the users that kubectl knows about\n  kubectl config get-users\n\nUsage:\n  kubectl config get-users [flags] [options]\n\nUse \"kubectl options\" for a list of global command-line options (applies to all commands).\n",
        "delete-context" => "Delete the specified context from the kubeconfig.\n\nExamples:\n  # Delete the context for the minikube cluster\n  kubectl config delete-context minikube\n\nUsage:\n  kubectl config delete-context NAME [options]\n\nUse \"kubectl options\" for a list of global command-line options (applies to all commands).\n",
        "use-context" | "use" => USE_CONTEXT_HELP,
        "set-context" => SET_CONTEXT_HELP,
        _ => return None,
    })
}

/// `kubectl config …` with the arguments after `config`.
pub fn config(cluster: &mut Cluster, args: &[String]) -> CommandOutput {
    let Some(at) = super::command_index(args) else {
        return super::parent_without_subcommand(args, "config", HELP);
    };
    let sub = args[at].as_str();
    let mut rest: Vec<String> = args[..at].to_vec();
    rest.extend(args[at + 1..].iter().cloned());
    if rest.iter().any(|a| a == "-h" || a == "--help") {
        if let Some(text) = sub_help(sub) {
            let mut o = CommandOutput::new();
            o.out(text);
            return o;
        }
    }
    let kc = &mut cluster.kubeconfig;
    let result = match sub {
        "view" => view(kc, &rest),
        "current-context" => current_context(kc, &rest),
        "get-contexts" => get_contexts(kc, &rest),
        "get-clusters" => names(&rest, "get-clusters", CLUSTER),
        "get-users" => names(&rest, "get-users", USER),
        "use-context" | "use" => use_context(kc, &rest),
        "set-context" => set_context(kc, &rest),
        "delete-context" => delete_context(kc, &rest),
        "delete-cluster" | "delete-user" | "rename-context" | "set" | "set-cluster"
        | "set-credentials" | "unset" => Err(CommandOutput::failure(format!(
            "error: \"kubectl config {sub}\" is not available in kubeplay"
        ))),
        other => Err(CommandOutput::failure(format!(
            "error: unknown command \"{other}\"\nSee 'kubectl config -h' for help and examples"
        ))),
    };
    result.unwrap_or_else(|e| e)
}

type Outcome = Result<CommandOutput, CommandOutput>;

fn parse(rest: &[String], flags: &[args::Flag], sub: &str) -> Result<args::Parsed, CommandOutput> {
    args::parse(rest, flags, &format!("config {sub}")).map_err(CommandOutput::failure)
}

/// cobra's usage error for a wrong argument count: the help, then the error.
fn unexpected_args(help: &str, positional: &[String]) -> CommandOutput {
    let mut o = CommandOutput::new();
    o.out(help);
    o.fail(format!(
        "error: Unexpected args: [{}]",
        positional.join(" ")
    ));
    o
}

fn current_context(kc: &Kubeconfig, rest: &[String]) -> Outcome {
    parse(rest, &[], "current-context")?;
    if kc.current.is_empty() {
        return Err(CommandOutput::failure("error: current-context is not set"));
    }
    let mut o = CommandOutput::new();
    o.out(format!("{}\n", kc.current));
    Ok(o)
}

fn names(rest: &[String], sub: &str, name: &str) -> Outcome {
    parse(rest, &[], sub)?;
    let mut o = CommandOutput::new();
    o.out(format!("NAME\n{name}\n"));
    Ok(o)
}

fn get_contexts(kc: &Kubeconfig, rest: &[String]) -> Outcome {
    let p = parse(
        rest,
        &[short("output", 'o'), boolean("no-headers")],
        "get-contexts",
    )?;
    let output = p.get("output").unwrap_or("");
    if !matches!(output, "" | "name") {
        return Err(CommandOutput::failure(format!("error: --output {output} is not available in kubectl config get-contexts; resetting to default output format")));
    }
    let mut o = CommandOutput::new();
    let mut missing = Vec::new();
    let shown: Vec<(&String, &Context)> = if p.positional.is_empty() {
        kc.contexts.iter().collect()
    } else {
        p.positional
            .iter()
            .filter_map(|n| match kc.contexts.get_key_value(n) {
                Some(found) => Some(found),
                None => {
                    missing.push(format!("context {n} not found"));
                    None
                }
            })
            .collect()
    };
    if output == "name" {
        for (name, _) in &shown {
            o.out(format!("{name}\n"));
        }
    } else {
        let mut text = String::new();
        if !p.bool("no-headers", false).unwrap_or(false) {
            text.push_str("CURRENT\tNAME\tCLUSTER\tAUTHINFO\tNAMESPACE\n");
        }
        for (name, c) in &shown {
            let current = if **name == kc.current { "*" } else { "" };
            text.push_str(&format!(
                "{current}\t{name}\t{}\t{}\t{}\n",
                c.cluster, c.user, c.namespace
            ));
        }
        o.out(TabWriter::kubectl_get().format(&text));
    }
    for m in missing {
        o.fail(format!("error: {m}"));
    }
    Ok(o)
}

fn use_context(kc: &mut Kubeconfig, rest: &[String]) -> Outcome {
    let p = parse(rest, &[], "use-context")?;
    let [name] = p.positional.as_slice() else {
        return Err(unexpected_args(USE_CONTEXT_HELP, &p.positional));
    };
    if !kc.contexts.contains_key(name) {
        return Err(CommandOutput::failure(format!(
            "error: no context exists with the name: {}",
            crate::api::yaml::go_quote(name)
        )));
    }
    kc.current = name.clone();
    let mut o = CommandOutput::new();
    o.out(format!("Switched to context \"{name}\".\n"));
    Ok(o)
}

fn set_context(kc: &mut Kubeconfig, rest: &[String]) -> Outcome {
    let flags = [
        flag("cluster"),
        flag("user"),
        boolean("current"),
        // `--namespace` is the global flag, read here as the context's field
    ];
    let p = parse(rest, &flags, "set-context")?;
    if p.positional.len() > 1 {
        return Err(unexpected_args(SET_CONTEXT_HELP, &p.positional));
    }
    let current = p.bool("current", false).map_err(CommandOutput::failure)?;
    let name = match (p.positional.first(), current) {
        (Some(_), true) => {
            return Err(CommandOutput::failure(
                "error: you cannot specify both a context name and --current",
            ))
        }
        (Some(n), false) => n.clone(),
        (None, true) if kc.current.is_empty() => {
            return Err(CommandOutput::failure("error: no current context is set"))
        }
        (None, true) => kc.current.clone(),
        (None, false) => {
            return Err(CommandOutput::failure(
                "error: you must specify a non-empty context name or --current",
            ))
        }
    };
    let exists = kc.contexts.contains_key(&name);
    let c = kc.contexts.entry(name.clone()).or_default();
    if let Some(v) = p.get("cluster") {
        c.cluster = v.to_string();
    }
    if let Some(v) = p.get("user") {
        c.user = v.to_string();
    }
    if let Some(v) = p.get("namespace") {
        c.namespace = v.to_string();
    }
    let mut o = CommandOutput::new();
    o.out(format!(
        "Context \"{name}\" {}.\n",
        if exists { "modified" } else { "created" }
    ));
    Ok(o)
}

fn delete_context(kc: &mut Kubeconfig, rest: &[String]) -> Outcome {
    let p = parse(rest, &[], "delete-context")?;
    let Some(name) = p.positional.first() else {
        return Err(CommandOutput::failure(
            "error: Unexpected args: []\nSee 'kubectl config delete-context -h' for help and examples",
        ));
    };
    if kc.contexts.remove(name).is_none() {
        return Err(CommandOutput::failure(format!(
            "error: cannot delete context {name}, not in {PATH}"
        )));
    }
    let mut o = CommandOutput::new();
    if *name == kc.current {
        o.err("warning: this removed your active context, use \"kubectl config use-context\" to select a different one\n");
    }
    o.out(format!("deleted context {name} from {PATH}\n"));
    Ok(o)
}

/// The kubeconfig as `config view -o json` writes it (Go struct field order).
#[derive(Serialize)]
struct ConfigView {
    kind: &'static str,
    #[serde(rename = "apiVersion")]
    api_version: &'static str,
    preferences: BTreeMap<String, String>,
    clusters: Option<Vec<NamedCluster>>,
    users: Option<Vec<NamedUser>>,
    contexts: Option<Vec<NamedContext>>,
    #[serde(rename = "current-context")]
    current_context: String,
}

#[derive(Serialize)]
struct NamedCluster {
    name: &'static str,
    cluster: ClusterEntry,
}

#[derive(Serialize)]
struct ClusterEntry {
    server: &'static str,
    #[serde(rename = "certificate-authority-data")]
    ca_data: &'static str,
}

#[derive(Serialize)]
struct NamedUser {
    name: &'static str,
    user: UserEntry,
}

#[derive(Serialize)]
struct UserEntry {
    #[serde(rename = "client-certificate-data")]
    cert_data: &'static str,
    #[serde(rename = "client-key-data")]
    key_data: &'static str,
}

#[derive(Serialize)]
struct NamedContext {
    name: String,
    context: ContextEntry,
}

#[derive(Serialize)]
struct ContextEntry {
    cluster: String,
    user: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    namespace: String,
}

fn view(kc: &Kubeconfig, rest: &[String]) -> Outcome {
    let flags = [
        short("output", 'o'),
        boolean("minify"),
        boolean("raw"),
        boolean("flatten"),
        boolean("merge"),
        boolean("allow-missing-template-keys"),
        boolean("show-managed-fields"),
        flag("template"),
    ];
    let p = parse(rest, &flags, "view")?;
    let raw = p.bool("raw", false).unwrap_or(false) || p.bool("flatten", false).unwrap_or(false);
    let minify = p.bool("minify", false).unwrap_or(false);
    let (ca, cert, key) = if raw {
        (CERT_DATA, CERT_DATA, KEY_DATA)
    } else {
        ("DATA+OMITTED", "DATA+OMITTED", "DATA+OMITTED")
    };
    let contexts: Vec<(&String, &Context)> = kc
        .contexts
        .iter()
        .filter(|(n, _)| !minify || **n == kc.current)
        .collect();
    if minify && contexts.is_empty() {
        return Err(CommandOutput::failure(if kc.current.is_empty() {
            "error: current-context must exist in order to minify".to_string()
        } else {
            format!("error: cannot locate context {}", kc.current)
        }));
    }
    let uses_cluster = !minify || contexts.iter().any(|(_, c)| c.cluster == CLUSTER);
    let uses_user = !minify || contexts.iter().any(|(_, c)| c.user == USER);
    let view = ConfigView {
        kind: "Config",
        api_version: "v1",
        preferences: BTreeMap::new(),
        clusters: uses_cluster.then(|| {
            vec![NamedCluster {
                name: CLUSTER,
                cluster: ClusterEntry {
                    server: SERVER,
                    ca_data: ca,
                },
            }]
        }),
        users: uses_user.then(|| {
            vec![NamedUser {
                name: USER,
                user: UserEntry {
                    cert_data: cert,
                    key_data: key,
                },
            }]
        }),
        contexts: (!contexts.is_empty()).then(|| {
            contexts
                .iter()
                .map(|(n, c)| NamedContext {
                    name: n.to_string(),
                    context: ContextEntry {
                        cluster: c.cluster.clone(),
                        user: c.user.clone(),
                        namespace: c.namespace.clone(),
                    },
                })
                .collect()
        }),
        current_context: kc.current.clone(),
    };
    let value = serde_json::to_value(&view).unwrap_or(Value::Null);
    let mut o = CommandOutput::new();
    match p.get("output").unwrap_or("yaml") {
        "yaml" | "" => o.out(super::printers::yaml::to_yaml(&value)),
        "json" => {
            let mut buf = Vec::new();
            let mut ser = serde_json::Serializer::with_formatter(
                &mut buf,
                serde_json::ser::PrettyFormatter::with_indent(b"    "),
            );
            if view.serialize(&mut ser).is_ok() {
                o.out(format!("{}\n", String::from_utf8_lossy(&buf)));
            }
        }
        "name" => o.out("config/<unknown>\n"),
        f => match f.split_once('=') {
            Some(("jsonpath", t)) => match super::jsonpath::print(t, &value, false, true) {
                Ok(s) => o.out(s),
                Err(e) => o.fail(format!("error: {e}")),
            },
            _ => {
                return Err(CommandOutput::failure(format!("error: unable to match a printer suitable for the output format \"{f}\", allowed formats are: go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,yaml")))
            }
        },
    }
    Ok(o)
}
