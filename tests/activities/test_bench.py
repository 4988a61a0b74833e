"""The benchmark command runs (small) and leaves nothing behind."""

import io

from django.core.management import call_command

from activities.models import Activity


def test_bench_activities_smoke(db):
    out = io.StringIO()
    call_command("bench_activities", rows=120, stdout=out)
    text = out.getvalue()
    assert "生成 120 个活动" in text and "局：第 1 页" in text
    assert Activity.objects.count() == 0
