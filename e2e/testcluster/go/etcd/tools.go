//go:build tools

// Package tools pins etcd's server (built as the etcd binary) for this wrapper module:
// building go.etcd.io/etcd/server/v3 from here avoids the replace directives of its own go.mod.
package tools

import _ "go.etcd.io/etcd/server/v3/etcdmain"
