//! What Skewplan generates for every real fixture, checked by the real
//! tools: every output format is snapshotted; every script passes `bash -n`
//! and shellcheck and runs end to end with the provider CLIs stubbed; every
//! `az` line it runs is accepted by the Azure CLI's own parser
//! (tools/check_az.sh --deep); every Cluster API patch applies with
//! `kubectl patch --local` and sets the target. Every plan generated here
//! also holds the plan invariants (skewplan-testkit).
//!
//! shellcheck is required. The Azure CLI check runs where its venv exists
//! (`tools/check_az.sh --setup`), kubectl checks where kubectl is on PATH;
//! `SKEWPLAN_REQUIRE_TOOLS=1` (set by `cargo xtask test`) makes both required.

use skewplan_core::catalog::Catalog;
use skewplan_core::input::{parse_bytes, ParseOptions, Parsed};
use skewplan_core::model::{PoolDetails, Provider, VersionList};
use skewplan_core::plan::{plan, MachineChange, Plan, PlanRequest, Target};
use skewplan_core::render::{plan_json, plan_text, render, runbook, script, Rendered};
use skewplan_testkit::{
    assert_plan_holds, fixture, fixture_files, pool_of, read_for_planning, two_minors_ahead, workspace_root,
};
use std::path::{Path, PathBuf};
use std::process::Command;

struct Case {
    name: String,
    fixture: String,
    parsed: Parsed,
    index: usize,
    plan: Plan,
    rendered: Rendered,
}

/// Every plannable fixture, planned to the newest allowed version; AKS and
/// Cluster API fixtures also with every upstream version offered and a
/// machine change, so that every kind of command is generated.
fn cases() -> Vec<Case> {
    let mut cases = Vec::new();
    for (rel, bytes) in fixture_files() {
        let Some(parsed) = read_for_planning(&bytes).filter(|p| !p.clusters.is_empty()) else { continue };
        for (index, cluster) in parsed.clusters.iter().enumerate() {
            let mut variants = vec![("latest".to_string(), PlanRequest::default())];
            if matches!(cluster.provider, Provider::Aks | Provider::ClusterApi) {
                let mut req = two_minors_ahead(cluster);
                if let Some(p) = cluster.pools.first() {
                    let change = match cluster.provider {
                        Provider::Aks => MachineChange {
                            pool: p.name.clone(),
                            machine_size: Some("Standard_D8s_v5".into()),
                            machine_image: None,
                        },
                        _ => capi_machine_change(p),
                    };
                    req.options.machine_changes.push(change);
                }
                variants.push(("hops-and-machine-change".into(), req));
            }
            for (variant, req) in variants {
                let p = plan(cluster, &req);
                let name = format!("{}__{index}__{variant}", rel.replace('/', "__"));
                assert_plan_holds(cluster, &req, &p, &name);
                let rendered = render(&parsed, cluster, &p);
                cases.push(Case { name, fixture: rel.clone(), parsed: parsed.clone(), index, plan: p, rendered });
            }
        }
    }
    cases
}

/// A machine change in the fields the pool's template kind has.
fn capi_machine_change(p: &skewplan_core::Pool) -> MachineChange {
    let kind = match &p.details {
        PoolDetails::ClusterApi { infrastructure_ref: Some(r), .. } => r.kind.as_str(),
        _ => "",
    };
    let (size, image) = match kind {
        "AzureMachineTemplate" => {
            (Some("Standard_D8s_v5"), "/subscriptions/0/resourceGroups/rg/providers/Microsoft.Compute/images/capi")
        }
        "GCPMachineTemplate" => (Some("n2-standard-4"), "projects/p/global/images/capi-ubuntu"),
        "VSphereMachineTemplate" => (None, "ubuntu-2204-kube-next"),
        "DockerMachineTemplate" => (None, "kindest/node:next"),
        "NutanixMachineTemplate" => (None, "prism-image-next"),
        _ => (Some("m5.xlarge"), "ami-0123456789abcdef0"),
    };
    MachineChange { pool: p.name.clone(), machine_size: size.map(Into::into), machine_image: Some(image.into()) }
}

fn cluster(c: &Case) -> &skewplan_core::Cluster {
    &c.parsed.clusters[c.index]
}

#[test]
fn every_output_format_of_every_fixture_is_snapshotted() {
    let cases = cases();
    assert!(cases.len() >= 50, "only {} cases", cases.len());
    for c in &cases {
        let cl = cluster(c);
        let json = serde_json::to_string_pretty(&plan_json(&c.parsed, cl, &c.plan, &c.rendered)).unwrap();
        let all = format!(
            "==== text\n{}\n==== markdown\n{}\n==== script\n{}\n==== json\n{json}\n",
            plan_text(cl, &c.plan, &c.rendered),
            runbook(cl, &c.plan, &c.rendered),
            script(cl, &c.plan, &c.rendered)
        );
        insta::assert_snapshot!(format!("out__{}", c.name), all);
    }
}

fn tool_ok(program: &str, arg: &str) -> bool {
    Command::new(program).arg(arg).output().map(|o| o.status.success()).unwrap_or(false)
}

fn require_tools() -> bool {
    std::env::var("SKEWPLAN_REQUIRE_TOOLS").is_ok_and(|v| v == "1")
}

/// A valid stand-in for a variable the user would set.
fn placeholder(name: &str) -> &'static str {
    match name {
        "RESOURCE_GROUP" => "rg-skewplan",
        "CLUSTER" => "cluster1",
        "LOCATION" => "eastus",
        "API_MODEL" => "_output/cluster1/apimodel.json",
        "NAMESPACE" => "default",
        n if n.starts_with("AZURE_") => "00000000-0000-0000-0000-000000000000",
        n if n.starts_with("VM_SIZE_") => "Standard_D4s_v5",
        _ => "stand1",
    }
}

const STUBS: &str = r#"
__record() { local f="$1"; shift; local out="" a; for a in "$@"; do out+="'${a//\'/\'\\\'\'}' "; done; printf '%s\n' "${out% }" >> "$STUB_DIR/$f.txt"; }
az() { __record az az "$@"; case "$*" in *"--query provisioningState"*) echo Succeeded ;; *maxAgentPools*) echo true ;; esac; }
kubectl() { __record kubectl kubectl "$@"; case "$*" in *"get "*"--output=jsonpath="*) echo 3 ;; esac; if [ -p /dev/stdin ]; then cat >/dev/null; fi; }
aks-engine() { __record aks-engine aks-engine "$@"; }
aks-engine-azurestack() { __record aks-engine-azurestack aks-engine-azurestack "$@"; }
aws() { __record aws aws "$@"; }
gcloud() { __record gcloud gcloud "$@"; }
terraform() { __record terraform terraform "$@"; case "$*" in *-detailed-exitcode*) return 2 ;; esac; }
"#;

#[test]
fn scripts_pass_bash_n_and_shellcheck_and_run_with_stubbed_tools() {
    assert!(
        tool_ok("shellcheck", "--version"),
        "shellcheck is missing: `cargo xtask setup` installs it (Debian package shellcheck)"
    );
    let work = tempdir("scripts");
    let mut az_lines = Vec::new();
    let mut kubectl_lines = Vec::new();
    let mut terraform_lines = Vec::new();
    let mut scripts = 0;
    for c in cases() {
        if c.plan.steps.is_empty() {
            continue;
        }
        let dir = work.join(&c.name);
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("upgrade.sh");
        std::fs::write(&path, script(cluster(&c), &c.plan, &c.rendered)).unwrap();
        let n = Command::new("bash").arg("-n").arg(&path).output().unwrap();
        assert!(n.status.success(), "{}: bash -n: {}", c.name, String::from_utf8_lossy(&n.stderr));
        let sc = Command::new("shellcheck").arg(&path).output().unwrap();
        assert!(sc.status.success(), "{}: shellcheck:\n{}", c.name, String::from_utf8_lossy(&sc.stdout));

        // Run it with the provider CLIs replaced by functions that record
        // their arguments, every unset variable given a valid stand-in.
        let mut run = Command::new("bash");
        run.arg("-c").arg(format!("{STUBS}\nsource ./upgrade.sh")).current_dir(&dir).env("STUB_DIR", &dir);
        for v in &c.rendered.variables {
            if v.value.is_none() {
                run.env(&v.name, placeholder(&v.name));
            }
        }
        let out = run.output().unwrap();
        assert!(
            out.status.success(),
            "{}: the script failed with stubbed tools:\n{}",
            c.name,
            String::from_utf8_lossy(&out.stderr)
        );
        for (tool, sink) in
            [("az", &mut az_lines), ("kubectl", &mut kubectl_lines), ("terraform", &mut terraform_lines)]
        {
            if let Ok(text) = std::fs::read_to_string(dir.join(format!("{tool}.txt"))) {
                sink.extend(text.lines().map(|l| (c.name.clone(), l.to_string(), dir.clone())));
            }
        }
        scripts += 1;
    }
    assert!(scripts >= 30, "only {scripts} scripts");
    eprintln!(
        "{scripts} scripts: bash -n and shellcheck clean; {} az lines, {} kubectl lines recorded",
        az_lines.len(),
        kubectl_lines.len()
    );
    check_az(&work, &az_lines);
    check_kubectl_lines(&kubectl_lines);
    check_terraform(&work, &terraform_lines);
    check_terraform_edits(&work);
}

/// Every attribute edit of every Terraform step, written as HCL, is read by
/// `terraform fmt -` (HashiCorp's own HCL parser): the values are valid
/// HCL (quoted strings, numbers, references).
fn check_terraform_edits(work: &Path) {
    let mut hcl = String::new();
    for c in cases() {
        for note in c.rendered.steps.iter().flat_map(|s| &s.notes) {
            let Some(edit) = note.strip_prefix("edit ") else { continue };
            let Some((_, rest)) = edit.split_once(": ") else { continue };
            let Some((attribute, rest)) = rest.split_once(" = ") else { continue };
            let Some(value) = rest.rfind(" (").map(|i| &rest[..i]) else { continue };
            if value == "(removed)" {
                continue;
            }
            let mut parts: Vec<&str> = attribute.split('.').collect();
            let last = parts.pop().unwrap();
            // Nested blocks each on their own line, as HCL requires.
            let open: String = parts.iter().map(|b| format!("{b} {{\n")).collect();
            let close = "}\n".repeat(parts.len());
            hcl.push_str(&format!("resource \"t\" \"n\" {{\n{open}{last} = {value}\n{close}}}\n"));
        }
    }
    assert!(!hcl.is_empty(), "no Terraform edit was generated");
    if !tool_ok("terraform", "version") {
        assert!(!require_tools(), "terraform is missing");
        return;
    }
    let file = work.join("edits.tf");
    std::fs::write(&file, &hcl).unwrap();
    let out =
        Command::new("terraform").arg("fmt").arg("-").stdin(std::fs::File::open(&file).unwrap()).output().unwrap();
    assert!(out.status.success(), "terraform fmt refuses the edits:\n{}\n{hcl}", String::from_utf8_lossy(&out.stderr));
    eprintln!("{} Terraform edits parse as HCL (terraform fmt)", hcl.matches("resource ").count());
}

/// Every recorded terraform line's arguments are accepted by the real
/// terraform's flag parser: run in an empty directory, it fails only for
/// want of a configuration or a plan file, never on a flag.
fn check_terraform(work: &Path, lines: &[(String, String, PathBuf)]) {
    assert!(!lines.is_empty(), "no terraform line was generated");
    if !tool_ok("terraform", "version") {
        assert!(!require_tools(), "terraform is missing");
        eprintln!("terraform not found: {} terraform lines not checked", lines.len());
        return;
    }
    let empty = work.join("terraform-empty");
    std::fs::create_dir_all(&empty).unwrap();
    let mut seen = std::collections::BTreeSet::new();
    for (case, line, _) in lines {
        let args: Vec<String> = line.split(' ').skip(1).map(|w| w.trim_matches('\'').to_string()).collect();
        if !seen.insert(args.clone()) {
            continue;
        }
        let out = Command::new("terraform").args(&args).current_dir(&empty).env("NO_COLOR", "1").output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        for refusal in ["flag provided but not defined", "Too many command line arguments", "Usage: terraform"] {
            assert!(!err.contains(refusal), "{case}: terraform refuses `{line}`:\n{err}");
        }
    }
    eprintln!("{} distinct terraform command lines accepted by terraform's flag parser", seen.len());
}

fn check_az(work: &Path, lines: &[(String, String, PathBuf)]) {
    assert!(!lines.is_empty(), "no az line was generated");
    let venv = std::env::var("AZ_VENV")
        .map(PathBuf::from)
        .unwrap_or_else(|_| PathBuf::from(std::env::var("HOME").unwrap_or_default()).join(".cache/az-venv"));
    if !venv.join("bin/python").exists() {
        assert!(!require_tools(), "the Azure CLI venv is missing: tools/check_az.sh --setup");
        eprintln!("SKIPPED az checks: no Azure CLI venv at {}", venv.display());
        return;
    }
    let mut unique: Vec<&str> = lines.iter().map(|(_, l, _)| l.as_str()).collect();
    unique.sort();
    unique.dedup();
    let file = work.join("az-lines.txt");
    std::fs::write(&file, unique.join("\n") + "\n").unwrap();
    let out =
        Command::new("bash").arg(workspace_root().join("tools/check_az.sh")).arg("--deep").arg(&file).output().unwrap();
    let report = String::from_utf8_lossy(&out.stdout);
    let rejected: Vec<&str> = report.lines().filter(|l| l.starts_with("REJECTED")).collect();
    assert!(
        rejected.is_empty() && out.status.success(),
        "az rejected:\n{report}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    eprintln!("check_az.sh --deep: {}", report.lines().last().unwrap_or_default());
}

fn kubectl_minor() -> Option<u64> {
    let out = Command::new("kubectl").args(["version", "--client", "--output=json"]).output().ok()?;
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).ok()?;
    v["clientVersion"]["minor"].as_str()?.trim_end_matches('+').parse().ok()
}

fn check_kubectl_lines(lines: &[(String, String, PathBuf)]) {
    let Some(minor) = kubectl_minor() else {
        assert!(!require_tools(), "kubectl is missing");
        eprintln!("SKIPPED kubectl checks: no kubectl");
        return;
    };
    if minor < 23 {
        // `kubectl wait --for=jsonpath` needs kubectl 1.23; older clients
        // check the patch files only (see the test below).
        eprintln!("SKIPPED kubectl command checks: kubectl 1.{minor} predates `wait --for=jsonpath`");
        return;
    }
    // Commands are checked from the directory that holds their patch files.
    // Pipeline stages that read the previous stage (`-f-`) are checked by
    // applying their patch files (the test below), not on their own.
    let mut by_dir: std::collections::BTreeMap<&Path, Vec<&str>> = Default::default();
    let mut piped = 0;
    for (_, line, dir) in lines {
        if line.contains("'-f-'") {
            piped += 1;
            continue;
        }
        by_dir.entry(dir.as_path()).or_default().push(line.as_str());
    }
    let mut accepted = 0;
    for (dir, cmds) in by_dir {
        let file = dir.join("kubectl-lines.txt");
        std::fs::write(&file, cmds.join("\n") + "\n").unwrap();
        let out = Command::new("bash")
            .arg(workspace_root().join("tools/check_kubectl.sh"))
            .arg("commands")
            .arg(&file)
            .output()
            .unwrap();
        let report = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "kubectl rejected in {}:\n{report}", dir.display());
        accepted += report.lines().filter(|l| l.starts_with("ACCEPTED")).count();
    }
    eprintln!(
        "check_kubectl.sh commands: {accepted} accepted ({piped} pipeline stages checked through their patch files)"
    );
}

#[test]
fn cluster_api_patches_apply_with_kubectl_and_set_the_target() {
    if kubectl_minor().is_none() {
        assert!(!require_tools(), "kubectl is missing");
        eprintln!("SKIPPED: no kubectl");
        return;
    }
    let work = tempdir("patches");
    let mut applied = 0;
    for c in cases().into_iter().filter(|c| cluster(c).provider == Provider::ClusterApi && c.fixture.ends_with(".yaml"))
    {
        let text = fixture(&c.fixture);
        let docs: Vec<&str> = text.split("\n---").collect();
        for (i, step) in c.plan.steps.iter().enumerate() {
            let Some(to) = &step.to else { continue };
            let out = &c.rendered.steps[i];
            for fname in out.files.iter().filter(|f| f.ends_with("-kubernetes-version-patch.yaml")) {
                let file = c.rendered.files.iter().find(|f| &f.name == fname).unwrap();
                // The object the patch is for, as the fixture has it.
                let (kind, name) = match pool_of(step) {
                    Some(pool) => match &cluster(&c).pool(&pool).unwrap().details {
                        PoolDetails::ClusterApi { object_kind, .. } => (object_kind.clone(), pool),
                        _ => continue,
                    },
                    None => {
                        let o = cluster(&c).control_plane.cluster_api_object().cloned().unwrap();
                        (o.kind, o.name)
                    }
                };
                let Some(manifest) = docs
                    .iter()
                    .find(|d| d.contains(&format!("kind: {kind}\n")) && d.contains(&format!("name: {name}\n")))
                else {
                    continue;
                };
                let dir = work.join(format!("{}-{i}", c.name));
                std::fs::create_dir_all(&dir).unwrap();
                let res = kubectl_patch(&dir, manifest.trim_start_matches('\n'), &file.content);
                let patched = String::from_utf8_lossy(&res.stdout);
                assert!(
                    res.status.success(),
                    "{}: {fname} did not apply: {}",
                    c.name,
                    String::from_utf8_lossy(&res.stderr)
                );
                let want = format!("version: v{}", to.display_full());
                assert!(patched.contains(&want), "{}: {fname} did not set {want}:\n{patched}", c.name);
                let changes_machines = step.pool.as_ref().is_some_and(|p| p.machine.is_some());
                if changes_machines && kind == "MachinePool" {
                    // Its infrastructure object is patched in place; the
                    // MachinePool keeps its reference.
                    assert!(
                        !file.content.contains("infrastructureRef"),
                        "{}: a MachinePool's reference changed",
                        c.name
                    );
                } else if out.files.iter().any(|f| f.contains("template-name-patch")) {
                    // A new template (none when no field of the change fits the kind).
                    assert!(
                        patched.contains("infrastructureRef:") && file.content.contains("infrastructureRef"),
                        "{}: the new template is not referenced",
                        c.name
                    );
                }
                applied += 1;
            }
        }
    }
    assert!(applied >= 10, "only {applied} patches applied");
    let templates = template_patches_apply(&work);
    assert!(templates >= 3, "only {templates} machine templates rebuilt");
    eprintln!("{applied} Cluster API patches applied with kubectl patch --local and set the target");
}

/// `object` with the merge patch `patch` applied by `kubectl patch --local`
/// (tools/check_kubectl.sh), both written to `dir` first.
fn kubectl_patch(dir: &Path, object: &str, patch: &str) -> std::process::Output {
    std::fs::write(dir.join("object.yaml"), object).unwrap();
    std::fs::write(dir.join("patch.yaml"), patch).unwrap();
    Command::new("bash")
        .arg(workspace_root().join("tools/check_kubectl.sh"))
        .args(["patch", "object.yaml", "patch.yaml", "merge"])
        .current_dir(dir)
        .output()
        .unwrap()
}

/// The new machine template of a machine change: the old template with the
/// name, image and type patches applied in order, as the pipeline does.
fn template_patches_apply(work: &Path) -> usize {
    let mut rebuilt = 0;
    for c in cases().into_iter().filter(|c| cluster(c).provider == Provider::ClusterApi && c.fixture.ends_with(".yaml"))
    {
        // A managed pool's machines change only through a new pool.
        if cluster(&c).managed_control_plane().is_some() {
            continue;
        }
        let text = fixture(&c.fixture);
        let docs: Vec<&str> = text.split("\n---").collect();
        for (i, step) in c.plan.steps.iter().enumerate() {
            let Some(change) = step.pool.as_ref().and_then(|p| p.machine.clone()) else { continue };
            let Some(PoolDetails::ClusterApi { infrastructure_ref: Some(r), object_kind, .. }) =
                cluster(&c).pool(&change.pool).map(|p| &p.details)
            else {
                continue;
            };
            if object_kind == "MachinePool" {
                // Patched in place, never copied: no template patches; an
                // unknown kind is named in a note.
                let files = &c.rendered.steps[i].files;
                assert!(files.iter().all(|f| !f.contains("template-name-patch")), "{}: {files:?}", c.name);
                let notes = c.rendered.steps[i].notes.join("\n");
                assert!(files.iter().any(|f| f.contains("machine-")) || notes.contains(&r.kind), "{}", c.name);
                continue;
            }
            let Some(manifest) = docs
                .iter()
                .find(|d| d.contains(&format!("kind: {}\n", r.kind)) && d.contains(&format!("name: {}\n", r.name)))
            else {
                continue;
            };
            let dir = work.join(format!("{}-template-{i}", c.name));
            std::fs::create_dir_all(&dir).unwrap();
            let mut current = manifest.trim_start_matches('\n').to_string();
            let patches: Vec<&String> = c.rendered.steps[i]
                .files
                .iter()
                .filter(|f| f.contains("template-name-patch") || f.contains("machine-"))
                .collect();
            if patches.is_empty() {
                // No field of the change fits the kind (a MachinePool's
                // infrastructure object): no copy, and a note says so.
                let notes = c.rendered.steps[i].notes.join("\n");
                assert!(notes.contains(&r.kind), "{}: no template patches and no note on {}", c.name, r.kind);
                continue;
            }
            for fname in patches {
                let file = c.rendered.files.iter().find(|f| &f.name == fname).unwrap();
                let res = kubectl_patch(&dir, &current, &file.content);
                assert!(res.status.success(), "{}: {fname}: {}", c.name, String::from_utf8_lossy(&res.stderr));
                current = String::from_utf8_lossy(&res.stdout).into_owned();
            }
            assert!(
                current.contains(&format!("name: {}-", r.name)),
                "{}: the template was not renamed:\n{current}",
                c.name
            );
            // A value is set in the template, or the step says why not (a
            // kind whose field is unknown or can't be set from one value).
            let notes = c.rendered.steps[i].notes.join("\n");
            for value in [&change.machine_size, &change.machine_image].into_iter().flatten() {
                assert!(
                    current.contains(&format!(": {value}\n")) || notes.contains(&r.kind),
                    "{}: {value} not set and no note says why:\n{current}",
                    c.name
                );
            }
            rebuilt += 1;
        }
    }
    eprintln!("{rebuilt} machine templates rebuilt from their old template with kubectl patch --local");
    rebuilt
}

#[test]
fn planted_secrets_appear_only_in_the_downloadable_api_model() {
    let api_model = fixture("aks-engine/examples_kubernetes-releases_kubernetes1.21.json");
    let mut doc: serde_json::Value = serde_json::from_str(&api_model).unwrap();
    let props = doc["properties"].as_object_mut().unwrap();
    props.insert(
        "servicePrincipalProfile".into(),
        serde_json::json!({"clientId": "11111111-2222-3333-4444-555555555555", "secret": "PLANTED-sp-secret-8f7e6d"}),
    );
    props.insert("certificateProfile".into(), serde_json::json!({"caPrivateKey": "-----BEGIN RSA PRIVATE KEY-----\nPLANTEDKEYMATERIAL\n-----END RSA PRIVATE KEY-----", "apiServerCertificate": "PLANTED-cert-0a1b2c"}));
    props.insert(
        "windowsProfile".into(),
        serde_json::json!({"adminUsername": "azureuser", "adminPassword": "PLANTED-win-pass-123"}),
    );
    let planted_model = serde_json::to_string_pretty(&doc).unwrap();

    let cluster = r#"{"name": "prod", "resourceGroup": "rg", "kubernetesVersion": "1.31.13", "currentKubernetesVersion": "1.31.13", "provisioningState": "Succeeded",
      "servicePrincipalProfile": {"clientId": "msi", "secret": "PLANTED-aks-sp-secret-x9"},
      "windowsProfile": {"adminUsername": "azureuser", "adminPassword": "PLANTED-aks-win-pass-77"},
      "linuxProfile": {"adminUsername": "azureuser", "ssh": {"publicKeys": [{"keyData": "ssh-rsa AAAAB3NzaPLANTEDPUBLIC"}]}},
      "agentPoolProfiles": [{"name": "system", "mode": "System", "count": 3, "vmSize": "Standard_D4s_v5", "orchestratorVersion": "1.31.13", "currentOrchestratorVersion": "1.31.13", "provisioningState": "Succeeded"}]}"#;

    for (input, planted) in [
        (
            planted_model.as_str(),
            vec!["PLANTED-sp-secret-8f7e6d", "PLANTEDKEYMATERIAL", "PLANTED-cert-0a1b2c", "PLANTED-win-pass-123"],
        ),
        (cluster, vec!["PLANTED-aks-sp-secret-x9", "PLANTED-aks-win-pass-77"]),
    ] {
        let parsed = parse_bytes(input.as_bytes(), &ParseOptions::default()).unwrap();
        let held: Vec<&str> = parsed.secrets.paths().collect();
        assert_eq!(held.len(), planted.len(), "secrets held: {held:?}");
        let c = &parsed.clusters[0];
        let mut api_models = 0;
        for strategy in skewplan_core::plan::Strategy::ALL {
            let p = plan(c, &PlanRequest { strategy, target: Target::Latest, ..PlanRequest::default() });
            let r = render(&parsed, c, &p);
            let outputs = [
                plan_text(c, &p, &r),
                runbook(c, &p, &r),
                script(c, &p, &r),
                serde_json::to_string(&plan_json(&parsed, c, &p, &r)).unwrap(),
                format!("{parsed:?}"),
                format!("{p:?}"),
            ];
            for (i, out) in outputs.iter().enumerate() {
                for s in &planted {
                    assert!(!out.contains(s), "output {i} leaks {s}");
                }
            }
            for f in &r.files {
                let leaks = planted.iter().any(|s| f.content.contains(s));
                if f.sensitive {
                    api_models += 1;
                    assert!(
                        leaks && f.name.starts_with("apimodel-"),
                        "the downloadable API model keeps the user's document whole"
                    );
                } else {
                    assert!(!leaks, "{} leaks a secret", f.name);
                }
            }
        }
        if c.provider == Provider::AksEngine {
            assert!(api_models > 0, "the updated API model is offered");
        }
    }
}

fn tempdir(tag: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("skewplan-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// A plan with workloads, its script, and that script run with the tools
/// stubbed (`extra` is bash run after the stubs, to override one).
fn workload_script(
    work: &Path,
    name: &str,
    input: &str,
    request: PlanRequest,
    extra: &str,
) -> (Plan, std::process::Output) {
    let parsed = read_for_planning(input.as_bytes()).unwrap();
    let cluster = &parsed.clusters[0];
    let p = plan(cluster, &request);
    let rendered = render(&parsed, cluster, &p);
    let dir = work.join(name);
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("upgrade.sh");
    std::fs::write(&path, script(cluster, &p, &rendered)).unwrap();
    let n = Command::new("bash").arg("-n").arg(&path).output().unwrap();
    assert!(n.status.success(), "{name}: bash -n: {}", String::from_utf8_lossy(&n.stderr));
    let sc = Command::new("shellcheck").arg(&path).output().unwrap();
    assert!(sc.status.success(), "{name}: shellcheck:\n{}", String::from_utf8_lossy(&sc.stdout));
    let mut run = Command::new("bash");
    run.arg("-c").arg(format!("{STUBS}\n{extra}\nsource ./upgrade.sh")).current_dir(&dir).env("STUB_DIR", &dir);
    for v in rendered.variables.iter().filter(|v| v.value.is_none()) {
        run.env(&v.name, placeholder(&v.name));
    }
    (p, run.output().unwrap())
}

/// The script of a plan with workloads re-checks the live cluster before it
/// starts: it passes bash -n and shellcheck, stops with its message while
/// the old API serves a blocking object or the API server counted calls to
/// an API a hop removes, and runs through for the migrated manifests.
#[test]
fn workload_preflight_passes_shellcheck_and_stops_the_script_with_its_message() {
    assert!(tool_ok("shellcheck", "--version"), "shellcheck is missing");
    use skewplan_core::workloads::{read, Workloads};
    let work = tempdir("workloads");
    let capi = fixture("cluster-api/capi_docker_simple-cluster_v1beta1_v1.27.3.yaml").replace("v1.27.3", "v1.21.14");
    let to = |v: &str| Target::NewestOf(v.parse::<skewplan_core::KubeVersion>().unwrap().minor_version());
    let with = |files: &[(&str, &str)], target: &str| {
        let mut w = Workloads::default();
        for (n, t) in files {
            w.merge(read(n, t).unwrap());
        }
        PlanRequest { target: to(target), workloads: w, ..PlanRequest::default() }
    };
    let ingress = fixture("workloads/kube-state-metrics_v1.9.0_tests-manifests-ingress.yaml");
    let pdb = "NAMESPACE  NAME  MIN AVAILABLE  MAX UNAVAILABLE  ALLOWED DISRUPTIONS  AGE\nshop  db  N/A  0  0  3d\n";
    let files = [("ingress.yaml", ingress.as_str()), ("pdb.txt", pdb)];
    let (p, out) = workload_script(&work, "capi-blocked", &capi, with(&files, "1.23.0"), "");
    assert!(p.blocked.as_ref().is_some_and(|b| b.rule.id == "workloads.api-removed"));
    assert_eq!(out.status.code(), Some(1), "the preflight stops the script");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("skewplan: Ingress example-ingress is still served as extensions/v1beta1 (ingress.yaml:1), which 1.22 removes: migrate it to networking.k8s.io/v1 and plan again"),
        "{stderr}"
    );

    let migrated = ingress.replace("extensions/v1beta1", "networking.k8s.io/v1");
    let files = [("ingress.yaml", migrated.as_str()), ("pdb.txt", pdb)];
    let (p, out) = workload_script(&work, "capi-migrated", &capi, with(&files, "1.23.0"), "");
    assert_eq!(p.blocked, None);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let metric = r#"kubectl() { __record kubectl kubectl "$@"; case "$*" in *"get --raw /metrics"*) echo 'apiserver_requested_deprecated_apis{group="extensions",removed_release="1.22",resource="ingresses",subresource="",version="v1beta1"} 3' ;; esac; }"#;
    let (_, out) = workload_script(&work, "capi-calls", &capi, with(&files, "1.23.0"), metric);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("counted calls to APIs that 1.22 removes"));

    // AKS: the gate on deprecated API calls is named, and the script's az
    // lines before the stop still run.
    let aks = fixture("aks-managed-cluster/azcli-rec_managedcluster-get_linux+windows-pools_1.25.6.json");
    let flow =
        "apiVersion: flowcontrol.apiserver.k8s.io/v1beta1\nkind: FlowSchema\nmetadata:\n  name: service-accounts\n";
    let mut all = VersionList::default();
    for m in &Catalog::embedded().minors {
        all.offer(m.newest_patch.clone(), false, false);
    }
    let request = PlanRequest { versions: Some(all), ..with(&[("flow.yaml", flow), ("pdb.txt", pdb)], "1.27.0") };
    let (p, out) = workload_script(&work, "aks-blocked", &aks, request, "");
    let report = p.workloads.as_ref().unwrap();
    let rules: Vec<&str> = report.findings.iter().map(|f| f.rule.id).collect();
    assert_eq!(rules, ["workloads.api-removed", "aks.deprecated-api-gate", "aks.pdb-max-unavailable-zero"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr)
        .contains("FlowSchema service-accounts is still served as flowcontrol.apiserver.k8s.io/v1beta1"));
}
