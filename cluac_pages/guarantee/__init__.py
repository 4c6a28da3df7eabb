"""The validation guarantee: what the public reads from minutes changes only through validation.

Nothing unvalidated reaches the public, and nothing validated leaves it, unless a
validator (permission ``cluac_pages.validate_minutes``) decides so. Every path
Wagtail's admin offers is covered here, floor by floor:

- ``rules``: what « validated minutes » and « carrying them » mean (no model import);
- ``pages``: the page permission testers and the edit form's guard (used by the page models);
- ``media``: the permission policies of documents, images and collections;
- ``wagtail_hooks``: the admin hooks that refuse, for any page type, what the testers cannot see.
"""
