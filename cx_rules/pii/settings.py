"""What a detection run is configured with: :class:`Options` and its defaults.

The regions phone numbers without ``+CC`` are read in and the evidence a phone needs to be
reported; what belongs to the company (its phones, e-mail domains and number types: claimed,
never reported); the keywords that introduce each reference number.
:func:`cx_rules.pii.options` builds checked Options from a ruleset's values.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from phonenumbers import PhoneNumberType

#: Default regions for numbers written without ``+CC``, tried in this order.
DEFAULT_REGIONS: tuple[str, ...] = ("US", "GB", "IN")
#: Number types that belong to companies, not people.
COMPANY_TYPES: dict[str, int] = {
    "toll_free": PhoneNumberType.TOLL_FREE,
    "shared_cost": PhoneNumberType.SHARED_COST,
    "premium_rate": PhoneNumberType.PREMIUM_RATE,
    "uan": PhoneNumberType.UAN,
}
Evidence = Literal["valid", "possible", "uncertain"]

DEFAULT_KEYWORDS: dict[str, tuple[str, ...]] = {
    "order_number": ("order", "orders", "ordered", "заказ", "заказа", "заказу", "sifariş",
                     "sifarişim", "sifarişin", "sifarişiniz", "buyurtma", "buyurtmam",
                     "سفارش", "طلب", "طلبي", "pedido", "commande", "bestellung"),
    "ticket_number": ("ticket", "case", "ref", "reference", "complaint", "заявка", "заявки",
                      "обращение", "обращения", "тикет", "müraciət", "murojaat", "تذكرة",
                      "تیکت"),
    "tracking_number": ("tracking", "parcel", "shipment", "consignment", "трек", "трек-номер",
                        "izləmə", "kuzatuv", "رهگیری", "تتبع"),
    "booking_reference": ("booking", "reservation", "pnr", "бронь", "брони", "бронирование",
                          "rezervasiya", "bron", "حجز", "رزرو"),
    "account_number": ("account", "acct", "счёт", "счет", "счета", "лицевой счёт", "hesab",
                       "hesabım", "hisob", "hisobim", "حساب", "حسابي"),  # noqa: RUF001
}


@dataclass(frozen=True)
class Options:
    """How to read phones and what belongs to the company (hashable: cached per value)."""

    regions: tuple[str, ...] = DEFAULT_REGIONS
    evidence: Evidence = "valid"
    company_phones: tuple[str, ...] = ()
    """E.164 forms (``+448000280208``) of the company's own numbers."""
    company_domains: tuple[str, ...] = ()
    """Lowercase e-mail domains of the company; subdomains count too."""
    company_types: tuple[int, ...] = tuple(COMPANY_TYPES.values())
    keywords: tuple[tuple[str, tuple[str, ...]], ...] = tuple(DEFAULT_KEYWORDS.items())


DEFAULT_OPTIONS = Options()
