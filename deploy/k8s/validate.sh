#!/usr/bin/env bash
# Renders the kustomize base and every overlay and validates each object against the
# Kubernetes API schemas. Needs kubectl (its built-in kustomize) and Node.js with npm.
set -euo pipefail
cd "$(dirname "$0")"
command -v kubectl >/dev/null || { echo "kubectl is required (apt-get install kubernetes-client)"; exit 1; }
(cd validate && npm install --no-audit --no-fund --silent)
for target in base overlays/*; do
  echo "== $target"
  kubectl kustomize "$target" | node validate/validate.mjs
done
