"""Every model with a history reads it through cell05.history's manager, whose class is built
once instead of at every read (each save reads it to write its history row)."""

from django.apps import apps

from cell05.history import HistoryManager


def models_with_history():
    return [model for model in apps.get_models() if hasattr(model._meta, "simple_history_manager_attribute")]


def test_every_model_with_a_history_reads_it_through_the_shared_manager():
    models = models_with_history()
    assert len(models) > 10
    for model in models:
        history = getattr(model, model._meta.simple_history_manager_attribute)
        assert isinstance(history, HistoryManager), model


def test_reading_a_history_twice_builds_its_manager_class_once():
    for model in models_with_history():
        name = model._meta.simple_history_manager_attribute
        assert type(getattr(model, name)) is type(getattr(model, name)), model
