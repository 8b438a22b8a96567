"""Modals and the App Home, one module per feature. Typed text is shown here, never in a DM,
and always escaped for mrkdwn first."""
