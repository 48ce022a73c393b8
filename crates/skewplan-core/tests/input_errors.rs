//! Exact messages for the ways a paste goes wrong.

use skewplan_core::input::{parse, parse_bytes, InputError, ParseOptions, Severity};

fn error_of(text: &str) -> String {
    match parse(text) {
        Err(e) => e.to_string(),
        Ok(p) => panic!("expected an error, got format {:?}", p.format),
    }
}

/// Content diagnostics as `severity: path: message` lines.
fn diagnostics_of(text: &str) -> Vec<String> {
    parse(text)
        .unwrap_or_else(|e| panic!("expected a readable input: {e}"))
        .diagnostics
        .iter()
        .map(ToString::to_string)
        .collect()
}

const CLUSTER: &str = r#"{
  "name": "prod",
  "resourceGroup": "rg",
  "kubernetesVersion": "1.28.3",
  "currentKubernetesVersion": "1.28.3",
  "provisioningState": "Succeeded",
  "agentPoolProfiles": [
    {"name": "system", "mode": "System", "count": 3, "vmSize": "Standard_D4s_v5",
     "orchestratorVersion": "1.28.3", "currentOrchestratorVersion": "1.28.3", "provisioningState": "Succeeded"}
  ]
}"#;

#[test]
fn truncated_json_names_line_and_column() {
    let truncated = &CLUSTER[..CLUSTER.find("\"agentPoolProfiles\"").unwrap() + 30];
    assert_eq!(
        error_of(truncated),
        "JSON syntax error at line 8, column 7: EOF while parsing a string. Note: the text ends before the JSON \
         does: the paste looks cut off; copy the whole output."
    );
}

#[test]
fn missing_comma_names_line_and_column() {
    let broken = CLUSTER.replace("\"rg\",", "\"rg\"");
    assert_eq!(error_of(&broken), "JSON syntax error at line 4, column 3: expected `,` or `}`.");
}

#[test]
fn wrong_type_at_a_known_field_names_the_path() {
    let text = CLUSTER.replace("\"count\": 3", "\"count\": \"three\"");
    assert_eq!(
        diagnostics_of(&text),
        vec!["error: agentPoolProfiles[0].count: expected a whole number, found the text \"three\"".to_string()]
    );
}

#[test]
fn every_content_problem_is_reported_not_only_the_first() {
    let text = CLUSTER
        .replace("\"count\": 3", "\"count\": -2")
        .replace("\"currentOrchestratorVersion\": \"1.28.3\"", "\"currentOrchestratorVersion\": \"1.2x.3\"")
        .replace("\"orchestratorVersion\": \"1.28.3\"", "\"orchestratorVersion\": 1.28");
    assert_eq!(
        diagnostics_of(&text),
        vec![
            "error: agentPoolProfiles[0].currentOrchestratorVersion: `1.2x.3` is not a Kubernetes version: expected MAJOR.MINOR.PATCH such as 1.28.3 (a leading v is allowed)",
            "error: agentPoolProfiles[0].orchestratorVersion: the version is the number 1.28, which loses trailing zeros (1.30 reads as 1.3); write it as text, in quotes",
            "error: agentPoolProfiles[0].count: expected a whole number of 0 or more, found a negative number (-2)",
        ]
    );
}

#[test]
fn a_version_like_1_2x_3_is_refused_at_its_path() {
    let text = CLUSTER.replace("\"currentKubernetesVersion\": \"1.28.3\"", "\"currentKubernetesVersion\": \"1.2x.3\"");
    let parsed = parse(&text).unwrap();
    assert!(!parsed.is_usable());
    assert_eq!(
        parsed.errors().map(ToString::to_string).collect::<Vec<_>>(),
        vec!["error: currentKubernetesVersion: `1.2x.3` is not a Kubernetes version: expected MAJOR.MINOR.PATCH such as 1.28.3 (a leading v is allowed)"]
    );
}

#[test]
fn unknown_format_says_what_was_tried() {
    assert_eq!(
        error_of(r#"{"hello": "world"}"#),
        "The input is valid JSON but matches no format Skewplan reads. Tried: \
         AKS managed cluster (az aks show) (needs `kubernetesVersion` and `agentPoolProfiles`); \
         AKS node pool list (az aks nodepool list) (needs pools with `name` and `orchestratorVersion` or `vmSize`); \
         AKS upgrade profile (az aks get-upgrades) (needs `controlPlaneProfile` or `upgrades`); \
         AKS version list (az aks get-versions) (needs `values[].patchVersions` or `orchestrators`); \
         aks-engine API model (apimodel.json) (needs `properties.orchestratorProfile`); \
         ARM template (needs `$schema` and `resources`); \
         Cluster API objects (needs objects with `apiVersion` and `kind`); \
         node list (kubectl get nodes -o json) (needs `items` of kind Node); \
         EKS cluster (aws eks describe-cluster) (needs `cluster.version` or `nodegroup`); \
         GKE cluster (gcloud container clusters describe) (needs `currentMasterVersion` or `nodePools`); \
         Terraform plan (terraform show -json PLANFILE) (needs `format_version` with `resource_changes` or `values`)."
    );
    assert!(error_of("just some words").starts_with("The input is valid YAML but matches no format Skewplan reads."));
}

#[test]
fn elided_paste_is_explained() {
    let text = "{\n  ...\n  \"agentPoolProfiles\": [...],\n  \"name\": \"prod\"\n}\n";
    assert_eq!(
        error_of(text),
        "This looks copied from documentation or a terminal rather than the tool's output: `...` stands for left-out \
         content at line 2, column 3; line 3, column 25, so the JSON is incomplete. Run the command and paste its \
         complete output."
    );
}

#[test]
fn terminal_noise_is_skipped_and_noted() {
    let text = format!(
        "azureuser@Azure:~$ az aks show -g rg -n prod -o json\nWARNING: The behavior of this command has been \
         altered by the following extension: aks-preview\n{CLUSTER}\nazureuser@Azure:~$\n"
    );
    let parsed = parse(&text).unwrap();
    // Field paths hold no line numbers: the cluster two lines lower is the same cluster.
    assert_eq!(parsed.clusters, parse(CLUSTER).unwrap().clusters);
    let notes: Vec<String> = parsed.diagnostics.iter().map(ToString::to_string).collect();
    assert_eq!(
        notes,
        [
            "info: line 1, column 1: skipped the command line: `azureuser@Azure:~$ az aks show -g rg -n prod -o json`",
            "info: line 2, column 1: skipped a message the tool printed besides its output: `WARNING: The behavior \
             of this command has been altered by the following extension: aks-preview`",
            "info: line 14, column 1: skipped a terminal prompt: `azureuser@Azure:~$`",
        ]
    );
}

#[test]
fn a_paste_cut_off_after_the_command_line_is_located() {
    let text = format!("PS C:\\> az aks show -g rg -n prod -o json\n{}", &CLUSTER[..40]);
    assert_eq!(
        error_of(&text),
        "JSON syntax error at line 4, column 20: EOF while parsing a string. Note: the text ends before the JSON \
         does: the paste looks cut off; copy the whole output."
    );
    assert_eq!(
        error_of("$ az aks show -g rg -n prod\nERROR: (ResourceNotFound) The Resource 'prod' was not found.\n"),
        "This is an error message (line 2: `ERROR: (ResourceNotFound) The Resource 'prod' was not found.`), which \
         describes no cluster to plan: the command failed and printed no output; fix what the message says, run it \
         again and paste what it prints."
    );
}

#[test]
fn invalid_utf8_names_the_byte() {
    let mut in_a_name = b"{\n  \"name\": \"pr".to_vec();
    in_a_name.push(0xff);
    in_a_name.extend_from_slice(b"od\"\n}");
    let cases: [(&[u8], &str); 4] = [
        (&in_a_name, "offset 15 (line 2, column 14)"),
        (b"\xff\xfe{}", "offset 0 (line 1, column 1)"),
        (b"{\"name\": \"\xc3\x28\"}", "offset 10 (line 1, column 11)"),
        (b"\x80", "offset 0 (line 1, column 1)"),
    ];
    for (bytes, at) in cases {
        let err = parse_bytes(bytes, &ParseOptions::default()).unwrap_err();
        assert!(matches!(err, InputError::NotUtf8 { .. }), "{err:?}");
        assert_eq!(
            err.to_string(),
            format!(
                "The input is not UTF-8 text: invalid byte at {at}. Save the tool's output as UTF-8 and paste it again."
            )
        );
    }
}

#[test]
fn byte_order_mark_and_crlf_are_accepted() {
    let text = format!("\u{feff}{}", CLUSTER.replace('\n', "\r\n"));
    let parsed = parse_bytes(text.as_bytes(), &ParseOptions::default()).unwrap();
    assert_eq!(parsed.clusters[0].name, "prod");
    assert_eq!(parsed.clusters[0].pools[0].name, "system");
}

#[test]
fn empty_input_says_what_to_paste() {
    assert_eq!(
        error_of("  \n\t"),
        "The input is empty: paste the JSON or YAML your cluster tool printed, for example the output of `az aks show -g RG -n NAME -o json`."
    );
}

#[test]
fn ten_megabyte_input_is_read_whole() {
    let pool = r#"{"name": "pNNNNN", "mode": "User", "count": 3, "vmSize": "Standard_D4s_v5", "osType": "Linux", "orchestratorVersion": "1.28.3", "currentOrchestratorVersion": "1.28.3", "provisioningState": "Succeeded", "nodeImageVersion": "AKSUbuntu-2204gen2containerd-202405.27.0", "upgradeSettings": {"maxSurge": "33%"}, "padding": "PADDINGPADDINGPADDINGPADDINGPADDINGPADDINGPADDINGPADDINGPADDINGPADDINGPADDINGPADDINGPADDINGPADDINGPADDING"}"#;
    let mut text = String::from("[");
    let mut n = 0;
    while text.len() < 10 * 1024 * 1024 {
        if n > 0 {
            text.push(',');
        }
        text.push_str(&pool.replace("NNNNN", &format!("{n:05}")));
        n += 1;
    }
    text.push(']');
    let parsed = skewplan_core::input::parse_with(
        &text,
        &ParseOptions { control_plane_version: Some("1.28.3".parse().unwrap()) },
    )
    .unwrap();
    assert_eq!(parsed.clusters[0].pools.len(), n);
    assert!(parsed.diagnostics.iter().all(|d| d.severity < Severity::Error));
}

#[test]
fn node_list_takes_the_control_plane_version_when_given() {
    let nodes = r#"{"kind": "NodeList", "apiVersion": "v1", "items": [
      {"metadata": {"name": "aks-np1-0", "labels": {"kubernetes.azure.com/agentpool": "np1"}},
       "status": {"nodeInfo": {"kubeletVersion": "v1.27.9"}}}]}"#;
    let without = parse(nodes).unwrap();
    assert!(!without.is_usable());
    let with = skewplan_core::input::parse_with(
        nodes,
        &ParseOptions { control_plane_version: Some("1.28.5".parse().unwrap()) },
    )
    .unwrap();
    assert!(with.is_usable());
    assert_eq!(with.clusters[0].control_plane.version.as_ref().unwrap().to_string(), "1.28.5");
    assert_eq!(with.clusters[0].pools[0].version.as_ref().unwrap().to_string(), "1.27.9");
}
