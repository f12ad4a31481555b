from django.apps import AppConfig


class InteractionConfig(AppConfig):
    """互动交流: 政务咨询 (questions with a deadline and a published answer) and 意见征集 (public
    consultation on draft decisions with published 反馈情况).

    Layer: the middle layer, above ``search`` and ``pages``, beside ``workflows`` and
    ``disclosure_requests`` (independent of both), below ``reports`` and ``cms``. What becomes
    public is a page type in ``pages`` (``QuestionAnswerEntry``, ``ConsultationFeedbackEntry``)
    that goes through the same review and public rule as every entry."""

    name = "interaction"
    verbose_name = "互动交流"
