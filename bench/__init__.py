"""The benchmark: `python -m bench` (see BENCHMARKS.md).

It drives the bot only from outside, as Slack and an operator would: `peer-support serve` runs as a
real child process pointed at a fake Slack Web API on loopback (SLACK_API_URL), requests are signed
as Slack signs them, and what the bot sends is observed at the fake. Rows are seeded straight into
the database through the bot's own models and outbox, as a long-running deployment would have them.
"""
