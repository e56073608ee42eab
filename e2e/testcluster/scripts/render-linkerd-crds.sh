#!/usr/bin/env bash
# Renders Linkerd's CRD chart (charts/linkerd-crds of linkerd2 at a pinned release, Gateway API
# route CRDs included) into a file OUTSIDE the repository ($OUT, default a temp file), only to
# compare our own CRDs (crds/linkerd-policy.yaml) against a release: the rendering is Linkerd's,
# and is never committed here (crds/README.md).
#
#   LINKERD2_GIT=<linkerd2 clone or bare git dir> [HELM=helm] [LINKERD_TAG=edge-26.8.3] [OUT=/tmp/x.yaml] \
#     pnpm --filter @accessgraph/testcluster run render-linkerd-crds
#   node e2e/testcluster/crds/compare.mjs "$OUT"
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
tag="${LINKERD_TAG:-edge-26.8.3}"
helm="${HELM:-helm}"
git_dir="${LINKERD2_GIT:?set LINKERD2_GIT to a linkerd2 clone (or bare git dir)}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
git -C "$git_dir" archive "$tag" charts/linkerd-crds charts/partials | tar -x -C "$work"
# The chart's kubeVersion is >=1.31; helm template assumes v1.20 unless told.
(cd "$work/charts/linkerd-crds" && "$helm" dependency build . >/dev/null)
out="${OUT:-$(mktemp --suffix=.yaml)}"
{
  echo "# linkerd2 charts/linkerd-crds at $tag ($(git -C "$git_dir" rev-parse "$tag^{commit}")), rendered with"
  echo "# helm template linkerd-crds charts/linkerd-crds --namespace linkerd --kube-version 1.34.4 --set installGatewayAPI=true"
  echo "# ($("$helm" version --short))."
  "$helm" template linkerd-crds "$work/charts/linkerd-crds" --namespace linkerd --kube-version 1.34.4 --set installGatewayAPI=true
} >"$out"
echo "wrote $out ($(grep -c '^kind: CustomResourceDefinition' "$out") CRDs, $tag)"
