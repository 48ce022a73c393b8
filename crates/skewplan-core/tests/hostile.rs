//! Hostile input: each case gets a clear error or a correct plan, and never
//! a panic. (Speed is measured by the benchmarks, not asserted here.)

use skewplan_core::api::{plan_document, run_choices, Choices};
use skewplan_core::input::{parse, parse_with, InputError, ParseOptions};
use skewplan_core::plan::{plan, PlanRequest};
use skewplan_core::render::{plan_json, render, runbook, script};
use skewplan_testkit::rule_id;

fn cluster_with_pool(name: &str, count: &str, extra: &str) -> String {
    format!(
        r#"{{"name": "prod", "resourceGroup": "rg", "kubernetesVersion": "1.34.9", "currentKubernetesVersion": "1.34.9", "provisioningState": "Succeeded"{extra},
            "agentPoolProfiles": [{{"name": {}, "mode": "User", "count": {count}, "vmSize": "Standard_D4s_v5",
              "orchestratorVersion": "1.34.9", "currentOrchestratorVersion": "1.34.9", "provisioningState": "Succeeded"}}]}}"#,
        serde_json::to_string(name).unwrap()
    )
}

/// What the YAML reader adds to a syntax error from its expansion and
/// nesting limits.
const YAML_LIMIT_NOTE: &str = "Note: the document expands or nests beyond what any cluster description needs \
                               (YAML alias expansion or nesting limit); it was not read further.";

#[test]
fn deep_nesting_is_refused_not_overflowed() {
    let cases = [
        ("[".repeat(1_000_000), "JSON syntax error at line 1, column 128: recursion limit exceeded.".to_string()),
        ("{\"a\":".repeat(200_000), "JSON syntax error at line 1, column 636: recursion limit exceeded.".to_string()),
        (
            "- ".repeat(50_000) + "x",
            format!("YAML syntax error at line 1, column 257: recursion limit exceeded. {YAML_LIMIT_NOTE}"),
        ),
        (
            "a:\n  ".to_string() + &"[".repeat(100_000),
            format!("YAML syntax error at line 2, column 130: recursion limit exceeded. {YAML_LIMIT_NOTE}"),
        ),
    ];
    for (text, message) in cases {
        let err = parse(&text).unwrap_err();
        assert!(matches!(err, InputError::Syntax { .. }), "{err:?}");
        assert_eq!(err.to_string(), message);
    }
}

#[test]
fn fifty_megabytes_of_pools_are_read_or_refused_clearly() {
    let pool = r#"{"name": "p", "count": 3, "vmSize": "Standard_D4s_v5", "orchestratorVersion": "1.28.3", "currentOrchestratorVersion": "1.28.3", "provisioningState": "Succeeded", "padding": "XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX"}"#;
    let n = 50 * 1024 * 1024 / pool.len() + 1;
    let mut text = String::with_capacity(n * (pool.len() + 1) + 2);
    text.push('[');
    for i in 0..n {
        if i > 0 {
            text.push(',');
        }
        text.push_str(pool);
    }
    text.push(']');
    assert!(text.len() > 50 * 1024 * 1024);
    let parsed = parse_with(&text, &ParseOptions { control_plane_version: Some("1.28.3".parse().unwrap()) }).unwrap();
    assert_eq!(parsed.clusters[0].pools.len(), n);
    // Larger than any real output: refused with a clear message.
    let huge = "x".repeat(skewplan_core::input::MAX_INPUT_BYTES + 1);
    assert_eq!(
        parse(&huge).unwrap_err().to_string(),
        format!(
            "The input is {} bytes, more than the {} bytes Skewplan reads: paste one cluster's output.",
            huge.len(),
            skewplan_core::input::MAX_INPUT_BYTES
        )
    );
}

#[test]
fn duplicate_keys_huge_and_negative_numbers() {
    // JSON keeps the last of duplicate keys (as the az CLI's own parser does).
    let dup =
        cluster_with_pool("np1", "3", r#", "kubernetesVersion": "1.31.13", "currentKubernetesVersion": "1.31.13""#);
    let p = parse(&dup).unwrap();
    assert_eq!(p.clusters[0].control_plane.version.as_ref().unwrap().to_string(), "1.31.13");
    // YAML too: the last value of a repeated key counts.
    let yaml_dup = "apiVersion: controlplane.cluster.x-k8s.io/v1beta1\nkind: KubeadmControlPlane\nmetadata: {name: cp}\nspec:\n  version: v1.29.1\n  version: v1.30.2\n";
    assert_eq!(parse(yaml_dup).unwrap().clusters[0].control_plane.version.as_ref().unwrap().to_string(), "1.30.2");

    let huge = parse(&cluster_with_pool("np1", "1e400", ""))
        .map(|p| p.diagnostics.iter().map(ToString::to_string).collect::<Vec<_>>());
    match huge {
        Ok(d) => assert!(d.iter().any(|m| m.contains("agentPoolProfiles[0].count")), "{d:?}"),
        Err(e) => assert!(e.to_string().contains("number out of range"), "{e}"),
    }
    let big = parse(&cluster_with_pool("np1", "99999999999999999999999", "")).unwrap();
    assert!(big.diagnostics.iter().any(|d| d.to_string() == "error: agentPoolProfiles[0].count: expected a whole number of 0 or more, found a number too large for a count (1e+23)"), "{:?}", big.diagnostics);
    let neg = parse(&cluster_with_pool("np1", "-3", "")).unwrap();
    assert_eq!(
        neg.errors().next().unwrap().to_string(),
        "error: agentPoolProfiles[0].count: expected a whole number of 0 or more, found a negative number (-3)"
    );
}

#[test]
fn hostile_names_never_reach_a_command_unquoted() {
    let names = [
        "np1$(touch /tmp/pwned)",
        "np1`id`",
        "np1; rm -rf /",
        "np1\nrm -rf /",
        "nр1", // Cyrillic р: a look-alike of "np1"
        "np1'\"",
        "ｎｐ１",
        "NP1",
        "np1234567890123",
    ];
    for name in names {
        let text = cluster_with_pool(name, "3", "");
        let parsed = parse(&text).unwrap();
        let c = &parsed.clusters[0];
        let p = plan(c, &PlanRequest::default());
        assert!(p.blocked.is_none(), "{name}: {:?}", p.blocked);
        let r = render(&parsed, c, &p);
        let s = script(c, &p, &r);
        // The name is not valid for AKS: every command uses a variable the
        // user sets, and the script says why.
        for step in &r.steps {
            for cmd in &step.commands {
                assert!(!cmd.contains(name), "{name:?} reached a command: {cmd}");
            }
        }
        assert!(s.contains("POOL_1"), "{name:?}");
        assert!(r.notes.iter().any(|n| n.message.contains("does not follow the provider's naming rules")));
        // The script still parses, with the name only in single-quoted text.
        let out = std::process::Command::new("bash").arg("-n").arg("-c").arg(&s).output().unwrap();
        assert!(out.status.success(), "{name:?}: {}", String::from_utf8_lossy(&out.stderr));
        let _ = runbook(c, &p, &r);
        let _ = plan_json(&parsed, c, &p, &r);
    }
}

#[test]
fn planted_secrets_in_every_secret_field_stay_out_of_every_output() {
    let fields = [
        r#""servicePrincipalProfile": {"clientId": "id", "secret": "PLANTED-1"}"#,
        r#""windowsProfile": {"adminUsername": "u", "adminPassword": "PLANTED-2"}"#,
        r#""certificateProfile": {"caPrivateKey": "PLANTED-3", "clientCertificate": "PLANTED-4", "kubeConfigPrivateKey": "PLANTED-5", "etcdServerPrivateKey": "PLANTED-6"}"#,
        r#""kubeconfig": {"users": [{"user": {"client-key-data": "PLANTED-7", "client-certificate-data": "PLANTED-8", "token": "PLANTED-9"}}]}"#,
        r#""linuxProfile": {"ssh": {"privateKey": "-----BEGIN OPENSSH PRIVATE KEY-----\nPLANTED-10\n-----END OPENSSH PRIVATE KEY-----"}}"#,
        r#""identityProfile": {"kubeletidentity": {"clientSecret": "PLANTED-11"}}, "storageProfile": {"accessKey": "PLANTED-12", "connectionString": "PLANTED-13"}"#,
    ];
    let text = cluster_with_pool("np1", "3", &format!(", {}", fields.join(", ")));
    let parsed = parse(&text).unwrap();
    assert_eq!(parsed.secrets.len(), 13, "{:?}", parsed.secrets.paths().collect::<Vec<_>>());
    let outcome = run_choices(&text, &Choices::default());
    let doc = serde_json::to_string(&plan_document(&text, &Choices::default())).unwrap();
    let outputs = [
        doc,
        outcome.script().unwrap(),
        outcome.runbook().unwrap(),
        format!("{outcome:?}"),
        skewplan_core::input::redact_for_sharing(&text),
    ];
    for (i, out) in outputs.iter().enumerate() {
        for n in 1..=13 {
            assert!(
                !out.contains(&format!("PLANTED-{n}\"")) && !out.contains(&format!("PLANTED-{n}\\")),
                "output {i} leaks PLANTED-{n}"
            );
        }
    }
}

#[test]
fn yaml_alias_bomb_fails_fast_with_a_clear_error() {
    let mut bomb = String::from("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
    let names = ["b", "c", "d", "e", "f", "g", "h", "i"];
    let mut prev = "a";
    for n in names {
        bomb.push_str(&format!(
            "{n}: &{n} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"
        ));
        prev = n;
    }
    let err = parse(&bomb).unwrap_err();
    assert!(matches!(err, InputError::Syntax { .. }), "{err:?}");
    assert_eq!(err.to_string(), format!("YAML error: repetition limit exceeded. {YAML_LIMIT_NOTE}"));
    // A few legitimate anchors still work.
    let ok = "apiVersion: v1\nkind: List\nitems:\n- &n {apiVersion: v1, kind: Node, metadata: {name: a, labels: {agentpool: np1}}, status: {nodeInfo: {kubeletVersion: v1.30.1}}}\n";
    assert!(parse(ok).is_ok());
}

#[test]
fn more_pools_than_a_plan_covers_are_refused_at_once() {
    let pools: Vec<String> = (0..1_001)
        .map(|i| format!(r#"{{"name": "p{i}", "count": 1, "orchestratorVersion": "1.31.13", "currentOrchestratorVersion": "1.31.13", "provisioningState": "Succeeded"}}"#))
        .collect();
    let text = format!(
        r#"{{"name": "big", "kubernetesVersion": "1.31.13", "currentKubernetesVersion": "1.31.13", "agentPoolProfiles": [{}]}}"#,
        pools.join(",")
    );
    let parsed = parse(&text).unwrap();
    let p = plan(&parsed.clusters[0], &PlanRequest::default());
    let b = p.blocked.unwrap();
    assert_eq!(
        (rule_id(&b), b.message.as_str()),
        ("plan.size-limit", "the input has 1001 pools; a plan covers at most 1000")
    );
    assert!(p.steps.is_empty());
}
