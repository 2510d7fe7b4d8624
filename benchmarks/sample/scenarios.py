"""The deliberate violations of the curated sample (``S01``...), each written out event by
event; ``examples/README.md`` documents them (see ``benchmarks.sample.build.scenario_table``)."""

from __future__ import annotations

from benchmarks.sample.model import SampleCase, SampleCustomer, Scenario, utc


def build_scenarios(customers: dict[str, SampleCustomer]) -> list[Scenario]:
    """The deliberate violations, written event by event."""
    out: list[Scenario] = []

    def scenario(key: str, title: str, rules: tuple[str, ...], detail: str,
                 *cases: SampleCase) -> None:
        out.append(Scenario(key, title, rules, detail, list(cases)))

    def case(customer: str, topic: str, priority: str = "normal") -> SampleCase:
        return SampleCase(customers[customer], topic, priority)

    # S01: a chat answered after 9 minutes
    c = case("u0003", "delivery")
    c.customer_says(utc(3, 9, 2), "chat",
                    "Hi, my order NW-40213 was supposed to arrive yesterday. Can you check?")
    c.agent_says(utc(3, 9, 11, 12), "chat", "Sorry for the wait! Let me check NW-40213.", 2)
    c.customer_says(utc(3, 9, 12, 5), "chat", "Thanks.")
    c.agent_says(utc(3, 9, 13, 10), "chat",
                 "The parcel is at the local depot and will be delivered on 2026-03-04.", 2,
                 claims={"delivery_date": "2026-03-04"})
    c.customer_says(utc(3, 9, 13, 50), "chat", "Great, thank you!", sentiment=0.6)
    c.agent_says(utc(3, 9, 14, 30), "chat", "You're welcome! I'll close the chat now.", 2,
                 status="resolved")
    c.agent_says(utc(4, 15, 10), "email", "Did your parcel arrive today as planned?", 2,
                 status="closed")
    scenario("S01", "Chat first reply after 9 minutes", ("first-reply-chat",),
             "The first chat message waits 9m 12s for an agent (limit 2m).", c)

    # S02: an e-mail answered after three business days
    c = case("u0005", "billing")
    c.customer_says(utc(9, 9, 30), "email",
                    "I was charged twice for order NW-51877. Can you please check?",
                    verified=False)
    c.agent_says(utc(12, 10, 5), "email",
                 "Apologies for the slow reply. I can see two payment attempts for NW-51877; "
                 "one of them will be released.", 5, verified=True)
    c.customer_says(utc(12, 11, 0), "email",
                    "Thanks, finally. Will the second charge be returned?", verified=True,
                    sentiment=-0.3)
    c.agent_says(utc(12, 11, 40), "email",
                 "Yes: the duplicate charge has been reversed today. You will see it within "
                 "3-5 days.", 5, status="resolved", verified=True)
    c.add(utc(13, 9, 30), "email", "outbound", "system",
          "How did we do? Please rate your experience with {brand} support from 1 to 5.",
          status="closed")
    c.add(utc(13, 12, 10), "email", "inbound", "system", "Survey answer: 3 out of 5.",
          status="closed", csat=3.0)
    scenario("S02", "E-mail answered after 3 business days", ("first-reply-email",),
             "Sent Mon 9 March 10:30 Berlin, first answer Thu 12 March 11:05 Berlin "
             "(about 27.6 business hours, limit 8h).", c)

    # S03: an urgent ticket left waiting
    c = case("u0007", "account", "urgent")
    c.customer_says(utc(4, 8, 20), "email",
                    "URGENT: I am locked out of my shop account and our subscription renews "
                    "today. Please help!", verified=False, sentiment=-0.4)
    c.agent_says(utc(4, 14, 35), "email",
                 "Sorry for the delay. I have verified your identity and unlocked the login; "
                 "please try again.", 3, verified=True)
    c.customer_says(utc(4, 14, 50), "email", "Thanks, I'm in again.", verified=True)
    c.agent_says(utc(4, 15, 5), "email",
                 "Great. The renewal went through normally, nothing else to do.", 3,
                 status="resolved", verified=True)
    c.agent_says(utc(5, 9, 0), "email",
                 "Just checking in: is everything working as it should now?", 3,
                 status="closed")
    scenario("S03", "Urgent ticket waiting 6 hours", ("first-reply-email",),
             "Priority urgent, first reply after 6h 15m of business time (urgent limit 2h).",
             c)

    # S04: unanswered at the end of the log
    c = case("u0009", "refund")
    c.customer_says(utc(26, 9, 5), "email",
                    "Hello, I returned my coffee machine (order NW-66120) on 16 March and have "
                    "heard nothing since. When will I get my refund?")
    c.customer_says(utc(27, 8, 40), "email",
                    "Still waiting for an answer to my message from yesterday.", sentiment=-0.4)
    scenario("S04", "Unanswered case at the end of the log", ("first-reply-email",),
             "Customer wrote Thu 26 March 10:05 Berlin and chased on Fri 09:40; no reply by "
             "the end of the log (Fri 27 March 17:20 Berlin, about 16 business hours).", c)

    # S05: two delivery dates for the same order, on e-mail and chat
    c = case("u0011", "delivery")
    c.customer_says(utc(2, 10, 10), "email",
                    "When will my standing desk (order NW-38471) arrive?")
    c.agent_says(utc(2, 11, 30), "email",
                 "Your desk is scheduled for delivery on 2026-03-05.", 4,
                 claims={"delivery_date": "2026-03-05"})
    c.customer_says(utc(3, 9, 2), "chat",
                    "Hi, I got an e-mail saying Thursday, but the tracking page says something "
                    "else. Which is it?")
    c.agent_says(utc(3, 9, 3, 10), "chat",
                 "I have checked with the carrier: the delivery is planned for 2026-03-09.", 6,
                 claims={"delivery_date": "2026-03-09"})
    c.customer_says(utc(3, 9, 4), "chat", "That's days later than I was told!",
                    sentiment=-0.4)
    c.agent_says(utc(3, 9, 5), "chat",
                 "I'm sorry for the confusion. I have added a 10 EUR voucher for the trouble.",
                 6, status="resolved")
    c.agent_says(utc(4, 9, 30), "email",
                 "Just checking in: is everything clear about the delivery now?", 4,
                 status="closed")
    scenario("S05", "Delivery date 2026-03-05 on e-mail, 2026-03-09 on chat",
             ("same-facts-everywhere", "channel-switch"),
             "Two different delivery_date claims in one case; the customer also had to move "
             "from e-mail to chat (info).", c)

    # S06: card number in a public social reply
    c = case("u0013", "billing")
    c.customer_says(utc(11, 13, 0), "social",
                    "my payment for NW-77310 failed twice, what's going on?")
    c.agent_says(utc(11, 13, 20), "social",
                 "we checked the payment from card 4111 1111 1111 1111 and it was declined by "
                 "the bank.", 7)
    c.customer_says(utc(11, 13, 25), "social",
                    "Are you serious? You just posted my card number publicly!")
    c.agent_says(utc(11, 13, 31), "social",
                 "we are very sorry. The post has been deleted; please check your DMs.", 7,
                 status="resolved")
    c.agent_says(utc(12, 10, 0), "social",
                 "just checking in: did the payment go through this time?", 7, status="closed")
    scenario("S06", "Agent posts a card number in a public reply", ("no-pii-on-social",),
             "A Luhn-valid card number (4111 1111 1111 1111) in an outbound social reply.", c)

    # S07: e-mail address and phone number in a public social reply
    c = case("u0015", "refund")
    c.customer_says(utc(17, 15, 10), "social",
                    "my refund for the headphones still hasn't arrived")
    c.agent_says(utc(17, 15, 32), "social",
                 "we found your return under lucia.navarro@example.com and will call you at "
                 "+34 612 345 678 today.", 8)
    c.agent_says(utc(17, 16, 5), "social",
                 "your refund has been issued and will arrive within 14 days.", 8,
                 status="resolved", claims={"refund_days": "14"})
    c.agent_says(utc(19, 9, 30), "social", "just checking: has your refund arrived?", 8,
                 status="closed")
    scenario("S07", "Agent posts an e-mail address and phone number publicly",
             ("no-pii-on-social",),
             "The customer's e-mail address and phone number in an outbound social reply.", c)

    # S08: marketing to a customer without marketing consent
    c = case("u0017", "general", "low")
    c.customer_says(utc(9, 10, 0), "email",
                    "Can I pick up my order NW-20417 in a store instead of delivery?")
    c.agent_says(utc(9, 11, 5), "email",
                 "Yes! Choose 'Click & Collect' and pick it up in any store after 2 days.", 1,
                 status="resolved")
    c.agent_says(utc(10, 9, 20), "email", "Did the store pickup work out for you?", 1,
                 status="closed")
    c.add(utc(16, 9, 0), "email", "outbound", "system",
          "Hi {first}, spring sale at {brand}: 20% off all coffee machines this week only!",
          status="closed", purpose="marketing", topic=None, priority=None)
    scenario("S08", "Marketing e-mail without marketing consent", ("contact-consent",),
             "Paul Becker (u0017) has marketing_consent=false and gets a marketing e-mail.", c)

    # S09: an SMS to a customer who opted out of SMS
    c = case("u0019", "delivery")
    c.customer_says(utc(12, 9, 40), "email", "Where is my parcel NW-45120?")
    c.agent_says(utc(12, 10, 30), "email",
                 "Your parcel is scheduled to arrive on 2026-03-13.", 3,
                 claims={"delivery_date": "2026-03-13"})
    c.add(utc(13, 7, 30), "sms", "outbound", "system",
          "{brand}: your parcel NW-45120 will be delivered today between 10:00 and 14:00.",
          status="pending", purpose="transactional")
    c.agent_says(utc(13, 12, 0), "email", "Good news: NW-45120 has been delivered today.", 3,
                 status="resolved")
    c.agent_says(utc(16, 9, 0), "email",
                 "Just checking in: did everything arrive in good condition?", 3,
                 status="closed")
    scenario("S09", "SMS to a customer who opted out of SMS",
             ("contact-consent", "preferred-channel"),
             "Grace Miller (u0019) has opted_out_channels=sms and gets a delivery SMS, which "
             "also ignores her preferred channel (e-mail).", c)

    # S10: marketing in the customer's quiet hours
    c = case("u0021", "general", "low")
    c.customer_says(utc(16, 9, 15), "sms", "Hi, is the robot vacuum back in stock?")
    c.agent_says(utc(16, 9, 35), "sms", "Yes, it is back in stock since this morning.", 2,
                 status="resolved")
    c.agent_says(utc(17, 10, 0), "sms", "Did you find what you were looking for?", 2,
                 status="closed")
    c.add(utc(21, 22, 30), "sms", "outbound", "system",
          "{first}, robot vacuums are 20% off this weekend only! Reply STOP to opt out.",
          status="closed", purpose="marketing", topic=None, priority=None)
    scenario("S10", "Marketing SMS at 23:30 in the customer's quiet hours",
             ("contact-consent",),
             "Sat 21 March 23:30 Europe/Berlin; Felix Braun's quiet hours are 21:00-08:00.", c)

    # S11: a VIP waiting two hours
    c = case("u0023", "delivery", "high")
    c.customer_says(utc(18, 9, 0), "email",
                    "Our office order NW-59004 arrived with two items missing.")
    c.agent_says(utc(18, 11, 10), "email",
                 "I am sorry about that. I have asked the warehouse what happened to the "
                 "missing items.", 1)
    c.customer_says(utc(18, 11, 25), "email", "Thanks. Can you send them by express?")
    c.agent_says(utc(18, 11, 32), "email",
                 "Absolutely: they will arrive on 2026-03-19 by express.", 1,
                 status="resolved", claims={"delivery_date": "2026-03-19"})
    c.agent_says(utc(19, 16, 0), "email", "Did the missing items arrive today?", 1,
                 status="closed")
    scenario("S11", "VIP customer waits over 2 hours", ("vip-waiting",),
             "Amelia Clarke (u0023, vip) waits 2h 10m for the first answer (VIP limit 15m; "
             "within the e-mail SLA).", c)

    # S12: csat 1
    c = case("u0025", "technical")
    c.customer_says(utc(19, 10, 0), "phone", "My smart watch does not charge anymore.")
    c.agent_says(utc(19, 10, 3), "phone",
                 "Asked the customer to try another cable, no luck. Offered a repair.", 4)
    c.customer_says(utc(20, 9, 30), "phone", "The repair form on the website does not work.")
    c.agent_says(utc(20, 9, 32), "phone",
                 "Sent the repair label by e-mail and booked the pickup.", 4,
                 status="resolved")
    c.add(utc(20, 10, 30), "email", "outbound", "system",
          "How did we do? Please rate your experience with {brand} support from 1 to 5.",
          status="closed")
    c.add(utc(20, 14, 10), "email", "inbound", "system",
          "Survey answer: 1 out of 5. Comment: two calls for a simple repair.",
          status="closed", csat=1.0)
    scenario("S12", "Customer rates the support 1 out of 5", ("unhappy-customer",),
             "A survey answer with csat 1.", c)

    # S13: the same problem again two days after resolution
    first = case("u0027", "technical")
    first.customer_says(utc(9, 13, 0), "chat",
                        "My router drops the Wi-Fi connection every evening.")
    first.agent_says(utc(9, 13, 1), "chat",
                     "Sorry about that. Which firmware version does the router show?", 5)
    first.customer_says(utc(9, 13, 3), "chat", "It says 2.1.")
    first.agent_says(utc(9, 13, 4), "chat",
                     "Please update to 2.4 in the app; that fixes the evening drop-outs.", 5)
    first.customer_says(utc(9, 13, 9), "chat", "Done, it works now. Thanks!", sentiment=0.5)
    first.agent_says(utc(9, 13, 10), "chat", "Glad it works again! I will close this chat.",
                     5, status="resolved")
    again = case("u0027", "technical")
    again.customer_says(utc(11, 14, 0), "chat",
                        "The Wi-Fi problem is back since last night, even with the update.",
                        sentiment=-0.3)
    again.agent_says(utc(11, 14, 1), "chat",
                     "I'm sorry to hear that. I'll send you a replacement router.", 6)
    again.customer_says(utc(11, 14, 3), "chat", "OK, thank you.")
    again.agent_says(utc(11, 14, 4), "chat",
                     "The replacement ships today. You will get the tracking link by e-mail.",
                     6, status="resolved")
    again.agent_says(utc(13, 9, 0), "email",
                     "Just checking in: is the new router working well?", 6, status="closed")
    first.agent_says(utc(10, 9, 0), "email",
                     "Just checking in: is the connection stable now?", 5, status="closed")
    scenario("S13", "Customer comes back on the same topic 2 days after resolution",
             ("came-back-same-topic",),
             "Camille Dubois (u0027): a technical case resolved Mon 9 March, a new technical "
             "case Wed 11 March (flagged on the second case).", first, again)

    # S14: a callback promised by 16:00 that never happens
    c = case("u0029", "billing")
    c.customer_says(utc(25, 14, 0), "phone",
                    "I was billed for a subscription I cancelled in February.", verified=False)
    c.agent_says(utc(25, 14, 4), "phone",
                 "Verified the customer. Billing team must check the cancellation; promised a "
                 "callback by 16:00 Berlin time today.", 7, verified=True,
                 promise_due=utc(25, 15, 0))
    scenario("S14", "Callback promised by 16:00 never happens", ("promises-kept",),
             "promise_due Wed 25 March 16:00 Berlin; no outbound message follows in the case.",
             c)

    # S15: a resolved case without any follow-up
    c = case("u0031", "account", "low")
    c.customer_says(utc(16, 10, 0), "chat",
                    "How do I change the e-mail address I use to log in?", verified=False)
    c.agent_says(utc(16, 10, 1), "chat",
                 "I can help. First I will send a verification code to your phone.", 8,
                 verified=False)
    c.customer_says(utc(16, 10, 3), "chat", "I have the code now.", verified=False)
    c.agent_says(utc(16, 10, 4), "chat",
                 "Thanks, you are verified. Done: your login e-mail has been updated.", 8,
                 status="resolved", verified=True)
    scenario("S15", "Resolved case never followed up", ("follow-up-after-resolution",),
             "Resolved Mon 16 March; no check-in or survey in the following 3 days.", c)

    # S16: account details before the identity check
    c = case("u0033", "account")
    c.customer_says(utc(10, 14, 0), "chat",
                    "Hi, can you tell me which address my last order went to?", verified=False)
    c.agent_says(utc(10, 14, 1), "chat",
                 "Sure! Your address on file is Calle Mayor 12, Madrid, and your order history "
                 "shows NW-31877 delivered there.", 1, verified=False)
    c.customer_says(utc(10, 14, 2), "chat", "Thanks, that's right.", verified=False)
    c.agent_says(utc(10, 14, 3), "chat", "Anything else I can do? Have a nice day!", 1,
                 status="resolved", verified=False)
    c.agent_says(utc(11, 9, 30), "email",
                 "Just checking in: did you find everything you needed?", 1, status="closed")
    scenario("S16", "Account details shared before identity verification",
             ("verify-before-account-details",),
             "An agent states the address on file and order history with "
             "identity_verified=false.", c)

    # S17: a customer posts their own contact details publicly
    c = case("u0035", "technical")
    c.customer_says(utc(5, 16, 0), "social",
                    "please call me about my broken kettle, my number is +44 7700 900123 or "
                    "write to chloe.taylor@example.com")
    c.agent_says(utc(5, 16, 10), "social",
                 "thanks for reaching out! For your privacy we have moved this to a direct "
                 "message.", 2)
    c.agent_says(utc(5, 16, 30), "email",
                 "A replacement kettle is on its way to you. Sorry for the trouble.", 2,
                 status="resolved")
    c.agent_says(utc(6, 14, 0), "email", "Did the replacement kettle arrive safely?", 2,
                 status="closed")
    scenario("S17", "Customer posts their own phone number and e-mail publicly",
             ("customer-posted-pii",),
             "Inbound social post with a phone number and an e-mail address (info, moved to "
             "a private channel).", c)

    # S18: a full IBAN written back by e-mail
    c = case("u0037", "refund")
    c.customer_says(utc(23, 9, 0), "email",
                    "Please refund my cancelled order NW-70021 to my bank account "
                    "DE89 3704 0044 0532 0130 00.")
    c.agent_says(utc(23, 10, 30), "email",
                 "We will refund 89.00 EUR to DE89 3704 0044 0532 0130 00 within 14 days.", 4,
                 claims={"refund_days": "14"})
    c.agent_says(utc(24, 10, 0), "email", "Your refund for NW-70021 has been issued.", 4,
                 status="resolved", purpose="transactional")
    c.agent_says(utc(26, 9, 0), "email",
                 "Just checking in: has the refund reached your bank?", 4, status="closed")
    scenario("S18", "Full IBAN written back to the customer by e-mail",
             ("no-card-numbers-anywhere",),
             "An outbound e-mail repeats the customer's full IBAN.", c)
    return out
