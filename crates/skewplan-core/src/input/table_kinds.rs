//! Which table a header line starts: one Skewplan reads, one it knows and
//! refuses (with the command whose output it needs instead), or none.
//! Headers as the tools print them:
//! - kubectl's node columns, `NAME STATUS ROLES AGE VERSION` and with
//!   `-o wide` `INTERNAL-IP EXTERNAL-IP OS-IMAGE KERNEL-VERSION
//!   CONTAINER-RUNTIME` (kubernetes `pkg/printers/internalversion/printers.go`,
//!   `nodeColumnDefinitions`); `--show-labels` adds `LABELS`, and `-L KEY` a
//!   column named by the key's last segment in capitals (cli-runtime
//!   `pkg/printers/tableprinter.go`, `formatLabelHeaders`).
//! - az's keys with the first letter capitalised (azure-cli
//!   `src/azure-cli/azure/cli/command_modules/acs/_format.py`:
//!   `_aks_table_format`, `_aks_agentpool_table_format`,
//!   `aks_upgrades_table_format`, `aks_versions_table_format`).

/// What a table is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    /// `kubectl get nodes`, any of its column sets.
    KubectlNodes,
    /// `az aks show -o table` (one row) or `az aks list -o table`.
    AksClusters,
    /// `az aks nodepool list -o table` (or `nodepool show`).
    AksNodePools,
    /// `az aks get-upgrades -o table`.
    AksUpgrades,
    /// A table of something that is not read, and what to paste instead.
    Refused { what: &'static str, advice: &'static str },
}

const READABLE: &str = "Skewplan reads `kubectl get nodes` (plain, `-o wide` or `-o json`), `az aks show`, `az aks nodepool list` and `az aks get-upgrades` (`-o table` or `-o json`)";

/// The kind of table a header line starts, if it is one.
pub(crate) fn classify(line: &str) -> Option<Kind> {
    let words: Vec<&str> = line.split_whitespace().collect();
    let has = |w: &str| words.contains(&w);
    let first = *words.first()?;
    if first == "NAME" && has("STATUS") && has("VERSION") && (has("ROLES") || has("AGE")) && !has("READY") {
        return Some(Kind::KubectlNodes);
    }
    if first == "Name" && (has("VmSize") || has("OsType")) {
        return Some(Kind::AksNodePools);
    }
    if has("MasterVersion") && has("Upgrades") {
        return Some(Kind::AksUpgrades);
    }
    if first == "Name" && has("Location") && (has("KubernetesVersion") || has("Fqdn")) {
        return Some(Kind::AksClusters);
    }
    refused(first, &words)
}

fn refused(first: &str, words: &[&str]) -> Option<Kind> {
    let has = |w: &str| words.contains(&w);
    let (what, advice) = if first == "KubernetesVersion" && has("Upgrades") {
        (
            "the version list of `az aks get-versions -o table`",
            "paste it as JSON (`az aks get-versions -l LOCATION -o json`) in the versions field, and the cluster's `az aks show -o table` or `-o json` as the input.",
        )
    } else if has("RESTARTS") || (has("READY") && has("UP-TO-DATE")) {
        (
            "a table of workloads (`kubectl get pods` or `kubectl get deployments`), which does not say which versions the nodes run",
            "paste `kubectl get nodes -o wide` (or `-o json`) instead, with the control plane's version.",
        )
    } else if has("EKSCTL") || (first == "CLUSTER" && has("NODEGROUP")) {
        (
            "an `eksctl get` table, which leaves out the versions",
            "paste `aws eks describe-cluster --name NAME --output json` and `aws eks describe-nodegroup --cluster-name NAME --nodegroup-name GROUP --output json`, or `kubectl get nodes -o wide`.",
        )
    } else if has("REVISION") && has("CHART") {
        ("a list of Helm releases, which says nothing of the cluster's versions", "paste `kubectl get nodes -o wide` (or `-o json`), or your provider's cluster description (`az aks show -o json`).")
    } else if has("MASTER_VERSION") || has("NODE_VERSION") {
        (
            "a `gcloud container` list table",
            "paste `gcloud container clusters describe NAME --format=json` (it holds the node pools).",
        )
    } else if (first == "NAME" || first == "NAMESPACE")
        && words.len() >= 2
        && words.iter().all(|w| is_kubectl_header(w))
    {
        (
            "a `kubectl get` table of objects other than nodes",
            "paste `kubectl get nodes -o wide` (or `-o json`) instead, with the control plane's version.",
        )
    } else if first == "Name" && has("ResourceGroup") {
        (
            "an `az` table of something other than an AKS cluster, its node pools or its upgrades",
            "paste `az aks show -g RG -n NAME -o table` (or `-o json`).",
        )
    } else {
        return None;
    };
    Some(Kind::Refused { what, advice })
}

/// A kubectl column header: capitals, digits, `-` and `_`.
fn is_kubectl_header(w: &str) -> bool {
    w.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-' || c == '_' || c == '(' || c == ')')
}

/// What Skewplan reads, for the messages of refused tables.
pub(crate) fn readable() -> &'static str {
    READABLE
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_are_told_apart() {
        assert_eq!(
            classify("NAME                                STATUS   ROLES   AGE   VERSION"),
            Some(Kind::KubectlNodes)
        );
        assert_eq!(
            classify("NAME     STATUS   ROLES    AGE   VERSION   INTERNAL-IP   EXTERNAL-IP   OS-IMAGE   KERNEL-VERSION   CONTAINER-RUNTIME   LABELS"),
            Some(Kind::KubectlNodes)
        );
        assert_eq!(
            classify("Name       OsType    KubernetesVersion    VmSize           Count"),
            Some(Kind::AksNodePools)
        );
        assert_eq!(classify("Name     ResourceGroup    MasterVersion    Upgrades"), Some(Kind::AksUpgrades));
        assert_eq!(
            classify("Name    Location    ResourceGroup    KubernetesVersion    ProvisioningState    Fqdn"),
            Some(Kind::AksClusters)
        );
        assert!(matches!(classify("NAME      READY   STATUS    RESTARTS   AGE"), Some(Kind::Refused { .. })));
        assert!(matches!(classify("NAME    REGION      EKSCTL CREATED"), Some(Kind::Refused { .. })));
        assert!(matches!(
            classify("NAME    NAMESPACE   REVISION    UPDATED    STATUS    CHART    APP VERSION"),
            Some(Kind::Refused { .. })
        ));
        assert_eq!(classify("{"), None);
        assert_eq!(classify("apiVersion: v1"), None);
        assert_eq!(classify("name: my-cluster"), None);
    }
}
