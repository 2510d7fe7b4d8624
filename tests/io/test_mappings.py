"""Shipped mappings end to end on realistic exports: nothing is lost, counts add up.

Fixtures in tests/data: ``helpdesk_comments.csv`` (one row per ticket comment, with internal
notes and two broken rows), ``tickets.csv`` (one row per ticket) and ``tweets.csv`` (invented
tweet threads in the Twitter support export's format). The tests of the 93 real tweets in
``../shared/data/social_support_sample.csv`` skip when that folder is not beside the clone.
"""

from __future__ import annotations

import csv
import time
from pathlib import Path

import polars as pl
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from cx_rules import evaluate
from cx_rules.cli import cli
from cx_rules.errors import InputError
from cx_rules.io import load_interactions
from cx_rules.io.mapping import Mapping, detect_mapping, load_mapping, shipped_mappings
from cx_rules.io.transforms import TRANSFORMS, get_transform
from tests.conftest import SHARED

DATA = Path(__file__).parents[1] / "data"
HELPDESK = DATA / "helpdesk_comments.csv"
TICKETS = DATA / "tickets.csv"
SPEED = DATA / "speed.yaml"
TWEETS = DATA / "tweets.csv"  # our own invented rows in the tweet export's format
REAL_TWEETS = SHARED / "data" / "social_support_sample.csv"
needs_real_tweets = pytest.mark.skipif(
    not REAL_TWEETS.is_file(),
    reason=f"the real tweet sample {REAL_TWEETS} is not beside this clone")
TWEET_HEADER = ("tweet_id,author_id,inbound,created_at,text,response_tweet_id,"
                "in_response_to_tweet_id")


def header(path: Path) -> list[str]:
    with path.open(encoding="utf-8") as handle:
        return next(csv.reader(handle))


def data_rows(path: Path) -> int:
    with path.open(encoding="utf-8", newline="") as handle:
        return sum(1 for _ in csv.reader(handle)) - 1


def test_shipped_mappings_load_and_name_their_transforms() -> None:
    assert {"helpdesk", "tweets", "tickets"} <= set(shipped_mappings())
    assert load_mapping("tweets").transform == "twitter_threads"
    assert load_mapping("tickets").transform == "ticket_rows"
    assert load_mapping("helpdesk").transform == "helpdesk_comments"
    assert set(TRANSFORMS) == {"twitter_threads", "ticket_rows", "helpdesk_comments"}
    assert get_transform("no_such_transform") is None


# --- helpdesk ----------------------------------------------------------------------------------


def test_helpdesk_comments_end_to_end() -> None:
    result = evaluate(HELPDESK, SPEED, mapping="helpdesk")
    s = result.summary
    comments = data_rows(HELPDESK)
    assert comments == 31
    # + one "solved" event per ticket with a solved_at (7 of the 10 tickets)
    assert s.rows_read == comments + 7
    assert s.rows_read == s.rows_evaluated + s.rows_rejected
    reasons = result.rejects["reason"].to_list()
    private = [r for r in reasons if "private comment (internal note)" in r]
    assert len(private) == 4  # public = false / 0 / no / false
    assert all(r.startswith("public '") and "excluded by mapping helpdesk" in r for r in private)
    assert any("channel: unknown value 'fax'" in r for r in reasons)
    assert any("timestamp: cannot parse 'yesterday afternoon'" in r for r in reasons)
    assert result.rejects.height == 6
    df = result.interactions
    assert "4821302" not in df["interaction_id"].to_list()  # the internal note
    # agent_id only on agent/bot comments, never the customer's own id
    agents = df.filter(pl.col("agent_id").is_not_null())
    assert set(agents["actor"].to_list()) <= {"agent", "bot"}
    assert df.filter(pl.col("actor") == "customer")["agent_id"].null_count() == \
        df.filter(pl.col("actor") == "customer").height
    # the ticket status is not read per comment; resolution comes from solved_at
    solved = df.filter(pl.col("interaction_id") == "48213:solved").row(0, named=True)
    assert (solved["status"], solved["actor"], solved["direction"]) == ("resolved", "system",
                                                                        "outbound")
    assert str(solved["timestamp"]) == "2026-03-03 10:05:00+00:00"
    assert df.filter(pl.col("interaction_id") == "48219:solved")["status"].item() == "closed"
    assert df.filter(~pl.col("interaction_id").str.ends_with(":solved"))["status"] \
        .null_count() == comments - 6
    assert dict(zip(*df.select("interaction_id", "channel"), strict=True))["4821401"] == "chat"
    # the slow first chat reply (12m 37s, limit 5m) is found
    chat = result.violations.filter(pl.col("rule_id") == "first-reply-chat")
    assert chat["case_id"].to_list() == ["48214"]


def test_helpdesk_is_detected_and_lint_writes_every_reject(tmp_path: Path) -> None:
    assert detect_mapping(header(HELPDESK)).name == "helpdesk"  # type: ignore[union-attr]
    rejects = tmp_path / "rejects.csv"
    out = CliRunner().invoke(cli, ["lint", str(HELPDESK), "--mapping", "auto", "-r", str(SPEED),
                                   "--rejects", str(rejects), "--fail-on", "none"])
    assert out.exit_code == 0, out.output
    assert "rows read 38 = evaluated 32 + rejected 6" in out.output
    written = pl.read_csv(rejects)
    assert written.columns == ["source", "row", "interaction_id", "reason"]
    assert written.height == 6
    assert len(rejects.read_text(encoding="utf-8").splitlines()) == 1 + 6
    assert written["reason"].null_count() == 0
    assert sorted(written["row"].to_list()) == [2, 12, 17, 26, 29, 31]


# --- tweets ------------------------------------------------------------------------------------


def test_tweets_fixture_threads_into_cases() -> None:
    log = load_interactions(TWEETS, mapping="tweets")
    raw = pl.read_csv(TWEETS, infer_schema=False)
    assert log.rows_read == raw.height == data_rows(TWEETS) == 33
    assert log.interactions.height == 33 and log.rejects.is_empty(), log.rejects
    df = log.interactions
    assert set(df["channel"]) == {"social"}
    # 14 threads; the one with two customers is two cases, one per customer
    assert df.filter(pl.col("case_id") == pl.col("interaction_id")).height == 14
    assert df["case_id"].n_unique() == 15
    second = df.filter(pl.col("case_id") == "500010/830003")
    assert second["interaction_id"].to_list() == ["500012", "500013"]
    assert set(second["customer_id"]) == {"830003"}
    # the reply 500081 named by 500080 is not in the export: answered, at an unknown time
    flagged = df.filter(pl.col("reply_not_in_log").fill_null(False))["interaction_id"]
    assert flagged.to_list() == ["500080"]
    outbound = df.filter(pl.col("direction") == "outbound")
    assert (outbound["actor"] == "agent").all()
    assert set(outbound["agent_id"]) == {"AcmeTelecom", "NordRail", "ShopBox"}
    inbound = df.filter(pl.col("direction") == "inbound")
    assert (inbound["actor"] == "customer").all() and inbound["agent_id"].null_count() == \
        inbound.height
    # a four-tweet thread back and forth, and texts in other scripts kept as they are
    assert df.filter(pl.col("case_id") == "500001")["interaction_id"].to_list() == \
        ["500001", "500002", "500003", "500004"]
    texts = dict(zip(df["interaction_id"], df["text"], strict=True))
    assert "заказ № 7712-4431" in texts["500020"] and "سفارش" in texts["500050"]
    assert "sifarişim" in texts["500030"]
    # a brand reply to a tweet the export does not hold starts its own thread
    assert set(df.filter(pl.col("case_id") == "500100")["customer_id"]) == {"830012"}
    assert any("not in the file (e.g. 500100)" in w for w in log.warnings)


@needs_real_tweets
def test_tweets_real_sample_threads_into_cases() -> None:
    log = load_interactions(REAL_TWEETS, mapping="tweets")
    raw = pl.read_csv(REAL_TWEETS, infer_schema=False)
    assert raw.height == 93 == log.rows_read
    assert log.interactions.height + log.rejects.height == 93
    assert log.rejects.is_empty(), log.rejects
    df = log.interactions
    assert set(df["channel"]) == {"social"}
    # every case is a thread whose root is one of its own tweets
    # (a thread with a second customer is one case per customer: "ROOT/customer")
    threads = df["case_id"].str.split("/").list.first()
    assert df.filter(pl.col("case_id") == pl.col("interaction_id")).height == \
        threads.n_unique() == 27
    assert df["case_id"].n_unique() == 29
    # inbound tweets are the customer's; brand replies carry the brand handle as agent_id
    inbound = df.filter(pl.col("direction") == "inbound")
    assert (inbound["actor"] == "customer").all() and inbound["agent_id"].null_count() == \
        inbound.height
    outbound = df.filter(pl.col("direction") == "outbound")
    assert (outbound["actor"] == "agent").all()
    assert set(outbound["agent_id"]) >= {"AppleSupport", "VirginTrains", "SpotifyCares"}
    # the customer of a thread is one of its inbound authors
    authors = raw.select(pl.col("tweet_id").alias("interaction_id"), "author_id")
    joined = df.join(authors, on="interaction_id")
    inbound_authors = joined.filter(pl.col("direction") == "inbound").group_by("case_id") \
        .agg(pl.col("author_id").unique())
    for case_id, customers in inbound_authors.iter_rows():
        assert df.filter(pl.col("case_id") == case_id)["customer_id"].unique().to_list() == \
            [df.filter(pl.col("case_id") == case_id)["customer_id"][0]]
        assert df.filter(pl.col("case_id") == case_id)["customer_id"][0] in customers
    # a known SpotifyCares thread: 8 tweets back and forth with customer 105840
    thread = df.filter(pl.col("case_id") == "119256")
    assert thread.height == 8 and set(thread["customer_id"]) == {"105840"}
    # a thread whose root (a brand reply) answers a tweet missing from the sample
    virgin = df.filter(pl.col("case_id") == "119246")
    assert set(virgin["customer_id"]) == {"105836"} and virgin.height == 7
    assert any("not in the file" in w for w in log.warnings)


def test_tweets_lint_with_auto_mapping() -> None:
    out = CliRunner().invoke(cli, ["lint", str(TWEETS), "--mapping", "auto", "-r", str(SPEED),
                                   "--fail-on", "none"])
    assert out.exit_code == 0, out.output
    assert "rows read 33 = evaluated 33 + rejected 0" in out.output
    assert "First reply on social took" in out.output


@needs_real_tweets
def test_real_tweets_lint_with_auto_mapping() -> None:
    out = CliRunner().invoke(cli, ["lint", str(REAL_TWEETS), "--mapping", "auto", "-r",
                                   str(SPEED), "--fail-on", "none"])
    assert out.exit_code == 0, out.output
    assert "rows read 93 = evaluated 93 + rejected 0" in out.output


def write_tweets(tmp_path: Path, rows: list[str], name: str = "tweets.csv") -> Path:
    path = tmp_path / name
    path.write_text(TWEET_HEADER + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def at(minute: int) -> str:
    return f"Tue Oct 31 22:{minute:02d}:47 +0000 2017"


def test_tweet_threads_survive_cycles_missing_parents_and_odd_ids(tmp_path: Path) -> None:
    path = write_tweets(tmp_path, [
        f"10,cust1,True,{at(1)},@Brand my order is late,11,",
        f"11,Brand,False,{at(2)},@cust1 sorry! DM us,12,10",
        f"12,cust1,True,{at(3)},done,,11",
        # a reply cycle 21 -> 20 -> 21 with a tail 22: broken at the smallest id, 20
        f"21,Brand,False,{at(5)},@cust2 loop,,20",
        f"20,cust2,True,{at(4)},loop,,21",
        f"22,cust2,True,{at(6)},tail,,21",
        # parent 99 is not in the file: the brand reply becomes the root, customer by @mention
        f"30,Brand,False,{at(7)},@cust3 sorry to hear that,,99",
        # a tweet replying to itself
        f"60,cust6,True,{at(9)},me again,,60",
        # parent known only from the parent's response_tweet_id list
        f'50,cust5,True,{at(10)},first,"51,52",',
        f"51,Brand,False,{at(11)},@cust5 answer,,",
        # ids that went through a float column
        f"70.0,cust7,True,{at(12)},float id,,",
        f"71,Brand,False,{at(13)},@cust7 hi,,70.0",
        # a brand tweet with no customer anywhere: rejected, not lost
        f"40,Brand,False,{at(8)},we are back online,,98",
        # a broken inbound flag
        f"80,cust8,maybe,{at(14)},hm,,",
    ])
    log = load_interactions(path, mapping="tweets")
    assert log.rows_read == 14 == log.interactions.height + log.rejects.height
    cases = dict(zip(*log.interactions.select("interaction_id", "case_id"), strict=True))
    customers = dict(zip(*log.interactions.select("interaction_id", "customer_id"), strict=True))
    assert cases["10"] == cases["11"] == cases["12"] == "10"
    assert cases["20"] == cases["21"] == cases["22"] == "20"
    assert customers["21"] == "cust2"
    assert cases["30"] == "30" and customers["30"] == "cust3"
    assert cases["60"] == "60"
    assert cases["51"] == "50" and customers["51"] == "cust5"
    assert cases["71"] == "70" and customers["71"] == "cust7"
    reasons = dict(zip(*log.rejects.select("interaction_id", "reason"), strict=True))
    assert "customer_id: the thread has no customer tweet" in reasons["40"]
    assert "direction: inbound value 'maybe' is not one of" in reasons["80"]
    notes = " ".join(log.warnings)
    assert "1 reply cycle(s)" in notes and "thread root: 20" in notes
    assert "reply to a tweet that is not in the file" in notes
    assert "reply to themselves" in notes


def test_tweet_threads_are_deterministic_whatever_the_row_order(tmp_path: Path) -> None:
    rows = [f"{i},{'c' if i % 2 else 'Brand'},{bool(i % 2)},{at(i % 60)},t,,{i + 1}"
            for i in range(1, 40)] + [f"40,c,True,{at(40)},t,,1"]  # one ring of 40 tweets
    a = load_interactions(write_tweets(tmp_path, rows, "a.csv"), mapping="tweets")
    b = load_interactions(write_tweets(tmp_path, rows[::-1], "b.csv"), mapping="tweets")
    assert set(a.interactions["case_id"]) == set(b.interactions["case_id"]) == {"1"}


@pytest.mark.parametrize("ring", [False, True])
def test_a_hundred_thousand_deep_thread_is_fast(tmp_path: Path, ring: bool) -> None:
    n = 100_000
    ids = pl.int_range(1, n + 1, eager=True)
    df = pl.DataFrame({
        "tweet_id": ids.cast(pl.String),
        "author_id": ["c1", "Brand"] * (n // 2),
        "inbound": ["True", "False"] * (n // 2),
        "created_at": ["2017-10-10T10:00:00+00:00"] * n,
        "text": ["x"] * n,
        "response_tweet_id": [None] * n,
        "in_response_to_tweet_id": (ids - 1).cast(pl.String),
    }).with_columns(
        pl.when(pl.col("tweet_id") == "1").then(pl.lit(str(n) if ring else None))
        .otherwise(pl.col("in_response_to_tweet_id")).alias("in_response_to_tweet_id")
    ).sample(fraction=1.0, shuffle=True, seed=7)
    path = tmp_path / "deep.csv"
    df.write_csv(path)
    started = time.perf_counter()
    log = load_interactions(path, mapping="tweets")
    assert time.perf_counter() - started < 20
    assert log.rows_read == n and log.rejects.is_empty()
    assert log.interactions["case_id"].unique().to_list() == ["1"]
    assert log.interactions["customer_id"].unique().to_list() == ["c1"]
    assert any("cycle" in w for w in log.warnings) == ring


# --- tickets -----------------------------------------------------------------------------------


def test_ticket_rows_expand_into_events() -> None:
    assert detect_mapping(header(TICKETS)).name == "tickets"  # type: ignore[union-attr]
    result = evaluate(TICKETS, SPEED, mapping="auto")
    s = result.summary
    tickets = data_rows(TICKETS)
    assert tickets == 22
    assert s.rows_read == s.rows_evaluated + s.rows_rejected == 57
    df = result.interactions
    t1 = df.filter(pl.col("case_id") == "T1001").sort("timestamp")
    assert t1["interaction_id"].to_list() == ["T1001:created", "T1001:first_reply",
                                              "T1001:solved"]
    assert t1["direction"].to_list() == ["inbound", "outbound", "outbound"]
    assert t1["actor"].to_list() == ["customer", "agent", "system"]
    assert t1["status"].to_list() == [None, None, "resolved"]
    assert t1["text"][0] == "Refund for returned headphones not received"
    assert str(t1["timestamp"][0]) == "2026-03-02 07:12:00+00:00"
    assert df.filter(pl.col("interaction_id") == "T1002:solved")["status"].item() == "closed"
    assert df.filter(pl.col("case_id") == "T1005").height == 1  # no reply, not solved
    rejects = dict(zip(*result.rejects.select("interaction_id", "reason"), strict=True))
    assert "channel: unknown value 'fax'" in rejects["T1012:created"]
    assert "cannot parse 'not recorded'" in rejects["T1013:created"]
    assert rejects["T1020:created"] == rejects["T1020:first_reply"] == "customer_id: missing"
    assert set(result.rejects["row"]) == {12, 13, 20}
    # T1006: chat answered after 17 minutes (limit 5m)
    assert "T1006" in result.violations.filter(pl.col("rule_id") == "first-reply-chat")["case_id"]


def test_ticket_rows_warn_about_solved_tickets_without_a_time() -> None:
    log = load_interactions(TICKETS, mapping="tickets")
    assert any("1 ticket(s) have status solved/closed but no solved_at" in w
               for w in log.warnings)


# --- detection and the mapping model -----------------------------------------------------------


def test_detect_mapping_is_exact_or_clear() -> None:
    assert detect_mapping(TWEET_HEADER.split(",")).name == "tweets"  # type: ignore[union-attr]
    canonical = ["interaction_id", "case_id", "customer_id", "timestamp", "channel",
                 "direction", "actor"]
    assert detect_mapping(canonical) is None
    assert detect_mapping(["foo", "bar"]) is None
    both = sorted({*header(HELPDESK), *header(TICKETS)})
    with pytest.raises(InputError, match=r"several mappings \(helpdesk, tickets\)"):
        detect_mapping(both)


def test_no_fitting_mapping_gives_the_missing_columns_error(tmp_path: Path) -> None:
    path = tmp_path / "odd.csv"
    path.write_text("when,who,what\n2026-03-02T10:00:00Z,u1,hi\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"missing required column.*--mapping"):
        load_interactions(path, mapping="auto")
    # without --mapping, a file that fits a shipped mapping says which one
    with pytest.raises(InputError, match=r"looks like a 'tweets' export: pass --mapping tweets"):
        load_interactions(TWEETS)


def test_cli_ambiguous_mapping_is_exit_2(tmp_path: Path) -> None:
    path = tmp_path / "both.csv"
    path.write_text(",".join(sorted({*header(HELPDESK), *header(TICKETS)})) + "\n"
                    + ",".join(["x"] * 17) + "\n", encoding="utf-8")
    out = CliRunner().invoke(cli, ["lint", str(path), "--mapping", "auto", "-r", str(SPEED)])
    assert out.exit_code == 2
    assert "several mappings (helpdesk, tickets)" in out.output
    assert "Traceback" not in out.output


def test_custom_mapping_exclude_only_when_and_derive(tmp_path: Path) -> None:
    mapping = tmp_path / "crm.yaml"
    mapping.write_text(
        "name: crm\n"
        "columns: {interaction_id: id, case_id: conversation, customer_id: contact,\n"
        "          timestamp: sent, agent_id: user, text: body}\n"
        "constants: {channel: email}\n"
        "derive:\n"
        "  direction: {from: kind, values: {in: inbound, out: outbound}}\n"
        "  actor: {from: kind, values: {in: customer, out: agent, note: agent}}\n"
        "only_when: {agent_id: {column: kind, values: [out]}}\n"
        "exclude:\n"
        "  - {column: kind, values: [note], reason: internal note}\n"
        "  - {column: spam, values: [true], reason: marked as spam}\n", encoding="utf-8")
    log_file = tmp_path / "crm.csv"
    log_file.write_text(
        "id,conversation,contact,sent,user,kind,body,spam\n"
        "1,k1,u1,2026-03-02T10:00:00Z,ann,in,Hello,false\n"
        "2,k1,u1,2026-03-02T10:05:00Z,ann,out,Hi!,false\n"
        "3,k1,u1,2026-03-02T10:06:00Z,ann,note,VIP,false\n"
        "4,k1,u1,2026-03-02T10:07:00Z,,in,WIN A PRIZE,TRUE\n"
        "5,k1,u1,2026-03-02T10:08:00Z,,sideways,?,false\n", encoding="utf-8")
    log = load_interactions(log_file, mapping=mapping)
    assert log.interactions["interaction_id"].to_list() == ["1", "2"]
    assert log.interactions["agent_id"].to_list() == [None, "ann"]
    reasons = log.rejects["reason"].to_list()
    assert reasons[0] == "kind 'note': internal note (excluded by mapping crm)"
    assert reasons[1] == "spam 'TRUE': marked as spam (excluded by mapping crm)"
    assert "direction: kind value 'sideways' is not one of in, out" in reasons[2]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("name: x\ntransform: nope\n", "unknown transform 'nope'"),
        ("name: x\ncolumns: {colour: c}\n", "unknown canonical field 'colour'"),
        ("name: x\nbogus: 1\n", "bogus"),
        ("base: &b {interaction_id: id}\nname: x\ncolumns: *b\n", "aliases"),
        ("name: [unclosed\n", "not a valid mapping file"),
    ],
)
def test_bad_mapping_files_are_clear_errors(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "m.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        load_mapping(path)


def test_mapping_model_accepts_one_exclusion_or_a_list() -> None:
    one = Mapping.model_validate({"name": "a", "exclude": {"column": "public",
                                                           "values": [False, 0],
                                                           "reason": "private"}})
    assert one.exclude[0].values == ["false", "0"]
    many = Mapping.model_validate({"name": "a", "values": {"direction": {True: "inbound"}}})
    assert many.values == {"direction": {"true": "inbound"}}


def _reference_root(tweet: str, parent: dict[str, str]) -> str:
    """Follow parents one by one (the obvious, slow way); a cycle's smallest id is its root."""
    path: list[str] = []
    seen: dict[str, int] = {}
    while tweet not in seen:
        seen[tweet] = len(path)
        path.append(tweet)
        if tweet not in parent:
            return tweet
        tweet = parent[tweet]
    return min(path[seen[tweet]:], key=lambda t: (len(t), t))


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(0, 30), min_size=1, max_size=30, unique=True).flatmap(
    lambda ids: st.tuples(st.just(ids), st.lists(st.one_of(st.none(), st.integers(0, 40)),
                                                 min_size=len(ids), max_size=len(ids)))))
def test_thread_roots_match_a_step_by_step_reference(
        tmp_path_factory: pytest.TempPathFactory, forest: tuple[list[int], list[int | None]]
) -> None:
    ids, parents = forest
    rows = [f"{i},{'u' if i % 3 else 'Brand'},{bool(i % 3)},{at(i % 60)},@u{i} hi,,"
            f"{'' if p is None else p}" for i, p in zip(ids, parents, strict=True)]
    path = write_tweets(tmp_path_factory.mktemp("threads"), rows)
    log = load_interactions(path, mapping="tweets")
    assert log.rows_read == len(ids) == log.interactions.height + log.rejects.height
    present = {str(i) for i in ids}
    parent = {str(i): str(p) for i, p in zip(ids, parents, strict=True)
              if p is not None and str(p) in present and p != i}
    got = dict(zip(*log.interactions.select("interaction_id", "case_id"), strict=True))
    assert len(got) == len(ids)
    for tweet in got:
        assert got[tweet].split("/")[0] == _reference_root(tweet, parent)  # ROOT[/customer]
