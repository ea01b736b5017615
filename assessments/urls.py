from django.urls import path, register_converter

from assessments.converters import TokenConverter
from assessments.views import open_links, respondent

app_name = "respondent"
register_converter(TokenConverter, "token")

urlpatterns = [
    # Before the <token> patterns: a campaign's open link per side (views/open_links.py).
    path("open/<token:token>/", open_links.open_link_start, name="open_link"),
    path("<token:token>/", respondent.respondent_welcome, name="welcome"),
    path("<token:token>/language/", respondent.respondent_language_choose, name="language"),
    path("<token:token>/page/<int:number>/", respondent.respondent_page, name="page"),
    path("<token:token>/review/", respondent.respondent_review, name="review"),
    path("<token:token>/submit/", respondent.respondent_submit, name="submit"),
    path("<token:token>/thanks/", respondent.respondent_thanks, name="thanks"),
    # Moving a started questionnaire to this browser (the "started on another device" page).
    path("<token:token>/resume/", respondent.respondent_resume_request, name="resume_request"),
    path("<token:token>/resume/<token:key>/", respondent.respondent_resume, name="resume"),
    path("<token:token>/restart/", respondent.respondent_restart, name="restart"),
]
