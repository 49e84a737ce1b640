package xmppclient

// Rank orders availabilities: higher is more available, offline (and any
// unknown value) is 0. The order is online > dnd > away > xa > offline:
// someone on do-not-disturb is at the device, only busy, while away and xa
// say they are not there. It picks the resource that speaks for a contact
// and sorts contact lists. (A presence with show "chat" is reported as
// ShowOnline, so it ranks with online.)
func (s Show) Rank() int {
	switch s {
	case ShowOnline:
		return 4
	case ShowDND:
		return 3
	case ShowAway:
		return 2
	case ShowXA:
		return 1
	}
	return 0
}
