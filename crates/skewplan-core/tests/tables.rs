//! Terminal tables (`kubectl get nodes`, `az aks … -o table`): a table plans
//! like the JSON it was printed from, says what it could not show, and a
//! table Skewplan does not read says what to paste instead.

use serde_json::Value;
use skewplan_core::api::{plan_document, Choices};
use skewplan_core::input::{parse, parse_with, ParseOptions, Syntax};
use skewplan_testkit::fixture;

/// The plan document without its notes (a table adds one saying what it
/// could not show).
fn plan_without_notes(text: &str, choices: &Choices) -> Value {
    let mut doc = plan_document(text, choices);
    assert!(doc.get("error").is_none(), "{doc:#}");
    doc.as_object_mut().unwrap().remove("notes");
    doc
}

fn notes(text: &str, choices: &Choices) -> Vec<String> {
    let doc = plan_document(text, choices);
    doc["notes"].as_array().unwrap().iter().map(|n| n["message"].as_str().unwrap().to_string()).collect()
}

/// `kubectl get nodes -o wide` as kubectl prints the three nodes of
/// `kubectl-nodes/aks_kubectl-get-nodes-json_3nodes_v1.18.19.json`
/// (columns of kubernetes `pkg/printers/internalversion/printers.go`,
/// values from that file's nodes).
const NODES_WIDE: &str = "\
NAME                                STATUS   ROLES   AGE    VERSION    INTERNAL-IP   EXTERNAL-IP   OS-IMAGE             KERNEL-VERSION     CONTAINER-RUNTIME
aks-agentpool-30520393-vmss000000   Ready    agent   5d2h   v1.18.19   10.240.0.4    <none>        Ubuntu 18.04.5 LTS   5.4.0-1049-azure   docker://19.3.14
aks-agentpool-30520393-vmss000001   Ready    agent   5d2h   v1.18.19   10.240.0.5    <none>        Ubuntu 18.04.5 LTS   5.4.0-1049-azure   docker://19.3.14
aks-agentpool-30520393-vmss000002   Ready    agent   5d2h   v1.18.19   10.240.0.6    <none>        Ubuntu 18.04.5 LTS   5.4.0-1049-azure   docker://19.3.14
";

#[test]
fn a_wide_node_table_with_the_control_plane_version_plans_like_the_json_node_list() {
    let json = fixture("kubectl-nodes/aks_kubectl-get-nodes-json_3nodes_v1.18.19.json");
    for target in ["1.19", "1.20"] {
        let choices = Choices {
            control_plane_version: "1.18.19".into(),
            target: target.into(),
            policy: "upstream".into(),
            ..Choices::default()
        };
        let from_table = plan_without_notes(NODES_WIDE, &choices);
        assert_eq!(from_table, plan_without_notes(&json, &choices), "to {target}");
        assert!(from_table["steps"].as_array().unwrap().len() >= 2, "{from_table:#}");
        assert_eq!(
            notes(NODES_WIDE, &choices),
            ["read from a `kubectl get nodes` table, which shows each node's kubelet version: the control plane's \
              version is the one given (the Control-plane version field, `--control-plane-version`; `kubectl \
              version` prints it as Server Version); not shown: the nodes' images"]
        );
    }
    let parsed =
        parse_with(NODES_WIDE, &ParseOptions { control_plane_version: Some("1.18.19".parse().unwrap()) }).unwrap();
    assert_eq!(parsed.syntax, Syntax::Table);
    assert_eq!(parsed.clusters[0].pools[0].source.to_string(), "line 2, column 1 (NAME)");
}

/// What azure-cli 2.91.0 prints for
/// `aks-managed-cluster/azcli-rec_managedcluster-get_linux+windows-pools_1.25.6.json`
/// with `az aks show -o table` and `az aks nodepool list -o table`: generated
/// by `tools/az_table.py` (the CLI's own table transformers), each after its
/// command line as a terminal shows it.
const AZ_SHOW_AND_POOLS: &str = "\
$ az aks show -g clitest000001 -n cliakstest000001 -o table
Name              Location    ResourceGroup    KubernetesVersion    CurrentKubernetesVersion    ProvisioningState    Fqdn
----------------  ----------  ---------------  -------------------  --------------------------  -------------------  ----------------------------------------------
cliakstest000001  westus2     clitest000001    1.25.6               1.25.6                      Succeeded            cliaksdns000002-dbvz6swj.hcp.westus2.azmk8s.io
$ az aks nodepool list -g clitest000001 --cluster-name cliakstest000001 -o table
Name       OsType    KubernetesVersion    VmSize           OsDiskSizeGB    Count    MaxPods    ProvisioningState    Mode
---------  --------  -------------------  ---------------  --------------  -------  ---------  -------------------  ------
nodepool1  Linux     1.25.6               Standard_DS2_v2  128             1        30         Succeeded            System
npwin      Windows   1.25.6               Standard_D2s_v3  128             1        30         Succeeded            User
";

#[test]
fn az_show_and_nodepool_tables_plan_like_the_clusters_json() {
    let json = fixture("aks-managed-cluster/azcli-rec_managedcluster-get_linux+windows-pools_1.25.6.json");
    for target in ["1.26", "1.27"] {
        let choices = Choices { target: target.into(), policy: "upstream".into(), ..Choices::default() };
        let from_table = plan_without_notes(AZ_SHOW_AND_POOLS, &choices);
        assert_eq!(from_table, plan_without_notes(&json, &choices), "to {target}");
        assert_eq!(from_table["input"]["cluster"], "cliakstest000001");
    }
    let parsed = parse(AZ_SHOW_AND_POOLS).unwrap();
    let pools: Vec<String> = parsed.clusters[0].pools.iter().map(|p| format!("{} {}", p.name, p.source)).collect();
    assert_eq!(pools, ["nodepool1 line 8, column 1", "npwin line 9, column 1"]);
    assert_eq!(parsed.not_shown.len(), 2, "{:?}", parsed.not_shown);
    assert!(parsed.not_shown[0]
        .starts_with("read from `az aks nodepool list -o table`, which shows each pool's requested version"));
}

/// `az aks get-upgrades -o table` of
/// `aks-upgrade-profile/azpowershell-rec_managedcluster-upgradeprofile_1.19.11.json`,
/// generated by `tools/az_table.py`.
const AZ_UPGRADES: &str = "\
Name     ResourceGroup    MasterVersion    Upgrades
-------  ---------------  ---------------  --------------
default  aks-test         1.19.11          1.20.5, 1.20.7
";

#[test]
fn an_upgrades_table_offers_what_its_json_offers() {
    let json = fixture("aks-upgrade-profile/azpowershell-rec_managedcluster-upgradeprofile_1.19.11.json");
    let (table, json) = (parse(AZ_UPGRADES).unwrap(), parse(&json).unwrap());
    assert_eq!(table.format, json.format);
    assert_eq!(table.versions, json.versions);
    let preview = "Name     ResourceGroup    MasterVersion    Upgrades\n-------  ---------------  ---------------  ----------------------\ndefault  rg1              1.7.7            1.7.9(preview), 1.7.11\n";
    let offered: Vec<(String, bool)> =
        parse(preview).unwrap().versions.unwrap().versions.iter().map(|o| (o.version.to_string(), o.preview)).collect();
    assert_eq!(offered, [("1.7.9".to_string(), true), ("1.7.11".to_string(), false)]);
}

#[test]
fn a_cluster_table_pasted_with_its_upgrades_table_is_one_cluster_with_its_versions() {
    let text = format!(
        "{}\n{AZ_UPGRADES}",
        "Name    Location    ResourceGroup    KubernetesVersion    ProvisioningState    Fqdn\n------  ----------  ---------------  -------------------  -------------------  ----\nprod    eastus      aks-test         1.19.11              Succeeded            x.hcp.eastus.azmk8s.io"
    );
    let parsed = parse(&text).unwrap();
    assert_eq!(parsed.clusters.len(), 1);
    assert_eq!(parsed.clusters[0].control_plane.version.as_ref().unwrap().to_string(), "1.19.11");
    assert_eq!(parsed.versions.unwrap().versions.len(), 2);
    let messages: Vec<String> = parsed.diagnostics.iter().map(ToString::to_string).collect();
    assert_eq!(messages, ["warning: line 1, column 1: the cluster lists no node pools"]);
}

#[test]
fn node_tables_give_pools_roles_and_cordons() {
    let kubeadm = "\
NAME           STATUS                     ROLES           AGE   VERSION   LABELS
cp-1           Ready                      control-plane   20d   v1.29.4   kubernetes.io/os=linux,node-role.kubernetes.io/control-plane=
worker-a-1     Ready,SchedulingDisabled   <none>          20d   v1.28.9   cluster.x-k8s.io/deployment-name=md-a,kubernetes.io/os=linux
worker-a-2     Ready                      <none>          20d   v1.28.9   cluster.x-k8s.io/deployment-name=md-a
gke-prod-default-pool-3e4a8b1c-x2v9   Ready   <none>   3d   v1.29.4-gke.100   <none>
";
    let parsed = parse(kubeadm).unwrap();
    let c = &parsed.clusters[0];
    assert_eq!(c.control_plane.version.as_ref().unwrap().to_string(), "1.29.4");
    let pools: Vec<String> =
        c.pools.iter().map(|p| format!("{} {} {}", p.name, p.version.as_ref().unwrap(), p.state)).collect();
    assert_eq!(pools, ["md-a 1.28.9 busy (1 node(s) cordoned)", "prod-default-pool 1.29.4 Succeeded"]);
    let messages: Vec<String> = parsed.diagnostics.iter().map(ToString::to_string).collect();
    assert_eq!(
        messages,
        ["warning: line 1, column 1: the table shows no pool labels: the GKE node names give `prod-default-pool`, which start with the cluster's name and may be shortened; check the pool names in the commands, or paste the table with `-L cloud.google.com/gke-nodepool`"]
    );
}

#[test]
fn a_wrong_cell_is_located_at_its_line_and_column() {
    let text = "NAME     STATUS   ROLES    AGE   VERSION\nnode-1   Ready    <none>   3d    v1.29.4\nnode-2   Ready    <none>   3d    1.29.x\n";
    let parsed = parse_with(text, &ParseOptions { control_plane_version: Some("1.29.4".parse().unwrap()) }).unwrap();
    let errors: Vec<String> = parsed.errors().map(ToString::to_string).collect();
    assert_eq!(
        errors,
        ["error: line 3, column 34 (VERSION): `1.29.x` is not a Kubernetes version: expected MAJOR.MINOR.PATCH such as 1.28.3 (a leading v is allowed)"]
    );
}

#[test]
fn tables_that_can_not_be_read_say_where() {
    let cases = [
        (
            "NAME     STATUS   ROLES    AGE   VERSION\nnode-1 Ready <none> 3d v1.29.4\n",
            "table syntax error at line 2, column 10: the row does not line up with the header's 5 columns. Note: paste the table as the terminal printed it, with its spacing.",
        ),
        (
            "$ az aks nodepool list -g rg --cluster-name c -o table\nName       OsType    KubernetesVersion\n---------  --------  -------------------\n",
            "table syntax error at line 2, column 1: no rows under the header. Note: the table has a header and no rows: the command matched nothing, or the paste was cut off.",
        ),
        (
            "NAME     STATUS   ROLES    AGE   VERSION\nnode-1   Ready    <none>   3d    v1.29.4\n\nsomething else\n",
            "table syntax error at line 4, column 1: this line is neither a row of the table above nor the header of a table Skewplan reads.",
        ),
    ];
    for (text, message) in cases {
        assert_eq!(parse(text).err().map(|e| e.to_string()).as_deref(), Some(message), "{text}");
    }
}

#[test]
fn tables_of_other_things_say_which_output_is_needed() {
    let readable = "Skewplan reads `kubectl get nodes` (plain, `-o wide` or `-o json`), `az aks show`, `az aks nodepool list` and `az aks get-upgrades` (`-o table` or `-o json`).";
    let cases = [
        (
            "$ kubectl get pods\nNAME                     READY   STATUS    RESTARTS   AGE\nweb-7d4b9c6f5d-abcde     1/1     Running   0          3d\n",
            "This is a table of workloads (`kubectl get pods` or `kubectl get deployments`), which does not say which versions the nodes run (the table at line 2), which describes no cluster to plan: paste `kubectl get nodes -o wide` (or `-o json`) instead, with the control plane's version.",
        ),
        (
            "NAME            REGION          EKSCTL CREATED\nprod            eu-west-1       True\n",
            "This is an `eksctl get` table, which leaves out the versions (the table at line 1), which describes no cluster to plan: paste `aws eks describe-cluster --name NAME --output json` and `aws eks describe-nodegroup --cluster-name NAME --nodegroup-name GROUP --output json`, or `kubectl get nodes -o wide`.",
        ),
        (
            "NAME    NAMESPACE   REVISION    UPDATED                                 STATUS      CHART           APP VERSION\nweb     default     3           2024-05-01 10:00:00.000000 +0000 UTC    deployed    web-1.2.0       1.2.0\n",
            "This is a list of Helm releases, which says nothing of the cluster's versions (the table at line 1), which describes no cluster to plan: paste `kubectl get nodes -o wide` (or `-o json`), or your provider's cluster description (`az aks show -o json`).",
        ),
    ];
    for (text, message) in cases {
        assert_eq!(parse(text).err().map(|e| e.to_string()), Some(format!("{message} {readable}")), "{text}");
    }
}

#[test]
fn an_az_aks_list_table_is_a_list_of_clusters_without_pools() {
    let text = "\
Name    Location    ResourceGroup    KubernetesVersion    CurrentKubernetesVersion    ProvisioningState    Fqdn
------  ----------  ---------------  -------------------  --------------------------  -------------------  ------
prod    eastus      rg-prod          1.33.5               1.33.5                      Succeeded            p.hcp
dev     westeurope  rg-dev           1.34                 1.34.2                      Upgrading            d.hcp
";
    let parsed = parse(text).unwrap();
    assert_eq!(parsed.format.id(), "aks-cluster-list");
    let clusters: Vec<String> = parsed
        .clusters
        .iter()
        .map(|c| {
            let cp = &c.control_plane;
            format!("{} {} {} {}", c.name, cp.version.as_ref().unwrap(), c.resource_group.as_deref().unwrap(), c.source)
        })
        .collect();
    assert_eq!(clusters, ["prod 1.33.5 rg-prod line 3, column 1", "dev 1.34.2 rg-dev line 4, column 1"]);
}

#[test]
fn kubectl_warnings_and_klog_lines_before_a_node_list_are_skipped() {
    let json = fixture("kubectl-nodes/aks_kubectl-get-nodes-json_3nodes_v1.18.19.json");
    let text = format!(
        "user@box:~$ kubectl get nodes -o json\nE1201 10:00:00.123456   12345 memcache.go:265] couldn't get current server API group list: the server has asked for the client to provide credentials\nWarning: v1 ComponentStatus is deprecated in v1.19+\n{json}"
    );
    let (noisy, clean) = (parse(&text).unwrap(), parse(&json).unwrap());
    assert_eq!(noisy.clusters, clean.clusters);
    let skipped: Vec<String> =
        noisy.diagnostics.iter().filter(|d| d.message.starts_with("skipped")).map(|d| d.path.to_string()).collect();
    assert_eq!(skipped, ["line 1, column 1", "line 2, column 1", "line 3, column 1"]);
}
