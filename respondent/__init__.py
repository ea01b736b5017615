"""The respondent's room: everything a link holder reaches, and nothing else.

Every view, form, template, template tag and URL behind `/r/` lives here: the personal link
`/r/<token>/` (welcome, pages, review, submit, thank-you, moving a started questionnaire to
another browser) and a campaign's open link `/r/open/<token>/`. None of it needs an account:
the unguessable token is the credential. This folder is therefore the whole anonymous surface
of the portal, and a security review of anonymous access reads it alone (with the services and
selectors of `assessments/` it calls, and the helpers of `brmportal/lib/` it imports).

No models and no migrations: the data belongs to `assessments/`.
"""
