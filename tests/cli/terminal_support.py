"""Talking with the installed `llama-advisor interview` over pipes, replying by the question printed."""

from __future__ import annotations

import codecs
import os
import queue
import re
import subprocess
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from advisor.cli.interview_lineage import QUESTIONS
from advisor.model import KnowledgeBase

# Question id -> the reply typed; a list gives one reply each time the question is asked
# (an invalid reply is explained and the question asked again without its prompt).
Replies = Mapping[str, str | Sequence[str]]
PROMPT_END = " > "  # every prompt of the interview ends so (`choice > `, `yes/no > `, ...)
ASK_LIMIT = 200  # more questions than any interview asks


def _pattern(text: str) -> re.Pattern[str]:
    """A prompt as printed: placeholders filled in with anything, line breaks as spaces."""
    parts = re.split(r"\{[a-z_]+\}", " ".join(text.split()))
    return re.compile(".+?".join(re.escape(part) for part in parts))


@dataclass
class Talk:
    """What one interview printed, and the questions it asked in order (a repeated id: asked again)."""

    returncode: int
    stdout: str
    stderr: str
    asked: list[str] = field(default_factory=list)
    typed: list[str] = field(default_factory=list)  # every reply, in the order it was typed
    transcript: str = ""  # stdout with the replies typed

    def unused(self, replies: Replies) -> set[str]:
        return set(replies) - set(self.asked)


class Person:
    """Reads what the interview printed since the last reply, finds the question, and
    gives the reply `replies` holds for it; a question it holds no reply for fails the test."""

    def __init__(self, kb: KnowledgeBase, replies: Replies) -> None:
        self.replies = {key: [value] if isinstance(value, str) else list(value) for key, value in replies.items()}
        self.repeat = {key for key, value in replies.items() if isinstance(value, str)}
        self.prompts = [(question.id, _pattern(question.prompt)) for question in kb.questions]
        self.prompts += [(qid, _pattern(kb.wording[keys[2]])) for qid, keys in QUESTIONS.items()]
        self.hints = {kb.wording[f"terminal_lineage.{key}"]: key for key in ("parent_name", "parent_license")}
        self.asked: list[str] = []

    def question(self, printed: str) -> str:
        last_line = printed.rsplit("\n", 1)[-1]
        hint = next((qid for text, qid in self.hints.items() if last_line.startswith(text)), None)
        if hint is not None:
            return hint
        flat = " ".join(printed.split())
        found = [(match.start(), qid) for qid, pattern in self.prompts for match in pattern.finditer(flat)]
        if found:
            return max(found)[1]
        return self.asked[-1] if self.asked else "?"  # no prompt printed: the last one is asked again

    def reply(self, printed: str, transcript: str) -> str:
        qid = self.question(printed)
        self.asked.append(qid)
        if len(self.asked) > ASK_LIMIT:
            raise AssertionError(f"more than {ASK_LIMIT} questions: a reply is refused again and again?")
        if qid not in self.replies:
            raise AssertionError(f"unexpected question {qid!r}:\n{transcript[-2000:]}")
        pending = self.replies[qid]
        if not pending:
            raise AssertionError(f"{qid!r} asked more often than expected:\n{transcript[-2000:]}")
        return pending[0] if qid in self.repeat else pending.pop(0)


def _pump(stream: IO[bytes], into: queue.Queue[bytes]) -> None:
    while chunk := os.read(stream.fileno(), 65536):
        into.put(chunk)
    into.put(b"")


def converse(
    command: Sequence[str], kb: KnowledgeBase, replies: Replies, cwd: Path, env: Mapping[str, str], timeout: float = 60
) -> Talk:
    """Run `command` (an interview) and answer each question it prints by `replies`."""
    person = Person(kb, replies)
    process = subprocess.Popen(
        list(command), stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=cwd, env=dict(env)
    )
    assert process.stdin is not None and process.stdout is not None and process.stderr is not None
    chunks: queue.Queue[bytes] = queue.Queue()
    errors: queue.Queue[bytes] = queue.Queue()
    threads = [
        threading.Thread(target=_pump, args=(process.stdout, chunks), daemon=True),
        threading.Thread(target=_pump, args=(process.stderr, errors), daemon=True),
    ]
    for thread in threads:
        thread.start()
    decoder = codecs.getincrementaldecoder("utf-8")()
    stdout = transcript = printed = ""
    typed: list[str] = []
    try:
        while True:
            try:
                chunk = chunks.get(timeout=timeout)
            except queue.Empty:
                raise AssertionError(f"the interview neither asked nor ended:\n{transcript[-2000:]}") from None
            text = decoder.decode(chunk, final=not chunk)
            stdout, transcript, printed = stdout + text, transcript + text, printed + text
            if not chunk:
                break
            if printed.endswith(PROMPT_END):
                reply = person.reply(printed, transcript)
                typed.append(reply)
                transcript += reply + "\n"
                printed = ""
                process.stdin.write(reply.encode("utf-8") + b"\n")
                process.stdin.flush()
        returncode = process.wait(timeout=timeout)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        process.stdin.close()
    for thread in threads:
        thread.join(timeout=timeout)
    stderr = b"".join(errors.get() for _ in range(errors.qsize())).decode("utf-8")
    return Talk(returncode, stdout, stderr, person.asked, typed, transcript)
