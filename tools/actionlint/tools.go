//go:build tools

// Package tools pins actionlint, the linter of GitHub Actions workflows that the workflow suite
// (test/gitops) runs on examples/gitops. tools/actionlint.cjs builds it into .tools/.
package tools

import _ "github.com/rhysd/actionlint/cmd/actionlint"
