"""Lets the baby's page (a safety template) offer "resume" without the safety app importing routines."""

from django import template

from routines import services

register = template.Library()


@register.simple_tag
def unfinished_session(baby):
    return services.active_session(baby)
