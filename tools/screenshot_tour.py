"""Screenshot every page the wizard can show, in a real X window (Xvfb), for review by eye.

Usage: python tools/screenshot_tour.py OUTDIR [--scheme light|dark|both] [--size 1920x1080]
                                              [--answers FILE]

Starts its own Xvfb, opens the advisor on the xcb platform and walks the wizard through
a few planned uses that, between them, show every question page and each kind of
result (permitted, license required, prohibited). It saves one PNG per page, and the
report preview, the bundle folder chooser, a full-screen result and the release-check
results for two small model folders it makes in a temporary folder.
With --scheme both (the default) it does all of that in the light and the dark palette
(LLAMA_ADVISOR_COLOR_SCHEME), into OUTDIR/light and OUTDIR/dark. With --answers FILE it
walks that one answers file instead of the built-in uses.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

# Planned uses, completed along the interview with the first possible answer where a
# question is not named here (so the tour keeps working when a question is added).
TOUR: dict[str, dict[str, Any]] = {
    "permitted-3.2": {
        "version": "3.2",
        "role": "developer",
        "access": "own_copy",
        "multimodal": True,
        "eu": False,
        "mau": 12_000_000,
        "critical_infrastructure": False,
        "aup_concerns": [],
        "distributes": True,
        "ships_copies": True,
        "trains_other_model": True,
        "other_model_distributed": True,
    },
    "license-required-3.1": {"version": "3.1", "role": "developer", "mau": 900_000_000, "distributes": True},
    "prohibited-3.2-eu-vision": {"version": "3.2", "role": "developer", "multimodal": True, "eu": True},
    "llama-1": {"version": "1", "commercial": True},
    "end-user-4": {"version": "4", "role": "end_user"},
    # issue 16: a Llama 4 fine-tune trained on Llama 3.3 outputs, that also ships Llama 3.2 1B
    # and is merged with a model that is not Llama
    "lineage-4-from-3.3": {
        "version": "4",
        "role": "developer",
        "access": "own_copy",
        "takes": "weights",
        "eu": False,
        "eu_affiliates_involved": False,
        "mau": 12_000_000,
        "distributes": True,
        "ships_copies": True,
        "trains_other_model": True,
        "other_model_kind": "same_llama",
        "other_model_distributed": True,
        "lineage": [
            {"version": "3.3", "takes": "outputs"},
            {"version": "3.2", "takes": "weights", "multimodal": False},
        ],
        "other_parents": [{"name": "Qwen/Qwen2.5-7B-Instruct", "license": "apache-2.0"}],
    },
    # a Llama 3.1 app that also uses a Llama 3.2 vision model: the EU questions are asked for it
    "lineage-3.1-with-3.2-vision": {
        "version": "3.1",
        "role": "developer",
        "takes": "weights",
        "distributes": True,
        "ships_copies": True,
        "lineage": [{"version": "3.2", "takes": "weights", "multimodal": True, "access": "hosted_api"}],
        "eu": False,
        "eu_affiliates_involved": False,
    },
}
LINEAGE_KEYS = ("lineage", "other_parents")


def complete(kb: Any, given: dict[str, Any]) -> dict[str, Any]:
    from advisor.engine.answers import next_question
    from advisor.engine.combinations import answer_domain

    answers: dict[str, Any] = {}
    while (question := next_question(kb, answers)) is not None:
        domain = answer_domain(kb, question, answers, (5_000_000,))
        value = given.get(question.id)
        fits = value in domain or (question.type == "int" and isinstance(value, int))
        answers[question.id] = value if question.id in given and fits else domain[0]
    # the lineage, and answers its entries need that the main questions do not ask
    return {**answers, **{key: value for key, value in given.items() if key not in answers}}


def tour_paths(kb: Any) -> dict[str, dict[str, Any]]:
    """The built-in uses, plus any needed to show a question page none of them shows."""
    from advisor.engine.combinations import all_answer_combinations

    paths = {name: complete(kb, given) for name, given in TOUR.items()}
    seen = {qid for answers in paths.values() for qid in answers}
    every = {question.id for question in kb.questions}
    for answers in all_answer_combinations(kb, (5_000_000,)):
        if every <= seen:
            break  # every question page is shown (trying the other combinations takes minutes)
        missing = set(answers) - seen
        if missing:
            paths[f"also-{'-'.join(sorted(missing))}"] = answers
            seen |= missing
    return paths


def start_xvfb(size: str) -> tuple[subprocess.Popen, str]:
    display = f":{90 + os.getpid() % 9}"
    server = subprocess.Popen(["Xvfb", display, "-screen", "0", f"{size}x24", "-nolisten", "tcp"])
    for _ in range(50):
        if subprocess.run(["xdpyinfo", "-display", display], capture_output=True).returncode == 0:
            break
        time.sleep(0.1)
    return server, display


def run_one_scheme(outdir: Path, size: str, answers_file: Path | None) -> None:
    """Inside Xvfb, with the scheme already chosen by the environment."""
    from PySide6.QtCore import QCoreApplication, QEvent, QSettings
    from PySide6.QtWidgets import QScrollArea

    from advisor.gui.app import MainWindow, create_application
    from advisor.gui.question_page import QuestionPage
    from advisor.gui.wizard import LINEAGE_ID

    # keep the tour's window geometry and folders out of the user's own settings
    QSettings.setDefaultFormat(QSettings.IniFormat)
    QSettings.setPath(QSettings.IniFormat, QSettings.UserScope, tempfile.mkdtemp(prefix="tour-settings-"))
    app = create_application(sys.argv[:1])
    window = MainWindow()
    window.move(0, 0)
    window.show()
    window.activateWindow()  # so that the focus marks show, as for a person using the app
    wizard = window.wizard
    display = os.environ["DISPLAY"]
    shown_pages: set[str] = set()

    def shot(name: str, widget: Any = None) -> None:
        """Save the window (or a dialog) as OUTDIR/name.png."""
        deadline = time.monotonic() + 0.5
        while time.monotonic() < deadline:
            app.processEvents()
            # replaced widgets are deleted "later", which means in app.exec(); the tour has no
            # event loop, so delete them here as a running app would
            QCoreApplication.sendPostedEvents(None, QEvent.DeferredDelete)
            time.sleep(0.02)
        path = outdir / f"{name}.png"
        window_id = str(int((widget or window).winId()))
        subprocess.run(["import", "-display", display, "-window", window_id, str(path)], check=True)
        print(path)

    shot("00-intro")
    kb = wizard.kb
    if answers_file is not None:
        paths = {answers_file.stem: yaml.safe_load(answers_file.read_text(encoding="utf-8"))}
    else:
        paths = tour_paths(kb)
    for path_name, answers in paths.items():
        wizard.clear()
        wizard.next()
        while isinstance(page := wizard.currentPage(), QuestionPage) or wizard.currentId() == LINEAGE_ID:
            if not isinstance(page, QuestionPage):
                lineage_page(wizard, answers, shown_pages, shot)
                wizard.next()
                continue
            qid = page.question.id
            if page.context() and f"{qid}-for-lineage" not in shown_pages:  # asked for a lineage entry
                shown_pages.add(f"{qid}-for-lineage")
                shot(f"q-{len(shown_pages):02d}-{qid}-for-lineage-empty")
                page.set_value(answers[qid])
                shot(f"q-{len(shown_pages):02d}-{qid}-for-lineage-answered")
            elif qid not in shown_pages:
                shown_pages.add(qid)
                shot(f"q-{len(shown_pages):02d}-{qid}-empty")
                page.set_value(answers[qid])
                if qid in ("aup_concerns", "mau"):
                    page.why_button.setChecked(True)
                shot(f"q-{len(shown_pages):02d}-{qid}-answered")
                page.why_button.setChecked(False)
            else:
                page.set_value(answers[qid])
            wizard.next()
        shot(f"r-{path_name}-1-review")
        wizard.next()
        shot(f"r-{path_name}-2-result")
        area = wizard.result.findChild(QScrollArea)
        for toggle in wizard.result.reason_widgets[:1]:
            toggle.toggle.setChecked(True)
        area.verticalScrollBar().setValue(area.verticalScrollBar().maximum() // 2)
        shot(f"r-{path_name}-3-result-middle")
        area.verticalScrollBar().setValue(area.verticalScrollBar().maximum())
        shot(f"r-{path_name}-4-result-end")
        if answers.get("lineage"):  # the review's lineage rows, and each page of the result's sections
            review_and_result_pages(wizard, path_name, shot)
    extras(window, shot)
    release_checks(window, shot)
    window.setWindowModified(False)  # the tour's answers are not worth a "Quit without saving?"
    window.close()


def lineage_page(wizard: Any, answers: dict[str, Any], shown: set[str], shot: Any) -> None:
    """The lineage page: as it opens, with Yes and an empty row, and filled in from the answers."""
    from PySide6.QtWidgets import QScrollArea

    from advisor.model import LineageEntry, OtherParent

    page = wizard.lineage_page
    if "lineage" not in shown:
        shown.add("lineage")
        shot(f"q-{len(shown):02d}-lineage-empty")
    lineage = [LineageEntry(**entry) for entry in answers.get("lineage") or ()]
    parents = [OtherParent(**parent) for parent in answers.get("other_parents") or ()]
    if (lineage or parents) and "lineage-answered" not in shown:
        shown.add("lineage-answered")
        page.some_button.setChecked(True)
        shot(f"q-{len(shown):02d}-lineage-yes")
        page.set_value(lineage, parents)
        page.why_button.setChecked(True)
        shot(f"q-{len(shown):02d}-lineage-answered")
        page.why_button.setChecked(False)
        scroll = page.findChild(QScrollArea)
        scroll.verticalScrollBar().setValue(scroll.verticalScrollBar().maximum())
        shot(f"q-{len(shown):02d}-lineage-answered-end")
    else:
        page.set_value(lineage, parents)


def review_and_result_pages(wizard: Any, path_name: str, shot: Any) -> None:
    """Scroll the review page to the lineage rows, and the result page a screen at a time."""
    from PySide6.QtWidgets import QScrollArea

    wizard.back()
    area = wizard.review.findChild(QScrollArea)
    area.verticalScrollBar().setValue(area.verticalScrollBar().maximum())
    shot(f"r-{path_name}-5-review-end")
    wizard.next()
    area = wizard.result.findChild(QScrollArea)
    bar = area.verticalScrollBar()
    for number, value in enumerate(range(0, bar.maximum() + bar.pageStep(), bar.pageStep()), 1):
        bar.setValue(value)
        shot(f"r-{path_name}-6-result-page-{number:02d}")


def release_folder(root: Path, name: str, *, notice: bool) -> Path:
    """A small Llama 3.1 fine-tune folder: card, config, the shipped agreement; a Notice file or not."""
    from advisor.resources import resources_dir

    folder = root / name
    folder.mkdir(parents=True)
    (folder / "README.md").write_text(
        "---\nlicense: llama3.1\nbase_model: meta-llama/Llama-3.1-8B-Instruct\n---\n"
        f"# {name}\n\nA support assistant fine-tuned from Llama 3.1 8B Instruct.\n",
        encoding="utf-8",
    )
    (folder / "config.json").write_text(
        '{"architectures": ["LlamaForCausalLM"], "model_type": "llama", "vocab_size": 128256}', encoding="utf-8"
    )
    (folder / "LICENSE").write_bytes((resources_dir() / "licenses" / "llama3_1-LICENSE.txt").read_bytes())
    if notice:
        (folder / "NOTICE").write_text(
            "Llama 3.1 is licensed under the Llama 3.1 Community License, "
            "Copyright © Meta Platforms, Inc. All Rights Reserved.\n",
            encoding="utf-8",
        )
    return folder


def release_checks(window: Any, shot: Any) -> None:
    """The release-check results for a folder with problems and one that passes more checks."""
    from advisor.gui.check_view import CheckResultDialog
    from advisor.release import check_path
    from advisor.release.prefill import PrefillError, interview_answers

    root = Path(tempfile.mkdtemp(prefix="tour-release-"))
    for index, (name, notice) in enumerate((("acme-assistant-8b", False), ("Llama-Acme-Assistant-8B", True)), 1):
        result = check_path(str(release_folder(root, name, notice=notice)), window.kb)
        try:
            answers, why_not = interview_answers(result, window.kb), ""
        except PrefillError as exc:
            answers, why_not = None, str(exc)
        dialog = CheckResultDialog(window, window.kb, result, answers, why_not)
        dialog.move(50, 50)
        dialog.show()
        shot(f"c-{index}-release-check-{name}", dialog)
        dialog.close()


def extras(window: Any, shot: Any) -> None:
    """The dialogs of the result page, and the result at full screen."""
    from advisor.gui import dialogs
    from advisor.gui.bundle_target import BundleTargetDialog
    from advisor.gui.export import ReportPreviewDialog

    wizard = window.wizard
    preview = ReportPreviewDialog(window, wizard.kb, wizard.result.assessment, wizard.answers())
    preview.fields["product"].setText("Acme Vision Assistant")
    preview.refresh()
    preview.move(40, 40)
    preview.show()
    shot("x-1-report-preview", preview)
    preview.close()
    folder = tempfile.mkdtemp(prefix="tour-bundle-")
    chooser = BundleTargetDialog(window, folder, "llama-compliance-bundle", dialogs.choose_folder)
    chooser.move(60, 60)
    chooser.show()
    shot("x-2-bundle-folder-new", chooser)
    os.makedirs(os.path.join(folder, "project"))
    Path(folder, "project", "thesis.txt").write_text("precious", encoding="utf-8")
    chooser.name_field.setText("project")
    shot("x-3-bundle-folder-refused", chooser)
    chooser.close()
    from PySide6.QtWidgets import QScrollArea

    normal = window.geometry()
    window.setGeometry(window.screen().availableGeometry())  # Xvfb has no window manager to maximise
    wizard.back()
    wizard.next()  # the result page of the last path, opened afresh
    area = wizard.result.findChild(QScrollArea)
    shot("x-4-result-full-screen")
    area.verticalScrollBar().setValue(area.verticalScrollBar().maximum() // 3)
    shot("x-5-result-full-screen-middle")
    window.setGeometry(normal)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--answers", type=Path)
    parser.add_argument("--size", default="1920x1080", help="of the X screen (the window opens at its usual size)")
    parser.add_argument("--scheme", choices=("light", "dark", "both"), default="both")
    parser.add_argument("--inside", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.inside:  # the child: one scheme, in the Xvfb the parent started
        args.outdir.mkdir(parents=True, exist_ok=True)
        run_one_scheme(args.outdir, args.size, args.answers)
        return
    server, display = start_xvfb(args.size)
    try:
        for scheme in ("light", "dark") if args.scheme == "both" else (args.scheme,):
            env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb", "LLAMA_ADVISOR_COLOR_SCHEME": scheme}
            command = [sys.executable, __file__, str(args.outdir / scheme), "--inside", "--size", args.size]
            if args.answers:
                command += ["--answers", str(args.answers)]
            subprocess.run(command, env=env, check=True)
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
