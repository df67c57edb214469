"""The decision engine: conditions, interview flow and evaluation of answers."""

from advisor.engine.answers import AnswersError, check_answers, next_question
from advisor.engine.evaluate import assess

__all__ = ["AnswersError", "assess", "check_answers", "next_question"]
