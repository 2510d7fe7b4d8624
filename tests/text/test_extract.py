# ruff: noqa: RUF001 - sentences in Cyrillic, Persian and Arabic on purpose
"""Facts and promises read from text, per language, with negatives."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from cx_rules.text import extract_facts, extract_promises, is_delay_notice

WED = datetime(2026, 3, 4, 10, 0, tzinfo=UTC)  # a Wednesday


def facts(text: str, zone: str = "UTC") -> list[tuple[str, str]]:
    return [(f.key, f.value) for f in extract_facts(text, WED, zone)]


def promises(text: str, zone: str = "UTC") -> list[tuple[str, str]]:
    return [(p.kind, p.due.strftime("%Y-%m-%d %H:%M")) for p in extract_promises(text, WED, zone)]


@pytest.mark.parametrize(("text", "expected"), [
    ("Your parcel arrives on 5 March.", [("delivery_date", "2026-03-05")]),
    ("The courier will deliver it on Monday.", [("delivery_date", "2026-03-09")]),
    ("Your appointment is on 12 March 2026.", [("appointment_date", "2026-03-12")]),
    ("Мы доставим в понедельник.", [("delivery_date", "2026-03-09")]),
    ("Доставка 5 марта.", [("delivery_date", "2026-03-05")]),
    ("Sifarişiniz 9 mart tarixində çatdırılacaq.", [("delivery_date", "2026-03-09")]),
    ("Buyurtmangiz dushanba kuni yetkaziladi.", [("delivery_date", "2026-03-09")]),
    ("Буюртмангиз 9 март куни етказилади.", [("delivery_date", "2026-03-09")]),
    ("سفارش شما ۱۸ مارس تحویل داده می‌شود.", [("delivery_date", "2026-03-18")]),
    ("سيتم توصيل طلبك يوم الاثنين.", [("delivery_date", "2026-03-09")]),
    ("سيتم توصيل طلبك في ٩ مارس.", [("delivery_date", "2026-03-09")]),
    ("Курьер доставит заказ 10.03.2026.", [("delivery_date", "2026-03-10")]),  # dot ends it
    ("The courier delivers on 2026/03/10.", [("delivery_date", "2026-03-10")]),
])
def test_dates(text: str, expected: list[tuple[str, str]]) -> None:
    assert facts(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("The price is 12.50 AZN.", [("price", "12.50 AZN")]),
    ("Qiyməti 25 ₼.", [("price", "25.00 AZN")]),
    ("Цена 1 200 руб.", [("price", "1200.00 RUB")]),
    ("Narxi 150 000 so'm.", [("price", "150000.00 UZS")]),
    ("قیمت ۱۲٫۵۰ تومان است", [("price", "125.00 IRR")]),
    ("السعر ٤٥ ر.س", [("price", "45.00 SAR")]),
    ("We will refund $30.", [("refund_amount", "30.00 USD")]),
])
def test_amounts(text: str, expected: list[tuple[str, str]]) -> None:
    assert facts(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("The refund arrives within 3-5 working days.", [("refund_days", "3-5 business days")]),
    ("Geri ödəmə 5 iş günü ərzində olacaq, pulunuz qaytarılacaq.",
     [("refund_days", "5 business days")]),
    ("Возврат займёт 5 рабочих дней.", [("refund_days", "5 business days")]),
    ("بازپرداخت ظرف ۵ روز کاری انجام می‌شود.", [("refund_days", "5 business days")]),
    ("سيتم استرداد المبلغ خلال 5 أيام عمل.", [("refund_days", "5 business days")]),
    ("Pulingiz 5 ish kuni ichida qaytariladi.", [("refund_days", "5 business days")]),
    ("Delivery takes 2 days.", [("delivery_days", "2 days")]),
])
def test_durations(text: str, expected: list[tuple[str, str]]) -> None:
    assert facts(text) == expected


@pytest.mark.parametrize("text", [
    "Your order number is 12345.",
    "Call us at +994 50 123 45 67.",
    "I have 5 questions about the app.",
    "Order #2026-0305 is noted.",
    "Ваш номер заказа 123456.",
    "شماره سفارش ۱۲۳۴۵ است",
    "رقم الطلب 98765",
    "Thanks, see you!",
    "",
])
def test_negatives_give_no_facts(text: str) -> None:
    assert facts(text) == []


def test_a_date_without_context_is_not_a_fact() -> None:
    assert facts("It was 5 March.") == []
    assert facts("The office is closed on Monday.") == []


def test_spans_point_at_the_value_in_the_original_text() -> None:
    text = "قیمت ۱۲٫۵۰ تومان است"
    (fact,) = extract_facts(text, WED, "UTC")
    assert text[fact.start:fact.end] == "۱۲٫۵۰ تومان"


@pytest.mark.parametrize(("text", "zone", "expected"), [
    ("We will get back to you by Friday.", "UTC", [("reply", "2026-03-06 23:59")]),
    ("Мы ответим вам завтра.", "Europe/Moscow", [("reply", "2026-03-05 20:59")]),
    ("Мы перезвоним вам завтра.", "UTC", [("callback", "2026-03-05 23:59")]),
    ("Sizə sabah zəng edəcəyik.", "Asia/Baku", [("callback", "2026-03-05 19:59")]),
    ("Sizga ertaga qo'ng'iroq qilamiz.", "UTC", [("callback", "2026-03-05 23:59")]),
    ("Сизга эртага қўнғироқ қиламиз.", "UTC", [("callback", "2026-03-05 23:59")]),
    ("فردا با شما تماس خواهیم گرفت.", "UTC", [("callback", "2026-03-05 23:59")]),
    ("سنتصل بك غداً.", "UTC", [("callback", "2026-03-05 23:59")]),
    ("Your order ships today.", "UTC", [("shipment", "2026-03-04 23:59")]),
    ("سيتم شحن طلبك اليوم.", "UTC", [("shipment", "2026-03-04 23:59")]),
    # three working days from Wednesday: Thu, Fri, Mon
    ("Pulunuz üç iş günü ərzində qaytarılacaq.", "UTC", [("refund", "2026-03-09 23:59")]),
    ("The refund arrives within 5 days.", "UTC", [("refund", "2026-03-09 23:59")]),
    ("We will call you back at 16:30.", "UTC", [("callback", "2026-03-04 16:30")]),
])
def test_promises(text: str, zone: str, expected: list[tuple[str, str]]) -> None:
    assert promises(text, zone) == expected


@pytest.mark.parametrize("text", [
    "We will get back to you.",  # no time: nothing to judge
    "We called you yesterday.",
    "Your order number is 12345.",
    "Мы работаем с 9 до 18.",
])
def test_not_promises(text: str) -> None:
    assert promises(text) == []


@pytest.mark.parametrize(("text", "delay"), [
    ("Sorry, still delayed.", True),
    ("Извините, всё ещё задерживается.", True),
    ("Üzr istəyirik, hələ də gecikir.", True),
    ("Uzr, buyurtma kechikmoqda.", True),
    ("Узр, буюртма кечикмоқда.", True),
    ("متاسفیم، هنوز تأخیر دارد.", True),
    ("نعتذر، لا يزال الطلب متأخراً.", True),
    ("Here is your answer: the invoice is attached.", False),
    ("Ваш заказ доставлен.", False),
    (None, False),
])
def test_delay_notices(text: str | None, delay: bool) -> None:
    assert is_delay_notice(text) is delay


@pytest.mark.parametrize("text", ["\x00\x01", "5" * 5000, "((((", "۵۵۵۵ ٫٫٫ ،،،", "31 February"])
def test_bad_input_is_no_traceback(text: str) -> None:
    extract_facts(text, WED, "Not/AZone")
    extract_promises(text, WED, "Not/AZone")


@pytest.mark.parametrize("text", [
    "We will reply within 24 hours.",
    "Мы ответим вам в течение 24 часов.",
    "24 saat ərzində sizə cavab verəcəyik.",
    "24 soat ichida javob beramiz.",
    "24 соат ичида жавоб берамиз.",
    "ظرف ۲۴ ساعت به شما پاسخ خواهیم داد.",
    "سنرد عليك خلال ٢٤ ساعة.",
])
def test_within_hours_is_due_that_many_hours_after_the_message(text: str) -> None:
    assert promises(text, "Asia/Baku") == [("reply", "2026-03-05 10:00")]


@pytest.mark.parametrize(("text", "expected"), [
    ("The refund arrives within 48 hours.", [("refund_days", "2 days")]),
    ("Your parcel should arrive within two weeks.", [("delivery_days", "14 days")]),
    ("Посылка придёт в течение двух недель.", [("delivery_days", "14 days")]),
    ("Bağlama iki həftə ərzində çatdırılacaq.", [("delivery_days", "14 days")]),
    ("مرسوله شما ظرف دو هفته تحویل می‌شود.", [("delivery_days", "14 days")]),
    ("سيتم توصيل طلبك خلال يومين.", [("delivery_days", "2 days")]),  # the dual: two days
    ("ستصل الشحنة خلال ساعتين.", [("delivery_days", "2 hours")]),
    ("Курьер приедет завтра в 9 часов.", [("delivery_date", "2026-03-05")]),  # a clock time
    ("Курьер приедет через 2 часа.", [("delivery_days", "2 hours")]),
])
def test_hours_weeks_and_the_arabic_dual(text: str, expected: list[tuple[str, str]]) -> None:
    assert facts(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Your parcel was delivered 2 days ago.", [("delivery_date", "2026-03-02")]),
    ("Посылка была доставлена 2 дня назад.", [("delivery_date", "2026-03-02")]),
    ("Bağlama 2 gün əvvəl çatdırılıb.", [("delivery_date", "2026-03-02")]),
    ("Buyurtmangiz 3 kun oldin yetkazilgan.", [("delivery_date", "2026-03-01")]),
    ("مرسوله ۲ روز پیش تحویل داده شد.", [("delivery_date", "2026-03-02")]),
    ("تم توصيل طلبك منذ يومين.", [("delivery_date", "2026-03-02")]),
])
def test_how_long_ago_dates_a_past_event(text: str, expected: list[tuple[str, str]]) -> None:
    assert facts(text) == expected


@pytest.mark.parametrize("text", ["Мы перезвонили вам 2 часа назад.",
                                  "Мы перезвонили вам 2 дня назад."])
def test_how_long_ago_is_no_due_time(text: str) -> None:
    assert promises(text) == []


@pytest.mark.parametrize(("text", "expected"), [
    ("Usta 12 martda gələcək.", [("appointment_date", "2026-03-12")]),
    ("Pulingiz 15-martgacha qaytariladi.", [("refund_date", "2026-03-15")]),
    ("Пулингиз 15 мартгача қайтарилади.", [("refund_date", "2026-03-15")]),
])
def test_month_case_endings(text: str, expected: list[tuple[str, str]]) -> None:
    assert facts(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("هزینه ارسال ۵۰ هزار تومان است.", [("price", "500000.00 IRR")]),
    ("Narxi 50 ming so'm.", [("price", "50000.00 UZS")]),
    ("Стоимость 3 тысячи рублей.", [("price", "3000.00 RUB")]),
    # Russian "сумма" (a sum) is not the Uzbek sum
    ("Сумма 890 ₽ будет возвращена.", [("refund_amount", "890.00 RUB")]),
    # "the amount" alone says nothing about a refund
    ("المبلغ المستحق ٩٩٫٥٠ $.", [("price", "99.50 USD")]),
])
def test_amount_words(text: str, expected: list[tuple[str, str]]) -> None:
    assert facts(text) == expected


def test_a_time_window_is_due_at_its_end() -> None:
    assert promises("Оператор свяжется с вами завтра с 10:00 до 12:00.") == [
        ("reply", "2026-03-05 12:00")]
