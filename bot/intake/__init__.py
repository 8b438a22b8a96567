"""Intake from hospital safety-event systems: events in, outreach to every clinician involved."""
