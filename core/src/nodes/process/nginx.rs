//! What the official nginx image writes when it starts (`kubectl logs` of an nginx pod).
//!
//! From 1.19.0 the image's ENTRYPOINT is `/docker-entrypoint.sh`, which runs the scripts of
//! `/docker-entrypoint.d/` and says so on stdout (nginxinc/docker-nginx, `entrypoint/`):
//! `10-listen-on-ipv6-by-default.sh` and `20-envsubst-on-templates.sh` from 1.19.0,
//! `30-tune-worker-processes.sh` from 1.19.7, the `info:` prefix of the IPv6 script's lines
//! from 1.21.0, and `15-local-resolvers.envsh` (sourced, not launched) from 1.25.3. Then nginx
//! logs its start-up notices to stderr: the packaged `nginx.conf` logs at `notice` from 1.21.0
//! (before, at `warn`, which start-up does not reach). Before 1.19 the image runs nginx
//! directly, which writes nothing until a request comes.
//!
//! The notices carry nginx's clock (the container's start), the build's compiler (the Debian
//! release, or Alpine, the image is built on), the node's kernel (kubeplay's nodes report
//! 6.8.0), containerd's open-file limit and one worker per CPU of a 2-CPU kind node, with
//! the PIDs they get after the entrypoint's scripts ran.

use super::{Line, Piece};

// the latest nginx release of each line (nginx.org's CHANGES), for the `1.M` tags and the
// moving `latest`/`stable` ones: the registry's table
use crate::nodes::registry::NGINX_LAST_PATCH as LAST_PATCH;

/// The lines the image writes at start-up, for `image` (`nginx`, `nginx:1.27.3`,
/// `nginx:stable-alpine`, …): empty for other images and for nginx before 1.19.
pub(super) fn startup_lines(image: &str) -> Vec<Line> {
    let r = crate::nodes::registry::ImageRef::parse(image);
    if super::image_name(image) != "nginx" || r.repository.contains('/') && !official(&r.repository)
    {
        return Vec::new();
    }
    let tag = r.tag.unwrap_or_else(|| "latest".into());
    let (version, variant) = tag.split_once('-').unwrap_or((tag.as_str(), ""));
    let alpine = variant.contains("alpine") || version == "alpine";
    let Some((minor, patch)) = version_of(version) else {
        return Vec::new();
    };
    if minor < 19 {
        return Vec::new();
    }
    let at = |v: (u32, u32)| (minor, patch) >= v;
    let mut out = Vec::new();
    let mut say = |text: String| out.push(text);
    let entry = "/docker-entrypoint.sh";
    say(format!(
        "{entry}: /docker-entrypoint.d/ is not empty, will attempt to perform configuration"
    ));
    say(format!(
        "{entry}: Looking for shell scripts in /docker-entrypoint.d/"
    ));
    say(format!(
        "{entry}: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh"
    ));
    let info = if at((21, 0)) { "info: " } else { "" };
    let ipv6 = "10-listen-on-ipv6-by-default.sh";
    let conf = "/etc/nginx/conf.d/default.conf";
    say(format!("{ipv6}: {info}Getting the checksum of {conf}"));
    say(format!("{ipv6}: {info}Enabled listen on IPv6 in {conf}"));
    if at((25, 3)) {
        say(format!(
            "{entry}: Sourcing /docker-entrypoint.d/15-local-resolvers.envsh"
        ));
    }
    say(format!(
        "{entry}: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh"
    ));
    if at((19, 7)) {
        say(format!(
            "{entry}: Launching /docker-entrypoint.d/30-tune-worker-processes.sh"
        ));
    }
    say(format!(
        "{entry}: Configuration complete; ready for start up"
    ));
    let mut lines: Vec<Line> = out
        .into_iter()
        .map(|t| line(vec![Piece::Text(t)]))
        .collect();
    if !at((21, 0)) {
        return lines;
    }
    let notice = |text: String| {
        line(vec![
            Piece::LogTime,
            Piece::Text(format!(" [notice] 1#1: {text}")),
        ])
    };
    lines.push(notice("using the \"epoll\" event method".into()));
    lines.push(notice(format!("nginx/1.{minor}.{patch}")));
    lines.push(notice(format!(
        "built by {} ",
        compiler(minor, patch, alpine)
    )));
    lines.push(notice("OS: Linux 6.8.0".into()));
    lines.push(notice("getrlimit(RLIMIT_NOFILE): 1048576:1048576".into()));
    lines.push(notice("start worker processes".into()));
    for pid in [29, 30] {
        lines.push(notice(format!("start worker process {pid}")));
    }
    lines
}

/// Whether nginx in `image` listens on IPv6 too: the entrypoint's
/// `10-listen-on-ipv6-by-default.sh` enables it from 1.19 (a `curl localhost` in the
/// container then arrives from `::1`).
pub fn listens_on_ipv6(image: &str) -> bool {
    !startup_lines(image).is_empty()
}

/// Docker Hub's official repository, however it is spelled.
fn official(repository: &str) -> bool {
    matches!(
        repository,
        "library/nginx" | "docker.io/nginx" | "docker.io/library/nginx"
    )
}

/// (minor, patch) of a tag's version: `1.27.3`, `1.27` (its last patch), `latest`/`mainline`
/// (the newest), `stable` (the newest even line).
fn version_of(version: &str) -> Option<(u32, u32)> {
    let newest = LAST_PATCH.last().copied();
    match version {
        "latest" | "mainline" | "alpine" => return newest,
        "stable" => return LAST_PATCH.iter().rev().find(|(m, _)| m % 2 == 0).copied(),
        _ => {}
    }
    let mut parts = version.split('.');
    if parts.next()? != "1" {
        return None;
    }
    let minor: u32 = parts.next()?.parse().ok()?;
    let patch = match parts.next() {
        Some(p) => p.parse().ok()?,
        // `1.M`: the line's latest release (before 1.19 nothing is printed anyway)
        None => LAST_PATCH
            .iter()
            .find(|(m, _)| *m == minor)
            .map_or(0, |(_, p)| *p),
    };
    parts.next().is_none().then_some((minor, patch))
}

/// The `built by` compiler: the image's base distribution's gcc.
fn compiler(minor: u32, patch: u32, alpine: bool) -> &'static str {
    let v = (minor, patch);
    if alpine {
        return if v >= (27, 4) {
            "gcc 14.2.0 (Alpine 14.2.0)"
        } else if v >= (25, 3) {
            "gcc 12.2.1 20220924 (Alpine 12.2.1_git20220924-r10)"
        } else {
            "gcc 10.3.1 20211027 (Alpine 10.3.1_git20211027)"
        };
    }
    if v >= (25, 1) {
        // bookworm
        "gcc 12.2.0 (Debian 12.2.0-14)"
    } else {
        // bullseye
        "gcc 10.2.1 20210110 (Debian 10.2.1-6)"
    }
}

fn line(pieces: Vec<Piece>) -> Line {
    Line {
        at_ms: 0,
        pieces,
        err: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(image: &str) -> Vec<String> {
        startup_lines(image)
            .iter()
            .map(|l| l.render(1_735_689_608_000))
            .collect()
    }

    #[test]
    fn the_entrypoint_and_notices_by_version() {
        assert_eq!(texts("nginx:1.14.2"), Vec::<String>::new());
        assert_eq!(texts("nginx:1.16.1"), Vec::<String>::new());
        assert_eq!(texts("k8s.gcr.io/nginx-slim:0.8"), Vec::<String>::new());
        assert_eq!(texts("someone/nginx:1.27.3"), Vec::<String>::new());
        assert_eq!(
            texts("nginx:1.27.3"),
            [
                "/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration",
                "/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/",
                "/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh",
                "10-listen-on-ipv6-by-default.sh: info: Getting the checksum of /etc/nginx/conf.d/default.conf",
                "10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf",
                "/docker-entrypoint.sh: Sourcing /docker-entrypoint.d/15-local-resolvers.envsh",
                "/docker-entrypoint.sh: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh",
                "/docker-entrypoint.sh: Launching /docker-entrypoint.d/30-tune-worker-processes.sh",
                "/docker-entrypoint.sh: Configuration complete; ready for start up",
                "2025/01/01 00:00:08 [notice] 1#1: using the \"epoll\" event method",
                "2025/01/01 00:00:08 [notice] 1#1: nginx/1.27.3",
                "2025/01/01 00:00:08 [notice] 1#1: built by gcc 12.2.0 (Debian 12.2.0-14) ",
                "2025/01/01 00:00:08 [notice] 1#1: OS: Linux 6.8.0",
                "2025/01/01 00:00:08 [notice] 1#1: getrlimit(RLIMIT_NOFILE): 1048576:1048576",
                "2025/01/01 00:00:08 [notice] 1#1: start worker processes",
                "2025/01/01 00:00:08 [notice] 1#1: start worker process 29",
                "2025/01/01 00:00:08 [notice] 1#1: start worker process 30",
            ]
        );
        // 1.19.0: no worker tuning, no `info:`, nginx's notices below its `warn` level
        let old = texts("nginx:1.19.0");
        assert_eq!(old.len(), 7);
        assert_eq!(
            old[3],
            "10-listen-on-ipv6-by-default.sh: Getting the checksum of /etc/nginx/conf.d/default.conf"
        );
        assert_eq!(texts("nginx:1.20").len(), 8);
        let latest = texts("nginx");
        assert!(latest.contains(&"2025/01/01 00:00:08 [notice] 1#1: nginx/1.29.1".to_string()));
        assert_eq!(texts("nginx:latest"), latest);
        assert!(texts("nginx:stable-alpine")
            .contains(&"2025/01/01 00:00:08 [notice] 1#1: nginx/1.28.0".to_string()));
        assert!(texts("docker.io/library/nginx:1.25")
            .iter()
            .any(|l| l.ends_with("nginx/1.25.5")));
    }
}
