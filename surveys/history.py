"""What the change trail of a questionnaire and of a round is made of (``core.audit``)."""

from core.audit import history_sources

from .models import Question, Questionnaire, Round


@history_sources(Questionnaire)
def questionnaire_history(questionnaire: Questionnaire) -> list:
    return [
        Questionnaire.history.filter(id=questionnaire.pk),
        Question.history.filter(questionnaire_id=questionnaire.pk),
    ]


@history_sources(Round)
def round_history(round: Round) -> list:
    return [Round.history.filter(id=round.pk)]
