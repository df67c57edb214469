"""Interview v2 (issue 8) in the wizard, as a user sees it: the user-count bands, the
acceptable-use items quoted from the policy, options that name the chosen version, results
that say when a use is not licensed and what to do next, v0.1.0 answers files, and the
question before saving a bundle for a use that is not licensed."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from answers_support import answers_along_path
from conftest import DISTRIBUTING_31
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocumentFragment
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QCheckBox, QLabel, QWidget
from wizard_support import USUAL_FORMAT3

from advisor.engine import assess
from advisor.engine.answers_file import read_answers
from advisor.gui.app import MainWindow
from advisor.gui.question_page import QuestionPage
from advisor.gui.result_page import ResultPage
from advisor.gui.result_sections import Collapsible
from advisor.gui.widgets import CopyField, OptionRow, VerdictBanner
from advisor.gui.wizard import RESULT_ID, REVIEW_ID
from advisor.model import ANSWERS_FORMAT, KnowledgeBase
from advisor.render.context import ReportDetails
from advisor.resources import resource_path

ROOT = Path(__file__).parents[2]
EU_API_CUSTOMER_4 = ROOT / "examples" / "eu-api-customer-4.yaml"
V0_1_FILES = sorted((ROOT / "tests" / "fixtures" / "v0_1").glob("*.yaml"))
DEVELOPER_31 = {"version": "3.1", "role": "developer", "access": "own_copy", "takes": "weights"}
DUTIES_TITLE = "Duties that would apply under a license, for reference only"
INDENT = 12  # pixels per level of the use policy's list


# ---------------------------------------------------------------------- what is on screen
def shown(label: QLabel) -> str:
    """A label's text as read on screen: rich text as plain text, no mnemonic marker, one line."""
    text = label.text()
    if label.textFormat() == Qt.RichText:
        text = QTextDocumentFragment.fromHtml(text).toPlainText()
    elif label.buddy() is not None:
        text = re.sub(r"&(.)", r"\1", text)
    return " ".join(text.split())


def option_texts(page: QuestionPage) -> dict[str, QWidget]:
    """The visible options of a page, by the text a person reads, with their buttons."""
    QApplication.processEvents()  # widgets added to a shown page are shown by a queued call
    rows = [row for row in page.findChildren(OptionRow) if row.isVisibleTo(page)]
    return {shown(row.label): row.button for row in rows}


def result_lines(result: ResultPage) -> list[str]:
    """The result page from top to bottom: the banner's words, each text, each section's title."""
    QApplication.processEvents()
    lines: list[str] = []
    layout = result.body_layout
    for index in range(layout.count()):
        widget = layout.itemAt(index).widget()
        if isinstance(widget, VerdictBanner):
            lines.append(" / ".join(widget.words.text().splitlines()))
        elif isinstance(widget, Collapsible):
            lines.append(widget.toggle.text())
        elif isinstance(widget, QLabel):
            lines.append(shown(widget))
    return lines


def sections(result: ResultPage, title: str) -> list[Collapsible]:
    QApplication.processEvents()
    return [c for c in result.body.findChildren(Collapsible) if c.toggle.text() == title and c.isVisibleTo(result)]


def section_texts(section: Collapsible) -> str:
    return " ".join(shown(label) for label in section.content.findChildren(QLabel))


def _script() -> str:
    return shutil.which("llama-advisor") or str(Path(sys.executable).parent / "llama-advisor")


def cli_assessment(path: Path, cwd: Path) -> dict[str, Any]:
    """What `llama-advisor assess --json FILE` says."""
    done = subprocess.run(
        [_script(), "assess", "--json", str(path)],
        capture_output=True,
        cwd=cwd,
        env=dict(os.environ, PYTHONIOENCODING="utf-8"),
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr.decode("utf-8")
    return json.loads(done.stdout)


# ---------------------------------------------------------------------- the user count
def test_the_user_count_offers_far_below_and_far_above_beside_the_number(
    window: MainWindow, driver: Any, kb: KnowledgeBase
) -> None:
    driver.run(DEVELOPER_31, stop_at="mau")
    page = driver.page()
    options = option_texts(page)
    assert set(options) == {"Far below 700 million", "Far above 700 million"}
    below, above = options["Far below 700 million"], options["Far above 700 million"]
    assert page.count_field.isVisibleTo(page) and page.count_field.text() == ""
    assert not driver.next_enabled()

    below.click()
    assert below.isChecked() and page.value() == "far_below_threshold"
    assert driver.next_enabled()

    page.count_field.setFocus()
    QTest.keyClicks(page.count_field, "12M")  # typing a number clears the band
    assert not below.isChecked() and not above.isChecked()
    assert page.value() == 12_000_000
    assert page.count_echo.text() == "= 12,000,000 users"

    above.click()  # choosing a band clears the number
    assert page.count_field.text() == "" and page.count_echo.text() == ""
    assert page.value() == "far_above_threshold"
    driver.next()  # far above 700 million: has Meta granted a separate license?
    assert driver.question_id() == "separate_license_from_meta"
    assert "Llama 3.1" in page.wizard().currentPage().prompt_label.text()

    driver.back_to("mau")
    below.click()
    driver.next()
    assert driver.question_id() == "separate_license_from_meta"  # asked of every developer (format 3)
    driver.back_to("mau")  # the answer survives Back and Next
    assert below.isChecked() and page.count_field.text() == ""
    assert page.value() == "far_below_threshold"
    driver.next()
    driver.run(DISTRIBUTING_31)
    assert window.wizard.answers()["mau"] == "far_below_threshold"
    assert window.wizard.answers()["separate_license_from_meta"] is False
    QApplication.processEvents()
    review = [shown(w) for w in window.wizard.review.findChildren(QLabel) if w.isVisibleTo(window.wizard.review)]
    assert "Far below 700 million" in review
    driver.finish()
    assessment = window.wizard.result.assessment
    expected = assess(kb, {"format": ANSWERS_FORMAT, **DISTRIBUTING_31, "mau": "far_below_threshold"})
    assert assessment.answers["mau"] == "far_below_threshold"
    assert assessment.verdict == expected.verdict == "permitted"


# ---------------------------------------------------------------------- the use policy
AUP_CATEGORIES = yaml.safe_load(resource_path("knowledge", "aup.yaml").read_text(encoding="utf-8"))["categories"]


@pytest.mark.parametrize("version", ["2", "3", "3.1", "3.2", "3.3", "4"])
def test_each_use_policy_item_shows_the_policy_words_under_its_headings(
    version: str, window: MainWindow, driver: Any, kb: KnowledgeBase
) -> None:
    given = {**DISTRIBUTING_31, "version": version, "multimodal": False, "eu": False, "eu_affiliates_involved": False}
    driver.run(answers_along_path(kb, given, stop_at="aup_concerns"), stop_at="aup_concerns")
    page = driver.page()
    excluded = set(kb.question("aup_concerns").exclude)
    wanted = [c for c in AUP_CATEGORIES if version in c["texts"] and c["id"] not in excluded]
    assert wanted
    by_text = {
        f"{c['label']} “{' '.join(c['texts'][version]['quote'].split())}”": c for c in wanted
    }  # the short label as a heading, then the item verbatim
    # The page reads like the policy: each heading indented by its depth, each item indented
    # under the headings that introduce it (an item that follows a deeper list sits back at
    # its own level, as in the policy).
    QApplication.processEvents()
    headings_seen: list[str] = []
    above: list[str] = []  # the headings in force at the current point, outermost first
    items_seen: list[str] = []
    for index in range(page.input_layout.count()):
        widget = page.input_layout.itemAt(index).widget()
        if widget is None or not widget.isVisibleTo(page):
            continue
        if isinstance(widget, OptionRow):
            text = shown(widget.label)
            if text == "None of these":
                continue
            assert text in by_text, text
            lead_in = [f"“{' '.join(line.split())}”" for line in by_text[text]["texts"][version]["lead_in"]]
            assert lead_in, text
            assert above[: len(lead_in)] == lead_in, text
            assert widget.layout().contentsMargins().left() == INDENT * len(lead_in), text
            items_seen.append(by_text[text]["id"])
        elif isinstance(widget, QLabel):
            depth = widget.contentsMargins().left() // INDENT
            assert depth <= len(above), shown(widget)
            above = [*above[:depth], shown(widget)]
            headings_seen.append(shown(widget))
    assert items_seen == [c["id"] for c in wanted]
    assert headings_seen[0].startswith("“You agree you will not use, or allow others to use, ")
    assert any(heading.startswith("“Engage in, promote, generate") for heading in headings_seen)


# ---------------------------------------------------------------------- options name the version
def test_role_and_trained_model_options_name_the_chosen_version(window: MainWindow, driver: Any) -> None:
    given = {
        **DISTRIBUTING_31,
        "version": "3",
        "trains_other_model": True,
        "other_model_kind": "same_llama",
        "other_model_distributed": True,
    }
    driver.run(given, stop_at="role")
    roles = list(option_texts(driver.page()))
    assert roles[0].startswith("I build with it or run it myself: I download the model files and run them")
    assert "a product, service or model that uses Meta Llama 3," in roles[0]
    assert roles[1].startswith("I only use a finished product as its user")
    assert driver.page().prompt_label.text() == "How do you use Meta Llama 3?"
    driver.run(given, stop_at="other_model_kind")
    assert list(option_texts(driver.page())) == [
        "Meta Llama 3 or a model fine-tuned from Meta Llama 3",
        "A merge of Meta Llama 3 with a model of another Llama version",
        "A model of another Llama version, or one fine-tuned from another version",
        "A large language model not derived from Llama",
        "An AI model that is not a large language model, such as a classifier or an embedding model",
    ]
    driver.answer("same_llama")

    driver.back_to("version")  # another version: the same pages now name Llama 3.1
    driver.page().set_value("3.1")
    driver.next()
    assert driver.question_id() == "role"
    assert "uses Llama 3.1," in next(iter(option_texts(driver.page())))
    driver.run({**given, "version": "3.1"}, stop_at="other_model_kind")  # the user count is asked again for 3.1
    options = list(option_texts(driver.page()))
    assert options[0] == "Llama 3.1 or a model fine-tuned from Llama 3.1"
    assert not any("{" in text or "Meta Llama 3 " in text for text in options)


# ---------------------------------------------------------------------- results
def test_an_eu_company_on_a_hosted_llama_4_is_told_no_how_sure_and_what_to_do(
    window: MainWindow, driver: Any, kb: KnowledgeBase
) -> None:
    answers = read_answers(str(EU_API_CUSTOMER_4))[0]
    expected = assess(kb, answers)
    assert (expected.verdict, expected.certainty) == ("prohibited", "unsettled")
    asked = driver.run(answers)
    assert "access" in asked and "ships_copies" in asked
    driver.finish()
    result = window.wizard.result
    lines = result_lines(result)
    assert lines[0] == f"{kb.verdict_labels['prohibited']} / Llama 4"
    banner = result.banner
    assert banner.reason.isVisibleTo(result) and shown(banner.reason).startswith("Why: ")
    next_steps = shown(banner.next_step)
    assert banner.next_step.isVisibleTo(result) and len(expected.next_steps) > 1
    assert next_steps.startswith("Next steps: ")  # ask Meta, or take a version whose policy allows it
    assert all(" ".join(step.text.split()) in next_steps for step in expected.next_steps)
    assert "llamamodels@meta.com" in next_steps
    unsettled = f"Unsettled. {' '.join(kb.certainty_labels['unsettled'].split())}"
    assert lines.index(unsettled) < lines.index(kb.wording["headings.not_licensed"])

    # nothing to tick off or copy: the use is not licensed
    assert result.obligation_boxes == {} and result.copy_fields == {}
    assert result.body.findChildren(QCheckBox) == [] and result.body.findChildren(CopyField) == []
    assert kb.wording["headings.duties"] not in lines and kb.wording["headings.strings"] not in lines
    use_policy = kb.obligation_titles["acceptable_use"]
    texts = [shown(label) for label in result.body.findChildren(QLabel)]
    assert any(text.startswith(f"Binding on anyone who uses the model: {use_policy}.") for text in texts)

    # the duties a license would bring, collapsed until asked for
    (duties,) = sections(result, DUTIES_TITLE)
    assert duties.content.isHidden()
    duties.toggle.click()
    assert duties.content.isVisibleTo(result)
    for obligation in expected.if_licensed:
        assert kb.obligation_titles[obligation.id] in section_texts(duties)
    (terms,) = [c for c in result.body.findChildren(Collapsible) if c.toggle.text().startswith("Standing terms")]
    assert terms.content.isHidden()
    assert lines.index(terms.toggle.text()) > lines.index(DUTIES_TITLE)


def test_a_permitted_result_still_has_the_checklist_and_copy_fields(
    window: MainWindow, driver: Any, kb: KnowledgeBase
) -> None:
    expected = assess(kb, {"format": ANSWERS_FORMAT, **DISTRIBUTING_31})
    assert (expected.verdict, expected.certainty) == ("permitted", "settled")
    driver.run(DISTRIBUTING_31)
    driver.finish()
    result = window.wizard.result
    lines = result_lines(result)
    assert lines[0] == f"{kb.verdict_labels['permitted']} / Llama 3.1"
    assert list(result.obligation_boxes) == [o.id for o in expected.obligations]
    assert {"license_copy", "built_with", "notice"} <= set(result.obligation_boxes)
    assert not any(box.isChecked() for box in result.obligation_boxes.values())
    assert {key: field.field.text() for key, field in result.copy_fields.items()} == {
        "built_with": expected.attribution.built_with,
        "notice": expected.attribution.notice,
    }
    assert kb.wording["headings.duties"] in lines and kb.wording["headings.strings"] in lines
    assert kb.wording["headings.not_licensed"] not in lines and DUTIES_TITLE not in lines
    assert not any(line.startswith("Unsettled.") for line in lines)


# ---------------------------------------------------------------------- v0.1.0 files
@pytest.mark.parametrize("path", V0_1_FILES, ids=lambda p: p.name)
def test_a_v0_1_answers_file_opens_on_the_review_page_with_the_terminal_result(
    path: Path, window: MainWindow, driver: Any, kb: KnowledgeBase, tmp_path: Path
) -> None:
    cli = cli_assessment(path, tmp_path)
    assert "format" not in read_answers(str(path))[0]  # really a v0.1.0 file
    assert window.load_answers_file(str(path))
    wizard = window.wizard
    status = window.statusBar().currentMessage()
    if cli["mapped_answers"] or cli["assumed_answers"]:
        assert status.startswith("A v0.1.0 answers file: ")  # the user is told how the file was read
    if cli["answers"].get("role") == "end_user" and cli["answers"].get("other_model_kind") == "same_llama":
        # today's interview refuses an end user who fine-tunes the model (issue 8 §1): the file
        # opens at that question, with the reason, for the user to answer it again
        page = wizard.current_question_page()
        assert page is not None and page.question.id == "other_model_kind"
        assert "I build with it" in page.error_label.text() and not page.isComplete()
        assert "again" in status
        return
    assert wizard.currentId() == REVIEW_ID
    listed = set(wizard.review.change_buttons)
    assert set(cli["assumed_answers"]) <= listed  # what was assumed is there to check and change
    assert {next(iter(m["to"])) for m in cli["mapped_answers"]} <= listed
    driver.finish()
    assert wizard.currentId() == RESULT_ID
    result = wizard.result
    shown_result = json.loads(json.dumps(result.assessment.to_dict()))
    for key in ("assumed_answers", "mapped_answers", "answers_format"):  # how the file was read
        shown_result.pop(key), cli.pop(key)
    # The wizard shows the questions format 3 added with the answer the old file meant, for the
    # user to check (the terminal reads them the same way but does not echo them)
    answered, cli_answered = shown_result.pop("answers"), cli.pop("answers")
    assert {key: value for key, value in answered.items() if key in cli_answered} == cli_answered
    assert {key: value for key, value in answered.items() if key not in cli_answered}.items() <= USUAL_FORMAT3.items()
    assert shown_result == cli
    assert result_lines(result)[0] == f"{kb.verdict_labels[cli['verdict']]} / {cli['version_name']}"
    # the copy fields: the main version's strings (`notices` lists those of a lineage's versions too)
    strings = {key: value for key, value in cli["attribution"].items() if key != "notices" and value is not None}
    assert {key: field.field.text() for key, field in result.copy_fields.items()} == strings


# ---------------------------------------------------------------------- bundle
def test_saving_a_bundle_for_a_prohibited_use_asks_first(
    window: MainWindow, driver: Any, dialog_guard: Any, tmp_path: Path
) -> None:
    assert window.load_answers_file(str(EU_API_CUSTOMER_4))
    driver.finish()
    assert window.wizard.result.assessment.verdict == "prohibited"
    before = sorted(tmp_path.rglob("*"))
    dialog_guard.allow("preview_report", ("bundle", ReportDetails()))
    asked = dialog_guard.allow("ask_yes_no", False)
    window.wizard.result.save_bundle_button.click()  # declined: choose_bundle_folder stays guarded
    assert len(asked) == 1
    title, text = asked[0]
    assert "not licensed" in title and "no Notice file" in text
    assert sorted(tmp_path.rglob("*")) == before

    folder = tmp_path / "bundle"
    asked = dialog_guard.allow("ask_yes_no", True)
    chosen = dialog_guard.allow("choose_bundle_folder", str(folder))
    window.wizard.result.save_bundle_button.click()
    assert len(asked) == 1 and len(chosen) == 1
    names = {p.name for p in folder.iterdir()}
    assert "NOT-LICENSED.md" in names and "NOTICE" not in names and "ATTRIBUTION.md" not in names


def test_an_end_user_cannot_pick_fine_tuning_the_model_itself(driver: Any) -> None:
    """Issue 8 §1: fine-tuning the model needs its files, so it is building with it, not end use."""
    answers = {"version": "3", "role": "end_user", "critical_infrastructure": False, "aup_concerns": []}
    answers |= {"trains_other_model": True}
    driver.run(answers, stop_at="other_model_kind")
    page = driver.page()
    button = page._buttons["same_llama"]
    assert not button.isEnabled()
    assert "not open to you" in page._choice_labels["same_llama"].text()
    assert "I build with it" in page._choice_labels["same_llama"].text()
    assert all(page._buttons[kind].isEnabled() for kind in ("other_llama", "other_llm", "other_ai"))
    driver.back_to("role")
    driver.page().set_value("developer")
    driver.next()
    driver.run(
        {**answers, "role": "developer", "access": "own_copy", "takes": "weights", "mau": 5}
        | {"separate_license_from_meta": False, "distributes": False},
        "other_model_kind",
    )
    assert driver.page()._buttons["same_llama"].isEnabled()


def test_the_result_page_never_scrolls_sideways(window: MainWindow, driver: Any, qtbot: Any) -> None:
    """A long clause name (an FAQ question) used to widen the page past the window."""
    from PySide6.QtWidgets import QAbstractScrollArea

    window.resize(820, 640)
    driver.run({"version": "1", "weights_from_meta": True, "commercial": True})
    driver.finish()
    qtbot.wait(50)
    areas = window.wizard.result.findChildren(QAbstractScrollArea)
    assert areas and all(area.horizontalScrollBar().maximum() == 0 for area in areas)
