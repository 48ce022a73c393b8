//! The Terraform edits of one step: which attribute of which resource
//! address takes which value, and where the configuration writes it; and the
//! per-step file (`step-N-terraform.md`) that lists them for the change
//! request, with the commands and the az alternative.

use crate::model::{ConfigOrigin, TerraformAttribute};
use std::fmt::Write;

/// One change to the configuration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Edit {
    pub address: String,
    /// The attribute, or what happens to the whole resource.
    pub attribute: String,
    /// The values as HCL: `"1.33.5"`, `3`, `azurerm_kubernetes_cluster.main.id`.
    pub from: Option<String>,
    pub to: String,
    pub origin: ConfigOrigin,
}

impl Edit {
    /// The attribute set to the string `to` (a version), from the string `from`.
    pub(crate) fn set(attr: &TerraformAttribute, from: Option<String>, to: &str) -> Self {
        Edit {
            address: attr.address.clone(),
            attribute: attr.attribute.to_string(),
            from: from.map(|f| hcl_string(&f)),
            to: hcl_string(to),
            origin: attr.origin.clone(),
        }
    }

    /// `ADDRESS: ATTRIBUTE = TO (now FROM; WHERE)`, for step notes.
    pub(crate) fn describe(&self) -> String {
        let now = self.from.as_ref().map(|f| format!("now {f}; ")).unwrap_or_default();
        format!("{}: {} = {} ({now}{})", self.address, self.attribute, self.to, origin_text(&self.origin))
    }
}

/// A string as an HCL quoted literal.
pub(crate) fn hcl_string(s: &str) -> String {
    let mut out = String::from("\"");
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            // `${` and `%{` start templates; `$${` and `%%{` are literal.
            '$' | '%' if chars.peek() == Some(&'{') => {
                out.push(c);
                out.push(c);
            }
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Where to make the edit.
pub(crate) fn origin_text(origin: &ConfigOrigin) -> String {
    match origin {
        ConfigOrigin::Literal => "a literal in the resource block: change it there".into(),
        ConfigOrigin::Variable(v) => format!("set from variable {v}: change its value in your .tfvars file"),
        ConfigOrigin::Expression(refs) => format!("set from {refs}: change the value that expression reads"),
        ConfigOrigin::Unset => "not set in the configuration: add it to the resource block".into(),
        ConfigOrigin::NotShown => "the state does not show where it is written: find it in the configuration".into(),
    }
}

/// The commands that apply one step's edits: a saved plan that must hold
/// changes (`-detailed-exitcode`: 0 none, 1 error, 2 changes;
/// <https://developer.hashicorp.com/terraform/cli/commands/plan>), then
/// `terraform apply` of that saved plan, which does not ask again
/// (<https://developer.hashicorp.com/terraform/cli/commands/apply>).
pub(crate) fn apply_commands(n: usize) -> Vec<String> {
    vec![
        format!("rc=0; terraform plan -detailed-exitcode -out=step-{n}.tfplan || rc=$?"),
        format!("test \"$rc\" -eq 2 || {{ echo 'skewplan: stop: terraform plan found no change to apply (or failed): make the edits of step {n} (step-{n}-terraform.md) first' >&2; exit 1; }}"),
        format!("terraform apply step-{n}.tfplan"),
    ]
}

/// Markdown code spans for values from the input.
fn code(s: &str) -> String {
    format!("`{}`", s.replace('`', "'").replace(['\n', '\r'], " "))
}

/// Table cells: no pipes or line breaks.
fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace(['\n', '\r'], " ")
}

/// The per-step file: the edits as a table to copy into a change request,
/// the commands, and the az alternative with its warning.
pub(crate) fn step_file(title: &str, n: usize, edits: &[Edit], alternative: &[String]) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "# Step {n}: {}\n", cell(title));
    let _ = writeln!(s, "Edit the Terraform configuration:\n");
    let _ = writeln!(s, "| Resource address | Attribute | Now | Set to | Where |\n|---|---|---|---|---|");
    for e in edits {
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} | {} |",
            cell(&code(&e.address)),
            cell(&code(&e.attribute)),
            e.from.as_deref().map(|f| cell(&code(f))).unwrap_or_else(|| "-".into()),
            cell(&code(&e.to)),
            cell(&origin_text(&e.origin))
        );
    }
    let _ = writeln!(s, "\nThen plan and apply. The saved plan must change only the attributes above; if it shows anything else, stop and find out why before applying. The commands use no `-target`: HashiCorp keeps it for exceptional cases, and a plan that shows other changes means the configuration and the cluster differ, which is better settled before an upgrade.\n");
    let _ = writeln!(s, "```sh\n{}\n```", apply_commands(n).join("\n"));
    if !alternative.is_empty() {
        let _ = writeln!(s, "\nAlternative without Terraform (not recommended): it drifts the Terraform state. The configuration still holds the old values, so the next `terraform plan` tries to set them back (AKS refuses a downgrade) until the edits above are made anyway.\n");
        let _ = writeln!(s, "```sh\n{}\n```", alternative.join("\n"));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::hcl_string;

    #[test]
    fn hcl_strings_are_quoted_and_templates_escaped() {
        assert_eq!(hcl_string("1.33.5"), "\"1.33.5\"");
        assert_eq!(hcl_string("33%"), "\"33%\"");
        assert_eq!(hcl_string("a\"b\\c ${x} %{y}"), "\"a\\\"b\\\\c $${x} %%{y}\"");
    }
}
