"""A fixed demo data set: 18 months of a surgery department's peer support program.

475 referrals from January 2024 to June 2025, read as they stood on 1 July 2025 at 09:00 UTC.
The program grows from about 15 referrals a month to about 30; referrals from the hospital
system start in September 2024, when the intake was connected; July and August bring new
residents. The README's example chart is drawn from it, and tests use it.

No names and no ids: nothing here points to anyone. Each row of ROWS is one case:

    referred (UTC) | source | cohort (f, t, -) | division (code, - unknown) | offers |
    first accepted | contact recorded | closed (hours after the referral) | outcome | check-ins

and each offer is a status letter (a accepted, h handed off, dU / dC / dO declined as
unavailable / conflict / other, e expired, w withdrawn, o still open), the hours from the
referral to when it was sent and, after "+", the hours it took to be answered.
"""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from bot.coordination.metrics import CaseFacts, OfferFacts, ReportRequest, SupporterFacts

AS_OF = datetime(2025, 7, 1, 9, 0, tzinfo=timezone.utc)
FIRST_DAY = date(2024, 1, 1)
LAST_DAY = date(2025, 6, 30)

DIVISIONS = {
    "GS": "General Surgery",
    "TR": "Trauma and Acute Care Surgery",
    "CT": "Cardiothoracic Surgery",
    "VA": "Vascular Surgery",
    "TX": "Transplant Surgery",
    "PE": "Pediatric Surgery",
    "ON": "Surgical Oncology",
    "PL": "Plastic Surgery",
}
COHORTS = {"f": "faculty", "t": "trainee"}
OFFER_STATUS = {"a": "accepted", "h": "handed_off", "d": "declined", "e": "expired", "w": "withdrawn", "o": "open"}
DECLINE_REASON = {"U": "unavailable", "C": "conflict", "O": "other"}

# The roster on AS_OF: (status, open cases held, how many supporters).
SUPPORTER_COUNTS = (
    ("active", 0, 9), ("active", 1, 11), ("active", 2, 6), ("active", 3, 1),
    ("away", 0, 4), ("away", 1, 1),
    ("paused", 0, 3),
    ("inactive", 0, 2),
)


def demo_cases() -> tuple[CaseFacts, ...]:
    return tuple(_case(line) for line in ROWS.strip().splitlines())


def demo_supporters() -> tuple[SupporterFacts, ...]:
    return tuple(
        SupporterFacts(status, open_cases) for status, open_cases, count in SUPPORTER_COUNTS for _ in range(count)
    )


def demo_request(**overrides) -> ReportRequest:
    """The whole demo range, by month, read on AS_OF."""
    return ReportRequest(**({"from_date": FIRST_DAY, "to_date": LAST_DAY, "as_of": AS_OF} | overrides))


def _case(line: str) -> CaseFacts:
    referred, source, cohort, division, offers, accepted, contacted, closed, outcome, check_ins = line.split("|")
    created = datetime.fromisoformat(referred).replace(tzinfo=timezone.utc)

    def after(hours: str) -> datetime | None:
        return created + timedelta(hours=float(hours)) if hours else None

    offer_facts = tuple(_offer(created, text) for text in offers.split())
    return CaseFacts(
        source=source,
        created_at=created,
        first_offered_at=offer_facts[0].sent_at if offer_facts else None,
        first_accepted_at=after(accepted),
        contacted_at=after(contacted),
        closed_at=after(closed),
        outcome=outcome or None,
        check_ins_done=int(check_ins),
        division=DIVISIONS.get(division),
        cohort=COHORTS.get(cohort),
        offers=offer_facts,
    )


def _offer(created: datetime, text: str) -> OfferFacts:
    status = OFFER_STATUS[text[0]]
    reason = DECLINE_REASON[text[1]] if status == "declined" else None
    sent, _, took = text[2 if reason else 1:].partition("+")
    sent_at = created + timedelta(hours=float(sent))
    return OfferFacts(
        sent_at=sent_at,
        status=status,
        decline_reason=reason,
        answered_at=sent_at + timedelta(hours=float(took)) if took else None,
    )


ROWS = """
2024-01-01T18:37|lead|f|PL|a0.48+1.70|2.17|24.33|222.73|referred_out|0
2024-01-04T19:50|self|t|PE|e0.03+4.00 a4.05+1.30|5.36|10.76|446.55|talked|1
2024-01-06T04:10|lead|t|-|a0.08+0.35|0.43|4.18|383.82|referred_out|0
2024-01-09T21:48|self|t|VA|a0.04+1.03|1.07|2.55|92.23|talked|0
2024-01-13T15:58|lead|t|ON|a0.09+0.83|0.91|2.71|310.33|talked|0
2024-01-15T13:25|self|t|PE|e0.03+4.00 a4.05+1.09|5.14|53.33|774.15|checked_in|2
2024-01-15T22:24|lead|f|VA|dC0.09+0.31 a0.43+0.09|0.51|5.33|374.35|talked|1
2024-01-16T22:31|lead|f|CT|a0.10+0.37|0.46|35.76|757.06|checked_in|1
2024-01-19T19:07|lead|f|GS|a0.10+1.03|1.13|3.14|461.88|referred_out|0
2024-01-20T03:05|self|f|GS|dC0.04+0.18 a0.24+0.74|0.98|4.19|726.62|checked_in|2
2024-01-24T17:59|self|f|GS|a0.11+3.90|4.01|8.90|35.23|talked|0
2024-01-25T01:11|self|-|TX|e1.12+4.00 a5.14+0.64|5.79||101.05|not_reached|0
2024-01-26T22:55|self|f|TR|a0.02+0.15|0.17|9.01|730.96|checked_in|2
2024-01-29T17:54|self|t|GS|a0.05+1.38|1.43|3.12|725.10|checked_in|2
2024-01-31T13:56|lead|t|GS|a0.03+1.03|1.06|2.69|269.52|talked|1
2024-02-01T22:21|self|f|GS|e0.12+4.00 dC4.14+0.73 a4.89+2.02|6.91|9.97|730.20|checked_in|2
2024-02-03T15:15|self|-|VA|a0.57+3.43|4.00|6.43|729.25|checked_in|2
2024-02-04T09:44|lead|t|GS|a0.05+2.13|2.18|20.04|105.66|talked|0
2024-02-05T19:27|lead|t|CT|a0.03+0.18|0.21|8.26|730.72|checked_in|2
2024-02-05T21:58|self|f|TR|a0.03+0.59|0.61|5.09|239.16|referred_out|1
2024-02-06T05:23|self|f|-|dU0.08+1.34 e1.44+4.00 a5.46+0.38|5.83|34.34|756.76|checked_in|1
2024-02-06T19:05|self|f|TR|a0.04+0.88|0.92|12.22|69.35|talked|0
2024-02-06T23:50|self|t|VA||||14.64|closed_by_coordinator|0
2024-02-08T18:17|lead|f|GS|a0.05+0.75|0.80||99.30|not_reached|0
2024-02-09T02:20|self|t|ON|a0.14+0.61|0.75|4.82|398.75|declined_support|1
2024-02-11T01:35|lead|t|PE|a0.04+0.83|0.87|4.30|458.85|talked|1
2024-02-14T14:12|self|f|ON|dU0.20+1.18 a1.41+1.66|3.07|6.94|729.74|checked_in|1
2024-02-15T20:46|lead|f|PE|dO0.06+0.39 w0.47+2.29|||2.77|closed_by_coordinator|0
2024-02-18T18:25|lead|t|ON|a0.02+1.67|1.69|8.74|386.04|talked|1
2024-02-20T18:34|self|t|TX|e1.08+4.00 a5.10+0.42|5.51||120.58|closed_by_coordinator|0
2024-02-22T06:12|self|t|ON|dC0.02+0.07 dO0.11+0.94 dU1.08+0.44 a1.54+0.26|1.80|3.29|320.78|referred_out|1
2024-02-22T21:36|lead|t|GS|e0.18+4.00 a4.20+2.24|6.44|18.58|372.35|talked|1
2024-02-23T00:38|lead|t|PE|a0.18+0.23|0.41|7.14|728.32|checked_in|2
2024-02-25T20:17|lead|t|CT|dU0.04+0.61 a0.66+0.56|1.22|11.27|507.66|talked|1
2024-02-28T23:45|lead|f|GS|e0.18+4.00 a4.20+1.80|5.99|9.78|729.82|checked_in|2
2024-03-02T15:25|self|t|CT|dU0.07+2.24 dU2.33+1.16 a3.51+1.59|5.11|9.71|456.39|declined_support|1
2024-03-02T22:38|self|t|ON|w0.19+2.41|||2.60|closed_by_coordinator|0
2024-03-03T12:21|lead|f|CT|a0.03+0.16|0.19|2.39|498.29|talked|0
2024-03-04T14:08|lead|f|GS|a0.18+1.01|1.18|4.85|357.78|talked|1
2024-03-04T19:21|self|t|ON|a0.16+0.33|0.49|1.40|391.00|talked|0
2024-03-05T03:33|self|t|TX|a0.04+0.85|0.89|14.32|219.77|talked|1
2024-03-08T18:17|self|f|PE|a0.02+0.34|0.37|2.21|722.84|checked_in|2
2024-03-10T15:13|lead|f|ON|a0.08+0.11|0.19|2.46|723.80|checked_in|2
2024-03-10T22:06|lead|t|CT|h0.02+16.63 e16.67+4.00 a20.69+0.68|1.93|23.56|80.87|talked|0
2024-03-12T21:42|lead|f|TR|a0.23+0.76|0.99|1.98|107.87|talked|0
2024-03-15T20:00|lead|t|GS|e0.06+4.00 a4.08+1.79|5.87|15.38|736.95|checked_in|1
2024-03-21T00:33|lead|t|CT|a0.07+1.70|1.77||112.11|not_reached|0
2024-03-22T17:08|lead|t|ON|a0.24+0.63|0.87|4.24|725.53|checked_in|2
2024-03-23T12:31|lead|t|TR|a0.06+0.98|1.04|10.40|732.32|checked_in|2
2024-03-23T23:29|lead|f|GS|e0.13+4.00 w4.15+1.47|||5.63|closed_by_coordinator|0
2024-03-24T13:09|lead|t|TX|dU0.13+0.13 a0.28+0.82|1.10|4.04|388.23|talked|1
2024-03-25T22:41|lead|-|TR|a0.04+2.01|2.04|4.12|198.81|talked|0
2024-03-28T01:08|lead|t|-|a0.17+0.60|0.77|3.36|89.28|referred_out|0
2024-04-01T18:45|self|t|PL|a0.03+0.21|0.23|12.07|732.67|checked_in|2
2024-04-02T14:36|self|t|PL|dU0.09+2.02 a2.13+1.22|3.35|17.93|434.31|talked|1
2024-04-02T19:10|lead|t|GS|dC0.04+0.82 dC0.88+0.48 e1.38+4.00 dO5.40+0.46 a5.87+0.79|6.66|7.32|277.95|declined_support|1
2024-04-03T15:50|lead|f|GS|e0.17+4.00 e4.19+4.00 dU8.21+0.39 e8.63+4.00 dU12.65+0.32 e12.99+4.00|||58.75|closed_by_coordinator|0
2024-04-04T20:15|lead|f|TR|a0.02+2.13|2.15|6.98|294.31|talked|1
2024-04-07T12:22|self|f|PE|a0.18+1.62|1.80|7.14|730.10|checked_in|2
2024-04-11T15:05|self|f|ON|a0.03+0.78|0.81|3.96|241.11|talked|1
2024-04-13T07:06|self|f|PE|a0.20+3.27|3.46|11.11|204.80|talked|1
2024-04-15T13:43|lead|t|TR|dU0.12+0.08 dU0.23+0.29 dU0.53+0.10 a0.65+1.02|1.67|11.59|394.85|talked|1
2024-04-16T13:34|self|f|ON|a0.13+0.23|0.37|1.57|722.37|checked_in|2
2024-04-19T14:51|lead|f|PL|a0.05+0.37|0.42|4.31|405.84|talked|1
2024-04-20T13:50|lead|t|GS|a0.08+0.48|0.55|19.40|522.53|talked|0
2024-04-20T14:54|self|t|GS|dU0.05+0.47 dU0.54+0.12 dU0.69+0.44 a1.15+0.19|1.34|2.64|471.67|talked|1
2024-04-20T19:49|self|f|ON|e0.13+4.00 a4.15+0.72|4.87|7.24|94.71|referred_out|0
2024-04-21T16:16|lead|t|GS|a0.19+0.70|0.89|5.97|220.09|referred_out|1
2024-04-24T15:03|self|t|PE|e0.36+4.00 a4.38+0.24|4.62|53.25|776.21|checked_in|2
2024-04-25T17:37|self|f|TX|a0.04+0.50|0.54|1.55|721.58|checked_in|2
2024-04-26T21:10|lead|t|CT|a0.07+0.02|0.09|9.71|296.93|talked|1
2024-04-27T20:05|lead|f|ON|dU0.16+0.81 a0.99+0.77|1.77|12.48|145.50|declined_support|0
2024-04-28T19:30|self|f|CT|a0.13+0.17|0.30|3.15|725.02|checked_in|1
2024-04-28T22:38|self|f|ON|a0.08+0.34|0.42|9.67|379.68|talked|1
2024-05-03T05:57|lead|f|GS|dU0.03+0.88 dU0.93+1.54 a2.49+1.18|3.67|9.00|125.86|declined_support|0
2024-05-04T12:27|lead|f|TR||||47.76|closed_by_coordinator|0
2024-05-05T11:03|lead|t|VA|a0.03+1.13|1.16|10.05|351.35|talked|1
2024-05-07T06:50|self|t|PE|a0.08+0.20|0.28|1.15|721.76|checked_in|1
2024-05-07T19:41|self|t|GS|a0.13+1.00|1.13|13.15|381.47|referred_out|1
2024-05-08T12:41|lead|t|TR|dC0.02+0.37 a0.42+0.27|0.69|14.78|510.57|declined_support|1
2024-05-08T13:39|lead|t|GS|e0.06+4.00 a4.08+0.13|4.21|9.77|339.54|talked|1
2024-05-09T20:02|lead|t|GS|w0.19+1.03|||1.22|closed_by_coordinator|0
2024-05-11T05:19|lead|f|GS|a0.09+0.27|0.35||127.91|not_reached|0
2024-05-13T00:52|self|t|TR||||22.07|closed_by_coordinator|0
2024-05-13T01:19|self|t|VA|e0.27+4.00 a4.29+0.20|4.48|16.56|504.57|talked|1
2024-05-19T16:52|lead|-|GS|a0.14+0.53|0.67|4.80|192.34|talked|0
2024-05-21T14:51|lead|f|PL|a0.06+1.07|1.13|1.97|228.03|declined_support|1
2024-05-22T03:10|self|t|TX|a0.10+0.22|0.32|3.89|724.64|checked_in|1
2024-05-22T12:17|lead|t|CT|a0.10+1.47|1.57||68.03|not_reached|0
2024-05-23T13:15|lead|f|VA|a0.04+0.13|0.17|15.22|243.96|talked|0
2024-05-26T13:14|self|f|CT|a0.05+0.48|0.53|9.01|255.07|talked|1
2024-05-29T17:57|self|f|GS|a0.03+1.47|1.50|7.76|84.32|talked|0
2024-05-29T22:04|self|t|TR|a0.05+1.37|1.42|21.40|742.51|checked_in|1
2024-05-30T04:14|self|t|TR|dO0.06+0.25 a0.33+1.76|2.09|6.55|473.04|declined_support|1
2024-05-30T17:37|lead|t|ON|dU0.18+0.44 a0.65+1.37|2.02||127.01|not_reached|0
2024-05-30T22:03|lead|f|PE|a0.10+0.54|0.64|6.83|363.99|talked|1
2024-05-31T16:44|self|f|GS|a0.03+2.38|2.41|9.51|388.79|talked|1
2024-06-02T01:06|self|t|TR|a0.14+0.26|0.40|2.75|430.05|referred_out|1
2024-06-02T11:26|self|t|TR|a0.04+0.48|0.52||72.50|not_reached|0
2024-06-02T17:25|self|t|GS|a0.09+0.70|0.78|4.13|724.29|checked_in|2
2024-06-02T17:38|lead|t|VA|e0.29+4.00 e4.31+4.00 dC8.33+0.13 a8.48+0.81|9.29|11.92|159.29|declined_support|0
2024-06-07T18:21|self|f|ON|e0.09+4.00 dU4.11+0.40 dO4.53+0.21 a4.76+3.12|7.89|9.62|58.81|talked|0
2024-06-08T17:46|self|f|PE|a0.24+1.19|1.44|2.59|504.38|referred_out|1
2024-06-10T13:52|lead|f|CT|a0.37+1.31|1.68|9.45|368.21|referred_out|1
2024-06-10T17:44|lead|f|ON|dC0.14+0.63 e0.79+4.00 a4.81+0.38|5.19|9.13|433.56|talked|1
2024-06-14T13:47|lead|t|PE|a0.05+2.14|2.19||95.31|not_reached|0
2024-06-16T01:50|lead|f|PL|a0.06+0.48|0.54|13.78|402.11|talked|0
2024-06-16T21:42|lead|f|ON|dU0.07+0.26 a0.34+2.08|2.42|15.16|737.96|checked_in|2
2024-06-16T23:21|lead|f|PL|a0.03+0.60|0.63|8.99|183.01|referred_out|1
2024-06-20T06:56|self|t|TR|dO0.15+0.94 a1.11+1.71|2.82|6.64|335.80|talked|1
2024-06-21T14:31|lead|f|VA|a0.05+0.65|0.70|2.17|724.35|checked_in|2
2024-06-22T18:37|lead|t|-|a0.13+0.34|0.47|4.19|47.71|declined_support|0
2024-06-23T03:13|lead|t|VA|a0.06+0.32|0.38|21.55|460.28|talked|1
2024-06-23T18:08|lead|t|PE|a0.09+0.50|0.59|12.98|47.48|talked|0
2024-06-24T20:45|lead|f|CT|a0.16+2.01|2.17|8.93|438.12|handed_off|1
2024-06-25T20:32|self|t|PE|a0.39+1.34|1.73|5.17|372.59|talked|1
2024-06-26T12:06|lead|f|GS|e0.08+4.00 a4.10+0.68|4.78||147.35|closed_by_coordinator|0
2024-06-26T12:49|self|t|VA|a0.06+0.95|1.00|4.26|187.27|talked|1
2024-06-27T14:28|self|f|PE|e0.02+4.00 dO4.04+0.21 dC4.27+0.79 a5.09+0.68|5.76||81.53|closed_by_coordinator|0
2024-07-01T19:13|lead|f|ON|e0.07+4.00 a4.09+0.68|4.77|13.51|120.60|referred_out|0
2024-07-01T21:35|lead|f|CT|a0.45+0.92|1.37|19.93|61.76|talked|0
2024-07-02T06:13|self|t|TR|dU0.06+0.17 a0.25+0.85|1.10|4.29|727.02|checked_in|1
2024-07-02T13:03|lead|t|ON|dU0.36+0.76 a1.13+0.16|1.29|18.07|451.11|declined_support|0
2024-07-03T14:50|self|f|TR|a0.08+0.76|0.84|2.52|51.90|referred_out|0
2024-07-03T22:34|lead|f|TR|a0.05+0.30|0.35|7.02|433.70|talked|1
2024-07-05T15:11|self|t|TR|dO0.07+0.43 a0.53+1.46|1.99|4.21|376.94|talked|1
2024-07-07T04:12|lead|f|-|a0.06+0.46|0.52|2.04|291.74|talked|1
2024-07-07T06:01|self|t|PL|e0.05+4.00 a4.07+0.36|4.43|7.86|489.71|talked|1
2024-07-10T04:44|self|t|ON|a0.06+0.19|0.24|0.85|722.71|checked_in|2
2024-07-10T12:04|lead|f|TR|a0.30+1.12|1.42||140.71|not_reached|0
2024-07-10T17:40|lead|f|PE|dU0.28+1.60 a1.90+0.19|2.09||93.10|declined_support|0
2024-07-12T14:34|self|f|VA|dU0.04+0.57 a0.64+1.00|1.64|6.94|729.61|checked_in|1
2024-07-14T06:08|self|t|TR|a0.10+2.07|2.17||124.96|not_reached|0
2024-07-15T15:58|self|t|GS|a0.17+0.96|1.13|3.63|366.53|talked|0
2024-07-16T00:42|self|f|ON|a0.23+0.55|0.78|4.21|725.37|checked_in|2
2024-07-17T05:32|lead|f|TR|a0.05+0.09|0.14|13.07|281.32|talked|1
2024-07-19T02:05|lead|t|GS|a0.06+2.61|2.67|22.26|371.39|talked|1
2024-07-19T15:55|lead|t|-|a0.03+1.25|1.29|2.57|139.12|talked|0
2024-07-22T06:50|lead|t|TX|e0.06+4.00 a4.08+1.56|5.64||76.25|declined_support|0
2024-07-22T17:07|self|f|PE|dU0.05+0.22 a0.29+0.32|0.61||123.83|declined_support|0
2024-07-22T18:37|self|t|PE|a0.13+0.69|0.82|3.87|293.16|talked|1
2024-07-23T04:41|self|f|GS|e0.05+4.00 a4.07+1.14|5.21|13.30|177.62|talked|0
2024-07-24T14:57|lead|t|TX|a0.08+0.51|0.59|2.89|723.34|checked_in|2
2024-07-25T13:08|self|t|GS|dU0.03+0.61 dO0.66+0.25 a0.93+0.23|1.16|4.95|725.57|checked_in|2
2024-07-28T17:28|lead|t|CT|e0.04+4.00 dU4.06+0.21 dU4.28+0.79 a5.09+0.30|5.39|30.52|322.25|referred_out|1
2024-07-29T05:48|self|t|GS|a0.03+0.20|0.23|15.49|213.80|talked|0
2024-07-31T10:43|lead|t|CT|dU0.09+2.16 dC2.27+0.27 a2.56+0.94|3.50|34.56|315.56|handed_off|1
2024-08-02T17:29|lead|t|TX|dU0.05+0.19 a0.25+0.16|0.42|12.55|732.85|checked_in|1
2024-08-05T13:58|self|t|TR|a0.19+3.37|3.57|5.85|451.44|talked|1
2024-08-06T18:03|self|t|TR|a0.12+0.29|0.41|3.10|304.81|handed_off|0
2024-08-06T21:59|self|f|CT|a0.16+0.67|0.83||104.08|not_reached|0
2024-08-07T02:10|self|t|TX|a0.47+0.63|1.10|4.97|480.41|talked|1
2024-08-07T11:52|lead|f|GS|dU0.03+0.82 a0.87+0.27|1.14||105.57|closed_by_coordinator|0
2024-08-07T12:33|self|t|GS|a0.02+0.50|0.52|4.71|726.07|checked_in|2
2024-08-07T15:42|self|f|GS||||5.35|closed_by_coordinator|0
2024-08-07T17:53|lead|t|ON|e0.31+4.00 a4.33+0.50|4.84|13.45|489.62|declined_support|1
2024-08-08T00:01|lead|f|VA|e0.09+4.00 dU4.11+1.12 e5.24+4.00 dU9.26+0.11 a9.40+0.53|9.93|15.16|737.80|checked_in|1
2024-08-08T03:14|self|t|GS|a0.16+0.39|0.55|29.39|259.73|referred_out|1
2024-08-09T14:12|lead|t|GS|a0.05+0.53|0.58|1.24|483.67|talked|1
2024-08-09T20:01|self|t|ON|a0.06+0.53|0.59|14.78|271.70|referred_out|1
2024-08-10T05:00|lead|t|CT|e0.05+4.00 a4.07+0.46|4.53|6.28|209.73|talked|0
2024-08-11T15:09|self|t|VA|a0.03+0.34|0.37|4.06|97.00|talked|0
2024-08-12T12:53|self|t|GS|a0.03+0.16|0.19|12.77|735.28|checked_in|2
2024-08-14T14:22|self|f|ON|a0.05+0.47|0.51|46.83|73.39|talked|0
2024-08-15T17:14|lead|t|TR|dU0.08+0.75 dU0.85+0.15 e1.02+4.00 a5.04+3.90|8.94|19.55|150.40|talked|0
2024-08-17T02:45|lead|f|GS|a0.15+0.52|0.66|5.81|726.46|checked_in|1
2024-08-17T12:08|lead|f|PE|e0.22+4.00 dO4.24+0.22 e4.48+4.00 a8.50+0.32|8.82|11.92|192.99|handed_off|0
2024-08-18T14:02|lead|t|CT|a0.06+0.99|1.05|13.71|264.44|talked|1
2024-08-21T16:38|self|t|GS|a0.22+0.30|0.52|18.60|315.42|declined_support|1
2024-08-23T16:50|self|f|ON|dU0.13+0.11 dO0.26+0.14 a0.42+0.96|1.39|3.00|105.56|declined_support|0
2024-08-24T18:33|lead|t|VA|dO0.01+0.21 a0.25+0.87|1.12|12.71|734.49|checked_in|1
2024-08-26T16:32|self|t|TR|a0.12+0.21|0.33|14.73|109.34|referred_out|0
2024-08-26T19:15|self|t|TR|a0.04+0.29|0.33|5.21|283.64|talked|1
2024-08-27T19:36|lead|f|PL|dC0.05+0.19 a0.26+0.37|0.63|13.46|341.36|declined_support|0
2024-08-28T04:23|self|t|GS|a0.07+0.51|0.57|8.07|335.18|talked|1
2024-08-28T23:12|self|t|GS|a0.04+1.13|1.17||62.63|not_reached|0
2024-08-29T02:54|lead|f|TR|dC0.24+0.12 a0.38+1.20|1.57|2.05|490.82|closed_by_coordinator|1
2024-08-29T07:26|lead|t|ON|a0.09+0.72|0.80|43.89|360.72|closed_by_coordinator|1
2024-08-31T12:58|lead|t|TR|dC0.13+0.36 h0.52+18.47 a19.01+1.12|1.03|22.15|280.99|talked|0
2024-09-04T03:52|self|f|ON|e0.20+4.00 a4.22+1.75|5.96|12.44|733.01|checked_in|2
2024-09-07T19:33|self|f|ON|a0.05+0.36|0.42|35.02|270.37|talked|1
2024-09-09T18:03|lead|f|GS|a0.09+3.31|3.39|12.54|40.72|talked|0
2024-09-10T17:47|lead|f|ON|a0.02+3.90|3.92|11.20|314.50|referred_out|1
2024-09-10T21:38|system|f|GS|a0.04+1.88|1.92|5.27|313.82|talked|1
2024-09-10T22:07|system|t|CT|dU0.52+0.54 a1.08+0.36|1.43|2.46|723.53|checked_in|2
2024-09-11T03:29|system|f|GS|dU0.08+0.10 dU0.19+1.02 h1.24+4.25 a5.50+2.29|1.67|10.34|489.21|talked|1
2024-09-13T18:51|system|t|GS|a0.03+0.34|0.36|10.78|90.89|referred_out|0
2024-09-15T21:34|lead|-|TR|a0.03+1.40|1.42|8.81|226.27|talked|1
2024-09-17T16:47|system|f|TR|a0.17+0.94|1.11|5.64|223.39|talked|1
2024-09-18T00:23|system|-|ON|e0.08+4.00 a4.10+0.55|4.66|5.92|728.35|checked_in|2
2024-09-18T09:21|self|t|TX|e0.05+4.00 a4.07+1.00|5.07|8.89|731.75|checked_in|1
2024-09-18T09:43|system|f|TX|a0.45+0.11|0.56|5.07|79.93|talked|0
2024-09-18T23:26|self|f|-|a0.04+1.74|1.78||121.16|closed_by_coordinator|0
2024-09-20T09:45|system|f|VA||||27.92|closed_by_coordinator|0
2024-09-23T21:11|system|f|ON|dU0.12+0.54 a0.69+3.90|4.59|41.63|762.76|checked_in|1
2024-09-24T07:10|self|t|ON|dU0.04+0.51 a0.57+0.21|0.78|19.34|266.10|talked|0
2024-09-26T16:28|system|f|GS|a0.19+2.95|3.15|5.47|726.07|checked_in|2
2024-09-27T17:17|lead|f|CT|a0.14+0.29|0.43|1.60|501.10|talked|1
2024-09-28T21:24|self|f|VA|a0.04+0.40|0.43|8.49|311.62|talked|1
2024-09-29T00:50|system|t|TX||||23.01|closed_by_coordinator|0
2024-09-29T12:52|self|t|-|a0.13+0.86|0.99|18.12|331.87|closed_by_coordinator|1
2024-09-29T21:16|lead|f|GS|dU0.05+0.15 dO0.21+1.37 a1.60+0.52|2.12|13.41|259.86|referred_out|1
2024-09-30T12:08|lead|t|VA|a0.23+0.38|0.61|17.06|256.37|talked|1
2024-10-01T09:35|lead|t|PL|a0.07+0.14|0.21|7.34|213.87|talked|1
2024-10-01T20:52|self|t|PL|a0.05+1.21|1.26|9.99|266.76|talked|1
2024-10-01T22:47|self|f|PE|a0.08+0.19|0.27|5.71|235.41|talked|1
2024-10-02T03:46|self|t|PL|a0.12+1.00|1.11|9.05|319.82|talked|1
2024-10-02T07:10|system|t|GS|e0.04+4.00 a4.06+0.54|4.59|27.64|139.88|declined_support|0
2024-10-02T18:04|lead|t|GS|a0.12+1.05|1.17|8.64|363.98|talked|1
2024-10-02T19:19|self|t|PE|a0.07+2.04|2.11|4.53|434.85|closed_by_coordinator|1
2024-10-02T19:24|lead|t|ON|h0.06+12.04 a12.12+0.09|3.85|26.02|55.90|talked|0
2024-10-06T12:13|system|-|TR|a0.17+0.29|0.46|4.39|217.39|talked|1
2024-10-06T16:15|self|f|VA|a0.15+0.05|0.19|1.58|493.32|talked|1
2024-10-06T21:38|lead|t|PL|dC0.02+0.32 a0.36+0.67|1.03|1.30|722.22|checked_in|2
2024-10-07T18:42|system|t|PE|dU0.02+0.55 e0.59+4.00 a4.61+0.29|4.90|6.06|250.87|talked|1
2024-10-10T10:23|lead|f|GS|e0.11+4.00 a4.13+1.04|5.17|7.96|120.04|talked|0
2024-10-10T22:27|lead|f|PE|e0.08+4.00 a4.10+0.59|4.69|12.34|299.56|referred_out|0
2024-10-12T18:41|lead|t|-|a0.14+0.83|0.97|6.53|729.15|checked_in|2
2024-10-12T20:09|system|f|CT|a0.07+2.03|2.10|14.98|235.50|talked|0
2024-10-14T23:49|lead|t|CT|e0.07+4.00 a4.09+0.25|4.34|11.91|732.77|checked_in|2
2024-10-15T09:41|lead|t|GS|e0.11+4.00 a4.13+0.70|4.83|9.87|732.50|checked_in|2
2024-10-16T02:06|lead|f|ON|a0.22+0.43|0.66||60.04|not_reached|0
2024-10-20T12:03|lead|f|GS|dU0.01+0.37 a0.40+0.64|1.04|6.49|261.91|talked|1
2024-10-21T14:45|self|f|ON|a0.09+0.34|0.43|8.27|728.91|checked_in|1
2024-10-26T02:03|lead|f|TR|e0.05+4.00 a4.07+1.92|5.98||96.51|not_reached|0
2024-10-26T11:19|lead|f|PL|e0.06+4.00 dU4.08+1.62 e5.72+4.00 a9.74+0.91|10.66|33.03|304.50|talked|0
2024-10-26T22:51|system|f|PL|dO0.03+0.14 a0.19+1.16|1.35|5.37|223.83|talked|1
2024-10-27T16:39|lead|f|TR||||25.94|closed_by_coordinator|0
2024-10-29T00:51|self|t|PE|e0.14+4.00 a4.16+0.70|4.86|8.32|232.21|referred_out|1
2024-10-29T09:29|lead|t|TR|a0.15+0.92|1.07|7.12|727.34|checked_in|2
2024-10-30T15:58|lead|t|GS|e0.06+4.00 dU4.08+0.44 a4.54+0.70|5.24||127.33|declined_support|0
2024-11-02T16:34|self|t|PL|w0.20+1.20|||1.40|closed_by_coordinator|0
2024-11-03T20:07|lead|t|VA|a0.01+0.16|0.18||53.42|not_reached|0
2024-11-04T16:29|self|t|GS|a0.06+0.17|0.22|20.97|282.60|talked|1
2024-11-06T14:58|self|t|ON|e0.03+4.00 a4.05+0.12|4.17|25.82|285.21|talked|1
2024-11-06T20:48|system|t|CT|a0.04+1.02|1.06|3.99|468.37|talked|1
2024-11-07T21:35|lead|f|ON|a0.02+0.21|0.23|22.91|744.56|checked_in|2
2024-11-08T14:01|self|t|GS|a0.03+1.58|1.61|7.61|54.15|talked|0
2024-11-09T00:54|self|t|-|e0.07+4.00 a4.09+0.31|4.40|7.56|132.31|talked|0
2024-11-09T21:38|lead|t|ON|a0.22+0.24|0.45|5.02|167.93|talked|0
2024-11-12T06:56|self|f|CT|a0.06+1.43|1.49|2.55|280.29|talked|1
2024-11-13T22:02|system|t|VA|a0.10+0.68|0.79|2.89|724.01|checked_in|2
2024-11-16T05:31|self|t|ON|a0.08+1.31|1.39|3.16|725.61|checked_in|2
2024-11-16T13:33|self|f|GS|dU0.12+0.29 dC0.43+0.37 a0.82+1.29|2.11|26.05|746.99|checked_in|2
2024-11-16T16:37|lead|f|GS|a0.02+0.29|0.31|5.02|725.73|checked_in|2
2024-11-16T20:15|self|f|PL|a0.14+0.82|0.96|3.66|726.11|checked_in|2
2024-11-18T09:14|lead|f|PL|e0.21+4.00 dO4.23+0.32 a4.57+1.38|5.95|6.58|471.17|talked|0
2024-11-19T14:21|lead|t|TR|dU0.08+0.20 dU0.29+0.09 dU0.41+1.38 e1.80+4.00 dU5.82+0.61 w6.45+1.50|||7.95|closed_by_coordinator|0
2024-11-20T18:06|self|t|TX|a0.10+0.89|0.99||137.57|not_reached|0
2024-11-21T21:29|self|f|VA|a0.05+0.19|0.23|2.40|70.79|talked|0
2024-11-22T03:02|lead|t|-|dU0.02+0.45 dU0.49+0.91 dC1.42+0.60 a2.04+2.00|4.04||113.11|not_reached|0
2024-11-22T04:34|lead|t|GS|dU0.17+1.03 a1.22+0.38|1.59|6.93|162.46|referred_out|0
2024-11-22T05:36|self|t|VA|dU0.09+0.10 e0.20+4.00 a4.22+0.86|5.09|7.68|728.46|checked_in|2
2024-11-22T20:04|self|f|GS|e0.07+4.00 a4.09+0.31|4.41|16.55|736.69|checked_in|2
2024-11-25T01:13|self|t|GS|a0.19+1.70|1.89|3.59|725.76|checked_in|1
2024-11-25T10:26|self|t|TR|a0.02+1.77|1.79|9.50|730.65|checked_in|2
2024-11-26T14:38|self|-|TX|e0.02+4.00 w4.04+1.76|||5.80|closed_by_coordinator|0
2024-11-26T18:47|system|f|GS|a0.03+0.36|0.39|3.55|725.36|checked_in|1
2024-11-27T10:16|self|t|VA|e0.09+4.00 a4.11+0.74|4.85|8.17|729.16|checked_in|2
2024-12-01T03:28|self|f|PE|e0.06+4.00 a4.08+0.15|4.23|49.24|259.81|talked|1
2024-12-02T17:07|lead|t|CT|a0.03+0.43|0.45||119.23|declined_support|0
2024-12-03T21:19|self|f|-|a0.04+3.90|3.94|21.93|187.73|talked|0
2024-12-05T21:05|self|f|TR|a0.27+0.63|0.90|5.11|430.46|referred_out|1
2024-12-10T08:01|system|f|GS|a0.04+0.48|0.51||87.47|not_reached|0
2024-12-12T14:22|self|f|GS|w0.15+1.49|||1.64|closed_by_coordinator|0
2024-12-13T10:03|self|t|GS|a0.08+0.84|0.93|6.27|121.05|talked|0
2024-12-13T12:24|system|f|GS|e0.09+4.00 dC4.11+0.31 a4.44+1.36|5.80|73.28|171.27|referred_out|0
2024-12-16T11:12|self|-|GS|a0.18+1.38|1.56|7.08|416.83|talked|1
2024-12-20T14:26|system|t|TX|a0.03+0.40|0.43|4.80|463.52|talked|1
2024-12-20T19:44|system|f|CT|a0.02+3.79|3.82|13.01|496.43|referred_out|1
2024-12-21T15:09|lead|t|GS|a0.09+0.68|0.77|10.10|253.05|talked|1
2024-12-21T17:42|lead|t|TX|e0.02+4.00 a4.04+0.51|4.54|6.58|728.16|checked_in|2
2024-12-21T23:31|self|f|TR|a0.05+0.72|0.77|1.90|363.99|talked|1
2024-12-22T12:27|system|f|TR||||30.68|closed_by_coordinator|0
2024-12-22T14:41|lead|f|GS|a0.09+0.11|0.20|11.99|359.63|talked|1
2024-12-23T09:09|self|f|ON||||27.28|closed_by_coordinator|0
2024-12-23T13:30|self|f|PE|a0.05+0.45|0.50|12.76|110.76|talked|0
2024-12-24T10:21|self|t|TR|a0.09+1.66|1.75|10.39|339.06|talked|1
2024-12-25T10:10|self|t|PE|e0.22+4.00 e4.24+4.00 dC8.26+0.49 a8.76+0.84|9.60||98.62|declined_support|0
2024-12-25T10:33|self|t|VA|w0.05+2.02|||2.08|closed_by_coordinator|0
2024-12-25T23:47|system|f|TR|a0.05+0.78|0.82||84.89|declined_support|0
2024-12-27T22:26|system|f|PE|dO0.03+1.41 dC1.46+0.20 dO1.67+0.20 dC1.89+0.15 dC2.06+0.80 a2.89+0.52|3.41|8.53|728.77|checked_in|2
2024-12-28T20:54|lead|f|CT|a0.17+0.42|0.59|11.11|731.23|checked_in|1
2024-12-29T00:00|system|t|GS|a0.09+0.28|0.37||84.34|not_reached|0
2024-12-31T13:16|lead|t|TR|e0.16+4.00 dU4.18+0.37 w4.57+0.80|||5.37|closed_by_coordinator|0
2025-01-01T20:45|lead|t|ON|a0.16+0.69|0.85||130.46|not_reached|0
2025-01-02T03:45|lead|f|TX||||4.55|closed_by_coordinator|0
2025-01-02T21:36|self|t|PL|dU0.06+0.42 dU0.49+1.45 a1.97+0.55|2.52|29.51|379.69|talked|0
2025-01-03T12:49|system|t|PL|e0.02+4.00 a4.04+0.10|4.14|9.07|274.88|talked|0
2025-01-04T12:22|self|f|ON|a0.09+3.21|3.29|4.40|52.50|referred_out|0
2025-01-04T16:09|lead|f|GS|dO0.09+0.22 a0.33+2.72|3.05|4.61|385.90|talked|0
2025-01-05T16:28|system|f|-|a0.25+0.63|0.88|13.48|734.61|checked_in|2
2025-01-06T12:48|system|t|ON|a0.10+2.23|2.32|13.61|735.08|checked_in|2
2025-01-08T06:16|lead|f|PE|a0.23+0.17|0.40||126.42|declined_support|0
2025-01-11T04:50|self|f|GS|a0.02+1.40|1.42|7.73|345.50|closed_by_coordinator|0
2025-01-12T13:21|lead|t|GS|e0.13+4.00 a4.15+0.47|4.62|24.13|746.39|checked_in|2
2025-01-12T23:00|lead|f|GS|a0.05+2.29|2.35|3.89|280.82|talked|0
2025-01-13T15:06|lead|f|TR|a0.23+2.68|2.92|8.13|497.96|talked|1
2025-01-13T21:14|self|t|VA|a0.04+0.41|0.45|16.28|738.40|checked_in|2
2025-01-13T21:50|system|t|-|a0.20+0.31|0.51|11.94|479.97|talked|0
2025-01-14T14:35|lead|t|VA|e0.14+4.00 dC4.16+0.67 e4.85+4.00 dO8.87+0.25 a9.14+0.15|9.29|10.74|79.11|referred_out|0
2025-01-15T18:43|lead|f|VA|dU0.04+0.52 dC0.59+1.41 a2.02+0.47|2.49|11.50|453.30|talked|0
2025-01-15T20:18|lead|t|GS|a0.03+0.51|0.54|6.77|273.65|talked|1
2025-01-15T22:43|lead|f|ON|a0.13+0.47|0.60|3.00|245.26|referred_out|1
2025-01-16T05:05|self|t|-|a0.12+0.41|0.53||67.95|not_reached|0
2025-01-17T13:58|lead|f|GS||||36.72|closed_by_coordinator|0
2025-01-18T05:42|system|t|PE|e0.05+4.00 e4.07+4.00 dC8.09+0.11 e8.23+4.00 a12.25+1.34|13.58|18.17|739.65|checked_in|2
2025-01-20T15:28|self|f|ON|dU0.15+0.19 dU0.36+0.18 a0.56+0.19|0.75||103.41|declined_support|0
2025-01-20T17:50|self|f|CT||||27.79|closed_by_coordinator|0
2025-01-24T14:48|lead|t|ON|dU0.11+1.11 a1.24+0.84|2.09|4.10|405.77|talked|0
2025-01-24T18:36|lead|f|GS|dU0.11+0.40 e0.53+4.00 e4.55+4.00 a8.57+1.12|9.69|20.82|428.53|talked|0
2025-01-25T02:35|system|f|CT|a0.09+0.38|0.47|1.52|25.55|talked|0
2025-01-25T04:49|lead|f|PL|dO0.29+0.57 e0.88+4.00 e4.90+4.00 a8.92+0.52|9.44|105.49|321.90|referred_out|1
2025-01-26T10:25|lead|t|ON|a0.02+1.38|1.40|3.39|218.41|declined_support|1
2025-01-28T11:20|system|-|PL|w0.08+0.76|||0.84|closed_by_coordinator|0
2025-01-29T01:28|self|t|-|dU0.13+0.81 a0.96+0.17|1.13|9.64|104.69|talked|0
2025-01-30T17:59|lead|t|ON|a0.10+0.89|0.99|4.14|125.67|talked|0
2025-02-01T21:14|self|t|GS|a0.15+0.22|0.37|8.64|731.04|checked_in|1
2025-02-02T20:34|lead|t|GS|dC0.20+1.11 a1.32+0.63|1.96|4.10|724.55|checked_in|1
2025-02-03T07:49|self|f|TR|a0.05+1.26|1.31|8.41|33.61|declined_support|0
2025-02-03T22:02|self|t|ON||||34.51|closed_by_coordinator|0
2025-02-04T02:07|self|t|ON|dU0.06+1.01 a1.09+1.35|2.44|15.07|506.97|referred_out|1
2025-02-04T05:36|lead|t|GS|a0.04+0.25|0.29|3.02|725.85|checked_in|2
2025-02-04T13:10|system|t|CT|a0.19+3.90|4.09|17.29|315.01|referred_out|1
2025-02-04T16:57|self|f|GS|a0.18+1.12|1.30|2.43|397.90|talked|0
2025-02-04T21:08|system|t|PE||||36.83|closed_by_coordinator|0
2025-02-05T06:00|lead|t|TX|a0.01+0.17|0.18|14.53|736.78|checked_in|2
2025-02-09T15:30|self|f|TR|a0.04+0.77|0.82|17.11|289.08|declined_support|0
2025-02-09T18:13|lead|t|CT|e0.43+4.00 a4.45+0.59|5.04|6.08|425.55|talked|1
2025-02-09T22:08|lead|t|TR|a0.07+0.28|0.35|9.72|322.29|talked|0
2025-02-10T17:05|system|t|CT|a0.09+1.32|1.41|7.71|728.42|checked_in|2
2025-02-10T18:18|system|t|GS|a0.06+1.31|1.37|4.19|170.95|talked|0
2025-02-11T10:06|lead|t|ON|e0.09+4.00 a4.11+0.23|4.34||117.88|declined_support|0
2025-02-11T15:02|system|t|GS|a0.03+1.26|1.28|2.32|172.10|talked|1
2025-02-11T22:03|system|t|-|e0.03+4.00 a4.05+0.11|4.16|11.18|48.20|talked|0
2025-02-12T02:03|self|f|GS|e0.12+4.00 w4.14+2.03|||6.18|closed_by_coordinator|0
2025-02-15T19:27|self|-|ON|a0.16+0.44|0.60|16.16|435.02|talked|1
2025-02-16T03:08|lead|t|TR||||4.76|closed_by_coordinator|0
2025-02-17T12:33|system|f|GS|dC0.12+0.15 a0.29+1.85|2.14|3.54|290.54|declined_support|1
2025-02-17T14:29|system|t|PL|dO0.06+0.55 a0.63+0.70|1.33|4.14|205.04|talked|1
2025-02-18T22:18|self|f|TR|a0.05+0.86|0.92||143.01|not_reached|0
2025-02-24T15:02|system|t|GS|dU0.02+0.85 h0.89+18.56 a19.47+2.05|2.58|23.64|171.42|handed_off|0
2025-02-25T17:13|system|f|PL|a0.07+0.72|0.80|10.47|732.96|checked_in|2
2025-02-26T15:42|system|-|PE|a0.03+0.94|0.97|39.13|759.56|checked_in|2
2025-02-26T19:17|lead|t|CT|a0.07+1.24|1.31|2.33|63.20|talked|0
2025-02-27T19:36|system|t|TX|e0.13+4.00 a4.15+2.42|6.57|85.68|466.16|referred_out|0
2025-02-27T22:56|self|t|VA|a0.10+1.83|1.92||106.08|not_reached|0
2025-03-01T07:02|lead|t|TX|a0.04+0.19|0.23|2.83|39.70|referred_out|0
2025-03-03T17:49|lead|t|TR|a0.07+0.45|0.52|5.14|313.23|talked|1
2025-03-04T10:02|lead|f|TX|a0.02+0.97|0.99||95.52|closed_by_coordinator|0
2025-03-04T16:11|lead|t|VA|a0.06+0.46|0.52|7.44|727.90|checked_in|2
2025-03-06T22:48|lead|t|VA|a0.12+0.16|0.28|2.75|302.62|talked|0
2025-03-07T14:35|system|f|ON|dC0.06+0.69 e0.76+4.00 a4.78+0.09|4.87|6.34|403.39|talked|1
2025-03-08T17:54|lead|f|-|dO0.42+0.63 dU1.07+1.71 dC2.80+0.38 a3.20+0.41|3.61|6.90|729.12|checked_in|2
2025-03-09T14:02|system|f|CT|dO0.01+0.58 a0.61+0.54|1.14||54.50|closed_by_coordinator|0
2025-03-10T13:59|lead|t|VA|dU0.19+0.16 a0.36+2.00|2.36|3.25|483.80|talked|0
2025-03-12T14:17|lead|f|TR|e0.04+4.00 e4.06+4.00 a8.08+0.36|8.44|9.91|222.50|talked|1
2025-03-12T22:18|self|f|GS|a0.22+0.68|0.90|3.25|724.27|checked_in|2
2025-03-15T02:15|lead|t|CT|a0.04+0.34|0.38|21.17|183.61|talked|0
2025-03-15T12:51|system|t|PL|dU0.19+0.43 a0.64+1.29|1.93|11.89|91.41|talked|0
2025-03-15T15:29|lead|f|VA||||36.35|closed_by_coordinator|0
2025-03-15T19:45|self|f|TR|dO0.09+0.59 a0.70+1.07|1.78|5.49|31.84|talked|0
2025-03-16T20:05|system|-|GS|a0.02+0.82|0.84|1.73|723.27|checked_in|1
2025-03-18T13:31|lead|t|TX|e0.12+4.00 dU4.14+0.46 dU4.62+0.21 a4.85+0.62|5.47||114.08|not_reached|0
2025-03-18T15:32|lead|t|CT|dU0.16+0.34 a0.52+0.89|1.42|12.94|68.01|talked|0
2025-03-18T22:01|system|-|PE|dU0.09+0.15 h0.26+10.60 dC10.88+0.49 w11.39+0.86|0.43||12.25|closed_by_coordinator|0
2025-03-19T15:21|system|f|PE|a0.06+0.70|0.76|7.64|96.38|talked|0
2025-03-21T09:09|system|f|TR|e0.06+4.00 dU4.08+0.10 e4.19+4.00 a8.21+0.64|8.85|9.99|105.92|talked|0
2025-03-22T18:57|self|t|PL|a0.10+1.53|1.63|26.44|439.39|talked|0
2025-03-23T17:34|lead|t|ON|e0.08+4.00 dO4.10+0.15 a4.27+0.23|4.50|6.67|52.49|talked|0
2025-03-26T17:14|lead|f|GS|a0.04+1.28|1.33|7.32|729.14|checked_in|2
2025-03-27T01:06|lead|t|VA|a0.05+0.31|0.36|7.76|730.18|checked_in|2
2025-03-27T13:42|lead|t|PE|dU0.06+1.60 dC1.68+0.24 dU1.95+0.51 dU2.47+0.58 dU3.07+0.88 a3.97+0.71|4.68||100.73|declined_support|0
2025-03-27T17:44|lead|t|CT|a0.08+0.21|0.28|9.14|231.23|referred_out|1
2025-03-29T18:04|lead|f|PE|a0.17+0.16|0.33|9.51|431.78|talked|1
2025-03-30T13:33|self|t|ON|a0.19+3.90|4.09|21.98|289.73|referred_out|1
2025-03-30T17:38|system|t|CT|dC0.06+0.63 dU0.70+0.29 a1.01+0.51|1.52|3.70|725.14|checked_in|2
2025-03-30T21:17|self|t|TR|dU0.06+0.14 e0.22+4.00 dC4.24+0.88 dC5.14+0.19 e5.35+4.00 dU9.37+0.87|||53.64|closed_by_coordinator|0
2025-04-02T19:06|self|f|TR|a0.20+1.06|1.26|11.56|733.81|checked_in|2
2025-04-03T01:00|self|f|GS|a0.23+1.16|1.38|3.66|324.85|talked|0
2025-04-04T09:31|system|t|GS|a0.10+0.39|0.48|15.01|736.93|checked_in|2
2025-04-04T13:30|self|f|ON|e0.23+4.00 a4.25+0.72|4.97|6.57|283.45|referred_out|1
2025-04-05T20:23|lead|f|TR|e0.08+4.00 a4.10+0.11|4.20|7.14|729.22|checked_in|2
2025-04-06T12:51|self|f|GS||||47.32|closed_by_coordinator|0
2025-04-07T22:09|self|f|VA|dC0.18+0.62 a0.82+1.01|1.83|3.92|87.22|talked|0
2025-04-08T22:55|self|f|TX|a0.05+0.68|0.72|11.54|315.32|talked|0
2025-04-10T21:05|lead|t|ON|a0.07+0.26|0.33|6.15|130.01|talked|0
2025-04-13T15:08|system|f|-|a0.12+0.38|0.50|7.68|54.16|declined_support|0
2025-04-13T18:20|lead|t|TX|a0.06+0.45|0.51|5.46|307.13|talked|0
2025-04-14T19:39|system|t|PL|a0.02+0.85|0.87|44.40|766.51|checked_in|2
2025-04-16T12:51|lead|t|PL|a0.09+1.17|1.26|4.28|724.49|checked_in|1
2025-04-16T16:17|system|t|GS|a0.11+0.15|0.27|1.46|149.80|talked|0
2025-04-17T21:00|system|t|TX|a0.24+0.34|0.59|9.87|503.12|talked|1
2025-04-18T12:37|self|t|TR|a0.18+0.32|0.50|7.75|403.74|talked|1
2025-04-19T07:17|self|f|TR|a0.04+1.21|1.25|3.74|408.42|talked|1
2025-04-19T19:37|lead|t|TR|a0.14+0.60|0.74|3.00|725.49|checked_in|1
2025-04-20T12:45|lead|t|GS|dC0.11+0.54 a0.68+1.34|2.02|19.68|742.63|checked_in|2
2025-04-20T19:41|self|f|CT|a0.06+2.57|2.63|23.48|213.79|talked|1
2025-04-22T13:13|self|t|VA|a0.27+0.37|0.64|8.04|335.86|talked|1
2025-04-24T06:34|lead|t|VA|dC0.14+0.81 dO0.97+0.29 e1.29+4.00 dC5.31+0.35 a5.68+0.66|6.34|7.52|397.81|talked|1
2025-04-24T13:23|self|f|GS|a0.08+0.12|0.21|3.26|196.56|talked|1
2025-04-25T01:42|system|t|PL|a0.11+0.16|0.27|4.57|101.88|talked|0
2025-04-26T18:37|system|t|CT|a0.07+0.42|0.49|9.92|730.34|checked_in|2
2025-04-27T13:11|self|f|TR|e0.07+4.00 w4.09+1.08|||5.17|closed_by_coordinator|0
2025-04-28T13:44|self|t|TX|dU0.09+0.88 e0.99+4.00 dU5.01+0.15 a5.18+1.71|6.89|13.24|481.48|talked|1
2025-04-28T14:36|lead|f|TX|dC0.04+0.35 dC0.41+0.37 e0.80+4.00 dU4.82+1.63 a6.46+0.42|6.88|14.87|156.59|talked|0
2025-04-28T14:40|self|f|PE|a0.06+2.81|2.87|21.18|744.14|checked_in|2
2025-04-28T16:36|self|f|PE|a0.01+0.74|0.75|4.52|110.38|talked|0
2025-04-29T21:53|self|t|PL|a0.14+0.71|0.85|3.16|63.74|declined_support|0
2025-05-01T19:50|self|t|ON|a0.08+0.61|0.70|4.13|725.35|checked_in|2
2025-05-02T07:54|lead|t|GS|a0.04+0.50|0.54|10.26|168.41|talked|0
2025-05-02T13:18|system|f|GS|e0.17+4.00 dO4.19+0.42 a4.63+0.24|4.87||127.55|closed_by_coordinator|0
2025-05-04T16:22|self|t|VA|dU0.10+0.26 e0.38+4.00 dU4.40+0.80 a5.22+0.83|6.06|10.76|732.46|checked_in|1
2025-05-07T18:30|system|t|VA|a0.04+2.58|2.62|8.81|502.40|talked|0
2025-05-11T17:03|self|t|TR|w0.15+0.52|||0.66|closed_by_coordinator|0
2025-05-12T20:52|lead|-|ON||||27.35|closed_by_coordinator|0
2025-05-13T04:33|lead|t|TR|a0.08+0.13|0.21|7.21|263.67|talked|1
2025-05-13T18:06|self|t|GS|a0.02+2.38|2.40|37.32|523.32|talked|1
2025-05-16T02:07|system|t|GS|dU0.06+0.33 e0.41+4.00 a4.43+1.63|6.06|12.62|733.10|checked_in|2
2025-05-17T07:15|lead|f|GS|a0.12+0.23|0.35|7.31|728.31|checked_in|2
2025-05-18T07:11|self|t|TR|a0.09+1.24|1.34|13.50|475.88|talked|0
2025-05-18T11:35|lead|t|GS|a0.03+0.98|1.00|20.55|106.57|talked|0
2025-05-18T23:02|self|f|ON|a0.49+0.26|0.75||120.54|not_reached|0
2025-05-19T06:29|lead|f|CT|a0.25+1.07|1.31|8.16|117.22|talked|0
2025-05-19T20:46|lead|t|ON|a0.03+0.09|0.13|1.82|392.08|talked|1
2025-05-20T13:10|system|f|GS|dC0.12+3.11 a3.25+0.64|3.89||56.16|not_reached|0
2025-05-20T21:04|self|f|TR|dC0.08+0.27 e0.37+4.00 a4.39+0.22|4.61||114.99|declined_support|0
2025-05-22T08:13|self|f|GS|a0.09+0.66|0.76|3.02|86.55|talked|0
2025-05-22T11:42|lead|f|TR|a0.07+0.58|0.65||142.45|not_reached|0
2025-05-22T18:26|lead|f|ON|e0.11+4.00 a4.13+0.14|4.26|7.51|728.45|checked_in|2
2025-05-24T12:07|system|f|VA|e0.07+4.00 dC4.09+0.87 a4.98+0.18|5.16|7.22|218.75|talked|1
2025-05-24T21:50|self|-|TX|a0.14+0.48|0.62|3.21|725.97|checked_in|2
2025-05-25T02:02|self|f|ON|a0.09+0.25|0.34|10.00|248.63|talked|1
2025-05-25T13:16|lead|f|ON|a0.05+2.31|2.36|42.95|461.36|talked|1
2025-05-26T18:56|system|t|GS||||19.55|closed_by_coordinator|0
2025-05-27T02:14|system|f|TR|a0.03+0.24|0.27|2.96|178.91|referred_out|1
2025-05-27T02:47|system|t|TR|a0.12+0.33|0.44|8.94|264.37|talked|0
2025-05-28T18:43|lead|t|TR|a0.10+0.33|0.44|4.20|321.16|talked|0
2025-05-29T03:41|lead|t|TX|dU0.10+0.40 a0.52+0.87|1.39|19.17|63.66|talked|0
2025-05-29T10:53|lead|f|PE|dU0.05+0.13 dU0.19+0.38 e0.59+4.00 a4.61+0.09|4.71|6.30|252.60|talked|0
2025-05-30T02:48|system|f|PL|e0.05+4.00 a4.07+0.30|4.37|11.35|452.50|talked|1
2025-05-30T06:44|lead|t|PL|a0.06+1.87|1.93||57.50|declined_support|0
2025-05-31T02:13|lead|f|TR|a0.18+1.14|1.32|2.68|722.69|checked_in|2
2025-05-31T15:20|lead|t|ON|h0.09+9.78 a9.90+0.65|0.54||92.52|declined_support|0
2025-06-03T21:29|self|f|PL|e0.10+4.00 a4.12+0.30|4.42|7.48|||1
2025-06-06T01:52|self|t|TX|a0.08+2.06|2.14||98.82|not_reached|0
2025-06-07T11:58|lead|t|GS|e0.07+4.00 a4.09+2.08|6.17|25.25|||1
2025-06-09T19:13|self|t|GS|a0.05+1.32|1.36||114.09|not_reached|0
2025-06-10T00:43|lead|t|VA|h0.03+4.84 a4.89+0.49|0.27|5.92|418.95|declined_support|1
2025-06-10T13:30|system|t|ON|a0.03+3.90|3.93||115.16|not_reached|0
2025-06-10T18:19|lead|t|VA|a0.08+3.90|3.98||100.29|not_reached|0
2025-06-11T21:08|lead|t|PE|dC0.03+0.19 a0.24+2.12|2.36|10.10|||1
2025-06-12T08:27|lead|f|PE|a0.15+0.07|0.22|18.27|75.40|talked|0
2025-06-12T16:02|lead|f|GS|dU0.09+0.73 e0.83+4.00 a4.85+0.50|5.35|8.25|343.07|declined_support|1
2025-06-14T10:37|lead|f|PE|e0.02+4.00 a4.04+1.71|5.75|7.12|||1
2025-06-14T16:54|system|t|CT|a0.16+0.79|0.95||54.63|declined_support|0
2025-06-16T21:30|system|f|PL|w0.13+0.78|||0.90|closed_by_coordinator|0
2025-06-17T16:29|lead|f|TX|dC0.06+0.36 a0.44+2.93|3.37|11.37|122.66|referred_out|0
2025-06-17T20:01|self|f|GS|e0.09+4.00 a4.11+0.73|4.85|13.33|48.35|referred_out|0
2025-06-19T07:07|self|t|PE|a0.02+0.10|0.13|5.35|178.52|declined_support|1
2025-06-19T16:32|lead|t|TX|a0.08+1.67|1.76|2.57|||1
2025-06-20T03:26|system|t|PL|e0.02+4.00 a4.04+2.54|6.58|18.77|||1
2025-06-20T05:23|lead|f|GS||||6.47|closed_by_coordinator|0
2025-06-20T16:21|self|-|PE|a0.05+0.32|0.37|8.57|202.95|referred_out|0
2025-06-21T08:59|lead|f|PE|a0.10+1.02|1.12|4.12|||1
2025-06-22T22:32|lead|t|ON|a0.03+1.30|1.32||58.57|not_reached|0
2025-06-23T10:30|lead|t|TR|a0.05+1.91|1.96|8.72|||1
2025-06-24T23:21|system|t|VA|a0.21+0.43|0.64|11.75|||0
2025-06-25T12:20|lead|f|VA|dC0.04+0.32 a0.39+1.22|1.61|8.10|||0
2025-06-25T12:46|system|t|TX|a0.06+1.09|1.15||67.91|closed_by_coordinator|0
2025-06-25T20:41|system|f|GS|dC0.10+0.17 a0.29+1.02|1.31|15.23|||0
2025-06-26T20:14|lead|t|ON||||5.90|closed_by_coordinator|0
2025-06-27T08:46|self|t|TX|a0.05+0.06|0.12|8.02|||0
2025-06-28T20:00|lead|t|CT|a0.12+0.83|0.95|7.24|||0
2025-06-30T23:11|self|t|GS|dC0.01+0.16 dC0.20+0.34 e0.56+4.00 e4.58+4.00 o8.60|||||0
"""
