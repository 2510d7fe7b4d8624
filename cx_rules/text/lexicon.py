# ruff: noqa: RUF001, RUF002 - multilingual text (Cyrillic, Persian, Arabic) on purpose
"""The words the extractor reads, per language: en, ru, az, uz (Latin), uz-Cyrl, fa, ar.

Patterns are regular-expression fragments matched case-insensitively on the text after
:func:`cx_rules.text.digits.ascii_digits` (so ``'`` is the only apostrophe and digits are
ASCII). Longer alternatives come first, so ``cümə axşamı`` wins over ``cümə``.
"""

from __future__ import annotations

LANGUAGES: tuple[str, ...] = ("en", "ru", "az", "uz", "uz-Cyrl", "fa", "ar")

ZW = "[\u200c ]?"
"""Persian writes some compounds with a zero-width non-joiner, a space or nothing."""

WEEKDAYS: dict[str, tuple[str, ...]] = {
    # Monday first; each entry a pattern
    "en": ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"),
    "ru": (r"понедельник\w*", r"вторник\w*", r"сред[аыуе]", r"четверг\w*", r"пятниц\w*",
           r"суббот\w*", r"воскресень\w*"),
    "az": (r"bazar ert[əe]si", r"[çc][əe]r[şs][əe]nb[əe] ax[şs]am[ıi]", r"[çc][əe]r[şs][əe]nb[əe]",
           r"c[üu]m[əe] ax[şs]am[ıi]", r"c[üu]m[əe]", r"[şs][əe]nb[əe]", r"bazar"),
    "uz": ("dushanba", "seshanba", "chorshanba", "payshanba", "juma", "shanba", "yakshanba"),
    "uz-Cyrl": ("душанба", "сешанба", "чоршанба", "пайшанба", "жума", "шанба", "якшанба"),
    "fa": ("دوشنبه", f"سه{ZW}شنبه", f"چهار{ZW}شنبه", f"پنج{ZW}شنبه", "جمعه", "شنبه",
           f"یک{ZW}شنبه"),
    "ar": ("ال[اإ]ثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد"),
}

RELATIVE_DAYS: dict[str, tuple[tuple[str, int], ...]] = {
    "en": (("the day after tomorrow", 2), ("day after tomorrow", 2), ("tomorrow", 1),
           ("today", 0), ("tonight", 0), ("end of (?:the )?day", 0)),
    "ru": (("послезавтра", 2), ("завтра", 1), ("сегодня", 0)),
    "az": (("birig[üu]n", 2), ("sabah", 1), ("bu g[üu]n", 0), ("bug[üu]n", 0)),
    "uz": (("indinga", 2), ("ertaga", 1), ("bugun", 0)),
    "uz-Cyrl": (("индинга", 2), ("эртага", 1), ("бугун", 0)),
    "fa": ((f"پس{ZW}فردا", 2), ("فردا", 1), ("امروز", 0)),
    "ar": (("بعد غد[اًٍ]*", 2), ("غد[اًٍ]*", 1), ("اليوم", 0)),
}

MONTHS: dict[str, tuple[str, ...]] = {
    "en": ("jan(?:uary)?", "feb(?:ruary)?", "mar(?:ch)?", "apr(?:il)?", "may", "june?",
           "july?", "aug(?:ust)?", "sep(?:t(?:ember)?)?", "oct(?:ober)?", "nov(?:ember)?",
           "dec(?:ember)?"),
    "ru": (r"январ\w*", r"феврал\w*", r"март\w*", r"апрел\w*", r"ма[яй]", r"июн\w*",
           r"июл\w*", r"август\w*", r"сентябр\w*", r"октябр\w*", r"ноябр\w*", r"декабр\w*"),
    "az": ("yanvar", "fevral", "mart", "aprel", "may", "iyun", "iyul", "avqust", "sentyabr",
           "oktyabr", "noyabr", "dekabr"),
    "uz": ("yanvar", "fevral", "mart", "aprel", "may", "iyun", "iyul", "avgust", "sent(?:y)?abr",
           "okt(?:y)?abr", "noyabr", "dekabr"),
    "uz-Cyrl": ("январ", "феврал", "март", "апрел", "май", "июн", "июл", "август", "сентябр",
                "октябр", "ноябр", "декабр"),
    "fa": ("ژانویه", "فوریه", "مارس", "آوریل", "(?:مه|می)", "ژوئن", "(?:ژوئیه|جولای)",
           "(?:اوت|آگوست)", "سپتامبر", "اکتبر", "نوامبر", "دسامبر"),
    "ar": ("يناير", "فبراير", "مارس", "[أا]بريل", "مايو", "يونيو", "يوليو", "[أا]غسطس",
           "سبتمبر", "[أا]كتوبر", "نوفمبر", "ديسمبر"),
}

JALALI_MONTHS: tuple[str, ...] = (
    "فروردین", "اردیبهشت", "خرداد", "تیر", "ا?مرداد", "شهریور", "مهر", "آبان", "آذر", "دی",
    "بهمن", "اسفند")
"""The solar hijri months (Farvardin first), read only with a day number before them
("۱۵ اسفند"): Persian help desks date by this calendar, and dateparser reads it only through a
package this project does not depend on (see :mod:`cx_rules.text.jalali`)."""

MONTH_SUFFIXES: dict[str, str] = {
    "az": r"(?:da|d[əe]|dan|d[əe]n|d[əe]k|dak|[ıi]n|a|[əe])",
    "uz": r"(?:gacha|da|dan|ga|ning|dagi)",
    "uz-Cyrl": r"(?:гача|да|дан|га|нинг|даги)",
}
"""Case endings Azerbaijani and Uzbek write onto a month name ("12 martda", "15-martgacha",
"15 мартгача"); the month is read without them."""

NUMBER_WORDS: dict[str, tuple[str, ...]] = {
    # one..ten, each a pattern
    "en": ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"),
    "ru": ("одн\\w*|один", "дв[аеу]\\w*", "тр[иеё]\\w*", "четыр\\w*", "пят[иь]\\w*",
           "шест[иь]\\w*", "сем[иь]\\w*", "восьм\\w*|восем\\w*", "девят\\w*", "десят\\w*"),
    "az": ("bir", "iki", "[üu][çc]", "d[öo]rd", "be[şs]", "alt[ıi]", "yeddi", "s[əe]kkiz",
           "doqquz", "on"),
    "uz": ("bir", "ikki", "uch", "to'rt", "besh", "olti", "yetti", "sakkiz", "to'qqiz", "o'n"),
    "uz-Cyrl": ("бир", "икки", "уч", "тўрт", "беш", "олти", "етти", "саккиз", "тўққиз", "ўн"),
    "fa": ("یک", "دو", "سه", "چهار", "پنج", "شش", "هفت", "هشت", "نه", "ده"),
    "ar": ("واحد", "اثن[اي]ن|يومين", "ثلاث[ةه]?", "[أا]ربع[ةه]?", "خمس[ةه]?", "ست[ةه]?",
           "سبع[ةه]?", "ثماني[ةه]?", "تسع[ةه]?", "عشر[ةه]?"),
}

DAY_UNITS: dict[str, str] = {
    "en": r"(?:(?P<biz>business|working|work) )?days?",
    "ru": r"(?:(?P<biz>рабоч\w*) )?(?:дн(?:я|ей|и)|день|сут\w*)",
    "az": r"(?:(?P<biz>i[şs]) )?g[üu]n\w*",
    "uz": r"(?:(?P<biz>ish) )?kun\w*",
    "uz-Cyrl": r"(?:(?P<biz>иш) )?кун\w*",
    "fa": f"روز(?:{ZW}های)?(?: (?P<biz>کاری))?",
    "ar": r"(?:[أا]يام|يوم|يومين)(?: (?P<biz>عمل|العمل))?",
}
"""A day unit, optionally business days (named group ``biz``); Persian and Arabic put
"working" after the unit."""

WEEK_UNITS: dict[str, str] = {
    "en": r"weeks?",
    "ru": r"недел[иьяю]\w*",
    "az": r"h[əe]ft[əe]\w*",
    "uz": r"hafta\w*",
    "uz-Cyrl": r"[ҳх]афта\w*",
    "fa": f"هفته(?:{ZW}های|{ZW}ها)?",
    "ar": r"[أا]سابيع|[أا]سبوع",
}
"""A week unit: a duration in weeks is read as seven times as many (calendar) days."""

HOUR_UNITS: dict[str, str] = {
    "en": r"hours?|hrs?",
    "ru": r"час(?:а|ов)?",
    "az": r"saat(?:d[ae])?",
    "uz": r"soat\w*",
    "uz-Cyrl": r"соат\w*",
    "fa": "ساعت",
    "ar": r"ساعات|ساع[ةه]",
}
"""An hour unit ("within 24 hours", "в течение 24 часов", "24 saat ərzində", "۲۴ ساعت"):
read after a number only, so the clock word of "saat 15:00" / "ساعت ۱۰:۰۰" is not one."""

CLOCK_BEFORE: dict[str, str] = {
    "ru": r"в|во",
}
"""Words that make "N hours" a time of day, not a duration ("в 9 часов", at nine o'clock)."""

AGO: dict[str, tuple[str, str]] = {
    # language -> (pattern before a duration, pattern after it) that make it a time in the past
    "en": ("", r"ago|earlier"),
    "ru": ("", r"назад|тому назад"),
    "az": ("", r"[əe]vv[əe]l|[öo]nc[əe]"),
    "uz": ("", r"oldin|avval|burun"),
    "uz-Cyrl": ("", r"олдин|аввал|бурун"),
    "fa": ("", r"پیش|قبل"),
    "ar": (r"منذ|قبل", ""),
}
"""A duration said as how long ago something happened ("2 days ago", "2 дня назад", "منذ
يومين") is not a time to wait: it dates a past event, and is no promise's due time."""

DUAL_UNITS: dict[str, tuple[tuple[str, int, str], ...]] = {
    "ar": (("يومين|يومان", 2, "day"), ("ساعتين|ساعتان", 2, "hour"),
           ("[أا]سبوعين|[أا]سبوعان", 2, "week")),
}
"""Arabic says two of a unit with the dual, without a number ("خلال يومين", within two days):
pattern, count, unit."""

WITHIN: dict[str, str] = {
    "en": r"(?:within|in|up to|takes?|about)",
    "ru": r"(?:в течение|за|через|до)",
    "az": r"(?:[əe]rzind[əe]|m[üu]dd[əe]tind[əe]|sonra|i[çc]ind[əe])",
    "uz": r"(?:ichida|davomida|ichida|keyin)",
    "uz-Cyrl": r"(?:ичида|давомида|кейин)",
    "fa": r"(?:ظرف|طی|تا|در عرض)",
    "ar": r"(?:خلال|في غضون|بعد)",
}

CONTEXT: dict[str, dict[str, str]] = {
    # fact family -> language -> pattern of the words that say what a date or duration is about
    "refund": {
        "en": r"refund\w*|money back|reimburs\w*",
        "ru": r"возврат\w*|возвращ\w*|верн[её]\w*|вернут\w*|деньги|средства",
        "az": r"qaytar\w*|pul\w*|geri [öo]d\w*",
        "uz": r"qaytar\w*|pul\w*",
        "uz-Cyrl": r"қайтар\w*|пул\w*",
        "fa": r"بازپرداخت|استرداد|بازگرد\w*|عودت|پول\w*|وجه",
        "ar": r"استرداد|استرجاع|[إا]رجاع|رد المبلغ|[أا]موال\w*|ترد\w*",
    },
    "appointment": {
        "en": r"appointment|visit|technician|booking",
        "ru": r"визит\w*|запис\w*|мастер\w*|при[её]м\w*",
        "az": r"g[öo]r[üu][şs]\w*|usta\w*|qəbul\w*|randevu",
        "uz": r"uchrashuv\w*|usta\w*|qabul\w*",
        "uz-Cyrl": r"учрашув\w*|уста\w*|қабул\w*",
        "fa": r"نوبت|قرار ملاقات|تکنسین|ملاقات",
        "ar": r"موعد\w*|زيارة|الفني",
    },
    "delivery": {
        "en": r"deliver\w*|arriv\w*|courier|parcel|package",
        "ru": r"достав\w*|привез\w*|прибуд\w*|курьер\w*|посылк\w*",
        "az": r"[çc]atd[ıi]r\w*|t[əe]hvil\w*|kuryer\w*",
        "uz": r"yetkaz\w*|yetib\w*|kuryer\w*",
        "uz-Cyrl": r"етказ\w*|етиб\w*|курьер\w*",
        "fa": r"تحویل|پیک|مرسوله",
        "ar": r"توصيل|تسليم|[وف]?س?[يت]صل\w*|الشحنة",
    },
}

FACT_KEYS: dict[str, dict[str, str]] = {
    "date": {"refund": "refund_date", "appointment": "appointment_date",
             "delivery": "delivery_date"},
    "duration": {"refund": "refund_days", "delivery": "delivery_days"},
    "amount": {"refund": "refund_amount"},
}
"""Which key a fact gets from the nearest context word's family; an amount with no refund
word is a ``price``; a date or duration with no context word is not a fact."""

CURRENCIES: tuple[tuple[str, str, int], ...] = (
    # pattern, ISO code, factor to the code's unit
    ("₼|AZN|manat\\w*|манат\\w*", "AZN", 1),
    ("₽|RUB|руб(?:л\\w*|\\.)?", "RUB", 1),
    ("so'm|сўм|сум(?!м)\\w*|UZS", "UZS", 1),
    ("تومان", "IRR", 10),
    ("ریال|IRR", "IRR", 1),
    ("ر\\.س|ريال سعودي|ريال|SAR", "SAR", 1),
    ("د\\.إ|درهم|AED", "AED", 1),
    ("\\$|USD|dollars?|доллар\\w*", "USD", 1),
    ("€|EUR|euros?|евро|یورو|يورو", "EUR", 1),
    ("£|GBP", "GBP", 1),
)
"""Toman is written as ten rials, so ``500 تومان`` and ``5000 ریال`` state the same price."""

AMOUNT_SCALES: tuple[tuple[str, int], ...] = (
    # pattern of a word between a number and its currency, factor
    ("thousand|тысяч\\w*|тыс|min|ming|минг|هزار|[أاآ]لف|آلاف", 1000),
    ("million|миллион\\w*|млн|milyon|میلیون|مليون", 1_000_000),
)
"""Thousands and millions said as words ("۵۰ هزار تومان", "50 ming so'm", "3 тысячи рублей")."""

PROMISES: dict[str, dict[str, str]] = {
    # promise kind -> language -> pattern of a commitment
    "callback": {
        "en": r"(?:we|i)(?:'ll| will| shall)(?: \w+)? (?:call|ring|phone) you|call you back"
              r"|give you a (?:call|ring)",
        "ru": r"перезвон\w*|позвон(?:им|ю)|свяж(?:емся|усь|ется) с вами по телефону",
        "az": r"z[əe]ng ed[əe]c[əe][yk]\w*|z[əe]ng vuraca\w*|geri z[əe]ng",
        "uz": r"qo'ng'iroq qil(?:amiz|aman|ishadi|adi)|qayta qo'ng'iroq",
        "uz-Cyrl": r"қўнғироқ қил(?:амиз|аман|ади)|қайта қўнғироқ",
        "fa": f"تماس (?:خواهیم|خواهم) گرفت|تماس می{ZW}گیریم|با شما تماس",
        "ar": r"سنتصل بك|سنتصل بكم|سأتصل بك|سنعاود الاتصال|معاودة الاتصال",
    },
    "shipment": {
        "en": r"\bships?\b|will be (?:shipped|dispatched|sent)|(?:we|i)(?:'ll| will) "
              r"(?:ship|dispatch|send (?:it|your order))|is (?:being )?dispatched",
        "ru": r"отправ(?:им|лю|ится|лен\w*|ят)|будет отправлен\w*",
        "az": r"g[öo]nd[əe]ril[əe]c[əe]k|g[öo]nd[əe]r[əe]c[əe]yik",
        "uz": r"jo'natiladi|jo'natamiz|yuboriladi|yuboramiz",
        "uz-Cyrl": r"жўнатилади|жўнатамиз|юборилади|юборамиз",
        "fa": f"ارسال (?:خواهد شد|می{ZW}شود|می{ZW}کنیم|خواهیم کرد)",
        "ar": r"سيتم (?:شحن|إرسال)|سنشحن|سنرسل|سيُشحن|سيشحن",
    },
    "refund": {
        "en": r"refund\w*(?: \S+){0,6} (?:will|should|arrives?|is going to)|refund\w* "
              r"(?:you|it)|(?:will|'ll) (?:refund|reimburse)|will be refunded|money back",
        "ru": r"верн(?:ём|ем|утся|[её]тся)|возврат\w*(?: \S+){0,3} (?:поступ|будет|придёт|придет)|"
              r"будут возвращены|будет возвращ\w*",
        "az": r"qaytar[ıi]lacaq|qaytaraca[gğq]\w*|geri [öo]d[əe]ni?l[əe]c[əe]k",
        "uz": r"qaytariladi|qaytaramiz|qaytarib beramiz",
        "uz-Cyrl": r"қайтарилади|қайтарамиз|қайтариб берамиз",
        "fa": f"(?:بازگردانده|مسترد|عودت داده|بازپرداخت) (?:خواهد شد|می{ZW}شود)",
        "ar": r"سيتم (?:استرداد|إرجاع|ارجاع|رد)|سنعيد|سنرد لك المبلغ|ستسترد",
    },
    "reply": {
        "en": r"get back to you|(?:we|i)(?:'ll| will) (?:reply|respond|answer|update you|"
              r"let you know|write)|you(?:'ll| will) hear from us",
        "ru": r"ответ(?:им|ят|иму)|сообщ(?:им|у)|напиш(?:ем|у)|свяж(?:емся|усь|ется) с вами",
        "az": r"cavab ver[əe]c[əe][yk]\w*|m[əe]lumat ver[əe]c[əe]\w*|yazaca[gğq]\w*|"
              r"xəb[əe]r ver[əe]c[əe]\w*",
        "uz": r"javob beramiz|javob beraman|xabar beramiz|ma'lum qilamiz|yozamiz",
        "uz-Cyrl": r"жавоб берамиз|жавоб бераман|хабар берамиз|маълум қиламиз|ёзамиз",
        "fa": f"پاسخ (?:خواهیم داد|می{ZW}دهیم)|اطلاع (?:خواهیم داد|می{ZW}دهیم)|"
              f"به شما خبر (?:خواهیم داد|می{ZW}دهیم)",
        "ar": r"سنرد عليك|سنعود إليك|سنبلغك|سنخبرك|سنوافيك|سنرد عليكم",
    },
}
"""The order is the precedence when one sentence matches several: a callback promise that also
says "we will let you know" is a callback."""

DELAY_WORDS: dict[str, str] = {
    "en": r"delay\w*|still (?:waiting|pending|processing|working)|not yet|postpone\w*|"
          r"taking longer",
    "ru": r"задерж\w*|вс[её] ещ[её]|пока не|отлож\w*|дольше",
    "az": r"gecik\w*|h[əe]l[əe] d[əe]|h[əe]l[əe] ki|t[əe]xir\w*",
    "uz": r"kechik\w*|hali ham|hanuz|hali\b|keyinga qoldir\w*",
    "uz-Cyrl": r"кечик\w*|ҳали ҳам|ҳануз|ҳали\b",
    "fa": r"تأخیر|تاخیر|هنوز|به تعویق",
    "ar": r"تأخير|تاخير|متأخر\w*|لا يزال|ما زال|لازال|تأجيل",
}
"""An outbound message with one of these is a delay notice, not the thing promised: "sorry,
still delayed" does not keep "we will get back to you by Friday"."""
