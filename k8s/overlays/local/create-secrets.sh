#!/usr/bin/env bash
# Creates the Secrets the local overlay references, with random database passwords and the
# DEMO realm's public client secrets (the local overlay imports the demo realm). Idempotent:
# an existing Secret is left alone. Never use this for prod (see k8s/README.md).
set -euo pipefail
ns="${1:-flowlens}"
kubectl get namespace "$ns" >/dev/null 2>&1 || kubectl create namespace "$ns"
rand() { head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 24; }
mk() { # name, then --from-literal args
  local name="$1"; shift
  if kubectl -n "$ns" get secret "$name" >/dev/null 2>&1; then echo "secret/$name exists"; return; fi
  kubectl -n "$ns" create secret generic "$name" "$@"
}
# CloudNativePG expects basic-auth Secrets whose username is the role's name.
for role in ingest metrics keycloak; do
  user="flowlens_$role"; [[ $role == keycloak ]] && user=keycloak
  mk "flowlens-db-$role" --type=kubernetes.io/basic-auth --from-literal=username="$user" --from-literal=password="$(rand)"
done
mk flowlens-oidc-clients --from-literal=gateway-client-secret=flowlens-gateway-secret --from-literal=ingest-client-secret=flowlens-ingest-secret
# The key ingest-service encrypts connector tokens and webhook secrets with (AES-256, base64).
mk flowlens-connector-key --from-literal=secret-key="$(head -c 32 /dev/urandom | base64)"
