"""Text templates of the synthetic log and their flattened lookup table.

``TEMPLATES[kind][topic or "*"]`` holds the texts of one kind of row; the placeholders
(``PLACEHOLDERS`` and ``{handle}``) are filled per row when the log is assembled.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from benchmarks.synthetic.vocab import BRAND, TOPICS

TEMPLATES: dict[str, dict[str, tuple[str, ...]]] = {
    "open": {
        "billing": (
            "I was charged twice for order {order}. Can you please check?",
            "My invoice for {order} shows a higher amount than the price in the shop.",
            "Why did my monthly payment go up this month? Nobody told me about a change.",
            "I paid for {order} but the invoice still says unpaid.",
            "There is a charge on my statement I do not recognise. Please explain.",
        ),
        "delivery": (
            "Where is my order {order}? It was supposed to arrive two days ago.",
            "The tracking for {order} has not moved since Monday.",
            "My {product} was marked as delivered but there is nothing at my door.",
            "Can you tell me when {order} will arrive? I need it before the weekend.",
            "The parcel with my {product} arrived damaged. What now?",
        ),
        "refund": (
            "I returned my {product} two weeks ago and still have no refund.",
            "How long does a refund take? I sent back order {order} last week.",
            "I cancelled {order} before it shipped. When do I get my money back?",
            "You confirmed my return of the {product} but the refund is missing.",
        ),
        "technical": (
            "My {product} stopped connecting to the app after the last update.",
            "The {product} keeps restarting every few minutes. I tried a reset already.",
            "I cannot log in to the app, it says 'unknown error' every time.",
            "The {product} shows error E42 and will not turn on.",
            "Firmware update failed halfway and now the {product} is stuck.",
        ),
        "account": (
            "I cannot reset my password, the reset mail never arrives.",
            "Please change the delivery address on my profile, I moved last month.",
            "Someone else's order shows up in my order list. Is my login safe?",
            "I want to change the e-mail address I use to log in.",
        ),
        "cancellation": (
            "I want to cancel my subscription at the end of this month.",
            "How do I cancel order {order}? I ordered the wrong size.",
            "Please cancel my contract. What is the notice period?",
            "I tried to cancel online but the button does nothing.",
        ),
        "general": (
            "Do you have the {product} in stock in black?",
            "Is there a warranty extension for the {product}?",
            "Can I pick up my order in a store instead of delivery?",
            "What are your opening hours over Easter?",
        ),
    },
    "cust": {
        "*": (
            "Thanks. Here is the information you asked for.",
            "I tried that but it did not help, unfortunately.",
            "OK, I have attached a photo.",
            "Any news on this?",
            "That is not what I was told last time.",
            "Thanks for the quick answer. One more question though.",
            "It still does not work.",
            "Yes, that is correct.",
        ),
        "delivery": (
            "The tracking still says 'in transit'.",
            "Can you send it to my work address instead?",
            "Nobody rang the bell, I was home all day.",
        ),
        "refund": (
            "I still do not see the money on my account.",
            "I sent the return with the prepaid label, tracking says it arrived.",
        ),
        "technical": (
            "I did the reset as you described, same error.",
            "The serial number is on the back, it starts with NW.",
        ),
    },
    "chase": {
        "*": (
            "Hello? Is anybody reading this?",
            "Still waiting for an answer to my message.",
            "This is my second message about this. Please respond.",
            "Can someone please get back to me?",
            "I have been waiting for days now.",
        ),
    },
    "switch": {
        "*": (
            "I already wrote about this on {prev_channel} but nobody answered, so I am trying "
            "here.",
            "Nobody replied on {prev_channel}. Can you help me here instead?",
            "Following up here because my {prev_channel} message got no reply.",
        ),
    },
    "repeat": {
        "*": (
            "Hi again, the problem from last week is back.",
            "I was told this was fixed, but it is happening again.",
            "Same issue as before. Your last answer did not solve it.",
        ),
        "delivery": ("My order still has not arrived, even though you said it was sorted.",),
        "refund": ("The refund you confirmed last week never arrived.",),
        "technical": ("The {product} has the same fault again since yesterday.",),
    },
    "reply": {
        "billing": (
            "Thanks for reaching out. I am looking into the charge for {order} now.",
            "I can see two payment attempts; one of them will be released automatically.",
            "I have asked our billing team to check the invoice for {order}.",
        ),
        "delivery": (
            "Thanks for your patience. I have asked the carrier for an update on {order}.",
            "The carrier reports a delay in the regional depot. I am on it.",
            "I have opened an investigation with the carrier for {order}.",
        ),
        "refund": (
            "Thanks. I can see the return of your {product} has been received.",
            "I have checked order {order}: the return is being processed.",
        ),
        "technical": (
            "Sorry about that. Could you hold the reset button for 10 seconds and try again?",
            "Thanks. Which app version do you have installed?",
            "This looks like a known issue with the last update. A fix is on its way.",
        ),
        "account": (
            "Thanks. For security reasons I will send a new reset link now.",
            "I can help with that once we have confirmed it is you.",
        ),
        "cancellation": (
            "Sorry to see you go. I can take care of the cancellation for you.",
            "Thanks. I have noted your cancellation request.",
        ),
        "general": (
            "Thanks for asking! Let me check that for you.",
            "Good question. I am checking with the team.",
        ),
    },
    "pending": {
        "*": (
            "Could you send us a photo of the label so we can check further?",
            "Could you confirm the order number so I can continue?",
            "Please let us know if this works for you.",
            "I will wait for your reply before I close this.",
        ),
    },
    "resolve": {
        "billing": (
            "The duplicate charge has been reversed. You will see it within 3-5 days.",
            "I have corrected the invoice for {order}. Sorry for the trouble.",
        ),
        "delivery": (
            "Good news: {order} has been delivered today.",
            "A replacement {product} is on its way to you. Sorry again.",
        ),
        "refund": (
            "Your refund for {order} has been issued.",
            "The refund has been processed to your original payment method.",
        ),
        "technical": (
            "Glad it works again! I will close this ticket now.",
            "The fix has been applied. Everything should run normally again.",
        ),
        "account": (
            "Done: your login e-mail has been updated.",
            "Your password reset works now. Have a good day!",
        ),
        "cancellation": (
            "Your cancellation is confirmed. You will receive a confirmation by e-mail.",
            "Order {order} has been cancelled.",
        ),
        "general": (
            "Happy to help! Let us know if there is anything else.",
            "I hope this answers your question. Have a nice day!",
        ),
    },
    "claim": {
        "delivery": (
            "Your parcel is scheduled to arrive on {claim}.",
            "The carrier confirmed delivery of {order} on {claim}.",
            "Your {product} will be delivered on {claim}.",
        ),
        "billing": (
            "The correct price for your {product} is {claim} EUR.",
            "Your new monthly amount is {claim} EUR.",
        ),
        "refund": (
            "Refunds are paid within {claim} days after we receive the item.",
            "You will get your money back within {claim} days.",
        ),
        "cancellation": (
            "Any amount already paid is refunded within {claim} days of the cancellation.",
        ),
    },
    "promise": {
        "*": (
            "I will call you back by {due} with an update.",
            "I will get back to you by {due} at the latest.",
            "Let me check with the warehouse; you will hear from me by {due}.",
        ),
    },
    "promise_kept": {
        "*": (
            "As promised, here is the update on your case.",
            "Calling you back as agreed: we found the cause.",
        ),
    },
    "promise_late": {
        "*": (
            "Apologies, I know I promised to get back to you sooner.",
            "Sorry for the delay, this took longer than I said.",
        ),
    },
    "account": {
        "*": (
            "I can see your account balance is 23.40 EUR and the card ending {last4} is active.",
            "Your address on file is the one in Berlin, and your account number ends in {last4}.",
            "Looking at your order history, the last order was {order}.",
        ),
    },
    # personal data in a reply, one kind per pool (in the order of PII_KINDS)
    "pii_card": {
        "*": (
            "we checked the payment from card {pii} and it was declined by the bank.",
            "the refund goes back to the card {pii} within a few days.",
        ),
    },
    "pii_iban": {
        "*": (
            "we will refund the amount to {pii} within a few days.",
            "the direct debit from {pii} failed, please check with your bank.",
        ),
    },
    "pii_email": {
        "*": (
            "thanks, we found your account under {pii}.",
            "we have sent the details to {pii}, please check your inbox.",
        ),
    },
    "pii_phone": {
        "*": (
            "we tried to reach you at {pii} but could not get through.",
            "a colleague will call you at {pii} this afternoon.",
        ),
    },
    "bot": {
        "*": (
            "Hi, I am Wave, the {brand} assistant. I can help with orders, returns and more.",
            "I found this article that might help: 'Troubleshooting your {product}'.",
            "Did that answer your question? You can also ask for a human agent.",
        ),
    },
    "invite": {
        "*": (
            "How did we do? Please rate your experience with {brand} support from 1 to 5.",
            "Your case is closed. Tell us in one click how satisfied you are.",
        ),
    },
    "answer": {
        "*": (
            "Survey answer: {csat} out of 5.",
            "Customer rated the support {csat}/5.",
        ),
    },
    "follow_up": {
        "*": (
            "Just checking in: is everything working as it should now?",
            "We wanted to make sure your issue is fully solved. Anything else we can do?",
            "Following up on your recent request. Reply here if anything is still open.",
        ),
    },
    "marketing": {
        "*": (
            "Spring sale at {brand}: 20% off all {product} models this week only!",
            "Hi {first}, your favourites are back in stock. Order now with free shipping.",
            "{first}, we have a special offer for loyal customers: 15% off your next order.",
            "New at {brand}: the next-generation {product}. Pre-order today.",
        ),
    },
}

TEXT_KINDS: tuple[str, ...] = tuple(TEMPLATES)
KIND = {name: i for i, name in enumerate(TEXT_KINDS)}
PLACEHOLDERS: tuple[str, ...] = (
    "{first}", "{agent}", "{order}", "{product}", "{claim}", "{due}", "{pii}", "{prev_channel}",
    "{csat}", "{last4}",
)


@dataclass(frozen=True)
class TemplateTable:
    """All templates flattened: texts[i], and the pool (offset, size) per (kind, topic)."""

    texts: tuple[str, ...]
    offsets: tuple[int, ...]
    sizes: tuple[int, ...]


@functools.cache
def template_table() -> TemplateTable:
    texts: list[str] = []
    offsets: list[int] = []
    sizes: list[int] = []
    for kind in TEXT_KINDS:
        pools = TEMPLATES[kind]
        fallback = pools.get("*") or next(iter(pools.values()))
        for topic in TOPICS:
            pool = pools.get(topic, fallback)
            offsets.append(len(texts))
            sizes.append(len(pool))
            texts.extend(t.replace("{brand}", BRAND) for t in pool)
    return TemplateTable(tuple(texts), tuple(offsets), tuple(sizes))
