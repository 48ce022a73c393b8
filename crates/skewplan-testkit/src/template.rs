//! clusterctl templates (`clusterctl generate cluster`, envsubst): the real
//! provider templates under `tests/fixtures/real/` are kept verbatim, and the
//! tests render them here with stated values, as a user would before
//! applying them.

/// The values a user gives `clusterctl generate cluster` for the real
/// provider templates under `tests/fixtures/real/cluster-api/` (all but
/// `KUBERNETES_VERSION`, which each test states).
pub const TEMPLATE_VARS: &[(&str, &str)] = &[
    ("CLUSTER_NAME", "prod"),
    ("WORKER_MACHINE_COUNT", "3"),
    ("AZURE_LOCATION", "westeurope"),
    ("AZURE_SUBSCRIPTION_ID", "00000000-0000-0000-0000-000000000000"),
    ("AZURE_NODE_MACHINE_TYPE", "Standard_D4s_v5"),
    ("CLUSTER_IDENTITY_NAME", "cluster-identity"),
    ("AZURE_CLIENT_ID_USER_ASSIGNED_IDENTITY", "00000000-0000-0000-0000-000000000001"),
    ("AZURE_TENANT_ID", "00000000-0000-0000-0000-000000000002"),
    ("ASO_CREDENTIAL_SECRET_NAME", "aso-credential"),
    ("AWS_REGION", "eu-west-1"),
    ("AWS_SSH_KEY_NAME", "default"),
    ("AWS_NODE_MACHINE_TYPE", "m5.large"),
];

/// The real template `rel` (under `tests/fixtures/real/`) rendered with
/// [`TEMPLATE_VARS`] and `kubernetes_version`.
pub fn rendered_fixture(rel: &str, kubernetes_version: &str) -> String {
    let mut vars = TEMPLATE_VARS.to_vec();
    vars.push(("KUBERNETES_VERSION", kubernetes_version));
    render_template(&crate::fixture(rel), &vars)
}

/// `text` with every `${NAME}` replaced by its value in `vars`, and every
/// `${NAME:=default}` (or `:-`) by its value or, when `vars` has none, its
/// rendered default. A variable with neither panics, as clusterctl refuses
/// one.
pub fn render_template(text: &str, vars: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("${") {
        out.push_str(&rest[..start]);
        let (value, used) = variable(&rest[start..], vars);
        out.push_str(&value);
        rest = &rest[start + used..];
    }
    out.push_str(rest);
    out
}

/// The value of the variable `s` starts with, and how many bytes it spans.
fn variable(s: &str, vars: &[(&str, &str)]) -> (String, usize) {
    let body = &s[2..];
    let name_len = body.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(body.len());
    let name = &body[..name_len];
    let given = vars.iter().find(|(n, _)| *n == name).map(|(_, v)| v.to_string());
    let after = &body[name_len..];
    if after.starts_with('}') {
        let value = given.unwrap_or_else(|| panic!("template variable {name} has no value and no default"));
        return (value, 2 + name_len + 1);
    }
    let op = if after.starts_with(":=") || after.starts_with(":-") {
        2
    } else {
        panic!("unsupported form at ${{{name}{after:.10}")
    };
    // The default runs to the matching brace (defaults may nest variables).
    let mut depth = 1;
    let mut end = None;
    for (i, c) in after[op..].char_indices() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    end = Some(i);
                    break;
                }
            }
            _ => {}
        }
    }
    let end = end.unwrap_or_else(|| panic!("unclosed ${{{name}"));
    let default = &after[op..op + end];
    let value = given.unwrap_or_else(|| render_template(default, vars));
    (value, 2 + name_len + op + end + 1)
}

#[cfg(test)]
mod tests {
    use super::render_template;

    #[test]
    fn values_defaults_and_nested_defaults() {
        let vars = [("CLUSTER_NAME", "prod"), ("N", "3")];
        assert_eq!(render_template("name: ${CLUSTER_NAME}-md", &vars), "name: prod-md");
        assert_eq!(render_template("r: ${N:=2} k: ${KEY:=\"\"}", &vars), "r: 3 k: \"\"");
        assert_eq!(render_template("rg: ${RG:=${CLUSTER_NAME}}!", &vars), "rg: prod!");
        assert_eq!(render_template("no vars", &vars), "no vars");
    }

    #[test]
    #[should_panic(expected = "MISSING has no value")]
    fn a_variable_without_value_or_default_is_refused() {
        render_template("${MISSING}", &[]);
    }
}
