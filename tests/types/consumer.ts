// A page's script that uses the module package as the README shows, type-checked
// by `tsc --noEmit` against docs/skewplan.d.ts (the package's skewplan.d.ts).
import init, { check, plan, version, type CheckAnswer, type Options, type PlanAnswer } from "../../docs/skewplan.js";

export async function show(text: string, out: HTMLElement): Promise<void> {
  await init();
  const options: Options = {
    target: "1.33.5",
    strategy: "lockstep",
    minutes_per_node: 15,
    node_image: true,
    leave_alone: ["batch"],
    machine_changes: [{ pool: "web", machine_size: "Standard_D4s_v5" }],
  };
  const doc: PlanAnswer = JSON.parse(plan(text, options));
  if ("error" in doc) {
    const field: string | undefined = "field" in doc ? doc.field : undefined;
    out.textContent = `${field ?? "input"}: ${doc.error}`;
    return;
  }
  const schema: "skewplan.plan/v1" = doc.schema;
  const actions: string[] = doc.steps.map((step) => step.action);
  out.textContent = `${schema} to ${doc.target}: ${actions.join(", ")}`;
  const findings: CheckAnswer = JSON.parse(check(text));
  if (!("error" in findings)) {
    out.title = `${findings.clusters.length} cluster(s); app ${version().version} (${version().plan_schema})`;
  }
}

// @ts-expect-error: options are typed (minutes_per_node is a number or its text).
plan("{}", { minutes_per_node: true });
// @ts-expect-error: unknown options are refused.
plan("{}", { colour: "blue" });
