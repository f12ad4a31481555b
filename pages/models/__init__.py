"""Disclosure catalog and entry models, one module per concern, all importable from ``pages.models``.

Page types stay small; the behaviour (permission sync, 索引号 allocation,
publication guards, import) lives in plain modules that tests call directly.
"""

from .answers import ConsultationFeedbackEntry, QuestionAnswerEntry
from .catalog import CatalogArea, CatalogItem, CatalogOwnedMixin
from .changes import EntryChange
from .choices import (
    DEFAULT_SECRECY_YEARS,
    UPDATE_RHYTHM_DAYS,
    Audience,
    CatalogMethod,
    Classification,
    Openness,
    UpdateRhythm,
    Validity,
)
from .content_safety import ContentSafetyKind, ContentSafetyTerm, LeaderTitle
from .departments import Department
from .entries import (
    DisclosureEntry,
    DisclosureEntryForm,
    DisclosureEntryQuerySet,
    EntryAttachment,
    IndexNumberSequence,
    plain_text_to_html,
    public_entries,
)
from .imports import EntryImport, ImportMode, ImportState, import_storage, import_upload_to
from .interpretations import (
    MAJOR_RESPONSE_HOURS,
    RESPONSE_HOURS,
    InterpretationEntry,
    InterpretationForm,
    InterpretationQuestion,
    ResponseEntry,
    policies_without_interpretation,
)
from .portal import (
    DEFAULT_INDEX_PATTERN,
    INDEX_PATTERN_FIELDS,
    PORTAL_LEVELS,
    DisclosurePortal,
    NoWorkflowMixin,
    PortalContextMixin,
    applies_at,
    portal_of,
    validate_index_pattern,
)
from .publication_records import ForcedPublication, HeldAttachmentConfirmation, PublicContactNumber
from .vocabularies import FivePublicType, Genre, Topic, Vocabulary

# Every page type that is a disclosure entry (signals carry the concrete class).
ENTRY_TYPES = (DisclosureEntry, QuestionAnswerEntry, ConsultationFeedbackEntry, InterpretationEntry, ResponseEntry)

__all__ = [
    "ENTRY_TYPES",
    "MAJOR_RESPONSE_HOURS",
    "RESPONSE_HOURS",
    "InterpretationEntry",
    "InterpretationForm",
    "InterpretationQuestion",
    "ResponseEntry",
    "policies_without_interpretation",
    "ConsultationFeedbackEntry",
    "QuestionAnswerEntry",
    "DEFAULT_INDEX_PATTERN",
    "INDEX_PATTERN_FIELDS",
    "PORTAL_LEVELS",
    "applies_at",
    "CatalogArea",
    "CatalogItem",
    "CatalogOwnedMixin",
    "DisclosurePortal",
    "NoWorkflowMixin",
    "PortalContextMixin",
    "portal_of",
    "validate_index_pattern",
    "DEFAULT_SECRECY_YEARS",
    "UPDATE_RHYTHM_DAYS",
    "Audience",
    "CatalogMethod",
    "Classification",
    "Openness",
    "UpdateRhythm",
    "Validity",
    "Department",
    "EntryChange",
    "DisclosureEntry",
    "DisclosureEntryForm",
    "DisclosureEntryQuerySet",
    "EntryAttachment",
    "IndexNumberSequence",
    "plain_text_to_html",
    "public_entries",
    "EntryImport",
    "ImportMode",
    "ImportState",
    "import_storage",
    "import_upload_to",
    "ForcedPublication",
    "HeldAttachmentConfirmation",
    "PublicContactNumber",
    "ContentSafetyKind",
    "ContentSafetyTerm",
    "LeaderTitle",
    "FivePublicType",
    "Genre",
    "Topic",
    "Vocabulary",
]
