"""The decision engine: conditions, interview flow and evaluation of answers."""

from advisor.engine.answers import check_answers, next_question
from advisor.engine.assessing import assess
from advisor.engine.errors import AnswersError

__all__ = ["AnswersError", "assess", "check_answers", "next_question"]
