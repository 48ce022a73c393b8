//! A stable, readable summary of what a paste became (the fixture snapshots).

use skewplan_core::input::{InputError, Parsed};
use skewplan_core::model::{Pool, PoolDetails};
use std::fmt::Write;

fn opt<T: ToString>(v: &Option<T>) -> String {
    v.as_ref().map(ToString::to_string).unwrap_or_else(|| "-".into())
}

/// A stable, readable summary of what a paste became.
pub fn summarize(result: &Result<Parsed, InputError>) -> String {
    let mut out = String::new();
    let parsed = match result {
        Err(e) => return format!("error: {e}\n"),
        Ok(p) => p,
    };
    writeln!(out, "format: {} ({})", parsed.format.id(), parsed.format.title()).unwrap();
    for c in &parsed.clusters {
        writeln!(
            out,
            "cluster `{}` provider={} resource-group={} location={} namespace={}",
            c.name,
            c.provider.id(),
            opt(&c.resource_group),
            opt(&c.location),
            c.namespace().unwrap_or("-")
        )
        .unwrap();
        let cp = &c.control_plane;
        writeln!(
            out,
            "  control plane: {} requested={} state={} replicas={} instances=[{}] at {}",
            opt(&cp.version),
            opt(&cp.requested_version),
            cp.state,
            opt(&cp.replicas),
            cp.instance_versions.iter().map(ToString::to_string).collect::<Vec<_>>().join(", "),
            cp.source
        )
        .unwrap();
        if let Some(aks) = c.aks_settings() {
            writeln!(
                out,
                "  aks: channel={} max-agent-pools={} support-plan={}",
                opt(&aks.upgrade_channel),
                opt(&aks.max_agent_pools),
                opt(&aks.support_plan)
            )
            .unwrap();
        }
        for p in &c.pools {
            pool(&mut out, p);
        }
    }
    if let Some(v) = &parsed.versions {
        let list: Vec<String> = v
            .versions
            .iter()
            .map(|o| {
                format!(
                    "{}{}{}",
                    o.version,
                    if o.preview { " (preview)" } else { "" },
                    if o.lts_only { " (LTS)" } else { "" }
                )
            })
            .collect();
        writeln!(
            out,
            "versions: current={} offered=[{}] latest-node-image={}",
            opt(&v.current),
            list.join(", "),
            opt(&v.latest_node_image)
        )
        .unwrap();
    }
    for d in &parsed.diagnostics {
        writeln!(out, "{d}").unwrap();
    }
    if !parsed.secrets.is_empty() {
        writeln!(
            out,
            "secrets held back: {} at {}",
            parsed.secrets.len(),
            parsed.secrets.paths().collect::<Vec<_>>().join(", ")
        )
        .unwrap();
    }
    out
}

/// One pool's line.
fn pool(out: &mut String, p: &Pool) {
    let details = match &p.details {
        PoolDetails::Azure { availability, priority, .. } => {
            format!(
                "availability={} priority={}",
                availability.map(|a| format!("{a:?}")).unwrap_or("-".into()),
                opt(priority)
            )
        }
        PoolDetails::ClusterApi { object_kind, infrastructure_ref, updated_replicas, .. } => format!(
            "{object_kind} infra={} updated={}",
            infrastructure_ref.as_ref().map(|r| format!("{}/{}", r.kind, r.name)).unwrap_or("-".into()),
            opt(updated_replicas)
        ),
        PoolDetails::Nodes { nodes, label } => format!("{} node(s) by {label}", nodes.len()),
        PoolDetails::Other => String::new(),
    };
    writeln!(
        out,
        "  pool `{}` {:?} version={} requested={} count={} autoscale={} size={} os={} image={} state={} surge={} {} at {}",
        p.name,
        p.mode,
        opt(&p.version),
        opt(&p.requested_version),
        opt(&p.count),
        p.autoscale.map(|(a, b)| format!("{a}..{b}")).unwrap_or("-".into()),
        opt(&p.machine_size),
        opt(&p.os),
        opt(&p.node_image),
        p.state,
        opt(&p.max_surge),
        details,
        p.source
    )
    .unwrap();
}
