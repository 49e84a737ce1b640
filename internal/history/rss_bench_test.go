package history

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// rssEnv makes the test binary a child that reports its memory: with a
// path, after opening that database, its chat and a search in it; empty,
// without opening anything (the baseline).
const rssEnv = "PARLEY_HISTORY_RSS_CHILD"

// rssChild prints VmRSS and VmHWM in KiB, "rss hwm".
func rssChild(path string) int {
	if path != "" {
		ctx := context.Background()
		d, err := OpenPath(ctx, path)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		if ms, err := d.Recent(ctx, benchPeer, 50); err != nil || len(ms) != 50 {
			fmt.Fprintln(os.Stderr, len(ms), err)
			return 1
		}
		if _, err := d.Search(ctx, benchPeer, "zeppelin", 50); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		defer d.Close()
	}
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	fmt.Println(procKiB(status, "VmRSS:"), procKiB(status, "VmHWM:"))
	return 0
}

func procKiB(status []byte, field string) int {
	sc := bufio.NewScanner(bytes.NewReader(status))
	for sc.Scan() {
		if f := strings.Fields(sc.Text()); len(f) >= 2 && f[0] == field {
			n, _ := strconv.Atoi(f[1])
			return n
		}
	}
	return 0
}

// BenchmarkRSSWithHistory is issue 12's memory figure: what the history
// with its 100,000-message chat adds to a process's resident memory once
// it is open, the chat's newest page read and the chat searched. Each
// sample runs this test binary twice as a child, once opening nothing,
// and reports VmRSS (and the peak, VmHWM) of both in MiB, medians over
// the samples. Run with a fixed count, e.g. -benchtime=5x.
func BenchmarkRSSWithHistory(b *testing.B) {
	benchDB(b)
	self, err := os.Executable()
	if err != nil {
		b.Fatal(err)
	}
	child := func(path string) (rss, hwm int) {
		cmd := exec.Command(self, "-test.run=^$")
		cmd.Env = append(os.Environ(), rssEnv+"="+path)
		out, err := cmd.Output()
		if err != nil {
			b.Fatalf("child: %v %s", err, out)
		}
		if _, err := fmt.Sscan(string(out), &rss, &hwm); err != nil {
			b.Fatalf("child said %q: %v", out, err)
		}
		return rss, hwm
	}
	var without, with, withPeak, added []float64
	for b.Loop() {
		r0, _ := child("")
		r1, h1 := child(benchPath)
		without, with, withPeak = append(without, mib(r0)), append(with, mib(r1)), append(withPeak, mib(h1))
		added = append(added, mib(r1-r0))
	}
	b.ReportMetric(median(without), "MiB-rss-without")
	b.ReportMetric(median(with), "MiB-rss-with")
	b.ReportMetric(median(withPeak), "MiB-hwm-with")
	b.ReportMetric(median(added), "MiB-rss-added")
	b.ReportMetric(0, "ns/op") // the children's start-up, not a figure
}

func mib(kib int) float64 { return float64(kib) / 1024 }

func median(v []float64) float64 {
	s := slices.Clone(v)
	slices.Sort(s)
	return s[len(s)/2]
}
