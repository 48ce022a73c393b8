//! Every real sample under `tests/fixtures/real/` is read and what it
//! becomes (format, cluster summary, or the error) is snapshotted.

use skewplan_core::input::{parse_bytes, InputError, ParseOptions};
use skewplan_testkit::{fixture_files, summarize};

/// Real pastes that are not valid as a whole: they must give an error.
fn is_broken_paste(name: &str) -> bool {
    name.contains("_ELIDED_")
        || name.contains("_BROKEN-JSON_")
        || name.ends_with(".txt") && !name.ends_with(".table.txt")
}

/// Valid documents that describe no cluster: a clear "not a cluster" error.
const NOT_A_CLUSTER: &[&str] = &[
    "aks-engine/examples_addpool_agentpool.json",
    "aks-engine/upgrade-fixture_transform_k8s_agent_upgrade_template.json",
    "aks-engine/upgrade-fixture_transform_k8s_vmss_pool_upgrade_template.json",
    "arm-templates/aks-construction_params_edgeK8sVersion_1.26.3.json",
    "arm-templates/aks-construction_params_scale-userpool-from-zero.json",
    "arm-templates/aks-construction_params_windows2019.json",
    "eks-gke/eks_list-insights_upgrade-readiness_output.json",
];

#[test]
fn every_real_fixture_is_read_or_refused_clearly() {
    let files = fixture_files();
    assert!(files.len() >= 90, "expected the real fixtures, found {}", files.len());
    for (rel, bytes) in files {
        if rel.ends_with("SOURCES.md") || rel.starts_with("versions/") && !rel.contains("aks_kubernetesVersions") {
            continue;
        }
        let result = parse_bytes(&bytes, &ParseOptions::default());
        match (&result, is_broken_paste(&rel), NOT_A_CLUSTER.contains(&rel.as_str())) {
            (Err(InputError::NotACluster { .. }), false, true) => {}
            (Err(InputError::Paste { .. } | InputError::Syntax { .. }), true, false) => {}
            // A terminal table that can't be read says where (line and column).
            (Err(InputError::Syntax { line, .. }), _, false) if rel.ends_with(".table.txt") && *line > 0 => {}
            (Ok(_), false, false) => {}
            (other, broken, not_cluster) => {
                panic!("{rel}: unexpected result (broken paste: {broken}, not a cluster: {not_cluster}): {other:#?}")
            }
        }
        let snapshot_name = rel.replace('/', "__");
        insta::assert_snapshot!(snapshot_name, summarize(&result));
    }
}
