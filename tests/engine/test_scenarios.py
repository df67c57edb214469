"""Scenario table derived from the Llama agreements, use policies and Meta's FAQ.

Each row is a planned use with the verdict, the exact obligation ids, the exact
attribution strings and the rule ids the licence texts lead to (FACTS.md §A, §B, §D,
§E; seed 000 for the FAQ examples).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest

from advisor.engine import assess
from advisor.model import KnowledgeBase
from advisor.resources import resources_dir
from advisor.rules.citations import normalise_whitespace

# Exact strings from each agreement: §1.b.i(B), §1.b.iii and the last sentence of §1.b.i.
BUILT_WITH = {"3": "Built with Meta Llama 3", "3.1": "Built with Llama", "3.2": "Built with Llama"}
BUILT_WITH |= {"3.3": "Built with Llama", "4": "Built with Llama"}
PREFIX = {"3": "Llama 3", "3.1": "Llama", "3.2": "Llama", "3.3": "Llama", "4": "Llama"}
NOTICE = {
    "2": "Llama 2 is licensed under the LLAMA 2 Community License, Copyright (c) Meta Platforms, Inc. All Rights Reserved.",
    "3": "Meta Llama 3 is licensed under the Meta Llama 3 Community License, Copyright © Meta Platforms, Inc. All Rights Reserved.",
    "3.1": "Llama 3.1 is licensed under the Llama 3.1 Community License, Copyright © Meta Platforms, Inc. All Rights Reserved.",
    "3.2": "Llama 3.2 is licensed under the Llama 3.2 Community License, Copyright © Meta Platforms, Inc. All Rights Reserved.",
    "3.3": "Llama 3.3 is licensed under the Llama 3.3 Community License, Copyright © Meta Platforms, Inc. All Rights Reserved.",
    "4": "Llama 4 is licensed under the Llama 4 Community License, Copyright © Meta Platforms, Inc. All Rights Reserved.",
}

COMMUNITY = ("2", "3", "3.1", "3.2", "3.3", "4")
LICENSE_FILE = {v: f"licenses/llama{v.replace('.', '_')}-LICENSE.txt" for v in COMMUNITY}
MAU_LIMIT = 700_000_000
AU = "acceptable_use"
DISTRIBUTION = {"license_copy", "built_with", "notice", AU}
EVERYTHING = DISTRIBUTION | {"name_prefix"}


# What each rule decides, from the clause it rests on: ("verdict", outcome), ("obligation", id),
# ("next_step", id) or ("note", ""). Rules marked unsettled rest on a point the texts leave open.
RULE_OUTCOMES: dict[str, tuple[str, str]] = {
    "L1-COMMERCIAL-NOT-LICENSED": ("verdict", "prohibited"),
    "L1-NOT-FROM-META": ("verdict", "license_required"),
    "L1-NONCOMMERCIAL-ONLY": ("verdict", "permitted"),
    "L1-NO-PUBLISHED-LICENSE": ("note", ""),
    "L1-UNOFFICIAL-RISKS": ("note", ""),
    "L1-LATER-VERSION": ("next_step", "later_version"),
    "L1-BESPOKE-REQUEST": ("next_step", "ask_meta"),
    "L1-SHARING-WEIGHTS": ("verdict", "license_required"),
    "L1-WEIGHT-DIFF": ("verdict", "license_required"),
    "L1-SHARING-READINGS": ("note", ""),
    "L1-FINE-TUNES-ARE-LLAMA1": ("note", ""),
    "GRANT": ("verdict", "permitted"),
    "META-WRITTEN-GRANT": ("verdict", "permitted"),
    "ACCEPTANCE": ("note", ""),
    "TAKES-OUTPUTS-ONLY": ("note", ""),
    "CODE-IS-LLAMA-MATERIALS-LLAMA2": ("note", ""),
    "CODE-IS-LLAMA-MATERIALS-LLAMA3": ("note", ""),
    "CODE-IS-LLAMA-MATERIALS-LLAMA3_1": ("note", ""),
    "CODE-IS-LLAMA-MATERIALS-LLAMA3_2": ("note", ""),
    "CODE-IS-LLAMA-MATERIALS-LLAMA3_3": ("note", ""),
    "CODE-IS-LLAMA-MATERIALS-LLAMA4": ("note", ""),
    "END-USER-OUTSIDE-MAU": ("verdict", "permitted"),
    "END-USER-FINE-TUNES": ("note", ""),
    "MAU-OVER-THRESHOLD": ("verdict", "license_required"),
    "MAU-FAR-ABOVE": ("verdict", "license_required"),
    "MAU-SEPARATE-LICENSE": ("verdict", "permitted"),
    "MAU-SEPARATE-LICENSE-TERMS": ("note", ""),
    "MAU-WITHIN-THRESHOLD": ("verdict", "permitted"),
    "MAU-FAR-BELOW": ("verdict", "permitted"),
    "MAU-MEASURED-ON-RELEASE-DATE": ("note", ""),
    "MAU-LLAMA4-EFFECTIVE-DATE": ("note", ""),
    "MAU-LLAMA3_2-DATES": ("note", ""),
    "REQUEST-LICENSE": ("next_step", "request_license"),
    "EU-MULTIMODAL-NOT-GRANTED": ("verdict", "prohibited"),
    "EU-MULTIMODAL-CODE-ONLY": ("verdict", "prohibited"),
    "GRANT-HOLDER-EU-MULTIMODAL": ("verdict", "prohibited"),
    "EU-MULTIMODAL-HOSTED-API": ("verdict", "prohibited"),
    "EU-MULTIMODAL-HOSTED-API-READINGS": ("note", ""),
    "EU-MULTIMODAL-NOT-EU": ("verdict", "permitted"),
    "EU-MULTIMODAL-AFFILIATES": ("verdict", "prohibited"),
    "EU-MULTIMODAL-STAFF": ("note", ""),
    "EU-MULTIMODAL-END-USER": ("verdict", "permitted"),
    "EU-CONTACT-META": ("next_step", "contact_meta"),
    "EU-TEXT-ONLY-MODELS": ("next_step", "text_only_models"),
    "EU-LLAMA4-TEXT-ONLY-VERSIONS": ("next_step", "text_only_models"),
    "EU-PARAGRAPH-IN-TEXT-ONLY-VERSION": ("note", ""),
    "CRITICAL-INFRASTRUCTURE": ("verdict", "prohibited"),
    "CRITICAL-INFRASTRUCTURE-FAQ": ("verdict", "prohibited"),
    "GRANT-HOLDER-CRITICAL-INFRASTRUCTURE": ("verdict", "prohibited"),
    "CRITICAL-INFRASTRUCTURE-REQUEST": ("next_step", "contact_meta"),
    "AUP-PROHIBITED-USE": ("verdict", "prohibited"),
    "GRANT-HOLDER-AUP-PROHIBITED-USE": ("verdict", "prohibited"),
    "AUP-REQUEST": ("next_step", "contact_meta"),
    "ACCEPTABLE-USE-OTHERS": ("obligation", "acceptable_use"),
    "ACCEPTABLE-USE": ("obligation", "acceptable_use"),
    "ACCEPTABLE-USE-DISCLOSE-DANGERS": ("obligation", "acceptable_use"),
    "OUTPUTS-TO-OTHER-MODEL": ("verdict", "prohibited"),
    "GRANT-HOLDER-OUTPUTS-TO-OTHER-MODEL": ("verdict", "prohibited"),
    "OUTPUTS-TO-NON-LLM": ("verdict", "prohibited"),
    "OUTPUTS-CLAUSE-SCOPE": ("note", ""),
    "OUTPUTS-TO-LLAMA-DERIVATIVE": ("verdict", "permitted"),
    "MERGE-OTHER-LLAMA-BARRED": ("verdict", "prohibited"),
    "MERGE-OTHER-LLAMA-READINGS": ("note", ""),
    "OUTPUTS-LATER-VERSION": ("next_step", "later_version"),
    "OUTPUTS-ALLOWED": ("verdict", "permitted"),
    "MERGE-DERIVATIVE-OF-BOTH": ("note", ""),
    "OUTPUTS-TO-OTHER-LLAMA-DUTIES": ("note", ""),
    "LICENSE-COPY": ("obligation", "license_copy"),
    "LICENSE-COPY-SERVICE": ("obligation", "license_copy"),
    "LICENSE-COPY-LINK": ("note", ""),
    "PRODUCT-CONTAINS-READING": ("note", ""),
    "LICENSE-COPY-LLAMA2": ("obligation", "license_copy"),
    "LICENSE-COPY-LLAMA2-SERVICE": ("obligation", "license_copy"),
    "LLAMA2-SERVICE-READINGS": ("note", ""),
    "BUILT-WITH": ("obligation", "built_with"),
    "BUILT-WITH-PROMINENCE": ("note", ""),
    "NOTICE": ("obligation", "notice"),
    "NOTICE-SCOPE": ("note", ""),
    "NOTICE-SCOPE-TRAINED-MODEL": ("note", ""),
    "NAME-PREFIX": ("obligation", "name_prefix"),
    "NAME-PREFIX-LLAMA3-TRIGGER": ("note", ""),
    "SYNTHETIC-DATA-NO-BUILT-WITH": ("note", ""),
    "LLAMA2-NO-NAMING-RULE": ("note", ""),
    "QUANTISED-OR-CONVERTED-COPIES": ("note", ""),
    "ADAPTER-ONLY-READINGS": ("note", ""),
    "FIRST-RUN-FROM-YOU": ("note", ""),
    "FIRST-RUN-THIRD-PARTY-NOTICE": ("obligation", "notice"),
    "FIRST-RUN-THIRD-PARTY-READINGS": ("note", ""),
    "OWN-TERMS-AGREEMENT-TRAVELS": ("note", ""),
    "OWN-TERMS-OWNERSHIP-LLAMA2": ("note", ""),
    "OWN-TERMS-OWNERSHIP-LLAMA3": ("note", ""),
    "OWN-TERMS-OWNERSHIP-LLAMA3_1": ("note", ""),
    "OWN-TERMS-OWNERSHIP-LLAMA3_2": ("note", ""),
    "OWN-TERMS-OWNERSHIP-LLAMA3_3": ("note", ""),
    "OWN-TERMS-OWNERSHIP-LLAMA4": ("note", ""),
    "OWN-TERMS-OUTPUTS-MODEL": ("note", ""),
}
# The points the texts leave open (issue 8 §6): each gives the cautious outcome, and a note the other reading.
UNSETTLED_RULES = {
    "L1-NOT-FROM-META",
    "L1-NONCOMMERCIAL-ONLY",
    "L1-NO-PUBLISHED-LICENSE",
    "EU-MULTIMODAL-HOSTED-API",
    "EU-MULTIMODAL-HOSTED-API-READINGS",
    "OUTPUTS-TO-NON-LLM",
    "OUTPUTS-CLAUSE-SCOPE",
    "LICENSE-COPY-LLAMA2-SERVICE",
    "LLAMA2-SERVICE-READINGS",
    "END-USER-FINE-TUNES",
    "MAU-SEPARATE-LICENSE-TERMS",
    # Issue 16 (lineage, what is taken from Meta, written grants, first-run downloads, own terms).
    "L1-SHARING-WEIGHTS",
    "L1-WEIGHT-DIFF",
    "L1-SHARING-READINGS",
    "META-WRITTEN-GRANT",
    "CODE-IS-LLAMA-MATERIALS-LLAMA2",
    "CODE-IS-LLAMA-MATERIALS-LLAMA3",
    "CODE-IS-LLAMA-MATERIALS-LLAMA3_1",
    "CODE-IS-LLAMA-MATERIALS-LLAMA3_2",
    "CODE-IS-LLAMA-MATERIALS-LLAMA3_3",
    "CODE-IS-LLAMA-MATERIALS-LLAMA4",
    "EU-MULTIMODAL-CODE-ONLY",
    "GRANT-HOLDER-EU-MULTIMODAL",
    "GRANT-HOLDER-CRITICAL-INFRASTRUCTURE",
    "GRANT-HOLDER-AUP-PROHIBITED-USE",
    "GRANT-HOLDER-OUTPUTS-TO-OTHER-MODEL",
    "MERGE-OTHER-LLAMA-BARRED",
    "MERGE-OTHER-LLAMA-READINGS",
    "ADAPTER-ONLY-READINGS",
    "FIRST-RUN-THIRD-PARTY-NOTICE",
    "FIRST-RUN-THIRD-PARTY-READINGS",
    "OWN-TERMS-OWNERSHIP-LLAMA2",
    "OWN-TERMS-OWNERSHIP-LLAMA3",
    "OWN-TERMS-OWNERSHIP-LLAMA3_1",
    "OWN-TERMS-OWNERSHIP-LLAMA3_2",
    "OWN-TERMS-OWNERSHIP-LLAMA3_3",
    "OWN-TERMS-OWNERSHIP-LLAMA4",
}


SAME, OTHER_LLAMA, OTHER_LLM, OTHER_AI = "same_llama", "other_llama", "other_llm", "other_ai"
EU_MULTIMODAL = {"3.2", "3.3", "4"}


def _complete(answers: dict[str, Any]) -> dict[str, Any]:
    """Fill the follow-up answers a format-2 file must give: copies leave your control when you
    distribute (the v0.1.0 case), and no EU affiliate takes part for a non-EU multimodal licensee."""
    if answers.get("role") == "developer" and answers.get("distributes") and "ships_copies" not in answers:
        answers["ships_copies"] = True
    multimodal = answers.get("multimodal", answers["version"] == "4")
    restricted = answers["version"] in EU_MULTIMODAL and multimodal and answers.get("role") == "developer"
    if restricted and answers.get("eu") is False:
        answers.setdefault("eu_affiliates_involved", False)
    return answers


def dev(version: str, **extra: Any) -> dict[str, Any]:
    """A developer's format-2 answers (own copy); 3.2 defaults to a text model, 4 to a non-EU licensee."""
    answers: dict[str, Any] = {"format": 2, "version": version, "role": "developer", "access": "own_copy", "mau": 0}
    answers |= {"critical_infrastructure": False, "aup_concerns": [], "distributes": False}
    answers["trains_other_model"] = False
    if version == "3.2":
        answers["multimodal"] = False
    if version == "4":
        answers["eu"] = False
    answers.update(extra)
    return _complete(answers)


def user(version: str, **extra: Any) -> dict[str, Any]:
    """An end user of a product that integrates the model (bound by all but §2, per §1.b.ii)."""
    answers: dict[str, Any] = {"format": 2, "version": version, "role": "end_user", "critical_infrastructure": False}
    answers |= {"aup_concerns": [], "trains_other_model": False}
    if version == "3.2":
        answers["multimodal"] = False
    answers.update(extra)
    return _complete(answers)


def trains(version: str, kind: str, distributed: bool, **extra: Any) -> dict[str, Any]:
    """A developer who uses the model or its outputs to train an AI model of `kind`."""
    return dev(version, trains_other_model=True, other_model_kind=kind, other_model_distributed=distributed, **extra)


def user_trains(version: str, kind: str, distributed: bool, **extra: Any) -> dict[str, Any]:
    """An end user who uses the model's outputs to train an AI model (§1.b.v and the naming rule bind them too)."""
    return user(version, trains_other_model=True, other_model_kind=kind, other_model_distributed=distributed, **extra)


def v01_user_fine_tunes(version: str, distributed: bool) -> dict[str, Any]:
    """A v0.1.0 answers file (no `format`) from an end user who fine-tunes the model itself: today's
    interview refuses that combination, but the old file still assesses, flagged as an open point."""
    answers = user_trains(version, SAME, distributed)
    del answers["format"], answers["other_model_kind"]
    return answers | {"other_model_is_llama_derivative": True}


@dataclass(frozen=True)
class Case:
    """A planned use. `obligations` and the attribution strings are what the texts attach to the use;
    when the verdict is not permitted they are expected under `if_licensed` (acceptable use excepted)
    and every attribution string is null (issue 8 §6)."""

    id: str
    answers: dict[str, Any]
    verdict: str
    obligations: set[str]
    built_with: str | None = None
    notice: str | None = None
    name_prefix: str | None = None
    rules: set[str] = field(default_factory=set)  # must fire (reasons or notes by kind)
    absent: set[str] = field(default_factory=set)  # must not fire
    unused: set[str] = field(default_factory=set)
    certainty: str = "settled"


def distribution(v: str, **kw: Any) -> Case:
    """Distribution duties for version v (no name prefix)."""
    return Case(
        kw.pop("id"), kw.pop("answers"), kw.pop("verdict", "permitted"), DISTRIBUTION - ({"built_with"} if v == "2" else set()),
        BUILT_WITH.get(v), NOTICE[v], None, **kw,
    )  # fmt: skip


CASES: list[Case] = []
# Burlington electric grid (FAQ): critical infrastructure is prohibited in every Community version.
for v in COMMUNITY:
    CASES.append(Case(f"burlington-grid-{v}", dev(v, critical_infrastructure=True), "prohibited", {AU},
                      rules={"GRANT", "CRITICAL-INFRASTRUCTURE", "CRITICAL-INFRASTRUCTURE-FAQ"}))  # fmt: skip
CASES.append(Case("burlington-grid-4-end-user", user("4", critical_infrastructure=True), "prohibited", {AU},
                  rules={"CRITICAL-INFRASTRUCTURE", "END-USER-OUTSIDE-MAU"}))  # fmt: skip
CASES.append(distribution("3.1", id="burlington-grid-3.1-distributed", answers=dev("3.1", critical_infrastructure=True, distributes=True),
                          verdict="prohibited", rules={"CRITICAL-INFRASTRUCTURE"}))  # fmt: skip

# EU multimodal restriction (AUP of 3.2, 3.3 and 4) and the FAQ's EU examples.
EU_OK = {"EU-MULTIMODAL-NOT-EU", "EU-MULTIMODAL-STAFF"}
CASES += [
    Case("eu-employees-of-non-eu-company-3.2-vision", dev("3.2", multimodal=True, eu=False), "permitted", {AU},
         rules=EU_OK | {"GRANT", "MAU-WITHIN-THRESHOLD"}, absent={"EU-MULTIMODAL-NOT-GRANTED"}),
    Case("eu-employees-of-non-eu-company-4", dev("4", eu=False), "permitted", {AU}, rules=EU_OK,
         absent={"EU-MULTIMODAL-NOT-GRANTED"}),
    distribution("3.2", id="non-eu-subsidiary-of-eu-parent-3.2-vision-distributes",
                 answers=dev("3.2", multimodal=True, eu=False, distributes=True), rules=EU_OK | {"LICENSE-COPY", "BUILT-WITH", "NOTICE"}),
    Case("non-eu-subsidiary-of-eu-parent-4", dev("4", eu=False), "permitted", {AU}, rules=EU_OK),
    Case("eu-company-3.2-vision-developer", dev("3.2", multimodal=True, eu=True), "prohibited", {AU},
         rules={"EU-MULTIMODAL-NOT-GRANTED"}, absent=EU_OK),
    distribution("3.2", id="eu-company-3.2-vision-developer-distributes", answers=dev("3.2", multimodal=True, eu=True, distributes=True),
                 verdict="prohibited", rules={"EU-MULTIMODAL-NOT-GRANTED"}),
    Case("eu-company-3.2-vision-end-user", user("3.2", multimodal=True, eu=True), "permitted", {AU},
         rules={"EU-MULTIMODAL-END-USER", "END-USER-OUTSIDE-MAU"}, absent={"EU-MULTIMODAL-NOT-GRANTED"}, unused={"eu"}),
    Case("eu-company-3.2-text-model-developer", dev("3.2", multimodal=False, eu=True), "permitted", {AU},
         absent={"EU-MULTIMODAL-NOT-GRANTED", *EU_OK}, unused={"eu"}),
    Case("eu-developer-4-multimodal-implied", dev("4", eu=True), "prohibited", {AU},
         rules={"EU-MULTIMODAL-NOT-GRANTED", "MAU-LLAMA4-EFFECTIVE-DATE"}),
    Case("eu-end-user-4", user("4", eu=True), "permitted", {AU}, rules={"EU-MULTIMODAL-END-USER"}, unused={"eu"}),
    Case("eu-developer-3.3-text-only", dev("3.3", eu=True), "permitted", {AU},
         rules={"EU-PARAGRAPH-IN-TEXT-ONLY-VERSION"}, absent={"EU-MULTIMODAL-NOT-GRANTED"}, unused={"eu"}),
    Case("eu-developer-3.1-no-eu-clause", dev("3.1", eu=True), "permitted", {AU},
         absent={"EU-MULTIMODAL-NOT-GRANTED"}, unused={"eu"}),
]  # fmt: skip

# Synthetic data / training another model (FAQ naming example; §1.b.v of Llama 2 and 3).
SYNTH = {"OUTPUTS-ALLOWED", "NAME-PREFIX", "SYNTHETIC-DATA-NO-BUILT-WITH"}
for v in ("3.1", "3.2", "3.3", "4"):
    CASES.append(Case(f"synthetic-data-other-model-distributed-{v}", trains(v, OTHER_LLM, True), "permitted",
                      {"name_prefix", AU}, name_prefix="Llama", rules=SYNTH,
                      absent={"BUILT-WITH", "LICENSE-COPY", "NOTICE", "OUTPUTS-TO-OTHER-MODEL"}))  # fmt: skip
BAN = {"OUTPUTS-TO-OTHER-MODEL", "OUTPUTS-LATER-VERSION"}
CASES += [
    Case("synthetic-data-other-model-kept-internal-3.1", trains("3.1", OTHER_LLM, False), "permitted", {AU},
         rules={"OUTPUTS-ALLOWED"}, absent={"NAME-PREFIX"}),
    Case("synthetic-data-other-model-and-product-distributed-3.1", trains("3.1", OTHER_LLM, True, distributes=True), "permitted",
         EVERYTHING, BUILT_WITH["3.1"], NOTICE["3.1"], "Llama", absent={"SYNTHETIC-DATA-NO-BUILT-WITH"}),
    Case("train-other-model-2", trains("2", OTHER_LLM, False), "prohibited", {AU}, rules=BAN),
    Case("train-other-model-3", trains("3", OTHER_LLM, False), "prohibited", {AU}, rules=BAN),
    Case("train-other-model-3.1", trains("3.1", OTHER_LLM, False), "permitted", {AU}, rules={"OUTPUTS-ALLOWED"}, absent=BAN),
    Case("train-other-model-distributed-2", trains("2", OTHER_LLM, True), "prohibited", {AU}, rules=BAN | {"LLAMA2-NO-NAMING-RULE"}),
    Case("train-other-model-distributed-3", trains("3", OTHER_LLM, True), "prohibited", {AU}, rules=BAN),
    Case("fine-tune-derivative-internal-2", trains("2", SAME, False), "permitted", {AU},
         rules={"OUTPUTS-TO-LLAMA-DERIVATIVE"}, absent=BAN),
    Case("fine-tune-derivative-internal-3", trains("3", SAME, False), "permitted", {AU},
         rules={"OUTPUTS-TO-LLAMA-DERIVATIVE"}, absent=BAN | {"NAME-PREFIX"}),
    Case("fine-tune-derivative-internal-3.1", trains("3.1", SAME, False), "permitted", {AU}, rules={"OUTPUTS-ALLOWED"}),
    distribution("2", id="fine-tune-derivative-distributed-2", answers=trains("2", SAME, True),
                 rules={"OUTPUTS-TO-LLAMA-DERIVATIVE", "LICENSE-COPY-LLAMA2", "NOTICE", "LLAMA2-NO-NAMING-RULE"},
                 absent={"NAME-PREFIX", "BUILT-WITH"}),
    Case("fine-tune-derivative-distributed-3", trains("3", SAME, True), "permitted", EVERYTHING,
         BUILT_WITH["3"], NOTICE["3"], "Llama 3", rules={"OUTPUTS-TO-LLAMA-DERIVATIVE", "NAME-PREFIX", "BUILT-WITH", "BUILT-WITH-PROMINENCE"}),
    Case("fine-tune-derivative-distributed-3.1", trains("3.1", SAME, True), "permitted", EVERYTHING,
         BUILT_WITH["3.1"], NOTICE["3.1"], "Llama", rules={"OUTPUTS-ALLOWED", "NAME-PREFIX"}),
    Case("fine-tune-derivative-distributed-4", trains("4", SAME, True), "permitted", EVERYTHING,
         BUILT_WITH["4"], NOTICE["4"], "Llama"),
]  # fmt: skip

# MAU threshold (§2: "greater than 700 million"), exactly at and one over.
for v in COMMUNITY:
    CASES.append(Case(f"mau-exactly-700m-{v}", dev(v, mau=MAU_LIMIT), "permitted", {AU},
                      rules={"MAU-WITHIN-THRESHOLD", "MAU-MEASURED-ON-RELEASE-DATE"}, absent={"MAU-OVER-THRESHOLD"}))  # fmt: skip
    CASES.append(Case(f"mau-700m-plus-one-{v}", dev(v, mau=MAU_LIMIT + 1, separate_license_from_meta=False), "license_required", {AU},
                      rules={"MAU-OVER-THRESHOLD", "MAU-MEASURED-ON-RELEASE-DATE", "GRANT"},
                      absent={"MAU-WITHIN-THRESHOLD"}))  # fmt: skip

# End users of an integrated product (§1.b.ii): §2 does not apply; mau is unused, not rejected.
for v in ("2", "3", "3.1", "3.2", "4"):
    CASES.append(Case(f"end-user-integrated-product-{v}", user(v, mau=5_000_000_000), "permitted", {AU},
                      rules={"END-USER-OUTSIDE-MAU"}, absent={"MAU-OVER-THRESHOLD", "MAU-WITHIN-THRESHOLD"},
                      unused={"mau"}))  # fmt: skip
CASES.append(Case("end-user-developer-answers-unused-3.1", user("3.1", mau=1, distributes=True), "permitted", {AU},
                  rules={"END-USER-OUTSIDE-MAU"}, absent={"LICENSE-COPY", "BUILT-WITH", "NOTICE", "NAME-PREFIX"},
                  unused={"mau", "distributes"}))  # fmt: skip

# End users who train a model on Llama outputs: only §2 is lifted (§1.b.ii), so the §1.b.v ban of
# Llama 2 and 3 and the naming rule of 3.1+ bind them as they bind developers.
END_USER_BAN = BAN | {"END-USER-OUTSIDE-MAU"}
for v in ("2", "3"):
    CASES += [
        Case(f"end-user-train-other-model-{v}", user_trains(v, OTHER_LLM, False), "prohibited", {AU}, rules=END_USER_BAN,
             absent={"OUTPUTS-TO-LLAMA-DERIVATIVE", "MAU-OVER-THRESHOLD", "MAU-WITHIN-THRESHOLD"}),
        Case(f"end-user-train-other-model-distributed-{v}", user_trains(v, OTHER_LLM, True), "prohibited", {AU},
             rules=END_USER_BAN, absent={"NAME-PREFIX", "LICENSE-COPY", "BUILT-WITH", "BUILT-WITH-PROMINENCE", "NOTICE"}),
        Case(f"end-user-fine-tune-derivative-internal-{v}", v01_user_fine_tunes(v, False), "permitted", {AU},
             rules={"OUTPUTS-TO-LLAMA-DERIVATIVE", "END-USER-OUTSIDE-MAU", "END-USER-FINE-TUNES"},
             absent=BAN | {"NAME-PREFIX"}, certainty="unsettled"),
    ]  # fmt: skip
CASES.append(Case("end-user-train-other-model-2-answers-unused", user_trains("2", OTHER_LLM, False, mau=0, distributes=False),
                  "prohibited", {AU}, rules=END_USER_BAN, unused={"mau", "distributes"}))  # fmt: skip
for v in ("3.1", "3.2", "3.3", "4"):
    CASES.append(Case(f"end-user-synthetic-data-other-model-distributed-{v}", user_trains(v, OTHER_LLM, True), "permitted",
                      {"name_prefix", AU}, name_prefix="Llama", rules={"OUTPUTS-ALLOWED", "NAME-PREFIX", "END-USER-OUTSIDE-MAU"},
                      absent={"BUILT-WITH", "LICENSE-COPY", "NOTICE", "OUTPUTS-TO-OTHER-MODEL"}))  # fmt: skip
CASES += [
    Case("end-user-synthetic-data-other-model-distributed-3.1-distributes-unused",
         user_trains("3.1", OTHER_LLM, True, mau=1, distributes=True), "permitted", {"name_prefix", AU}, name_prefix="Llama",
         rules={"NAME-PREFIX"}, absent={"BUILT-WITH", "LICENSE-COPY", "NOTICE"}, unused={"mau", "distributes"}),
    Case("end-user-synthetic-data-other-model-kept-internal-3.1", user_trains("3.1", OTHER_LLM, False), "permitted", {AU},
         rules={"OUTPUTS-ALLOWED"}, absent={"NAME-PREFIX"}),
    Case("end-user-eu-vision-synthetic-data-distributed-3.2", user_trains("3.2", OTHER_LLM, True, multimodal=True, eu=True),
         "permitted", {"name_prefix", AU}, name_prefix="Llama", rules={"EU-MULTIMODAL-END-USER", "NAME-PREFIX"},
         absent={"EU-MULTIMODAL-NOT-GRANTED"}, unused={"eu"}),
    # A distributed fine-tune is a distribution of the Llama Materials (§1.b.i), whoever makes it.
    Case("end-user-fine-tune-derivative-distributed-3", v01_user_fine_tunes("3", True), "permitted", EVERYTHING,
         BUILT_WITH["3"], NOTICE["3"], "Llama 3", rules={"OUTPUTS-TO-LLAMA-DERIVATIVE", "LICENSE-COPY", "NAME-PREFIX",
         "END-USER-FINE-TUNES"}, certainty="unsettled"),
    distribution("2", id="end-user-fine-tune-derivative-distributed-2", answers=v01_user_fine_tunes("2", True),
                 rules={"OUTPUTS-TO-LLAMA-DERIVATIVE", "LICENSE-COPY-LLAMA2", "NOTICE", "LLAMA2-NO-NAMING-RULE",
                        "END-USER-FINE-TUNES"}, absent={"NAME-PREFIX", "BUILT-WITH"}, certainty="unsettled"),
]  # fmt: skip

# Plain distribution duties (§1.b.i, §1.b.iii).
CASES += [
    distribution("2", id="distribution-2", answers=dev("2", distributes=True),
                 rules={"LICENSE-COPY-LLAMA2", "NOTICE", "LLAMA2-NO-NAMING-RULE"},
                 absent={"BUILT-WITH", "NOTICE-SCOPE", "LICENSE-COPY-LLAMA2-SERVICE", "LLAMA2-SERVICE-READINGS"}),
    distribution("3", id="distribution-3", answers=dev("3", distributes=True), rules={"LICENSE-COPY", "BUILT-WITH", "NOTICE"}),
    distribution("3.3", id="distribution-3.3", answers=dev("3.3", distributes=True)),
    distribution("4", id="distribution-4", answers=dev("4", distributes=True)),
]  # fmt: skip

# Llama 1: no Meta-published weights licence; non-commercial only (model card, Llama 2 FAQ).
L1_ABSENT = {"GRANT", "ACCEPTABLE-USE", "LICENSE-COPY", "NOTICE"}
L1 = {"format": 2, "version": "1", "weights_from_meta": True}
CASES += [
    Case("llama1-commercial", L1 | {"commercial": True}, "prohibited", set(),
         rules={"L1-COMMERCIAL-NOT-LICENSED", "L1-NO-PUBLISHED-LICENSE", "L1-LATER-VERSION"}, absent=L1_ABSENT),
    Case("llama1-non-commercial", L1 | {"commercial": False}, "permitted", set(),
         rules={"L1-NONCOMMERCIAL-ONLY", "L1-NO-PUBLISHED-LICENSE"}, absent=L1_ABSENT, certainty="unsettled"),
    Case("llama1-non-commercial-other-answers-unused", L1 | {"commercial": False, "eu": True, "mau": 10**9,
         "role": "developer", "distributes": True}, "permitted", set(), rules={"L1-NONCOMMERCIAL-ONLY"},
         absent=L1_ABSENT, unused={"eu", "mau", "role", "distributes"}, certainty="unsettled"),
    Case("llama1-training-answers-unused", L1 | {"commercial": False, "role": "end_user",
         "trains_other_model": True, "other_model_kind": OTHER_LLM, "other_model_distributed": True},
         "permitted", set(), rules={"L1-NONCOMMERCIAL-ONLY"}, absent=L1_ABSENT | {"OUTPUTS-TO-OTHER-MODEL", "NAME-PREFIX"},
         unused={"role", "trains_other_model", "other_model_kind", "other_model_distributed"}, certainty="unsettled"),
]  # fmt: skip

# Verdict precedence: prohibited > license_required > permitted.
CASES += [
    Case("precedence-license-required-over-permitted", dev("3.1", mau=MAU_LIMIT + 1, separate_license_from_meta=False), "license_required", {AU},
         rules={"GRANT", "MAU-OVER-THRESHOLD"}),
    Case("precedence-prohibited-over-license-required-ci", dev("3.1", mau=MAU_LIMIT + 1, separate_license_from_meta=False, critical_infrastructure=True),
         "prohibited", {AU}, rules={"GRANT", "MAU-OVER-THRESHOLD", "CRITICAL-INFRASTRUCTURE"}),
    Case("precedence-prohibited-over-license-required-aup", dev("3", mau=MAU_LIMIT + 1, separate_license_from_meta=False, aup_concerns=["spam"]),
         "prohibited", {AU}, rules={"MAU-OVER-THRESHOLD", "AUP-PROHIBITED-USE"}),
    Case("precedence-prohibited-over-license-required-eu", dev("4", mau=MAU_LIMIT + 1, separate_license_from_meta=False, eu=True), "prohibited", {AU},
         rules={"MAU-OVER-THRESHOLD", "EU-MULTIMODAL-NOT-GRANTED"}),
    Case("precedence-prohibited-over-license-required-outputs", trains("2", OTHER_LLM, False, mau=MAU_LIMIT + 1, separate_license_from_meta=False),
         "prohibited", {AU}, rules={"MAU-OVER-THRESHOLD", "OUTPUTS-TO-OTHER-MODEL"}),
    Case("aup-safety-circumvention-3.2", dev("3.2", aup_concerns=["circumvent_safety_measures"]), "prohibited", {AU},
         rules={"AUP-PROHIBITED-USE"}),
]  # fmt: skip


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_scenario(kb: KnowledgeBase, case: Case) -> None:
    result = assess(kb, case.answers)
    assert result.verdict == case.verdict
    assert result.certainty == case.certainty
    shown = [o.id for o in result.obligations]
    if_licensed = [o.id for o in result.if_licensed]
    assert shown == sorted(shown, key=_obligation_order)
    assert if_licensed == sorted(if_licensed, key=_obligation_order)
    attribution = result.attribution
    strings = (attribution.built_with, attribution.notice, attribution.name_prefix)
    if case.verdict == "permitted":
        assert set(shown) == case.obligations
        assert if_licensed == []
        assert strings == (case.built_with, case.notice, case.name_prefix)
    else:
        assert set(shown) == case.obligations & {AU}
        assert set(if_licensed) == case.obligations - {AU}
        assert strings == (None, None, None)
    in_reasons = {r.rule for r in result.reasons}
    in_notes = {n.rule for n in result.notes}
    in_steps = {s.rule for s in result.next_steps}
    where = {"note": in_notes, "next_step": in_steps}
    for rule_id in case.rules:
        assert rule_id in where.get(RULE_OUTCOMES[rule_id][0], in_reasons), rule_id
    assert not case.absent & (in_reasons | in_notes | in_steps)
    assert set(result.unused) == case.unused


def _obligation_order(obligation_id: str) -> int:
    return ("license_copy", "built_with", "notice", "name_prefix", "acceptable_use").index(obligation_id)


def test_multimodal_is_implied_for_llama4(kb: KnowledgeBase) -> None:
    result = assess(kb, dev("4", eu=True))
    assert result.answers["multimodal"] is True
    assert result.to_dict()["answers"]["multimodal"] is True


@pytest.mark.parametrize("version", COMMUNITY)
def test_expected_attribution_strings_stand_in_agreement(version: str) -> None:
    """The table's strings are copied from the agreements, with their own quote marks and ©/(c)."""
    text = normalise_whitespace((resources_dir() / LICENSE_FILE[version]).read_text(encoding="utf-8"))
    opening, closing = ('"', '"') if version == "2" else ("“", "”")
    assert f"{opening}{NOTICE[version]}{closing}" in text
    if version in BUILT_WITH:
        assert f"display “{BUILT_WITH[version]}” on a related website" in text
        assert f"include “{PREFIX[version]}” at the beginning of any such AI model name" in text
    else:
        assert "Built with" not in text
        assert "at the beginning of any such AI model name" not in text


@pytest.mark.parametrize("version", COMMUNITY)
def test_attribution_matches_version_facts(kb: KnowledgeBase, version: str) -> None:
    facts = kb.versions[version]
    assert (facts.built_with, facts.notice, facts.name_prefix) == (
        BUILT_WITH.get(version),
        NOTICE[version],
        PREFIX.get(version),
    )


def test_rule_outcomes_match_the_clauses(kb: KnowledgeBase) -> None:
    """Every rule decides what its clause says; a new or renamed rule must be added here."""
    actual = {rule.id: (rule.kind, "" if rule.kind == "note" else rule.outcome) for rule in kb.rules}
    assert actual == RULE_OUTCOMES
    assert {rule.id for rule in kb.rules if rule.unsettled} == UNSETTLED_RULES


def test_scenario_table_names_known_rules() -> None:
    for case in CASES:
        assert case.rules | case.absent <= set(RULE_OUTCOMES), case.id


# Where each cited passage sits (FACTS.md §A, §C): AUP items by the file's own markers (Llama 3.2
# numbers sub-items continuously, Llama 3.1 uses bullets, Llama 4 has no top-level 2.), the EU
# paragraph after the list of prohibited uses, the outputs statement in the model card's Intended Use.
EU_PARAGRAPH = "paragraph after the list of prohibited uses"
CRITICAL_INFRASTRUCTURE_AT = {
    "2": "item 2, sub-item 4",
    "3": "item 2, sub-item 4",
    "3.1": "item 2, 4th bullet",
    "3.2": "item 2, sub-item 11",
    "3.3": "item 2, sub-item 4",
    "4": "item 3, sub-item 4",
}
SPAM_AT = {
    "2": "item 3, sub-item 3",
    "3": "item 3, sub-item 3",
    "3.1": "item 3, 3rd bullet",
    "3.2": "item 3, sub-item 16",
    "3.3": "item 3, sub-item 3",
    "4": "item 4, sub-item 3",
}


@pytest.mark.parametrize("version", COMMUNITY)
def test_cited_sections_name_the_passage(kb: KnowledgeBase, version: str) -> None:
    answers = user_trains(version, OTHER_LLM, False, critical_infrastructure=True, aup_concerns=["spam"])
    if version in {"3.2", "4"}:
        answers["multimodal"] = True  # asked for 3.2; for 4 the same as the implied answer
    sections = {reason.rule: reason.source.section for reason in assess(kb, answers).reasons}
    assert sections["CRITICAL-INFRASTRUCTURE"] == CRITICAL_INFRASTRUCTURE_AT[version]
    assert sections["AUP-PROHIBITED-USE"] == SPAM_AT[version]
    if version in {"2", "3"}:
        assert sections["OUTPUTS-TO-OTHER-MODEL"] == "§1.b.v"
    else:
        assert sections["OUTPUTS-ALLOWED"] == "Intended Use"
    if version in {"3.2", "4"}:
        assert sections["EU-MULTIMODAL-END-USER"] == EU_PARAGRAPH
