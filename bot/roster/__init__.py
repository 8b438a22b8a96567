"""The roster: people, their roles, cohort, division and capacity; who is acting in a request;
supporters' availability; and the time zone Slack gives each person, cached."""
