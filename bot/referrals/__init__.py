"""Asking for support: a clinician for themselves, or a lead for a colleague. A request becomes
a case, once per request, and is offered to a supporter at once."""
