package app

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

const clientPkg = "github.com/parley-im/parley/xmppclient"

// Only this package (and xmppclient itself) turns an account, a server
// and a CA or pin into an xmppclient.Config: the CLI, the UI, serve-ssh
// and the demo get theirs from here. Tests may build their own (a
// stranger's session, a fake server's), so _test.go files are not read.
func TestOnlyTheAppBuildsClientConfigs(t *testing.T) {
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}").CombinedOutput()
	if err != nil {
		t.Fatalf("go list -m: %v\n%s", err, out)
	}
	root := strings.TrimSpace(string(out))
	allowed := map[string]bool{"internal/app": true, "xmppclient": true}
	scanned := map[string]bool{}
	err = filepath.WalkDir(root, func(path string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if e.IsDir() {
			name := e.Name()
			if path != root && (strings.HasPrefix(name, ".") || name == "testdata" || name == "vendor") || allowed[relDir(t, root, path)] {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		scanned[relDir(t, root, filepath.Dir(path))] = true
		for _, at := range configBuilds(t, path) {
			t.Errorf("%s builds an xmppclient.Config; get it from internal/app instead", at)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, pkg := range []string{"internal/demo", "internal/cli", "ui", "internal/sshserve"} {
		if !scanned[pkg] {
			t.Errorf("%s was not scanned (root %s)", pkg, root)
		}
	}
}

// The scan recognises every way of making a Config, under any import name.
func TestConfigBuildsFound(t *testing.T) {
	src := `package p
import (
	x "github.com/parley-im/parley/xmppclient"
	"github.com/parley-im/parley/profile"
)
var a = x.Config{JID: "a@b"}
var b = &x.Config{}
var c = new(x.Config)
var d x.Config
var e = profile.Config{}
func f() []x.Config { return []x.Config{{}} }
var g = map[string]*x.Config{"k": {}}
`
	path := filepath.Join(t.TempDir(), "p.go")
	if err := os.WriteFile(path, []byte(src), 0o600); err != nil {
		t.Fatal(err)
	}
	got := configBuilds(t, path)
	if len(got) != 6 { // a, b, c, d, the element of f's slice and g's; not e, not f's result type
		t.Fatalf("found %d builds, want 6: %v", len(got), got)
	}
}

// relDir is dir relative to root, with forward slashes.
func relDir(t *testing.T, root, dir string) string {
	t.Helper()
	rel, err := filepath.Rel(root, dir)
	if err != nil {
		t.Fatal(err)
	}
	return filepath.ToSlash(rel)
}

// configBuilds lists where the Go file at path makes an xmppclient.Config:
// a composite literal (also an element of a slice or map literal), a
// new(Config), or a variable declared as one and filled in field by field.
func configBuilds(t *testing.T, path string) []string {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
	if err != nil {
		t.Fatalf("parse %s: %v", path, err)
	}
	name := ""
	for _, imp := range f.Imports {
		if p, _ := strconv.Unquote(imp.Path.Value); p == clientPkg {
			name = "xmppclient"
			if imp.Name != nil {
				name = imp.Name.Name
			}
		}
	}
	if name == "" {
		return nil
	}
	isConfig := func(e ast.Expr) bool {
		sel, ok := e.(*ast.SelectorExpr)
		if !ok || sel.Sel.Name != "Config" {
			return false
		}
		id, ok := sel.X.(*ast.Ident)
		return ok && id.Name == name
	}
	var at []string
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.CompositeLit:
			if isConfig(n.Type) {
				at = append(at, fset.Position(n.Pos()).String())
			}
			if elt := elemType(n.Type); elt != nil && isConfig(elt) {
				for _, el := range n.Elts {
					if kv, ok := el.(*ast.KeyValueExpr); ok {
						el = kv.Value
					}
					if lit, ok := el.(*ast.CompositeLit); ok && lit.Type == nil {
						at = append(at, fset.Position(lit.Pos()).String())
					}
				}
			}
		case *ast.CallExpr:
			if id, ok := n.Fun.(*ast.Ident); ok && id.Name == "new" && len(n.Args) == 1 && isConfig(n.Args[0]) {
				at = append(at, fset.Position(n.Pos()).String())
			}
		case *ast.ValueSpec:
			if n.Type != nil && isConfig(n.Type) {
				at = append(at, fset.Position(n.Pos()).String())
			}
		}
		return true
	})
	return at
}

// elemType is the element type of a slice, array or map literal's type
// (its pointed-to type for elements like &Config{} written as {}).
func elemType(e ast.Expr) ast.Expr {
	var elt ast.Expr
	switch e := e.(type) {
	case *ast.ArrayType:
		elt = e.Elt
	case *ast.MapType:
		elt = e.Value
	}
	if star, ok := elt.(*ast.StarExpr); ok {
		return star.X
	}
	return elt
}
