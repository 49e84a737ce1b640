// Package ejabberd runs ejabberd as a throwaway XMPP server on loopback, as
// a second server for integration tests next to the Prosody of
// internal/sandbox.
//
// Everything lives in one private directory: ejabberd.yml, ejabberdctl.cfg
// and vm.args, a self-signed certificate made in Go (one PEM with the
// certificate and its key, which doubles as the CA file a client trusts),
// the Mnesia spool and the logs. HOME points at that directory so the
// user's ~/.erlang.cookie is untouched, and a fixed Erlang distribution
// port keeps epmd out of the picture. When run as root, ejabberdctl is told
// to keep the current user instead of switching to the ejabberd user.
//
// A Server can be stopped and started again on the same port and spool
// (accounts and stored items survive), as the fault tests need. Because
// ejabberdctl detaches the Erlang VM, each running node has a guard: a
// small shell child that stops the node should the process that started it
// die without calling Stop (a go test timeout, a kill).
//
// ejabberd must be installed (`sudo apt-get install ejabberd`); Find
// reports ErrMissing otherwise.
package ejabberd
