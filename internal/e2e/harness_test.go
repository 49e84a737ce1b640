package e2e

import (
	"testing"

	"github.com/parley-im/parley/internal/testenv"
)

// TestTmuxEnvironment checks what the tests rely on from testenv.StartTmux:
// the program sees the variables given, and not those removed.
func TestTmuxEnvironment(t *testing.T) {
	t.Setenv("PARLEY_E2E_REMOVED", "leaked")
	tm := testenv.StartTmux(t, 60, 10, []string{"PARLEY_E2E_SET=given", "PARLEY_E2E_REMOVED"},
		"sh", "-c", `echo "set=[$PARLEY_E2E_SET] removed=[${PARLEY_E2E_REMOVED-unset}]"; exec sleep 60`)
	tm.WaitFor(`set=\[given\] removed=\[unset\]`, step)
}
