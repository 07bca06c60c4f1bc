//! The built-in image registry (PRODUCT §4.4): a catalog of repositories and tags. A known
//! repository with an unknown tag fails to pull, so the seeds' typos (`nginx:1.161`) get stuck
//! exactly as in the tutorials; an unknown repository is assumed to exist with any tag.

use std::collections::{BTreeMap, BTreeSet};

/// A parsed image reference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageRef {
    /// Repository as written, without tag or digest (`nginx`, `k8s.gcr.io/nginx-slim`).
    pub repository: String,
    /// Tag (`latest` when absent); None when pinned by digest.
    pub tag: Option<String>,
    pub digest: Option<String>,
}

impl ImageRef {
    pub fn parse(image: &str) -> Self {
        let (rest, digest) = match image.split_once('@') {
            Some((r, d)) => (r, Some(d.to_string())),
            None => (image, None),
        };
        let last_slash = rest.rfind('/').map_or(0, |i| i + 1);
        let (repository, tag) = match rest[last_slash..].find(':') {
            Some(i) => (
                rest[..last_slash + i].to_string(),
                Some(rest[last_slash + i + 1..].to_string()),
            ),
            None => (rest.to_string(), None),
        };
        let tag = match (&tag, &digest) {
            (None, None) => Some("latest".to_string()),
            _ => tag,
        };
        Self {
            repository,
            tag,
            digest,
        }
    }

    /// Fully qualified name as containerd reports it (`docker.io/library/nginx:1.14.2`).
    pub fn qualified(&self) -> String {
        let first = self.repository.split('/').next().unwrap_or("");
        let host_like = self.repository.contains('/')
            && (first.contains('.') || first.contains(':') || first == "localhost");
        let repo = if host_like {
            self.repository.clone()
        } else if self.repository.contains('/') {
            format!("docker.io/{}", self.repository)
        } else {
            format!("docker.io/library/{}", self.repository)
        };
        match (&self.tag, &self.digest) {
            (_, Some(d)) => format!("{repo}@{d}"),
            (Some(t), None) => format!("{repo}:{t}"),
            (None, None) => repo,
        }
    }
}

/// Why a pull failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PullError {
    NotFound,
}

#[derive(Debug, Clone)]
pub struct Registry {
    repos: BTreeMap<String, BTreeSet<String>>,
    /// Images that exist only on the nodes (built locally, `imagePullPolicy: Never`).
    pub local: BTreeSet<String>,
}

const CATALOG: &[(&str, &[&str])] = &[
    (
        "nginx",
        &[
            "1.7.9",
            "1.9.1",
            "1.10",
            "1.11",
            "1.12",
            "1.13",
            "1.13.3",
            "1.14",
            "1.14.0",
            "1.14.1",
            "1.14.2",
            "1.15",
            "1.15.4",
            "1.16",
            "1.16.0",
            "1.16.1",
            "1.17",
            "1.17.0",
            "1.18",
            "1.19",
            "1.20",
            "1.21",
            "1.21.6",
            "1.22",
            "1.23",
            "1.24",
            "1.25",
            "1.25.3",
            "1.26",
            "1.27",
            "1.27.0",
            "1.28",
            "1.29",
            "latest",
            "stable",
            "mainline",
            "alpine",
            "stable-alpine",
        ],
    ),
    ("dotbalo/canary", &["v1", "v2"]),
    // Learn Kubernetes Basics: v1, the update to jocatalin's v2, and the missing v10
    ("gcr.io/google-samples/kubernetes-bootcamp", &["v1"]),
    ("jocatalin/kubernetes-bootcamp", &["v1", "v2"]),
    ("docker.io/jocatalin/kubernetes-bootcamp", &["v1", "v2"]),
    ("gcr.io/google-samples/hello-app", &["1.0", "2.0"]),
    ("k8s.gcr.io/nginx-slim", &["0.7", "0.8"]),
    (
        "registry.k8s.io/nginx-slim",
        &["0.7", "0.8", "0.21", "0.24", "0.26", "0.27"],
    ),
    ("busybox", &["latest", "1.28", "1.35", "1.36", "stable"]),
    ("httpd", &["latest", "2.4", "alpine"]),
    ("redis", &["latest", "6", "7", "alpine"]),
    ("alpine", &["latest", "3.18", "3.19", "3.20"]),
    ("ubuntu", &["latest", "22.04", "24.04"]),
    ("registry.k8s.io/pause", &["3.9", "3.10"]),
];

impl Default for Registry {
    fn default() -> Self {
        let repos = crate::sort::btree_map(CATALOG.iter().map(|(r, tags)| {
            (
                r.to_string(),
                crate::sort::btree_set(tags.iter().map(|t| t.to_string())),
            )
        }));
        let mut repos = repos;
        if let Some(tags) = repos.get_mut("nginx") {
            tags.extend(nginx_release_tags());
        }
        let local = crate::sort::btree_set(
            ["auto-serve:latest", "auto-serve:1.1.1", "auto-serve:2.2.2"]
                .into_iter()
                .map(str::to_string),
        );
        Self { repos, local }
    }
}

/// The last patch release of each nginx 1.x line (nginx.org's CHANGES, through 1.29.x): the
/// official image is tagged `1.M.P` for these and `1.M` for the line, plus an `-alpine`
/// variant of each, so any real release a tutorial names pulls while the seeds' typos
/// (`1.161`, `1.91`) do not.
pub(crate) const NGINX_LAST_PATCH: &[(u32, u32)] = &[
    (7, 12),
    (8, 1),
    (9, 15),
    (10, 3),
    (11, 13),
    (12, 2),
    (13, 12),
    (14, 2),
    (15, 12),
    (16, 1),
    (17, 10),
    (18, 0),
    (19, 10),
    (20, 2),
    (21, 6),
    (22, 1),
    (23, 4),
    (24, 0),
    (25, 5),
    (26, 3),
    (27, 5),
    (28, 0),
    (29, 1),
];

fn nginx_release_tags() -> impl Iterator<Item = String> {
    NGINX_LAST_PATCH.iter().flat_map(|&(minor, last)| {
        std::iter::once(format!("1.{minor}"))
            .chain((0..=last).map(move |patch| format!("1.{minor}.{patch}")))
            .flat_map(|tag| [format!("{tag}-alpine"), tag])
    })
}

impl Registry {
    /// Whether pulling `image` succeeds.
    pub fn pull(&self, image: &str) -> Result<(), PullError> {
        let r = ImageRef::parse(image);
        match (self.repos.get(&r.repository), &r.tag) {
            (Some(tags), Some(tag)) if !tags.contains(tag) => Err(PullError::NotFound),
            _ => Ok(()),
        }
    }

    /// `sim registry add IMAGE`: adds a tag (and its repository) to the catalog.
    pub fn add(&mut self, image: &str) {
        let r = ImageRef::parse(image);
        let tags = self.repos.entry(r.repository).or_default();
        if let Some(t) = r.tag {
            tags.insert(t);
        }
    }

    /// `sim registry remove IMAGE`: removes one tag, making pulls of it fail.
    pub fn remove(&mut self, image: &str) -> bool {
        let r = ImageRef::parse(image);
        let tags = self.repos.entry(r.repository).or_default();
        r.tag.is_some_and(|t| tags.remove(&t))
    }

    /// Deterministic pretend image size in bytes, shown in the kubelet's Pulled event.
    pub fn size_of(&self, image: &str) -> u64 {
        let mut h: u64 = 0xcbf29ce484222325;
        for b in image.bytes() {
            h = (h ^ b as u64).wrapping_mul(0x100000001b3);
        }
        20_000_000 + h % 60_000_000
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_references() {
        let r = ImageRef::parse("nginx:1.14.2");
        assert_eq!(
            (r.repository.as_str(), r.tag.as_deref()),
            ("nginx", Some("1.14.2"))
        );
        assert_eq!(r.qualified(), "docker.io/library/nginx:1.14.2");
        let r = ImageRef::parse("nginx");
        assert_eq!(r.tag.as_deref(), Some("latest"));
        let r = ImageRef::parse("localhost:5000/app");
        assert_eq!(
            (r.repository.as_str(), r.tag.as_deref()),
            ("localhost:5000/app", Some("latest"))
        );
        assert_eq!(
            ImageRef::parse("dotbalo/canary:v1").qualified(),
            "docker.io/dotbalo/canary:v1"
        );
        assert_eq!(
            ImageRef::parse("k8s.gcr.io/nginx-slim:0.7").qualified(),
            "k8s.gcr.io/nginx-slim:0.7"
        );
    }

    #[test]
    fn seed_typos_fail_and_real_tags_pull() {
        let reg = Registry::default();
        for bad in [
            "nginx:1.161",
            "nginx:1.91",
            "nginx:sometag",
            "nginx:1.16.2",
            "nginx:2.0",
        ] {
            assert_eq!(reg.pull(bad), Err(PullError::NotFound), "{bad}");
        }
        for good in [
            "nginx:1.25.3",
            "nginx:1.27.5",
            "nginx:1.23-alpine",
            "nginx:1.14.2",
            "nginx:1.16.1",
            "nginx:1.9.1",
            "nginx",
            "dotbalo/canary:v2",
            "k8s.gcr.io/nginx-slim:0.7",
            "someone/app:anything",
        ] {
            assert_eq!(reg.pull(good), Ok(()), "{good}");
        }
    }

    #[test]
    fn add_and_remove_edit_the_catalog() {
        let mut reg = Registry::default();
        reg.add("nginx:1.161");
        assert_eq!(reg.pull("nginx:1.161"), Ok(()));
        assert!(reg.remove("nginx:1.161"));
        assert_eq!(reg.pull("nginx:1.161"), Err(PullError::NotFound));
    }
}
