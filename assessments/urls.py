from django.urls import path

from assessments.views import respondent

app_name = "respondent"

urlpatterns = [
    path("<str:token>/", respondent.respondent_welcome, name="welcome"),
    path("<str:token>/page/<int:number>/", respondent.respondent_page, name="page"),
    path("<str:token>/review/", respondent.respondent_review, name="review"),
    path("<str:token>/submit/", respondent.respondent_submit, name="submit"),
    path("<str:token>/thanks/", respondent.respondent_thanks, name="thanks"),
]
