"""`/peer-support [help | refer @colleague]`: one command, routed by its first word."""
from __future__ import annotations

from bot.slack.ids import Command
from bot.slack.views.common import help_text
from handlers import lead_referral, self_referral
from handlers.routing import Router


def on_command(ack, command, client, services, actor, respond):
    words = (command.get("text") or "").strip().split(maxsplit=1)
    sub = words[0].lower() if words else ""
    if sub == "":
        self_referral.open_form(ack, command, client)
    elif sub in ("help", "?"):
        ack(response_type="ephemeral", text=help_text())
    elif sub == "refer":
        lead_referral.open_from_command(ack, command, client, services, actor, respond,
                                        words[1] if len(words) > 1 else "")
    else:
        ack(response_type="ephemeral", text=f"Sorry, I don't know `{Command.PEER_SUPPORT} {sub}`.\n\n{help_text()}")


def register(router: Router) -> None:
    router.command(Command.PEER_SUPPORT, on_command)
