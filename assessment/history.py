"""The change trail of a scheme (``core.audit``): its own records, its dimensions, indicators,
scores, publications and corrections."""

from core.audit import history_sources

from .models import Correction, Dimension, Indicator, Publication, Scheme, Score


@history_sources(Scheme)
def scheme_history(scheme: Scheme) -> list:
    return [
        Scheme.history.filter(id=scheme.pk),
        Dimension.history.filter(scheme_id=scheme.pk),
        Indicator.history.filter(dimension__scheme_id=scheme.pk),
        Score.history.filter(indicator__dimension__scheme_id=scheme.pk),
        Publication.history.filter(scheme_id=scheme.pk),
        Correction.history.filter(scheme_id=scheme.pk),
    ]
