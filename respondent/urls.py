from django.urls import path, register_converter

from respondent.converters import TokenConverter
from respondent.views import journey, open_links, resume, welcome, words

app_name = "respondent"
register_converter(TokenConverter, "token")

urlpatterns = [
    # Before the <token> patterns: a campaign's open link per side (views/open_links.py).
    path("open/<token:token>/", open_links.open_link_start, name="open_link"),
    path("<token:token>/", welcome.respondent_welcome, name="welcome"),
    path("<token:token>/language/", welcome.respondent_language_choose, name="language"),
    path("<token:token>/units/", welcome.respondent_units_choose, name="units"),
    path("<token:token>/page/<int:number>/", journey.respondent_page, name="page"),
    path("<token:token>/words/", words.respondent_words, name="words"),
    path("<token:token>/review/", journey.respondent_review, name="review"),
    path("<token:token>/submit/", journey.respondent_submit, name="submit"),
    path("<token:token>/thanks/", journey.respondent_thanks, name="thanks"),
    # Moving a started questionnaire to this browser (the "started on another device" page).
    path("<token:token>/resume/", resume.respondent_resume_request, name="resume_request"),
    path("<token:token>/resume/<token:key>/", resume.respondent_resume, name="resume"),
    path("<token:token>/restart/", resume.respondent_restart, name="restart"),
]
