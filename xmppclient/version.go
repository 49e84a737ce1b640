package xmppclient

import (
	"runtime"
	"runtime/debug"

	"mellium.im/xmpp/mux"
	"mellium.im/xmpp/version"
)

// softwareName is what Parley calls itself in XEP-0092 answers.
const softwareName = "Parley"

// versionHandler answers XEP-0092 software version queries with mellium's
// handler: the name, the version of this build and, only where the user
// allows it (Config.ShareOS), the operating system. Anyone may ask, as
// with disco#info: the client's name is in every caps hash already.
func (c *Client) versionHandler() mux.Option {
	q := version.Query{Name: softwareName, Version: c.softwareVersion()}
	if c.cfg.ShareOS {
		q.OS = runtime.GOOS + "/" + runtime.GOARCH
	}
	return version.Handle(q)
}

// softwareVersion is Config.SoftwareVersion or, when the front end set
// none, the module version Go stamped into the build ("devel" for a build
// from a work tree without one).
func (c *Client) softwareVersion() string {
	if c.cfg.SoftwareVersion != "" {
		return c.cfg.SoftwareVersion
	}
	return buildVersion()
}

func buildVersion() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok || bi.Main.Version == "" || bi.Main.Version == "(devel)" {
		return "devel"
	}
	return bi.Main.Version
}
