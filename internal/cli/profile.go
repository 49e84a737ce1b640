package cli

import (
	"flag"
	"os"

	"github.com/parley-im/parley/internal/app"
	"github.com/parley-im/parley/internal/errtext"
	"github.com/parley-im/parley/profile"
)

// profileData is the SDK's "Profile Details Object".
type profileData struct {
	UserJID      string `json:"userJid"`
	NickName     string `json:"nickName"`
	Image        string `json:"image"`
	ThumbImage   string `json:"thumbImage"`
	StatusText   string `json:"statusText"`
	MobileNumber string `json:"mobileNumber"`
	Email        string `json:"email"`
	// Visibility is who may see the profile: the own profile's only.
	Visibility string `json:"visibility,omitempty"`
}

// profileJSON: image is the avatar URL when one was published, else the
// cached file's path; the thumbnail is the cached (at most 192×192) file.
func profileJSON(p profile.Profile) profileData {
	image := p.Avatar.URL
	if image == "" {
		image = p.Avatar.Path
	}
	return profileData{
		UserJID:      p.JID,
		NickName:     p.Nickname,
		Image:        image,
		ThumbImage:   p.Avatar.Path,
		StatusText:   p.Status,
		MobileNumber: p.MobileNumber,
		Email:        p.Email,
		Visibility:   string(p.Visibility),
	}
}

func profileCommand() command {
	var saveImage, name, image, status, mobile, email, visibility string
	var removeImage, publishURL bool
	c := command{
		name:    "profile",
		usage:   "get [JID] [--save-image FILE] | set [--name N] [--image PATH|URL [--publish-url] | --remove-image] [--status S] [--mobile M] [--email E] [--visibility contacts|mixed|public]",
		summary: "read a profile (yours when JID is omitted), or update yours; flags left out of set keep their current values",
		flags: func(fs *flag.FlagSet) {
			fs.StringVar(&saveImage, "save-image", "", "get: also write the avatar to `FILE`")
			fs.StringVar(&name, "name", "", "set: the nickname (1–64 characters)")
			fs.StringVar(&image, "image", "", "set: a new avatar from a `PATH` or an http(s) URL")
			fs.BoolVar(&publishURL, "publish-url", false, "set: with --image URL, also publish the URL itself (contacts see the image either way)")
			fs.BoolVar(&removeImage, "remove-image", false, "set: remove the avatar (contacts then see none)")
			fs.StringVar(&status, "status", "", "set: the profile's status, a lasting line in your profile (up to 140 characters); not the presence text next to your name (parley presence)")
			fs.StringVar(&mobile, "mobile", "", "set: the mobile number, e.g. +44 20 7946 0958")
			fs.StringVar(&email, "email", "", "set: the e-mail address")
			fs.StringVar(&visibility, "visibility", "", "set: who may see the profile, `SETTING` one of contacts (everything for contacts only, the default), mixed (nickname and avatar for everyone, the rest for contacts) or public (everything for everyone)")
		},
	}
	c.run = func(e *env, args []string) int {
		saveImage, name, image, status, mobile, email, visibility = "", "", "", "", "", "", ""
		removeImage, publishURL = false, false
		set := map[string]bool{}
		args, code, ok := e.parseFlagsSeen(c, args, set)
		if !ok {
			return code
		}
		if len(args) == 0 {
			return printResult(e.stdout, "", nil, errtext.New(errtext.BadRequest, "Usage: parley profile get [JID] | parley profile set --name N ..."))
		}
		switch args[0] {
		case "get":
			return e.profileGet(args[1:], saveImage)
		case "set":
			if len(args) != 1 {
				return printResult(e.stdout, "", nil, errtext.New(errtext.BadRequest, "profile set takes only flags."))
			}
			// Only the flags given change; the others keep their value.
			fields := map[string]string{}
			for flag, f := range map[string]struct{ field, value string }{
				"name": {profile.FieldNickname, name}, "status": {profile.FieldStatus, status},
				"mobile": {profile.FieldMobile, mobile}, "email": {profile.FieldEmail, email},
				"image": {profile.FieldImage, image},
			} {
				if set[flag] && (flag != "image" || f.value != "") {
					fields[f.field] = f.value
				}
			}
			if set["visibility"] {
				v, err := profile.ParseVisibility(visibility)
				if err != nil {
					return printResult(e.stdout, "", nil, err)
				}
				fields[app.FieldVisibility] = string(v)
			}
			if removeImage {
				if image != "" {
					return printResult(e.stdout, "", nil, errtext.New(errtext.BadRequest, "Give either --image or --remove-image, not both."))
				}
				fields[app.FieldRemoveImage] = ""
			}
			if publishURL {
				fields[app.FieldPublishURL] = ""
			}
			return e.profileSet(fields)
		}
		return printResult(e.stdout, "", nil, errtext.New(errtext.BadRequest, "Unknown profile action %q; use get or set.", args[0]))
	}
	return c
}

// profileGet prints a profile (args: at most one JID, "" for one's own)
// and writes its avatar to saveImage when asked.
func (e *env) profileGet(args []string, saveImage string) int {
	if len(args) > 1 {
		return printResult(e.stdout, "", nil, errtext.New(errtext.BadRequest, "Give at most one JID."))
	}
	who := ""
	if len(args) == 1 {
		who = args[0]
	}
	cl, err := e.session("", false)
	if err != nil {
		return printResult(e.stdout, "", nil, err)
	}
	defer logout(cl)
	p, err := cl.GetProfile(e.ctx, who)
	if err != nil {
		return printResult(e.stdout, "", nil, err)
	}
	if saveImage != "" {
		data, err := p.Avatar.Bytes()
		if err != nil {
			return printResult(e.stdout, "", nil, errtext.Wrap(errtext.NotFound, err, "The avatar of %s is no longer in the avatar cache; run the command again to fetch it.", p.JID))
		}
		if data == nil {
			return printResult(e.stdout, "", nil, errtext.New(errtext.NotFound, "%s has no avatar to save.", p.JID))
		}
		if err := os.WriteFile(saveImage, data, 0o644); err != nil {
			return printResult(e.stdout, "", nil, errtext.Wrap(errtext.Internal, err, "Cannot write %s: %v.", saveImage, err))
		}
	}
	return printResult(e.stdout, "Success", profileJSON(p), nil)
}

// profileSet changes the fields given (profile.Field* keys).
func (e *env) profileSet(fields map[string]string) int {
	cl, err := e.session("", false)
	if err != nil {
		return printResult(e.stdout, "", nil, err)
	}
	defer logout(cl)
	p, err := e.app().EditProfile(e.ctx, cl, fields)
	if err != nil {
		return printResult(e.stdout, "", nil, err)
	}
	return printResult(e.stdout, "Profile updated", profileJSON(p), nil)
}
