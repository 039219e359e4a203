"""Wagtail admin pieces every app's admin uses: views whose save goes through a
service, one-checkbox action forms, and model viewsets whose listings read a
queryset with the joins their columns need."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from wagtail.admin.views.generic import CreateView, EditView
from wagtail.admin.viewsets.model import ModelViewSet as WagtailModelViewSet

from accounts.ui import add_service_errors


class ThroughService:
    """A view whose save goes through a service (`save_instance`); the service's
    validation errors go back to the form."""

    def form_valid(self, form):
        try:
            with transaction.atomic():
                self.form = form
                self.object = self.save_instance()
        except ValidationError as error:
            add_service_errors(form, error)
            self.produced_error_message = self.get_error_message()
            return self.form_invalid(form)
        return self.save_action()


class ConfirmForm(forms.Form):
    """The form of an action view: one checkbox to confirm the action. It takes the
    arguments an edit view gives a model form."""

    def __init__(self, *args, instance=None, for_user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance = instance


class ModelViewSet(WagtailModelViewSet):
    """A model viewset whose listing (and its export) reads `listing_queryset`, with
    the joins and annotations its columns need."""

    def listing_queryset(self):
        return self.model._default_manager.all()

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(queryset=self.listing_queryset(), **kwargs)


class ServiceCreateView(ThroughService, CreateView):
    pass


class ActionEditView(ThroughService, EditView):
    """The edit view of a record that is never edited: one action on it instead."""

    def get_panel(self):
        return None
