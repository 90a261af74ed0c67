"""Signing in with a username and password, as Django does, and reading the signed-in user
with the membership in one query: every page asks for it (members.rules.current_member)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class MemberBackend(ModelBackend):
    def get_user(self, user_id):
        try:
            user = get_user_model()._default_manager.select_related("member").get(pk=user_id)
        except get_user_model().DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
