"""The words of every DM the bot sends, one module per feature. Short, warm, and saying what
happens next. DMs never carry typed text or the event type: workspace owners can export DMs."""
