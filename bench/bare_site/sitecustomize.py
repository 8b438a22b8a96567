"""Loaded at start-up by every Python process whose PYTHONPATH holds this folder (the benchmark puts
it there only for the bare app). It swaps the bot's app factory for a bare Bolt app with no-op
listeners, so `python -m bot.cli serve` serves the bare app through exactly the server, request
gate and process model the bot itself uses, whatever they are at the time."""
try:
    from bench.bare_app import install

    install()
except Exception as exc:  # noqa: BLE001 - say why, loudly, rather than silently benchmark the bot
    import sys

    print(f"bench bare app: could not install ({exc.__class__.__name__}: {exc})", file=sys.stderr)
    raise
