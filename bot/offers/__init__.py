"""Offering a case to a supporter: who is matched, the offer and its answers (accept; decline
and silence pass it on), and what a supporter holding an offer may see of the case."""
