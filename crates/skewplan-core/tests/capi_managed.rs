//! Cluster API control planes a cloud runs (CAPZ on AKS, CAPA on EKS): the
//! real provider templates, rendered as clusterctl would, planned end to end
//! with the cloud's rules; exact commands per type; every script through
//! `bash -n` and shellcheck; every patch applied with `kubectl patch --local`.

use skewplan_core::api::{Choices, Outcome};
use skewplan_core::input::{parse, Severity};
use skewplan_core::model::{ManagedControlPlane, PoolMode};
use skewplan_testkit::{fixture, rendered_fixture, run_ok, step_commands, workspace_root};
use std::path::PathBuf;
use std::process::Command;

fn rendered(rel: &str, kubernetes_version: &str) -> String {
    rendered_fixture(rel, kubernetes_version)
}

fn plan(text: &str, target: &str, strategy: &str) -> Outcome {
    run_ok(text, &Choices { target: target.into(), strategy: strategy.into(), ..Choices::default() })
}

/// The content of the plan's file `name`.
fn file<'a>(outcome: &'a Outcome, name: &str) -> &'a str {
    let files = outcome.selected().map(|(_, _, sel)| sel.rendered.files.as_slice()).unwrap_or_default();
    files.iter().find(|f| f.name == name).map(|f| f.content.as_str()).unwrap_or_else(|| panic!("no file {name}"))
}

fn notes(outcome: &Outcome) -> Vec<String> {
    let (_, _, sel) = outcome.selected().expect("a plan");
    sel.rendered.steps.iter().flat_map(|s| s.notes.clone()).collect()
}

fn blocked_rule(outcome: &Outcome) -> Option<&'static str> {
    let (_, _, sel) = outcome.selected().expect("a plan");
    sel.plan.blocked.as_ref().map(|b| b.rule.id)
}

fn policy(outcome: &Outcome) -> String {
    outcome.plan_json().expect("a plan")["policy"].as_str().unwrap_or_default().to_string()
}

const AMCP: &str = "azuremanagedcontrolplane.v1beta1.infrastructure.cluster.x-k8s.io prod --namespace \"$NAMESPACE\"";
const AAMCP: &str =
    "azureasomanagedcontrolplane.v1beta1.infrastructure.cluster.x-k8s.io prod --namespace \"$NAMESPACE\"";
const MP: &str = "machinepool.v1beta1.cluster.x-k8s.io";
const AWSMCP: &str =
    "awsmanagedcontrolplane.v1beta2.controlplane.cluster.x-k8s.io prod-control-plane --namespace \"$NAMESPACE\"";

/// A MachinePool's rollout waits: observed generation, then its counters
/// against `spec.replicas` read when the wait runs.
fn machine_pool_waits(name: &str, minutes: u64) -> [String; 4] {
    let get = |path: &str| {
        format!("\"$(kubectl get {MP} {name} --namespace \"$NAMESPACE\" '--output=jsonpath={{{path}}}')\"")
    };
    let wait = |field: &str, path: &str, m: u64| {
        format!(
            "kubectl wait {MP} {name} --namespace \"$NAMESPACE\" '--for=jsonpath={{.status.{field}}}='{} --timeout={m}m",
            get(path)
        )
    };
    [
        wait("observedGeneration", ".metadata.generation", 10),
        wait("replicas", ".spec.replicas", minutes),
        wait("readyReplicas", ".spec.replicas", minutes),
        wait("availableReplicas", ".spec.replicas", minutes),
    ]
}

/// CAPZ's AKS flavor (templates/cluster-template-aks.yaml) at v1.34.7: AKS
/// rules (the embedded AKS list, pools within AKS's window) and the
/// commands per type.
#[test]
fn capz_aks_template_plans_with_aks_rules_and_patches_each_object() {
    let text = rendered("cluster-api/capz_templates_aks_TEMPLATED.yaml", "v1.34.7");
    let parsed = parse(&text).expect("read");
    let cluster = &parsed.clusters[0];
    assert_eq!(cluster.managed_control_plane(), Some(ManagedControlPlane::Aks));
    let modes: Vec<(&str, PoolMode)> = cluster.pools.iter().map(|p| (p.name.as_str(), p.mode)).collect();
    assert_eq!(modes, [("prod-pool0", PoolMode::System), ("prod-pool1", PoolMode::User)]);

    let out = plan(&text, "1.36.2", "");
    assert_eq!(policy(&out), "aks");
    let mut want = vec![
        format!("upgrade-control-plane: kubectl patch {AMCP} --type=merge --patch-file=step-01-prod-kubernetes-version-patch.yaml"),
        format!("upgrade-control-plane: kubectl wait {AMCP} '--for=jsonpath={{.status.version}}=v1.35.6' --timeout=40m"),
        format!("upgrade-control-plane: kubectl wait {AMCP} --for=condition=Ready=True --timeout=40m"),
        format!("upgrade-control-plane: kubectl patch {AMCP} --type=merge --patch-file=step-02-prod-kubernetes-version-patch.yaml"),
        format!("upgrade-control-plane: kubectl wait {AMCP} '--for=jsonpath={{.status.version}}=v1.36.2' --timeout=40m"),
        format!("upgrade-control-plane: kubectl wait {AMCP} --for=condition=Ready=True --timeout=40m"),
    ];
    for (n, pool) in [(3, "prod-pool0"), (4, "prod-pool1")] {
        let [observed, replicas, ready, available] = machine_pool_waits(pool, 70);
        want.extend([
            format!("upgrade-pool: kubectl patch {MP} {pool} --namespace \"$NAMESPACE\" --type=merge --patch-file=step-0{n}-{pool}-kubernetes-version-patch.yaml"),
            format!("upgrade-pool: {observed}"),
            format!("upgrade-pool: kubectl wait managedclustersagentpool.containerservice.azure.com {pool} --namespace \"$NAMESPACE\" '--for=jsonpath={{.status.currentOrchestratorVersion}}=1.36.2' --timeout=70m"),
            format!("upgrade-pool: {replicas}"),
            format!("upgrade-pool: {ready}"),
            format!("upgrade-pool: {available}"),
        ]);
    }
    assert_eq!(step_commands(&out), want);
    let patches = [
        (
            "step-01-prod-kubernetes-version-patch.yaml",
            "apiVersion: \"infrastructure.cluster.x-k8s.io/v1beta1\"\nkind: \"AzureManagedControlPlane\"\nspec:\n  version: \"v1.35.6\"\n",
        ),
        (
            "step-03-prod-pool0-kubernetes-version-patch.yaml",
            "apiVersion: \"cluster.x-k8s.io/v1beta1\"\nkind: \"MachinePool\"\nspec:\n  template:\n    spec:\n      version: \"v1.36.2\"\n",
        ),
    ];
    for (name, content) in patches {
        assert_eq!(file(&out, name), content, "{name}");
    }
    check_script(&out, "capz-aks");
    check_patches(&out, &text, "capz-aks");
}

/// AKS's window: a pool three minors behind is allowed from control plane
/// 1.28 on, four is not (the same rules as `az aks` input).
#[test]
fn capz_pools_follow_the_aks_window() {
    let text = rendered("cluster-api/capz_templates_aks_TEMPLATED.yaml", "v1.34.7")
        .replacen("version: v1.34.7\n---\napiVersion: infrastructure.cluster.x-k8s.io/v1beta1\nkind: AzureManagedMachinePool\nmetadata:\n  name: prod-pool0", "version: v1.31.13\n---\napiVersion: infrastructure.cluster.x-k8s.io/v1beta1\nkind: AzureManagedMachinePool\nmetadata:\n  name: prod-pool0", 1);
    assert!(text.contains("version: v1.31.13"), "the pool's version was not replaced");
    let out = plan(&text, "1.35.6", "control-plane-first");
    assert_eq!(blocked_rule(&out), Some("aks.pool-minor-window"), "{:?}", step_commands(&out));
    let out = plan(&text, "1.35.6", "");
    assert_eq!(blocked_rule(&out), None);
    let first_pool = step_commands(&out).into_iter().position(|c| c.starts_with("upgrade-pool"));
    let first_cp = step_commands(&out).into_iter().position(|c| c.starts_with("upgrade-control-plane"));
    assert!(first_pool < first_cp, "the pool four minors behind must move first: {:?}", step_commands(&out));
}

/// CAPZ's ASO flavor (templates/cluster-template-aks-aso.yaml): the embedded
/// ManagedCluster sets no kubernetesVersion, so spec.version is patched; the
/// agent pool is the embedded ManagedClustersAgentPool.
#[test]
fn capz_aso_template_patches_spec_version_and_waits_on_the_embedded_agent_pool() {
    let text = rendered("cluster-api/capz_templates_aks-aso_TEMPLATED.yaml", "v1.35.6");
    let out = plan(&text, "1.36.2", "");
    assert_eq!(policy(&out), "aks");
    let [observed, replicas, ready, available] = machine_pool_waits("prod-pool0", 70);
    let cmds = step_commands(&out);
    assert_eq!(
        cmds[..3],
        [
            format!("upgrade-control-plane: kubectl patch {AAMCP} --type=merge --patch-file=step-01-prod-kubernetes-version-patch.yaml"),
            format!("upgrade-control-plane: kubectl wait {AAMCP} '--for=jsonpath={{.status.version}}=v1.36.2' --timeout=40m"),
            format!("upgrade-control-plane: kubectl wait {AAMCP} '--for=jsonpath={{.status.ready}}=true' --timeout=40m"),
        ]
    );
    assert_eq!(
        cmds[3..9],
        [
            format!("upgrade-pool: kubectl patch {MP} prod-pool0 --namespace \"$NAMESPACE\" --type=merge --patch-file=step-02-prod-pool0-kubernetes-version-patch.yaml"),
            format!("upgrade-pool: {observed}"),
            "upgrade-pool: kubectl wait managedclustersagentpool.containerservice.azure.com prod-pool0 --namespace \"$NAMESPACE\" '--for=jsonpath={.status.currentOrchestratorVersion}=1.36.2' --timeout=70m".to_string(),
            format!("upgrade-pool: {replicas}"),
            format!("upgrade-pool: {ready}"),
            format!("upgrade-pool: {available}"),
        ]
    );
    check_script(&out, "capz-aso");
    check_patches(&out, &text, "capz-aso");
}

/// CAPA's EKS flavor (templates/cluster-template-eks.yaml): EKS's form of
/// the version on the control plane, one minor per update, and the
/// MachineDeployment of self-managed nodes patched as any other.
#[test]
fn capa_eks_template_patches_the_eks_version_and_the_machine_deployment() {
    let text = rendered("cluster-api/capa_templates_eks_TEMPLATED.yaml", "v1.33.0");
    let out = plan(&text, "1.35.9", "lockstep");
    assert_eq!(policy(&out), "upstream");
    let cmds = step_commands(&out);
    assert_eq!(
        cmds[..3],
        [
            format!("upgrade-control-plane: kubectl patch {AWSMCP} --type=merge --patch-file=step-01-prod-control-plane-kubernetes-version-patch.yaml"),
            format!("upgrade-control-plane: kubectl wait {AWSMCP} '--for=jsonpath={{.status.version}}=1.34' --timeout=40m"),
            format!("upgrade-control-plane: kubectl wait {AWSMCP} --for=condition=EKSControlPlaneReady=True --timeout=40m"),
        ]
    );
    assert_eq!(
        file(&out, "step-01-prod-control-plane-kubernetes-version-patch.yaml"),
        "apiVersion: \"controlplane.cluster.x-k8s.io/v1beta2\"\nkind: \"AWSManagedControlPlane\"\nspec:\n  version: \"v1.34\"\n"
    );
    assert!(
        cmds[3].starts_with("upgrade-pool: kubectl patch machinedeployment.v1beta1.cluster.x-k8s.io prod-md-0 "),
        "{cmds:?}"
    );
    assert!(notes(&out).iter().any(|n| n.contains("EKS-optimized AMI of 1.34")), "{:?}", notes(&out));
    // Lockstep moves the nodes between control-plane updates, as AWS asks.
    assert!(!notes(&out).iter().any(|n| n.contains("AWS asks")), "{:?}", notes(&out));
    let fewest = plan(&text, "1.35.9", "fewest-reimages");
    assert!(notes(&fewest).iter().any(|n| n.contains("AWS asks") && n.contains("`prod-md-0` (1.33.0)")));
    // What can be undone is what EKS allows, not what a KubeadmControlPlane does.
    let rollback = &out.selected().expect("a plan").2.rendered.advice.rollback;
    assert!(rollback[0].starts_with("EKS can't downgrade"), "{rollback:?}");
    assert!(!rollback.iter().any(|r| r.contains("KubeadmControlPlane")), "{rollback:?}");
    check_script(&out, "capa-eks");
    check_patches(&out, &text, "capa-eks");
}

/// CAPA's managed machine pool flavor sets no MachinePool version: CAPA
/// never changes such a node group's version, so the plan asks for it.
#[test]
fn capa_managed_machine_pool_without_a_version_is_a_located_error() {
    let text = rendered("cluster-api/capa_templates_eks-managedmachinepool_TEMPLATED.yaml", "v1.33.0");
    let parsed = parse(&text).expect("read");
    let at =
        |s: Severity| parsed.diagnostics.iter().filter(|d| d.severity == s).map(|d| d.to_string()).collect::<Vec<_>>();
    assert_eq!(
        at(Severity::Error),
        ["error: document 4: spec.template.spec.version: missing: MachinePool `prod-pool-0` does not say which Kubernetes version its machines run"]
    );
    assert!(at(Severity::Info).iter().any(|d| d.starts_with("info: document 4: spec.template.spec.version: MachinePool `prod-pool-0` sets no version: CAPA created its EKS node group")));
}

/// The template as published names its variables in every message.
#[test]
fn templates_as_published_name_their_variables() {
    for rel in ["cluster-api/capz_templates_aks_TEMPLATED.yaml", "cluster-api/capz_templates_aks-aso_TEMPLATED.yaml"] {
        let parsed = parse(&fixture(rel)).expect("read");
        assert!(
            parsed.errors().any(|d| d
                .to_string()
                .contains("spec.version: the value is the template variable `${KUBERNETES_VERSION}`")),
            "{rel}: {:?}",
            parsed.diagnostics
        );
    }
}

fn tempdir(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("skewplan-capi-managed-{tag}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The plan's script passes `bash -n` and shellcheck.
fn check_script(out: &Outcome, tag: &str) {
    let dir = tempdir(tag);
    let path = dir.join("upgrade.sh");
    std::fs::write(&path, out.script().expect("a script")).unwrap();
    let n = Command::new("bash").arg("-n").arg(&path).output().unwrap();
    assert!(n.status.success(), "{tag}: bash -n: {}", String::from_utf8_lossy(&n.stderr));
    let sc = Command::new("shellcheck").arg(&path).output().expect("shellcheck (cargo xtask setup installs it)");
    assert!(sc.status.success(), "{tag}: shellcheck:\n{}", String::from_utf8_lossy(&sc.stdout));
}

/// Every patch file applies to its object in `manifest` with
/// `kubectl patch --local` (tools/check_kubectl.sh) and sets the version.
fn check_patches(out: &Outcome, manifest: &str, tag: &str) {
    if Command::new("kubectl").arg("version").arg("--client").output().is_err() {
        assert!(std::env::var("SKEWPLAN_REQUIRE_TOOLS").as_deref() != Ok("1"), "kubectl is missing");
        return;
    }
    let (_, _, sel) = out.selected().expect("a plan");
    let dir = tempdir(&format!("{tag}-patches"));
    let mut applied = 0;
    for (step, rendered) in sel.plan.steps.iter().zip(&sel.rendered.steps) {
        for line in rendered.commands.iter().filter(|c| c.starts_with("kubectl patch ")) {
            let words: Vec<&str> = line.split(' ').collect();
            let (kind, name) = (words[2].split('.').next().unwrap(), words[3]);
            let object = manifest
                .split("\n---")
                .find(|d| {
                    d.to_lowercase().contains(&format!("kind: {kind}\n"))
                        && (d.contains(&format!("name: {name}\n")) || d.contains(&format!("name: \"{name}\"\n")))
                })
                .unwrap_or_else(|| panic!("no {kind} {name} in the manifest"));
            let patch_file = words.iter().find_map(|w| w.strip_prefix("--patch-file=")).unwrap();
            let patch_type = if line.contains("--type=json") { "json" } else { "merge" };
            std::fs::write(dir.join("object.yaml"), object.trim_start_matches('\n')).unwrap();
            std::fs::write(dir.join("patch"), file(out, patch_file)).unwrap();
            let res = Command::new("bash")
                .arg(workspace_root().join("tools/check_kubectl.sh"))
                .args(["patch", "object.yaml", "patch", patch_type])
                .current_dir(&dir)
                .output()
                .unwrap();
            let patched = String::from_utf8_lossy(&res.stdout);
            assert!(res.status.success(), "{patch_file}: {}", String::from_utf8_lossy(&res.stderr));
            let to = step.to.as_ref().unwrap();
            assert!(patched.contains(&format!("{}", to.minor_version())), "{patch_file} did not set {to}:\n{patched}");
            applied += 1;
        }
    }
    assert!(applied > 0, "no patch was applied");
}
