"""Issue 16, "Duties and wording" and "What a non-lawyer stumbles on": what the result and the
interview say, checked against the verbatim texts under resources/."""

from __future__ import annotations

from typing import Any

import pytest

from advisor.engine import assess
from advisor.engine.answers_format import upgrade_answers
from advisor.engine.compiled import compiled
from advisor.model import Assessment, KnowledgeBase, Source
from advisor.resources import resources_dir
from advisor.rules.citations import normalise_whitespace

COMMUNITY = ("2", "3", "3.1", "3.2", "3.3", "4")
POLICY_NAME = {
    "2": "Llama 2",
    "3": "Llama 3",
    "3.1": "Llama 3.1",
    "3.2": "Llama 3.2",
    "3.3": "Llama 3.3",
    "4": "Llama 4",
}


def flat(text: str) -> str:
    return " ".join(text.split())


def stands_in(kb: KnowledgeBase, source: Source) -> bool:
    """The quote is verbatim (whitespace-normalised) in the shipped document it cites."""
    text = (resources_dir() / kb.documents[source.document].file).read_text(encoding="utf-8")
    return normalise_whitespace(source.quote) in normalise_whitespace(text)


def dev(version: str, **extra: Any) -> dict[str, Any]:
    """A developer's format-2 answers: own copy, few users, nothing prohibited, nothing made available."""
    answers: dict[str, Any] = {"format": 2, "version": version, "role": "developer", "access": "own_copy"}
    answers |= {"mau": 5, "critical_infrastructure": False, "aup_concerns": [], "distributes": False}
    answers["trains_other_model"] = False
    if version == "3.2":
        answers["multimodal"] = False
    if version == "4":
        answers |= {"eu": False, "eu_affiliates_involved": False}
    answers.update(extra)
    return answers


def reason(result: Assessment, rule: str) -> Any:
    found = [r for r in result.reasons if r.rule == rule]
    assert found, f"{rule} did not fire: {[r.rule for r in result.reasons]}"
    return found[0]


def acceptable_use(result: Assessment) -> Any:
    return next(o for o in result.obligations if o.id == "acceptable_use")


def help_of(kb: KnowledgeBase, question_id: str, version: str | None = None) -> str:
    facts = kb.versions[version] if version else None
    return compiled(kb).fill(kb.question(question_id).help, facts)


# ============================================================ duties towards others (use policies)
PROVIDERS = {
    "hosted service": {"distributes": True, "ships_copies": False},
    "shipped copies": {"distributes": True, "ships_copies": True},
    "published fine-tune": {
        "trains_other_model": True,
        "other_model_kind": "same_llama",
        "other_model_distributed": True,
    },
}


@pytest.mark.parametrize("version", COMMUNITY)
@pytest.mark.parametrize("how", PROVIDERS)
def test_whoever_hosts_or_ships_the_model_answers_for_its_users(kb: KnowledgeBase, version: str, how: str) -> None:
    """Every use policy opens "You agree you will not use, or allow others to use, Llama N to:" and
    lists failing "to appropriately disclose to end users any known dangers of your AI system"."""
    result = assess(kb, dev(version, **PROVIDERS[how]))
    duty = acceptable_use(result)
    assert "allow others to use" in duty.text and "known dangers of your AI system" in duty.text
    assert duty.source.document == kb.versions[version].use_policy
    assert duty.source.quote == f"You agree you will not use, or allow others to use, {POLICY_NAME[version]} to:"
    assert stands_in(kb, duty.source)
    dangers = reason(result, "ACCEPTABLE-USE-DISCLOSE-DANGERS")
    assert dangers.source.document == kb.versions[version].use_policy
    assert dangers.source.quote == "Fail to appropriately disclose to end users any known dangers of your AI system"
    assert stands_in(kb, dangers.source)
    # the agreement's own duty to follow the policy is still on the decision path
    assert reason(result, "ACCEPTABLE-USE").source.document == kb.versions[version].agreement


@pytest.mark.parametrize("version", COMMUNITY)
def test_internal_use_gets_the_plain_duty(kb: KnowledgeBase, version: str) -> None:
    result = assess(kb, dev(version))
    assert acceptable_use(result).rule == "ACCEPTABLE-USE"
    assert "allow others" not in acceptable_use(result).text
    assert "ACCEPTABLE-USE-DISCLOSE-DANGERS" not in {r.rule for r in result.reasons}


def test_the_duties_towards_others_bind_even_when_the_use_is_not_licensed(kb: KnowledgeBase) -> None:
    result = assess(
        kb,
        dev("3.1", mau="far_above_threshold", separate_license_from_meta=False, distributes=True, ships_copies=False),
    )
    assert result.verdict == "license_required"
    assert "allow others to use" in acceptable_use(result).text


def test_aup_question_asks_about_use_by_others_too(kb: KnowledgeBase) -> None:
    assert "allow others to use it" in flat(kb.question("aup_concerns").prompt)


# ============================================================ Llama 4 for an EU licensee
@pytest.mark.parametrize("access", ["own_copy", "hosted_api"])
def test_eu_llama4_next_step_names_the_text_only_versions(kb: KnowledgeBase, access: str) -> None:
    answers = dev("4", eu=True, access=access)
    del answers["eu_affiliates_involved"]  # asked only outside the EU
    result = assess(kb, answers)
    assert result.verdict == "prohibited"
    step = next(s for s in result.next_steps if s.rule == "EU-LLAMA4-TEXT-ONLY-VERSIONS")
    assert step.source.document == "llama4-model-card" and "natively multimodal" in step.source.quote
    assert stands_in(kb, step.source)
    assert "text only does not help" in step.text
    for name in ("Llama 3.3", "Llama 3.1"):
        assert name in step.text


@pytest.mark.parametrize("version", ["3.1", "3.3"])
def test_the_named_text_only_versions_are_open_to_an_eu_licensee(kb: KnowledgeBase, version: str) -> None:
    """What the next step offers must hold: no multimodal model, so the EU question is never asked."""
    assert kb.versions[version].multimodal_models == "none"
    result = assess(kb, dev(version, distributes=True, ships_copies=True))
    assert result.verdict == "permitted" and "eu" not in result.answers


def test_eu_next_steps_fit_a_private_person(kb: KnowledgeBase) -> None:
    result = assess(kb, dev("3.2", multimodal=True, eu=True))
    step = next(s for s in result.next_steps if s.rule == "EU-TEXT-ONLY-MODELS")
    assert "individuals and companies" in step.text
    api = assess(kb, dev("3.2", multimodal=True, eu=True, access="hosted_api"))
    verdict = reason(api, "EU-MULTIMODAL-HOSTED-API")
    assert "a company or an individual in the EU" in verdict.text


# ============================================================ whose affiliates count (§2)
@pytest.mark.parametrize("version", COMMUNITY)
def test_the_user_count_says_whose_affiliates_count(kb: KnowledgeBase, version: str) -> None:
    result = assess(kb, dev(version))
    note = next(n for n in result.notes if n.rule == "MAU-MEASURED-ON-RELEASE-DATE")
    assert "the licensee's affiliates" in note.text and "your employer" in note.text
    assert "does not define" in note.text
    quote = note.source.quote.replace("’", "'")
    assert "made available by or for Licensee, or Licensee's affiliates" in quote
    assert stands_in(kb, note.source)
    assert "licensee" in help_of(kb, "mau", version)


def test_an_individual_knows_how_to_answer_the_user_count(kb: KnowledgeBase) -> None:
    text = help_of(kb, "mau", "3.1")
    far_below = next(c.label for c in kb.question("mau").choices if c.value == "far_below_threshold")
    assert "An individual" in text and f'pick "{far_below}"' in text


# ============================================================ the 3.2 vision models
def test_multimodal_question_names_every_vision_model_of_the_card(kb: KnowledgeBase) -> None:
    question = kb.question("multimodal")
    text = flat(question.help)  # the help names them: the prompt is printed for Llama 4 too, implied
    for model in ("11B Vision", "11B Vision Instruct", "90B Vision", "90B Vision Instruct"):
        assert model in text
    assert "3.2" not in question.prompt and "{version_name}" in question.prompt
    card = normalise_whitespace(
        (resources_dir() / kb.documents["llama3_2-model-card-vision"].file).read_text(encoding="utf-8")
    )
    assert "pretrained and instruction-tuned image reasoning generative models in 11B and 90B sizes" in card
    assert "fine-tuned" in flat(question.help)


# ============================================================ the role question
def test_someone_who_downloads_and_runs_the_model_picks_the_licensee_choice(kb: KnowledgeBase) -> None:
    role = kb.question("role")
    assert [c.value for c in role.choices] == ["developer", "end_user"]  # public contract
    developer, end_user = (flat(c.label) for c in role.choices)
    assert "download the model files and run them" in developer
    assert "never handle the model files" in end_user
    assert "hobbyist" in flat(role.help) and "pick the first answer" in flat(role.help)
    unavailable = next(c.unavailable for c in kb.question("other_model_kind").choices if c.value == "same_llama")
    assert developer.startswith(flat(unavailable).split('"')[1])  # the refusal names the choice as labelled


def test_an_old_end_user_file_keeps_its_verdict(kb: KnowledgeBase) -> None:
    old = {"version": "3.1", "role": "end_user", "critical_infrastructure": False, "aup_concerns": []}
    old["trains_other_model"] = False
    assert upgrade_answers(dict(old)).format == 1
    assert assess(kb, old).verdict == "permitted"


# ============================================================ making it available; training
def test_distribution_question_covers_a_hosted_service(kb: KnowledgeBase) -> None:
    question = kb.question("distributes")
    assert question.label == "Making it available to others"
    assert "hosted service" in flat(question.prompt) and "hosted service" in flat(question.help)
    # a hosted service answered yes brings the copy and "Built with" duties
    result = assess(kb, dev("3.1", distributes=True, ships_copies=False))
    assert {o.id for o in result.obligations} == {"license_copy", "built_with", "acceptable_use"}


def test_training_question_covers_what_was_already_done(kb: KnowledgeBase) -> None:
    question = kb.question("trains_other_model")
    assert flat(question.prompt).startswith("Have you used, or will you use,")
    assert "already done" in flat(question.help)


# ============================================================ critical infrastructure
def test_critical_infrastructure_help_says_the_use_counts_not_the_industry(kb: KnowledgeBase) -> None:
    question = kb.question("critical_infrastructure")
    text = flat(question.help)
    assert "What counts is the use, not the industry" in text and "HR chatbot" in text
    faq = normalise_whitespace((resources_dir() / kb.documents["meta-llama-faq"].file).read_text(encoding="utf-8"))
    assert "such companies are not prohibited when their usage of Llama is not related to the operation" in faq


# ============================================================ smaller points
def test_aup_help_fits_both_front_ends(kb: KnowledgeBase) -> None:
    """The terminal has no "None of these" box and nothing to tick."""
    text = help_of(kb, "aup_concerns", "3.1")
    assert "None of these" not in text and "Tick" not in text
    assert "choose none of them" in text


def test_version_help_sends_code_llama_to_llama2(kb: KnowledgeBase) -> None:
    text = flat(kb.question("version").help)
    assert "Code Llama" in text and "Llama 2" in text
    assert "codellama" in kb.versions["2"].name_aliases  # what `check` reads from a model's name
