package errtext

import (
	"os/exec"
	"strings"
	"testing"
)

// The protocol packages return typed errors; sentences and codes are made
// here only. None of them may depend on this package, even indirectly.
func TestProtocolPackagesDoNotImportTheEdge(t *testing.T) {
	const edge = "github.com/parley-im/parley/internal/errtext"
	for _, pkg := range []string{"xmppclient", "profile", "keystore", "internal/sandbox"} {
		out, err := exec.Command("go", "list", "-deps", "github.com/parley-im/parley/"+pkg).CombinedOutput()
		if err != nil {
			t.Fatalf("go list %s: %v\n%s", pkg, err, out)
		}
		deps := strings.Fields(string(out))
		if len(deps) == 0 || deps[len(deps)-1] != "github.com/parley-im/parley/"+pkg {
			t.Fatalf("go list -deps %s gave %q, want the package last", pkg, deps)
		}
		for _, dep := range deps {
			if dep == edge || strings.HasPrefix(dep, "github.com/parley-im/parley/internal/apierr") {
				t.Errorf("%s depends on %s", pkg, dep)
			}
		}
	}
}
