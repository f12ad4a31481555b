"""Template tags of the search app for other apps' pages (the home page's search box)."""

from django import template

from .. import hot_words

register = template.Library()


@register.simple_tag
def hot_word_list(limit=6):
    """The 热词 (search/hot_words.py), most searched first."""
    return [w for w, _ in hot_words.hot_words(limit=limit)]
