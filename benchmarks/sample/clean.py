"""The well-handled cases of the curated sample: short coherent conversations, resolved in
business hours and followed up, plus a few showing the less common channels."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from benchmarks.sample.model import SAMPLE_END, SampleCase, SampleCustomer, utc
from benchmarks.synthetic.templates import TEMPLATES
from benchmarks.synthetic.vocab import BERLIN, PRICES, PRODUCTS, TOPICS

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
) -> SampleCase:
    """A well-handled case: fast replies, consistent facts, resolved and followed up."""
    vip = customer.tier == "vip"
    priority = rnd.choice(("normal", "normal", "normal", "low", "high"))
    c = SampleCase(customer, topic, priority)
    agent = rnd.randint(1, 8)
    us_customer = customer.timezone.startswith("America/")
    start_hour = rnd.randint(13, 14) if us_customer else rnd.randint(8, 10 if promise else 12)
    at = utc(day, start_hour, rnd.randint(0, 59), rnd.randint(0, 59))
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


def clean_cases(
    customers: list[SampleCustomer], extra: dict[str, tuple[set[int], set[str]]]
) -> list[SampleCase]:
    """Two well-handled cases (different topics, 10+ days apart) per customer without a
    scenario, one for each scenario customer in ``extra`` (away from the days and topics
    given there), and the final case of the log."""
    rnd = random.Random(2026)
    out: list[SampleCase] = []
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
    last = SampleCase(customers[-1], "general", "low")
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


def channel_showcase(customers: dict[str, SampleCustomer]) -> list[SampleCase]:
    """Well-handled cases on the less common channels (virtual assistant, store, callback)."""
    bot = SampleCase(customers["u0013"], "general", "low")
    bot.customer_says(utc(24, 10, 0), "virtual_assistant", "Do you deliver to Austria?")
    bot.add(utc(24, 10, 0, 4), "virtual_assistant", "outbound", "bot",
            "Hi, I am Wave, the {brand} assistant. Yes, we deliver to Austria within 3-5 "
            "working days.", status="pending")
    bot.customer_says(utc(24, 10, 0, 40), "virtual_assistant",
                      "Can I also return items from there for free?")
    bot.add(utc(24, 10, 0, 45), "virtual_assistant", "outbound", "bot",
            "Let me connect you with a colleague for that.", status="pending")
    bot.agent_says(utc(24, 10, 1, 30), "virtual_assistant",
                   "Hi, this is Omar. Yes: returns from Austria are free with the prepaid "
                   "label.", 6, status="resolved")
    bot.agent_says(utc(25, 10, 30), "social",
                   "just checking in: any other questions about delivery to Austria?", 6,
                   status="closed")
    store = SampleCase(customers["u0021"], "technical", "normal")
    store.customer_says(utc(3, 14, 10), "in_person",
                        "My e-bike battery does not hold its charge anymore.")
    store.agent_says(utc(3, 14, 25), "in_person",
                     "Tested the battery: one cell is faulty. Replaced it under warranty.", 7,
                     status="resolved")
    store.agent_says(utc(4, 15, 0), "sms", "Is the new battery working well?", 7,
                     status="closed")
    call = SampleCase(customers["u0035"], "delivery", "high")
    call.customer_says(utc(19, 9, 10), "email",
                       "My parcel NW-58821 was delivered to the wrong address. Can someone "
                       "call me?")
    call.agent_says(utc(19, 9, 40), "email",
                    "I am sorry! A colleague will call you back by 14:00 today.", 8,
                    promise_due=utc(19, 13, 0))
    call.agent_says(utc(19, 11, 20), "callback",
                    "Called the customer back: the carrier collects the parcel and delivers it "
                    "on 2026-03-20.", 8, status="resolved",
                    claims={"delivery_date": "2026-03-20"})
    call.agent_says(utc(20, 14, 0), "email", "Did the parcel reach you today?", 8,
                    status="closed")
    return [bot, store, call]
