"""Demo content built from the five seed documents: one Wagtail site per prefecture.

Used by the ``load_demo`` management command; for development only.
"""
