// Package xdg works out Parley's directories by the XDG Base Directory
// rules, in one place: $XDG_CONFIG_HOME, $XDG_DATA_HOME, $XDG_STATE_HOME
// and $XDG_CACHE_HOME when set to an absolute path (the specification
// says to ignore a relative one), else $HOME/.config, $HOME/.local/share,
// $HOME/.local/state and $HOME/.cache. Each function returns the "parley"
// folder under its base, not created.
//
// Written here rather than taken from a module: os.UserConfigDir and
// os.UserCacheDir follow each platform's own convention (and have no data
// or state directory), while Parley keeps the XDG layout everywhere so the
// README's paths hold on every system.
package xdg
