"""The vectorized polars plan of ``transparency``."""

from __future__ import annotations

import polars as pl

from cx_rules.kinds.base import EvalContext, template_expr, violation_rows
from cx_rules.kinds.cases import INBOUND_CUSTOMER, is_outbound_by
from cx_rules.kinds.phrases import HAS_TEXT, first_match_expr, normalised
from cx_rules.kinds.transparency.messages import UNANSWERED
from cx_rules.kinds.transparency.params import (
    LIMIT,
    OBSERVED,
    Params,
    holding_pattern,
    plain_pattern,
    question_pattern,
)


def evaluate(params: Params, ctx: EvalContext) -> pl.LazyFrame:
    text = normalised(pl.col("text"))
    answer = (is_outbound_by([a.value for a in params.answer_by])
              & text.str.contains(HAS_TEXT).fill_null(False)
              & ~text.str.contains(holding_pattern(params)).fill_null(False))
    phrase = first_match_expr(question_pattern(params), pl.col("text"))
    question = INBOUND_CUSTOMER & phrase.is_not_null()
    if params.channels is not None:
        question = question & pl.col("channel").is_in([c.value for c in params.channels])
    rows = ctx.interactions.with_columns(
        pl.int_range(pl.len(), dtype=pl.Int64).alias("_pos"),
        answer.alias("_answer"), question.alias("_question"), phrase.alias("_phrase"),
        text.str.contains(plain_pattern(params)).fill_null(False).alias("_plain"),
    ).with_columns(
        # the position of the next answer in the case (the row itself for an answer)
        pl.when(pl.col("_answer")).then(pl.col("_pos")).backward_fill().over("case_id")
        .alias("_next"))
    # each answer is judged once, against the first question since the previous answer
    questions = rows.filter(pl.col("_question") & pl.col("_next").is_not_null()).filter(
        pl.col("_next").is_first_distinct()).select(
        pl.col("_next"), pl.col("interaction_id").alias("_q_id"), pl.col("_phrase"))
    answers = rows.filter(pl.col("_answer") & ~pl.col("_plain")).drop("_phrase").join(
        questions, left_on="_pos", right_on="_next", how="inner", maintain_order="left")
    return violation_rows(answers.with_columns(
        pl.concat_list(pl.col("_q_id"), pl.col("interaction_id")).alias("interaction_ids"),
        template_expr(OBSERVED, phrase=pl.col("_phrase")).alias("observed"),
        pl.lit(LIMIT).alias("limit"),
        UNANSWERED.expr(phrase=pl.col("_phrase")).alias("message"),
    ))
