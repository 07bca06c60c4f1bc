//! The API server's REST endpoints as a client of `kubectl proxy` (the terminal's `curl`) sees
//! them: GET of an object or a list, DELETE of an object with DeleteOptions, as the ReplicaSet
//! and "Use Cascading Deletion" documentation pages do.
//!
//! What the API server answers (k8s.io/apiserver `endpoints/handlers`):
//! - GET of an object: the object. GET of a collection: the typed list
//!   (`{"kind":"PodList","apiVersion":"v1","metadata":{"resourceVersion":…},"items":[…]}`); the
//!   items are the stored objects converted to the list's version, whose TypeMeta is empty, so
//!   they have no `kind`/`apiVersion` (kubectl adds them itself when it prints).
//! - DELETE (`handlers/delete.go`, `registry/generic/registry/store.go` `Store.Delete`): the
//!   DeleteOptions come from the body (JSON or YAML; any other Content-Type, curl's
//!   `application/x-www-form-urlencoded` for `-d`, is 415) or else from the query. The object
//!   must exist (404), then `rest.BeforeDelete` validates the options (422). An object that
//!   stays, because a finalizer (`foregroundDeletion`, `orphan`, `kubernetes.io/pvc-protection`)
//!   or a grace period holds it, is answered with itself; one deleted at once with itself when
//!   its store has `ReturnDeletedObject` (pods, services, namespaces, persistent volumes and
//!   claims), else with a `Success` Status naming it (`finalizeDelete`).
//! - Errors: a Status (`responsewriters.ErrorNegotiated`); a path no route serves, the
//!   go-restful container's 404 (`serviceErrorHandler`).
//!
//! The body is `json.MarshalIndent(obj, "", "  ")` — Go struct field order, no newline after
//! it — when `isPrettyPrint` holds (a `pretty` query parameter, else a User-Agent starting with
//! `curl`, `Wget` or `Mozilla/5.0`), and `json.Encoder.Encode` (compact, a newline) otherwise.

use super::printers::go_order;
use super::resource::Resource;
use super::selector::Selector;
use crate::api::ObjKey;
use crate::controllers::gc::Propagation;
use crate::sim::Cluster;
use serde_json::{json, Map, Value};

/// One HTTP request as curl sends it through the proxy.
pub(super) struct Request<'a> {
    pub method: &'a str,
    /// The path without its leading `/` and without the query.
    pub path: &'a str,
    /// The raw query (after `?`), possibly empty.
    pub query: &'a str,
    /// The body (`-d`), if any.
    pub body: Option<&'a str>,
    /// The Content-Type header: curl's default for a body unless `-H` set one.
    pub content_type: Option<&'a str>,
    /// The User-Agent header (curl's own unless `-A` or `-H` changed it).
    pub user_agent: &'a str,
}

/// The API server's answer to `req`, or None when it is not a resource path kubeplay serves
/// (discovery, subresources, other groups, other verbs), for the caller to say so.
pub(super) fn serve(cluster: &mut Cluster, req: &Request) -> Option<String> {
    let pretty = is_pretty(req);
    let segments: Vec<&str> = req.path.split('/').filter(|s| !s.is_empty()).collect();
    let (group, version, rest) = match segments.as_slice() {
        ["api", "v1", rest @ ..] => ("", "v1", rest),
        ["apis", g, v, rest @ ..] => (*g, *v, rest),
        _ => return None,
    };
    // namespaces/NS/PLURAL[/NAME[/SUB…]] or PLURAL[/NAME[/SUB…]]; a namespace's own
    // subresources (status, finalize) are not a resource in it
    let (namespace, plural, tail) = match rest {
        ["namespaces", ns, plural, tail @ ..] if !matches!(*plural, "status" | "finalize") => {
            (Some(*ns), *plural, tail)
        }
        [plural, tail @ ..] => (None, *plural, tail),
        [] => return None,
    };
    let resource = Resource::ALL.into_iter().find(|r| {
        r.plural() == plural
            && r.group() == group
            && match group {
                "autoscaling" => matches!(version, "v1" | "v2"),
                _ => version == "v1",
            }
    })?;
    if tail.len() > 1 {
        return None;
    }
    let name = tail.first().copied();
    // the routes: a namespaced kind's objects only under namespaces/NS (its collection also
    // across all namespaces), a cluster-scoped kind's never under a namespace
    let unrouted = matches!(
        (resource.namespaced(), namespace, name),
        (true, None, Some(_)) | (false, Some(_), _)
    );
    if unrouted {
        return Some(encode(&page_not_found(), pretty));
    }
    let ns = namespace.unwrap_or("");
    let answer = match (req.method, name) {
        ("GET", Some(name)) => get_object(cluster, resource, version, ns, name),
        ("GET", None) => list(cluster, resource, version, namespace, req.query),
        ("DELETE", Some(name)) => delete(cluster, resource, version, ns, name, req),
        _ => return None,
    };
    Some(encode(&answer, pretty))
}

/// `isPrettyPrint`: the `pretty` query parameter when given (`strconv.ParseBool`, an error
/// meaning false), else the user agents of browsers and command-line HTTP tools.
pub(super) fn is_pretty(req: &Request) -> bool {
    if let Some(v) = query_param(req.query, "pretty").filter(|v| !v.is_empty()) {
        return matches!(v.as_str(), "1" | "t" | "T" | "true" | "TRUE" | "True");
    }
    ["curl", "Wget", "Mozilla/5.0"]
        .iter()
        .any(|p| req.user_agent.starts_with(p))
}

/// The body the serializer writes for `v`.
pub(super) fn encode(v: &Value, pretty: bool) -> String {
    if pretty {
        go_order::typed_json_indented(v, "  ")
    } else {
        go_order::typed_json_compact(v) + "\n"
    }
}

/// The first value of a query parameter (`url.ParseQuery`: `+` is a space, `%XX` a byte).
fn query_param(query: &str, key: &str) -> Option<String> {
    query
        .split(['&', ';'])
        .filter_map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (unescape(k) == key).then(|| unescape(v))
        })
        .next()
}

/// `url.QueryUnescape`, an invalid escape kept as it is.
fn unescape(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |c: u8| (c as char).to_digit(16);
        match b[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < b.len() => match (hex(b[i + 1]), hex(b[i + 2])) {
                (Some(h), Some(l)) => {
                    out.push((h * 16 + l) as u8);
                    i += 2;
                }
                _ => out.push(b'%'),
            },
            c => out.push(c),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A `Status` of a failed request (`metav1.Status`; `details` only when given).
pub(super) fn failure(message: &str, reason: &str, details: Option<Value>, code: u16) -> Value {
    let mut status = json!({
        "kind": "Status",
        "apiVersion": "v1",
        "metadata": {},
        "status": "Failure",
        "message": message,
        "code": code,
    });
    if !reason.is_empty() {
        status["reason"] = json!(reason);
    }
    if let Some(d) = details {
        status["details"] = d;
    }
    status
}

/// The go-restful container's answer to a path none of its routes serves
/// (`serviceErrorHandler`: `NewGenericServerResponse(404, …, "404 page not found")`).
fn page_not_found() -> Value {
    failure(
        "the server could not find the requested resource",
        "NotFound",
        Some(
            json!({"causes": [{"reason": "UnexpectedServerResponse", "message": "404 page not found"}]}),
        ),
        404,
    )
}

/// `errors.NewNotFound(qualifiedResource, name)`.
fn not_found(r: Resource, name: &str) -> Value {
    let mut details = json!({"name": name, "kind": r.plural()});
    if !r.group().is_empty() {
        details["group"] = json!(r.group());
    }
    failure(
        &format!("{} \"{name}\" not found", r.qualified_plural()),
        "NotFound",
        Some(details),
        404,
    )
}

/// The object as this version serves it (autoscaling/v1 converts the stored v2 HPA).
fn object(cluster: &Cluster, r: Resource, version: &str, ns: &str, name: &str) -> Option<Value> {
    if r == Resource::HorizontalPodAutoscaler && version == "v1" {
        return cluster
            .store()
            .hpas
            .get(&ObjKey::new(ns, name))
            .map(crate::api::autoscaling::hpa_to_v1_value);
    }
    cluster.object_value(r, ns, name)
}

fn get_object(cluster: &Cluster, r: Resource, version: &str, ns: &str, name: &str) -> Value {
    object(cluster, r, version, ns, name).unwrap_or_else(|| not_found(r, name))
}

/// A collection in the API's list order (namespace, then name), narrowed by `labelSelector`.
fn list(
    cluster: &Cluster,
    r: Resource,
    version: &str,
    namespace: Option<&str>,
    query: &str,
) -> Value {
    let selector = match query_param(query, "labelSelector").filter(|s| !s.trim().is_empty()) {
        None => None,
        Some(s) => match Selector::parse(&s) {
            Ok(sel) => Some(sel),
            Err(e) => return failure(&e, "BadRequest", None, 400),
        },
    };
    let mut names: Vec<(String, String)> = match r {
        Resource::HorizontalPodAutoscaler => cluster
            .store()
            .hpas
            .iter()
            .filter(|h| namespace.is_none_or(|ns| h.metadata.namespace == ns))
            .map(|h| (h.metadata.namespace.clone(), h.metadata.name.clone()))
            .collect(),
        Resource::Endpoints => cluster
            .endpoints_names(namespace)
            .into_iter()
            .map(|k| (k.namespace().to_string(), k.name().to_string()))
            .collect(),
        _ => super::get::list_names(cluster, r, namespace, None, None),
    };
    crate::sort::sort(&mut names);
    let items: Vec<Value> = names
        .into_iter()
        .filter_map(|(ns, name)| object(cluster, r, version, &ns, &name))
        .filter(|item| {
            let labels: std::collections::BTreeMap<String, String> = item
                .pointer("/metadata/labels")
                .and_then(|l| serde_json::from_value(l.clone()).ok())
                .unwrap_or_default();
            selector.as_ref().is_none_or(|s| s.matches(&labels))
        })
        .map(|mut item| {
            // a typed list's items carry no TypeMeta
            if let Some(m) = item.as_object_mut() {
                m.remove("kind");
                m.remove("apiVersion");
            }
            item
        })
        .collect();
    let api_version = match (r.group(), version) {
        ("", _) => "v1".to_string(),
        (g, v) => format!("{g}/{v}"),
    };
    json!({
        "kind": format!("{}List", r.kind()),
        "apiVersion": api_version,
        "metadata": {"resourceVersion": cluster.store().resource_version().to_string()},
        "items": items,
    })
}

/// The DeleteOptions a request carries, or the Status refusing it.
struct DeleteOptions {
    propagation: Option<String>,
    orphan_dependents: Option<bool>,
    grace_period: Option<i64>,
    dry_run: bool,
}

/// Reads the DeleteOptions from the body, or from the query when there is none.
fn delete_options(req: &Request) -> Result<DeleteOptions, Value> {
    let body = req.body.filter(|b| !b.is_empty());
    let Some(body) = body else {
        let q = |k: &str| query_param(req.query, k);
        return Ok(DeleteOptions {
            propagation: q("propagationPolicy"),
            orphan_dependents: q("orphanDependents").map(|v| v == "true"),
            grace_period: q("gracePeriodSeconds").and_then(|v| v.parse().ok()),
            dry_run: q("dryRun").is_some_and(|v| !v.is_empty()),
        });
    };
    // NegotiateInputSerializer: the media type without its parameters
    let media = req
        .content_type
        .unwrap_or("")
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    let parsed: Value = match media.as_str() {
        "application/json" => {
            if let Err(e) = super::patch::go_json_check(body) {
                return Err(failure(
                    &format!("couldn't get version/kind; json parse error: {e}"),
                    "",
                    None,
                    500,
                ));
            }
            serde_json::from_str(body).unwrap_or(Value::Null)
        }
        "application/yaml" => match super::patch::to_json_body(body) {
            Ok(super::patch::Body::Json(v)) => v,
            _ => Value::Null,
        },
        _ => {
            return Err(failure(
                "the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf",
                "UnsupportedMediaType",
                None,
                415,
            ))
        }
    };
    // encoding/json's type errors, named by the Go struct field
    let typed = |field: &str, go_type: &str, ok: fn(&Value) -> bool| -> Result<(), Value> {
        match parsed.get(field) {
            Some(v) if !v.is_null() && !ok(v) => Err(failure(
                &format!(
                    "json: cannot unmarshal {} into Go struct field DeleteOptions.{field} of type {go_type}",
                    super::patch::json_kind(v)
                ),
                "",
                None,
                500,
            )),
            _ => Ok(()),
        }
    };
    typed(
        "propagationPolicy",
        "v1.DeletionPropagation",
        Value::is_string,
    )?;
    typed("gracePeriodSeconds", "int64", Value::is_i64)?;
    typed("orphanDependents", "bool", Value::is_boolean)?;
    typed("dryRun", "[]string", Value::is_array)?;
    Ok(DeleteOptions {
        propagation: parsed
            .get("propagationPolicy")
            .and_then(Value::as_str)
            .map(str::to_string),
        orphan_dependents: parsed.get("orphanDependents").and_then(Value::as_bool),
        grace_period: parsed.get("gracePeriodSeconds").and_then(Value::as_i64),
        dry_run: parsed
            .get("dryRun")
            .and_then(Value::as_array)
            .is_some_and(|a| !a.is_empty()),
    })
}

/// `ValidateDeleteOptions`, as `rest.BeforeDelete` reports it.
fn validate(o: &DeleteOptions) -> Result<(), Value> {
    let invalid = |cause: Value, message: String| {
        failure(
            &format!("DeleteOptions.meta.k8s.io \"\" is invalid: {message}"),
            "Invalid",
            Some(json!({"group": "meta.k8s.io", "kind": "DeleteOptions", "causes": [cause]})),
            422,
        )
    };
    if let (Some(_), Some(p)) = (o.orphan_dependents, &o.propagation) {
        let detail = "orphanDependents and deletionPropagation cannot be both set";
        let value = crate::api::yaml::go_quote(p);
        return Err(invalid(
            json!({"reason": "FieldValueInvalid", "message": format!("Invalid value: {value}: {detail}"), "field": "propagationPolicy"}),
            format!("propagationPolicy: Invalid value: {value}: {detail}"),
        ));
    }
    if let Some(p) = o
        .propagation
        .as_deref()
        .filter(|p| !matches!(*p, "Foreground" | "Background" | "Orphan"))
    {
        let body = format!(
            "Unsupported value: {}: supported values: \"Foreground\", \"Background\", \"Orphan\", \"nil\"",
            crate::api::yaml::go_quote(p)
        );
        return Err(invalid(
            json!({"reason": "FieldValueNotSupported", "message": body, "field": "propagationPolicy"}),
            format!("propagationPolicy: {body}"),
        ));
    }
    Ok(())
}

/// `ReturnDeletedObject` stores: a delete that removes the object answers with it.
fn returns_deleted_object(r: Resource) -> bool {
    matches!(
        r,
        Resource::Pod
            | Resource::Service
            | Resource::Namespace
            | Resource::PersistentVolume
            | Resource::PersistentVolumeClaim
    )
}

fn delete(
    cluster: &mut Cluster,
    r: Resource,
    version: &str,
    ns: &str,
    name: &str,
    req: &Request,
) -> Value {
    let options = match delete_options(req) {
        Ok(o) => o,
        Err(status) => return status,
    };
    let Some(live) = object(cluster, r, version, ns, name) else {
        return not_found(r, name);
    };
    if let Err(status) = validate(&options) {
        return status;
    }
    // the default policy of the apps kinds is to delete dependents in the background; the
    // legacy orphanDependents says orphan or not
    let propagation = match (options.propagation.as_deref(), options.orphan_dependents) {
        (Some("Foreground"), _) => Propagation::Foreground,
        (Some("Orphan"), _) | (None, Some(true)) => Propagation::Orphan,
        _ => Propagation::Background,
    };
    let mut scratch;
    let target = if options.dry_run {
        scratch = cluster.clone();
        &mut scratch
    } else {
        &mut *cluster
    };
    let key = ObjKey::new(if r.namespaced() { ns } else { "" }, name);
    let grace = options.grace_period.filter(|g| *g >= 0);
    if let Err(message) = super::mutate::delete_object(target, r, &key, propagation, grace) {
        let mut details = json!({"name": name, "kind": r.plural()});
        if !r.group().is_empty() {
            details["group"] = json!(r.group());
        }
        return failure(&message, "Forbidden", Some(details), 403);
    }
    let uid = live
        .pointer("/metadata/uid")
        .cloned()
        .unwrap_or(Value::Null);
    let answer = match object(target, r, version, ns, name) {
        // held by a finalizer or a grace period: the object as it now is
        Some(still) if still.pointer("/metadata/uid") == Some(&uid) => still,
        _ if returns_deleted_object(r) => live,
        _ => {
            let mut details = Map::new();
            details.insert("name".into(), json!(name));
            if !r.group().is_empty() {
                details.insert("group".into(), json!(r.group()));
            }
            details.insert("kind".into(), json!(r.plural()));
            details.insert("uid".into(), uid);
            json!({"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Success", "details": details})
        }
    };
    if !options.dry_run {
        cluster.drain();
    }
    answer
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_as_url_parse_query() {
        assert_eq!(
            query_param("pretty=false&labelSelector=app%3Dnginx+x", "labelSelector"),
            Some("app=nginx x".into())
        );
        assert_eq!(query_param("a=1", "pretty"), None);
        assert_eq!(unescape("100%"), "100%");
        assert_eq!(unescape("%zz%41"), "%zzA");
    }

    #[test]
    fn pretty_for_curl_unless_asked_otherwise() {
        let req = |query, user_agent| Request {
            method: "GET",
            path: "",
            query,
            body: None,
            content_type: None,
            user_agent,
        };
        assert!(is_pretty(&req("", "curl/8.5.0")));
        assert!(!is_pretty(&req("pretty=false", "curl/8.5.0")));
        assert!(!is_pretty(&req("pretty=maybe", "curl/8.5.0")));
        assert!(is_pretty(&req("pretty=1", "kubectl")));
        assert!(!is_pretty(&req("", "kubectl/v1.33.1")));
        assert!(is_pretty(&req("pretty", "Wget/1.21")));
    }

    #[test]
    fn delete_options_refused_as_the_api_server_does() {
        let req = |body: &'static str, content_type: Option<&'static str>| Request {
            method: "DELETE",
            path: "",
            query: "",
            body: Some(body),
            content_type,
            user_agent: "curl",
        };
        let status = |r: Result<DeleteOptions, Value>| r.err().unwrap_or_default();
        let form = status(delete_options(&req("{}", None)));
        assert_eq!(form["code"], 415);
        let bad = status(delete_options(&req("{x", Some("application/json"))));
        assert_eq!(
            bad["message"],
            "couldn't get version/kind; json parse error: invalid character 'x' looking for beginning of object key string"
        );
        let typed = status(delete_options(&req(
            r#"{"propagationPolicy":1}"#,
            Some("application/json; charset=utf-8"),
        )));
        assert_eq!(typed["message"], "json: cannot unmarshal number into Go struct field DeleteOptions.propagationPolicy of type v1.DeletionPropagation");
        let o = delete_options(&req(
            r#"{"kind":"DeleteOptions","apiVersion":"v1","propagationPolicy":"Sideways"}"#,
            Some("application/json"),
        ))
        .ok();
        let invalid = o
            .map(|o| validate(&o).err().unwrap_or_default())
            .unwrap_or_default();
        assert_eq!(invalid["message"], "DeleteOptions.meta.k8s.io \"\" is invalid: propagationPolicy: Unsupported value: \"Sideways\": supported values: \"Foreground\", \"Background\", \"Orphan\", \"nil\"");
        assert_eq!(invalid["code"], 422);
    }
}
