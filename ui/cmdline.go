package ui

import (
	"charm.land/bubbles/v2/key"
	"slices"
	"strings"

	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
)

// cmdLine is the "/" command line with Tab completion of commands and
// JIDs (Tab again cycles through the matches).
type cmdLine struct {
	active    bool
	input     textinput.Model
	lastAsked string // the JID of a pending /last, to report its answer

	matches []string // completions being cycled
	base    string   // the line before the word being completed
	idx     int
}

func newCmdLine() cmdLine {
	return cmdLine{input: newInput("", 4096, false)}
}

// open shows the command line with prefill (default "/").
func (c *cmdLine) open(m *Model, prefill string) tea.Cmd {
	if prefill == "" {
		prefill = "/"
	}
	c.active = true
	c.matches = nil
	c.input.Reset()
	c.input.SetValue(prefill)
	c.input.CursorEnd()
	return c.input.Focus()
}

func (c *cmdLine) close() {
	c.active = false
	c.matches = nil
	c.input.Blur()
}

func (c *cmdLine) feed(msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	c.input, cmd = c.input.Update(msg)
	return cmd
}

func (c *cmdLine) update(m *Model, k tea.KeyPressMsg) tea.Cmd {
	switch km := m.keys; {
	case key.Matches(k, km.Back):
		c.close()
		return nil
	case key.Matches(k, km.Run):
		line := c.input.Value()
		c.close()
		return m.execute(line)
	case key.Matches(k, km.Complete):
		c.complete(m, 1)
		return nil
	case key.Matches(k, km.PrevComplete):
		c.complete(m, -1)
		return nil
	case len(c.matches) > 1 && key.Matches(k, km.NextMatch, km.PrevMatch):
		dir := 1
		if key.Matches(k, km.PrevMatch) {
			dir = -1
		}
		c.complete(m, dir)
		return nil
	case key.Matches(k, km.Erase):
		if c.input.Value() == "" || c.input.Value() == "/" {
			c.close()
			return nil
		}
	}
	c.matches = nil
	return c.feed(k)
}

// complete completes the word before the end of the line: a command name
// first, then a JID for commands that take one.
func (c *cmdLine) complete(m *Model, dir int) {
	if len(c.matches) > 1 {
		c.idx = (c.idx + dir + len(c.matches)) % len(c.matches)
		c.input.SetValue(c.base + c.matches[c.idx])
		c.input.CursorEnd()
		return
	}
	line := c.input.Value()
	cut := strings.LastIndexByte(line, ' ') + 1
	base, word := line[:cut], line[cut:]
	pool, word := completionPool(m, strings.Fields(base), word)
	if pool == nil {
		return
	}
	var matches []string
	lw := strings.ToLower(word)
	for _, p := range pool {
		if strings.HasPrefix(strings.ToLower(p), lw) && !slices.Contains(matches, p) {
			matches = append(matches, p)
		}
		if len(matches) == 50 {
			break
		}
	}
	switch len(matches) {
	case 0:
		return
	case 1:
		c.input.SetValue(base + matches[0] + " ")
		c.matches = nil
	default:
		prefix := commonPrefix(matches)
		if len(prefix) > len(word) {
			c.input.SetValue(base + prefix)
			c.matches = nil
			c.input.CursorEnd()
			return
		}
		c.matches, c.base, c.idx = matches, base, 0
		c.input.SetValue(base + matches[0])
	}
	c.input.CursorEnd()
}

// completionPool is what the word after the fields of the line completes
// to: a command name first, a JID for a command that takes one, a command
// after /help; word comes back as it is matched (a command gets its /).
func completionPool(m *Model, fields []string, word string) ([]string, string) {
	switch {
	case len(fields) == 0:
		if !strings.HasPrefix(word, "/") {
			word = "/" + word
		}
		return commandNames(), word
	case len(fields) == 1 && takesJID(fields[0]):
		return append(m.state.roster.jids(), m.state.requests...), word
	case len(fields) == 1 && strings.EqualFold(fields[0], "/help"):
		var pool []string
		for _, n := range commandNames() {
			pool = append(pool, strings.TrimPrefix(n, "/"))
		}
		return pool, word
	}
	return nil, word
}

func commonPrefix(ss []string) string {
	p := ss[0]
	for _, s := range ss[1:] {
		for !strings.HasPrefix(s, p) {
			p = p[:len(p)-1]
		}
	}
	return p
}

// input forwards a non-key message (a paste) to the line.
func (c *cmdLine) inputMsg(msg tea.Msg) tea.Cmd { return c.feed(msg) }

// maxMatchRows bounds the completion list above the command line; the
// rows shown follow the selected match.
const maxMatchRows = 5

// lines are the command line as drawn w cells wide: the completions, if
// several match, laid out in rows with the selected one highlighted, then
// the line itself.
func (c *cmdLine) lines(m *Model, w int) []string {
	input := trunc(c.input.View(), w)
	if len(c.matches) < 2 {
		return []string{input}
	}
	st := m.styles
	var rows []string
	row, rowW, sel := "", 0, 0
	for i, s := range c.matches {
		s = trunc(clean(s), max(1, w-2))
		sw := width(s)
		if rowW > 0 && rowW+1+sw > w-1 {
			rows = append(rows, row)
			row, rowW = "", 0
		}
		if rowW > 0 {
			row += " "
			rowW++
		}
		if i == c.idx {
			sel = len(rows)
			s = st.Cursor.Render(s)
		}
		row += s
		rowW += sw
	}
	rows = append(rows, row)
	for i := range rows {
		rows[i] = " " + rows[i]
	}
	if len(rows) > maxMatchRows {
		first := max(0, min(sel-maxMatchRows/2, len(rows)-maxMatchRows))
		rows = rows[first : first+maxMatchRows]
	}
	return append(rows, input)
}
