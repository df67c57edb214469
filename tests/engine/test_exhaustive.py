"""Every combination of answers, found by walking the interview with next_question, in two sweeps.

Each relevant question branches on its domain: bools, every open choice (a choice whose `when`
does not hold after the earlier answers is closed, as the interview closes it: same_llama and
merged_llama for end users, takes: nothing, weights fetched from_you when no copy leaves your
control), mau at 0, 700,000,000 and 700,000,001 and both named bands. aup_concerns branches on
none, all, and one single category that rotates through the version's policy, so every category
is tried alone somewhere without multiplying the tree by the length of the policy.

Branching the questions format 3 added as well would give 377,948 answer sets, 15 times the
25,246 of format 2 (about 2 minutes; advisor.engine.combinations, which also tries each policy
item alone, went from 230,976 to about 3.7 million). So there are two sweeps:

- The exhaustive sweep (30,790 sets) holds the questions format 3 added at the value format 2
  meant (FORMAT3_DEFAULTS), except separate_license_from_meta, which takes both answers above
  700 million users, where format 2 asked it. Its answer sets are format-2 files (the questions
  format 2 never asked left out), so it also shows that every format-2 file assesses as before
  and reads those questions as format 2 meant them; one that uses merged_llama (a choice format 2
  did not have) is a format-3 file giving every answer.
- The format-3 sweep (17,308 sets) branches every question format 3 added on its whole domain,
  with some older questions held (FORMAT3_HELD): mau at 0, so the grant is tried where format 2
  never asked it; critical_infrastructure no and eu_affiliates_involved no (a policy item and an
  EU licensee stand for a prohibited use and the EU restriction); access own_copy for versions
  without the EU multimodal paragraph; aup_concerns none or one category. Role, version,
  multimodal, EU, distribution and training answers branch on their whole domain. The exhaustive
  sweep tries a grant with each held answer, above the threshold.

Every answer set must assess cleanly, cite only quotes found in the bundled texts, and agree with
an independent reading of the licences (FACTS.md §A, §B, §E; Meta's FAQ where the agreement leaves
a point open; issue 16 for what is taken from Meta, merges, adapters, first-run downloads, your own
terms and written grants) on the verdict, the duties and the certainty. The sweeps stream and are
assessed as they are walked: no list of answer sets is kept, only what the coverage checks need.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest

from advisor.engine import assess, next_question
from advisor.engine.answers_format import FORMAT3_DEFAULTS
from advisor.engine.compiled import compiled
from advisor.model import VERDICTS, KnowledgeBase, Question

from .exhaustive_oracle import (
    DERIVATIVE_KINDS,
    EU_MULTIMODAL_VERSIONS,
    GRANT,
    CitationChecker,
    format_2_file,
    over_threshold,
    problems,
)

BANDS = ("far_below_threshold", "far_above_threshold")
MAU_VALUES: tuple[Any, ...] = (0, 700_000_000, 700_000_001, *BANDS)
KINDS = ("same_llama", "merged_llama", "other_llama", "other_llm", "other_ai")
# The older questions the format-3 sweep holds to fewer answers (None: not held for that partial).
FORMAT3_HELD = {
    "mau": lambda partial: [0],  # the grant below the threshold, which format 2 never asked
    "critical_infrastructure": lambda partial: [False],  # a prohibited use: one policy item stands for it
    "eu_affiliates_involved": lambda partial: [False],  # an EU licensee stands for the restriction
    # How the model is reached matters only to the EU multimodal restriction.
    "access": lambda partial: ["own_copy"] if partial["version"] not in EU_MULTIMODAL_VERSIONS else None,
}


class Enumerator:
    """Walks the interview; the single aup category tried on each branch rotates per version."""

    def __init__(self, kb: KnowledgeBase, format_3: bool) -> None:
        self.kb, self.format_3 = kb, format_3
        self.ck = compiled(kb)
        self.turn: Counter[str] = Counter()

    def domain(self, question: Question, partial: dict[str, Any]) -> list[Any]:
        """The answers tried for one question, given the answers so far."""
        if not self.format_3 and question.id in FORMAT3_DEFAULTS:
            if question.id == GRANT and over_threshold(partial.get("mau")):
                return [False, True]  # format 2 asked it here
            return [FORMAT3_DEFAULTS[question.id]]
        held = FORMAT3_HELD[question.id](partial) if self.format_3 and question.id in FORMAT3_HELD else None
        if held is not None:
            return held
        if question.type == "choice":
            facts = self.kb.versions.get(partial.get("version", ""))
            return [c.value for c in question.choices if self.ck.choice_open(question, c.value, partial, facts)]
        if question.type == "bool":
            return [False, True]
        if question.type == "int":
            assert tuple(choice.value for choice in question.choices) == BANDS, question.id
            return list(MAU_VALUES)
        assert question.type == "multi", question.type
        version = partial["version"]
        categories = list(self.ck.multi_choices(question, self.kb.versions[version]))
        assert categories, f"no categories for {question.id} in version {version}"
        single = categories[self.turn[version] % len(categories)]
        self.turn[version] += 1
        return [[], [single]] if self.format_3 else [[], [single], categories]

    def all(self) -> Iterator[dict[str, Any]]:
        """All complete answer sets reachable through the interview, one at a time."""
        stack: list[dict[str, Any]] = [{}]
        while stack:
            partial = stack.pop()
            question = next_question(self.kb, partial)
            if question is None:
                yield partial
                continue
            assert question.id not in partial, f"{question.id} asked again"
            values = self.domain(question, partial)
            assert values and len({repr(v) for v in values}) == len(values), (question.id, values)
            stack.extend({**partial, question.id: value} for value in values)


CLOSED = "closed choice picked"


class Sweep:
    """One sweep, assessed as it is walked: what the coverage checks need, and what went wrong."""

    def __init__(self, kb: KnowledgeBase, format_3: bool) -> None:
        self.count = 0
        self.per_version: Counter[str] = Counter()
        self.seen: set[tuple[str, str, str, Any]] = set()  # (version, role, key, value) of every answer
        self.trained: set[tuple[str, str, str, bool]] = set()  # (version, role, kind, made available)
        self.grants: set[tuple[bool, bool]] = set()  # (over the threshold, separate_license_from_meta)
        self.broken: list[str] = []  # answer sets the interview should not produce
        self.failures: list[str] = []
        self.verdicts: Counter[tuple[str, str]] = Counter()
        self.citations = CitationChecker(kb)
        for answers in Enumerator(kb, format_3).all():
            self.record(answers)
            given = answers
            answers_format = 3
            if not format_3 and answers.get("other_model_kind") != "merged_llama":
                given, answers_format = format_2_file(answers), 2
            result = assess(kb, {"format": answers_format, **given})
            self.verdicts[(result.verdict, result.certainty)] += 1
            if len(self.failures) < 20:
                found = problems(kb, answers, result, self.citations, answers_format)
                self.failures.extend(f"{answers}: {problem}" for problem in found)

    def record(self, answers: dict[str, Any]) -> None:
        self.count += 1
        version, role = answers["version"], answers.get("role", "")
        self.per_version[version] += 1
        self.seen.update((version, role, key, tuple(v) if isinstance(v, list) else v) for key, v in answers.items())
        if answers.get("trains_other_model"):
            self.trained.add((version, role, answers["other_model_kind"], answers["other_model_distributed"]))
        if role == "developer":
            self.grants.add((over_threshold(answers["mau"]), answers[GRANT]))
            if ("ships_copies" in answers) != (answers.get("distributes") is True):
                self.broken.append(f"{answers}: ships_copies asked without distributes, or not after it")
        if "eu_affiliates_involved" in answers and answers["eu"] is not False:
            self.broken.append(f"{answers}: EU affiliates asked of an EU licensee")
        if role == "end_user" and answers.get("other_model_kind") in DERIVATIVE_KINDS:
            self.broken.append(f"{answers}: {CLOSED} (an end user cannot fine-tune or merge the model)")
        if answers.get("takes") == "nothing":
            self.broken.append(f"{answers}: {CLOSED} (nothing taken from Meta: the agreement does not apply)")
        if answers.get("weights_fetched_on_first_run") == "from_you" and answers.get("ships_copies") is False:
            self.broken.append(f"{answers}: {CLOSED} (weights your servers send leave your control)")

    def values(self, key: str, **where: Any) -> set[Any]:
        """Every value `key` took, in answer sets of the given version and role."""
        return {
            value
            for version, role, seen_key, value in self.seen
            if seen_key == key and where.get("version", version) == version and where.get("role", role) == role
        }

    def keys(self, version: str | None = None, role: str | None = None) -> set[str]:
        return {key for v, r, key, _ in self.seen if version in (None, v) and role in (None, r)}


@pytest.fixture(scope="module")
def exhaustive(kb: KnowledgeBase) -> Sweep:
    return Sweep(kb, format_3=False)


@pytest.fixture(scope="module")
def format_3_sweep(kb: KnowledgeBase) -> Sweep:
    return Sweep(kb, format_3=True)


def test_enumeration_covers_every_version_and_value(kb: KnowledgeBase, exhaustive: Sweep) -> None:
    sweep = exhaustive
    assert sweep.count >= 30_000
    assert not sweep.broken, "\n".join(sweep.broken[:10])
    assert set(sweep.per_version) == set(kb.versions)
    assert sweep.per_version["1"] == 4  # weights from Meta, commercial; sharing is held at not_shared
    assert sweep.values("mau", role="developer") == set(MAU_VALUES)
    assert sweep.values("access", role="developer") == {"own_copy", "hosted_api"}
    # Asked of every developer; both answers are tried where format 2 asked it, above the threshold.
    assert sweep.grants == {(False, False), (True, False), (True, True)}
    for key, meant in FORMAT3_DEFAULTS.items():
        if key != GRANT:
            assert {value for _, _, k, value in sweep.seen if k == key} == {meant}, key
    assert True in sweep.values("eu", version="4")
    assert not any("eu" in sweep.keys(version=v) for v in ("2", "3", "3.1", "3.3"))
    assert not any("multimodal" in sweep.keys(version=v) for v in ("3.3", "4"))  # implied, not asked
    affiliates = {(v, value) for v, _, key, value in sweep.seen if key == "eu_affiliates_involved"}
    assert affiliates == {(v, b) for v in ("3.2", "4") for b in (False, True)}
    # The training questions are asked of everyone bound by a Community agreement, end users included.
    for version in kb.versions:
        if version != "1":
            assert "trains_other_model" in sweep.keys(version=version, role="developer")
            assert "trains_other_model" in sweep.keys(version=version, role="end_user")
    assert not {"trains_other_model", "access", "role", "takes"} & sweep.keys(version="1")
    end_user_keys = {"access", "takes", "eu", "mau", GRANT, "distributes", "ships_copies"}
    end_user_keys |= {"weights_fetched_on_first_run", "adapter_only"}
    assert not end_user_keys & sweep.keys(role="end_user")
    community = [v for v in kb.versions if v != "1"]
    trained_by = {role: {(v, k, o) for v, r, k, o in sweep.trained if r == role} for role in ("developer", "end_user")}
    assert trained_by["end_user"] == {
        (v, k, o) for v in community for k in KINDS if k not in DERIVATIVE_KINDS for o in (False, True)
    }
    assert trained_by["developer"] == {(v, k, o) for v in community for k in KINDS for o in (False, True)}
    question = kb.question("aup_concerns")
    for version in kb.versions.values():
        if version.id != "1":
            singles = {v[0] for v in sweep.values("aup_concerns", version=version.id) if len(v) == 1}
            assert singles == set(compiled(kb).multi_choices(question, version))


def test_format_3_sweep_tries_every_answer_format_3_added(kb: KnowledgeBase, format_3_sweep: Sweep) -> None:
    sweep = format_3_sweep
    assert 15_000 <= sweep.count < 25_000  # a smaller sweep than the exhaustive one
    assert not sweep.broken, "\n".join(sweep.broken[:10])
    assert set(sweep.per_version) == set(kb.versions)
    assert sweep.per_version["1"] == 8  # weights from Meta or not; commercial, or three ways of sharing
    assert sweep.values("shares_llama1_weights", version="1") == {"not_shared", "weights", "weight_diff"}
    for version in (v for v in kb.versions if v != "1"):
        assert sweep.values("takes", version=version) == {"weights", "code_or_tokenizer", "outputs"}
        assert sweep.values("weights_fetched_on_first_run", version=version) == {
            "not_fetched", "from_you", "from_third_party"
        }  # fmt: skip
        for key in ("adapter_only", "own_terms"):
            assert sweep.values(key, version=version, role="developer") == {False, True}, (version, key)
        assert sweep.values("own_terms", version=version, role="end_user") == {False, True}  # a model made available
        assert "merged_llama" in sweep.values("other_model_kind", version=version, role="developer")
    assert sweep.grants == {(False, False), (False, True)}  # above the threshold: the exhaustive sweep
    assert "ships_copies" not in sweep.keys(version="1")


EVERY_OUTCOME = {(v, c) for v in VERDICTS for c in ("settled", "unsettled")}


@pytest.mark.parametrize(
    ("sweep_name", "outcomes"),
    [
        ("exhaustive", EVERY_OUTCOME),
        # Below the threshold, only Llama 1 needs a license, and that is never settled.
        ("format_3_sweep", EVERY_OUTCOME - {("license_required", "settled")}),
    ],
)
def test_every_combination_assesses_soundly(
    request: pytest.FixtureRequest, sweep_name: str, outcomes: set[tuple[str, str]], capsys: pytest.CaptureFixture[str]
) -> None:
    sweep: Sweep = request.getfixturevalue(sweep_name)
    assert not sweep.failures, "\n".join(sweep.failures[:20])
    assert set(sweep.verdicts) == outcomes
    assert all(sweep.citations.checked.values())
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == ""


@pytest.mark.parametrize("version", ["2", "3", "3.1", "3.2", "3.3", "4"])
@pytest.mark.parametrize("kind", DERIVATIVE_KINDS)
def test_end_user_cannot_fine_tune_or_merge_the_model(kb: KnowledgeBase, version: str, kind: str) -> None:
    """Issue 8 §1: only someone who uses a finished product as its user is an end user."""
    from advisor.engine import AnswersError

    answers = {"format": 2, "version": version, "role": "end_user", "critical_infrastructure": False}
    answers |= {"aup_concerns": [], "trains_other_model": True, "other_model_kind": kind}
    answers |= {"other_model_distributed": True}
    if version == "3.2":
        answers["multimodal"] = False
    with pytest.raises(AnswersError) as raised:
        assess(kb, answers)
    assert raised.value.key == "other_model_kind"
    needs = {"same_llama": "Fine-tuning", "merged_llama": "A merge needs"}[kind]
    assert needs in raised.value.message and "go back and answer the role question" in raised.value.message
