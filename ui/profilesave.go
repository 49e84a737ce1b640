package ui

// Saving the own profile, from the editor (edit.go) or from /nick, /status
// and /avatar: the request to Backend.SaveProfile and what its result does.

import (
	"context"
	"errors"
	"fmt"

	tea "charm.land/bubbletea/v2"

	"github.com/parley-im/parley/internal/app"
	"github.com/parley-im/parley/internal/errtext"
	"github.com/parley-im/parley/profile"
)

// savedMsg ends publishing the own profile; step names what failed.
type savedMsg struct {
	profile profile.Profile
	step    string
	err     error
	silent  bool // from /nick, /status, /avatar: no screen change
}

func (msg savedMsg) apply(m *Model) tea.Cmd {
	m.endBusy()
	return m.saved(msg)
}

// saved ends a profile publish.
func (m *Model) saved(msg savedMsg) tea.Cmd {
	if msg.err != nil {
		if msg.silent {
			m.fail(fmt.Errorf("could not %s: %s", msg.step, errText(msg.err)))
			return nil
		}
		return m.updateComponent(&m.edit, msg) // the editor shows why
	}
	if msg.profile.JID == "" {
		msg.profile.JID = m.state.account
	}
	m.state.setProfile(msg.profile)
	if msg.silent {
		m.info("Profile published.")
		return nil
	}
	m.edit = editModel{}
	m.info("Profile published.")
	// Return to the profile view of oneself: drop the edit screen.
	m.screen = screenProfile
	m.view = newProfileView(m.state.account)
	if n := len(m.back); n > 0 && m.back[n-1] == screenProfile {
		m.back = m.back[:n-1]
	}
	return nil
}

// save publishes the own profile through Backend.SaveProfile, which
// validates it and loads its image once; the failure names the step that
// failed. silent is for /nick, /status and /avatar: no screen change.
func (m *Model) save(u profile.Update, silent bool) tea.Cmd {
	s, b, ctx := m.session, m.backend, m.ctx
	if s == nil {
		m.fail(errNotLoggedIn)
		return nil
	}
	return tea.Batch(m.startBusy("publishing the profile"), func() tea.Msg {
		c, cancel := context.WithTimeout(ctx, opTimeout)
		defer cancel()
		p, err := b.SaveProfile(c, s, u)
		if err != nil {
			return savedMsg{step: saveStep(u, err), err: err, silent: silent}
		}
		return savedMsg{profile: p, silent: silent}
	})
}

// saveStep names the step of a profile save that err ended: the fields'
// check, the image's load (a bad or too large image), or the publish.
func saveStep(u profile.Update, err error) string {
	var ve *profile.ValidationError
	switch {
	case errors.As(err, &ve):
		return "check the fields"
	case u.Image != "" && (errtext.Code(err) == errtext.TooLarge || errtext.Code(err) == errtext.BadRequest):
		return "load the image"
	}
	return "publish the profile"
}

// publishField publishes the own profile with one field changed (/nick,
// /status, /avatar). The other fields come from the current profile,
// fetched first when it is not known yet, so nothing is wiped.
func (m *Model) publishField(field, value string) tea.Cmd {
	if field != profile.FieldImage {
		if err := profile.ValidateField(field, value); err != nil {
			m.fail(err)
			return nil
		}
	}
	s, b, ctx, own := m.session, m.backend, m.ctx, m.state.account
	cached, known := m.state.profile(own)
	local, _ := app.SplitJID(own)
	return tea.Batch(m.startBusy("publishing the profile"), func() tea.Msg {
		c, cancel := context.WithTimeout(ctx, opTimeout)
		defer cancel()
		p := cached
		if !known {
			got, err := s.GetProfile(c, own)
			if err != nil && errtext.Code(err) != errtext.NotFound {
				return savedMsg{step: "read the current profile", err: err, silent: true}
			}
			p = got
		}
		u := profile.Update{Nickname: p.Nickname, Status: p.Status, MobileNumber: p.MobileNumber, Email: p.Email}
		if u.Nickname == "" {
			u.Nickname = local
		}
		switch field {
		case profile.FieldNickname:
			u.Nickname = value
		case profile.FieldStatus:
			u.Status = value
		case profile.FieldImage:
			u.Image = value
		}
		np, err := b.SaveProfile(c, s, u)
		if err != nil {
			return savedMsg{step: saveStep(u, err), err: err, silent: true}
		}
		return savedMsg{profile: np, silent: true}
	})
}
