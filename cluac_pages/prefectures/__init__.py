"""Several prefectures on one install.

Each Wagtail site is a prefecture. When a site is saved (and after ``migrate``, for the
sites that lack them) it gets a pair of groups, « Service communication – <site> » and
« Secrétaire général – <site> », with the permissions of the install-wide groups of the
same name but limited to the site's page tree and to a collection of its own; their
members see and change only that prefecture's pages, documents, images, persons,
organisations, seats, suggestions, action plan and document reviews.

A single-prefecture install needs none of it: the install-wide groups « Service
communication » and « Secrétaire général » act on every site, as before.
"""
