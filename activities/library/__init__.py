"""The community's resource library (资源共享): every material of every activity plus the
resources schools add directly, searchable, shared within the community or with the district,
and downloads counted by downloading school (DOMAIN.md: 办学资源共享度).

A small layered package of its own inside ``activities`` (enums, models, visibility, services,
selectors, views, urls), checked by import-linter like an app.
"""
