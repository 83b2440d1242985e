// Reads Kubernetes manifests (a multi-document YAML, e.g. the output of `kubectl kustomize`)
// on stdin and validates every object against the Kubernetes API schemas that the
// kubernetes-models package carries. Exits non-zero, naming object and field, on any violation.
import { readFileSync } from "node:fs";
import yaml from "js-yaml";

const modules = {
  "v1/ConfigMap": ["kubernetes-models/v1", "ConfigMap"],
  "v1/Service": ["kubernetes-models/v1", "Service"],
  "v1/Secret": ["kubernetes-models/v1", "Secret"],
  "apps/v1/Deployment": ["kubernetes-models/apps/v1", "Deployment"],
  "autoscaling/v2/HorizontalPodAutoscaler": ["kubernetes-models/autoscaling/v2", "HorizontalPodAutoscaler"],
  "networking.k8s.io/v1/Ingress": ["kubernetes-models/networking.k8s.io/v1", "Ingress"],
};

const input = readFileSync(0, "utf8");
const docs = yaml.loadAll(input).filter((d) => d);
let failures = 0;
for (const doc of docs) {
  const key = `${doc.apiVersion}/${doc.kind}`;
  const name = `${doc.kind}/${doc.metadata?.name}`;
  const known = modules[key];
  if (!known) {
    console.error(`✗ ${name}: no schema for ${key}`);
    failures++;
    continue;
  }
  const mod = await import(known[0]);
  try {
    new mod[known[1]](doc).validate();
    console.log(`✓ ${name}`);
  } catch (e) {
    console.error(`✗ ${name}: ${e.message}`);
    failures++;
  }
}
if (docs.length === 0) {
  console.error("no manifests on stdin");
  process.exit(1);
}
console.log(`${docs.length - failures} passed, ${failures} failed`);
process.exit(failures ? 1 : 0);
