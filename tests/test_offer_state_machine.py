"""The offer state machine, through the domain services (no Slack, an injected clock).

Sample roster (tests/flows.py): coordinator UCOORD1; faculty supporters USUP1 (Cardiac
Surgery) and USUP2 (Trauma), two cases each; clinician UCLIN1 (faculty, General Surgery).
With nobody offered yet and equal loads, the tie-break picks USUP1 first, then USUP2.
"""
from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.offers import candidates as offer_service

from bot.offers.answers import accept_offer, decline_offer, expire_offer
from bot.offers.summaries import offer_details, open_offer_for
from bot.referrals.referral import InvalidReferral, NOTE_MAX_LENGTH, Referral, check_referral
from bot.core.services import Services
from bot.cases.vocabulary import CaseState, OfferStatus, Source
from bot.cases.notes import read_notes
from bot.outbox.scheduler import DueWork
from flows import RecordingMessenger, worker_for, load_roster, note_texts, receive, who
from models.tables import AuditEvent, Base, Case, Offer

TIMEOUT = timedelta(hours=4)
URGENT_TIMEOUT = timedelta(minutes=40)


@pytest.fixture
def svc(make_services) -> Services:
    services = make_services(offer_timeout=TIMEOUT, offer_timeout_urgent=URGENT_TIMEOUT)
    load_roster(services)
    # Leads who may refer a colleague (the sample roster has none).
    load_roster(services, "slack_id,roles\nULEAD1,lead\nULEAD2,lead\n")
    return services


def self_referral(clinician="UCLIN1", urgency="few_days", **kwargs) -> Referral:
    values = dict(clinician_id=clinician, source=Source.SELF, urgency=urgency, event_type="complication",
                  contact_preference="phone")
    values.update(kwargs)
    return Referral(**values)


def lead_referral(clinician="UCLIN1", referrer="ULEAD1", **kwargs) -> Referral:
    values = dict(clinician_id=clinician, source=Source.LEAD, urgency="few_days", referrer_id=referrer)
    values.update(kwargs)
    return Referral(**values)


_keys = iter(range(10**6))


def refer(svc, referral=None, key=None) -> int:
    received = receive(svc, referral or self_referral(), key or f"intake-{next(_keys)}")
    return received.case_id


# ---- reading the database -----------------------------------------------------------------


def get_case(svc, case_id) -> Case:
    with svc.db.session() as session:
        return session.get(Case, case_id)


def offers_of(svc, case_id) -> list[Offer]:
    with svc.db.session() as session:
        return list(session.scalars(select(Offer).where(Offer.case_id == case_id).order_by(Offer.id)))


def open_offers_of(svc, case_id) -> list[Offer]:
    return [o for o in offers_of(svc, case_id) if o.status == OfferStatus.OPEN]


def only_open_offer(svc, case_id) -> Offer:
    found = open_offers_of(svc, case_id)
    assert len(found) == 1, found
    return found[0]


def snapshot(svc) -> tuple:
    """Every row of every table the app defines, as plain values."""
    with svc.db.session() as session:
        return tuple(
            (table.name, [tuple(row) for row in session.execute(select(table).order_by(*table.primary_key.columns))])
            for table in Base.metadata.sorted_tables
        )


class Sent:
    """What Slack would be sent, as time passes: runs the due work through a recording messenger.
    `after(delta)` moves the clock, does what came due, and returns (recipient, words) for each
    new DM or update, the words being the first of WORDS found in its text."""

    WORDS = ("could use a peer conversation", "A reminder", "passed on", "Thank you for reaching",
             "will reach out to you soon", "needs someone to place it", "Have you been able to connect")

    def __init__(self, svc):
        self.svc = svc
        self.messenger = RecordingMessenger()
        self.work = DueWork(worker_for(svc, self.messenger))
        self.seen = 0

    def after(self, delta: timedelta) -> list[tuple[str, str]]:
        self.svc.clock.advance(delta)
        self.work.run_once()
        new = self.messenger.calls[self.seen:]
        self.seen = len(self.messenger.calls)
        found = []
        for call in new:
            to = call[1] if call[0] == "send_dm" else call[1].removeprefix("D")
            text = call[-1]
            found.append((to, next((w for w in self.WORDS if w in text), text)))
        return found


# ---- a new referral -------------------------------------------------------------------------


def test_referral_creates_an_offered_case_with_one_open_offer_and_its_nudges(svc, clock):
    now = clock.now()
    case_id = refer(svc)
    case = get_case(svc, case_id)
    assert case.state == CaseState.OFFERED
    assert case.offered_at == now
    offer = only_open_offer(svc, case_id)
    assert offer.supporter_slack_id == "USUP1"
    assert offer.sent_at == now
    assert offer.deadline_at == now + TIMEOUT
    assert offer.match_reason
    # The offer DM goes now, one reminder at half time, and at the deadline it passes on.
    slack = Sent(svc)
    assert sorted(slack.after(timedelta(0))) == [("UCLIN1", "Thank you for reaching"),
                                                 ("USUP1", "could use a peer conversation")]
    assert slack.after(TIMEOUT / 2 - timedelta(seconds=1)) == []
    assert slack.after(timedelta(seconds=1)) == [("USUP1", "A reminder")]
    assert sorted(slack.after(TIMEOUT / 2)) == [("USUP1", "passed on"), ("USUP2", "could use a peer conversation")]


def test_self_referral_welcomes_the_clinician_and_a_lead_referral_does_not(svc):
    slack = Sent(svc)
    refer(svc, self_referral())
    assert ("UCLIN1", "Thank you for reaching") in slack.after(timedelta(0))
    refer(svc, lead_referral(clinician="UCLIN9"))
    assert [to for to, _ in slack.after(timedelta(0))] == ["USUP2"]  # the offer only: never the colleague


def test_urgent_referral_uses_the_urgent_timeout_and_half_of_it_for_the_reminder(svc, clock):
    now = clock.now()
    case_id = refer(svc, self_referral(urgency="today"))
    offer = only_open_offer(svc, case_id)
    assert offer.deadline_at == now + URGENT_TIMEOUT
    slack = Sent(svc)
    slack.after(timedelta(0))
    assert slack.after(URGENT_TIMEOUT / 2) == [("USUP1", "A reminder")]
    assert sorted(slack.after(URGENT_TIMEOUT / 2)) == [("USUP1", "passed on"),
                                                       ("USUP2", "could use a peer conversation")]


def test_referral_goes_to_a_supporter_the_clinician_did_not_ask_to_avoid(svc):
    case_id = refer(svc, self_referral(excluded_ids=frozenset({"USUP1"})))
    assert only_open_offer(svc, case_id).supporter_slack_id == "USUP2"
    assert get_case(svc, case_id).excluded_slack_ids == "USUP1"


def test_referral_skips_a_supporter_in_the_clinicians_division(svc):
    load_roster(svc, "slack_id,roles,cohort,division\nUCLIN2,,faculty,cardiac surgery\n")
    case_id = refer(svc, self_referral(clinician="UCLIN2"))
    assert only_open_offer(svc, case_id).supporter_slack_id == "USUP2"


def test_lead_referral_never_goes_to_the_referrer(svc):
    load_roster(svc, "slack_id,roles\nUSUP1,lead;supporter\n")
    case_id = refer(svc, lead_referral(referrer="USUP1"))
    assert only_open_offer(svc, case_id).supporter_slack_id == "USUP2"


def test_the_same_intake_key_twice_makes_one_case(svc):
    first = receive(svc, self_referral(), "view-123")
    before = snapshot(svc)
    again = receive(svc, self_referral(), "view-123")
    assert first.created and not again.created
    assert again.case_id == first.case_id
    assert snapshot(svc) == before


def test_the_same_intake_key_at_the_same_moment_makes_one_case(svc):
    barrier = threading.Barrier(2)
    results, errors = [], []

    def submit():
        try:
            barrier.wait(timeout=10)
            results.append(receive(svc, self_referral(), "view-race"))
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert errors == []
    assert sorted(r.created for r in results) == [False, True]
    assert len({r.case_id for r in results}) == 1
    with svc.db.session() as session:
        assert len(session.scalars(select(Case)).all()) == 1
        assert len(session.scalars(select(Offer)).all()) == 1


# ---- accepting -----------------------------------------------------------------------------


def test_accept_gives_the_case_to_the_supporter_and_cancels_the_offer_nudges(svc, clock):
    case_id = refer(svc)
    offer = only_open_offer(svc, case_id)
    clock.advance(timedelta(minutes=10))
    answer = accept_offer(svc, offer.id, who(svc, "USUP1"))
    assert answer.ok
    assert answer.offer.offer_id == offer.id and answer.offer.status == OfferStatus.ACCEPTED

    case = get_case(svc, case_id)
    assert case.state == CaseState.ACCEPTED
    assert case.supporter_slack_id == "USUP1"
    assert case.accepted_at == clock.now()
    stored = offers_of(svc, case_id)
    assert [(o.id, o.status, o.answered_at) for o in stored] == [(offer.id, OfferStatus.ACCEPTED, clock.now())]
    # The offer's reminder and timeout are gone: nothing more about the offer, however long.
    slack = Sent(svc)
    assert ("USUP1", "A reminder") not in slack.after(timedelta(0)) + slack.after(TIMEOUT * 2)
    assert offers_of(svc, case_id)[0].status == OfferStatus.ACCEPTED


def test_accept_of_a_self_referral_tells_the_clinician(svc, clock):
    case_id = refer(svc)
    slack = Sent(svc)
    slack.after(timedelta(0))
    accept_offer(svc, only_open_offer(svc, case_id).id, who(svc, "USUP1"))
    assert slack.after(timedelta(0)) == [("UCLIN1", "will reach out to you soon")]


def test_accept_of_a_lead_referral_does_not_message_the_clinician(svc):
    case_id = refer(svc, lead_referral())
    assert accept_offer(svc, only_open_offer(svc, case_id).id, who(svc, "USUP1")).ok
    sent = Sent(svc).after(timedelta(days=3))
    assert ("USUP1", "Have you been able to connect") in sent
    assert "UCLIN1" not in [to for to, _ in sent]  # a referred colleague never hears from the bot


def test_accept_wakes_the_scheduler(svc):
    woken = []
    svc.wake = lambda: woken.append(True)
    case_id = refer(svc)
    woken.clear()
    accept_offer(svc, only_open_offer(svc, case_id).id, who(svc, "USUP1"))
    assert woken


def test_a_second_accept_changes_nothing(svc):
    case_id = refer(svc)
    offer = only_open_offer(svc, case_id)
    assert accept_offer(svc, offer.id, who(svc, "USUP1")).ok
    before = snapshot(svc)
    answer = accept_offer(svc, offer.id, who(svc, "USUP1"))
    assert not answer.ok and answer.offer is None
    assert snapshot(svc) == before


def test_a_decline_after_accept_changes_nothing(svc):
    case_id = refer(svc)
    offer = only_open_offer(svc, case_id)
    assert accept_offer(svc, offer.id, who(svc, "USUP1")).ok
    before = snapshot(svc)
    assert not decline_offer(svc, offer.id, who(svc, "USUP1"), "unavailable").ok
    assert snapshot(svc) == before


def test_accepting_someone_elses_offer_is_refused(svc):
    case_id = refer(svc)
    offer = only_open_offer(svc, case_id)
    before = snapshot(svc)
    assert not accept_offer(svc, offer.id, who(svc, "USUP2")).ok
    assert not decline_offer(svc, offer.id, who(svc, "USUP2"), "other").ok
    assert snapshot(svc) == before
    assert accept_offer(svc, offer.id, who(svc, "USUP1")).ok  # the holder still can


def test_accepting_an_offer_that_does_not_exist_is_refused(svc):
    assert not accept_offer(svc, 999_999, who(svc, "USUP1")).ok
    assert not decline_offer(svc, 999_999, who(svc, "USUP1"), "other").ok


def test_accept_after_the_deadline_is_refused(svc, clock):
    case_id = refer(svc)
    offer = only_open_offer(svc, case_id)
    clock.set(offer.deadline_at)
    before = snapshot(svc)
    assert not accept_offer(svc, offer.id, who(svc, "USUP1")).ok
    assert snapshot(svc) == before
    assert get_case(svc, case_id).state == CaseState.OFFERED


def test_accept_just_before_the_deadline_is_taken(svc, clock):
    case_id = refer(svc)
    offer = only_open_offer(svc, case_id)
    clock.set(offer.deadline_at - timedelta(seconds=1))
    assert accept_offer(svc, offer.id, who(svc, "USUP1")).ok


# ---- declining ------------------------------------------------------------------------------


def test_decline_offers_the_case_to_the_next_supporter(svc, clock):
    case_id = refer(svc)
    first = only_open_offer(svc, case_id)
    slack = Sent(svc)
    slack.after(timedelta(minutes=5))
    answer = decline_offer(svc, first.id, who(svc, "USUP1"), "conflict")
    assert answer.ok

    stored = {o.id: o for o in offers_of(svc, case_id)}
    assert stored[first.id].status == OfferStatus.DECLINED
    assert stored[first.id].decline_reason == "conflict"
    second = only_open_offer(svc, case_id)
    assert second.supporter_slack_id == "USUP2"
    assert second.deadline_at == clock.now() + TIMEOUT
    assert get_case(svc, case_id).state == CaseState.OFFERED
    # The next supporter gets the offer, its reminder and its timeout; the decliner hears nothing
    # more, and the clinician is not told about a decline.
    assert slack.after(timedelta(0)) == [("USUP2", "could use a peer conversation")]
    assert slack.after(TIMEOUT / 2) == [("USUP2", "A reminder")]
    assert sorted(slack.after(TIMEOUT / 2)) == [("UCOORD1", "needs someone to place it"), ("USUP2", "passed on")]


def test_decline_never_re_offers_to_the_decliner(svc):
    load_roster(svc, "slack_id,active\nUSUP2,no\n")  # USUP1 is the only supporter left
    case_id = refer(svc)
    offer = only_open_offer(svc, case_id)
    assert offer.supporter_slack_id == "USUP1"
    assert decline_offer(svc, offer.id, who(svc, "USUP1"), "unavailable").ok
    assert open_offers_of(svc, case_id) == []
    assert [o.supporter_slack_id for o in offers_of(svc, case_id)] == ["USUP1"]
    assert get_case(svc, case_id).state == CaseState.UNPLACED


def test_when_nobody_is_left_the_case_is_unplaced_and_every_active_coordinator_is_told(svc, clock):
    load_roster(
        svc,
        "slack_id,roles,cohort,max_active_cases,active\n"
        "UCOORD2,coordinator,,0,yes\n"
        "UCOORD3,coordinator,,0,no\n",
    )
    case_id = refer(svc)
    assert decline_offer(svc, only_open_offer(svc, case_id).id, who(svc, "USUP1"), "conflict").ok
    clock.advance(timedelta(minutes=1))
    assert decline_offer(svc, only_open_offer(svc, case_id).id, who(svc, "USUP2"), "unavailable").ok

    case = get_case(svc, case_id)
    assert case.state == CaseState.UNPLACED
    assert case.unplaced_at == clock.now()
    assert open_offers_of(svc, case_id) == []
    told = [to for to, words in Sent(svc).after(timedelta(0)) if words == "needs someone to place it"]
    assert sorted(told) == ["UCOORD1", "UCOORD2"]  # at once, and never the inactive one


# ---- expiring -------------------------------------------------------------------------------


def test_expire_offer_does_nothing_before_the_deadline(svc, clock):
    case_id = refer(svc)
    offer = only_open_offer(svc, case_id)
    clock.set(offer.deadline_at - timedelta(seconds=1))
    before = snapshot(svc)
    with svc.db.session() as session:
        assert expire_offer(session, svc, offer.id, clock.now()) is False
    assert snapshot(svc) == before


def test_expire_offer_after_the_deadline_passes_the_case_on_once(svc, clock):
    case_id = refer(svc)
    offer = only_open_offer(svc, case_id)
    slack = Sent(svc)
    slack.after(timedelta(0))  # the offer DM went out
    clock.set(offer.deadline_at)
    with svc.db.session() as session:
        assert expire_offer(session, svc, offer.id, clock.now()) is True

    stored = {o.id: o for o in offers_of(svc, case_id)}
    assert stored[offer.id].status == OfferStatus.EXPIRED
    assert stored[offer.id].answered_at == clock.now()
    second = only_open_offer(svc, case_id)
    assert second.supporter_slack_id == "USUP2"
    assert ("USUP1", "passed on") in slack.after(timedelta(0))  # the offer DM says so
    assert ("USUP1", "A reminder") not in slack.after(TIMEOUT)  # and nothing more about it comes

    before = snapshot(svc)
    clock.advance(timedelta(minutes=1))
    with svc.db.session() as session:
        assert expire_offer(session, svc, offer.id, clock.now()) is False
    assert snapshot(svc) == before
    # The late holder can no longer answer it.
    assert not accept_offer(svc, offer.id, who(svc, "USUP1")).ok


def test_expire_offer_does_not_touch_an_accepted_offer(svc, clock):
    case_id = refer(svc)
    offer = only_open_offer(svc, case_id)
    assert accept_offer(svc, offer.id, who(svc, "USUP1")).ok
    clock.set(offer.deadline_at + timedelta(hours=1))
    before = snapshot(svc)
    with svc.db.session() as session:
        assert expire_offer(session, svc, offer.id, clock.now()) is False
    assert snapshot(svc) == before


def test_expired_offer_is_never_offered_again_to_the_same_supporter(svc, clock):
    case_id = refer(svc)
    first = only_open_offer(svc, case_id)
    clock.set(first.deadline_at)
    with svc.db.session() as session:
        expire_offer(session, svc, first.id, clock.now())
    second = only_open_offer(svc, case_id)
    clock.set(second.deadline_at)
    with svc.db.session() as session:
        expire_offer(session, svc, second.id, clock.now())
    assert [o.supporter_slack_id for o in offers_of(svc, case_id)] == ["USUP1", "USUP2"]
    assert get_case(svc, case_id).state == CaseState.UNPLACED


# ---- capacity --------------------------------------------------------------------------------


def test_open_offers_count_against_capacity(svc):
    load_roster(svc, "slack_id,max_active_cases\nUSUP1,1\nUSUP2,1\n")
    first = refer(svc, self_referral(clinician="UCLIN7"))
    second = refer(svc, self_referral(clinician="UCLIN8"))
    third = refer(svc, self_referral(clinician="UCLIN9"))
    assert only_open_offer(svc, first).supporter_slack_id == "USUP1"
    assert only_open_offer(svc, second).supporter_slack_id == "USUP2"
    assert open_offers_of(svc, third) == []
    assert get_case(svc, third).state == CaseState.UNPLACED


def test_accepted_cases_count_against_capacity(svc):
    load_roster(svc, "slack_id,max_active_cases\nUSUP1,1\nUSUP2,1\n")
    first = refer(svc, self_referral(clinician="UCLIN7"))
    assert accept_offer(svc, only_open_offer(svc, first).id, who(svc, "USUP1")).ok
    second = refer(svc, self_referral(clinician="UCLIN8"))
    assert only_open_offer(svc, second).supporter_slack_id == "USUP2"
    assert accept_offer(svc, only_open_offer(svc, second).id, who(svc, "USUP2")).ok
    third = refer(svc, self_referral(clinician="UCLIN9"))
    assert get_case(svc, third).state == CaseState.UNPLACED


def test_match_prefers_the_less_loaded_supporter(svc):
    first = refer(svc, self_referral(clinician="UCLIN7"))
    assert accept_offer(svc, only_open_offer(svc, first).id, who(svc, "USUP1")).ok
    second = refer(svc, self_referral(clinician="UCLIN8"))
    assert only_open_offer(svc, second).supporter_slack_id == "USUP2"
    assert accept_offer(svc, only_open_offer(svc, second).id, who(svc, "USUP2")).ok
    # Equal load again; USUP1 was offered a case least recently.
    third = refer(svc, self_referral(clinician="UCLIN9"))
    assert only_open_offer(svc, third).supporter_slack_id == "USUP1"


# ---- what a supporter may see ---------------------------------------------------------------

NOTE = "I keep going over what I could have done differently."


def test_offer_details_for_the_holder_of_an_open_offer_decrypts_the_note(svc):
    case_id = refer(svc, self_referral(note=NOTE, event_type="patient_death"))
    stored = get_case(svc, case_id).note_ciphertext
    assert stored is not None and NOTE.encode() not in stored
    offer = only_open_offer(svc, case_id)
    details = offer_details(svc, offer.id, who(svc, "USUP1"))
    assert details is not None
    assert (details.case_id, details.event_type, note_texts(details)) == (case_id, "patient_death", [NOTE])


def test_offer_details_without_a_note(svc):
    case_id = refer(svc)
    details = offer_details(svc, only_open_offer(svc, case_id).id, who(svc, "USUP1"))
    assert details.notes == () and not details.note_unavailable
    assert details.event_type == "complication"


def test_offer_details_are_not_shown_to_anyone_else(svc):
    case_id = refer(svc, self_referral(note=NOTE))
    offer = only_open_offer(svc, case_id)
    for other in ("USUP2", "UCLIN1", "UCOORD1"):
        assert offer_details(svc, offer.id, who(svc, other)) is None
    assert offer_details(svc, 999_999, who(svc, "USUP1")) is None


def test_offer_details_stop_once_the_offer_has_passed_on(svc):
    case_id = refer(svc, self_referral(note=NOTE))
    first = only_open_offer(svc, case_id)
    assert decline_offer(svc, first.id, who(svc, "USUP1"), "conflict").ok
    assert offer_details(svc, first.id, who(svc, "USUP1")) is None
    second = only_open_offer(svc, case_id)
    assert note_texts(offer_details(svc, second.id, who(svc, "USUP2"))) == [NOTE]
    assert offer_details(svc, second.id, who(svc, "USUP1")) is None


def test_offer_details_stop_at_the_deadline(svc, clock):
    case_id = refer(svc, self_referral(note=NOTE))
    offer = only_open_offer(svc, case_id)
    clock.set(offer.deadline_at)
    assert offer_details(svc, offer.id, who(svc, "USUP1")) is None


def test_offer_details_for_the_supporter_who_accepted(svc, clock):
    case_id = refer(svc, self_referral(note=NOTE))
    offer = only_open_offer(svc, case_id)
    assert accept_offer(svc, offer.id, who(svc, "USUP1")).ok
    clock.set(offer.deadline_at + timedelta(days=1))  # holding the case, not the deadline, counts now
    assert note_texts(offer_details(svc, offer.id, who(svc, "USUP1"))) == [NOTE]
    assert offer_details(svc, offer.id, who(svc, "USUP2")) is None


def test_viewing_details_is_audited_without_content(svc):
    case_id = refer(svc, self_referral(note=NOTE))
    offer_details(svc, only_open_offer(svc, case_id).id, who(svc, "USUP1"))
    with svc.db.session() as session:
        viewed = session.scalars(select(AuditEvent).where(AuditEvent.action == "case.details_viewed")).all()
        assert [(e.actor, e.case_id) for e in viewed] == [("USUP1", case_id)]


def test_open_offer_for_only_the_holder_while_open(svc, clock):
    case_id = refer(svc)
    offer = only_open_offer(svc, case_id)
    summary = open_offer_for(svc, offer.id, who(svc, "USUP1"))
    assert summary is not None and summary.offer_id == offer.id and summary.clinician_id == "UCLIN1"
    assert open_offer_for(svc, offer.id, who(svc, "USUP2")) is None
    clock.set(offer.deadline_at)
    assert open_offer_for(svc, offer.id, who(svc, "USUP1")) is None


def test_summary_names_the_referrer_only_when_allowed(svc):
    named = refer(svc, lead_referral(clinician="UCLIN7", referrer="ULEAD1", referrer_may_be_named=True))
    anonymous = refer(svc, lead_referral(clinician="UCLIN8", referrer="ULEAD2", referrer_may_be_named=False))
    named_offer = only_open_offer(svc, named)
    anonymous_offer = only_open_offer(svc, anonymous)
    assert open_offer_for(svc, named_offer.id, who(svc, named_offer.supporter_slack_id)).referrer_id == "ULEAD1"
    assert open_offer_for(svc, anonymous_offer.id, who(svc, anonymous_offer.supporter_slack_id)).referrer_id is None


# ---- checking a referral ---------------------------------------------------------------------


def field_errors(referral) -> dict[str, str]:
    with pytest.raises(InvalidReferral) as caught:
        check_referral(referral)
    return caught.value.errors


@pytest.mark.parametrize("fields", [
    dict(note="A rough night on call; I'd like to talk."),
    dict(event_type=None, contact_preference=None, note="x" * NOTE_MAX_LENGTH),
])
def test_a_good_referral_passes_the_check(svc, fields):
    referral = self_referral(**fields)
    received = receive(svc, referral, f"good-{len(referral.note)}")
    assert received.created
    case = get_case(svc, received.case_id)
    assert (case.state, case.event_type, case.contact_preference) == (
        CaseState.OFFERED, referral.event_type, referral.contact_preference)
    assert [n.text for n in read_notes(svc.cipher, case).notes] == [referral.note]


def test_bad_urgency_is_rejected():
    assert set(field_errors(self_referral(urgency="someday"))) == {"urgency"}


def test_unknown_event_type_is_rejected():
    assert set(field_errors(self_referral(event_type="bad_day"))) == {"event_type"}


def test_unknown_contact_preference_is_rejected():
    assert set(field_errors(self_referral(contact_preference="carrier_pigeon"))) == {"contact_preference"}


def test_over_long_note_is_rejected():
    errors = field_errors(self_referral(note="x" * (NOTE_MAX_LENGTH + 1)))
    assert set(errors) == {"note"}
    assert str(NOTE_MAX_LENGTH) in errors["note"]


@pytest.mark.parametrize(
    "note, kind",
    [("The patient, MRN 00482913, coded", "record"), ("patient 1234567 was mine", "record"),
     ("born 04/12/1958", "date"), ("admitted 4-12-21 overnight", "date"), ("in room 14 on the ward", "room")],
)
def test_notes_with_patient_identifiers_are_rejected(note, kind):
    errors = field_errors(self_referral(note=note))
    assert set(errors) == {"note"}
    assert errors["note"].startswith("This looks like") and kind in errors["note"]  # says what to take out
    assert note not in errors["note"]


def test_several_problems_are_reported_together():
    errors = field_errors(self_referral(urgency="never", event_type="nope", note="DOB 1/2/1990"))
    assert set(errors) == {"urgency", "event_type", "note"}


def test_an_invalid_referral_stores_nothing(svc):
    before = snapshot(svc)
    with pytest.raises(InvalidReferral):
        receive(svc, self_referral(note="MRN 1234567"), "view-bad")
    assert snapshot(svc) == before


# ---- two answers at the same moment ----------------------------------------------------------


def run_together(*calls):
    """Start every call at the same instant (a barrier), return their results in order."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)
    errors: list = []

    def run(index, call):
        try:
            barrier.wait(timeout=10)
            results[index] = call()
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not any(t.is_alive() for t in threads)
    assert errors == []
    return results


@pytest.mark.parametrize("attempt", range(5))
def test_two_simultaneous_accepts_have_exactly_one_winner(svc, attempt):
    case_id = refer(svc)
    offer = only_open_offer(svc, case_id)
    answers = run_together(
        lambda: accept_offer(svc, offer.id, who(svc, "USUP1")),
        lambda: accept_offer(svc, offer.id, who(svc, "USUP1")),
    )
    assert sorted(a.ok for a in answers) == [False, True]
    assert get_case(svc, case_id).state == CaseState.ACCEPTED
    assert Sent(svc).after(timedelta(0)).count(("UCLIN1", "will reach out to you soon")) == 1
    with svc.db.session() as session:
        accepted = session.scalars(
            select(AuditEvent).where(AuditEvent.action == "offer.accepted", AuditEvent.case_id == case_id)
        ).all()
        assert len(accepted) == 1


@pytest.mark.parametrize("attempt", range(5))
def test_simultaneous_accept_and_decline_have_exactly_one_outcome(svc, attempt):
    case_id = refer(svc)
    offer = only_open_offer(svc, case_id)
    accepted, declined = run_together(
        lambda: accept_offer(svc, offer.id, who(svc, "USUP1")),
        lambda: decline_offer(svc, offer.id, who(svc, "USUP1"), "unavailable"),
    )
    assert accepted.ok != declined.ok
    stored = offers_of(svc, case_id)
    if accepted.ok:
        assert [o.status for o in stored] == [OfferStatus.ACCEPTED]
        assert get_case(svc, case_id).state == CaseState.ACCEPTED
    else:
        assert [o.status for o in stored] == [OfferStatus.DECLINED, OfferStatus.OPEN]
        assert get_case(svc, case_id).state == CaseState.OFFERED


def test_match_case_explains_every_exclusion(svc):
    case_id = refer(svc, self_referral(excluded_ids=frozenset({"USUP2"})))
    with svc.db.session() as session:
        case = session.get(Case, case_id)
        result = offer_service.match_case(session, svc.settings, case, svc.clock.now())
    reasons = {e.slack_id: e.reason for e in result.excluded}
    # USUP1 holds the open offer (1 of 2, still eligible); USUP2 was to be avoided.
    assert [c.slack_id for c in result.ranked] == ["USUP1"]
    assert "asked not to be matched" in reasons["USUP2"]
