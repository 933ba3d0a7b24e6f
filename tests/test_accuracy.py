"""The accuracy floor on the sample corpus (tests/fixtures/corpus), scored by bench/eval.py's rule."""

from __future__ import annotations

import importlib.util
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _eval_module():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("bench_eval", ROOT / "bench" / "eval.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_eval"] = module
    spec.loader.exec_module(module)
    return module


def test_sample_corpus_accuracy(corpus_dir: Path, campaign_dir: Path, tmp_path: Path) -> None:
    evaluation = _eval_module()
    truth = json.loads((corpus_dir / "truth.json").read_text(encoding="utf-8"))
    store = evaluation.build_store(corpus_dir, campaign_dir, tmp_path, truth["mailbox"])
    s = evaluation.score(corpus_dir, store, truth)
    store.close()
    assert s["unit"][0] == s["unit"][1]
    assert s["missing_exact"]
    assert s["found"] / s["expected"] >= 0.97
    assert s["matched"] / s["produced"] >= 0.97
    assert s["right"] / s["found"] >= 0.97
    assert s["hi"][0] / s["hi"][1] >= 0.98


import pytest  # noqa: E402


# Where two corpora written apart decide one shape two ways, mailbot follows one; the other's
# message is named here, with why (its kind is then not held to its truth).
KNOWN_OTHERWISE = {
    # the comment form sent blank by mistake: 待确认 until the clerk says (corpus-inbox8 w8_009 decides so),
    # not a reply: a unit that sent only a blank form has not yet answered
    "corpus-office18": {"e18_011.eml"},
}


# A tracked deletion with no words of the unit's and no note (删除“尽可能”) is reported: the drafter is
# asked to change the text. A truth can hold no excerpt of words the draft already has, so these
# corpora leave them out; they are not counted against precision there. (A bare move beside other
# proposals is kept aside, as read, since session 16; the truths read it so too.)
KNOWN_REPORTED = {
    "corpus-office43": {"z43_004.eml"},
    "corpus-office28": {"v28_005.eml"},
    "corpus-office79": {"z79_004.eml"},
}


# Every corpus written so far. The suite runs them all with MAILBOT_ALL_CORPORA=1; by default it
# leaves out the clean sets (corpus-fresh3 to corpus-fresh62) and the older office sets (corpus-office3
# to corpus-office30), at 100% or near it for many sessions and scored by every evall, so that .ci/run
# stays under 30 minutes.
ALL_CORPORA = ["corpus-office", "corpus-scans", "corpus-holdout", "corpus-scans-holdout", "corpus-fresh", "corpus-office2", "corpus-fresh3", "corpus-fresh4", "corpus-office3", "corpus-office4", "corpus-fresh5", "corpus-fresh6", "corpus-fresh7", "corpus-fresh8", "corpus-office5", "corpus-fresh9", "corpus-scans3", "corpus-fresh10", "corpus-office6", "corpus-fresh11", "corpus-fresh12", "corpus-office7", "corpus-fresh13", "corpus-office8", "corpus-scans4", "corpus-fresh14", "corpus-office9", "corpus-scans5", "corpus-inbox2", "corpus-fresh15", "corpus-office10", "corpus-scans6", "corpus-fresh16", "corpus-office11", "corpus-fresh17", "corpus-office12", "corpus-fresh18", "corpus-office13", "corpus-scans7", "corpus-office14", "corpus-scans8", "corpus-office16", "corpus-inbox3", "corpus-fresh19", "corpus-office15", "corpus-office17", "corpus-scans9", "corpus-real2", "corpus-office18", "corpus-office19", "corpus-fresh20", "corpus-scans10", "corpus-office20", "corpus-office21", "corpus-scans11", "corpus-office22", "corpus-fresh21", "corpus-office23", "corpus-inbox4", "corpus-fresh22", "corpus-office24", "corpus-inbox5", "corpus-scans12", "corpus-inbox6", "corpus-office25", "corpus-fresh23", "corpus-scans13", "corpus-office26", "corpus-office27", "corpus-scans14", "corpus-inbox7", "corpus-inbox8", "corpus-office28", "corpus-scans15", "corpus-inbox9", "corpus-office29", "corpus-scans16", "corpus-office30", "corpus-office31", "corpus-inbox10", "corpus-office32", "corpus-scans17", "corpus-office33", "corpus-office34", "corpus-inbox11", "corpus-office35", "corpus-office36", "corpus-scans18", "corpus-office37", "corpus-office38", "corpus-inbox12", "corpus-office39", "corpus-office40", "corpus-scans19", "corpus-fresh24", "corpus-office41", "corpus-office42", "corpus-office43", "corpus-office44", "corpus-fresh25", "corpus-fresh26", "corpus-fresh27", "corpus-fresh28", "corpus-office45", "corpus-office46", "corpus-office47", "corpus-office48", "corpus-fresh29", "corpus-fresh30", "corpus-office49", "corpus-office50", "corpus-fresh31", "corpus-office51", "corpus-office52", "corpus-fresh32", "corpus-office53", "corpus-office54", "corpus-fresh33",
    "corpus-office55", "corpus-office56", "corpus-office57", "corpus-office58", "corpus-fresh34", "corpus-fresh35", "corpus-fresh36", "corpus-fresh37",
    "corpus-office59", "corpus-office60", "corpus-fresh38", "corpus-fresh39",
    "corpus-office61", "corpus-office62", "corpus-office63", "corpus-fresh40",
    "corpus-office65", "corpus-office66", "corpus-fresh41", "corpus-office67", "corpus-fresh42",
    "corpus-office68", "corpus-office69", "corpus-office70", "corpus-office71", "corpus-office72", "corpus-office73",
    "corpus-fresh43", "corpus-fresh44", "corpus-office74", "corpus-office75", "corpus-office76", "corpus-office77",
    "corpus-fresh45", "corpus-fresh46", "corpus-office78", "corpus-office79", "corpus-office80", "corpus-office81",
    "corpus-fresh47", "corpus-fresh48", "corpus-office82", "corpus-office83", "corpus-office84", "corpus-fresh49",
    "corpus-office85", "corpus-office86", "corpus-office87", "corpus-office88", "corpus-office89", "corpus-office90",
    "corpus-fresh50", "corpus-fresh51", "corpus-office91", "corpus-office92", "corpus-office93", "corpus-fresh52",
    "corpus-office94", "corpus-office95", "corpus-fresh53", "corpus-fresh54", "corpus-office96", "corpus-office97",
    "corpus-office98", "corpus-office99", "corpus-office100", "corpus-office101", "corpus-office102", "corpus-fresh55",
    "corpus-fresh56", "corpus-office103", "corpus-office104", "corpus-office105", "corpus-fresh57", "corpus-fresh58",
    "corpus-office106", "corpus-office107", "corpus-office108", "corpus-fresh59", "corpus-fresh60",
    "corpus-office109", "corpus-office110", "corpus-office111", "corpus-fresh61", "corpus-fresh62"]
OPT_IN = {f"corpus-fresh{i}" for i in range(3, 63)} | {f"corpus-office{i}" for i in range(3, 31)}
CORPORA = [n for n in ALL_CORPORA if os.environ.get("MAILBOT_ALL_CORPORA") or n not in OPT_IN]


@pytest.mark.parametrize("name", CORPORA)
def test_office_and_scan_corpora(name: str, fixtures_dir: Path, campaign_dir: Path, tmp_path: Path) -> None:
    """The corpora of office mail (not every message a reply) and of PDFs, scans and photos:
    kind, unit and the missing list exact; comments as the issues ask."""
    evaluation = _eval_module()
    corpus = fixtures_dir / name
    truth = json.loads((corpus / "truth.json").read_text(encoding="utf-8"))
    store = evaluation.build_store(corpus, campaign_dir, tmp_path, truth["mailbox"])
    s = evaluation.score(corpus, store, truth)
    store.close()
    known = KNOWN_OTHERWISE.get(name, set())
    kind_misses = [m for m in s["misses"] if ": kind " in m and m.split(":")[0] not in known]
    assert s["kind"][0] + len(known) >= s["kind"][1] and not kind_misses, s["misses"]
    assert s["unit"][0] == s["unit"][1], s["misses"]
    assert s["missing_exact"], s["misses"]
    reported = [m for m in s["misses"] if ": spurious " in m and m.split(":")[0] in KNOWN_REPORTED.get(name, set())]
    assert s["found"] / s["expected"] >= 0.97 and s["matched"] / (s["produced"] - len(reported)) >= 0.97, s["misses"]
    assert s["right"] / s["found"] >= 0.95 and s["hi"][0] / s["hi"][1] >= 0.98, s["misses"]


def test_comments_named_by_their_subject(fixtures_dir: Path, campaign_dir: Path, tmp_path: Path) -> None:
    """corpus-content: comments that name no clause but are about one clause's subject (40), two
    clauses' (2), the whole text (5) or a word or mark (2). Every one is read (the short wording
    fixes too); measured 86% in the right place (was 10%, all falling to general), none confident."""
    evaluation = _eval_module()
    corpus = fixtures_dir / "corpus-content"
    truth = json.loads((corpus / "truth.json").read_text(encoding="utf-8"))
    store = evaluation.build_store(corpus, campaign_dir, tmp_path, truth["mailbox"])
    s = evaluation.score(corpus, store, truth)
    store.close()
    assert s["kind"][0] == s["kind"][1] and s["unit"][0] == s["unit"][1] and s["missing_exact"], s["misses"]
    assert s["found"] == s["expected"] and s["matched"] == s["produced"], s["misses"]
    assert s["right"] / s["found"] >= 0.85, s["misses"]
    assert s["scoped"][0] == s["scoped"][1], s["misses"]  # the general ones stay general
    assert s["hi"][1] == 0  # a mapping by content is never confident


@pytest.mark.parametrize("name", ["corpus-office", "corpus-fresh"])
def test_a_second_round_beside_changes_nothing(name: str, fixtures_dir: Path, campaign_dir: Path, tmp_path: Path) -> None:
    """Issue #19: with another round (the mutual-aid scheme, its own roster) configured in the same
    mailbox, the corpus's own round reads exactly as it does alone."""
    evaluation = _eval_module()
    corpus = fixtures_dir / name
    truth = json.loads((corpus / "truth.json").read_text(encoding="utf-8"))
    (tmp_path / "alone").mkdir()
    (tmp_path / "beside").mkdir()
    alone = evaluation.score(corpus, evaluation.build_store(corpus, campaign_dir, tmp_path / "alone", truth["mailbox"]), truth)
    beside_store = evaluation.build_store(corpus, campaign_dir, tmp_path / "beside", truth["mailbox"], (fixtures_dir / "campaign-mutual",))
    beside = evaluation.score(corpus, beside_store, truth)
    assert {k: v for k, v in beside.items() if k != "misses"} == {k: v for k, v in alone.items() if k != "misses"}
    assert beside["kind"][0] == beside["kind"][1] and beside["missing_exact"], beside["misses"]
