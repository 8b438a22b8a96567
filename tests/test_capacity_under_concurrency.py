"""Cases matched at the same moment never both take a supporter's last place: choosing a
supporter holds the load it read until its offer is stored (bot/core/db.py `lock_matching`)."""
from __future__ import annotations

import threading

from bot.cases.vocabulary import OfferStatus, Source
from bot.referrals.referral import Referral
from flows import load_roster, offers, receive

# One supporter with room for one case, and eight clinicians from other divisions.
ROSTER = """slack_id,name,roles,cohort,division,max_active_cases
USUP1,Sam Supporter,supporter,faculty,Cardiac Surgery,1
UCOORD1,Casey Coordinator,coordinator,,,0
""" + "".join(f"UCLIN{n},Clinician {n},,faculty,General Surgery,0\n" for n in range(1, 9))


def test_eight_referrals_at_the_same_moment_give_a_one_place_supporter_one_offer(make_services):
    svc = make_services()
    load_roster(svc, ROSTER)
    barrier = threading.Barrier(8)
    errors: list[Exception] = []

    def send(n: int) -> None:
        try:
            barrier.wait(timeout=15)
            receive(svc, Referral(f"UCLIN{n}", Source.SELF, "few_days"), f"view:{n}")
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=send, args=(n,)) for n in range(1, 9)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    open_offers = [offer for offer in offers(svc) if offer.status == OfferStatus.OPEN]
    assert [offer.supporter_slack_id for offer in open_offers] == ["USUP1"]
