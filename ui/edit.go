package ui

import (
	"charm.land/bubbles/v2/key"
	"errors"
	"fmt"
	"image"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/parley-im/parley/internal/app"
	"github.com/parley-im/parley/profile"
)

// editModel edits the own profile: five fields and who may see them,
// prefilled, validated as typed; a new image is previewed before saving; a failed save keeps
// every field and names the step that failed.
type editModel struct {
	active    bool
	form      form
	initial   map[string]string
	origImage string // the prefilled image value: unchanged means "keep"
	// imageFresh: the image field still holds origImage untouched, as if
	// selected: a new source typed or pasted replaces it (see freshImage).
	imageFresh bool

	preview    image.Image
	previewSrc string // what the preview (or its error) is of
	// previewAvatar is the previewed image as loaded for publishing: the
	// save hands it on, so a URL is downloaded once, not again to save.
	previewAvatar  *profile.Avatar
	previewSeq     int
	previewLoading bool

	saving bool
	err    string // "Could not <step>: <why>"
}

const imageHint = "The preview loads when you leave this field."

// noImage, typed as the image, removes the avatar.
const noImage = "none"

// editFields are the profile fields in form order.
var editFields = []struct{ key, label, placeholder string }{
	{profile.FieldNickname, "Name", "how others see you"},
	{profile.FieldImage, "Image", "file path, http(s) URL, or none to remove (empty: keep)"},
	{profile.FieldStatus, "Status", "a short line, e.g. at lunch"},
	{profile.FieldMobile, "Mobile", "+49 170 1234567 (optional)"},
	{profile.FieldEmail, "E-mail", "bob@example.org (optional)"},
}

func newEdit(p profile.Profile, fallbackName string) editModel {
	e := editModel{active: true, initial: map[string]string{}}
	values := map[string]string{
		profile.FieldNickname: p.Nickname,
		profile.FieldImage:    p.Avatar.URL,
		profile.FieldStatus:   p.Status,
		profile.FieldMobile:   p.MobileNumber,
		profile.FieldEmail:    p.Email,
	}
	if values[profile.FieldNickname] == "" {
		values[profile.FieldNickname] = fallbackName
	}
	for _, f := range editFields {
		fl := &field{key: f.key, label: f.label, input: newInput(f.placeholder, 2048, false)}
		v := clean(values[f.key])
		fl.input.SetValue(v)
		e.initial[f.key] = v
		if f.key != profile.FieldImage {
			k := f.key
			fl.validate = func(s string) error { return fieldErr(profile.ValidateField(k, s)) }
		} else {
			fl.hint = imageHint
			if v != "" {
				fl.hint = "Typing replaces it (← → edit it). " + imageHint
			}
		}
		e.form.fields = append(e.form.fields, fl)
	}
	vis := newVisibilityField(p.Visibility)
	e.initial[vis.key] = vis.value()
	e.form.fields = append(e.form.fields, vis)
	e.origImage = e.initial[profile.FieldImage]
	e.imageFresh = e.origImage != ""
	e.form.setFocus(0)
	return e
}

// fieldErr turns a validation error into its sentence alone.
func fieldErr(err error) error {
	if err == nil {
		return nil
	}
	return errors.New(errText(err))
}

// openEdit opens the editor on the own profile.
func (m *Model) openEdit() tea.Cmd {
	if !m.loggedIn() {
		m.fail(errNotLoggedIn)
		return nil
	}
	local, _ := app.SplitJID(m.state.account)
	m.edit = newEdit(m.state.profiles[m.state.account], local)
	m.goTo(screenEdit)
	return nil
}

// dirty reports whether a field differs from what was loaded.
func (e *editModel) dirty() bool { return e.active && e.form.dirty(e.initial) }

// update returns a profile.Update from the fields.
func (e *editModel) updateValue() profile.Update {
	img := strings.TrimSpace(e.form.get(profile.FieldImage).value())
	if img == e.origImage {
		img = "" // unchanged: keep the published avatar
	}
	remove := strings.EqualFold(img, noImage)
	if remove {
		img = ""
	}
	u := profile.Update{
		RemoveImage:  remove,
		Nickname:     e.form.get(profile.FieldNickname).value(),
		Image:        img,
		Status:       e.form.get(profile.FieldStatus).value(),
		MobileNumber: e.form.get(profile.FieldMobile).value(),
		Email:        e.form.get(profile.FieldEmail).value(),
	}
	if v := e.form.get(profile.FieldVisibility).value(); v != e.initial[profile.FieldVisibility] {
		u.Visibility = profile.Visibility(v) // unchanged: the setting stays as it is
	}
	if img != "" && img == e.previewSrc {
		u.Avatar = e.previewAvatar // nil while the preview still loads
	}
	return u
}

func (e *editModel) update(m *Common, msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case previewMsg:
		e.setPreview(msg)
		return nil
	case savedMsg: // a failure
		e.fail(msg.step, msg.err)
		return nil
	}
	if k, ok := msg.(tea.KeyPressMsg); ok && key.Matches(k, m.keys.Back) {
		if e.saving {
			return nil
		}
		if e.dirty() {
			return m.ask(confirmMsg{question: "Discard your changes to the profile?", yes: closeEditMsg{}})
		}
		return m.ask(closeEditMsg{})
	}
	if e.saving {
		return nil
	}
	wasImage := e.form.focused() != nil && e.form.focused().key == profile.FieldImage
	e.freshImage(wasImage, msg)
	res, cmd := e.form.update(msg, m.keys)
	switch res {
	case formMoved:
		if wasImage {
			return tea.Batch(cmd, e.maybePreview(m))
		}
	case formSubmitted:
		return e.submit(m)
	case formChanged:
		if wasImage {
			e.form.get(profile.FieldImage).err = ""
		}
	}
	return cmd
}

// freshImage handles a key on the image field (focused) while it holds
// the prefilled source untouched: typing or pasting a new source replaces
// it (one is never appended to another), deleting clears it, and moving
// the cursor starts editing it in place.
func (e *editModel) freshImage(focused bool, msg tea.Msg) {
	if !focused || !e.imageFresh {
		return
	}
	fl := e.form.get(profile.FieldImage)
	switch k := msg.(type) {
	case tea.PasteMsg:
		fl.input.SetValue("")
	case tea.KeyPressMsg:
		switch {
		case k.Text != "" && k.Mod&^tea.ModShift == 0, k.Code == tea.KeyBackspace, k.Code == tea.KeyDelete:
			fl.input.SetValue("")
		case k.Code == tea.KeyLeft, k.Code == tea.KeyRight, k.Code == tea.KeyHome, k.Code == tea.KeyEnd:
		default:
			return // moving to another field, saving…: still fresh
		}
	default:
		return
	}
	e.imageFresh = false
	fl.hint = imageHint
}

// maybePreview loads the image field's value when it is new.
func (e *editModel) maybePreview(m *Common) tea.Cmd {
	src := strings.TrimSpace(e.form.get(profile.FieldImage).value())
	if src == e.previewSrc {
		return nil
	}
	e.previewSrc = src
	e.preview = nil
	e.previewAvatar = nil
	e.form.get(profile.FieldImage).err = ""
	if src == "" || src == e.origImage || strings.EqualFold(src, noImage) {
		e.previewLoading = false
		return nil
	}
	e.previewSeq++
	e.previewLoading = true
	return m.ask(loadPreviewMsg{seq: e.previewSeq, src: src})
}

// setPreview takes a loaded preview, if it is still the one wanted.
func (e *editModel) setPreview(msg previewMsg) {
	if !e.active || msg.seq != e.previewSeq {
		return
	}
	e.previewLoading = false
	if msg.err != nil {
		e.form.get(profile.FieldImage).err = errText(msg.err)
		return
	}
	e.preview = msg.img
	e.previewAvatar = &msg.avatar
}

// submit validates everything and publishes.
func (e *editModel) submit(m *Common) tea.Cmd {
	ok := e.form.validate()
	u := e.updateValue()
	if u.Image != "" {
		if err := profile.ValidateField(profile.FieldImage, u.Image); err != nil {
			e.form.get(profile.FieldImage).err = errText(err)
			if ok {
				e.form.focusKey(profile.FieldImage)
			}
			ok = false
		}
	}
	if !ok {
		e.err = "Could not check the fields: fix the ones marked ✗."
		return nil
	}
	e.err = ""
	e.saving = true
	return m.ask(saveProfileMsg{u})
}

// fail keeps every field as typed and says which step failed; field
// errors from validation go to their fields.
func (e *editModel) fail(step string, err error) {
	e.saving = false
	e.err = "Could not " + step + ": " + errText(err)
	var ve *profile.ValidationError
	if errors.As(err, &ve) {
		for _, f := range ve.Fields {
			if fl := e.form.get(f.Field); fl != nil {
				fl.err = clean(f.Message)
			}
		}
	}
	if step == "load the image" {
		e.form.get(profile.FieldImage).err = errText(err)
	}
}

func (e *editModel) view(m *Common, w, h int) string {
	st := m.styles
	var b strings.Builder
	b.WriteString("\n" + st.Title.Render("  Edit your profile") + "\n\n")
	pvCols, pvRows, side := editPreviewSize(w)
	formW := editFormWidth(w)
	formLines := strings.Split(e.form.view(st, formW), "\n")
	var pv []string
	if side {
		pv = e.previewLines(m, pvCols, pvRows)
	}
	for i := 0; i < max(len(formLines), len(pv)); i++ {
		l := ""
		if i < len(formLines) {
			l = formLines[i]
		}
		if side {
			l = fit(l, formW) + "  "
			if i < len(pv) {
				l += pv[i]
			}
		}
		b.WriteString(l + "\n")
	}
	if !side && (e.preview != nil || e.previewLoading) {
		for _, l := range e.previewLines(m, pvCols, pvRows) {
			b.WriteString(strings.Repeat(" ", labelCol+3) + l + "\n")
		}
	}
	b.WriteString("\n" + wrapBlock(st.Subtle, "  ", legacyNote(profile.Visibility(e.form.get(profile.FieldVisibility).value())), w-2) + "\n\n")
	switch {
	case e.saving:
		b.WriteString("  " + m.spin.View() + " publishing the profile…\n")
	case e.err != "":
		b.WriteString(wrapBlock(st.Error, "  ", e.err, w-2) + "\n")
	}
	keys := "  " + hint(m.keys.Complete, "next field")
	if f := e.form.focused(); f != nil && f.kind == kindChoice {
		keys += " · " + hint(m.keys.Toggle, "change")
	}
	b.WriteString(st.Subtle.Render(keys + " · " + hint(m.keys.Save, "save") + " · " + hint(m.keys.Back, "cancel")))
	return b.String()
}

// previewLines draws the avatar column: the new image, or the current one.
func (e *editModel) previewLines(m *Common, cols, rows int) []string {
	st := m.styles
	p := m.state.profiles[m.state.account]
	name := e.form.get(profile.FieldNickname).value()
	var title, block string
	switch {
	case e.previewLoading:
		title = "loading…"
		block = m.initialsBlock(m.state.account, name, cols, rows)
	case e.preview != nil:
		title = "new image"
		block = m.imageBlock(e.preview, fmt.Sprintf("preview-%d", e.previewSeq), m.state.account, name, cols, rows)
	default:
		title = "current"
		block = m.avatarBlock(p, name, cols, rows)
	}
	lines := []string{st.Label.Render(title)}
	return append(lines, strings.Split(block, "\n")...)
}
