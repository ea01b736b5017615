"""The respondents' own words (issue #17): open questions, drafts and comments.

What a respondent types into an open question lives in two places, one after the other:

- while the questionnaire is being filled in, a `CommentDraft` beside the response's answers (the
  response is still the respondent's own, behind their claim cookie);
- from the submit on, a `Comment` that points at nothing personal: no response, no invitation,
  a random UUID for its key and no timestamp at all, so neither the database, an export nor the
  Django admin can join a comment to a person by id order or by time. The submit moves the drafts
  into comments and deletes them in the same transaction (assessments.services.comments).

A comment becomes readable with the publication batch of its group (`published`, set by
`snapshot_publish`), exactly when the answers of the same respondents enter the results. Until
then it keeps the department of its cell (`pending_department`), the one fact publication needs;
it is blanked when the batch is published, and nothing ever shows an unpublished comment.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q

from accounts.models import Organisation
from brmportal.lib.models import BaseModel


class OpenQuestion(BaseModel):
    """One open question of an instrument version (content file `open_questions.yaml`)."""

    instrument = models.ForeignKey("assessments.Instrument", on_delete=models.CASCADE, related_name="open_questions")
    code = models.CharField(max_length=40)
    sides = models.JSONField(default=list)
    order = models.PositiveSmallIntegerField()
    text = models.JSONField(default=dict)
    max_length = models.PositiveSmallIntegerField(default=500)

    class Meta:
        ordering = ["instrument", "order"]
        constraints = [models.UniqueConstraint(fields=["instrument", "code"], name="open_question_unique_code")]

    def __str__(self) -> str:
        return self.code


class CommentDraft(BaseModel):
    """What a respondent has typed so far, kept with their unsubmitted response."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    response = models.ForeignKey("assessments.Response", on_delete=models.CASCADE, related_name="comment_drafts")
    question = models.ForeignKey(OpenQuestion, on_delete=models.CASCADE, related_name="+")
    text = models.TextField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["response", "question"], name="comment_draft_unique")]

    def __str__(self) -> str:
        return f"Draft {self.question_id}"


class Comment(models.Model):
    """A submitted answer to an open question, cut off from whoever wrote it.

    Deliberately not a BaseModel: no created_at or updated_at (a time would order the comments as
    they were submitted), and a random UUID rather than a sequence for the same reason.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    campaign = models.ForeignKey("assessments.Campaign", on_delete=models.CASCADE, related_name="comments")
    question = models.ForeignKey(OpenQuestion, on_delete=models.PROTECT, related_name="comments")
    side = models.CharField(max_length=10)
    text = models.TextField()
    # Only while the comment waits for its batch: the cell (side x department) it is published
    # with. Blanked at publication; never shown.
    pending_department = models.CharField(max_length=100, blank=True)
    # Likewise the business units its respondent rates (`assessments.partners.partners_key`).
    pending_partners = models.CharField(max_length=200, blank=True)
    # Readable once the batch of its cell is published. A yes/no, not the batch's number: a
    # number would tie the comment to the cells published in that batch, i.e. to a department.
    published = models.BooleanField(default=False)
    # Hidden by the BRM (e.g. it names a person): never quoted, only counted.
    hidden = models.BooleanField(default=False)
    # Theme codes of the instrument (sections and dimensions, e.g. BEH-IT, TRU, REL-PAR).
    themes = models.JSONField(default=list, blank=True)

    class Meta:
        # The UUID's order is random: a stable order per campaign that says nothing of submission.
        ordering = ["id"]
        indexes = [models.Index(fields=["campaign", "published"], name="comment_campaign_published")]
        constraints = [
            models.CheckConstraint(
                condition=Q(published=False) | Q(pending_department="", pending_partners=""),
                name="comment_published_has_no_department",
            ),
        ]

    def __str__(self) -> str:
        return f"Comment on {self.question_id}"
