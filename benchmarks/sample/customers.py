"""The 40 customer profiles of the curated sample."""

from __future__ import annotations

import random

from benchmarks.sample.model import SampleCustomer
from benchmarks.synthetic.vocab import FIRST_NAMES, LAST_NAMES, LOCALES


def sample_customers() -> list[SampleCustomer]:
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
