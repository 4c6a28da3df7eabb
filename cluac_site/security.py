"""The Content-Security-Policy of the public pages, widened only where the Wagtail admin needs it."""

from csp.middleware import CSPMiddleware
from django.urls import reverse
from django.utils.functional import cached_property

# What the Wagtail admin needs beyond the public policy, found by loading its pages in Chromium
# (tests/test_security_headers.py): Wagtail 8's form widgets start with inline scripts (date
# choosers, document choosers, inline panels: ``initDateChooser(...)``, ``new InlinePanel(...)``),
# whose text changes with each field, so that neither hashes nor a fixed list can allow them; and
# its rich text editor and panels write style attributes. The admin is reached only by logged-in
# staff, and the policy still allows no other origin there. Public pages keep the strict policy.
ADMIN_POLICY_ADDITIONS = {
    "script-src": ["'unsafe-inline'"],
    "style-src": ["'unsafe-inline'"],
}


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with ``ADMIN_POLICY_ADDITIONS`` under the admin's URLs."""

    @cached_property
    def admin_prefixes(self):
        return (reverse("wagtailadmin_home"), reverse("admin:index"))

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and request.path_info.startswith(self.admin_prefixes):
            parts.update = {**ADMIN_POLICY_ADDITIONS, **(parts.update or {})}
        return parts
