// Validates a CloudFormation/SAM template offline. Prints one line per finding at WARN or above and
// exits 1 if there is any, 2 if the template cannot be read. Usage: node validate.mjs ../../template.yaml
import { RegoEngine, TemplateFile } from "@aws/cloudformation-validate";

const file = process.argv[2];
if (!file) {
  console.error("usage: node validate.mjs <template.yaml>");
  process.exit(2);
}
const engine = new RegoEngine();
let findings = 0;
try {
  const report = engine.validateStandard(new TemplateFile(file), { severityLevel: "WARN" });
  for (const d of report.diagnostics) {
    findings++;
    const where = d.entity?.logicalId ?? "template";
    console.log(`${d.severity} ${d.ruleId} ${where}${d.propertyPath ? "." + d.propertyPath : ""} line ${d.startLine}: ${d.message}`);
  }
} catch (e) {
  console.error(`cannot validate ${file}: ${e}`);
  process.exit(2);
} finally {
  engine.free();
}
console.log(findings === 0 ? `OK ${file}: no findings at WARN or above` : `${findings} finding(s) in ${file}`);
process.exit(findings === 0 ? 0 : 1);
