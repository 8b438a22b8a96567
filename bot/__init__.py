"""The peer support bot: configuration, domain services, scheduler and Slack wiring."""
