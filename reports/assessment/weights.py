"""The office sets the 考核 weights of its portal: the form (one whole number per indicator) and
the service that stores them. Department users read the weights, never change them."""

from django import forms
from django.core.exceptions import PermissionDenied

from ..dashboard import user_scope
from .rules import INDICATORS, weights_for

MAX_WEIGHT = 1000


class WeightsForm(forms.Form):
    """One field per indicator, named by its key; non-negative whole numbers, not all zero."""

    def __init__(self, data=None, portal=None, **kwargs):
        super().__init__(data, **kwargs)
        current = weights_for(portal)
        for indicator in INDICATORS:
            self.fields[indicator.key] = forms.IntegerField(
                label=indicator.name,
                min_value=0,
                max_value=MAX_WEIGHT,
                initial=current[indicator.key],
                widget=forms.NumberInput(attrs={"min": 0, "max": MAX_WEIGHT, "step": 1, "style": "width:6rem"}),
                error_messages={
                    "required": f"请填写“{indicator.name}”的权重（不计入的填 0）",
                    "invalid": f"“{indicator.name}”的权重须为整数",
                    "min_value": f"“{indicator.name}”的权重不能为负数",
                    "max_value": f"“{indicator.name}”的权重不能超过{MAX_WEIGHT}",
                },
            )

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not any(cleaned.get(i.key) for i in INDICATORS):
            raise forms.ValidationError("权重不能全部为 0：至少有一项指标的权重大于 0")
        return cleaned

    def weights(self):
        return {i.key: self.cleaned_data[i.key] for i in INDICATORS}


def can_set_weights(user, portal):
    """The disclosure office of ``portal`` (or a superuser); never a department user."""
    scope = user_scope(user)
    return scope.everything or portal.pk in scope.portal_ids


def set_weights(portal, weights, user):
    """Store the office's weights for ``portal`` (a dict checked by ``WeightsForm``)."""
    from ..models import AssessmentWeights

    if not can_set_weights(user, portal):
        raise PermissionDenied("只有政务公开办可以修改考核权重")
    form = WeightsForm({k: str(v) for k, v in weights.items()}, portal=portal)
    if not form.is_valid():
        raise forms.ValidationError([e for errors in form.errors.values() for e in errors])
    record, _ = AssessmentWeights.objects.update_or_create(
        portal=portal, defaults={"weights": form.weights(), "updated_by": user}
    )
    return record
