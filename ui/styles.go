package ui

import (
	"image/color"

	"charm.land/lipgloss/v2"

	"github.com/parley-im/parley/xmppclient"
)

// Styles are every style the screens use, made for one background (light
// or dark) and for colour or no colour (NO_COLOR, a dumb terminal).
type Styles struct {
	Plain   bool // no colour at all: text marks and attributes only
	IsDark  bool
	App     lipgloss.Style
	Title   lipgloss.Style
	Subtle  lipgloss.Style
	Accent  lipgloss.Style
	Error   lipgloss.Style
	OK      lipgloss.Style
	Warn    lipgloss.Style
	Label   lipgloss.Style // a form field's name
	Focused lipgloss.Style // the focused field's name
	Cursor  lipgloss.Style // the selected row
	Badge   lipgloss.Style // unread counter
	Key     lipgloss.Style // a key in help text
	Box     lipgloss.Style // dialogs and the help overlay
	Card    lipgloss.Style // the own card on the contacts screen
	Bar     lipgloss.Style // status bar background
	BarJID  lipgloss.Style
	BarHint lipgloss.Style

	presence map[xmppclient.Show]lipgloss.Style
	status   map[xmppclient.Status]lipgloss.Style
}

// NewStyles makes the styles for a dark or light background; plain drops
// every colour.
func NewStyles(isDark, plain bool) Styles {
	ld := lipgloss.LightDark(isDark)
	c := func(light, dark string) color.Color {
		if plain {
			return lipgloss.NoColor{}
		}
		return ld(lipgloss.Color(light), lipgloss.Color(dark))
	}
	var (
		fg      = c("#1F1F28", "#DCD7BA")
		subtle  = c("#6A6A7A", "#8A8A9A")
		accent  = c("#5B3FD0", "#A48CFF")
		red     = c("#C4302B", "#FF6B6B")
		green   = c("#1E8E3E", "#5FD787")
		yellow  = c("#A66A00", "#F2C94C")
		orange  = c("#B5560B", "#FF9F43")
		barBG   = c("#E4E0F5", "#2A2540")
		selBG   = c("#DCD3FF", "#3B3360")
		border  = c("#A99BE0", "#5F5590")
		badgeBG = c("#5B3FD0", "#A48CFF")
		badgeFG = c("#FFFFFF", "#1A1A24")
	)
	s := Styles{Plain: plain, IsDark: isDark}
	s.App = lipgloss.NewStyle().Foreground(fg)
	s.Title = lipgloss.NewStyle().Bold(true).Foreground(accent)
	s.Subtle = lipgloss.NewStyle().Foreground(subtle)
	s.Accent = lipgloss.NewStyle().Foreground(accent)
	s.Error = lipgloss.NewStyle().Foreground(red).Bold(true)
	s.OK = lipgloss.NewStyle().Foreground(green)
	s.Warn = lipgloss.NewStyle().Foreground(yellow)
	s.Label = lipgloss.NewStyle().Foreground(subtle)
	s.Focused = lipgloss.NewStyle().Foreground(accent).Bold(true)
	s.Cursor = lipgloss.NewStyle().Background(selBG).Bold(true)
	s.Badge = lipgloss.NewStyle().Background(badgeBG).Foreground(badgeFG).Bold(true)
	s.Key = lipgloss.NewStyle().Foreground(accent).Bold(true)
	s.Box = lipgloss.NewStyle().Border(lipgloss.RoundedBorder()).BorderForeground(border).Padding(0, 1)
	s.Card = lipgloss.NewStyle().Border(lipgloss.RoundedBorder()).BorderForeground(border).Padding(0, 1)
	s.Bar = lipgloss.NewStyle().Background(barBG).Foreground(fg)
	s.BarJID = lipgloss.NewStyle().Background(barBG).Foreground(accent).Bold(true)
	s.BarHint = lipgloss.NewStyle().Background(barBG).Foreground(subtle)
	if plain {
		// Without colour the selection and the badge need an attribute.
		s.Cursor = lipgloss.NewStyle().Reverse(true)
		s.Badge = lipgloss.NewStyle().Reverse(true)
		s.Bar = lipgloss.NewStyle().Reverse(true)
		s.BarJID = s.Bar.Bold(true)
		s.BarHint = s.Bar
	}
	s.presence = map[xmppclient.Show]lipgloss.Style{
		xmppclient.ShowOnline:  lipgloss.NewStyle().Foreground(green),
		xmppclient.ShowAway:    lipgloss.NewStyle().Foreground(yellow),
		xmppclient.ShowDND:     lipgloss.NewStyle().Foreground(red),
		xmppclient.ShowXA:      lipgloss.NewStyle().Foreground(orange),
		xmppclient.ShowOffline: lipgloss.NewStyle().Foreground(subtle),
	}
	s.status = map[xmppclient.Status]lipgloss.Style{
		xmppclient.StatusConnected:        s.Bar.Foreground(green).Bold(true),
		xmppclient.StatusConnecting:       s.Bar.Foreground(yellow).Bold(true),
		xmppclient.StatusReconnecting:     s.Bar.Foreground(orange).Bold(true),
		xmppclient.StatusDisconnected:     s.Bar.Foreground(subtle).Bold(true),
		xmppclient.StatusConnectionFailed: s.Bar.Foreground(red).Bold(true),
	}
	if plain {
		for k := range s.status {
			s.status[k] = s.Bar.Bold(true)
		}
	}
	return s
}

// presenceMark is the glyph and word for a presence: shape, colour and
// text all differ, so it never relies on colour alone.
func presenceMark(show xmppclient.Show) (glyph, label string) {
	switch show {
	case xmppclient.ShowOnline:
		return "●", "online"
	case xmppclient.ShowAway:
		return "◐", "away"
	case xmppclient.ShowDND:
		return "⊘", "busy"
	case xmppclient.ShowXA:
		return "◌", "gone"
	default:
		return "○", "offline"
	}
}

// labelWidth is the widest presence label.
const labelWidth = 7

// Presence styles a presence mark.
func (s Styles) Presence(show xmppclient.Show) lipgloss.Style {
	if st, ok := s.presence[show]; ok {
		return st
	}
	return s.presence[xmppclient.ShowOffline]
}

// Status styles the connection state in the status bar.
func (s Styles) Status(st xmppclient.Status) lipgloss.Style {
	if v, ok := s.status[st]; ok {
		return v
	}
	return s.Bar
}
