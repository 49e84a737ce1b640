package ui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/parley-im/parley/internal/errtext"
	"github.com/parley-im/parley/profile"
	"github.com/parley-im/parley/xmppclient"
)

// profileModel is the profile of a contact or of oneself. It keeps only
// whose profile it is: the data is read from the shared state at render
// time, so ProfileEvent and PresenceEvent update it in place.
type profileModel struct {
	jid     string
	loading bool
	err     string
}

func newProfileView(jid string) profileModel { return profileModel{jid: jid} }

// openProfile shows (and fetches) the profile of jid; "" is oneself.
func (m *Model) openProfile(jid string) tea.Cmd {
	if !m.loggedIn() {
		m.fail(errNotLoggedIn)
		return nil
	}
	jid = bare(strings.TrimSpace(jid))
	if jid == "" {
		jid = m.state.account
	}
	m.view = profileModel{jid: jid, loading: true}
	m.goTo(screenProfile)
	cmds := []tea.Cmd{m.fetchProfile(jid)}
	if jid != m.state.account {
		cmds = append(cmds, m.askLastSeen(jid, true))
	}
	return tea.Batch(cmds...)
}

func (v *profileModel) own(m *Common) bool { return v.jid == m.state.account }

func (v *profileModel) update(m *Common, msg tea.Msg) tea.Cmd {
	if r, ok := msg.(profileMsg); ok {
		v.fetched(r)
		return nil
	}
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return nil
	}
	switch {
	case key.Matches(k, m.keys.Back):
		return m.ask(backMsg{or: screenContacts, lastSeen: true})
	case key.Matches(k, m.keys.Edit):
		if v.own(m) {
			return m.ask(navigateMsg{to: screenEdit})
		}
		return m.ask(noticeMsg{text: "Only your own profile can be edited (" + m.keys.OwnProfile.Help().Key + " shows it)."})
	case key.Matches(k, m.keys.Open):
		if !v.own(m) {
			return m.ask(navigateMsg{to: screenChat, jid: v.jid})
		}
	case key.Matches(k, m.keys.Refresh):
		v.loading = true
		return m.ask(askProfileMsg{jid: v.jid, lastSeen: !v.own(m)})
	}
	return nil
}

// fetched ends the fetch of the profile on show.
func (v *profileModel) fetched(msg profileMsg) {
	if v.jid != msg.jid {
		return
	}
	v.loading = false
	v.err = ""
	if msg.err != nil {
		v.err = errText(msg.err)
		if errtext.Code(msg.err) == errtext.NotFound {
			v.err = "No profile published yet."
		}
	}
}

func (v *profileModel) view(m *Common, w, h int) string {
	st := m.styles
	p := m.state.profiles[v.jid]
	entry, isContact := m.state.roster.get(v.jid)
	name := clean(p.Nickname)
	if name == "" && isContact {
		name = entry.name
	}
	if name == "" {
		name = clean(v.jid)
	}

	title := "Profile"
	if v.own(m) {
		title = "Your profile"
	}
	var b strings.Builder
	b.WriteString("\n" + st.Title.Render("  "+title) + "\n\n")

	// Avatar on the left, twice as many columns as rows (cells are tall).
	avCols, avRows, side := profileAvatarSize(w, h)
	avatar := strings.Split(m.avatarBlock(p, name, avCols, avRows), "\n")

	rows := v.rows(m, p, name)

	left := 2
	textW := w - left
	if side {
		textW = w - left - avCols - 3
	} else {
		for _, l := range avatar {
			b.WriteString(strings.Repeat(" ", left) + l + "\n")
		}
		b.WriteString("\n")
	}
	lines := make([]string, 0, len(rows))
	for _, r := range rows {
		// A long value (a status, an image URL) wraps under itself.
		for i, l := range wrapStyled(r.value, max(10, textW-13)) {
			if i == 0 {
				lines = append(lines, st.Label.Render(fit(r.label, 13))+l)
			} else {
				lines = append(lines, strings.Repeat(" ", 13)+l)
			}
		}
	}
	n := len(lines)
	if side {
		n = max(n, len(avatar))
	}
	for i := 0; i < n; i++ {
		b.WriteString(strings.Repeat(" ", left))
		if side {
			a := strings.Repeat(" ", avCols)
			if i < len(avatar) {
				a = avatar[i]
			}
			b.WriteString(a + "   ")
		}
		if i < len(lines) {
			b.WriteString(lines[i])
		}
		b.WriteString("\n")
	}
	b.WriteString("\n" + v.footer(m, w))
	return b.String()
}

// profileRow is one labelled line of the profile view.
type profileRow struct{ label, value string }

// rows are the profile's labelled lines: the fields, presence, last seen
// and subscription where they apply.
func (v *profileModel) rows(m *Common, p profile.Profile, name string) []profileRow {
	st := m.styles
	entry, isContact := m.state.roster.get(v.jid)
	dash := st.Subtle.Render("—")
	var rows []profileRow
	if name == clean(v.jid) {
		// No nickname and no other name: the JID below says it once.
		rows = append(rows, profileRow{"Nickname", dash})
	} else {
		rows = append(rows, profileRow{"Nickname", st.Title.Render(name)})
	}
	rows = append(rows, profileRow{"JID", clean(v.jid)})
	if isContact {
		show, glyph, label, known := m.presenceOf(entry)
		pres := st.Presence(show).Render(glyph + " " + label)
		if !known {
			pres += st.Subtle.Render("  until the server says it again")
		} else if entry.status != "" {
			pres += "  " + entry.status
		}
		rows = append(rows, profileRow{"Presence", pres})
	} else if v.own(m) {
		show := m.state.ownShow()
		glyph, label := presenceMark(show)
		pres := st.Presence(show).Render(glyph + " " + label)
		if show != xmppclient.ShowOffline && m.state.myShowText != "" {
			pres += "  " + m.state.myShowText
		}
		rows = append(rows, profileRow{"Presence", pres})
	}
	or := func(s string) string {
		if s = clean(s); s == "" {
			return dash
		}
		return s
	}
	rows = append(rows,
		profileRow{"Status", or(p.Status)},
		profileRow{"Mobile", or(p.MobileNumber)},
		profileRow{"E-mail", or(p.Email)},
	)
	if p.Avatar.URL != "" {
		rows = append(rows, profileRow{"Image", clean(p.Avatar.URL)})
	}
	if isContact {
		if entry.show == xmppclient.ShowOffline && !m.stale[v.jid] {
			rows = append(rows, profileRow{"Last seen", strings.TrimPrefix(m.state.lastSeenText(v.jid, true), "last seen ")})
		}
		sub := clean(entry.contact.Subscription)
		if entry.contact.Pending {
			sub += " (waiting for approval)"
		}
		rows = append(rows, profileRow{"Subscription", or(sub)})
	}

	return rows
}

// footer is the fetch state and the key hints under the profile.
func (v *profileModel) footer(m *Common, w int) string {
	st := m.styles
	var b strings.Builder
	switch {
	case v.loading:
		b.WriteString(st.Subtle.Render("  "+m.spin.View()+" fetching the profile…") + "\n")
	case v.err != "":
		b.WriteString(wrapBlock(st.Warn, "  ", v.err, w-1) + "\n")
	}
	keys := []string{hint(m.keys.Back, ""), hint(m.keys.Refresh, "")}
	if v.own(m) {
		keys = append([]string{hint(m.keys.Edit, "edit")}, keys...)
	} else {
		keys = append([]string{hint(m.keys.Open, "chat")}, keys...)
	}
	b.WriteString(st.Subtle.Render("  " + strings.Join(keys, " · ")))
	return b.String()
}
