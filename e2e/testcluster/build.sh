#!/usr/bin/env bash
# Builds the real kube-apiserver, kube-controller-manager and etcd from Go modules into a cache
# directory, once. Honours KUBE_APISERVER_BIN / ETCD_BIN / KUBE_CONTROLLER_MANAGER_BIN and
# KUBEBUILDER_ASSETS (setup-envtest) when a user already has binaries: then nothing is built.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
K8S_VERSION=v1.34.4
ETCD_VERSION=v3.5.21
cache="${ACCESSGRAPH_TESTCLUSTER_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/accessgraph/testcluster/$K8S_VERSION}"
mkdir -p "$cache"
start=$(date +%s)
built=()

have() { [ -n "${1:-}" ] && [ -x "$1" ]; }
assets="${KUBEBUILDER_ASSETS:-}"

if have "${KUBE_APISERVER_BIN:-}" || have "$assets/kube-apiserver" || [ -x "$cache/kube-apiserver" ]; then :; else
  echo "building kube-apiserver $K8S_VERSION from Go modules into $cache (first time: ~500 MB of modules, a few minutes)..."
  (cd "$here/go/kube" && GOFLAGS=-mod=mod go build -o "$cache/kube-apiserver" k8s.io/kubernetes/cmd/kube-apiserver)
  built+=(kube-apiserver)
fi
if have "${KUBE_CONTROLLER_MANAGER_BIN:-}" || have "$assets/kube-controller-manager" || [ -x "$cache/kube-controller-manager" ]; then :; else
  echo "building kube-controller-manager $K8S_VERSION into $cache..."
  (cd "$here/go/kube" && GOFLAGS=-mod=mod go build -o "$cache/kube-controller-manager" k8s.io/kubernetes/cmd/kube-controller-manager)
  built+=(kube-controller-manager)
fi
if have "${ETCD_BIN:-}" || have "$assets/etcd" || [ -x "$cache/etcd" ]; then :; else
  echo "building etcd $ETCD_VERSION into $cache..."
  (cd "$here/go/etcd" && GOFLAGS=-mod=mod go build -o "$cache/etcd" go.etcd.io/etcd/server/v3)
  built+=(etcd)
fi
end=$(date +%s)
if [ ${#built[@]} -gt 0 ]; then
  echo "built ${built[*]} in $((end - start)) s into $cache"
else
  echo "test cluster binaries ready (cache: $cache)"
fi
# Helm, for the chart tests (deploy/helm/accessgraph): `helm lint` and `helm template`.
HELM_VERSION=v3.22.0
if have "${HELM_BIN:-}" || [ -x "$cache/helm" ]; then :; else
  echo "building helm $HELM_VERSION from Go modules into $cache..."
  GOBIN="$cache" GOFLAGS=-mod=mod go install "helm.sh/helm/v3/cmd/helm@$HELM_VERSION"
  echo "built helm"
fi
