"""Alembic migrations for the bot's schema."""
