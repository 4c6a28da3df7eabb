import pytest
from wagtail.models import Page, Site

from .factories import HomePageFactory


@pytest.fixture
def home_page(db):
    """A home page set as the default site's root, as on a fresh install."""
    root = Page.get_first_root_node()
    home = HomePageFactory(parent=root, title="Préfecture de test", slug="prefecture-test")
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": home, "site_name": "Test"},
    )
    return home
