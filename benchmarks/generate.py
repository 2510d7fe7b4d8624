"""The curated sample shipped in ``examples/``, and the command line of both data generators.

    python benchmarks/generate.py --rows 1000000 --seed 1 --out benchmarks/data/
    python benchmarks/generate.py --rows 50000000 --chunk-rows 5000000 --out benchmarks/data/
    python benchmarks/generate.py --sample --out examples/

The seeded synthetic log is the ``benchmarks.synthetic`` package.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: make ``benchmarks`` importable
    sys.path.insert(0, str(ROOT))

import polars as pl  # noqa: E402

from benchmarks.synthetic import (  # noqa: E402
    DEFAULT_START,
    MIN_CASE_ROWS,
    write_frame,
    write_log,
)
from benchmarks.synthetic.templates import TEMPLATES  # noqa: E402
from benchmarks.synthetic.vocab import (  # noqa: E402
    AGENT_NAMES,
    BERLIN,
    BRAND,
    BRAND_HANDLE,
    CUSTOMER_COLUMNS,
    CUSTOMER_SCHEMA,
    FIRST_NAMES,
    INTERACTION_COLUMNS,
    INTERACTION_SCHEMA,
    LAST_NAMES,
    LOCALES,
    PRICES,
    PRODUCTS,
    TOPICS,
)

# ---------------------------------------------------------------------------------------------
# The curated sample (examples/sample_log.csv, examples/customers.csv)
# ---------------------------------------------------------------------------------------------

SAMPLE_END = datetime(2026, 3, 27, 16, 20, tzinfo=UTC)
"""The last event of the sample (Fri 27 March 2026, 17:20 Berlin): "now" for deadline checks."""


@dataclass(frozen=True)
class SampleCustomer:
    """A customer profile of the sample."""

    customer_id: str
    name: str
    tier: str = "standard"
    segment: str = "consumer"
    preferred_channel: str = "email"
    language: str = "en"
    timezone: str = "Europe/London"
    quiet_hours: str | None = "22:00-07:00"
    marketing_consent: bool = True
    opted_out_channels: str = ""
    lifetime_value: float = 420.0

    @property
    def first(self) -> str:
        return self.name.split()[0]

    @property
    def handle(self) -> str:
        first, last = self.name.lower().split()[:2]
        return f"@{first}_{last[:3]}{int(self.customer_id[1:]) % 90 + 10}"

    @property
    def email(self) -> str:
        return self.name.lower().replace(" ", ".") + "@example.com"


@dataclass
class Scenario:
    """A deliberate violation in the sample, and the rules that should flag it."""

    key: str
    title: str
    rules: tuple[str, ...]
    detail: str
    cases: list[_SampleCase] = field(default_factory=list)


@dataclass
class _SampleCase:
    customer: SampleCustomer
    topic: str
    priority: str
    rows: list[dict[str, object]] = field(default_factory=list)
    case_id: str = ""

    def add(
        self,
        at: datetime,
        channel: str,
        direction: str,
        actor: str,
        text: str | None,
        *,
        agent: int | None = None,
        status: str | None = None,
        purpose: str | None = None,
        claims: dict[str, str] | None = None,
        promise_due: datetime | None = None,
        csat: float | None = None,
        sentiment: float | None = None,
        verified: bool | None = None,
        topic: str | bool | None = True,
        priority: str | bool | None = True,
    ) -> datetime:
        """Append one event; texts get the channel's framing and placeholders filled."""
        if direction == "outbound" and purpose is None:
            purpose = "service"
        self.rows.append({
            "timestamp": at,
            "channel": channel,
            "direction": direction,
            "actor": actor,
            "agent_id": f"a{agent:02d}" if agent is not None else None,
            "text": None if text is None else _sample_text(
                text, channel, direction, actor, self.customer, agent
            ),
            "topic": self.topic if topic is True else topic,
            "priority": self.priority if priority is True else priority,
            "status": status,
            "purpose": purpose,
            "claims": json.dumps(claims) if claims else None,
            "promise_due": promise_due,
            "csat": csat,
            "sentiment": sentiment,
            "identity_verified": verified,
        })
        return at

    def customer_says(self, at: datetime, channel: str, text: str, **kw: object) -> datetime:
        return self.add(at, channel, "inbound", "customer", text,
                        status="open", **kw)  # type: ignore[arg-type]

    def agent_says(
        self, at: datetime, channel: str, text: str, agent: int, status: str = "pending",
        **kw: object,
    ) -> datetime:
        return self.add(at, channel, "outbound", "agent", text, agent=agent,
                        status=status, **kw)  # type: ignore[arg-type]


def _sample_text(
    text: str, channel: str, direction: str, actor: str, customer: SampleCustomer,
    agent: int | None,
) -> str:
    if channel == "social":
        text = (customer.handle if direction == "outbound" else BRAND_HANDLE) + " " + text
    elif channel == "email" and actor == "agent":
        text = f"Hi {{first}}! {text} Best regards, {{agent}}, {BRAND}"
    elif channel in ("phone", "callback"):
        text = ("Call notes: " if direction == "outbound" else "Caller: ") + text
    elif channel == "in_person":
        text = ("Store notes: " if direction == "outbound" else "Visitor: ") + text
    agent_name = AGENT_NAMES[(agent - 1) % len(AGENT_NAMES)] if agent else ""
    return (
        text.replace("{first}", customer.first).replace("{agent}", agent_name)
        .replace("{brand}", BRAND)
    )


def _utc(day: int, hour: int, minute: int = 0, second: int = 0) -> datetime:
    """A time on ``day`` March 2026, in UTC."""
    return datetime(2026, 3, day, hour, minute, second, tzinfo=UTC)


def _sample_customers() -> list[SampleCustomer]:
    """40 profiles: scenario customers get exactly the attributes their scenario needs."""
    rnd = random.Random(40)
    special = {
        3: SampleCustomer("u0003", "Lena Hoffmann", language="de", timezone="Europe/Berlin",
                          quiet_hours="21:00-08:00"),
        5: SampleCustomer("u0005", "Oliver Wright"),
        7: SampleCustomer("u0007", "Marie Koch", tier="gold", segment="small_business",
                          language="de", timezone="Europe/Berlin", lifetime_value=2950.0),
        9: SampleCustomer("u0009", "Hugo Moreau", language="fr", timezone="Europe/Paris"),
        11: SampleCustomer("u0011", "Sophie Wagner", language="de", timezone="Europe/Berlin"),
        13: SampleCustomer("u0013", "Jack Evans", preferred_channel="social"),
        15: SampleCustomer("u0015", "Lucia Navarro", preferred_channel="social", language="es",
                           timezone="Europe/Madrid"),
        17: SampleCustomer("u0017", "Paul Becker", language="de", timezone="Europe/Berlin",
                           marketing_consent=False),
        19: SampleCustomer("u0019", "Grace Miller", quiet_hours=None, opted_out_channels="sms"),
        21: SampleCustomer("u0021", "Felix Braun", preferred_channel="sms", language="de",
                           timezone="Europe/Berlin", quiet_hours="21:00-08:00"),
        23: SampleCustomer("u0023", "Amelia Clarke", tier="vip", segment="enterprise",
                           lifetime_value=18400.0),
        25: SampleCustomer("u0025", "Jonas Fischer", language="de", timezone="Europe/Vienna"),
        27: SampleCustomer("u0027", "Camille Dubois", language="fr", timezone="Europe/Paris"),
        29: SampleCustomer("u0029", "Ethan Walker", preferred_channel="phone",
                           timezone="America/New_York", quiet_hours="22:00-08:00"),
        31: SampleCustomer("u0031", "Clara Weber", language="de", timezone="Europe/Berlin"),
        33: SampleCustomer("u0033", "Mateo Garcia", language="es", timezone="Europe/Madrid"),
        35: SampleCustomer("u0035", "Chloe Taylor"),
        37: SampleCustomer("u0037", "Leon Richter", language="de", timezone="Europe/Berlin"),
    }
    out: list[SampleCustomer] = []
    used = {c.name for c in special.values()}
    for number in range(1, 41):
        if number in special:
            out.append(special[number])
            continue
        lang, zone, _ = LOCALES[number % len(LOCALES)]
        while True:
            name = (f"{rnd.choice(FIRST_NAMES[lang])} {rnd.choice(LAST_NAMES[lang])}")
            if name not in used:
                used.add(name)
                break
        tier = "vip" if number == 10 else ("gold" if number % 7 == 0 else "standard")
        out.append(SampleCustomer(
            f"u{number:04d}", name, tier=tier,
            segment=("small_business" if number % 5 == 0 else "consumer"),
            preferred_channel=("email", "email", "sms", "phone", "social")[number % 5],
            language=lang, timezone=zone,
            quiet_hours=(None, "21:00-08:00", "22:00-07:00")[number % 3],
            marketing_consent=number % 4 != 0,
            opted_out_channels=("phone" if number % 5 in (0, 1) and number % 3 == 0 else ""),
            lifetime_value=round(rnd.uniform(80, 900) * (12 if tier == "vip" else 1), 2),
        ))
    return out


def _scenarios(customers: dict[str, SampleCustomer]) -> list[Scenario]:
    """The deliberate violations, written event by event."""
    out: list[Scenario] = []

    def scenario(key: str, title: str, rules: tuple[str, ...], detail: str,
                 *cases: _SampleCase) -> None:
        out.append(Scenario(key, title, rules, detail, list(cases)))

    def case(customer: str, topic: str, priority: str = "normal") -> _SampleCase:
        return _SampleCase(customers[customer], topic, priority)

    # S01: a chat answered after 9 minutes
    c = case("u0003", "delivery")
    c.customer_says(_utc(3, 9, 2), "chat",
                    "Hi, my order NW-40213 was supposed to arrive yesterday. Can you check?")
    c.agent_says(_utc(3, 9, 11, 12), "chat", "Sorry for the wait! Let me check NW-40213.", 2)
    c.customer_says(_utc(3, 9, 12, 5), "chat", "Thanks.")
    c.agent_says(_utc(3, 9, 13, 10), "chat",
                 "The parcel is at the local depot and will be delivered on 2026-03-04.", 2,
                 claims={"delivery_date": "2026-03-04"})
    c.customer_says(_utc(3, 9, 13, 50), "chat", "Great, thank you!", sentiment=0.6)
    c.agent_says(_utc(3, 9, 14, 30), "chat", "You're welcome! I'll close the chat now.", 2,
                 status="resolved")
    c.agent_says(_utc(4, 15, 10), "email", "Did your parcel arrive today as planned?", 2,
                 status="closed")
    scenario("S01", "Chat first reply after 9 minutes", ("first-reply-chat",),
             "The first chat message waits 9m 12s for an agent (limit 2m).", c)

    # S02: an e-mail answered after three business days
    c = case("u0005", "billing")
    c.customer_says(_utc(9, 9, 30), "email",
                    "I was charged twice for order NW-51877. Can you please check?",
                    verified=False)
    c.agent_says(_utc(12, 10, 5), "email",
                 "Apologies for the slow reply. I can see two payment attempts for NW-51877; "
                 "one of them will be released.", 5, verified=True)
    c.customer_says(_utc(12, 11, 0), "email",
                    "Thanks, finally. Will the second charge be returned?", verified=True,
                    sentiment=-0.3)
    c.agent_says(_utc(12, 11, 40), "email",
                 "Yes: the duplicate charge has been reversed today. You will see it within "
                 "3-5 days.", 5, status="resolved", verified=True)
    c.add(_utc(13, 9, 30), "email", "outbound", "system",
          "How did we do? Please rate your experience with {brand} support from 1 to 5.",
          status="closed")
    c.add(_utc(13, 12, 10), "email", "inbound", "system", "Survey answer: 3 out of 5.",
          status="closed", csat=3.0)
    scenario("S02", "E-mail answered after 3 business days", ("first-reply-email",),
             "Sent Mon 9 March 10:30 Berlin, first answer Thu 12 March 11:05 Berlin "
             "(about 27.6 business hours, limit 8h).", c)

    # S03: an urgent ticket left waiting
    c = case("u0007", "account", "urgent")
    c.customer_says(_utc(4, 8, 20), "email",
                    "URGENT: I am locked out of my shop account and our subscription renews "
                    "today. Please help!", verified=False, sentiment=-0.4)
    c.agent_says(_utc(4, 14, 35), "email",
                 "Sorry for the delay. I have verified your identity and unlocked the login; "
                 "please try again.", 3, verified=True)
    c.customer_says(_utc(4, 14, 50), "email", "Thanks, I'm in again.", verified=True)
    c.agent_says(_utc(4, 15, 5), "email",
                 "Great. The renewal went through normally, nothing else to do.", 3,
                 status="resolved", verified=True)
    c.agent_says(_utc(5, 9, 0), "email",
                 "Just checking in: is everything working as it should now?", 3,
                 status="closed")
    scenario("S03", "Urgent ticket waiting 6 hours", ("first-reply-email",),
             "Priority urgent, first reply after 6h 15m of business time (urgent limit 2h).",
             c)

    # S04: unanswered at the end of the log
    c = case("u0009", "refund")
    c.customer_says(_utc(26, 9, 5), "email",
                    "Hello, I returned my coffee machine (order NW-66120) on 16 March and have "
                    "heard nothing since. When will I get my refund?")
    c.customer_says(_utc(27, 8, 40), "email",
                    "Still waiting for an answer to my message from yesterday.", sentiment=-0.4)
    scenario("S04", "Unanswered case at the end of the log", ("first-reply-email",),
             "Customer wrote Thu 26 March 10:05 Berlin and chased on Fri 09:40; no reply by "
             "the end of the log (Fri 27 March 17:20 Berlin, about 16 business hours).", c)

    # S05: two delivery dates for the same order, on e-mail and chat
    c = case("u0011", "delivery")
    c.customer_says(_utc(2, 10, 10), "email",
                    "When will my standing desk (order NW-38471) arrive?")
    c.agent_says(_utc(2, 11, 30), "email",
                 "Your desk is scheduled for delivery on 2026-03-05.", 4,
                 claims={"delivery_date": "2026-03-05"})
    c.customer_says(_utc(3, 9, 2), "chat",
                    "Hi, I got an e-mail saying Thursday, but the tracking page says something "
                    "else. Which is it?")
    c.agent_says(_utc(3, 9, 3, 10), "chat",
                 "I have checked with the carrier: the delivery is planned for 2026-03-09.", 6,
                 claims={"delivery_date": "2026-03-09"})
    c.customer_says(_utc(3, 9, 4), "chat", "That's days later than I was told!",
                    sentiment=-0.4)
    c.agent_says(_utc(3, 9, 5), "chat",
                 "I'm sorry for the confusion. I have added a 10 EUR voucher for the trouble.",
                 6, status="resolved")
    c.agent_says(_utc(4, 9, 30), "email",
                 "Just checking in: is everything clear about the delivery now?", 4,
                 status="closed")
    scenario("S05", "Delivery date 2026-03-05 on e-mail, 2026-03-09 on chat",
             ("same-facts-everywhere", "channel-switch"),
             "Two different delivery_date claims in one case; the customer also had to move "
             "from e-mail to chat (info).", c)

    # S06: card number in a public social reply
    c = case("u0013", "billing")
    c.customer_says(_utc(11, 13, 0), "social",
                    "my payment for NW-77310 failed twice, what's going on?")
    c.agent_says(_utc(11, 13, 20), "social",
                 "we checked the payment from card 4111 1111 1111 1111 and it was declined by "
                 "the bank.", 7)
    c.customer_says(_utc(11, 13, 25), "social",
                    "Are you serious? You just posted my card number publicly!")
    c.agent_says(_utc(11, 13, 31), "social",
                 "we are very sorry. The post has been deleted; please check your DMs.", 7,
                 status="resolved")
    c.agent_says(_utc(12, 10, 0), "social",
                 "just checking in: did the payment go through this time?", 7, status="closed")
    scenario("S06", "Agent posts a card number in a public reply", ("no-pii-on-social",),
             "A Luhn-valid card number (4111 1111 1111 1111) in an outbound social reply.", c)

    # S07: e-mail address and phone number in a public social reply
    c = case("u0015", "refund")
    c.customer_says(_utc(17, 15, 10), "social",
                    "my refund for the headphones still hasn't arrived")
    c.agent_says(_utc(17, 15, 32), "social",
                 "we found your return under lucia.navarro@example.com and will call you at "
                 "+34 612 345 678 today.", 8)
    c.agent_says(_utc(17, 16, 5), "social",
                 "your refund has been issued and will arrive within 14 days.", 8,
                 status="resolved", claims={"refund_days": "14"})
    c.agent_says(_utc(19, 9, 30), "social", "just checking: has your refund arrived?", 8,
                 status="closed")
    scenario("S07", "Agent posts an e-mail address and phone number publicly",
             ("no-pii-on-social",),
             "The customer's e-mail address and phone number in an outbound social reply.", c)

    # S08: marketing to a customer without marketing consent
    c = case("u0017", "general", "low")
    c.customer_says(_utc(9, 10, 0), "email",
                    "Can I pick up my order NW-20417 in a store instead of delivery?")
    c.agent_says(_utc(9, 11, 5), "email",
                 "Yes! Choose 'Click & Collect' and pick it up in any store after 2 days.", 1,
                 status="resolved")
    c.agent_says(_utc(10, 9, 20), "email", "Did the store pickup work out for you?", 1,
                 status="closed")
    c.add(_utc(16, 9, 0), "email", "outbound", "system",
          "Hi {first}, spring sale at {brand}: 20% off all coffee machines this week only!",
          status="closed", purpose="marketing", topic=None, priority=None)
    scenario("S08", "Marketing e-mail without marketing consent", ("contact-consent",),
             "Paul Becker (u0017) has marketing_consent=false and gets a marketing e-mail.", c)

    # S09: an SMS to a customer who opted out of SMS
    c = case("u0019", "delivery")
    c.customer_says(_utc(12, 9, 40), "email", "Where is my parcel NW-45120?")
    c.agent_says(_utc(12, 10, 30), "email",
                 "Your parcel is scheduled to arrive on 2026-03-13.", 3,
                 claims={"delivery_date": "2026-03-13"})
    c.add(_utc(13, 7, 30), "sms", "outbound", "system",
          "{brand}: your parcel NW-45120 will be delivered today between 10:00 and 14:00.",
          status="pending", purpose="transactional")
    c.agent_says(_utc(13, 12, 0), "email", "Good news: NW-45120 has been delivered today.", 3,
                 status="resolved")
    c.agent_says(_utc(16, 9, 0), "email",
                 "Just checking in: did everything arrive in good condition?", 3,
                 status="closed")
    scenario("S09", "SMS to a customer who opted out of SMS",
             ("contact-consent", "preferred-channel"),
             "Grace Miller (u0019) has opted_out_channels=sms and gets a delivery SMS, which "
             "also ignores her preferred channel (e-mail).", c)

    # S10: marketing in the customer's quiet hours
    c = case("u0021", "general", "low")
    c.customer_says(_utc(16, 9, 15), "sms", "Hi, is the robot vacuum back in stock?")
    c.agent_says(_utc(16, 9, 35), "sms", "Yes, it is back in stock since this morning.", 2,
                 status="resolved")
    c.agent_says(_utc(17, 10, 0), "sms", "Did you find what you were looking for?", 2,
                 status="closed")
    c.add(_utc(21, 22, 30), "sms", "outbound", "system",
          "{first}, robot vacuums are 20% off this weekend only! Reply STOP to opt out.",
          status="closed", purpose="marketing", topic=None, priority=None)
    scenario("S10", "Marketing SMS at 23:30 in the customer's quiet hours",
             ("contact-consent",),
             "Sat 21 March 23:30 Europe/Berlin; Felix Braun's quiet hours are 21:00-08:00.", c)

    # S11: a VIP waiting two hours
    c = case("u0023", "delivery", "high")
    c.customer_says(_utc(18, 9, 0), "email",
                    "Our office order NW-59004 arrived with two items missing.")
    c.agent_says(_utc(18, 11, 10), "email",
                 "I am sorry about that. I have asked the warehouse what happened to the "
                 "missing items.", 1)
    c.customer_says(_utc(18, 11, 25), "email", "Thanks. Can you send them by express?")
    c.agent_says(_utc(18, 11, 32), "email",
                 "Absolutely: they will arrive on 2026-03-19 by express.", 1,
                 status="resolved", claims={"delivery_date": "2026-03-19"})
    c.agent_says(_utc(19, 16, 0), "email", "Did the missing items arrive today?", 1,
                 status="closed")
    scenario("S11", "VIP customer waits over 2 hours", ("vip-waiting",),
             "Amelia Clarke (u0023, vip) waits 2h 10m for the first answer (VIP limit 15m; "
             "within the e-mail SLA).", c)

    # S12: csat 1
    c = case("u0025", "technical")
    c.customer_says(_utc(19, 10, 0), "phone", "My smart watch does not charge anymore.")
    c.agent_says(_utc(19, 10, 3), "phone",
                 "Asked the customer to try another cable, no luck. Offered a repair.", 4)
    c.customer_says(_utc(20, 9, 30), "phone", "The repair form on the website does not work.")
    c.agent_says(_utc(20, 9, 32), "phone",
                 "Sent the repair label by e-mail and booked the pickup.", 4,
                 status="resolved")
    c.add(_utc(20, 10, 30), "email", "outbound", "system",
          "How did we do? Please rate your experience with {brand} support from 1 to 5.",
          status="closed")
    c.add(_utc(20, 14, 10), "email", "inbound", "system",
          "Survey answer: 1 out of 5. Comment: two calls for a simple repair.",
          status="closed", csat=1.0)
    scenario("S12", "Customer rates the support 1 out of 5", ("unhappy-customer",),
             "A survey answer with csat 1.", c)

    # S13: the same problem again two days after resolution
    first = case("u0027", "technical")
    first.customer_says(_utc(9, 13, 0), "chat",
                        "My router drops the Wi-Fi connection every evening.")
    first.agent_says(_utc(9, 13, 1), "chat",
                     "Sorry about that. Which firmware version does the router show?", 5)
    first.customer_says(_utc(9, 13, 3), "chat", "It says 2.1.")
    first.agent_says(_utc(9, 13, 4), "chat",
                     "Please update to 2.4 in the app; that fixes the evening drop-outs.", 5)
    first.customer_says(_utc(9, 13, 9), "chat", "Done, it works now. Thanks!", sentiment=0.5)
    first.agent_says(_utc(9, 13, 10), "chat", "Glad it works again! I will close this chat.",
                     5, status="resolved")
    again = case("u0027", "technical")
    again.customer_says(_utc(11, 14, 0), "chat",
                        "The Wi-Fi problem is back since last night, even with the update.",
                        sentiment=-0.3)
    again.agent_says(_utc(11, 14, 1), "chat",
                     "I'm sorry to hear that. I'll send you a replacement router.", 6)
    again.customer_says(_utc(11, 14, 3), "chat", "OK, thank you.")
    again.agent_says(_utc(11, 14, 4), "chat",
                     "The replacement ships today. You will get the tracking link by e-mail.",
                     6, status="resolved")
    again.agent_says(_utc(13, 9, 0), "email",
                     "Just checking in: is the new router working well?", 6, status="closed")
    first.agent_says(_utc(10, 9, 0), "email",
                     "Just checking in: is the connection stable now?", 5, status="closed")
    scenario("S13", "Customer comes back on the same topic 2 days after resolution",
             ("came-back-same-topic",),
             "Camille Dubois (u0027): a technical case resolved Mon 9 March, a new technical "
             "case Wed 11 March (flagged on the second case).", first, again)

    # S14: a callback promised by 16:00 that never happens
    c = case("u0029", "billing")
    c.customer_says(_utc(25, 14, 0), "phone",
                    "I was billed for a subscription I cancelled in February.", verified=False)
    c.agent_says(_utc(25, 14, 4), "phone",
                 "Verified the customer. Billing team must check the cancellation; promised a "
                 "callback by 16:00 Berlin time today.", 7, verified=True,
                 promise_due=_utc(25, 15, 0))
    scenario("S14", "Callback promised by 16:00 never happens", ("promises-kept",),
             "promise_due Wed 25 March 16:00 Berlin; no outbound message follows in the case.",
             c)

    # S15: a resolved case without any follow-up
    c = case("u0031", "account", "low")
    c.customer_says(_utc(16, 10, 0), "chat",
                    "How do I change the e-mail address I use to log in?", verified=False)
    c.agent_says(_utc(16, 10, 1), "chat",
                 "I can help. First I will send a verification code to your phone.", 8,
                 verified=False)
    c.customer_says(_utc(16, 10, 3), "chat", "I have the code now.", verified=False)
    c.agent_says(_utc(16, 10, 4), "chat",
                 "Thanks, you are verified. Done: your login e-mail has been updated.", 8,
                 status="resolved", verified=True)
    scenario("S15", "Resolved case never followed up", ("follow-up-after-resolution",),
             "Resolved Mon 16 March; no check-in or survey in the following 3 days.", c)

    # S16: account details before the identity check
    c = case("u0033", "account")
    c.customer_says(_utc(10, 14, 0), "chat",
                    "Hi, can you tell me which address my last order went to?", verified=False)
    c.agent_says(_utc(10, 14, 1), "chat",
                 "Sure! Your address on file is Calle Mayor 12, Madrid, and your order history "
                 "shows NW-31877 delivered there.", 1, verified=False)
    c.customer_says(_utc(10, 14, 2), "chat", "Thanks, that's right.", verified=False)
    c.agent_says(_utc(10, 14, 3), "chat", "Anything else I can do? Have a nice day!", 1,
                 status="resolved", verified=False)
    c.agent_says(_utc(11, 9, 30), "email",
                 "Just checking in: did you find everything you needed?", 1, status="closed")
    scenario("S16", "Account details shared before identity verification",
             ("verify-before-account-details",),
             "An agent states the address on file and order history with "
             "identity_verified=false.", c)

    # S17: a customer posts their own contact details publicly
    c = case("u0035", "technical")
    c.customer_says(_utc(5, 16, 0), "social",
                    "please call me about my broken kettle, my number is +44 7700 900123 or "
                    "write to chloe.taylor@example.com")
    c.agent_says(_utc(5, 16, 10), "social",
                 "thanks for reaching out! For your privacy we have moved this to a direct "
                 "message.", 2)
    c.agent_says(_utc(5, 16, 30), "email",
                 "A replacement kettle is on its way to you. Sorry for the trouble.", 2,
                 status="resolved")
    c.agent_says(_utc(6, 14, 0), "email", "Did the replacement kettle arrive safely?", 2,
                 status="closed")
    scenario("S17", "Customer posts their own phone number and e-mail publicly",
             ("customer-posted-pii",),
             "Inbound social post with a phone number and an e-mail address (info, moved to "
             "a private channel).", c)

    # S18: a full IBAN written back by e-mail
    c = case("u0037", "refund")
    c.customer_says(_utc(23, 9, 0), "email",
                    "Please refund my cancelled order NW-70021 to my bank account "
                    "DE89 3704 0044 0532 0130 00.")
    c.agent_says(_utc(23, 10, 30), "email",
                 "We will refund 89.00 EUR to DE89 3704 0044 0532 0130 00 within 14 days.", 4,
                 claims={"refund_days": "14"})
    c.agent_says(_utc(24, 10, 0), "email", "Your refund for NW-70021 has been issued.", 4,
                 status="resolved", purpose="transactional")
    c.agent_says(_utc(26, 9, 0), "email",
                 "Just checking in: has the refund reached your bank?", 4, status="closed")
    scenario("S18", "Full IBAN written back to the customer by e-mail",
             ("no-card-numbers-anywhere",),
             "An outbound e-mail repeats the customer's full IBAN.", c)
    return out


STORYLINES: dict[str, tuple[tuple[str, ...], ...]] = {
    # customer and agent turns alternate, starting with the customer; the last agent turn
    # resolves the case; "{claim}" marks a turn that states the case's claim
    "delivery": (
        ("Where is my order {order}? It was supposed to arrive two days ago.",
         "Sorry for the delay! I have checked with the carrier: {order} is at the local depot.",
         "OK, so when will it come?",
         "It is scheduled for delivery on {claim}. You will get a tracking message that "
         "morning."),
        ("Can you tell me when my {product} ({order}) will arrive? I need it before the "
         "weekend.",
         "Your {product} is scheduled for delivery on {claim}, so before the weekend.",
         "Perfect, thanks!",
         "You're welcome! I will close this request now."),
        ("The parcel with my {product} arrived damaged. What now?",
         "I'm sorry to hear that! Could you send us a photo of the damage?",
         "Sure, photo attached.",
         "Thanks. A replacement is on its way and will arrive on {claim}."),
    ),
    "billing": (
        ("I was charged twice for order {order}. Can you please check?",
         "Thanks for reaching out. I can see two payment attempts; one of them is only a "
         "reservation by the bank.",
         "When will it disappear?",
         "The reservation is released automatically within 3-5 days. Nothing else to do."),
        ("My invoice for {order} shows a higher amount than the price in the shop.",
         "You're right, sorry about that: the correct price for your {product} is {claim} "
         "EUR. I have corrected the invoice."),
        ("Can I get the invoice for {order} as a PDF?",
         "Of course, I have just sent it to you.",
         "Got it, thanks.",
         "Happy to help! The price on the invoice is {claim} EUR as in the shop."),
    ),
    "refund": (
        ("I returned my {product} two weeks ago and still have no refund.",
         "Thanks for your patience. The return of your {product} arrived at our warehouse "
         "yesterday.",
         "How long will the refund take?",
         "Refunds are paid within {claim} days after we receive the item, so it is on its "
         "way."),
        ("I cancelled {order} before it shipped. When do I get my money back?",
         "The cancellation is confirmed. You will get your money back within {claim} days."),
    ),
    "technical": (
        ("My {product} stopped connecting to the app after the last update.",
         "Sorry about that. Could you restart the {product} and then the app?",
         "Done, same problem.",
         "Please remove the device in the app and add it again; the update changed the "
         "pairing.",
         "That worked, thanks!",
         "Great! I will close this ticket then."),
        ("The {product} shows error E42 and will not turn on.",
         "E42 means the battery protection kicked in. Please charge it for 30 minutes "
         "before switching it on.",
         "It works again, thank you!",
         "Glad to hear it! Closing this ticket now."),
        ("I cannot log in to the app, it says 'unknown error' every time.",
         "Thanks for letting us know. We had a short outage this morning; please try again "
         "now.",
         "Yes, it works now.",
         "Perfect. Sorry for the trouble!"),
    ),
    "account": (
        ("I cannot reset my password, the reset mail never arrives.",
         "Thanks. For security reasons I will send a new reset link now; please check the "
         "spam folder too.",
         "Found it, it worked.",
         "Great, you're all set!"),
        ("I want to change the e-mail address I use to log in.",
         "Sure. I have sent a confirmation link to the new address.",
         "Confirmed.",
         "Done: the new login e-mail is active."),
    ),
    "cancellation": (
        ("I want to cancel my subscription at the end of this month.",
         "Sorry to see you go. The subscription ends on 31 March; anything paid beyond that "
         "is refunded within {claim} days."),
        ("How do I cancel order {order}? I ordered the wrong size.",
         "No problem, I have cancelled {order} for you.",
         "Thanks! Will I get the money back?",
         "Yes, the amount is refunded within {claim} days."),
    ),
    "general": (
        ("Do you have the {product} in stock in black?",
         "Yes, the black {product} is in stock and ships within 2 days."),
        ("Is there a warranty extension for the {product}?",
         "Yes: you can extend the warranty to 3 years within 30 days of purchase.",
         "Great, I will do that.",
         "Perfect. Enjoy your {product}!"),
        ("What are your opening hours over Easter?",
         "Our stores are closed on Good Friday and Easter Monday; the chat is open on the "
         "other days."),
    ),
}
"""Coherent little conversations for the clean cases of the sample."""


def _business_time(at: datetime, seconds: float, rnd: random.Random) -> datetime:
    """``seconds`` after ``at``; past 16:45 UTC it moves to the next weekday morning."""
    out = at + timedelta(seconds=round(seconds))
    if out.hour < 8 and out.weekday() < 5:
        return out.replace(hour=8, minute=rnd.randint(5, 40), second=rnd.randint(0, 59))
    if out.hour * 60 + out.minute >= 16 * 60 + 45 or out.weekday() >= 5:
        day = out.date() + timedelta(days=1)
        while day.weekday() >= 5:
            day += timedelta(days=1)
        out = datetime(day.year, day.month, day.day, 8, rnd.randint(5, 40),
                       rnd.randint(0, 59), tzinfo=UTC)
    return out


def _fill_template(text: str, values: dict[str, str]) -> str:
    for key, value in values.items():
        text = text.replace("{" + key + "}", value)
    return text


def _clean_case(
    customer: SampleCustomer, day: int, topic: str, channel: str, rnd: random.Random,
    promise: bool = False, marketing: bool = False,
) -> _SampleCase:
    """A well-handled case: fast replies, consistent facts, resolved and followed up."""
    vip = customer.tier == "vip"
    priority = rnd.choice(("normal", "normal", "normal", "low", "high"))
    c = _SampleCase(customer, topic, priority)
    agent = rnd.randint(1, 8)
    us_customer = customer.timezone.startswith("America/")
    start_hour = rnd.randint(13, 14) if us_customer else rnd.randint(8, 10 if promise else 12)
    at = _utc(day, start_hour, rnd.randint(0, 59), rnd.randint(0, 59))
    verified_topic = topic in ("billing", "account", "cancellation")
    claim_key = {"delivery": "delivery_date", "billing": "price", "refund": "refund_days",
                 "cancellation": "refund_days"}.get(topic)
    claim_value = {
        "delivery_date": (at + timedelta(days=rnd.randint(2, 4))).strftime("%Y-%m-%d"),
        "price": rnd.choice(PRICES), "refund_days": "14",
    }.get(claim_key or "", "")
    values = {
        "order": f"NW-{rnd.randint(10000, 99999)}", "product": rnd.choice(PRODUCTS),
        "first": customer.first, "claim": claim_value,
    }

    def reply_delay() -> float:
        if channel == "chat":
            return rnd.uniform(15, 80)
        if vip:
            return rnd.uniform(60, 540)
        return {
            "social": rnd.uniform(300, 2400),
            "sms": rnd.uniform(300, 1800),
            "phone": rnd.uniform(60, 240),
            "in_person": rnd.uniform(60, 300),
        }.get(channel, rnd.uniform(1500, 9000))

    def customer_delay() -> float:
        return {"chat": rnd.uniform(20, 120), "phone": rnd.uniform(20, 90)}.get(
            channel, rnd.uniform(600, 3600)
        )

    def sentiment() -> float | None:
        return round(rnd.uniform(-0.3, 0.8), 2) if rnd.random() < 0.4 else None

    story = list(rnd.choice(STORYLINES[topic]))
    verified: bool | None = False if verified_topic else None
    c.customer_says(at, channel, _fill_template(story[0], values), verified=verified,
                    sentiment=sentiment())
    verified = True if verified_topic else None
    if promise:
        # a promise that is kept: the next agent message comes well before it is due
        at = _business_time(at, reply_delay(), rnd)
        due = (at + timedelta(hours=3)).replace(second=0, microsecond=0)
        due = due.replace(minute=0 if due.minute < 30 else 30)
        local_due = due.astimezone(ZoneInfo(BERLIN)).strftime("%H:%M")
        c.agent_says(at, channel,
                     f"Thanks, I am looking into it and will get back to you by {local_due} "
                     "today.", agent, promise_due=due, verified=verified)
        at = at + timedelta(minutes=rnd.randint(10, 40))
        c.customer_says(at, channel, "OK, thanks. I'll wait.", verified=verified)
        at = min(at + timedelta(minutes=rnd.randint(20, 60)), due - timedelta(minutes=10))
    for turn, text in enumerate(story[1:], start=1):
        last = turn == len(story) - 1
        filled = _fill_template(text, values)
        if turn % 2 == 1:  # agent
            if not (promise and turn == 1):
                at = _business_time(at, reply_delay(), rnd)
            claims = {claim_key: claim_value} if claim_key and "{claim}" in text else None
            c.agent_says(at, channel, filled, agent,
                         status="resolved" if last else "pending", claims=claims,
                         verified=verified)
        else:
            at = at + timedelta(seconds=round(customer_delay()))
            c.customer_says(at, channel, filled, verified=verified, sentiment=sentiment())
    resolved_at = at
    # a check-in or survey on the customer's preferred channel, the next working day (or a
    # few hours later when the next working day is too far away)
    follow_channel = customer.preferred_channel
    next_day = resolved_at.date() + timedelta(days=1)
    while next_day.weekday() >= 5:
        next_day += timedelta(days=1)
    follow_at = datetime(next_day.year, next_day.month, next_day.day, rnd.randint(8, 14),
                         rnd.randint(0, 59), rnd.randint(0, 59), tzinfo=UTC)
    if follow_at - resolved_at > timedelta(days=2, hours=20):
        follow_at = resolved_at + timedelta(minutes=rnd.randint(60, 150))
    if follow_at < SAMPLE_END - timedelta(hours=1):
        if rnd.random() < 0.4 and follow_channel in ("email", "sms"):
            c.add(follow_at, follow_channel, "outbound", "system",
                  rnd.choice(TEMPLATES["invite"]["*"]), status="closed")
            answer_at = follow_at + timedelta(minutes=rnd.randint(30, 300))
            if answer_at < SAMPLE_END - timedelta(minutes=30):
                score = rnd.choice((3.0, 4.0, 4.0, 5.0, 5.0, 5.0))
                c.add(answer_at, follow_channel, "inbound", "system",
                      f"Survey answer: {int(score)} out of 5.", status="closed", csat=score)
        else:
            c.agent_says(follow_at, follow_channel,
                         rnd.choice(TEMPLATES["follow_up"]["*"]), agent, status="closed")
        if marketing:
            send = (follow_at + timedelta(days=5)).replace(hour=9, minute=0, second=0)
            if send < SAMPLE_END:
                c.add(send, "email", "outbound", "system",
                      "Hi {first}, your favourites are back in stock. Order now with free "
                      "shipping.",
                      status="closed", purpose="marketing", topic=None, priority=None)
    return c


WEEKDAYS = tuple(d for d in range(2, 27) if date(2026, 3, d).weekday() < 5)
"""Working days of the sample period on which cases start (2-26 March 2026)."""


def _clean_cases(
    customers: list[SampleCustomer], extra: dict[str, tuple[set[int], set[str]]]
) -> list[_SampleCase]:
    """Two well-handled cases (different topics, 10+ days apart) per customer without a
    scenario, one for each scenario customer in ``extra`` (away from the days and topics
    given there), and the final case of the log."""
    rnd = random.Random(2026)
    out: list[_SampleCase] = []
    for n, customer in enumerate(customers):
        opted_out = set(filter(None, customer.opted_out_channels.split(";")))
        channels = [ch for ch in ("email", "email", "email", "chat", "chat", "phone", "social",
                                  "sms", "web") if ch not in opted_out]
        if customer.tier == "vip":
            channels = ["chat", "phone"]
        if customer.customer_id in extra:
            busy_days, busy_topics = extra[customer.customer_id]
            days = [rnd.choice([d for d in WEEKDAYS
                                if all(abs(d - b) >= 10 for b in busy_days)])]
            topics = [rnd.choice([t for t in TOPICS if t not in busy_topics])]
        elif customer is customers[-1]:  # also has the last case of the log
            days = [rnd.choice(WEEKDAYS[:5])]
            topics = [rnd.choice([t for t in TOPICS if t != "general"])]
        else:
            first_day = rnd.choice(WEEKDAYS[:9])
            days = [first_day, rnd.choice([d for d in WEEKDAYS if d >= first_day + 10])]
            topics = rnd.sample(TOPICS, 2)
        for k, (day, topic) in enumerate(zip(days, topics, strict=True)):
            channel = rnd.choice(channels)
            if channel == "social" and topic in ("account", "billing", "cancellation"):
                channel = "email" if "email" not in opted_out else "chat"
            promise = channel == "email" and n % 6 == 1 and k == 0
            marketing = (k == 0 and customer.marketing_consent and n % 8 == 2
                         and "email" not in opted_out and customer.preferred_channel == "email")
            out.append(_clean_case(customer, day, topic, channel, rnd, promise, marketing))
    last = _SampleCase(customers[-1], "general", "low")
    last.customer_says(SAMPLE_END - timedelta(minutes=15), "chat",
                       "Are your stores open on Saturday?")
    last.agent_says(SAMPLE_END - timedelta(minutes=14, seconds=20), "chat",
                    "Yes, our stores are open on Saturday from 10:00 to 16:00.", 3)
    last.customer_says(SAMPLE_END - timedelta(minutes=1, seconds=30), "chat",
                       "Great, thank you!")
    last.agent_says(SAMPLE_END, "chat", "You're welcome, have a nice weekend!", 3,
                    status="resolved")
    out.append(last)
    return out


def _channel_showcase(customers: dict[str, SampleCustomer]) -> list[_SampleCase]:
    """Well-handled cases on the less common channels (virtual assistant, store, callback)."""
    bot = _SampleCase(customers["u0013"], "general", "low")
    bot.customer_says(_utc(24, 10, 0), "virtual_assistant", "Do you deliver to Austria?")
    bot.add(_utc(24, 10, 0, 4), "virtual_assistant", "outbound", "bot",
            "Hi, I am Wave, the {brand} assistant. Yes, we deliver to Austria within 3-5 "
            "working days.", status="pending")
    bot.customer_says(_utc(24, 10, 0, 40), "virtual_assistant",
                      "Can I also return items from there for free?")
    bot.add(_utc(24, 10, 0, 45), "virtual_assistant", "outbound", "bot",
            "Let me connect you with a colleague for that.", status="pending")
    bot.agent_says(_utc(24, 10, 1, 30), "virtual_assistant",
                   "Hi, this is Omar. Yes: returns from Austria are free with the prepaid "
                   "label.", 6, status="resolved")
    bot.agent_says(_utc(25, 10, 30), "social",
                   "just checking in: any other questions about delivery to Austria?", 6,
                   status="closed")
    store = _SampleCase(customers["u0021"], "technical", "normal")
    store.customer_says(_utc(3, 14, 10), "in_person",
                        "My e-bike battery does not hold its charge anymore.")
    store.agent_says(_utc(3, 14, 25), "in_person",
                     "Tested the battery: one cell is faulty. Replaced it under warranty.", 7,
                     status="resolved")
    store.agent_says(_utc(4, 15, 0), "sms", "Is the new battery working well?", 7,
                     status="closed")
    call = _SampleCase(customers["u0035"], "delivery", "high")
    call.customer_says(_utc(19, 9, 10), "email",
                       "My parcel NW-58821 was delivered to the wrong address. Can someone "
                       "call me?")
    call.agent_says(_utc(19, 9, 40), "email",
                    "I am sorry! A colleague will call you back by 14:00 today.", 8,
                    promise_due=_utc(19, 13, 0))
    call.agent_says(_utc(19, 11, 20), "callback",
                    "Called the customer back: the carrier collects the parcel and delivers it "
                    "on 2026-03-20.", 8, status="resolved",
                    claims={"delivery_date": "2026-03-20"})
    call.agent_says(_utc(20, 14, 0), "email", "Did the parcel reach you today?", 8,
                    status="closed")
    return [bot, store, call]


EXTRA_CLEAN_CASES = ("u0003", "u0005", "u0011", "u0019", "u0023", "u0025", "u0033", "u0037")
"""Scenario customers who also have one well-handled case, far from their scenario."""


def build_sample() -> tuple[pl.DataFrame, pl.DataFrame, list[Scenario]]:
    """The curated sample log, its customers and the documented scenarios (deterministic)."""
    customers = _sample_customers()
    by_id = {c.customer_id: c for c in customers}
    scenarios = _scenarios(by_id)
    busy: dict[str, tuple[set[int], set[str]]] = {}
    for scenario in scenarios:
        for case in scenario.cases:
            days, topics = busy.setdefault(case.customer.customer_id, (set(), set()))
            days.update(r["timestamp"].day for r in case.rows)  # type: ignore[attr-defined]
            topics.add(case.topic)
    extra = {cid: busy[cid] for cid in EXTRA_CLEAN_CASES}
    clean = _clean_cases(
        [c for c in customers if c.customer_id not in busy or c.customer_id in extra], extra
    )
    cases = [case for s in scenarios for case in s.cases] + clean + _channel_showcase(by_id)
    cases.sort(key=lambda case: (min(r["timestamp"] for r in case.rows),  # type: ignore
                                 case.customer.customer_id))
    records: list[dict[str, object]] = []
    for number, case in enumerate(cases, start=1):
        case.case_id = f"c{number:05d}"
        for row in case.rows:
            records.append({"case_id": case.case_id,
                            "customer_id": case.customer.customer_id, **row})
    records.sort(key=lambda r: (r["timestamp"], r["case_id"]))
    for number, record in enumerate(records, start=1):
        record["interaction_id"] = f"i{number:06d}"
    log = pl.DataFrame(records, schema=INTERACTION_SCHEMA).select(INTERACTION_COLUMNS)
    profiles = pl.DataFrame(
        [{name: getattr(c, name) for name in CUSTOMER_COLUMNS} for c in customers],
        schema=CUSTOMER_SCHEMA,
    )
    return log, profiles, scenarios


def scenario_table(scenarios: Sequence[Scenario]) -> str:
    """The scenarios as a Markdown table (for examples/README.md)."""
    lines = ["| # | case_id | customer | what happens | rules that should flag it |",
             "|---|---|---|---|---|"]
    for s in scenarios:
        ids = ", ".join(f"`{c.case_id}`" for c in s.cases)
        rules = ", ".join(f"`{r}`" for r in s.rules)
        customer = s.cases[0].customer
        lines.append(f"| {s.key} | {ids} | {customer.customer_id} {customer.name} | "
                     f"**{s.title}.** {s.detail} | {rules} |")
    return "\n".join(lines)


def write_sample(out: Path) -> list[Path]:
    """Write ``sample_log.csv`` and ``customers.csv`` into ``out``; print the scenario table."""
    log, profiles, scenarios = build_sample()
    paths = [out / "sample_log.csv", out / "customers.csv"]
    write_frame(log, paths[0])
    write_frame(profiles, paths[1])
    print(scenario_table(scenarios))
    return paths


# ---------------------------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------------------------


def _parse_start(text: str) -> datetime:
    value = datetime.fromisoformat(text)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def main(argv: Sequence[str] | None = None) -> int:
    """``python benchmarks/generate.py --rows N --seed S --out DIR`` (see ``--help``)."""
    parser = argparse.ArgumentParser(
        prog="generate.py",
        description="Generate a seeded synthetic customer-interaction log (and customers).",
    )
    parser.add_argument("--rows", type=int, default=1_000_000, help="touchpoints to generate")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, default=None,
                        help="output directory (default benchmarks/data, or examples with "
                             "--sample)")
    parser.add_argument("--format", choices=("parquet", "csv"), default="parquet")
    parser.add_argument("--chunk-rows", type=int, default=None,
                        help="write parts of at most this many rows, each with its own "
                             "customers (bounded memory)")
    parser.add_argument("--start", type=_parse_start, default=DEFAULT_START,
                        help="ISO date-time the period starts (default 2026-03-02T00:00Z)")
    parser.add_argument("--days", type=int, default=28, help="days over which cases start")
    parser.add_argument("--sample", action="store_true",
                        help="write the curated sample (sample_log.csv, customers.csv) instead")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    if args.sample:
        out = args.out or Path(__file__).resolve().parent.parent / "examples"
        paths = write_sample(out)
        for path in paths:
            print(path, file=sys.stderr)
        return 0
    if args.rows < MIN_CASE_ROWS:
        parser.error(f"--rows must be at least {MIN_CASE_ROWS}")
    if args.chunk_rows is not None and args.chunk_rows < MIN_CASE_ROWS:
        parser.error(f"--chunk-rows must be at least {MIN_CASE_ROWS}")
    out = args.out or Path(__file__).resolve().parent / "data"
    paths = write_log(
        args.rows, out, seed=args.seed, fmt=args.format, chunk_rows=args.chunk_rows,
        start=args.start, days=args.days,
    )
    seconds = time.perf_counter() - started
    print(
        f"wrote {args.rows:,} interactions in {len(paths) // 2} part(s) to {out} "
        f"in {seconds:.1f}s ({args.rows / seconds:,.0f} rows/s)",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
