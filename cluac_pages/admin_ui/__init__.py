"""How the admin reads for the two roles: dates as the French type them, French wording, and a
plain validation round trip (action menu, the validator's comment in the editor, confirmations).

``hooks`` registers everything with Wagtail; ``wagtail_hooks`` imports it.
"""
