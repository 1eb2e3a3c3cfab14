"""The Textual app: screens, widgets, key bindings and styles. Talks to news/ and storage/ only."""
