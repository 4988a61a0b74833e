from django.urls import reverse


def test_pages_render(bureau_client, activity):
    for url in (
        reverse("activities:activity_list"),
        reverse("activities:activity_detail", args=[activity.pk]),
        reverse("activities:activity_update", args=[activity.pk]),
        reverse("activities:activity_create"),
        reverse("activities:activity_calendar") + "?year=2025&month=10",
        reverse("activities:kind_list"),
        reverse("activities:schedule", args=[activity.community_id]),
        reverse("communities:community_detail", args=[activity.community_id]),
    ):
        response = bureau_client.get(url)
        assert response.status_code == 200, url
