package history

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// crashEnv names the database a child process (see TestMain) stores one
// message in before it is killed.
const crashEnv = "PARLEY_HISTORY_CRASH_DB"

func TestMain(m *testing.M) {
	if p := os.Getenv(crashEnv); p != "" {
		os.Exit(crashChild(p))
	}
	if p, ok := os.LookupEnv(rssEnv); ok {
		os.Exit(rssChild(p))
	}
	code := m.Run()
	if benchDir != "" {
		_ = os.RemoveAll(benchDir)
	}
	os.Exit(code)
}

// crashChild stores a message, says so, and waits to be killed without
// closing the database.
func crashChild(path string) int {
	d, err := OpenPath(context.Background(), path)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	m, _, err := d.Store(context.Background(), Message{Peer: "bob@example.org", Direction: In, Body: "before the crash"})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	fmt.Println(m.ID)
	select {} // killed by the parent
}

func openTemp(t testing.TB) *DB {
	t.Helper()
	d, err := OpenPath(context.Background(), filepath.Join(t.TempDir(), "history", "alice@example.org.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = d.Close() })
	return d
}

func mode(t *testing.T, path string) os.FileMode {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return fi.Mode().Perm()
}

func TestPathAndModes(t *testing.T) {
	data := t.TempDir()
	t.Setenv("XDG_DATA_HOME", data)
	p, err := Path("Alice@Example.org/laptop")
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(data, "parley", "history", "alice@example.org.db"); p != want {
		t.Fatalf("Path = %q, want %q", p, want)
	}
	if p, _ := Path("a?b@example.org"); filepath.Base(p) != "a%3Fb@example.org.db" {
		t.Errorf("Path of a JID with '?' = %q", p)
	}
	if _, err := Path("example.org"); err == nil {
		t.Error("Path of a domain JID: no error")
	}
	d, err := Open(context.Background(), "alice@example.org")
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := d.Store(context.Background(), Message{Peer: "bob@example.org", Direction: In, Body: "hi"}); err != nil {
		t.Fatal(err)
	}
	// A file made more open elsewhere is tightened at the next open.
	d.Close()
	if err := os.Chmod(p, 0o644); err != nil {
		t.Fatal(err)
	}
	again, err := Open(context.Background(), "alice@example.org")
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	if _, _, err := again.Store(context.Background(), Message{Peer: "bob@example.org", Direction: In, Body: "again"}); err != nil {
		t.Fatal(err)
	}
	if m := mode(t, filepath.Dir(p)); m != 0o700 {
		t.Errorf("history folder mode %v, want 0700", m)
	}
	for _, f := range []string{p, p + "-wal", p + "-shm"} {
		if m := mode(t, f); m != 0o600 {
			t.Errorf("%s mode %v, want 0600", filepath.Base(f), m)
		}
	}
	if ok, err := Exists("alice@example.org"); !ok || err != nil {
		t.Errorf("Exists = %v, %v", ok, err)
	}
}

func userVersion(t *testing.T, d *DB) int {
	t.Helper()
	var v int
	if err := d.db.QueryRow("PRAGMA user_version").Scan(&v); err != nil {
		t.Fatal(err)
	}
	return v
}

func TestMigrateEmptyFileAndReopen(t *testing.T) {
	ctx := context.Background()
	p := filepath.Join(t.TempDir(), "a@example.org.db")
	if err := os.WriteFile(p, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	d, err := OpenPath(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	if v := userVersion(t, d); v != len(migrations) {
		t.Fatalf("user_version %d, want %d", v, len(migrations))
	}
	for pragma, want := range map[string]int{"synchronous": 2, "busy_timeout": int(busyTimeout.Milliseconds())} {
		var got int
		if err := d.db.QueryRow("PRAGMA " + pragma).Scan(&got); err != nil || got != want {
			t.Errorf("PRAGMA %s = %d, %v; want %d", pragma, got, err, want)
		}
	}
	var fts5 bool
	if err := d.db.QueryRow("SELECT sqlite_compileoption_used('ENABLE_FTS5')").Scan(&fts5); err != nil || !fts5 {
		t.Fatalf("driver built without FTS5: %v, %v", fts5, err)
	}
	m, _, err := d.Store(ctx, Message{Peer: "bob@example.org", Direction: Out, Body: "kept"})
	if err != nil {
		t.Fatal(err)
	}
	d.Close()

	for range 2 { // re-opening runs no migration again and keeps the data
		d, err = OpenPath(ctx, p)
		if err != nil {
			t.Fatal(err)
		}
		if v := userVersion(t, d); v != len(migrations) {
			t.Fatalf("user_version after re-open %d", v)
		}
		got, err := d.Recent(ctx, "bob@example.org", 10)
		if err != nil || len(got) != 1 || got[0].ID != m.ID {
			t.Fatalf("after re-open: %v, %v", got, err)
		}
		d.Close()
	}
}

func TestNewerSchemaRefused(t *testing.T) {
	d := openTemp(t)
	if _, err := d.db.Exec(fmt.Sprintf("PRAGMA user_version = %d", len(migrations)+1)); err != nil {
		t.Fatal(err)
	}
	d.Close()
	if _, err := OpenPath(context.Background(), d.Path()); !errors.Is(err, ErrNewerSchema) {
		t.Fatalf("open of a newer schema: %v, want ErrNewerSchema", err)
	}
}

func TestRemove(t *testing.T) {
	t.Setenv("XDG_DATA_HOME", t.TempDir())
	ctx := context.Background()
	d, err := Open(ctx, "alice@example.org")
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := d.Store(ctx, Message{Peer: "bob@example.org", Direction: In, Body: "secret"}); err != nil {
		t.Fatal(err)
	}
	other, err := Open(ctx, "carol@example.org")
	if err != nil {
		t.Fatal(err)
	}
	other.Close()
	d.Close()
	if err := Remove("alice@example.org"); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{d.Path(), d.Path() + "-wal", d.Path() + "-shm"} {
		if _, err := os.Stat(f); !os.IsNotExist(err) {
			t.Errorf("%s still there: %v", filepath.Base(f), err)
		}
	}
	if ok, _ := Exists("alice@example.org"); ok {
		t.Error("Exists after Remove")
	}
	if ok, _ := Exists("carol@example.org"); !ok {
		t.Error("Remove took another account's history")
	}
	if err := Remove("alice@example.org"); err != nil {
		t.Errorf("second Remove: %v", err)
	}
}

// TestKilledWriterLosesNothing kills a process right after Store returned,
// without Close, and opens the database again.
func TestKilledWriterLosesNothing(t *testing.T) {
	p := filepath.Join(t.TempDir(), "alice@example.org.db")
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), crashEnv+"="+p)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { _ = cmd.Process.Kill(); _ = cmd.Wait() }()
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		t.Fatalf("child stored nothing: %v", err)
	}
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()
	if fi, err := os.Stat(p + "-wal"); err != nil || fi.Size() == 0 {
		t.Fatalf("no WAL left by the killed writer: %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	d, err := OpenPath(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	got, err := d.Recent(ctx, "bob@example.org", 10)
	if err != nil || len(got) != 1 || got[0].ID+"\n" != line || got[0].Body != "before the crash" {
		t.Fatalf("after the crash: %+v, %v (child said %q)", got, err, line)
	}
}
