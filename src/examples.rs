//! "Try an example": one real-shaped input per provider.

/// (label, provider id, text)
pub(crate) const EXAMPLES: &[(&str, &str, &str)] = &[
    ("AKS cluster (az aks show)", "aks", include_str!("../static/examples/aks-cluster.json")),
    // The same cluster as az prints it with `-o table` (generated from
    // aks-cluster.json by `tools/az_table.py`, the Azure CLI's own formatter).
    ("AKS tables (az aks … -o table)", "aks-table", include_str!("../static/examples/aks-tables.txt")),
    (
        "aks-engine API model",
        "aks-engine",
        include_str!("../tests/fixtures/real/aks-engine/examples_kubernetes-releases_kubernetes1.21.json"),
    ),
    (
        "Cluster API objects (YAML)",
        "cluster-api",
        include_str!("../tests/fixtures/real/cluster-api/capi_docker_simple-cluster_v1beta1_v1.27.3.yaml"),
    ),
    ("AKS in Terraform (terraform show)", "terraform", include_str!("../static/examples/terraform-plan.json")),
    ("Node list (kubectl get nodes -o json)", "kubectl-nodes", include_str!("../static/examples/kubectl-nodes.json")),
    (
        "EKS cluster (aws eks describe-cluster)",
        "eks",
        include_str!("../tests/fixtures/real/eks-gke/eks_describe-cluster_output_1.26.json"),
    ),
];
