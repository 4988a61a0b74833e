"""Remote lessons (同步课堂 / 专递课堂 / 名师课堂): pairings of a core-school class with
member-school classes for a term, and their weekly sessions.

Kept apart from the rest of ``activities`` (its own models, visibility, services, selectors,
pages, rule, measure, panel and sheets), registered from ``ActivitiesConfig.ready`` through
:func:`activities.remote.setup.register`; the models are imported by ``activities.models``.
"""
