"""The site's addresses, and one page that says it must not be shared (as the members' personal
links do), for tests/test_public_cache.py."""

from django.http import HttpResponse
from django.urls import include, path
from django.views.decorators.cache import cache_control


def with_cache_control(**directives):
    @cache_control(**directives)
    def view(request):
        return HttpResponse(f"Votre page personnelle ({', '.join(directives)}).")

    return view


urlpatterns = [
    path("essai/prive/", with_cache_control(private=True, max_age=0)),
    path("essai/sans-cache/", with_cache_control(no_cache=True)),
    path("essai/sans-stockage/", with_cache_control(no_store=True, must_revalidate=True)),
    path("essai/sans-cache-du-cookie/", with_cache_control(no_cache="Set-Cookie")),
    path("essai/public/", with_cache_control(public=True, max_age=60)),
    path("", include("cluac_site.urls")),
]
