"""PII detection: checksums, precedence, masking, and vectorized == reference."""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cx_rules.pii import ENTITIES, find_pii, find_pii_expr, mask, mask_expr


def vectorized(texts: list[str | None], entities: tuple[str, ...] = ENTITIES,
               allow: tuple[str, ...] = ()) -> list[list[tuple[str, str]]]:
    frame = pl.DataFrame({"t": texts}, schema={"t": pl.String})
    out = frame.select(find_pii_expr(pl.col("t"), entities, allow)).to_series().to_list()
    return [[(d["entity"], d["value"]) for d in row] for row in out]


@pytest.mark.parametrize(("text", "expected"), [
    ("card 4111 1111 1111 1111", [("payment_card", "4111 1111 1111 1111")]),
    ("card 4111 1111 1111 1112", []),  # fails Luhn, and is not a phone either
    ("IBAN DE89 3704 0044 0532 0130 00.", [("iban", "DE89 3704 0044 0532 0130 00")]),
    ("IBAN DE88 3704 0044 0532 0130 00", []),
    ("GB82WEST12345698765432", [("iban", "GB82WEST12345698765432")]),
    ("ssn 123-45-6789", [("national_id", "123-45-6789")]),
    ("ssn 666-45-6789 or 123-00-6789", []),
    ("NI AB 12 34 56 C", [("national_id", "AB 12 34 56 C")]),
    ("write to jane.doe+cx@mail.example.co.uk", [("email", "jane.doe+cx@mail.example.co.uk")]),
    ("call +44 20 7946 0958 now", [("phone", "+44 20 7946 0958")]),
    ("call (555) 123-4567", [("phone", "(555) 123-4567")]),
    ("on 2026-11-23 at 10:30 for 19.99 EUR, order 123456", []),
    ("😡 ça ne marche pas 😡", []),
])
def test_examples(text: str, expected: list[tuple[str, str]]) -> None:
    assert find_pii(text) == expected
    assert vectorized([text]) == [expected]


def test_allow_list_entities_and_nulls() -> None:
    text = "hotline 03331 031 031, support@brand.com, me: +44 20 7946 0958"
    allow = ("03331031031", "SUPPORT@brand.com")
    assert find_pii(text, allow=allow) == [("phone", "+44 20 7946 0958")]
    assert vectorized([text], allow=allow) == [[("phone", "+44 20 7946 0958")]]
    assert find_pii(text, entities=("email",)) == [("email", "support@brand.com")]
    assert vectorized([None, ""]) == [[], []]
    with pytest.raises(ValueError, match="unknown PII entities"):
        find_pii_expr(pl.col("t"), ("passport",))


def test_masks_never_show_the_value() -> None:
    cases = [("payment_card", "4111 1111 1111 1111", "payment_card ****1111"),
             ("email", "jane@example.com", "email j***@example.com"),
             ("iban", "DE89 3704 0044 0532 0130 00", "iban DE89 ****3000"),
             ("phone", "+44 20 7946 0958", "phone ****0958")]
    frame = pl.DataFrame({"e": [c[0] for c in cases], "v": [c[1] for c in cases]})
    assert frame.select(mask_expr(pl.col("e"), pl.col("v"))).to_series().to_list() == [
        c[2] for c in cases]
    assert [mask(e, v) for e, v, _ in cases] == [c[2] for c in cases]


def _card(draw: st.DrawFn) -> str:
    body = [draw(st.integers(0, 9)) for _ in range(15)]
    total = 0
    for i, d in enumerate(reversed(body)):
        total += (d * 2 - 9 if d * 2 > 9 else d * 2) if i % 2 == 0 else d
    check = (10 - total % 10) % 10
    if draw(st.booleans()):
        check = (check + 1) % 10
    digits = "".join(map(str, [*body, check]))
    sep = draw(st.sampled_from(["", " ", "-"]))
    return sep.join(digits[i:i + 4] for i in range(0, 16, 4))


FRAGMENTS = st.one_of(
    st.sampled_from(["hello", "your order", "refund", "2026-03-05", "19.99", "#1234", "😡",
                     "jane.doe@example.com", "+1 555 123 4567", "03331 031 031",
                     "DE89 3704 0044 0532 0130 00", "DE88370400440532013000",
                     "GB82WEST12345698765432", "123-45-6789", "AB 12 34 56 C", "(0)",
                     "ünïcode", "\n", ",", "."]),
    st.composite(lambda draw: _card(draw))(),
    st.text(alphabet="0123456789 -+().@abcXYZ", max_size=12),
)


@given(st.lists(st.lists(FRAGMENTS, max_size=8).map(" ".join), min_size=1, max_size=12),
       st.sets(st.sampled_from(ENTITIES), min_size=1))
def test_vectorized_equals_reference(texts: list[str], entities: set[str]) -> None:
    chosen = tuple(e for e in ENTITIES if e in entities)
    assert vectorized(list(texts), chosen) == [find_pii(t, chosen) for t in texts]
