package ui

import (
	"fmt"
	"time"
)

// ago says how long ago something was, the way a person says it.
func ago(d time.Duration) string {
	switch {
	case d < 0:
		return "just now"
	case d < time.Minute:
		return "just now"
	case d < time.Hour:
		return fmt.Sprintf("%d min ago", int(d/time.Minute))
	case d < 48*time.Hour:
		return fmt.Sprintf("%d h ago", int(d/time.Hour))
	case d < 60*24*time.Hour:
		return fmt.Sprintf("%d days ago", int(d/(24*time.Hour)))
	default:
		return fmt.Sprintf("%d months ago", int(d/(30*24*time.Hour)))
	}
}

// lastSeenText is "last seen 5 min ago" for an offline contact whose last
// activity is known, counting on from when the answer came; "" when it is
// unknown. always also answers for online contacts ("online now").
func (m *Model) lastSeenText(jid string, always bool) string {
	ls, ok := m.lastSeen[jid]
	if !ok {
		if always {
			return "last seen unknown"
		}
		return ""
	}
	if ls.failed {
		if always {
			return "last seen unknown"
		}
		return ""
	}
	if e, ok := m.roster.get(jid); ok && e.show != "offline" && always {
		return "online now"
	}
	d := time.Duration(ls.seconds)*time.Second + m.now().Sub(ls.at)
	return "last seen " + ago(d)
}
