from django.urls import path, register_converter

from assessments.converters import TokenConverter
from assessments.views import respondent

app_name = "respondent"
register_converter(TokenConverter, "token")

urlpatterns = [
    path("<token:token>/", respondent.respondent_welcome, name="welcome"),
    path("<token:token>/page/<int:number>/", respondent.respondent_page, name="page"),
    path("<token:token>/review/", respondent.respondent_review, name="review"),
    path("<token:token>/submit/", respondent.respondent_submit, name="submit"),
    path("<token:token>/thanks/", respondent.respondent_thanks, name="thanks"),
]
