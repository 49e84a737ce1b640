package e2e

import (
	"os"
	"testing"

	"github.com/parley-im/parley/internal/testenv"
)

func TestMain(m *testing.M) {
	code := m.Run()
	testenv.RemoveBinary()
	os.Exit(code)
}
