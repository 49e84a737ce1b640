package demo

// Friend is one demo contact: who it is and what it may say.
type Friend struct {
	User      string   // local part of the JID, letters and digits
	Nicknames []string // the first is the profile's; the rest are worn now and then
	Statuses  []string // status texts; the first is the profile's
	Mobile    string
	Email     string
	Replies   []string // answers to chat messages, in turn
}

// Nickname is the friend's usual nickname.
func (f Friend) Nickname() string { return f.Nicknames[0] }

// Cast is the list of demo friends. The numbers are from the 555-01xx
// range and the addresses from example.org, both reserved for fiction.
var Cast = []Friend{
	{
		User:      "mira",
		Nicknames: []string{"Mira Okafor", "Mira ☕", "Captain Mira"},
		Statuses:  []string{"Shipping the new release", "Coffee first", "Reviewing pull requests", "Back in five"},
		Mobile:    "+1 555 0101",
		Email:     "mira@example.org",
		Replies:   []string{"Hi! Give me a second.", "Ha, that's great!", "Sounds good to me.", "Let's talk after standup."},
	},
	{
		User:      "tomas",
		Nicknames: []string{"Tomás Rivera", "Tomás 🎸", "DJ Tomás"},
		Statuses:  []string{"On the train", "Playing guitar", "Lunch break", "Writing docs"},
		Mobile:    "+1 555 0102",
		Email:     "tomas@example.org",
		Replies:   []string{"Hey! What's up?", "Totally agree.", "On it!", "Can you send me the link?"},
	},
	{
		User:      "yuki",
		Nicknames: []string{"Yuki Tanaka", "Yuki 🌸", "yuki-san"},
		Statuses:  []string{"Designing icons", "In a meeting", "Out for a walk", "Focus mode"},
		Mobile:    "+1 555 0103",
		Email:     "yuki@example.org",
		Replies:   []string{"Hello! 👋", "Nice, thanks for sharing.", "I'll have a look.", "Haha, yes!"},
	},
	{
		User:      "lena",
		Nicknames: []string{"Lena Fischer", "Lena 🚲", "Dr. Lena"},
		Statuses:  []string{"Cycling to work", "Deep in the data", "Teaching a workshop", "Available"},
		Mobile:    "+1 555 0104",
		Email:     "lena@example.org",
		Replies:   []string{"Guten Tag! How can I help?", "Interesting…", "Let me check and get back to you.", "Perfect."},
	},
	{
		User:      "sam",
		Nicknames: []string{"Sam Patel", "Sam 🎮", "Sammy"},
		Statuses:  []string{"Fixing a flaky test", "Gaming tonight", "Pair programming", "Away from keyboard"},
		Mobile:    "+1 555 0105",
		Email:     "sam@example.org",
		Replies:   []string{"Yo!", "Good point.", "Will do.", "😄"},
	},
}
