#!/usr/bin/env bash
# Offline validation of the Kubernetes manifests: renders every overlay of k8s/overlays with
# `kubectl kustomize`, validates every object against the Kubernetes schemas (and the
# operators' resources against structural schemas) and checks the rules of k8s/README.md.
# Installs its npm packages into k8s/test/node_modules on first use (npm ci, from the
# committed package-lock.json); later runs skip that. Exit code 0 only when nothing failed.
#   k8s/test/validate.sh        summary and failures
#   k8s/test/validate.sh -v     every check
# FLOWLENS_K8S_DIR=/some/copy/of/k8s validates another copy with this script's packages.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

command -v kubectl >/dev/null 2>&1 || { echo "validate.sh: kubectl not found (it renders the overlays: kubectl kustomize)" >&2; exit 2; }
command -v node >/dev/null 2>&1 || { echo "validate.sh: node not found" >&2; exit 2; }

# Install (or refresh) the packages only when package-lock.json changed since the last install.
stamp="$here/node_modules/.flowlens-lock.sha256"
want="$(sha256sum "$here/package-lock.json" | cut -d' ' -f1)"
if [[ ! -f "$stamp" || "$(cat "$stamp")" != "$want" ]]; then
  echo "installing validation packages (npm ci in k8s/test)"
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
  echo "$want" > "$stamp"
fi

echo "k8s validation: kubectl $(kubectl version --client 2>/dev/null | sed -n 's/^Kustomize Version: //p' | sed 's/^/kustomize /'), kubernetes-models $(node -p "require('$here/node_modules/kubernetes-models/package.json').version")"
echo "checks: render each overlay; schema of every object (core kinds strict, unknown fields rejected;"
echo "        KEDA/ServiceMonitor CRD schemas; CNPG/RabbitMQ/Keycloak structural schemas); per container:"
echo "        probes, requests+limits, non-root/read-only/no-escalation/drop ALL/seccomp, image tag,"
echo "        no literal secrets, grace period >= preStop + shutdown timeout, exit on OutOfMemoryError;"
echo "        metrics-service heap/limit from docs/sizing.md for its sized-for-items; per Deployment:"
echo "        NetworkPolicy, Service+ServiceMonitor, prod PDB/anti-affinity/autoscaler; Secrets,"
echo "        ConfigMaps and realm imports without real secret values; databases; realm import freshness"
exec node "$here/validate.mjs" "$@"
