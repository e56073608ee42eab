//go:build tools

// Package tools pins the Kubernetes commands this module builds (kube-apiserver,
// kube-controller-manager) so `go mod` keeps their dependencies.
package tools

import (
	_ "k8s.io/kubernetes/cmd/kube-apiserver/app"
	_ "k8s.io/kubernetes/cmd/kube-controller-manager/app"
)
