"""Search field for Wagtail's own (admin) search in Chinese; see ``search.wagtail_search``."""

from modelsearch import index

from . import analysis


def _bigrams(value):
    if not value:
        return value
    text = analysis.html_to_text(value) if "<" in str(value) else str(value)
    return " ".join(analysis.gram_tokens(text))


class ChineseText(index.SearchField):
    """Indexes the character bigrams of a text field (beside the field's raw text)."""

    def get_value(self, obj):
        return _bigrams(super().get_value(obj))


class ChineseAutocomplete(index.AutocompleteField):
    """The same bigrams for autocomplete, which the admin's page search uses."""

    def get_value(self, obj):
        return _bigrams(super().get_value(obj))
