import pytest


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Charter uploads land in a throwaway folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
