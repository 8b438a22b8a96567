"""Due work: every message the bot owes someone, and every timeout it must act on, is a row in
`nudges`. The queue keeps the rows; the registry says what each kind of work is (each feature
registers the kinds it owns); the worker does one row; the scheduler finds due rows."""
