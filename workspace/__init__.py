"""The workspace: everything a member of an organisation reaches after logging in.

Campaigns (list, create, edit, open, close, duplicate), inviting respondents and the open links,
the campaign dashboard, the exports, the uploads (offline answers, instrument versions), the PDF
reports' pages and the audit log: views, forms and URLs only (no models; those are in
`assessments`, `accounts` and `reports`). Every view loads its organisation or campaign through
`workspace.access.org_permission_required`.
The public pages a link holder reaches are in `respondent`.
"""
