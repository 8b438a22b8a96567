"""Who may see what of a case: the table SEES in bot/cases/visibility.py, one test per cell,
in the services (case_for, cases_for, offer_details) and through the App Home."""
from __future__ import annotations

import dataclasses
import json
import uuid
from datetime import timedelta

import pytest
from flows import eventually, load_roster, note_texts, receive, wait_for_dm, who
from sqlalchemy import select

from bot.offers.answers import accept_offer, decline_offer
from bot.offers.summaries import offer_details
from bot.referrals.referral import Referral
from bot.coordination.home import Home
from bot.roster.availability import Availability, SupporterStatus
from bot.slack.views.home import home_view
from bot.cases.visibility import Relation, case_for, cases_for
from bot.cases.vocabulary import Source
from models.tables import Case, Offer

ROSTER = """slack_id,name,roles,cohort,division,max_active_cases
UCOORD1,Casey Coordinator,coordinator,,,0
ULEAD1,Lee Lead,lead,faculty,Surgery,0
ULEAD2,Lane Lead,lead,faculty,Medicine,0
USUP1,Sam Supporter,supporter,faculty,Cardiac Surgery,2
USUP2,Pat Supporter,supporter,faculty,Trauma,2
UCLIN1,Alex Clinician,,faculty,General Surgery,2
UCLIN2,Robin Clinician,,faculty,Orthopaedics,2
"""

NOTE = "Rough week after a bleed in theatre; finding it hard to sleep."
NOBODY = "UNOBODY9"  # not on the roster

CLINICIAN_FINDING = "We're finding a peer supporter for you."
CLINICIAN_ACCEPTED = "A peer supporter will reach out to you soon."
LEAD_FINDING = "We're finding a peer supporter."
LEAD_ACCEPTED = "A supporter will reach out."


@pytest.fixture
def bot(start_bot):
    running = start_bot()
    load_roster(running.services, ROSTER)
    return running


# ---- helpers -----------------------------------------------------------------------------------


def self_case(bot, clinician="UCLIN1", note=NOTE, urgency="few_days") -> int:
    referral = Referral(clinician_id=clinician, source=Source.SELF, urgency=urgency,
                        event_type="complication", contact_preference="phone", note=note)
    received = receive(bot.services, referral, f"test-{uuid.uuid4().hex}")
    assert received.created
    return received.case_id


def lead_case(bot, lead="ULEAD1", clinician="UCLIN1", may_name=False, note=NOTE, urgency="few_days") -> int:
    referral = Referral(clinician_id=clinician, source=Source.LEAD, urgency=urgency, event_type="patient_death",
                        note=note, referrer_id=lead, referrer_may_be_named=may_name)
    received = receive(bot.services, referral, f"test-{uuid.uuid4().hex}")
    assert received.created
    return received.case_id


def offers_of(bot, case_id) -> list[Offer]:
    with bot.services.db.session() as session:
        return list(session.scalars(select(Offer).where(Offer.case_id == case_id).order_by(Offer.id)))


def latest_offer(bot, case_id) -> Offer:
    return offers_of(bot, case_id)[-1]


def delivered_offer(bot, case_id) -> Offer:
    """The latest offer of the case, once its DM reached the supporter (a supporter answers after that)."""
    return eventually(lambda: (lambda offer: offer if offer.dm_ts else None)(latest_offer(bot, case_id)))


def accept(bot, case_id) -> Offer:
    offer = delivered_offer(bot, case_id)
    assert accept_offer(bot.services, offer.id, who(bot.services, offer.supporter_slack_id)).ok
    return offer


def decline(bot, case_id) -> Offer:
    offer = delivered_offer(bot, case_id)
    assert decline_offer(bot.services, offer.id, who(bot.services, offer.supporter_slack_id), "unavailable").ok
    return offer


def set_case(bot, case_id, **values) -> None:
    with bot.services.db.session() as session:
        case = session.get(Case, case_id)
        for name, value in values.items():
            setattr(case, name, value)


def shown(view) -> str:
    """Every field of a CaseView, as text."""
    return json.dumps(dataclasses.asdict(view), default=str)


def ids(views) -> list[int]:
    return [v.case_id for v in views]


# ---- the clinician -----------------------------------------------------------------------------


def test_the_clinician_sees_their_own_case_status_in_plain_words_only(bot):
    created = bot.clock.now()
    case_id = self_case(bot)
    view = case_for(bot.services, who(bot.services, "UCLIN1"), case_id)
    assert view is not None
    assert (view.relation, view.clinician_id, view.status) == (Relation.CLINICIAN, "UCLIN1", CLINICIAN_FINDING)
    assert view.status != "offered"  # words, not the stored state
    assert view.created_at == created
    assert (view.state, view.urgency, view.accepted_at, view.contacted_at, view.closed_at) == (None,) * 5
    assert (view.referrer_id, view.supporter_id, view.match_reason, view.offer_id) == (None,) * 4
    assert cases_for(bot.services, who(bot.services, "UCLIN1")) == [view]

    bot.clock.advance(timedelta(minutes=30))
    accept(bot, case_id)
    view = case_for(bot.services, who(bot.services, "UCLIN1"), case_id)
    assert (view.relation, view.status) == (Relation.CLINICIAN, CLINICIAN_ACCEPTED)
    assert (view.state, view.accepted_at, view.supporter_id, view.match_reason, view.offer_id) == (None,) * 5
    assert "USUP1" not in shown(view)
    assert NOTE not in shown(view)


@pytest.mark.parametrize("may_name", [False, True])
def test_the_clinician_is_never_told_who_referred_them(bot, may_name):
    case_id = lead_case(bot, may_name=may_name)
    view = case_for(bot.services, who(bot.services, "UCLIN1"), case_id)
    assert view.relation == Relation.CLINICIAN
    assert view.status == CLINICIAN_FINDING
    assert view.referrer_id is None
    assert view.match_reason is None and view.supporter_id is None
    assert "ULEAD1" not in shown(view)
    assert "ULEAD1" not in json.dumps([dataclasses.asdict(v) for v in cases_for(bot.services, who(bot.services, "UCLIN1"))], default=str)


def test_a_clinician_cannot_see_anyone_elses_case(bot):
    other = self_case(bot, clinician="UCLIN2")
    mine = self_case(bot, clinician="UCLIN1")
    assert case_for(bot.services, who(bot.services, "UCLIN1"), other) is None
    assert case_for(bot.services, who(bot.services, "UCLIN2"), mine) is None
    assert ids(cases_for(bot.services, who(bot.services, "UCLIN1"))) == [mine]
    assert ids(cases_for(bot.services, who(bot.services, "UCLIN2"))) == [other]


# ---- the supporter -------------------------------------------------------------------------------


def test_a_supporter_sees_a_case_offered_to_them_while_the_offer_is_open(bot):
    created = bot.clock.now()
    case_id = lead_case(bot)
    offer = latest_offer(bot, case_id)
    assert offer.supporter_slack_id == "USUP1"
    bot.clock.advance(timedelta(hours=3, minutes=59))  # still inside the four-hour offer
    view = case_for(bot.services, who(bot.services, "USUP1"), case_id)
    assert view is not None
    assert (view.relation, view.clinician_id, view.state, view.offer_id) == (
        Relation.SUPPORTER, "UCLIN1", "offered", offer.id)
    assert (view.created_at, view.urgency, view.accepted_at) == (created, "few_days", None)
    assert view.match_reason is None and view.supporter_id is None
    assert view.referrer_id is None  # the lead did not allow it
    assert NOTE not in shown(view)
    assert cases_for(bot.services, who(bot.services, "USUP1")) == [view]
    assert note_texts(offer_details(bot.services, offer.id, who(bot.services, "USUP1"))) == [NOTE]


@pytest.mark.parametrize("may_name, referrer", [(False, None), (True, "ULEAD1")])
def test_a_supporter_sees_the_referrer_only_if_the_referrer_allowed_it(bot, may_name, referrer):
    case_id = lead_case(bot, may_name=may_name)
    view = case_for(bot.services, who(bot.services, "USUP1"), case_id)
    assert view.relation == Relation.SUPPORTER
    assert view.referrer_id == referrer
    if referrer is None:
        assert "ULEAD1" not in shown(view)
    [listed] = cases_for(bot.services, who(bot.services, "USUP1"))
    assert listed.referrer_id == referrer
    accept(bot, case_id)
    assert case_for(bot.services, who(bot.services, "USUP1"), case_id).referrer_id == referrer


def test_a_supporter_who_accepted_sees_the_case_while_they_hold_it(bot):
    created = bot.clock.now()
    case_id = lead_case(bot, may_name=True)
    accepted = bot.clock.advance(timedelta(minutes=45))
    offer = accept(bot, case_id)
    # Past the offer's deadline: holding the case, not the open offer, is what counts now.
    bot.clock.set(offer.deadline_at + timedelta(minutes=1))
    view = case_for(bot.services, who(bot.services, "USUP1"), case_id)
    assert view is not None
    assert (view.relation, view.clinician_id, view.state, view.offer_id) == (
        Relation.SUPPORTER, "UCLIN1", "accepted", offer.id)
    assert (view.created_at, view.accepted_at, view.referrer_id) == (created, accepted, "ULEAD1")
    assert view.match_reason is None
    assert NOTE not in shown(view)
    assert cases_for(bot.services, who(bot.services, "USUP1")) == [view]
    assert note_texts(offer_details(bot.services, offer.id, who(bot.services, "USUP1"))) == [NOTE]

    contacted = bot.clock.now()
    set_case(bot, case_id, state="contacted", contacted_at=contacted)
    view = case_for(bot.services, who(bot.services, "USUP1"), case_id)
    assert (view.relation, view.state, view.contacted_at) == (Relation.SUPPORTER, "contacted", contacted)

    # Handed to someone else: the first supporter no longer holds it, and sees nothing.
    set_case(bot, case_id, supporter_slack_id="USUP2")
    assert case_for(bot.services, who(bot.services, "USUP1"), case_id) is None
    assert cases_for(bot.services, who(bot.services, "USUP1")) == []
    assert offer_details(bot.services, offer.id, who(bot.services, "USUP1")) is None


def test_after_a_decline_the_supporter_sees_nothing(bot):
    case_id = lead_case(bot, may_name=True)
    declined = decline(bot, case_id)
    assert declined.supporter_slack_id == "USUP1"
    assert bot.clock.now() < declined.deadline_at  # hidden by the decline, not by the deadline
    assert case_for(bot.services, who(bot.services, "USUP1"), case_id) is None
    assert case_id not in ids(cases_for(bot.services, who(bot.services, "USUP1")))
    assert cases_for(bot.services, who(bot.services, "USUP1"), include_closed=True) == []
    assert offer_details(bot.services, declined.id, who(bot.services, "USUP1")) is None
    # The case passed on to the next supporter, who now sees it.
    assert latest_offer(bot, case_id).supporter_slack_id == "USUP2"
    assert case_for(bot.services, who(bot.services, "USUP2"), case_id).relation == Relation.SUPPORTER


def test_after_an_expiry_the_supporter_sees_nothing(bot):
    case_id = lead_case(bot)
    wait_for_dm(bot.slack, "USUP1", "peer conversation")
    offer = latest_offer(bot, case_id)
    bot.clock.set(offer.deadline_at)
    # At the deadline, even before the timeout is processed, the offer is no longer open.
    assert case_for(bot.services, who(bot.services, "USUP1"), case_id) is None
    assert offer_details(bot.services, offer.id, who(bot.services, "USUP1")) is None
    bot.run_due_work()
    eventually(lambda: offers_of(bot, case_id)[0].status == "expired")
    eventually(lambda: len(offers_of(bot, case_id)) == 2)
    assert case_for(bot.services, who(bot.services, "USUP1"), case_id) is None
    assert cases_for(bot.services, who(bot.services, "USUP1")) == []
    assert cases_for(bot.services, who(bot.services, "USUP1"), include_closed=True) == []
    assert offer_details(bot.services, offer.id, who(bot.services, "USUP1")) is None
    assert latest_offer(bot, case_id).supporter_slack_id == "USUP2"
    assert case_for(bot.services, who(bot.services, "USUP2"), case_id).relation == Relation.SUPPORTER


def test_a_supporter_never_offered_the_case_sees_nothing(bot):
    case_id = lead_case(bot, may_name=True)
    offer = latest_offer(bot, case_id)
    assert offer.supporter_slack_id == "USUP1"
    assert case_for(bot.services, who(bot.services, "USUP2"), case_id) is None
    assert cases_for(bot.services, who(bot.services, "USUP2")) == []
    assert offer_details(bot.services, offer.id, who(bot.services, "USUP2")) is None
    accept(bot, case_id)
    assert case_for(bot.services, who(bot.services, "USUP2"), case_id) is None
    assert cases_for(bot.services, who(bot.services, "USUP2"), include_closed=True) == []
    assert offer_details(bot.services, offer.id, who(bot.services, "USUP2")) is None


# ---- the lead --------------------------------------------------------------------------------------


def test_a_lead_sees_only_the_coarse_status_of_a_referral_they_made(bot):
    created = bot.clock.now()
    case_id = lead_case(bot, lead="ULEAD1", may_name=True)
    self_case(bot, clinician="UCLIN2")  # not theirs

    def lead_view():
        view = case_for(bot.services, who(bot.services, "ULEAD1"), case_id)
        assert view is not None and view.relation == Relation.LEAD
        assert view.clinician_id == "UCLIN1" and view.created_at == created
        assert (view.state, view.urgency, view.accepted_at, view.contacted_at, view.closed_at) == (None,) * 5
        assert (view.match_reason, view.supporter_id, view.offer_id) == (None,) * 3
        assert ids(cases_for(bot.services, who(bot.services, "ULEAD1"))) == [case_id]
        return view

    assert lead_view().status == LEAD_FINDING
    bot.clock.advance(timedelta(minutes=10))
    decline(bot, case_id)  # passed on: the lead cannot tell
    assert lead_view().status == LEAD_FINDING
    bot.clock.advance(timedelta(minutes=10))
    accept(bot, case_id)
    assert lead_view().status == LEAD_ACCEPTED


def test_a_lead_who_did_not_refer_sees_nothing(bot):
    referred = lead_case(bot, lead="ULEAD1")
    self_referred = self_case(bot, clinician="UCLIN2")
    for case_id in (referred, self_referred):
        assert case_for(bot.services, who(bot.services, "ULEAD2"), case_id) is None
    assert cases_for(bot.services, who(bot.services, "ULEAD2")) == []
    assert cases_for(bot.services, who(bot.services, "ULEAD2"), include_closed=True) == []
    # ULEAD1 made one of the two referrals only.
    assert case_for(bot.services, who(bot.services, "ULEAD1"), self_referred) is None


def test_a_leads_view_never_reveals_the_supporter(bot):
    case_id = lead_case(bot, lead="ULEAD1", may_name=True)
    decline(bot, case_id)  # USUP1 passes, USUP2 is offered
    views = [case_for(bot.services, who(bot.services, "ULEAD1"), case_id)]
    accept(bot, case_id)
    views.append(case_for(bot.services, who(bot.services, "ULEAD1"), case_id))
    set_case(bot, case_id, state="contacted", contacted_at=bot.clock.now())
    views.append(case_for(bot.services, who(bot.services, "ULEAD1"), case_id))
    views += cases_for(bot.services, who(bot.services, "ULEAD1"), include_closed=True)
    assert len(views) == 4
    for view in views:
        assert view.relation == Relation.LEAD and view.supporter_id is None
        assert "USUP1" not in shown(view) and "USUP2" not in shown(view)
        assert "Sam" not in view.status and "Pat" not in view.status


# ---- the coordinator ---------------------------------------------------------------------------------


def test_a_coordinator_sees_every_case_with_state_timings_referrer_and_matching_reason(bot):
    first_at = bot.clock.now()
    referred = lead_case(bot, lead="ULEAD1", may_name=False)  # the lead asked not to be named to supporters
    second_at = bot.clock.advance(timedelta(minutes=5))
    self_referred = self_case(bot, clinician="UCLIN2", urgency="today")
    views = cases_for(bot.services, who(bot.services, "UCOORD1"))
    assert ids(views) == [self_referred, referred]  # every case, newest first
    for view in views:
        assert view.relation == Relation.COORDINATOR
        assert view == case_for(bot.services, who(bot.services, "UCOORD1"), view.case_id)
        assert view.match_reason and view.match_reason == latest_offer(bot, view.case_id).match_reason
    own, lead = views
    assert (lead.state, lead.urgency, lead.created_at, lead.referrer_id) == ("offered", "few_days", first_at, "ULEAD1")
    assert (own.state, own.urgency, own.created_at, own.referrer_id) == ("offered", "today", second_at, None)
    assert lead.supporter_id is None and lead.accepted_at is None

    accepted = bot.clock.advance(timedelta(minutes=20))
    accept(bot, referred)
    lead = case_for(bot.services, who(bot.services, "UCOORD1"), referred)
    assert (lead.state, lead.supporter_id, lead.accepted_at, lead.referrer_id) == (
        "accepted", "USUP1", accepted, "ULEAD1")
    assert lead.match_reason and lead.match_reason == latest_offer(bot, referred).match_reason


def test_a_coordinator_never_sees_the_note(bot):
    referred = lead_case(bot, lead="ULEAD1", note=NOTE)
    self_referred = self_case(bot, clinician="UCLIN2", note="Still thinking about the arrest on nights.")
    offers = [latest_offer(bot, referred), latest_offer(bot, self_referred)]
    # The notes are there: the supporters holding the offers can read them.
    assert note_texts(offer_details(bot.services, offers[0].id, who(bot.services, offers[0].supporter_slack_id))) == [NOTE]
    views = cases_for(bot.services, who(bot.services, "UCOORD1"), include_closed=True)
    views += [case_for(bot.services, who(bot.services, "UCOORD1"), referred), case_for(bot.services, who(bot.services, "UCOORD1"), self_referred)]
    assert len(views) == 4
    for view in views:
        assert view.relation == Relation.COORDINATOR
        for value in dataclasses.asdict(view).values():
            assert "bleed" not in str(value) and "arrest" not in str(value)
            assert NOTE not in str(value)
    for offer in offers:
        assert offer_details(bot.services, offer.id, who(bot.services, "UCOORD1")) is None
    accept(bot, referred)
    assert offer_details(bot.services, offers[0].id, who(bot.services, "UCOORD1")) is None
    assert "bleed" not in shown(case_for(bot.services, who(bot.services, "UCOORD1"), referred))


# ---- anyone else -----------------------------------------------------------------------------------


@pytest.mark.parametrize("viewer", [NOBODY, "UCLIN2", "USUP2", "ULEAD2"])
def test_anyone_else_cannot_tell_whether_a_case_exists(bot, viewer):
    case_id = lead_case(bot, lead="ULEAD1", clinician="UCLIN1", may_name=True)
    assert latest_offer(bot, case_id).supporter_slack_id == "USUP1"
    existing = case_for(bot.services, who(bot.services, viewer), case_id)
    missing = case_for(bot.services, who(bot.services, viewer), case_id + 1000)
    assert existing is None
    assert missing is None
    assert existing == missing
    assert case_for(bot.services, who(bot.services, viewer), 0) == existing
    assert cases_for(bot.services, who(bot.services, viewer)) == []
    assert cases_for(bot.services, who(bot.services, viewer), include_closed=True) == []


def test_a_missing_case_looks_the_same_to_everyone(bot):
    case_id = self_case(bot)
    for viewer in ("UCOORD1", "USUP1", "ULEAD1", "UCLIN1", NOBODY):
        assert case_for(bot.services, who(bot.services, viewer), case_id + 1000) is None


# ---- open and closed ---------------------------------------------------------------------------------


def test_cases_for_lists_open_cases_only_unless_closed_ones_are_asked_for(bot):
    referred = lead_case(bot, lead="ULEAD1", clinician="UCLIN1")
    open_case = self_case(bot, clinician="UCLIN2")
    accept(bot, referred)  # cases close from a held state; no offer of it is left open
    closed_at = bot.clock.advance(timedelta(hours=1))
    set_case(bot, referred, state="closed", closed_at=closed_at)

    assert ids(cases_for(bot.services, who(bot.services, "UCOORD1"))) == [open_case]
    everything = cases_for(bot.services, who(bot.services, "UCOORD1"), include_closed=True)
    assert ids(everything) == [open_case, referred]
    assert (everything[1].state, everything[1].closed_at) == ("closed", closed_at)

    assert cases_for(bot.services, who(bot.services, "UCLIN1")) == []
    [own] = cases_for(bot.services, who(bot.services, "UCLIN1"), include_closed=True)
    assert (own.case_id, own.relation, own.status) == (referred, Relation.CLINICIAN, "This request is closed.")

    assert cases_for(bot.services, who(bot.services, "ULEAD1")) == []
    [theirs] = cases_for(bot.services, who(bot.services, "ULEAD1"), include_closed=True)
    assert (theirs.case_id, theirs.relation) == (referred, Relation.LEAD)
    assert theirs.status == "A supporter has reached out, or the case is closed."

    assert ids(cases_for(bot.services, who(bot.services, "UCLIN2"))) == [open_case]
    assert ids(cases_for(bot.services, who(bot.services, "UCLIN2"), include_closed=True)) == [open_case]


# ---- through the app: the App Home -------------------------------------------------------------------


def home_of(bot, user) -> dict:
    """Open the App Home as `user` (a signed app_home_opened event); return the view published for them."""
    mine = lambda call: call.params.get("user_id") == user  # noqa: E731
    before = len([c for c in bot.slack.calls_to("views.publish") if mine(c)])
    reply = bot.send.event({"type": "app_home_opened", "user": user, "channel": f"D{user}", "tab": "home"})
    assert reply.status == 200
    return bot.slack.wait_for("views.publish", count=before + 1, where=mine)[-1].params["view"]


def buttons(view) -> list[dict]:
    """The buttons about cases and offers (not a supporter's availability controls)."""
    elements = [b["accessory"] for b in view["blocks"] if "accessory" in b]
    elements += [e for b in view["blocks"] if b["type"] == "actions" for e in b["elements"]]
    return [e for e in elements if e.get("type") == "button" and e["action_id"].startswith(("offer.", "case."))]


def empty_home(bot, supporter: bool) -> dict:
    """The Home of someone with no case to see: a supporter also sees their availability."""
    available = Availability(SupporterStatus.ACTIVE) if supporter else None
    return home_view(Home(bot.services.settings.resources, availability=available))


def test_the_coordinators_home_lists_the_case_with_its_matching_reason_and_never_the_note(bot):
    case_id = lead_case(bot, lead="ULEAD1", note=NOTE)
    reason = latest_offer(bot, case_id).match_reason
    assert reason
    home = home_of(bot, "UCOORD1")
    text = json.dumps(home)
    assert f"Case {case_id}" in text
    assert reason in text
    assert NOTE not in text and "bleed" not in text


def test_the_supporters_home_has_a_details_button_until_the_offer_passes_on(bot):
    case_id = lead_case(bot, note=NOTE)
    offer = latest_offer(bot, case_id)
    home = home_of(bot, "USUP1")
    assert "<@UCLIN1>" in json.dumps(home)
    assert NOTE not in json.dumps(home)
    # The same buttons as the offer DM.
    assert [(b["action_id"], b["value"]) for b in buttons(home)] == [
        ("offer.accept", str(offer.id)), ("offer.decline", str(offer.id)), ("offer.details", str(offer.id))]
    details = buttons(home)[-1]
    # The button opens the note in a modal, for this supporter.
    opened = len(bot.slack.calls_to("views.open"))
    assert bot.send.click("USUP1", "offer.details", details["value"]).status == 200
    modal = bot.slack.wait_for("views.open", count=opened + 1)[-1].params["view"]
    assert NOTE in json.dumps(modal)

    decline(bot, case_id)
    home = home_of(bot, "USUP1")
    assert buttons(home) == []
    assert "UCLIN1" not in json.dumps(home)
    assert home == empty_home(bot, supporter=True)


def test_the_leads_home_shows_a_coarse_status_and_never_the_supporter(bot):
    case_id = lead_case(bot, lead="ULEAD1", may_name=True)
    home = json.dumps(home_of(bot, "ULEAD1"))
    assert "<@UCLIN1>" in home and LEAD_FINDING in home
    assert "USUP1" not in home and "offered" not in home
    accept(bot, case_id)
    home = json.dumps(home_of(bot, "ULEAD1"))
    assert LEAD_ACCEPTED in home
    assert "USUP1" not in home and "accepted" not in home
    assert NOTE not in home


@pytest.mark.parametrize("viewer", [NOBODY, "UCLIN2", "ULEAD2", "USUP2"])
def test_an_unrelated_users_home_shows_no_case_at_all(bot, viewer):
    lead_case(bot, lead="ULEAD1", clinician="UCLIN1")
    home = home_of(bot, viewer)
    assert home == empty_home(bot, supporter=viewer == "USUP2")
    text = json.dumps(home)
    assert "UCLIN1" not in text and "ULEAD1" not in text and "USUP1" not in text and buttons(home) == []


def test_the_clinicians_home_shows_their_status_and_not_who_referred_them(bot):
    case_id = lead_case(bot, lead="ULEAD1", clinician="UCLIN1", may_name=True)
    home = json.dumps(home_of(bot, "UCLIN1"))
    assert CLINICIAN_FINDING in home
    assert "ULEAD1" not in home and NOTE not in home
    accept(bot, case_id)
    home = json.dumps(home_of(bot, "UCLIN1"))
    assert CLINICIAN_ACCEPTED in home
    assert "ULEAD1" not in home and "USUP1" not in home
