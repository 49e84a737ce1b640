package errtext

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"testing"
	"time"

	"github.com/parley-im/parley/internal/sandbox"
	"github.com/parley-im/parley/keystore"
	"github.com/parley-im/parley/profile"
)

// sentenceCase is one typed error and what a person is told about it.
type sentenceCase struct {
	err  error
	code int
	want string
}

// checkSentences asserts each case, also behind a plain wrap: the code
// and the sentence do not depend on the context a caller adds.
func checkSentences(t *testing.T, cases []sentenceCase) {
	t.Helper()
	for _, tc := range cases {
		for _, err := range []error{tc.err, fmt.Errorf("context: %w", tc.err)} {
			if got := Code(err); got != tc.code {
				t.Errorf("%v: code %d, want %d", err, got, tc.code)
			}
			if got := Message(err); got != tc.want {
				t.Errorf("%v:\n got %q\nwant %q", err, got, tc.want)
			}
		}
	}
}

func TestKeystoreSentences(t *testing.T) {
	const a = "alice@example.org"
	checkSentences(t, []sentenceCase{
		{&keystore.AddressError{Value: "bob"}, BadRequest, `"bob" is not an account address; use the form alice@example.org.`},
		{&keystore.AddressError{Server: true, Value: "x"}, BadRequest, `"x" is not a server address; use host:port, for example xmpp.example.org:5222.`},
		{&keystore.AccountError{JID: a, Err: keystore.ErrNoAccount}, NotFound, "No account alice@example.org is saved."},
		{&keystore.AccountError{JID: a, Err: keystore.ErrEmptyPassword}, BadRequest, "The password for alice@example.org is empty."},
		{&keystore.AccountError{JID: a, Err: fmt.Errorf("%w: %w", keystore.ErrCancelled, context.Canceled)}, Unavailable, "Reading the password for alice@example.org was cancelled or ran out of time."},
		{&keystore.AccountError{JID: a, Err: fmt.Errorf("%w: %w", keystore.ErrNoPassword, keystore.ErrNoKeyring)}, NotFound, "No password is known for alice@example.org; enter it or set a password command."},
		{&keystore.KeyringError{Op: keystore.KeyringSave, JID: a, Keyring: "Secret Service", Timeout: time.Second, Err: keystore.ErrKeyringTimeout}, Unavailable,
			"The password for alice@example.org could not be saved in the Secret Service (no answer within 1s; it may be locked); it is kept in memory for this session only."},
		{&keystore.KeyringError{Op: keystore.KeyringRead, JID: a, Keyring: "Secret Service", Err: errors.New("dbus: gone")}, Unavailable,
			"The password for alice@example.org could not be read from the Secret Service (dbus: gone); enter it or set a password command."},
		{&keystore.KeyringError{Op: keystore.KeyringRemove, JID: a, Keyring: "Secret Service", Err: errors.New("dbus: gone")}, Unavailable,
			"The password for alice@example.org could not be removed from the Secret Service (dbus: gone)."},
		{&keystore.CommandError{JID: a, Timeout: time.Second, TimedOut: true, Err: context.DeadlineExceeded}, Unavailable,
			"The password command for alice@example.org did not finish within 1s; it must print the password without asking for input."},
		{&keystore.CommandError{JID: a}, Internal, "The password command for alice@example.org printed no password on its first line."},
		{&keystore.CommandError{JID: a, Stderr: "gpg: no key", Err: errors.New("exit status 2")}, Internal, "The password command for alice@example.org failed (exit status 2): gpg: no key."},
		{&keystore.AccountListError{Op: keystore.ListRead, Path: "/c/accounts.json", Err: fs.ErrPermission}, Internal, "Cannot read the account list /c/accounts.json: permission denied."},
		{&keystore.AccountListError{Op: keystore.ListDecode, Path: "/c/accounts.json", Err: errors.New("bad json")}, Internal, "The account list /c/accounts.json is damaged (bad json); fix or remove it."},
		{&keystore.AccountListError{Op: keystore.ListEncode, Err: errors.New("nan")}, Internal, "Cannot encode the account list: nan."},
		{&keystore.AccountListError{Op: keystore.ListMkdir, Path: "/c", Err: fs.ErrPermission}, Internal, "Cannot create the directory /c: permission denied."},
		{&keystore.AccountListError{Op: keystore.ListWrite, Path: "/c/accounts.json", Err: errors.New("disk full")}, Internal, "Cannot save the account list /c/accounts.json: disk full."},
		{fmt.Errorf("%w: %w", keystore.ErrNoConfigDir, errors.New("no HOME")), Internal, "Cannot find the configuration directory: set XDG_CONFIG_HOME or HOME."},
	})
}

func TestSandboxSentences(t *testing.T) {
	checkSentences(t, []sentenceCase{
		{&sandbox.DirError{Dir: "/s", Err: sandbox.ErrNotRunning}, NotFound, "No sandbox is running in /s."},
		{&sandbox.DirError{Dir: "/s", PID: 7, Err: sandbox.ErrAlreadyRunning}, Conflict, "The sandbox in /s is already running (pid 7)."},
		{&sandbox.DirError{Dir: "/s", Err: sandbox.ErrStateDamaged}, Internal, "The sandbox state file in /s is damaged; delete it and start again."},
		{&sandbox.DirError{Dir: "/s", PID: 7, Err: sandbox.ErrNotExited}, Internal, "Prosody (pid 7) did not exit after SIGKILL."},
		{&sandbox.StepError{Step: sandbox.StepOptions, Err: errors.New("no directory")}, BadRequest, "The sandbox options are invalid: no directory."},
		{&sandbox.StepError{Step: sandbox.StepPort, Err: errors.New("none")}, Internal, "No free port for the sandbox: none."},
		{&sandbox.StepError{Step: sandbox.StepPrepare, Subject: "/s", Err: fs.ErrPermission}, Internal, "Could not prepare the sandbox in /s: permission denied."},
		{&sandbox.StepError{Step: sandbox.StepOpen, Subject: "/s/out", Err: fs.ErrPermission}, Internal, "Could not open /s/out: permission denied."},
		{&sandbox.StepError{Step: sandbox.StepRun, Subject: "/usr/bin/prosody", Err: fs.ErrPermission}, Unavailable, "Could not run /usr/bin/prosody: permission denied."},
		{&sandbox.StepError{Step: sandbox.StepRecord, Subject: "/s", Err: fs.ErrPermission}, Internal, "Could not record the sandbox state in /s: permission denied."},
		{&sandbox.StepError{Step: sandbox.StepReadState, Err: fs.ErrPermission}, Internal, "Could not read the sandbox state: permission denied."},
		{&sandbox.PortError{Port: 5222}, Conflict, "Port 5222 is already in use; stop what listens there or pick another port."},
		{&sandbox.StartError{Addr: "127.0.0.1:5222", LogFile: "/s/log", Tail: []string{"a", "b"}, Err: errors.New("it exited")}, Unavailable,
			"Prosody did not start on 127.0.0.1:5222: it exited; see /s/log (last lines: a | b)."},
		{&sandbox.UserError{User: "a b", Err: sandbox.ErrBadUserName}, BadRequest, `"a b" is not a valid user name.`},
		{&sandbox.UserError{User: "bob", Err: sandbox.ErrBadPassword}, BadRequest, "The password must be one non-empty line."},
		{&sandbox.UserError{User: "bob", JID: "bob@localhost", Err: sandbox.ErrUserExists}, Conflict, "The account bob@localhost already exists."},
		{&sandbox.UserError{User: "bob", JID: "bob@localhost", Output: "no host", Err: errors.New("exit status 1")}, Internal, "Could not create bob@localhost: no host."},
		{fmt.Errorf("prosody not found: %w", sandbox.ErrProsodyMissing), Unavailable, "Prosody is not installed; install it with `sudo apt-get install prosody` and try again."},
	})
}

func TestProfileSentences(t *testing.T) {
	checkSentences(t, []sentenceCase{
		{&profile.UnknownFieldError{Field: "age"}, Internal, `There is no profile field called "age".`},
		{&profile.FieldError{Field: profile.FieldImage, Message: "The image must be a local file or an http(s) URL."}, BadRequest, "The image must be a local file or an http(s) URL."},
		{&profile.LimitError{What: "image at https://e.org/a.png", Size: 20 << 20, Limit: 10 << 20}, TooLarge, "The image at https://e.org/a.png is 20 MiB; the limit is 10 MiB."},
		{&profile.LimitError{What: "image file", Limit: 10 << 20}, TooLarge, "The image file is larger than 10 MiB, the limit."},
		{&profile.PixelLimitError{What: "image", Width: 60000, Height: 60000, MaxSide: 8192}, TooLarge, "The image is 60000×60000 pixels; the limit is 8192×8192."},
		{&profile.ImageError{Problem: profile.ImageNone}, BadRequest, "No image was given."},
		{&profile.ImageError{Problem: profile.ImageEmpty}, BadRequest, "The image is empty."},
		{&profile.ImageError{Problem: profile.ImageFormat, Detail: "text/html"}, BadRequest, "The file is text/html, not a PNG, JPEG, GIF or WebP image."},
		{&profile.ImageError{Problem: profile.ImageHeader}, BadRequest, "The image is damaged: its header cannot be read."},
		{&profile.ImageError{Problem: profile.ImageNoPixels}, BadRequest, "The image has no pixels."},
		{&profile.ImageError{Problem: profile.ImageUndecodable}, BadRequest, "The image is damaged or truncated and cannot be decoded."},
		{&profile.ImageError{Problem: profile.ImageSizeMismatch}, BadRequest, "The image is damaged: its size does not match its header."},
		{&profile.ImageError{Problem: profile.ImageEncode}, Internal, "The avatar could not be encoded as PNG."},
		{&profile.ImageError{Problem: profile.ImageTimeout, Err: context.DeadlineExceeded}, Unavailable, "Loading the image took too long."},
		{&profile.ImageError{Problem: profile.ImageCancelled, Err: context.Canceled}, Internal, "Loading the image was cancelled."},
		{&profile.ImageError{Source: "/a.png", Problem: profile.ImageFileMissing}, BadRequest, "The image file /a.png does not exist."},
		{&profile.ImageError{Source: "/a.png", Problem: profile.ImageFileDenied}, BadRequest, "The image file /a.png cannot be read: permission denied."},
		{&profile.ImageError{Source: "/a.png", Problem: profile.ImageFileUnopenable}, BadRequest, "The image file /a.png cannot be opened."},
		{&profile.ImageError{Source: "/a.png", Problem: profile.ImageFileUnreadable}, BadRequest, "The image file /a.png cannot be read."},
		{&profile.ImageError{Source: "/dev", Problem: profile.ImageNotRegular}, BadRequest, "The image /dev is not a regular file."},
		{&profile.FetchError{URL: "h://x", Problem: profile.FetchBadURL}, BadRequest, "The image URL h://x is not a valid address."},
		{&profile.FetchError{URL: "https://e.org/a", Problem: profile.FetchStatus, Status: 404}, NotFound, "The image URL https://e.org/a was not found (HTTP 404)."},
		{&profile.FetchError{URL: "https://e.org/a", Problem: profile.FetchStatus, Status: 500}, BadRequest, "The image URL https://e.org/a answered HTTP 500 Internal Server Error instead of an image; check the address."},
		{&profile.FetchError{URL: "https://e.org/a", Problem: profile.FetchTimeout, Timeout: 10 * time.Second}, Unavailable, "The image URL https://e.org/a did not answer within 10s; try again or use another image."},
		{&profile.FetchError{URL: "https://e.org/a", Problem: profile.FetchUnreachable}, Unavailable, "The image URL https://e.org/a cannot be reached; check the address and your network."},
		{&profile.FetchError{URL: "https://e.org/a", Problem: profile.FetchNotImage, Served: "text/html"}, BadRequest, "The URL serves text/html, not an image."},
		{&profile.MalformedError{What: "vCard4 profile"}, Internal, "The vCard4 profile could not be read: it is not well-formed."},
		{&profile.ChecksumError{Got: "a", Want: "b"}, Internal, "The avatar received does not match its announced checksum; it was damaged on the way or is not the announced image."},
		{&profile.CacheError{Dir: "/c", ID: "x", Err: profile.ErrBadAvatarID}, BadRequest, `"x" is not an avatar id (40 hexadecimal digits).`},
		{&profile.CacheError{Err: profile.ErrNoCacheDir}, Internal, "The avatar cache has no directory."},
		{&profile.CacheError{Dir: "/c", Err: fs.ErrPermission}, Internal, "The avatar cache /c is not writable."},
		{&profile.CacheError{Dir: "/c", Err: errors.New("disk full")}, Internal, "The avatar could not be saved in the cache /c."},
		{fmt.Errorf("%w: %w", profile.ErrNoCacheDir, errors.New("no HOME")), Internal, "There is no cache directory for avatars: set XDG_CACHE_HOME or HOME."},
	})
}
