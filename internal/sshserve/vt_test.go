package sshserve

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// vt is a minimal terminal emulator for the tests: enough of the cursor
// movement, erasing and printing that Bubble Tea's renderer uses to tell
// what a real terminal of this size would show.
type vt struct {
	w, h     int
	cells    [][]string
	x, y     int
	nowrap   bool
	last     string
	overflow bool // something was printed past the right edge
}

func newVT(w, h int) *vt {
	v := &vt{}
	v.resize(w, h)
	return v
}

// resize keeps the content in the top-left corner, as a terminal would.
func (v *vt) resize(w, h int) {
	cells := make([][]string, h)
	for y := range cells {
		cells[y] = make([]string, w)
		for x := range cells[y] {
			cells[y][x] = " "
			if y < len(v.cells) && x < len(v.cells[y]) {
				cells[y][x] = v.cells[y][x]
			}
		}
	}
	v.cells, v.w, v.h = cells, w, h
	v.x, v.y = min(v.x, w-1), min(v.y, h-1)
}

func (v *vt) write(s string) {
	p := ansi.NewParser()
	var state byte
	for len(s) > 0 {
		seq, width, n, newState := ansi.DecodeSequence(s, state, p)
		state = newState
		s = s[n:]
		switch {
		case width > 0 || (len(seq) > 0 && seq[0] >= 0x20 && seq[0] != 0x7f && seq[0] != 0x1b && !ansi.HasCsiPrefix(seq)):
			v.print(seq, max(width, 1))
		case seq == "\r":
			v.x = 0
		case seq == "\n":
			v.y = min(v.y+1, v.h-1)
		case seq == "\b":
			v.x = max(v.x-1, 0)
		case ansi.HasCsiPrefix(seq):
			v.csi(p)
		}
	}
}

func (v *vt) print(g string, width int) {
	if v.x+width > v.w {
		if v.nowrap {
			v.x = v.w - width
		} else {
			v.overflow = v.overflow || v.x < v.w
			v.x, v.y = 0, min(v.y+1, v.h-1)
		}
	}
	v.cells[v.y][v.x] = g
	for i := 1; i < width; i++ {
		v.cells[v.y][v.x+i] = ""
	}
	v.x += width
	if v.x > v.w {
		v.overflow = true
	}
	v.last = g
}

func (v *vt) erase(y, from, to int) {
	for x := max(from, 0); x < min(to, v.w); x++ {
		v.cells[y][x] = " "
	}
}

func (v *vt) csi(p *ansi.Parser) {
	cmd := ansi.Cmd(p.Command())
	param := func(i, def int) int {
		n, _ := p.Param(i, def)
		if n == 0 && def > 0 {
			return def
		}
		return n
	}
	if cmd.Prefix() == '?' {
		if mode := param(0, 0); mode == 7 {
			v.nowrap = cmd.Final() == 'l'
		}
		return
	}
	if cmd.Prefix() != 0 || cmd.Intermediate() != 0 {
		return
	}
	clampX := func(x int) int { return min(max(x, 0), v.w-1) }
	clampY := func(y int) int { return min(max(y, 0), v.h-1) }
	switch cmd.Final() {
	case 'H', 'f':
		v.y, v.x = clampY(param(0, 1)-1), clampX(param(1, 1)-1)
	case 'd':
		v.y = clampY(param(0, 1) - 1)
	case 'G', '`':
		v.x = clampX(param(0, 1) - 1)
	case 'C':
		v.x = clampX(v.x + param(0, 1))
	case 'D':
		v.x = clampX(v.x - param(0, 1))
	case 'A':
		v.y = clampY(v.y - param(0, 1))
	case 'B':
		v.y = clampY(v.y + param(0, 1))
	case 'E':
		v.x, v.y = 0, clampY(v.y+param(0, 1))
	case 'F':
		v.x, v.y = 0, clampY(v.y-param(0, 1))
	case 'X':
		v.erase(v.y, v.x, v.x+param(0, 1))
	case 'b':
		for range param(0, 1) {
			v.print(v.last, 1)
		}
	case 'K':
		switch param(0, 0) {
		case 0:
			v.erase(v.y, v.x, v.w)
		case 1:
			v.erase(v.y, 0, v.x+1)
		case 2:
			v.erase(v.y, 0, v.w)
		}
	case 'J':
		switch param(0, 0) {
		case 0:
			v.erase(v.y, v.x, v.w)
			for y := v.y + 1; y < v.h; y++ {
				v.erase(y, 0, v.w)
			}
		case 1:
			for y := 0; y < v.y; y++ {
				v.erase(y, 0, v.w)
			}
			v.erase(v.y, 0, v.x+1)
		case 2, 3:
			for y := range v.h {
				v.erase(y, 0, v.w)
			}
		}
	}
}

// lines is the screen, one string per row, trailing spaces kept.
func (v *vt) lines() []string {
	out := make([]string, v.h)
	for y, row := range v.cells {
		out[y] = strings.Join(row, "")
	}
	return out
}

// String is the screen with trailing spaces cut, for failure messages.
func (v *vt) String() string {
	var b strings.Builder
	for _, l := range v.lines() {
		b.WriteString(strings.TrimRight(l, " ") + "|\n")
	}
	return b.String()
}
