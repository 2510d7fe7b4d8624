# ruff: noqa: RUF002  (phrases in six languages: the letters are meant)
"""A customer sent to another channel is given the way to get there.

## What it checks
An outbound message by one of `actors` that tells the customer to use another channel (one of
`phrases`: "please call us", "write to us by e-mail", "позвоните нам", "bizə zəng edin",
"bizga qo'ng'iroq qiling", "با ما تماس بگیرید", "اتصل بنا"...) is a violation when it offers
no way to do it: no phone number (seven digits or more, or a short code like `*1234`), no
e-mail address, no link, no social handle (`@nordwave_help`) and no callback (one of
`callback_phrases`: "we will call you back", "мы вам перезвоним"...). With `earlier_in_case`
(default) an option given in an earlier outbound message of the case (by anyone: a signature,
an earlier reply) counts as offered. Messages without text are not judged.

Phrases match case-insensitively on word boundaries in every script, after the text is
normalised (Persian and Arabic-Indic digits read as ASCII, `İ`/`ı` as `i`, the Uzbek
apostrophes as `'`, Arabic `ي`/`ك` as Persian `ی`/`ک`, vowel signs dropped); a phrase ending
in `*` is a stem.

## Why customers care
"Please call us" with no number sends the customer off to search the website, often to a
general line that starts from zero. Being told where to go and how to get there, or being
called back, is what makes a channel change bearable.

## Example
```yaml
- id: contact-option-offered
  kind: contact_options
  category: effort
  severity: warning
  params: {actors: [agent, bot]}
  action: {id: send-contact-details, priority: 40}
```
A chat answered "For this please call us, the chat cannot change addresses." gives:
"Told the customer 'please call us' without a phone number, e-mail address, link or callback
to do it with." "Please call us at +994 12 555 55 55" or "позвоните нам, мы вам перезвоним
через час" give nothing.
"""

from __future__ import annotations

from cx_rules.kinds.base import RuleKind
from cx_rules.kinds.contact_options.params import Params, needs
from cx_rules.kinds.contact_options.plan import evaluate
from cx_rules.kinds.contact_options.reference import check
from cx_rules.kinds.contact_options.stream import STREAM

KIND = RuleKind(name="contact_options", params=Params, evaluate=evaluate, reference=check,
                stream=STREAM, needs=needs, doc=__doc__ or "")
