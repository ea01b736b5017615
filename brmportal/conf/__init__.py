"""Settings blocks long enough to read on their own; brmportal.settings imports them."""
