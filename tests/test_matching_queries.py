"""Matching reads only what it needs: a referral's matching issues the same, small number of SQL
statements however long the offer history, and the supporters it leaves out in SQL are only ever
ones the rules would leave out (the pick is match_case's best, with every reason, for any roster)."""
from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
from sqlalchemy import event

from bot.cases.vocabulary import CaseState, OfferStatus, Source
from bot.offers.candidates import best_candidate, match_case
from bot.referrals.referral import Referral
from flows import load_roster, receive
from models.tables import Case, Offer, Person

HEADER = "slack_id,name,roles,cohort,division,max_active_cases,trained_on\n"


def roster(count: int, rnd: random.Random | None = None) -> str:
    """Supporters of every kind matching cares about: cohorts, divisions, capacities, training."""
    rnd = rnd or random.Random(1)
    lines = []
    for n in range(count):
        cohort = rnd.choice(["faculty", "trainee"])
        division = rnd.choice(["Cardiac Surgery", "Trauma", "General Surgery", "general surgery ", ""])
        trained = rnd.choice(["", "2020-01-01", "2025-06-01"])
        lines.append(f"USUP{n:05d},Supporter {n},supporter,{cohort},{division},{rnd.choice([0, 1, 2, 3])},{trained}")
    lines.append("UCLIN1,Alex Clinician,,faculty,General Surgery,2,")
    lines.append("UCLIN2,Tara Trainee,,trainee,Trauma,2,")
    return HEADER + "\n".join(lines) + "\n"


def add_history(svc, cases: int, supporters: int) -> None:
    """`cases` closed cases in the past, each with a declined and an accepted offer."""
    now = svc.clock.now()
    with svc.db.session() as session:
        for n in range(cases):
            at = now - timedelta(days=400) + timedelta(minutes=n)
            case = Case(clinician_slack_id=f"UOLD{n}", source=Source.SELF, urgency="few_days",
                        state=CaseState.CLOSED, outcome="talked", created_at=at, updated_at=at, closed_at=at,
                        excluded_slack_ids="")
            session.add(case)
            session.flush()
            for status, who in ((OfferStatus.DECLINED, n % supporters), (OfferStatus.ACCEPTED, (n * 7) % supporters)):
                session.add(Offer(case_id=case.id, supporter_slack_id=f"USUP{who:05d}", status=status,
                                  sent_at=at, deadline_at=at + timedelta(hours=4), answered_at=at))


def statements_while(db, action, with_parameters: list | None = None) -> list[str]:
    seen: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        seen.append(statement)
        if with_parameters is not None:
            with_parameters.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        action()
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    return seen


def matching_statements(svc, key: str, with_parameters: list | None = None) -> list[str]:
    referral = Referral(clinician_id="UCLIN1", source=Source.SELF, urgency="few_days")
    return statements_while(svc.db, lambda: receive(svc, referral, key), with_parameters)


def full_scans_of_offers(db, statements) -> list[str]:
    """On SQLite, the plan steps that read the whole offers table or one of its whole indexes."""
    found = []
    with db.engine.connect() as conn:
        for statement, parameters in statements:
            if "FROM offers" not in statement or not statement.lstrip().upper().startswith("SELECT"):
                continue
            plan = conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters).all()
            found += [f"{row[-1]} <- {statement}" for row in plan if str(row[-1]).startswith("SCAN offers")]
    return found


def test_a_referrals_matching_issues_the_same_few_queries_however_long_the_history(make_services):
    svc = make_services(quiet_hours=None, digest_at=None)
    load_roster(svc, roster(60))
    add_history(svc, cases=10, supporters=60)
    short = matching_statements(svc, "intake-1")
    add_history(svc, cases=1500, supporters=60)
    with svc.db.session() as session:  # the first case is done: the clinician may ask again
        for case in session.query(Case).filter(Case.clinician_slack_id == "UCLIN1"):
            case.closed_at = svc.clock.now()
            session.execute(Case.__table__.update().where(Case.id == case.id).values(state=CaseState.CLOSED))
    executed: list = []
    long = matching_statements(svc, "intake-2", executed)
    assert len(long) == len(short), "\n".join(long)
    offers_read = [s for s in long if "FROM offers" in s]
    assert len(short) <= 40 and len(offers_read) <= 6, "\n".join(long)
    if svc.db.dialect == "sqlite":  # and none of them reads the whole history
        assert full_scans_of_offers(svc.db, executed) == []


@pytest.mark.parametrize("seed", range(6))
def test_the_sql_filter_picks_the_same_supporter_as_the_full_rules(make_services, seed):
    rnd = random.Random(seed)
    svc = make_services(quiet_hours=None, digest_at=None, require_training=bool(seed % 2),
                        training_valid_for=timedelta(days=730))
    load_roster(svc, roster(40, rnd))
    add_history(svc, cases=30, supporters=40)
    now = svc.clock.now()
    with svc.db.session() as session:
        people = {p.slack_id: p for p in session.query(Person)}
        for slack_id in rnd.sample(sorted(s for s in people if s.startswith("USUP")), 10):
            choice = rnd.choice(["inactive", "paused", "away", "past_pause"])
            person = people[slack_id]
            if choice == "inactive":
                person.active = False
            elif choice == "paused":
                person.paused_until = now + timedelta(days=1)
            elif choice == "away":
                person.away_until = now + timedelta(hours=3)
            else:
                person.paused_until = now - timedelta(days=1)
        people["USUP00005"].cohort = None  # not on the roster's cohorts: never matched
        people["USUP00003"].trained_on = now.date() - timedelta(days=730)  # the last day it counts
        people["USUP00004"].trained_on = now.date() - timedelta(days=731)
    clinician = rnd.choice(["UCLIN1", "UCLIN2", "UNOBODY"])
    case_id = receive(svc, Referral(clinician_id=clinician, source=Source.SELF, urgency="few_days",
                                    excluded_ids=frozenset(rnd.sample([f"USUP{n:05d}" for n in range(40)], 3))),
                      f"intake-{seed}").case_id
    with svc.db.session() as session:
        case = session.get(Case, case_id)
        full = match_case(session, svc.settings, case, now)
        quick = best_candidate(session, svc.settings, case, now)
        reasons = {e.rule for e in full.excluded}
    assert quick == full.best
    assert len(full.ranked) + len(full.excluded) == 40  # every supporter is explained
    assert reasons  # some rule left someone out
